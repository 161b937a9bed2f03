"""Configuration discovery, validation messages, conversion into Settings, and overrides."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from speechlint import Rule, RuleContext, RuleMeta, Violation, hookimpl
from speechlint._config import ConfigResolver, config_schema, load_config_file
from speechlint._engine import Engine
from speechlint._pluginmanager import Registry, load_registry
from speechlint.document import Document
from speechlint.errors import ConfigError, UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the backport speechlint depends on there
    import tomli as tomllib

LENGTH = RuleMeta(
    code="ZZ301",
    name="flag-long",
    summary={"zh": "太长", "en": "too long"},
    options={"max-length": {"type": "integer", "minimum": 1, "default": 80}},
)
WRONG = RuleMeta(code="ZZ101", name="flag-wrong", summary={"zh": "错", "en": "wrong"})


def _long(ctx: RuleContext) -> Iterator[Violation]:
    limit = ctx.options["max-length"]
    for unit in ctx.units:
        if len(unit.text) > limit:
            yield ctx.unit_violation(unit, 0, len(unit.text), f"longer than {limit}")


def _wrong(ctx: RuleContext) -> Iterator[Violation]:
    for index, char in enumerate(ctx.text):
        if char == "错":
            yield Violation(index, index + 1, {"zh": "错字", "en": "wrong"})


def _plugin() -> types.ModuleType:
    module = types.ModuleType("zz_config_plugin")

    @hookimpl
    def speechlint_rules() -> list[Rule]:
        return [Rule(LENGTH, _long), Rule(WRONG, _wrong)]

    module.speechlint_rules = speechlint_rules  # type: ignore[attr-defined]
    return module


REGISTRY: Registry = load_registry(
    entry_points=False, builtin=["speechlint.plugins.core"], extra=[_plugin()]
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def config_error(tmp_path: Path, text: str, name: str = "speechlint.toml") -> str:
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_config_file(path, REGISTRY)
    return str(caught.value)


# -- discovery --------------------------------------------------------------------------------


def test_config_in_a_parent_directory_applies_to_a_file_below_it(tmp_path: Path) -> None:
    config = write(tmp_path / "speechlint.toml", 'lang = "en"\n')
    speech = write(tmp_path / "a" / "b" / "speech.md", "错\n")
    settings = ConfigResolver(REGISTRY).settings_for(speech)
    assert settings.lang == "en"
    assert settings.source == config and settings.root == tmp_path


def test_nearest_config_wins_whole(tmp_path: Path) -> None:
    write(tmp_path / "speechlint.toml", 'lang = "en"\nignore = ["ZZ101"]\n')
    nearer = write(tmp_path / "a" / ".speechlint.toml", 'form = "speech"\n')
    resolver = ConfigResolver(REGISTRY)
    settings = resolver.settings_for(tmp_path / "a" / "b" / "speech.md")
    assert settings.source == nearer
    assert (settings.form, settings.lang, settings.ignore) == ("speech", "zh", ())
    assert resolver.settings_for(tmp_path / "other.md").lang == "en"


def test_settings_for_file_agrees_with_settings_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = write(tmp_path / "speechlint.toml", 'lang = "en"\n')
    nearer = write(tmp_path / "a" / ".speechlint.toml", 'form = "speech"\n')
    monkeypatch.chdir(tmp_path)
    resolver = ConfigResolver(REGISTRY)
    files = ["x.md", "a/x.md", "a/b/x.md", str(tmp_path / "a" / "y.md"), "a/b/../../z.md", "-"]
    for name in files:
        assert resolver.settings_for_file(name) == resolver.settings_for(Path(name)), name
    assert resolver.settings_for_file("a/b/x.md").source == nearer
    assert resolver.settings_for_file("a/b/../../z.md").source == top
    # Looked up once per directory: a configuration added later is not seen in this run.
    write(tmp_path / "a" / "b" / "speechlint.toml", 'lang = "zh"\n')
    assert resolver.settings_for_file("a/b/other.md").source == nearer


def test_settings_for_file_is_the_fixed_configuration_under_config_or_isolated(
    tmp_path: Path,
) -> None:
    write(tmp_path / "a" / "speechlint.toml", 'lang = "en"\n')
    fixed = write(tmp_path / "fixed.toml", 'form = "pledge"\n')
    path = str(tmp_path / "a" / "x.md")
    assert ConfigResolver(REGISTRY, isolated=True).settings_for_file(path).source is None
    settings = ConfigResolver(REGISTRY, config_path=fixed).settings_for_file(path)
    assert (settings.source, settings.form, settings.lang) == (fixed, "pledge", "zh")


def test_hidden_file_wins_over_the_others_in_one_directory(tmp_path: Path) -> None:
    write(tmp_path / "speechlint.toml", 'lang = "en"\n')
    hidden = write(tmp_path / ".speechlint.toml", 'lang = "zh"\n')
    assert ConfigResolver(REGISTRY).config_file_for(tmp_path / "x.md") == hidden


def test_pyproject_without_a_speechlint_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "speechlint.toml", 'lang = "en"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    settings = ConfigResolver(REGISTRY).settings_for(tmp_path / "sub" / "x.md")
    assert settings.source == tmp_path / "speechlint.toml"


def test_pyproject_tool_table_is_a_config(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[tool.speechlint]\nform = "pledge"\n')
    settings = ConfigResolver(REGISTRY).settings_for(tmp_path / "x.md")
    assert (settings.form, settings.source) == ("pledge", pyproject)


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    settings = ConfigResolver(REGISTRY, overrides={"lang": "en"}).settings_for(tmp_path / "x.md")
    assert settings.source is None and settings.root is None and settings.lang == "en"


def test_config_option_overrides_discovery(tmp_path: Path) -> None:
    write(tmp_path / "speechlint.toml", 'lang = "en"\n')
    chosen = write(tmp_path / "elsewhere" / "custom.toml", 'form = "speech"\n')
    resolver = ConfigResolver(REGISTRY, config_path=chosen)
    settings = resolver.settings_for(tmp_path / "x.md")
    assert (settings.form, settings.lang, settings.root) == ("speech", "zh", chosen.parent)


def test_isolated_ignores_every_config_file(tmp_path: Path) -> None:
    write(tmp_path / "speechlint.toml", "selectt = 1\n")
    settings = ConfigResolver(REGISTRY, isolated=True).settings_for(tmp_path / "x.md")
    assert settings.source is None
    with pytest.raises(UsageError):
        ConfigResolver(REGISTRY, isolated=True, config_path=tmp_path / "speechlint.toml")


def test_settings_are_loaded_once_per_config(tmp_path: Path) -> None:
    write(tmp_path / "speechlint.toml", 'lang = "en"\n')
    resolver = ConfigResolver(REGISTRY)
    first = resolver.settings_for(tmp_path / "a" / "x.md")
    assert resolver.settings_for(tmp_path / "b" / "y.md") is first


def test_explicit_pyproject_without_table_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"tool\.speechlint"):
        ConfigResolver(REGISTRY, config_path=path)


# -- validation messages ----------------------------------------------------------------------


def test_misspelled_key_names_file_key_and_suggestion(tmp_path: Path) -> None:
    message = config_error(tmp_path, 'selectt = ["ZZ1"]\n')
    assert message.startswith(str(tmp_path / "speechlint.toml"))
    assert "'selectt'" in message and "did you mean 'select'" in message
    assert "未知配置项" in message


def test_misspelled_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    message = config_error(tmp_path, '[tool.speechlint]\nlangg = "en"\n', "pyproject.toml")
    assert "[tool.speechlint] unknown key 'langg' (did you mean 'lang'?)" in message


def test_bad_severity_value(tmp_path: Path) -> None:
    message = config_error(tmp_path, '[severity]\nZZ1 = "fatal"\n')
    expected = "[severity] ZZ1: expected one of 'error', 'warning', 'info', 'off', got 'fatal'"
    assert expected in message


def test_bad_rule_option_type(tmp_path: Path) -> None:
    message = config_error(tmp_path, '[rules.ZZ301]\nmax-length = "abc"\n')
    assert "[rules.ZZ301] max-length: expected an integer ≥ 1, got 'abc'" in message
    assert "应为不小于 1 的整数" in message


def test_rule_option_below_minimum_by_rule_name(tmp_path: Path) -> None:
    message = config_error(tmp_path, "[rules.flag-long]\nmax-length = 0\n")
    assert "[rules.flag-long] max-length: expected an integer ≥ 1, got 0" in message


def test_unknown_rule_and_unknown_option(tmp_path: Path) -> None:
    assert "unknown rule 'ZZ3O1' (did you mean 'ZZ301'?)" in config_error(
        tmp_path, "[rules.ZZ3O1]\n"
    )
    message = config_error(tmp_path, "[rules.ZZ301]\nmaxlength = 3\n")
    assert "[rules.ZZ301] unknown key 'maxlength' (did you mean 'max-length'?)" in message
    assert "has no option 'x'" in config_error(tmp_path, "[rules.ZZ101]\nx = 1\n")


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    message = config_error(tmp_path, 'lang = "en"\nselect = \n')
    assert message.startswith(f"{tmp_path / 'speechlint.toml'}:2:")
    assert "invalid TOML" in message and "TOML 语法错误" in message


def test_codes_must_look_like_codes_and_match_a_rule(tmp_path: Path) -> None:
    assert "did you mean 'ZZ101'" in config_error(tmp_path, 'ignore = ["zz101"]\n')
    message = config_error(tmp_path, 'select = ["ZZ9"]\n')
    assert "select[0]: 'ZZ9' matches no rule code" in message
    message = config_error(tmp_path, '[per-file-ignores]\n"docs/*.md" = ["ZZ1O1"]\n')
    assert '[per-file-ignores] "docs/*.md"[0]' in message and "did you mean" in message


def test_more_problems_are_counted(tmp_path: Path) -> None:
    message = config_error(tmp_path, 'lang = "fr"\nform = 3\n')
    assert "lang: expected one of 'zh', 'en', got 'fr' (and 1 more)" in message


def test_other_bad_values(tmp_path: Path) -> None:
    assert "expected a number > 0, got 0" in config_error(tmp_path, "chars-per-minute = 0\n")
    assert "expected true or false" in config_error(tmp_path, 'respect-gitignore = "yes"\n')
    assert "unknown encoding 'gbk2'" in config_error(tmp_path, 'encoding = "gbk2"\n')
    assert "dictionaries[0]" in config_error(tmp_path, 'dictionaries = ["missing.txt"]\n')
    assert "did you mean 'recap-markers'" in config_error(
        tmp_path, '[outline]\nrecap_markers = ["x"]\n'
    )


def test_bad_command_line_codes_are_usage_errors() -> None:
    with pytest.raises(UsageError, match=r"--select: .*did you mean 'ZZ101'"):
        ConfigResolver(REGISTRY, overrides={"select": ["ZZ1O1"]})
    with pytest.raises(TypeError):
        ConfigResolver(REGISTRY, overrides={"no_such_field": 1})


# -- conversion -------------------------------------------------------------------------------

FULL = """\
form = "speech"
select = ["ALL"]
extend-select = ["ZZ1"]
ignore = ["E904"]
exclude = ["drafts/**"]
extend-exclude = ["old/*.md"]
respect-gitignore = false
lang = "en"
dictionaries = ["words/org.txt"]
chars-per-minute = 200
encoding = "gb18030"

