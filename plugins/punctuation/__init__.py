"""Built-in rule pack: punctuation (rules to come)."""
