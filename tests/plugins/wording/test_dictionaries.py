"""The wording dictionaries: every entry's example, the seed, custom files, format errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from speechlint import hookimpl
from speechlint._engine import Engine
from speechlint._pluginmanager import load_registry
from speechlint.diagnostics import Diagnostic
from speechlint.document import Document
from speechlint.errors import ConfigError
from speechlint.plugins.wording import _lexicon_index, dictionary
from speechlint.plugins.wording.dictionary import (
    Dictionary,
    Entry,
    builtin_entries,
    data_directory,
    example_problems,
    load_dictionaries,
    parse_dictionary,
)
from speechlint.settings import Settings
from speechlint.testing import lint_text

HERE = Path(__file__).parent
ORG_DICTIONARY = HERE / "org-dictionary.tsv"
DOCS = HERE.parents[2] / "docs" / "dictionaries.md"
ROOT = HERE.parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed.txt"
EXAMPLES = ROOT / "docs" / "examples"
CODES = {"confusion": "W501", "term": "W502", "quote": "W503", "discouraged": "W504"}
WORDING = ("W501", "W502", "W503", "W504", "W505")
HEADER = "kind\twrong\tright\tsource\texample\tnote\tafter\tmessage\n"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_registry(entry_points=False))


def lint(engine: Engine, text: str, **settings: Any) -> tuple[Document, list[Diagnostic]]:
    document = Document("case.md", text)
    chosen = Settings(select=settings.pop("select", WORDING), **settings)
    return document, engine.lint(document, chosen).diagnostics


def covered(document: Document, diagnostic: Diagnostic) -> str:
    return document.text[diagnostic.range.start : diagnostic.range.end]


# -- every built-in entry ----------------------------------------------------------------


def test_builtin_examples_pass_the_dictionary_check() -> None:
    assert example_problems(load_dictionaries()) == []


def _entry_id(entry: Entry) -> str:
    return f"{entry.kind}-{entry.wrong}"


@pytest.mark.parametrize("entry", builtin_entries(), ids=_entry_id)
def test_builtin_example_fires_through_the_engine(entry: Entry) -> None:
    document, found = lint_text(entry.example, select=WORDING)
    if entry.kind == "allow":
        start = entry.example.index(entry.wrong)
        end = start + len(entry.wrong)
        inside = [d for d in found if start <= d.range.start and d.range.end <= end]
        assert inside == [], f"{entry.origin}: {entry.wrong} is allowed but {inside} fired"
        return
    mine = [d for d in found if d.code == CODES[entry.kind]]
    assert [covered(document, d) for d in mine] == [entry.wrong], entry.origin


def _fields(entry: Entry) -> tuple[object, ...]:
    """An entry's fields, with each compiled pattern as its source."""
    return tuple(
        getattr(value, "source", value) for value in (getattr(entry, f) for f in Entry.__slots__)
    )


def test_builtin_dictionaries_are_valid_and_parsed_alike_without_the_checks() -> None:
    """The built-in files are read trusted (no checks, patterns compiled on first use): they
    must pass every check, patterns compiled, and give the same entries."""
    checked: list[Entry] = []
    for item in sorted(data_directory().iterdir(), key=lambda item: item.name):
        if item.name.endswith(".tsv"):
            text, name = item.read_text("utf-8"), f"data/{item.name}"
            checked.extend(parse_dictionary(text, name))
    assert [_fields(e) for e in builtin_entries()] == [_fields(e) for e in checked]
    assert any(e.before or e.after for e in checked)  # the patterns were compiled and checked
    # As cached: rows of strings and back.
    again = [dictionary._entry_of_row(dictionary._row_of_entry(e)) for e in checked]
    assert [_fields(e) for e in again] == [_fields(e) for e in checked]


