"""The generated reference: current, complete, and the same text as ``speechlint explain``."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

from speechlint._config import load_config_file
from speechlint._docgen import (
    CONFIG_PAGE,
    builtin_registry,
    escape,
    fenced,
    generate,
    main,
    rule_page,
    stale_pages,
    toml_value,
    write_pages,
)
from speechlint._explain import explain, rule_text
from speechlint._pluginmanager import Registry
from speechlint.rules import RuleDoc, RuleMeta

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CJK = re.compile(r"[\u4e00-\u9fff]")

# DESIGN §4: every code of the catalogue has a reference entry.
DESIGN_CODES = (
    "S101", "S102", "S103", "S104", "S105", "S106", "S107", "S108", "S109", "S110",
    "S111", "S112", "N201", "N202", "N203", "N204", "N205", "T301", "T302", "P401",
    "P402", "P403", "P404", "P405", "P406", "W501", "W502", "W503", "W504", "W505",
    "D601", "D602", "D603", "L701", "L702", "E901", "E902", "E903",
)  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> Registry:
    return builtin_registry()


@pytest.fixture(scope="module")
def pages(registry: Registry) -> dict[str, str]:
    return generate(registry)


def test_the_generated_pages_are_current(pages: dict[str, str]) -> None:
    stale = stale_pages(DOCS, pages)
    assert not stale, f"out of date: {stale}; run `python -m speechlint._docgen`"


def test_every_code_has_a_page_with_chinese_examples(registry: Registry) -> None:
    codes = sorted(set(DESIGN_CODES) | set(registry.metas))
    assert set(DESIGN_CODES) <= set(registry.metas)
    index = (DOCS / "rules" / "index.md").read_text(encoding="utf-8")
    for code in codes:
        meta = registry.metas[code]
        page = (DOCS / "rules" / f"{code}.md").read_text(encoding="utf-8")
        assert meta.doc is not None, f"{code} has no RuleDoc"
        assert CJK.search(meta.doc.bad) and CJK.search(meta.doc.good), code
        assert fenced(meta.doc.bad) in page and fenced(meta.doc.good) in page, code
        assert f"[{code}]({code}.md)" in index


def _plain(markdown: str) -> str:
    """Markdown reduced to its text: escapes, entities, links, emphasis and code marks removed."""
    text = html.unescape(re.sub(r"\\(.)", r"\1", markdown))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("`", "").replace("**", "").casefold()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_prints_what_the_rule_page_shows(registry: Registry, lang: str) -> None:
    for code, meta in registry.metas.items():
        page = _plain((DOCS / "rules" / f"{code}.md").read_text(encoding="utf-8"))
        printed = explain(registry, code, lang=lang)
        text = rule_text(meta, lang)
        options = {option.name for option in text.options}
        for line in printed.splitlines():
            name = line.strip().split(" ", 1)[0]
            if line.startswith("  ") and name in options:
                continue  # an option line: the page has a table row (checked below)
            assert line.strip().replace("`", "").casefold() in page, f"{code} [{lang}]: {line!r}"
        for option in text.options:
            row = [option.name, option.type, option.default or "", option.description]
            for cell in row:
                assert " ".join(cell.split()).casefold() in page, f"{code} {option.name}: {cell!r}"
                assert cell in printed


def test_the_configuration_snippets_of_rule_pages_are_valid(
    registry: Registry, pages: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "speechlint.toml"
    for code in registry.metas:
        blocks = re.findall(r"```toml\n(.*?)\n```", pages[f"rules/{code}.md"], re.DOTALL)
        assert blocks, code
        for block in blocks:
            config.write_text(block, encoding="utf-8")
            settings = load_config_file(config, registry)  # raises ConfigError when invalid
            assert tomllib.loads(block), code
            assert settings is not None


def test_the_configuration_reference_lists_every_key_and_option(
    registry: Registry, pages: dict[str, str]
) -> None:
    from speechlint._config import config_schema

    page = pages[CONFIG_PAGE]
    schema = config_schema(registry)
    for key in schema["properties"]:
        assert f"`{key}`" in page or f"`[{key}]`" in page, key
    for code, meta in registry.metas.items():
        for option in meta.options:
            assert f"[{code}](rules/{code}.md) | `{option}`" in page, (code, option)


def test_the_generator_writes_checks_and_removes_stale_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    assert main(["--docs-dir", str(docs), "--check"]) == 1
    assert main(["--docs-dir", str(docs)]) == 0
    assert (docs / "rules" / "W501.md").is_file()
    assert main(["--docs-dir", str(docs), "--check"]) == 0
    retired = docs / "rules" / "Z999.md"
    retired.write_text("old\n", encoding="utf-8")
    assert main(["--docs-dir", str(docs), "--check"]) == 1
    assert "Z999.md: out of date" in capsys.readouterr().err
    assert main(["--docs-dir", str(docs)]) == 0
    assert not retired.exists()
    assert main(["--docs-dir", str(tmp_path / "missing")]) == 2


def test_write_pages_reports_only_what_changed(tmp_path: Path) -> None:
    pages = {"rules/index.md": "a\n", "x.md": "b\n"}
    assert write_pages(tmp_path, pages) == ["rules/index.md", "x.md"]
    assert write_pages(tmp_path, pages) == []
    assert stale_pages(tmp_path, {**pages, "x.md": "c\n"}) == ["x.md"]


# -- rendering details --------------------------------------------------------------------------


def test_prose_is_escaped_so_that_it_renders_as_written() -> None:
    assert escape("用 XX、*、<!-- 注释 --> 标记") == "用 XX、\\*、&lt;!-- 注释 --&gt; 标记"
    assert escape("a_b [c] | d & e") == "a\\_b \\[c\\] \\| d &amp; e"
    assert escape("# 不是标题\n1. 不是列表") == "\\# 不是标题\n1\\. 不是列表"
    assert escape("写 `encoding`") == "写 `encoding`"


def test_fences_outlast_backticks_inside() -> None:
    assert fenced("a ``` b") == "````text\na ``` b\n````"
    assert fenced("x\n", "toml") == "```toml\nx\n```"


def test_toml_values() -> None:
    assert toml_value(["要", "坚持"]) == '["要", "坚持"]'
    assert toml_value(True) == "true"
    assert (
        toml_value({"pattern": "本单位", "fix": "safe"})
        == '{ "pattern" = "本单位", "fix" = "safe" }'
    )
    assert toml_value([]) == "[]"
    assert tomllib.loads(f"x = {toml_value({'a': [1, 2.5], 'b': {}})}") == {
        "x": {"a": [1, 2.5], "b": {}}
    }


def test_a_rule_without_documentation_still_gets_a_page() -> None:
    meta = RuleMeta(code="ORG900", name="org-rule", summary={"zh": "自定义 *规则*", "en": "custom"})
    page = rule_page(meta)
    assert "# ORG900 org-rule" in page
    assert "**自定义 \\*规则\\***" in page
    assert "（该规则没有文档）" in page and "(this rule has no documentation)" in page
    assert '[severity]\nORG900 = "warning"' in page


def test_docs_mentions_in_a_reference_become_links() -> None:
    meta = RuleMeta(
        code="ORG901",
        name="org-rule",
        summary="x",
        doc=RuleDoc(
            why="见 docs/dictionaries.md。", bad="甲", good="乙", reference="docs/near-miss.md"
        ),
    )
    page = rule_page(meta)
    assert "见 [docs/dictionaries.md](../dictionaries.md)。" in page
    assert "[docs/near-miss.md](../near-miss.md)" in page
