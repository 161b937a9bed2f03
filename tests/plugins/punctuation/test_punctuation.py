"""The punctuation pack (P401–P406) beyond its YAML cases: the published reports, the example
speeches, generated defects, Markdown source mapping and the shared helpers."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from speechlint._engine import Engine
from speechlint._pluginmanager import load_registry
from speechlint.diagnostics import Diagnostic
from speechlint.document import Document
from speechlint.outline import build_outline
from speechlint.parse import parse
from speechlint.plugins.punctuation import RULES
from speechlint.plugins.punctuation._pairs import all_paired, unit_pairs
from speechlint.plugins.punctuation._text import source_hits, visible_index
from speechlint.rules import Rule, RuleContext
from speechlint.settings import Settings
from speechlint.testing import apply_fixes, lint_text

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
PUBLIC = SHARED / "corpus" / "public"
MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"
CODES = tuple(rule.meta.code for rule in RULES)

# The stray spaces between Chinese and digits in the published reports (transcription noise).
STRAY_SPACES = {
    "gwr1999.txt": 1,
    "gwr2000.txt": 1,
    "gwr2004.txt": 1,
    "gwr2007.txt": 8,
    "gwr2008.txt": 5,
    "gwr2011.txt": 7,
}
# Every other finding of the pack on the reports, each a genuine error: gwr2002 has half-width
# ! , ( ) in Chinese text; gwr2007 line 7 has wiki-markup leftovers '……'粗体文字.
GENUINE = {
    ("gwr2002.txt", "P401", 10, 207),
    ("gwr2002.txt", "P401", 28, 363),
    ("gwr2002.txt", "P401", 54, 38),
    ("gwr2002.txt", "P401", 92, 5),
    ("gwr2002.txt", "P401", 93, 132),
    ("gwr2007.txt", "P405", 7, 1),
}


def _lint_file(engine: Engine, path: Path) -> tuple[Document, list[Diagnostic]]:
    document = Document(str(path), path.read_text("utf-8"))
    settings = Settings(form="speech", select=("P4",))
    return document, engine.lint(document, settings).diagnostics


@pytest.fixture(scope="module")
def public_findings() -> list[tuple[str, str, int, int]]:
    if not PUBLIC.is_dir():
        pytest.skip(f"{PUBLIC} is not available")
    engine = Engine(load_registry(entry_points=False))
    found = []
    for path in sorted(PUBLIC.glob("*.txt")):
        document, diagnostics = _lint_file(engine, path)
        for diagnostic in diagnostics:
            data = diagnostic.to_json(document)
            found.append((path.name, data["code"], data["line"], data["column"]))
    return found


def test_p404_finds_the_stray_spaces_in_the_published_reports(
    public_findings: list[tuple[str, str, int, int]],
) -> None:
    per_file = Counter(name for name, code, _line, _column in public_findings if code == "P404")
    assert dict(per_file) == STRAY_SPACES


def test_every_other_finding_on_the_published_reports_is_a_known_genuine_error(
    public_findings: list[tuple[str, str, int, int]],
) -> None:
    others = {finding for finding in public_findings if finding[1] != "P404"}
    assert others == GENUINE


@pytest.mark.parametrize(
    "path", sorted(p for p in (ROOT / "docs" / "examples").glob("*.*") if p.is_file())
)
def test_no_finding_on_the_example_speeches(path: Path) -> None:
    _document, diagnostics = _lint_file(Engine(load_registry(entry_points=False)), path)
    assert diagnostics == []


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.meta.code)
def test_documented_examples(rule: Rule) -> None:
    meta = rule.meta
    assert meta.doc is not None
    _doc, bad = lint_text(meta.doc.bad, select=(meta.code,))
    _doc, good = lint_text(meta.doc.good, select=(meta.code,))
    assert [d.code for d in bad] and not good


def test_generated_defects_are_all_found(tmp_path: Path) -> None:
    """Every half-width comma and removed quote or title mark make_corpus injects is found,
    and nothing else is reported."""
    if not MAKE_CORPUS.is_file():
        pytest.skip(f"{MAKE_CORPUS} is not available")
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), "--count", "12", "--seed", "p4", "--defect-rate",
         "0.3", "--out", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    expected = {"halfwidth_comma": "P401", "unmatched_pair": "P402"}
    defects = [
        json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text("utf-8").splitlines()
    ]
    wanted = {(d["file"], d["line"], expected[d["kind"]]) for d in defects if d["kind"] in expected}
    engine = Engine(load_registry(entry_points=False))
    found: set[tuple[str, int, str]] = set()
    for path in sorted(tmp_path.glob("*.md")):
        document, diagnostics = _lint_file(engine, path)
        found.update((path.name, d.to_json(document)["line"], d.code) for d in diagnostics)
    assert len(wanted) > 10
    assert found == wanted


def test_markdown_markup_is_mapped_and_kept() -> None:
    text = (
        "# 标题\n\n**重点** 2023年完成,**任务**!\n\n- 第一项 (见附件)\n\n> 引用“一段‘文字’”,好。\n"
    )
    fixed = apply_fixes(text, select=CODES)
    assert fixed == (
        "# 标题\n\n**重点**2023年完成，**任务**！\n\n- 第一项（见附件）\n\n"
        "> 引用“一段‘文字’”，好。\n"
    )
    assert apply_fixes(fixed, select=CODES) == fixed


def test_space_next_to_emphasis_markup_gets_an_unsafe_fix() -> None:
    # Deleting the space in **5%** 以上 would stop CommonMark closing the emphasis.
    _doc, diagnostics = lint_text("增长**5%** 以上，又有 2897万人。\n", select=("P404",))
    assert [d.fix.applicability for d in diagnostics if d.fix] == ["unsafe", "safe"]


def test_crlf_and_bom_offsets() -> None:
    document, diagnostics = lint_text("同志们：\r\n会议,主要任务是部署工作。\r\n", select=("P401",))
    data = [d.to_json(document) for d in diagnostics]
    assert [(d["line"], d["column"]) for d in data] == [(2, 3)]


def _context(text: str) -> RuleContext:
    parsed = parse(Document("t.md", text))
    return RuleContext(parsed, build_outline(parsed), form="speech")


def test_source_hits_map_to_visible_text_and_skip_markup() -> None:
    ctx = _context("**重点**工作(一):\n\n[链接](http://a.cn/(x)) 完成(二)\n")
    hits = [(unit, ctx.units[unit].text[index]) for unit, index in source_hits(ctx, ("(", ")"))]
    # The parentheses of the link destination are markup, not visible text.
    assert hits == [(0, "("), (0, ")"), (1, "("), (1, ")")]
    unit = ctx.units[0]
    assert visible_index(unit, unit.source_offset(2)) == 2
    assert visible_index(unit, 0) is None  # the ** before 重点


def test_pairs_fast_path_and_unit_matching() -> None:
    balanced = _context("坚定“四个自信”（见附件）。\n学习《决定》。\n")
    assert all_paired(balanced)
    broken = _context("坚定“四个自信。\n学习《决定》。\n")
    assert not all_paired(broken)
    pairs = unit_pairs(broken, 0)
    assert pairs.unmatched == (2,) and pairs.pairs == ()
    # A quotation continued in the next paragraph is matched per paragraph, not across them.
    assert not all_paired(_context("他说：“第一段。\n“第二段。”\n"))
