"""S109–S112 (structure extras) through the rule-case harness; and for every numbering,
topic-sentence and structure-extra rule: the documented bad/good examples, the case files, and
silence on the clean example speeches in docs/examples.

The structure pack registers S109–S112; until it does, this module registers them through a
test-only plugin so that their YAML cases run here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from speechlint import hookimpl
from speechlint._pluginmanager import Registry, load_registry
from speechlint.plugins.structure import (
    announced_count,
    misplaced_element,
    salutation_punctuation,
    title_punctuation,
)
from speechlint.rules import Rule
from speechlint.testing import Case, check_case, lint_text, load_cases

EXTRAS = [
    misplaced_element.RULE,
    salutation_punctuation.RULE,
    title_punctuation.RULE,
    announced_count.RULE,
]
CASES = Path(__file__).parents[1] / "structure" / "cases"
EXAMPLES = sorted(
    path
    for path in (Path(__file__).parents[3] / "docs" / "examples").iterdir()
    if path.suffix in (".md", ".txt") and path.is_file()
)
MINE = ("N201", "N202", "N203", "N204", "N205", "T301", "T302", "S109", "S110", "S111", "S112")


class _Extras:
    """A test-only plugin contributing S109–S112 while the structure pack does not."""

    __name__ = "structure-extras-under-test"

    @hookimpl
    def speechlint_rules(self) -> list[Rule]:
        return EXTRAS


def _registry() -> Registry:
    registry = load_registry(entry_points=False)
    if all(rule.meta.code in registry.metas for rule in EXTRAS):
        return registry
    return load_registry(entry_points=False, extra=[_Extras()])


REGISTRY = _registry()


def _extra_cases() -> list[Any]:
    params = []
    for rule in EXTRAS:
        for case in load_cases(CASES / f"{rule.meta.code}.yaml"):
            params.append(pytest.param(case, id=case.id))
    return params


@pytest.mark.parametrize("case", _extra_cases())
def test_structure_extra_case(case: Case) -> None:
    check_case(case, registry=REGISTRY)


@pytest.mark.parametrize("code", MINE)
def test_documented_examples(code: str) -> None:
    meta = REGISTRY.metas[code]
    assert meta.doc is not None
    _, bad = lint_text(meta.doc.bad, select=[code], registry=REGISTRY)
    _, good = lint_text(meta.doc.good, select=[code], registry=REGISTRY)
    assert bad, f"{code}: the documented bad example reports nothing"
    assert not good, f"{code}: the documented good example reports {good}"


@pytest.mark.parametrize("code", MINE)
def test_every_case_file_has_pass_fail_and_fix(code: str) -> None:
    pack = {"N": "numbering", "T": "topic", "S": "structure"}[code[0]]
    cases = load_cases(Path(__file__).parents[1] / pack / "cases" / f"{code}.yaml")
    assert any(case.passes for case in cases)
    assert any(not case.passes for case in cases)
    if REGISTRY.metas[code].fix != "none":
        assert any(case.fix is not None for case in cases)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_clean_examples_report_nothing(path: Path) -> None:
    _, found = lint_text(path.read_text("utf-8"), select=MINE, registry=REGISTRY, path=path.name)
    assert not found, [(d.code, d.message) for d in found]
