"""Built-in rule pack: length (rules to come)."""
