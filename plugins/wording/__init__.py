"""Built-in rule pack: wording (rules to come)."""
