"""All 652 examples of the CommonMark specification lint without an exception.

``data/commonmark-spec-examples.json`` is the specification's example list as distributed with
markdown-it-py's test suite (MIT licence): a ready-made corpus of odd Markdown -- tabs, lazy
continuation lines, entity references, raw HTML, link reference definitions, nesting.  Each
example is linted as it is and with CRLF line endings; every diagnostic (and every fix edit)
must lie inside its document, and no rule may crash (E902).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from speechlint._engine import Engine
from speechlint._pluginmanager import load_registry
from speechlint.document import Document
from speechlint.formatters.json import dumps

EXAMPLES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "commonmark-spec-examples.json").read_text("utf-8")
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_registry(entry_points=False))


def test_the_examples_are_all_there() -> None:
    assert len(EXAMPLES) == 652
    assert [example["example"] for example in EXAMPLES] == list(range(1, 653))


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_every_example_lints_inside_its_document(engine: Engine, newline: str) -> None:
    problems = []
    for example in EXAMPLES:
        text = example["markdown"].replace("\n", newline)
        document = Document(f"example-{example['example']}.md", text)
        result = engine.lint(document)
        dumps([d.to_json(document, lang="zh") for d in result.diagnostics])
        json.dumps(result.outline.to_json(document) if result.outline else None)
        for diagnostic in result.diagnostics:
            ranges = [diagnostic.range]
            ranges += [edit.range for edit in diagnostic.fix.edits] if diagnostic.fix else []
            if diagnostic.code == "E902" or any(
                not 0 <= r.start <= r.end <= len(text) for r in ranges
            ):
                problems.append((example["example"], diagnostic.code, diagnostic.message))
    assert problems == []
