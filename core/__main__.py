"""``python -m speechlint`` runs the command line."""

from speechlint._cli import run

run()
