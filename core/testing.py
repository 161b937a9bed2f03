"""A rule-case harness: YAML cases (pass / fail / fix) that organisations' plugins use too.

A case file names a rule and lists cases::

    rule: P401
    cases:
      - name: 中文里的半角逗号
        text: "会议,主要任务是部署工作。"
        fail:
          - {line: 1, column: 3}             # code defaults to the file's rule
        fix: "会议，主要任务是部署工作。"      # the text after applying this rule's fixes
      - name: 英文之间的逗号不算
        text: "Hello, world"
        pass: true

Optional per case: ``options`` (the rule's options), ``form``, ``select`` (codes to run;
default: only the rule's code), ``unsafe`` (apply unsafe fixes too; default true), and on a
failure ``code``, ``end_line``, ``end_column``, ``message`` (a substring).  Only the selected
codes are reported, so a case checks one rule in isolation.

In a test module::

    from speechlint.testing import case_params, check_case

    @pytest.mark.parametrize("case", case_params("tests/plugins/punctuation/cases"))
    def test_case(case):
        check_case(case)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from speechlint._engine import Engine
from speechlint._fixes import apply_pass
from speechlint._pluginmanager import Registry, load_registry
from speechlint.diagnostics import Diagnostic
from speechlint.document import Document
from speechlint.settings import Settings

__all__ = ["Case", "apply_fixes", "case_params", "check_case", "lint_text", "load_cases"]

_MAX_FIX_PASSES = 10


@dataclass(frozen=True)
class Case:
    """One rule case from a YAML file."""

    rule: str
    name: str
    text: str
    source: str
    passes: bool = False
    failures: tuple[Mapping[str, Any], ...] = ()
    fix: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    form: str | None = None
    select: tuple[str, ...] = ()
    unsafe: bool = True

    @property
    def id(self) -> str:
        """A readable test id: ``P401-中文里的半角逗号``."""
        return f"{self.rule}-{self.name}"


def load_cases(path: str | Path) -> list[Case]:
    """Read the cases of one YAML file; raises ``ValueError`` naming the file on bad content."""
    import yaml

    source = Path(path)
    data = yaml.safe_load(source.read_text("utf-8"))
    if not isinstance(data, dict) or "rule" not in data or "cases" not in data:
        raise ValueError(f"{source}: a case file needs 'rule' and 'cases'")
    rule = str(data["rule"])
    return [_case(rule, entry, source, index) for index, entry in enumerate(data["cases"])]


def _case(rule: str, entry: Mapping[str, Any], source: Path, index: int) -> Case:
    if "text" not in entry:
        raise ValueError(f"{source}: case {index} has no 'text'")
    kinds = [key for key in ("pass", "fail") if key in entry]
    if len(kinds) != 1:
        raise ValueError(f"{source}: case {index} needs exactly one of 'pass' or 'fail'")
    failures = tuple(entry.get("fail") or ())
    if "fail" in entry and not failures:
        raise ValueError(f"{source}: case {index}: 'fail' must list at least one finding")
    return Case(
        rule=rule,
        name=str(entry.get("name", index)),
        text=str(entry["text"]),
        source=str(source),
        passes=bool(entry.get("pass", False)),
        failures=failures,
        fix=entry.get("fix"),
        options=entry.get("options") or {},
        form=entry.get("form"),
        select=tuple(entry.get("select") or ()),
        unsafe=bool(entry.get("unsafe", True)),
    )


def case_params(*directories: str | Path) -> list[Any]:
    """Every case under ``directories`` as ``pytest.param`` objects with readable ids."""
    import pytest

    params: list[Any] = []
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.yaml")):
            params.extend(pytest.param(case, id=case.id) for case in load_cases(path))
    return params


@lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return load_registry()


def lint_text(
    text: str,
    *,
    select: Sequence[str],
    options: Mapping[str, Any] | None = None,
    form: str | None = None,
    registry: Registry | None = None,
    path: str = "case.md",
) -> tuple[Document, list[Diagnostic]]:
    """Lint ``text`` with only ``select`` enabled; ``options`` apply to every selected code."""
    rules = {code: dict(options or {}) for code in select}
    settings = Settings(form=form, select=tuple(select), rules=rules)
    document = Document(path, text)
    result = Engine(registry or _default_registry()).lint(document, settings)
    return document, result.diagnostics


def apply_fixes(
    text: str,
    *,
    select: Sequence[str],
    unsafe: bool = True,
    options: Mapping[str, Any] | None = None,
    form: str | None = None,
    registry: Registry | None = None,
) -> str:
    """Apply the selected rules' fixes until nothing fixable is left (bounded)."""
    for _ in range(_MAX_FIX_PASSES):
        _document, diagnostics = lint_text(
            text, select=select, options=options, form=form, registry=registry
        )
        fixed = apply_pass(text, diagnostics, unsafe=unsafe)
        if not fixed.applied:
            return text
        text = fixed.text
    raise AssertionError(f"fixes did not converge after {_MAX_FIX_PASSES} passes")


def check_case(case: Case, registry: Registry | None = None) -> None:
    """Run one case; raise ``AssertionError`` describing any difference."""
    select = case.select or (case.rule,)
    document, diagnostics = lint_text(
        case.text, select=select, options=case.options, form=case.form, registry=registry
    )
    found = [_summary(d, document) for d in diagnostics]
    where = f"{case.source}: {case.id}"
    if case.passes:
        assert not found, f"{where}: expected no finding, got {found}"
    else:
        expected = [dict(failure) for failure in case.failures]
        _compare(where, expected, found, case.rule)
    if case.fix is not None:
        fixed = apply_fixes(
            case.text,
            select=select,
            unsafe=case.unsafe,
            options=case.options,
            form=case.form,
            registry=registry,
        )
        assert fixed == case.fix, f"{where}: fix gave {fixed!r}, expected {case.fix!r}"


def _summary(diagnostic: Diagnostic, document: Document) -> dict[str, Any]:
    data = diagnostic.to_json(document)
    return {
        key: data[key] for key in ("code", "line", "column", "end_line", "end_column", "message")
    }


def _compare(
    where: str, expected: list[dict[str, Any]], found: list[dict[str, Any]], rule: str
) -> None:
    assert len(found) == len(expected), (
        f"{where}: expected {len(expected)} finding(s) {expected}, got {len(found)}: {found}"
    )
    for want, got in zip(expected, found, strict=True):
        want.setdefault("code", rule)
        for key, value in want.items():
            if key == "message":
                assert str(value) in got["message"], f"{where}: message {got['message']!r}"
            else:
                assert got[key] == value, f"{where}: {key} is {got[key]!r}, expected {value!r}"
