"""Run the organisation's rule cases with speechlint's own harness (speechlint.testing).

Install the plugin first (``pip install -e .``): the harness loads every installed plugin
through the ``speechlint`` entry points, exactly as ``speechlint check`` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from speechlint.testing import Case, case_params, check_case, load_cases

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(case: Case) -> None:
    check_case(case)


def test_every_rule_has_cases() -> None:
    import speechlint_example_org

    cases = [case for path in sorted(CASES.glob("*.yaml")) for case in load_cases(path)]
    for rule in speechlint_example_org.RULES:
        mine = [case for case in cases if case.rule == rule.meta.code]
        assert any(case.passes for case in mine), f"{rule.meta.code}: no passing case"
        assert any(not case.passes for case in mine), f"{rule.meta.code}: no failing case"
        if rule.meta.fix != "none":
            assert any(case.fix is not None for case in mine), f"{rule.meta.code}: no fix case"
