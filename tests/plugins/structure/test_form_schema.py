"""The form schemas and the form-schema check (S101–S108 and organisation codes)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from speechlint import _schema
from speechlint._engine import Engine
from speechlint._pluginmanager import Registry, load_registry
from speechlint.diagnostics import Diagnostic
from speechlint.document import Document
from speechlint.errors import SchemaError
from speechlint.outline import build_outline
from speechlint.parse import parse
from speechlint.plugins.structure import form_schema
from speechlint.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
SEED = Path("/work/shared/corpus/seed.txt")
PUBLIC = Path("/work/shared/corpus/public")
EXAMPLES = sorted(
    path
    for path in (ROOT / "docs" / "examples").iterdir()
    if path.suffix in (".md", ".markdown", ".txt")
)
FIXTURES = ROOT / "tests" / "fixtures" / "forms"
FORM_NAMES = ("meeting-speech", "speech", "opening-address", "pledge")

ORG_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "org-speech",
    "description": "本单位的会议讲话：在默认形式之外，还要求以致谢结束。",
    "allOf": [{"$ref": "https://speechlint.dev/schemas/meeting-speech.schema.json"}],
    "properties": {
        "signoff": {
            "type": "object",
            "x-code": "ORG201",
            "x-severity": "error",
            "x-name": "missing-signoff",
            "x-message": {
                "zh": "缺少致谢，讲话应以“谢谢大家！”结束",
                "en": "missing sign-off: end the speech with 谢谢大家！",
            },
        }
    },
}


@lru_cache(maxsize=1)
def _registry() -> Registry:
    return load_registry(entry_points=False)


def lint(text: str, settings: Settings | None = None, path: str = "speech.txt") -> list[Diagnostic]:
    document = Document(path, text)
    return Engine(_registry()).lint(document, settings or Settings()).diagnostics


def s_codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics if d.code.startswith("S") or d.code.startswith("E")]


def where(diagnostic: Diagnostic, text: str) -> tuple[int, int, int, int]:
    """1-based (line, column, end_line, end_column), as the JSON output shows them."""
    found = diagnostic.to_json(Document("x", text))
    return found["line"], found["column"], found["end_line"], found["end_column"]


def only(diagnostics: list[Diagnostic], code: str) -> Diagnostic:
    matching = [d for d in diagnostics if d.code == code]
    assert len(matching) == 1, diagnostics
    return matching[0]


def seed_lines() -> list[str]:
    return SEED.read_text("utf-8").split("\n")


# -- the issue's acceptance cases ------------------------------------------------------------


def test_missing_salutation_is_reported_where_it_belongs() -> None:
    lines = seed_lines()
    text = "\n".join(lines[:2] + lines[3:])  # drop line 3, 同志们：
    diagnostics = lint(text)
    found = only(diagnostics, "S102")
    # Zero-width at the start of the first body paragraph: where 同志们： goes.
    assert where(found, text) == (3, 1, 3, 1)
    assert found.severity == "error"
    assert found.rule == "missing-salutation"
    assert "同志们：" in found.message
    assert s_codes(diagnostics) == ["S102"]


def test_missing_recap_depends_on_the_form() -> None:
    text, count = re.subn(r"刚才[^。]*。", "", SEED.read_text("utf-8"))
    assert count == 1
    found = only(lint(text), "S104")
    assert found.severity == "warning"
    assert "刚才" in found.message
    assert where(found, text)[:3] == (4, 1, 4)  # the opening paragraph
    assert s_codes(lint(text, Settings(form="speech"))) == []


def test_closing_without_call_to_action() -> None:
    lines = seed_lines()
    text = "\n".join([*lines[:8], "以上就是今天会议的全部内容。", *lines[9:]])
    diagnostics = lint(text)
    found = only(diagnostics, "S108")
    assert where(found, text) == (9, 1, 9, 15)  # the closing paragraph
    assert found.rule == "missing-call-to-action"
    assert s_codes(diagnostics) == ["S108"]


@pytest.mark.parametrize("path", [SEED, *EXAMPLES], ids=lambda p: p.name)
def test_complete_speeches_have_no_structure_findings(path: Path) -> None:
    assert s_codes(lint(path.read_text("utf-8"), path=str(path))) == []


@pytest.mark.parametrize(
    ("name", "form", "expected"),
    [
        ("pledge.txt", "pledge", []),
        ("pledge.txt", "meeting-speech", ["S103", "S105"]),
        ("opening-address.txt", "opening-address", []),
        ("opening-address.txt", "speech", ["S106"]),
    ],
)
def test_forms_differ(name: str, form: str, expected: list[str]) -> None:
    text = (FIXTURES / name).read_text("utf-8")
    assert s_codes(lint(text, Settings(form=form))) == expected


def test_front_matter_picks_the_form() -> None:
    text = re.sub(r"刚才[^。]*。", "", SEED.read_text("utf-8"))
    assert "S104" in s_codes(lint(text))
    assert s_codes(lint("---\nform: speech\n---\n" + text, path="speech.md")) == []


# -- an organisation's form schema -----------------------------------------------------------


def write_org(tmp_path: Path, schema: dict[str, Any] | None = None) -> Path:
    path = tmp_path / "org.schema.json"
    path.write_text(json.dumps(schema or ORG_SCHEMA, ensure_ascii=False), "utf-8")
    return path


def test_organisation_code_from_x_code(tmp_path: Path) -> None:
    path = write_org(tmp_path)
    text = SEED.read_text("utf-8")
    diagnostics = lint(text, Settings(form=str(path), root=tmp_path))
    found = only(diagnostics, "ORG201")
    assert (found.severity, found.rule) == ("error", "missing-signoff")
    assert found.message == "缺少致谢，讲话应以“谢谢大家！”结束"
    last = len(seed_lines()) - 1  # the file ends with a newline
    assert where(found, text)[0] == last and found.range.start == found.range.end
    assert text[found.range.start - 1] == "。"  # right after the last paragraph
    assert s_codes(diagnostics) == []  # the default form's requirements still hold


def test_organisation_schema_relative_to_the_configuration(tmp_path: Path) -> None:
    write_org(tmp_path)
    settings = Settings(form="org.schema.json", root=tmp_path, lang="en")
    text = SEED.read_text("utf-8")
    assert only(lint(text, settings), "ORG201").message.startswith("missing sign-off")
    assert "ORG201" not in [d.code for d in lint(text + "谢谢大家！\n", settings)]


def test_organisation_defaults_and_placeholders(tmp_path: Path) -> None:
    schema = {
        "properties": {
            "points": {"maxItems": 3, "x-code": "ORG202", "x-message": "{count} > {maxItems}"}
        }
    }
    settings = Settings(form=str(write_org(tmp_path, schema)))
    found = only(lint(SEED.read_text("utf-8"), settings), "ORG202")
    assert (found.severity, found.rule, found.message) == ("warning", "form-schema", "4 > 3")


def test_organisation_schema_refs_builtin_schemas_by_file_name(tmp_path: Path) -> None:
    (tmp_path / "parts.json").write_text(
        json.dumps({"$defs": {"signoff": {"type": "object", "x-code": "ORG203"}}}), "utf-8"
    )
    schema = {
        "allOf": [{"$ref": "meeting-speech.schema.json"}],
        "properties": {"signoff": {"$ref": "parts.json#/$defs/signoff"}},
    }
    settings = Settings(form=str(write_org(tmp_path, schema)))
    lines = seed_lines()
    text = "\n".join(lines[:2] + lines[3:])
    assert s_codes(lint(text, settings)) == ["S102"]
    assert "ORG203" in [d.code for d in lint(text, settings)]


def test_form_path_in_front_matter_is_relative_to_the_document(tmp_path: Path) -> None:
    write_org(tmp_path)
    text = "---\nform: org.schema.json\n---\n" + SEED.read_text("utf-8")
    assert "ORG201" in [d.code for d in lint(text, path=str(tmp_path / "speech.md"))]


# -- errors ----------------------------------------------------------------------------------


def schema_error(tmp_path: Path, content: str) -> str:
    path = tmp_path / "bad.schema.json"
    path.write_text(content, "utf-8")
    with pytest.raises(SchemaError) as caught:
        _schema.load_form(path)
    assert str(path.resolve()) in str(caught.value) or str(path) in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON at line 1"),
        ("[]", "must be a JSON object"),
        ('{"type": 12}', "not a valid JSON Schema at /type"),
        ('{"x-severity": "fatal"}', "x-severity must be one of error, warning, info"),
        ('{"properties": {"a": {"x-code": "org-1"}}}', "/properties/a: x-code must be"),
        ('{"x-code": "ORG1", "x-message": {"zh": 1}}', "x-message must be a string"),
        ('{"x-code": "ORG1", "x-name": "Bad Name"}', "x-name must be kebab-case"),
        ('{"$ref": "https://example.com/speech.json"}', "never fetches"),
    ],
)
def test_invalid_schema_files(tmp_path: Path, content: str, problem: str) -> None:
    assert problem in schema_error(tmp_path, content)


def test_missing_schema_file(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"nowhere\.schema\.json: cannot read the form schema"):
        name, path = _schema.resolve_form("nowhere.schema.json", base=tmp_path, forms={})
        _schema.load_form(path, name)


def test_unknown_form_name_suggests_a_registered_one() -> None:
    forms = _registry().forms
    with pytest.raises(SchemaError, match=r"unknown form 'meeting-speach'.*'meeting-speech'"):
        _schema.resolve_form("meeting-speach", base=None, forms=forms)


def test_unknown_form_through_the_engine_names_the_form() -> None:
    try:
        diagnostics = lint("同志们：\n", Settings(form="no-such-form"))
    except SchemaError as exc:
        message = str(exc)
    else:  # until the engine lets speechlint errors through (exit 2), they arrive as E902
        message = only(diagnostics, "E902").message
    assert "unknown form 'no-such-form'" in message


def test_a_failure_without_x_code_is_a_schema_error(tmp_path: Path) -> None:
    path = write_org(tmp_path, {"properties": {"signoff": {"type": "object"}}})
    form = _schema.load_form(path)
    outline = _outline_json(SEED.read_text("utf-8"))
    with pytest.raises(SchemaError, match=r"/properties/signoff/type failed .* x-code; expected"):
        form.failures(outline)


# -- the schemas themselves ------------------------------------------------------------------


def _outline_json(text: str, path: str = "speech.txt") -> dict[str, Any]:
    document = Document(path, text)
    return build_outline(parse(document)).to_json(document)


OUTLINE_SAMPLES = [
    SEED,
    *EXAMPLES,
    *(PUBLIC / f"{name}.txt" for name in ("cpc19", "cpc20", "gwr1988", "gwr2008", "gwr2024")),
    FIXTURES / "pledge.txt",
    FIXTURES / "opening-address.txt",
]


@pytest.mark.parametrize("path", OUTLINE_SAMPLES, ids=lambda p: p.name)
def test_outlines_validate_against_the_outline_schema(path: Path) -> None:
    schema = json.loads((ROOT / "schemas" / "outline.schema.json").read_text("utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(_outline_json(path.read_text("utf-8"))))
    assert errors == []


def test_outline_schema_rejects_a_changed_shape() -> None:
    form = _schema.load_form(_schema.builtin_schema_path("outline.schema.json"))
    outline = _outline_json(SEED.read_text("utf-8"))
    assert form.validator.is_valid(outline)
    outline["title"]["extra"] = 1
    assert not form.validator.is_valid(outline)


def test_builtin_forms_are_registered_with_their_summaries() -> None:
    forms = _registry().forms
    assert set(FORM_NAMES) <= set(forms)
    for name in FORM_NAMES:
        schema = json.loads(forms[name].read_text("utf-8"))
        assert schema["title"] == name
        assert schema["description"]
        assert set(schema["x-summary"]) == {"zh", "en"}
        assert _schema.load_form(forms[name]).codes <= {m.code for m in form_schema.METAS}


def test_forms_are_compiled_once_and_reloaded_when_changed(tmp_path: Path) -> None:
    path = write_org(tmp_path)
    first = _schema.load_form(path)
    assert _schema.load_form(path) is first
    write_org(tmp_path, {**ORG_SCHEMA, "title": "org-speech, revised"})
    assert _schema.load_form(path) is not first


def test_selection_skips_validation_entirely(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("validated although no form code is selected")

    monkeypatch.setattr(_schema.FormSchema, "failures", fail)
    # A crash would surface as E902 whatever is selected; no rule has codes starting with Q.
    assert lint(SEED.read_text("utf-8"), Settings(select=("Q",))) == []


# -- positions of missing elements -----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "position"),
    [
        ("S101", (1, 1, 1, 1)),  # no title: at the document start
        ("S102", (2, 1, 2, 1)),  # no salutation: where 同志们： goes
        ("S103", (3, 1, 3, 32)),  # no context: the opening
        ("S104", (3, 1, 3, 37)),  # no recap: the first opening paragraph
        ("S105", (4, 1, 4, 1)),  # no transition: at the first point's marker
        ("S106", (4, 1, 4, 30)),  # one point: the points
        ("S107", (4, 12, 4, 14)),  # no topic sentence: the point's marker (一是)
        ("S108", (6, 1, 6, 15)),  # no call to action: the closing
    ],
)
def test_rule_documentation_examples(code: str, position: tuple[int, ...]) -> None:
    meta = next(m for m in form_schema.METAS if m.code == code)
    assert meta.doc is not None
    bad = lint(meta.doc.bad)
    assert s_codes(bad) == [code]
    assert where(bad[0], meta.doc.bad) == position
    assert s_codes(lint(meta.doc.good)) == []


def test_english_messages() -> None:
    meta = form_schema.POINT_COUNT
    assert meta.doc is not None
    found = only(lint(meta.doc.bad, Settings(lang="en")), "S106")
    assert found.message.startswith("found 1 point(s); this form requires at least 2")


def test_positions_without_opening_or_closing() -> None:
    text = "同志们：\n第一，要压实责任。\n第二，要整治隐患。\n谢谢大家！\n"
    diagnostics = lint(text)
    assert where(only(diagnostics, "S103"), text) == (2, 1, 2, 1)
    assert where(only(diagnostics, "S108"), text) == (3, 10, 3, 10)


def test_a_missing_opening_is_reported_once() -> None:
    text = "在全市安全生产工作会议上的讲话\n同志们：\n第一，要压实责任。\n第二，要整治隐患。\n"
    assert s_codes(lint(text)).count("S103") == 1
    assert "S104" not in s_codes(lint(text))
