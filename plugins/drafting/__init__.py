"""Built-in rule pack: drafting (rules to come)."""
