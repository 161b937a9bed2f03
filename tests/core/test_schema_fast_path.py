"""Form validation's fast path (jsonschema-rs) agrees with jsonschema on what is valid."""

from __future__ import annotations

from typing import Any

import pytest

from speechlint import _schema
from speechlint.document import Document
from speechlint.outline import build_outline
from speechlint.parse import parse
from speechlint.plugins.structure import form_schema

DOCUMENTS = [
    form_schema.GOOD,
    *(meta.doc.bad for meta in form_schema.METAS if meta.doc is not None and meta.doc.bad),
    "",
    "同志们：\n",
    "第一，要压实责任。\n第二，要抓好整治。\n",
]


def _outline_json(text: str, form: str) -> dict[str, Any]:
    document = Document("speech.md", text)
    return build_outline(parse(document), form=form).to_json(document)


@pytest.mark.parametrize("form", form_schema.FORMS)
def test_fast_path_and_jsonschema_agree(form: str) -> None:
    schema = _schema.load_form(form_schema.builtin_forms()[form], form)
    assert schema.is_valid is not None  # every built-in form compiles
    verdicts = set()
    for text in DOCUMENTS:
        instance = _outline_json(text, form)
        valid = not list(schema.validator.iter_errors(instance))
        assert schema.is_valid(instance) == valid, text
        assert (schema.failures(instance) == []) == valid
        verdicts.add(valid)
    assert verdicts == {True, False}  # both answers were checked


def test_a_schema_the_fast_path_cannot_compile_is_left_to_jsonschema(tmp_path: Any) -> None:
    path = tmp_path / "odd.schema.json"
    # \Z is Python's end-of-string anchor: jsonschema's re reads it, jsonschema-rs's ECMA
    # dialect rejects it.  The form still works, with jsonschema alone.
    path.write_text(
        '{"type": "object", "x-code": "ORG101", "x-message": "no title",'
        ' "properties": {"title": {"type": "string", "pattern": "讲话\\\\Z"}},'
        ' "required": ["title"]}',
        encoding="utf-8",
    )
    schema = _schema.load_form(path)
    assert schema.is_valid is None
    assert [failure.code for failure in schema.failures({"points": []})] == ["ORG101"]
    assert [failure.code for failure in schema.failures({"title": "讲话稿"})] == ["ORG101"]
    assert schema.failures({"title": "会议讲话"}) == []


# -- placeholder spans: what lets a valid outline skip its positions ---------------------------


def _keys(node: Any) -> set[str]:
    """Every key of a JSON schema's mappings and every string in it, recursively."""
    if isinstance(node, dict):
        return set(node).union(*(_keys(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(item) for item in node))
    return {node} if isinstance(node, str) else set()


@pytest.mark.parametrize("form", form_schema.FORMS)
def test_built_in_forms_reach_spans_only_through_the_outline_schema(form: str) -> None:
    # A form schema reads no span, position or text value of its own: it names nodes and
    # $refs outline.schema.json for their shape.  That is what makes placeholder spans safe.
    schema = _schema.load_form(form_schema.builtin_forms()[form], form)
    assert not schema.reads_spans
    words = _keys(dict(schema.schema))
    assert not words & {"span", "start", "end", "patternProperties", "additionalProperties"}
    refs = {word for word in words if "$defs/" in word and word.startswith("outline.schema")}
    assert refs <= {f"outline.schema.json#/$defs/{name}" for name in _OUTLINE_DEFS}


_OUTLINE_DEFS = ("Node", "NodeOrNull", "Opening", "Closing", "Point", "Stats")


@pytest.mark.parametrize("form", form_schema.FORMS)
def test_placeholder_spans_give_the_same_verdict(form: str) -> None:
    schema = _schema.load_form(form_schema.builtin_forms()[form], form)
    assert schema.is_valid is not None
    for text in DOCUMENTS:
        document = Document("speech.md", text)
        outline = build_outline(parse(document), form=form)
        full = outline.to_json(document)
        shape = outline.to_json(document, positions=False)
        assert schema.is_valid(shape) == schema.is_valid(full), text


def test_an_organisation_schema_sees_real_positions(tmp_path: Any) -> None:
    # An organisation may require the title on the first line: its schema reads the spans.
    path = tmp_path / "first-line.schema.json"
    path.write_text(
        '{"type": "object", "x-code": "ORG102", "x-message": "title not on line 1",'
        ' "properties": {"title": {"properties": {"span": {"properties": {"start":'
        ' {"prefixItems": [{"const": 1}]}}}}}}}',
        encoding="utf-8",
    )
    schema = _schema.load_form(path)
    assert schema.reads_spans
    document = Document("speech.md", "\n\n在全市工作会议上的讲话\n\n同志们：\n")
    outline = build_outline(parse(document))
    assert outline.to_json(document)["title"]["span"]["start"] == [3, 1]
    assert [failure.code for failure in schema.failures(outline.to_json(document))] == ["ORG102"]
