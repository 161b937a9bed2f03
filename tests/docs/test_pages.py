"""The hand-written pages say what the code does: options, keys, forms and the plugin guide."""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from speechlint._cli import _parser
from speechlint._config import config_schema
from speechlint._docgen import builtin_registry
from speechlint._explain import starter_config
from speechlint._pluginmanager import load_registry
from speechlint._schema import builtin_schema_path, load_form
from speechlint.testing import check_case, load_cases

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _halves(name: str) -> tuple[str, str]:
    """A bilingual page's Chinese and English parts."""
    text = (DOCS / name).read_text(encoding="utf-8")
    match = re.search(r"^#{1,2} .*\bEnglish\b.*$", text, re.MULTILINE)
    assert match is not None, f"{name} has no English section"
    return text[: match.start()], text[match.start() :]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser("zh")
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


@pytest.mark.parametrize("half", [0, 1], ids=["zh", "en"])
def test_cli_md_documents_every_command_and_option(half: int) -> None:
    text = _halves("cli.md")[half]
    for name, command in _subcommands().items():
        assert f"### speechlint {name}\n" in text, name
        for action in command._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in text, f"speechlint {name} {flag}"
    assert "后续版本" not in text and "later version" not in text


@pytest.mark.parametrize("half", [0, 1], ids=["zh", "en"])
def test_configuration_md_covers_every_key(half: int) -> None:
    text = _halves("configuration.md")[half]
    for key in config_schema(builtin_registry())["properties"]:
        assert f"`{key}`" in text or f"`[{key}]`" in text or f"`[{key}." in text, key
    assert '[".*/", "node_modules/", "__pycache__/"]' in text  # exclude's real default
    assert "W501–W505" in text


def test_the_starter_configuration_names_a_tsv_dictionary() -> None:
    for lang in ("zh", "en"):
        line = next(x for x in starter_config(lang=lang).splitlines() if "dictionaries" in x)
        assert line.endswith('.tsv"]'), line


# -- the form requirements table matches the schemas -------------------------------------------

_FORMS = ("meeting-speech", "speech", "opening-address", "pledge")
_SPAN = {"start": [1, 1], "end": [1, 2]}
_NODE = {"text": "x", "span": _SPAN}


def _point(topic: bool = True) -> dict[str, object]:
    return {"number": 1, "marker": "第一，", "style": "ordinal", "form": "paragraph", "level": 1,
            "span": _SPAN, "topic": _NODE if topic else None, "body": [], "points": []}  # fmt: skip


def _outline(missing: str) -> dict[str, object]:
    """A complete outline, with the part one requirement asks for taken away."""
    opening: dict[str, object] = {"span": _SPAN, "paragraphs": [_NODE], "context": [_NODE],
                                  "recap": _NODE, "transition": _NODE}  # fmt: skip
    outline: dict[str, object] = {
        "version": 1, "path": "x", "form": "x", "meta": {}, "title": _NODE, "salutation": _NODE,
        "opening": opening, "points": [_point(), _point()], "signoff": None,
        "closing": {"span": _SPAN, "paragraphs": [_NODE], "call_to_action": _NODE},
        "stats": {"chars": 1, "paragraphs": 1, "points": 2, "minutes": 0.1},
    }  # fmt: skip
    if missing in ("S101", "S102"):
        outline["title" if missing == "S101" else "salutation"] = None
    elif missing == "S103":  # context gone; and the recap, which a pledge accepts instead
        opening.update(context=[], recap=None)
    elif missing in ("S104", "S105"):
        opening["recap" if missing == "S104" else "transition"] = None
    elif missing in ("S106", "S107"):
        outline["points"] = [_point()] if missing == "S106" else [_point(False), _point()]
    else:
        outline["closing"] = {"span": _SPAN, "paragraphs": [_NODE], "call_to_action": None}
    return outline


def _required_by_schema(form: str, code: str) -> bool:
    schema = load_form(builtin_schema_path(f"{form}.schema.json"), form)
    return code in {failure.code for failure in schema.failures(_outline(code))}


@pytest.mark.parametrize("half", [0, 1], ids=["zh", "en"])
def test_the_form_table_matches_the_schemas(half: int) -> None:
    text = _halves("forms.md")[half]
    header = next(line for line in text.splitlines() if "`meeting-speech` |" in line)
    columns = [cell.strip().strip("`") for cell in header.strip("|").split("|")]
    assert columns[2:] == list(_FORMS)
    rows = [line for line in text.splitlines() if re.match(r"\| .* \| S10[1-8] \|", line)]
    assert [row.split("|")[2].strip() for row in rows] == [f"S10{n}" for n in range(1, 9)]
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        for form, cell in zip(_FORMS, cells[2:], strict=True):
            documented = cell != "—"
            assert documented == _required_by_schema(form, cells[1]), (cells[1], form, cell)


def test_forms_md_names_every_built_in_form() -> None:
    zh, en = _halves("forms.md")
    for form in builtin_registry().forms:
        assert f"`{form}`" in zh and f"`{form}`" in en, form


# -- the plugin guide's rule and cases work ----------------------------------------------------


def _file_blocks(name: str) -> dict[str, str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    pattern = r"<!-- file: (\S+) -->\n```\w*\n(.*?)\n```"
    return {path: body + "\n" for path, body in re.findall(pattern, text, re.DOTALL)}


def test_the_plugin_guide_rule_passes_its_own_cases(tmp_path: Path) -> None:
    blocks = _file_blocks("plugins.md")
    module_path = tmp_path / "topic_prefix.py"
    module_path.write_text(blocks["topic_prefix.py"], encoding="utf-8")
    cases_path = tmp_path / "ORG102.yaml"
    cases_path.write_text(blocks["tests/cases/ORG102.yaml"], encoding="utf-8")
    spec = importlib.util.spec_from_file_location("docs_topic_prefix", module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    registry = load_registry(entry_points=False, extra=[module])
    cases = load_cases(cases_path)
    assert {case.passes for case in cases} == {True, False}
    for case in cases:
        check_case(case, registry)
    assert "topic-sentence-prefix" in {meta.name for meta in registry.metas.values()}
    sys.modules.pop("docs_topic_prefix", None)


def test_the_readme_points_to_the_docs_and_the_language_server() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## 文档 / Documentation" in readme
    assert "`speechlint lsp`" in readme and "(docs/editors.md)" in readme
    for page in ("getting-started", "forms", "cli", "configuration", "editors", "ci", "plugins"):
        assert f"(docs/{page}.md)" in readme, page
