"""``speechlint rules``, ``explain``, ``forms`` and ``init``."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from speechlint import hookimpl
from speechlint._cli import main
from speechlint._config import ConfigResolver
from speechlint._explain import starter_config
from speechlint._pluginmanager import Registry, load_registry
from speechlint.formatters.text import display_width
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _nothing(ctx: RuleContext) -> Iterator[Violation]:
    return iter(())


DOCUMENTED = RuleMeta(
    code="TST101",
    name="test-phrase",
    summary={"zh": "测试短语", "en": "test phrase"},
    severity="error",
    fix="safe",
    options={
        "max-length": {
            "type": "integer",
            "default": 80,
            "description": {"zh": "最大长度", "en": "the longest allowed"},
        }
    },
    doc=RuleDoc(
        why={"zh": "因为要规范。", "en": "Because it is the standard."},
        bad="港移默化",
        good="潜移默化",
        reference="GB/T 15834",
    ),
    tags=("wording",),
)
UNDOCUMENTED = RuleMeta("TST202", "bare-rule", {"zh": "无文档", "en": "undocumented"})


class RulesPlugin:
    """Two rules, one documented in full, one bare."""

    @staticmethod
    @hookimpl
    def speechlint_rules() -> list[Rule]:
        return [Rule(DOCUMENTED, _nothing), Rule(UNDOCUMENTED, _nothing)]


def _forms_plugin(forms: dict[str, Path]) -> object:
    class FormsPlugin:
        @staticmethod
        @hookimpl
        def speechlint_forms() -> dict[str, Path]:
            return forms

    return FormsPlugin


def _registry(*extra: object) -> Registry:
    return load_registry(
        entry_points=False, builtin=["speechlint.plugins.core"], extra=[RulesPlugin, *extra]
    )


@pytest.fixture
def registry() -> Registry:
    return _registry()


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _run(
    capsys: pytest.CaptureFixture[str], registry: Registry, *argv: str
) -> tuple[int, str, str]:
    status = main(list(argv), registry=registry)
    out, err = capsys.readouterr()
    return status, out, err


# -- rules ------------------------------------------------------------------------------------


def test_rules_table(capsys, registry):
    status, out, _ = _run(capsys, registry, "rules")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split() == ["代码", "名称", "级别", "修复", "说明"]
    codes = [line.split()[0] for line in lines[1:]]
    assert codes == ["E901", "E902", "E903", "E904", "TST101", "TST202"]
    row = next(line for line in lines if line.startswith("TST101"))
    assert row.split() == ["TST101", "test-phrase", "错误", "safe", "测试短语"]
    # Columns line up in display columns although the header is in 汉字.
    summary_column = {display_width(line[: line.index(word)]) for line, word in
                      zip(lines, ["说明", "文件无法读取或解码"], strict=False)}  # fmt: skip
    assert len(summary_column) == 1


def test_rules_table_in_english(capsys, registry):
    _, out, _ = _run(capsys, registry, "rules", "--lang", "en")
    assert out.splitlines()[0].split() == ["code", "name", "severity", "fix", "summary"]
    assert "TST202  bare-rule" in out
    assert out.splitlines()[-1].endswith("undocumented")


def test_rules_json(capsys, registry):
    status, out, _ = _run(capsys, registry, "rules", "--format", "json")
    rules = {rule["code"]: rule for rule in json.loads(out)}
    assert status == 0
    assert rules["TST101"] == {
        "code": "TST101",
        "name": "test-phrase",
        "summary": "测试短语",
        "severity": "error",
        "fix": "safe",
        "tags": ["wording"],
        "options": dict(DOCUMENTED.options),
    }


def test_rules_language_from_configuration(capsys, registry):
    Path("speechlint.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert _run(capsys, registry, "rules")[1].startswith("code")


# -- explain --------------------------------------------------------------------------------------


def test_explain_by_code(capsys, registry):
    status, out, _ = _run(capsys, registry, "explain", "TST101")
    assert status == 0
    assert out == (
        "TST101 test-phrase\n"
        "测试短语\n"
        "\n"
        "默认级别：错误\n"
        "自动修复：安全修复（--fix）\n"
        "标签：wording\n"
        "\n"
        "为什么\n  因为要规范。\n"
        "\n"
        "错误示例\n  港移默化\n"
        "\n"
        "正确示例\n  潜移默化\n"
        "\n"
        "依据\n  GB/T 15834\n"
        "\n"
        "选项\n  max-length (integer, 默认 80)：最大长度\n"
    )


def test_explain_by_name_and_lowercase_code_in_english(capsys, registry):
    by_name = _run(capsys, registry, "explain", "test-phrase", "--lang", "en")[1]
    by_code = _run(capsys, registry, "explain", "tst101", "--lang", "en")[1]
    assert by_name == by_code
    assert "default severity: error" in by_name
    assert "Because it is the standard." in by_name
    assert "max-length (integer, default 80): the longest allowed" in by_name


def test_explain_undocumented_rule(capsys, registry):
    out = _run(capsys, registry, "explain", "TST202")[1]
    assert "（该规则没有文档）" in out
    assert "不能自动修复" in out


def test_explain_unknown_code_suggests_a_close_match(capsys, registry):
    status, out, err = _run(capsys, registry, "explain", "TST110")
    assert (status, out) == (2, "")
    assert err == (
        "speechlint: error: 未知的规则：TST110。是不是想找 TST101？"
        "运行 speechlint rules 查看所有规则。\n"
    )
    _, _, err = _run(capsys, registry, "explain", "test-phrse", "--lang", "en")
    assert "unknown rule: test-phrse. Did you mean test-phrase?" in err


def test_explain_unknown_code_without_a_close_match(capsys, registry):
    _, _, err = _run(capsys, registry, "explain", "zzzzzz", "--lang", "en")
    assert err == "speechlint: error: unknown rule: zzzzzz. Run `speechlint rules` for the list.\n"


# -- forms ----------------------------------------------------------------------------------------


def _schema(path: Path, title: object, summary: object) -> Path:
    path.write_text(json.dumps({"title": title, "x-summary": summary}), encoding="utf-8")
    return path


def test_forms_lists_title_and_summary(capsys, tmp_path):
    forms = {
        "meeting-speech": _schema(
            tmp_path / "m.json",
            "会议讲话",
            {"zh": "领导在会议上的讲话", "en": "a speech at a meeting"},
        ),
        "pledge": _schema(tmp_path / "p.json", {"zh": "表态发言", "en": "pledge"}, "一是、二是"),
    }
    registry = _registry(_forms_plugin(forms))
    status, out, _ = _run(capsys, registry, "forms")
    assert status == 0
    assert out.splitlines()[1:] == [
        "meeting-speech（默认）  会议讲话  领导在会议上的讲话",
        "pledge                  表态发言  一是、二是",
    ]
    _, out, _ = _run(capsys, registry, "forms", "--lang", "en", "--format", "json")
    assert json.loads(out)[0] == {
        "name": "meeting-speech",
        "title": "会议讲话",
        "summary": "a speech at a meeting",
        "default": True,
        "path": str(tmp_path / "m.json"),
    }


def test_forms_title_column_is_dropped_when_titles_repeat_names(capsys, tmp_path):
    forms = {"speech": _schema(tmp_path / "s.json", "speech", "一般讲话")}
    registry = _registry(_forms_plugin(forms))
    assert _run(capsys, registry, "forms")[1] == "文体    说明\nspeech  一般讲话\n"


def test_forms_with_an_unreadable_schema_exit_2_naming_it(capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    registry = _registry(_forms_plugin({"broken": broken}))
    status, out, err = _run(capsys, registry, "forms")
    assert (status, out) == (2, "")
    assert str(broken) in err


def test_forms_when_none_are_registered(capsys, registry):
    assert _run(capsys, registry, "forms") == (0, "没有已注册的文体\n", "")


def test_builtin_forms_are_listed(capsys):
    registry = load_registry(entry_points=False)
    if not registry.forms:
        pytest.skip("no built-in forms registered yet")
    status, out, _ = _run(capsys, registry, "forms", "--format", "json")
    rows = json.loads(out)
    assert status == 0
    assert {row["name"] for row in rows} == set(registry.forms)
    assert all(row["title"] for row in rows)


# -- init -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_writes_a_valid_starter_configuration(capsys, registry, lang):
    status, out, _ = _run(capsys, registry, "init", "--lang", lang)
    written = Path("speechlint.toml").read_text(encoding="utf-8")
    assert status == 0
    assert out == ("已创建 speechlint.toml\n" if lang == "zh" else "Created speechlint.toml\n")
    assert written == starter_config(lang=lang)
    assert tomllib.loads(written) == {"form": "meeting-speech", "lang": lang}
    # Every commented-out example is valid TOML once uncommented.
    toml_line = re.compile(r'# (\[|[\w"*/-]+ = )')
    uncommented = "\n".join(line[2:] for line in written.splitlines() if toml_line.match(line))
    assert "per-file-ignores" in tomllib.loads(uncommented)


def test_init_output_is_accepted_by_the_configuration_loader(capsys, registry):
    _run(capsys, registry, "init", "--lang", "en")
    settings = ConfigResolver(registry).settings_for(Path("a.md"))
    assert (settings.lang, settings.form) == ("en", "meeting-speech")


def test_init_refuses_to_overwrite(capsys, registry):
    Path("speechlint.toml").write_text("# mine\n", encoding="utf-8")
    status, out, err = _run(capsys, registry, "init")
    assert (status, out) == (2, "")
    assert err == "speechlint: error: speechlint.toml：已有 speechlint 配置，未覆盖\n"
    assert Path("speechlint.toml").read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.parametrize(
    ("name", "text"), [(".speechlint.toml", ""), ("pyproject.toml", "[tool.speechlint]\n")]
)
def test_init_refuses_when_another_configuration_exists(capsys, registry, name, text):
    Path(name).write_text(text, encoding="utf-8")
    status, _, err = _run(capsys, registry, "init", "--lang", "en")
    assert status == 2
    assert name in err
    assert not Path("speechlint.toml").exists()


def test_init_ignores_a_pyproject_without_speechlint(capsys, registry):
    Path("pyproject.toml").write_text("[tool.ruff]\n", encoding="utf-8")
    assert _run(capsys, registry, "init")[0] == 0