def test_builtin_rows_are_cached_beside_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_lexicon_index.CACHE_ENV, str(tmp_path))
    calls: list[int] = []

    def build() -> list[tuple[str, ...]]:
        calls.append(1)
        return [dictionary._row_of_entry(entry) for entry in builtin_entries()]

    first = _lexicon_index.cached_rows(build)
    assert _lexicon_index.cached_rows(build) == first and calls == [1]
    assert [p.name for p in (tmp_path / "lexicon").iterdir()] == [
        f"{_lexicon_index.fingerprint('dictionaries-')}.marshal"
    ]


def test_every_builtin_entry_has_a_source_and_an_example() -> None:
    for entry in builtin_entries():
        assert entry.source and entry.example, entry.origin


def test_no_builtin_pair_fires_on_its_own_correct_form() -> None:
    for entry in builtin_entries():
        if entry.kind in ("confusion", "term") and entry.right:
            fixed = entry.example.replace(entry.wrong, entry.right)
            _document, found = lint_text(fixed, select=(CODES[entry.kind],))
            assert found == [], f"{entry.origin}: the corrected example still fires: {found}"


# -- the seed ------------------------------------------------------------------------------


def test_seed_findings(engine: Engine) -> None:
    document = Document(str(SEED), SEED.read_text("utf-8"))
    found = engine.lint(document, Settings(select=WORDING)).diagnostics
    summary = [
        (d.code, *_line_col(document, d), covered(document, d), d.fix.edits[0].new_text)
        for d in found
        if d.fix is not None
    ]
    assert summary == [
        ("W502", 6, 154, 168, "习近平新时代中国特色社会主义", "习近平新时代中国特色社会主义思想"),
        ("W501", 6, 208, 212, "港移默化", "潜移默化"),
        ("W501", 6, 242, 246, "惩前恶后", "惩前毖后"),
        ("W501", 9, 58, 62, "主题责任", "主体责任"),
    ]
    assert len(found) == len(summary)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".md", ".txt")),
    ids=lambda path: path.name,
)
def test_clean_example_speeches_have_no_wording_findings(engine: Engine, path: Path) -> None:
    document = Document(str(path), path.read_text("utf-8"))
    assert engine.lint(document, Settings(select=WORDING)).diagnostics == []


def _line_col(document: Document, diagnostic: Diagnostic) -> tuple[int, int, int]:
    data = diagnostic.to_json(document)
    return data["line"], data["column"], data["end_column"]


# -- organisation dictionaries -----------------------------------------------------------


def test_org_dictionary_examples(engine: Engine) -> None:
    dictionary = load_dictionaries((ORG_DICTIONARY,))
    assert example_problems(dictionary, f"{ORG_DICTIONARY}:") == []
    for entry in parse_dictionary(ORG_DICTIONARY.read_text("utf-8"), "org"):
        if entry.kind == "pattern":
            _document, found = lint(engine, entry.example, dictionaries=(ORG_DICTIONARY,))
            assert [d.code for d in found] == ["W505"], entry.wrong


def test_org_dictionary_through_settings(engine: Engine) -> None:
    text = "本单位认真落实会议精神，组织了一次大排查。\n要发挥鲶鱼效应。"
    document, found = lint(engine, text, dictionaries=(ORG_DICTIONARY,))
    assert [(d.code, covered(document, d), d.severity) for d in found] == [
        ("W505", "本单位", "warning"),
        ("W504", "大排查", "info"),
    ]
    assert found[0].fix is not None and found[0].fix.edits[0].new_text == "我局"
    assert found[0].fix.applicability == "safe"
    # Without the organisation's dictionary, 鲶鱼 is the built-in W501 pair again.
    _document, plain = lint(engine, text)
    assert [d.code for d in plain] == ["W501"]


