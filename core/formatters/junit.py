"""The ``junit`` format: a JUnit XML report for CI test-report views (GitLab, Jenkins).

One ``<testsuite>`` for the run and one ``<testcase>`` per checked file (``name`` and
``classname`` are the path).  A file with findings has one ``<failure>`` holding all of them,
one ``path:line:col: CODE message`` line each: GitLab and Jenkins show only the first failure
of a test case, so one per finding would hide the rest.  A clean file is a passing test case,
so the report also shows what was checked.  Nothing depends on time or order of completion:
the same findings give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from speechlint.diagnostics import localize

if TYPE_CHECKING:
    from speechlint._engine import LintResult
    from speechlint.formatters import Statistic

__all__ = ["FORMATTER", "JunitFormatter", "xml_text"]

# Characters XML 1.0 cannot hold at all (not even escaped); a quoted control character in a
# manuscript must not make the whole report unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _problems(count: int, lang: str) -> str:
    return localize({"zh": f"{count} 个问题", "en": f"{count} problem(s)"}, lang)


class JunitFormatter:
    """Collects one test case per file and writes the document at the end."""

    def __init__(self, stream: TextIO, *, lang: str = "zh", color: bool = False) -> None:
        self.stream = stream
        self.lang = lang
        self.cases: list[ET.Element] = []
        self.failures = 0

    def file(self, result: LintResult, *, lang: str) -> None:
        """Add the test case of one file."""
        path = xml_text(result.document.path)
        case = ET.Element("testcase", name=path, classname=path, file=path)
        if result.diagnostics:
            lines = []
            for diagnostic in result.diagnostics:
                start = result.document.position(diagnostic.range.start)
                where = f"{path}:{start.line + 1}:{start.column + 1}"
                lines.append(f"{where}: {diagnostic.code} {diagnostic.message}")
            codes = ", ".join(sorted({d.code for d in result.diagnostics}))
            message = f"{_problems(len(result.diagnostics), lang)}: {codes}"
            failure = ET.SubElement(case, "failure", message=xml_text(message), type="speechlint")
            failure.text = xml_text("\n".join(lines))
            self.failures += 1
        self.cases.append(case)

    def finish(self, files: int) -> None:
        """Write the XML document."""
        self._write(self.cases, self.failures)

    def write_statistics(self, rows: list[Statistic]) -> None:
        """One failing test case per code, its count as the message (``--statistics``)."""
        cases = []
        for row in rows:
            case = ET.Element("testcase", name=row.code, classname=row.name)
            ET.SubElement(case, "failure", message=str(row.count), type="speechlint")
            cases.append(case)
        self._write(cases, len(cases))

    def _write(self, cases: list[ET.Element], failures: int) -> None:
        counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0"}
        root = ET.Element("testsuites", {"name": "speechlint", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": "speechlint", **counts, "skipped": "0"})
        suite.extend(cases)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode") + "\n")


FORMATTER = JunitFormatter
