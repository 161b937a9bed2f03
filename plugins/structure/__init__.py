"""Built-in rule pack: structure (rules to come)."""