def test_plugin_dictionaries_through_the_hook(tmp_path: Path) -> None:
    plugin_file = tmp_path / "plugin.tsv"
    plugin_file.write_text(HEADER + "confusion\t甲乙丙\t甲乙丁\t插件\t写成甲乙丙。\n", "utf-8")
    org_file = tmp_path / "org.tsv"
    org_file.write_text(HEADER + "confusion\t甲乙丙\t甲乙戊\t单位\t写成甲乙丙。\n", "utf-8")

    class Plugin:
        @hookimpl
        def speechlint_dictionaries(self) -> list[Path]:
            return [plugin_file]

    engine = Engine(load_registry(entry_points=False, extra=[Plugin()]))
    _document, found = lint(engine, "写成甲乙丙。")
    assert [(d.code, d.fix.edits[0].new_text if d.fix else None) for d in found] == [
        ("W501", "甲乙丁")
    ]
    # The configured dictionary comes after the plugin's and wins.
    _document, found = lint(engine, "写成甲乙丙。", dictionaries=(org_file,))
    assert [d.fix.edits[0].new_text if d.fix else None for d in found] == ["甲乙戊"]


def test_later_dictionaries_override_and_allow_removes(tmp_path: Path) -> None:
    path = tmp_path / "org.tsv"
    path.write_text(
        HEADER
        + "confusion\t港移默化\t潜移默化\t本单位\t在港移默化中。\t\t\t请改为潜移默化\n"
        + "allow\t主题责任\t\t本单位\t主题责任。\n",
        "utf-8",
    )
    dictionary = load_dictionaries((path,))
    hits = dictionary.scan("在港移默化中，落实主题责任。")
    assert [(hit.entry.wrong, hit.entry.message) for hit in hits] == [
        ("港移默化", "请改为潜移默化")
    ]


def test_dictionaries_are_cached_until_a_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "org.tsv"
    path.write_text(HEADER + "confusion\t甲乙丙\t甲乙丁\t测试\t甲乙丙。\n", "utf-8")
    first = load_dictionaries((path,))
    assert load_dictionaries((path,)) is first
    path.write_text(HEADER + "confusion\t甲乙丙\t甲乙戊\t测试\t甲乙丙。\n", "utf-8")
    os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock's resolution
    second = load_dictionaries((path,))
    assert second is not first
    assert [hit.entry.right for hit in second.scan("甲乙丙")] == ["甲乙戊"]


def test_dictionary_with_a_bom_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "excel.tsv"
    body = "# 注释\n\n" + HEADER + "confusion\t甲乙丙\t甲乙丁\t测试\t甲乙丙。\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert len(load_dictionaries((path,)).scan("甲乙丙")) == 1


# -- errors --------------------------------------------------------------------------------


def test_invalid_pattern_is_a_config_error_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(
        "# 单位词典\nkind\twrong\tsource\texample\tmessage\n"
        "pattern\t本单位\t测试\t本单位。\t写作我局\n"
        "pattern\t[本单位\t测试\t本单位。\t写作我局\n",
        "utf-8",
    )
    with pytest.raises(ConfigError) as error:
        load_dictionaries((path,))
    message = str(error.value)
    assert f"{path}:4:" in message
    assert "'wrong'" in message and "regular expression" in message


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("kind\twrong\tsource\n", "lacks the column 'example'"),
        ("kind\twrong\tsource\texample\tcolour\n", "unknown column 'colour'"),
        ("kind\twrong\tsource\texample\nspelling\t甲\t测试\t甲。\n", "unknown kind 'spelling'"),
        ("kind\twrong\tsource\texample\nconfusion\t甲\t测试\t甲。\n", "needs the correct form"),
        ("kind\twrong\tright\tsource\texample\nconfusion\t甲\t乙\t\t甲。\n", "'source' is empty"),
        ("kind\twrong\tsource\texample\ndiscouraged\t甲\t测试\t甲。\n", "needs a reason"),
        ("kind\twrong\tsource\texample\npattern\t甲\t测试\t甲。\n", "needs a message"),
        ("kind\twrong\tsource\texample\tmessage\npattern\ta*\t测试\t甲。\t空\n", "empty string"),
        ("kind\twrong\tsource\texample\tafter\nquote\t甲\t测试\t甲。\t(?!\n", "'after'"),
        ("kind\twrong\tsource\texample\tfix\nquote\t甲\t测试\t甲。\tsafe\n", "fix 'safe'"),
        (HEADER + "pattern\t(甲)\t\\2\t测\t甲\t\t\t空\n", "replacement"),
        ("# only a comment\n", "no header line"),
        ("kind\twrong\tsource\texample\nquote\t甲\t测试\t甲。\textra\n", "tab-separated cells"),
    ],
)
def test_format_errors(body: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=r"org\.tsv") as error:
        parse_dictionary(body, "org.tsv")
    assert problem in str(error.value)


