"""Built-in rule pack: numbering (rules to come)."""
