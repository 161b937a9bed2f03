"""An organisation's regular expressions cannot hang a run.

W505 patterns and the ``before`` / ``after`` constraints of dictionary entries run with a time
limit (the ``regex`` package).  A pattern that exceeds it is a configuration error -- exit 2, the
dictionary file, the line and the pattern named -- found in a fraction of a second where Python's
``re`` would backtrack for longer than anyone waits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from speechlint._cli import main
from speechlint._engine import Engine
from speechlint._pluginmanager import load_registry
from speechlint.document import Document
from speechlint.errors import ConfigError
from speechlint.plugins.wording.dictionary import parse_dictionary
from speechlint.settings import Settings

# Nested quantifiers: exponential backtracking on a run of "a" that does not end the line.
CATASTROPHIC = "(a+)+$"
LONG_LINE = "同志们：\n" + "a" * 5000 + "b\n"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_registry(entry_points=False))


def _dictionary(
    tmp_path: Path, row: str, header: str = "kind\twrong\tsource\texample\tmessage"
) -> Path:
    path = tmp_path / "org.tsv"
    path.write_text(f"# an organisation's patterns\n{header}\n{row}\n", encoding="utf-8")
    return path


def test_a_catastrophic_pattern_is_a_configuration_error(engine: Engine, tmp_path: Path) -> None:
    path = _dictionary(tmp_path, f"pattern\t{CATASTROPHIC}\t本单位\taaa\t不要连写 a")
    settings = Settings(select=("W505",), dictionaries=(path,))
    with pytest.raises(ConfigError) as caught:
        engine.lint(Document("speech.md", LONG_LINE), settings)
    message = str(caught.value)
    assert f"{path}:3" in message  # the file and the line of the entry
    assert repr(CATASTROPHIC) in message
    assert "秒" in message and "catastrophic backtracking" in message


def test_the_command_line_exits_2_naming_the_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _dictionary(tmp_path, f"pattern\t{CATASTROPHIC}\t本单位\taaa\t不要连写 a")
    (tmp_path / "speechlint.toml").write_text('dictionaries = ["org.tsv"]\n', encoding="utf-8")
    (tmp_path / "speech.txt").write_text(LONG_LINE, encoding="utf-8")
    status = main(["check", "--no-cache", "speech.txt"])
    _out, err = capsys.readouterr()
    assert status == 2
    assert "org.tsv:3" in err and CATASTROPHIC in err
    assert "Traceback" not in err


def test_a_pattern_from_the_options_is_named_by_its_option(engine: Engine) -> None:
    options = {"patterns": [{"pattern": CATASTROPHIC, "message": "不要连写 a"}]}
    settings = Settings(select=("W505",), rules={"W505": options})
    with pytest.raises(ConfigError, match=r"\[rules\.W505\] patterns\[0\].*\(a\+\)\+\$"):
        engine.lint(Document("speech.md", LONG_LINE), settings)


def test_the_budget_is_configurable(engine: Engine) -> None:
    # A generous budget lets a slow pattern finish on a short line (and report it).
    options = {"patterns": [{"pattern": CATASTROPHIC, "message": "不要连写 a"}], "timeout": 5.0}
    settings = Settings(select=("W505",), rules={"W505": options})
    found = engine.lint(Document("speech.md", "同志们：\naaaaaaaaaa\n"), settings).diagnostics
    assert [d.code for d in found] == ["W505"]


def test_an_ordinary_pattern_on_a_long_document_stays_within_its_budget(engine: Engine) -> None:
    options = {"patterns": [{"pattern": "本单位(?!同志)", "message": "写作我局"}]}
    settings = Settings(select=("W505",), rules={"W505": options})
    text = "同志们：\n" + "本单位今年完成了各项任务。\n" * 5_000
    found = engine.lint(Document("speech.md", text), settings).diagnostics
    assert len(found) == 5_000


@pytest.mark.parametrize(
    ("column", "constraint", "example", "text"),
    [
        ("after", "(?=(a+)+$)", "港移默化aaa", "港移默化" + "a" * 5000 + "b"),
        # The look-behind window is 32 characters; (a|aa)+ explodes on fewer.
        ("before", "(a|aa)+c", "aac港移默化", "a" * 40 + "港移默化"),
    ],
)
def test_a_catastrophic_constraint_is_a_configuration_error(
    engine: Engine, tmp_path: Path, column: str, constraint: str, example: str, text: str
) -> None:
    # A constraint runs at every hit of its entry; it is bounded just the same.
    header = f"kind\twrong\tright\tsource\texample\t{column}"
    row = f"confusion\t港移默化\t潜移默化\t本单位\t{example}\t{constraint}"
    path = _dictionary(tmp_path, row, header)
    settings = Settings(select=("W501",), dictionaries=(path,))
    with pytest.raises(ConfigError, match=rf"org\.tsv:3.*column '{column}'"):
        engine.lint(Document("speech.md", f"同志们：\n{text}\n"), settings)


def test_a_pattern_that_hangs_on_its_own_example_fails_at_load() -> None:
    row = f"pattern\t{CATASTROPHIC}\t本单位\t{'a' * 5000}b\t不要连写 a"
    with pytest.raises(ConfigError, match=r"org\.tsv:2.*\(a\+\)\+\$"):
        parse_dictionary(f"kind\twrong\tsource\texample\tmessage\n{row}\n", "org.tsv")


def test_invalid_patterns_are_still_reported_with_their_position() -> None:
    row = "pattern\t本单位(\t本单位\t本单位\t写作我局"
    with pytest.raises(ConfigError, match=r"org\.tsv:2: column 'wrong' is not a valid regular"):
        parse_dictionary(f"kind\twrong\tsource\texample\tmessage\n{row}\n", "org.tsv")
