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
