"""Data files of speechlint (lexicons); a package so that setuptools ships it as one."""
