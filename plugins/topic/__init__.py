"""Built-in rule pack: topic (rules to come)."""
