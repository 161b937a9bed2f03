"""Length pack (L701, L702): parsing `duration`, the pace setting, documentation examples."""

from __future__ import annotations

import pytest

from speechlint._engine import Engine
from speechlint._pluginmanager import load_registry
from speechlint.document import Document
from speechlint.plugins.length import RULES
from speechlint.plugins.length.speech_duration import parse_minutes
from speechlint.settings import Settings
from speechlint.testing import lint_text

SPEECH = "---\nduration: 1\n---\n同志们：\n" + "今天，我们召开全市安全生产工作会议。" * 10 + "\n"


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        (25, 25.0),
        (12.5, 12.5),
        ("25", 25.0),
        ("25分钟", 25.0),
        ("25 分钟", 25.0),
        ("２５分钟", 25.0),
        ("25 min", 25.0),
        ("0.5小时", 30.0),
        ("1h", 60.0),
        ("半小时", None),
        ("二十五分钟", None),
        ("25分钟以内", None),
        (0, None),
        (-5, None),
        (True, None),
        (None, None),
        ([25], None),
        (float("nan"), None),
    ],
)
def test_parse_minutes(value: object, minutes: float | None) -> None:
    assert parse_minutes(value) == minutes


def test_pace_comes_from_the_chars_per_minute_setting() -> None:
    # 184 characters: over one minute at 150 a minute, within it at 220.
    document = Document("speech.md", SPEECH)
    engine = Engine(load_registry(entry_points=False))
    slow = engine.lint(document, Settings(select=("L701",), chars_per_minute=150))
    fast = engine.lint(document, Settings(select=("L701",), chars_per_minute=220))
    assert [d.code for d in slow.diagnostics] == ["L701"]
    assert "按每分钟 150 字计" in slow.diagnostics[0].message
    assert fast.diagnostics == []


@pytest.mark.parametrize("code", [rule.meta.code for rule in RULES])
def test_documentation_examples(code: str) -> None:
    meta = next(rule.meta for rule in RULES if rule.meta.code == code)
    assert meta.doc is not None
    assert lint_text(meta.doc.bad, select=[code])[1], f"{code}: bad example does not fire"
    assert not lint_text(meta.doc.good, select=[code])[1], f"{code}: good example fires"
