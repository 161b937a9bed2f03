"""Baselines: adopting speechlint on a repository that already has findings (DESIGN §7).

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` drops the findings it
records, so that only new ones are reported.  A finding is identified by its file, its code and
the text it covers -- never by its line or column, so that adding a paragraph above an old
finding does not bring it back.  Identical findings are counted: if the baseline holds two and
the file now has three, one is reported.

The file is readable, sorted, stable JSON (UTF-8, not escaped), so that it diffs well in review::

    {"version": 1, "findings": [
      {"path": "讲话/2023.md", "code": "W501", "text": "港移默化", "count": 1}, …]}

Paths are relative to the baseline file's directory (with ``/``), so the same baseline works
from any working directory.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speechlint._engine import LintResult
from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import Diagnostic, localize
from speechlint.errors import ConfigError, UsageError

__all__ = ["Baseline", "BaselineKey", "read_baseline", "write_baseline"]

VERSION = 1


class BaselineKey(NamedTuple):
    """What identifies a finding across edits: file, code and the offending text."""

    path: str
    code: str
    text: str


def _relative(path: str, base: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()


def _text(result: LintResult, diagnostic: Diagnostic) -> str:
    covered = result.document.text[diagnostic.range.start : diagnostic.range.end]
    # A file re-saved with other line endings still holds the same findings.
    return covered.replace("\r\n", "\n").replace("\r", "\n")


def _keys(result: LintResult, base: Path) -> Iterable[tuple[Diagnostic, BaselineKey]]:
    path = _relative(result.document.path, base)
    for diagnostic in result.diagnostics:
        yield diagnostic, BaselineKey(path, diagnostic.code, _text(result, diagnostic))


@dataclass
class Baseline:
    """Recorded findings, counted, with the directory their paths are relative to."""

    base: Path
    counts: Counter[BaselineKey]

    @classmethod
    def of(cls, results: Iterable[LintResult], base: Path) -> Baseline:
        """The baseline recording every finding of ``results``."""
        counts: Counter[BaselineKey] = Counter()
        for result in results:
            counts.update(key for _, key in _keys(result, base))
        return cls(base, counts)

    def filter(self, results: Iterable[LintResult]) -> tuple[list[LintResult], int]:
        """``results`` without recorded findings, and how many recorded ones did not occur."""
        left = Counter(self.counts)
        kept: list[LintResult] = []
        for result in results:
            new = []
            for diagnostic, key in _keys(result, self.base):
                if left[key] > 0:
                    left[key] -= 1
                else:
                    new.append(diagnostic)
            kept.append(
                result
                if len(new) == len(result.diagnostics)
                else LintResult(result.document, new, result.parsed, result.outline)
            )
        return kept, sum(left.values())

    def to_json(self) -> dict[str, Any]:
        """The file's content: findings sorted by path, code and text."""
        findings = [
            {"path": key.path, "code": key.code, "text": key.text, "count": count}
            for key, count in sorted(self.counts.items())
        ]
        return {"version": VERSION, "findings": findings}


def write_baseline(path: str, baseline: Baseline, lang: str) -> None:
    """Write ``baseline`` to ``path`` atomically; raises :class:`UsageError` naming the file."""
    target = Path(path)
    text = json.dumps(baseline.to_json(), ensure_ascii=False, indent=2) + "\n"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as exc:
        problem = exc.strerror or str(exc)
        raise UsageError(
            localize(
                {"zh": f"{path}：无法写入基线（{problem}）",
                 "en": f"{path}: cannot write the baseline ({problem})"},
                lang,
            )
        ) from None  # fmt: skip


def _invalid(path: str, where: str, zh: str, en: str) -> ConfigError:
    return ConfigError(f"{path}: {where}{zh} / {where}{en}")


def _finding(path: str, index: int, item: Any) -> tuple[BaselineKey, int]:
    where = f"findings[{index}]: "
    if not isinstance(item, dict):
        raise _invalid(path, where, "应为对象", "expected an object")
    for name in ("path", "code", "text"):
        if not isinstance(item.get(name), str):
            raise _invalid(path, where, f"{name} 应为字符串", f"{name} must be a string")
    count = item.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise _invalid(path, where, "count 应为正整数", "count must be a positive integer")
    return BaselineKey(item["path"], item["code"], item["text"]), count


def read_baseline(path: str, lang: str) -> Baseline:
    """Read a baseline file; a missing or malformed file is an error naming it (exit 2)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        problem = exc.strerror or str(exc)
        raise UsageError(
            localize(
                {"zh": f"{path}：无法读取基线文件（{problem}）",
                 "en": f"{path}: cannot read the baseline file ({problem})"},
                lang,
            )
        ) from None  # fmt: skip
    except ValueError as exc:
        raise _invalid(path, "", f"不是合法的 JSON（{exc}）", f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise _invalid(path, "", "应为含 findings 列表的对象",
                       "expected an object with a findings list")  # fmt: skip
    counts: Counter[BaselineKey] = Counter()
    for index, item in enumerate(data["findings"]):
        key, count = _finding(path, index, item)
        counts[key] += count
    return Baseline(Path(os.path.dirname(os.path.abspath(path))), counts)