def test_missing_dictionary_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_dictionaries((tmp_path / "missing.tsv",))


def test_invalid_pattern_option_names_the_option(engine: Engine) -> None:
    options = {"patterns": [{"pattern": "(本单位", "message": "写作我局"}]}
    expected = r"\[rules\.W505\] patterns\[0\]: 'pattern' is not a valid"
    with pytest.raises(ConfigError, match=expected):
        lint(engine, "本单位。", select=("W505",), rules={"W505": options})


# -- messages and docs ----------------------------------------------------------------------


def test_english_messages(engine: Engine) -> None:
    text = "在港移默化中，牢固树立四个意识，落实八项规定精神，参与“一带一路”战略。"
    _document, found = lint(engine, text, lang="en")
    assert [d.message for d in found] == [
        "“港移默化” is misspelled: write “潜移默化”",
        "the formula 四个意识 takes quotation marks: “四个意识”",
        "write “中央八项规定精神” (the Central Committee's eight-point rules)",
        "Xinhua: call it the Belt and Road “倡议” (initiative), not “战略”",
    ]


@pytest.mark.parametrize("code", ["W501", "W502", "W503", "W504"])
def test_rule_doc_examples(code: str) -> None:
    meta = load_registry(entry_points=False).metas[code]
    assert meta.doc is not None
    assert {d.code for d in lint_text(meta.doc.bad, select=(code,))[1]} == {code}
    assert lint_text(meta.doc.good, select=(code,))[1] == []


def test_docs_show_the_org_dictionary_verbatim() -> None:
    assert ORG_DICTIONARY.read_text("utf-8") in DOCS.read_text("utf-8")


def test_urls_and_code_are_not_prose(engine: Engine) -> None:
    options = {"patterns": [{"pattern": "sixiang", "message": "测试"}]}
    text = "见 https://example.cn/sixiang 和 `sixiang`，再看 sixiang。"
    document, found = lint(engine, text, select=("W505",), rules={"W505": options})
    assert [document.position(d.range.start).column for d in found] == [text.rindex("sixiang")]


def test_a_document_is_searched_in_one_pass_with_the_same_hits_as_paragraph_by_paragraph() -> None:
    """UTF-16 over the joined paragraphs, or (a character beyond the BMP, a lone surrogate, a
    key holding the separator) each paragraph as a str: the hits are the same."""
    dictionary = load_dictionaries()
    texts = [
        "要牢固树立四个意识，坚定四个自信。",
        "",
        "港移默化",
        "积极参与“一带一路”战略，",
        "𠀀四个意识",
        "四个意识\ud800两个维护",
        "不拆不扣地贯沏落实四个意识",
    ]
    automaton = dictionary._automaton

    def alone(text: str) -> list[Any]:
        return dictionary._hits(text, automaton._narrow_matches(text)) if text else []

    for group in (texts[:4], texts, texts[-1:]):
        assert dictionary.scan_many(group) == [alone(text) for text in group]
        # The search in C (core/_speedups.c), when it is built, finds what ahocorasick_rs finds.
        if automaton._native is not None:
            found = automaton._native_iter_many(automaton._native, group)
            assert sorted(found) == sorted(automaton._python_iter_many(group))
    assert any(dictionary.scan_many(texts))
    # A key holding the separator: the paragraphs are searched one by one.
    joined = Dictionary([Entry("discouraged", "意识\n坚定", note="x"), *builtin_entries()])
    assert not joined._automaton._joinable
    assert joined.scan_many(["意识\n坚定", "意识", "坚定"])[0][0].entry.wrong == "意识\n坚定"
    assert not any(joined.scan_many(["意识", "坚定"]))