[severity]
ZZ1 = "error"
ZZ301 = "off"

[rules.flag-long]
max-length = 5

[per-file-ignores]
"minutes/*.md" = ["ZZ101"]

[outline]
recap-markers = ["方才"]
"""


def test_every_key_reaches_settings(tmp_path: Path) -> None:
    write(tmp_path / "words" / "org.txt", "港移默化\t潜移默化\n")
    settings = load_config_file(write(tmp_path / "speechlint.toml", FULL), REGISTRY)
    assert settings.form == "speech" and settings.select == ("ALL",)
    assert settings.extend_select == ("ZZ1",)
    assert settings.ignore == ("E904", "ZZ301")  # severity "off" is an ignore
    assert settings.severity == {"ZZ1": "error"}
    assert settings.rules == {"flag-long": {"max-length": 5}}
    assert settings.per_file_ignores == {"minutes/*.md": ("ZZ101",)}
    assert (settings.exclude, settings.extend_exclude) == (("drafts/**",), ("old/*.md",))
    assert settings.respect_gitignore is False and settings.lang == "en"
    assert settings.dictionaries == (tmp_path / "words" / "org.txt",)
    assert settings.chars_per_minute == 200.0 and settings.encoding == "gb18030"
    assert settings.outline == {"recap_markers": ("方才",)}


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "speechlint.toml"
    path.write_bytes(b'\xef\xbb\xbflang = "en"\n')
    assert load_config_file(path, REGISTRY).lang == "en"


def test_overrides_win_and_extend(tmp_path: Path) -> None:
    write(tmp_path / "speechlint.toml", 'lang = "en"\nselect = ["ZZ"]\nignore = ["ZZ101"]\n')
    overrides: dict[str, Any] = {
        "select": ["ZZ3", "E"], "ignore": ["E903"], "lang": "zh", "form": None,
    }  # fmt: skip
    settings = ConfigResolver(REGISTRY, overrides=overrides).settings_for(tmp_path / "x.md")
    assert settings.select == ("ZZ3", "E") and settings.ignore == ("ZZ101", "E903")
    assert settings.lang == "zh" and settings.form is None


# -- end to end through the engine ------------------------------------------------------------


def codes(resolver: ConfigResolver, path: Path, text: str) -> list[tuple[str, str]]:
    settings = resolver.settings_for(path)
    result = Engine(REGISTRY).lint(Document(str(path), text), settings)
    return [(d.code, d.severity) for d in result.diagnostics]


def test_per_file_ignores_severity_and_options_apply(tmp_path: Path) -> None:
    write(
        tmp_path / "speechlint.toml",
        '[per-file-ignores]\n"minutes/*.md" = ["ZZ101"]\n'
        '[severity]\nZZ1 = "error"\n[rules.flag-long]\nmax-length = 3\n',
    )
    resolver = ConfigResolver(REGISTRY)
    assert codes(resolver, tmp_path / "speech.md", "错\n") == [("ZZ101", "error")]
    assert codes(resolver, tmp_path / "minutes" / "m.md", "错\n") == []
    assert codes(resolver, tmp_path / "speech.md", "正文四字\n") == [("ZZ301", "warning")]


def test_severity_off_disables_a_rule(tmp_path: Path) -> None:
    write(tmp_path / "speechlint.toml", '[severity]\nZZ101 = "off"\n')
    assert codes(ConfigResolver(REGISTRY), tmp_path / "speech.md", "错\n") == []


# -- the schema -------------------------------------------------------------------------------


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)


def test_schema_is_valid_strict_and_generated_from_rule_metadata() -> None:
    schema = config_schema(REGISTRY)
    Draft202012Validator.check_schema(schema)
    for table in _objects({key: value for key, value in schema.items() if key != "$defs"}):
        assert table["additionalProperties"] is False
    for definition in schema["$defs"].values():
        if definition.get("type") == "object":
            assert definition["additionalProperties"] is False
    rules = schema["properties"]["rules"]["properties"]
    assert rules["ZZ301"] == rules["flag-long"] == {"$ref": "#/$defs/rule-ZZ301"}
    assert schema["$defs"]["rule-ZZ301"]["properties"]["max-length"]["minimum"] == 1
    assert ConfigResolver(REGISTRY).config_schema() == schema


# -- forms ------------------------------------------------------------------------------------

ORG_FORM = '{"type": "object", "properties": {"title": {"x-code": "ORG101", "type": "object"}}}'


def _forms_registry(schema: Path) -> Registry:
    module = types.ModuleType("zz_forms_plugin")

    @hookimpl
    def speechlint_forms() -> dict[str, Path]:
        return {"org-speech": schema}

    module.speechlint_forms = speechlint_forms  # type: ignore[attr-defined]
    return load_registry(entry_points=False, builtin=["speechlint.plugins.core"], extra=[module])


def test_form_must_be_registered_or_a_schema_file(tmp_path: Path) -> None:
    registry = _forms_registry(write(tmp_path / "org.schema.json", ORG_FORM))
    config = write(tmp_path / "speechlint.toml", 'form = "org-speach"\n')
    with pytest.raises(ConfigError, match="did you mean 'org-speech'"):
        load_config_file(config, registry)
    write(config, 'form = "forms/missing.json"\n')
    with pytest.raises(ConfigError, match="no such form schema file"):
        load_config_file(config, registry)
    write(config, 'form = "org.schema.json"\n')
    assert load_config_file(config, registry).form == "org.schema.json"


def test_codes_defined_by_form_schemas_are_known(tmp_path: Path) -> None:
    registry = _forms_registry(write(tmp_path / "registered.json", ORG_FORM))
    config = write(tmp_path / "speechlint.toml", 'ignore = ["ORG101"]\n')
    assert load_config_file(config, registry).ignore == ("ORG101",)
    local = write(tmp_path / "local.json", ORG_FORM.replace("ORG101", "LOC101"))
    write(config, f'form = "{local.name}"\nignore = ["LOC1"]\n')
    assert load_config_file(config, registry).ignore == ("LOC1",)
    write(config, 'ignore = ["LOC1"]\n')
    with pytest.raises(ConfigError, match="'LOC1' matches no rule code"):
        load_config_file(config, registry)


# -- the documentation stays in step with the schema ------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_documented_example_uses_only_schema_keys_and_every_key_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = tomllib.loads(re.search(r"```toml\n(.*?)```", text, re.S)[1])  # type: ignore[index]
    schema = config_schema(REGISTRY)
    properties = schema["properties"]
    assert set(example) == set(properties)  # the complete example shows every key
    assert set(example["outline"]) <= set(properties["outline"]["properties"])
    for key in properties:
        assert f"`{key}`" in text or f"`[{key}" in text, key
    for key in properties["outline"]["properties"]:
        assert f"`{key}`" in text, key
