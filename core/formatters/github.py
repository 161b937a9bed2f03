"""The ``github`` format: GitHub Actions workflow commands, one annotation per finding.

    ::error file=a.md,line=2,col=8,endLine=2,endColumn=12,title=W501::“港移默化”应为“潜移默化”

GitHub shows each one on the changed file in a pull request.  ``error`` and ``warning`` keep
their name, ``info`` becomes ``notice``.  Lines and columns are 1-based and count code points,
as everywhere in speechlint.  Values are escaped as the workflow-command parser expects: ``%``,
CR and LF in the message, and also ``:`` and ``,`` in the properties.  Paths are relative to
the working directory, which in a workflow is the repository checkout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from speechlint._engine import LintResult
    from speechlint.formatters import Statistic

__all__ = ["FORMATTER", "GithubFormatter", "escape_data", "escape_property"]

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape the message of a workflow command (after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value of a workflow command (``file=…``, ``title=…``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter:
    """Writes one workflow command per finding as files arrive."""

    def __init__(self, stream: TextIO, *, lang: str = "zh", color: bool = False) -> None:
        self.stream = stream
        self.lang = lang

    def file(self, result: LintResult, *, lang: str) -> None:
        """Write the annotations of one file."""
        document = result.document
        for diagnostic in result.diagnostics:
            start = document.position(diagnostic.range.start)
            end = document.position(diagnostic.range.end)
            properties = {
                "file": diagnostic.path,
                "line": start.line + 1,
                "col": start.column + 1,
                "endLine": end.line + 1,
                "endColumn": end.column + 1,
                "title": diagnostic.code,
            }
            joined = ",".join(f"{key}={escape_property(str(v))}" for key, v in properties.items())
            level = LEVELS[diagnostic.severity]
            self.stream.write(f"::{level} {joined}::{escape_data(diagnostic.message)}\n")

    def finish(self, files: int) -> None:
        """Nothing to add: a workflow log needs no summary line."""

    def write_statistics(self, rows: list[Statistic]) -> None:
        """One ``notice`` per code with its count (``--statistics``)."""
        for row in rows:
            message = escape_data(f"{row.count} × {row.name}")
            self.stream.write(f"::notice title={escape_property(row.code)}::{message}\n")


FORMATTER = GithubFormatter
