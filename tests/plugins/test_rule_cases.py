"""Every YAML rule case under tests/plugins/*/cases, and the meta-test that each rule has them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from speechlint._pluginmanager import load_registry
from speechlint.testing import Case, case_params, check_case, load_cases

CASES = Path(__file__).parent
# Codes the engine reports about the run itself: they cannot be produced from text alone.
ENGINE_ONLY = {"E901", "E902"}


@pytest.mark.parametrize("case", case_params(*sorted(CASES.glob("*/cases"))))
def test_rule_case(case: Case) -> None:
    check_case(case)


def _cases_by_rule() -> dict[str, list[Case]]:
    found: dict[str, list[Case]] = defaultdict(list)
    for path in sorted(CASES.glob("*/cases/*.yaml")):
        for case in load_cases(path):
            found[case.rule].append(case)
    return found


def test_every_rule_has_documentation_and_cases() -> None:
    registry = load_registry(entry_points=False)
    cases = _cases_by_rule()
    problems = []
    for code, meta in sorted(registry.metas.items()):
        if meta.doc is None:
            problems.append(f"{code}: no documentation (RuleMeta.doc)")
        if code in ENGINE_ONLY:
            continue
        mine = cases.get(code, [])
        if not any(case.passes for case in mine):
            problems.append(f"{code}: no passing case")
        if not any(not case.passes for case in mine):
            problems.append(f"{code}: no failing case")
        if meta.fix != "none" and not any(case.fix is not None for case in mine):
            problems.append(f"{code}: fixable but no fix case")
    assert not problems, "\n".join(problems)


def test_rule_names_are_kebab_case_and_codes_well_formed() -> None:
    import re

    registry = load_registry(entry_points=False)
    for code, meta in registry.metas.items():
        assert re.fullmatch(r"[A-Z]\d{3}", code), code
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", meta.name), meta.name
