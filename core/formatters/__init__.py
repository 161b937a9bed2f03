"""Output formats for diagnostics (text, json; sarif, github, junit to come)."""
