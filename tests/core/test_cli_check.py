"""``speechlint check``: discovery, options, exit codes and error handling, end to end.

The rules here come from small test plugins (a phrase rule, a crashing rule) registered next to
the engine's own codes, so the tests do not depend on what the built-in packs report.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from speechlint import hookimpl
from speechlint._cli import main
from speechlint._pluginmanager import Registry, load_registry
from speechlint.errors import PluginLoadError
from speechlint.rules import Rule, RuleContext, RuleMeta, Violation, replace

PHRASE = "港移默化"
SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶。\n"
CLEAN = "同志们：\n要使党员干部在潜移默化中受熏陶。\n"


def _phrase(ctx: RuleContext) -> Iterator[Violation]:
    start = ctx.text.find(PHRASE)
    while start != -1:
        message = {"zh": "把“港移默化”改为“潜移默化”", "en": "write 潜移默化, not 港移默化"}
        fix = replace(start, start + 4, "潜移默化", {"zh": "改为潜移默化", "en": "use 潜移默化"})
        yield Violation(start, start + len(PHRASE), message, fix)
        start = ctx.text.find(PHRASE, start + 1)


def _crash(ctx: RuleContext) -> Iterator[Violation]:
    raise RuntimeError("kaboom")


def _form(ctx: RuleContext) -> Iterator[Violation]:
    yield Violation(0, 0, f"form={ctx.form}")


PHRASE_META = RuleMeta("TST101", "test-phrase", {"zh": "测试短语", "en": "test phrase"}, fix="safe")


class PhrasePlugin:
    """Flags 港移默化 (TST101, warning)."""

    @staticmethod
    @hookimpl
    def speechlint_rules() -> list[Rule]:
        return [Rule(PHRASE_META, _phrase)]


class CrashPlugin:
    """A rule that always raises (TST102)."""

    @staticmethod
    @hookimpl
    def speechlint_rules() -> list[Rule]:
        return [Rule(RuleMeta("TST102", "test-crash", "crash", severity="error"), _crash)]


class FormPlugin:
    """Reports the form in force (TST103, info)."""

    @staticmethod
    @hookimpl
    def speechlint_rules() -> list[Rule]:
        return [Rule(RuleMeta("TST103", "test-form", "form", severity="info"), _form)]


class MisspelledPlugin:
    """A plugin whose hook name is misspelled: loading it must fail."""

    @staticmethod
    @hookimpl
    def speechlint_rulez() -> list[Rule]:
        return []


def _registry(*plugins: object) -> Registry:
    return load_registry(entry_points=False, builtin=["speechlint.plugins.core"], extra=plugins)


@pytest.fixture
def registry() -> Registry:
    return _registry(PhrasePlugin)


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty directory, without colour-forcing variables from the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "SPEECHLINT_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def _write(path: str, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def _run(
    capsys: pytest.CaptureFixture[str], registry: Registry, *argv: str
) -> tuple[int, str, str]:
    status = main(["check", *argv], registry=registry)
    out, err = capsys.readouterr()
    return status, out, err


# -- text output and exit codes ------------------------------------------------------------


def test_text_output_has_header_frame_and_summary(capsys, registry):
    _write("a.md", SPEECH)
    status, out, err = _run(capsys, registry, "a.md")
    assert status == 1
    assert err == ""
    assert out == (
        "a.md:2:8: TST101 把“港移默化”改为“潜移默化”\n"
        "   2 | 要使党员干部在港移默化中受熏陶。\n"
        "     |               ^^^^^^^^\n"
        "\n"
        "共发现 1 个问题（错误 0，警告 1，提示 0），涉及 1 个文件\n"
    )


def test_clean_file_passes(capsys, registry):
    _write("a.md", CLEAN)
    assert _run(capsys, registry, "a.md") == (0, "未发现问题\n", "")
    assert _run(capsys, registry, "a.md", "--lang", "en") == (0, "All checks passed\n", "")


def test_lang_en_gives_english_messages_and_summary(capsys, registry):
    _write("a.md", SPEECH)
    status, out, _ = _run(capsys, registry, "a.md", "--lang", "en")
    assert status == 1
    assert out.startswith("a.md:2:8: TST101 write 潜移默化, not 港移默化\n")
    assert out.endswith("Found 1 problem (0 errors, 1 warning, 0 info) in 1 file\n")


def test_lang_from_configuration(capsys, registry):
    _write("speechlint.toml", 'lang = "en"\n')
    _write("a.md", SPEECH)
    _, out, _ = _run(capsys, registry, "a.md")
    assert "write 潜移默化" in out
    assert "Found 1 problem" in out


def test_exit_zero_and_fail_level(capsys, registry):
    _write("a.md", SPEECH)
    assert _run(capsys, registry, "a.md", "--exit-zero")[0] == 0
    assert _run(capsys, registry, "a.md", "--fail-level", "error")[0] == 0
    assert _run(capsys, registry, "a.md", "--fail-level", "info")[0] == 1


def test_info_findings_do_not_fail_by_default(capsys):
    _write("a.md", CLEAN)
    registry = _registry(FormPlugin)
    status, out, _ = _run(capsys, registry, "a.md")
    assert status == 0
    assert "TST103" in out
    assert _run(capsys, registry, "a.md", "--fail-level", "info")[0] == 1


# -- paths -----------------------------------------------------------------------------------


def test_directories_are_searched_recursively_by_extension(capsys, registry):
    for name in ("b.md", "a/c.markdown", "a/d.TXT", "a/deep/e.txt", "skip.py", ".hidden/f.md"):
        _write(name, SPEECH)
    _write("node_modules/g.md", SPEECH)
    _, out, _ = _run(capsys, registry, ".", "--statistics", "--format", "json")
    assert json.loads(out) == [{"code": "TST101", "name": "test-phrase", "count": 4}]
    _, out, _ = _run(capsys, registry, ".")
    headers = [line.split(":")[0] for line in out.splitlines() if "TST101" in line]
    assert headers == ["a/c.markdown", "a/d.TXT", "a/deep/e.txt", "b.md"]


def test_no_path_means_current_directory(capsys, registry):
    _write("x/a.md", SPEECH)
    status, out, _ = _run(capsys, registry)
    assert status == 1
    assert out.startswith("x/a.md:2:8:")


def test_explicit_file_is_checked_whatever_its_extension(capsys, registry):
    _write("notes.rst", SPEECH)
    assert _run(capsys, registry, "notes.rst")[1].startswith("notes.rst:2:8: TST101")


def test_same_file_twice_is_reported_once(capsys, registry):
    _write("a.md", SPEECH)
    _, out, _ = _run(capsys, registry, "a.md", "./a.md", ".", str(Path("a.md").resolve()))
    assert out.count("TST101") == 1


def test_missing_path_exits_2_naming_it(capsys, registry):
    _write("a.md", SPEECH)
    status, out, err = _run(capsys, registry, "a.md", "nope/missing.md")
    assert status == 2
    assert out == ""
    assert err == "speechlint: error: nope/missing.md：文件或目录不存在\n"
    _, _, err = _run(capsys, registry, "missing.md", "--lang", "en")
    assert err == "speechlint: error: missing.md: no such file or directory\n"


def test_empty_directory_warns_and_passes(capsys, registry):
    Path("empty").mkdir()
    status, out, err = _run(capsys, registry, "empty")
    assert (status, out) == (0, "")
    assert "没有可检查的文件" in err


def test_undecodable_file_is_e901_and_the_run_goes_on(capsys, registry):
    Path("bad.txt").write_bytes(b"\x00\x01binary\xff")
    _write("good.md", SPEECH)
    status, out, _ = _run(capsys, registry, ".", "--format", "json")
    found = json.loads(out)
    assert status == 1
    assert [(item["path"], item["code"]) for item in found] == [
        ("bad.txt", "E901"),
        ("good.md", "TST101"),
    ]


def test_e901_has_no_code_frame(capsys, registry):
    Path("bad.txt").write_bytes(b"\x00")
    _, out, _ = _run(capsys, registry, "bad.txt")
    assert out.splitlines()[0].startswith("bad.txt:1:1: E901 ")
    assert out.splitlines()[1] == ""


# -- standard input ---------------------------------------------------------------------------


def test_stdin_reports_under_stdin_filename(capsys, registry, monkeypatch):
    _stdin(monkeypatch, SPEECH)
    status, out, _ = _run(capsys, registry, "-", "--stdin-filename", "docs/讲话.md")
    assert status == 1
    assert out.startswith("docs/讲话.md:2:8: TST101 ")


def test_stdin_filename_alone_reads_stdin(capsys, registry, monkeypatch):
    _stdin(monkeypatch, SPEECH)
    _, out, _ = _run(capsys, registry, "--stdin-filename", "x.md", "--format", "json")
    assert [item["path"] for item in json.loads(out)] == ["x.md"]


def test_stdin_without_name_is_dash(capsys, registry, monkeypatch):
    _stdin(monkeypatch, SPEECH)
    assert _run(capsys, registry, "-")[1].startswith("-:2:8: TST101 ")


def test_stdin_uses_the_configuration_of_its_filename(capsys, registry, monkeypatch):
    _write("sub/speechlint.toml", 'ignore = ["TST101"]\n')
    _stdin(monkeypatch, SPEECH)
    assert _run(capsys, registry, "-", "--stdin-filename", "sub/a.md")[0] == 0
    _stdin(monkeypatch, SPEECH)
    assert _run(capsys, registry, "-", "--stdin-filename", "a.md")[0] == 1


# -- selection and overrides ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "found"),
    [
        ((), True),
        (("--ignore", "TST"), False),
        (("--ignore", "tst101"), False),
        (("--ignore", "test-phrase"), False),
        (("--select", "E"), False),
        (("--select", "E,TST1"), True),
        (("--select", "E", "--extend-select", "TST101"), True),
        (("--select", "E", "--select", "TST"), True),
    ],
)
def test_selection_by_code_prefix_or_name(capsys, registry, options, found):
    _write("a.md", SPEECH)
    status, out, _ = _run(capsys, registry, "a.md", *options)
    assert (status == 1) is found
    assert ("TST101" in out) is found


def test_bad_selector_is_a_usage_error(capsys, registry):
    _write("a.md", SPEECH)
    status, out, err = _run(capsys, registry, "a.md", "--select", "W5-01x")
    assert (status, out) == (2, "")
    assert err.startswith("speechlint: error: --select")
    assert "W5-01x" in err


def test_form_option_reaches_the_rules(capsys):
    _write("a.md", CLEAN)
    registry = _registry(FormPlugin)
    assert "form=meeting-speech" in _run(capsys, registry, "a.md")[1]
    assert "form=pledge" in _run(capsys, registry, "a.md", "--form", "pledge")[1]


def test_configuration_error_exits_2_naming_the_file(capsys, registry):
    _write("speechlint.toml", "selectt = []\n")
    _write("a.md", SPEECH)
    status, out, err = _run(capsys, registry, "a.md")
    assert (status, out) == (2, "")
    assert err.startswith("speechlint: error: ")
    assert "speechlint.toml" in err
    assert "Traceback" not in err


def test_explicit_config_file(capsys, registry):
    _write("conf/custom.toml", 'ignore = ["TST101"]\n')
    _write("a.md", SPEECH)
    assert _run(capsys, registry, "a.md", "--config", "conf/custom.toml")[0] == 0
    assert _run(capsys, registry, "a.md", "--config", "conf/nope.toml")[0] == 2


def test_isolated_ignores_configuration(capsys, registry):
    _write("speechlint.toml", 'ignore = ["TST101"]\n')
    _write("a.md", SPEECH)
    assert _run(capsys, registry, "a.md")[0] == 0
    assert _run(capsys, registry, "a.md", "--isolated")[0] == 1


# -- formats and outputs ------------------------------------------------------------------------


def test_json_format_is_one_sorted_array(capsys, registry):
    _write("b.md", SPEECH + SPEECH)
    _write("a.md", SPEECH)
    status, out, _ = _run(capsys, registry, "b.md", "a.md", "--format", "json")
    found = json.loads(out)
    assert status == 1
    assert "港移默化" in out  # readable UTF-8, not \\u escapes
    assert [(d["path"], d["line"], d["column"]) for d in found] == [
        ("a.md", 2, 8),
        ("b.md", 2, 8),
        ("b.md", 4, 8),
    ]
    assert set(found[0]) == {
        "path", "code", "rule", "severity", "message", "line", "column", "end_line",
        "end_column", "fix",
    }  # fmt: skip
    assert found[0]["fix"]["edits"] == [
        {"line": 2, "column": 8, "end_line": 2, "end_column": 12, "text": "潜移默化"}
    ]


def test_json_format_when_nothing_is_found(capsys, registry):
    _write("a.md", CLEAN)
    assert _run(capsys, registry, "a.md", "--format", "json") == (0, "[]\n", "")


def test_statistics_text(capsys):
    _write("a.md", SPEECH + SPEECH)
    _write("b.md", SPEECH)
    registry = _registry(PhrasePlugin, CrashPlugin)
    status, out, _ = _run(capsys, registry, ".", "--statistics")
    assert status == 1
    assert out == "3  TST101  test-phrase\n2  E902    rule-crash\n"


def test_output_file(capsys, registry):
    _write("a.md", SPEECH)
    status, out, _ = _run(
        capsys, registry, "a.md", "--output-file", "report.json", "--format", "json"
    )
    assert (status, out) == (1, "")
    assert json.loads(Path("report.json").read_text(encoding="utf-8"))[0]["code"] == "TST101"


def test_color_always_and_never(capsys, registry):
    _write("a.md", SPEECH)
    assert "\x1b[" in _run(capsys, registry, "a.md", "--color", "always")[1]
    assert "\x1b[" not in _run(capsys, registry, "a.md", "--color", "never")[1]
    assert "\x1b[" not in _run(capsys, registry, "a.md")[1]  # captured output is no terminal


def test_force_color_environment(capsys, registry, monkeypatch):
    _write("a.md", SPEECH)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in _run(capsys, registry, "a.md")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in _run(capsys, registry, "a.md")[1]


# -- plugins and internal errors ----------------------------------------------------------------


def test_crashing_rule_is_e902_and_other_findings_still_come(capsys):
    _write("a.md", SPEECH)
    registry = _registry(PhrasePlugin, CrashPlugin)
    status, out, _ = _run(capsys, registry, "a.md", "--format", "json")
    found = json.loads(out)
    assert status == 1
    assert [d["code"] for d in found] == ["E902", "TST101"]
    assert "TST102" in found[0]["message"]
    assert "kaboom" in found[0]["message"]


def test_misspelled_hook_fails_loading():
    with pytest.raises(PluginLoadError, match="MisspelledPlugin"):
        load_registry(entry_points=False, builtin=(), extra=[MisspelledPlugin])


def test_plugin_load_error_exits_2_naming_the_plugin(capsys):
    _write("a.md", SPEECH)
    status = main(["check", "a.md"], plugins=[MisspelledPlugin])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.startswith("speechlint: error: ")
    assert "MisspelledPlugin" in err
    assert "Traceback" not in err


def test_internal_error_is_reported_without_traceback(capsys, registry, monkeypatch):
    import speechlint._runner

    def broken(*args: object, **kwargs: object) -> int:
        raise ValueError("oops")

    monkeypatch.setattr(speechlint._runner, "run_check", broken)
    status, _, err = _run(capsys, registry, "a.md")
    assert status == 2
    assert err.startswith("speechlint: internal error: ValueError: oops\n")
    assert "Traceback" not in err
    monkeypatch.setenv("SPEECHLINT_DEBUG", "1")
    assert "Traceback" in _run(capsys, registry, "a.md")[2]


def test_usage_errors_return_2_instead_of_exiting(capsys, registry):
    assert main(["check", "--format", "xml"], registry=registry) == 2
    assert main(["--version"], registry=registry) == 0
    assert "speechlint" in capsys.readouterr().out


# -- what gets imported -----------------------------------------------------------------------


_PROBE = """
import sys
from speechlint._cli import main
main(["check", "--format", {fmt!r}, "--isolated", "a.md"])
loaded = sorted(name for name in sys.modules if name.startswith(("speechlint.formatters", "pygls")))
print(",".join(loaded), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "speechlint.formatters,speechlint.formatters.text"),
        ("json", "speechlint.formatters,speechlint.formatters.json"),
    ],
)
def test_each_format_imports_only_its_formatter(fmt, expected):
    _write("a.md", CLEAN)
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE.format(fmt=fmt)], capture_output=True, text=True, check=True
    )
    assert probe.stderr.strip().splitlines()[-1] == expected
