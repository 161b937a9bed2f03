"""The documentation site: a strict mkdocs build, and no broken relative link in any page.

``mkdocs build --strict`` turns every warning into a failure; ``mkdocs.yml`` makes broken links,
broken anchors and pages left out of the navigation warnings.  The link check below needs no
mkdocs, so a broken link fails even where mkdocs is not installed.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest

from speechlint._docgen import builtin_registry
from speechlint.formatters.sarif import rule_help_uri

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs.yml"
NO_MKDOCS = "mkdocs is not installed (pip install -e '.[docs]'); the strict site build is skipped"


def _build(site: Path, docs_dir: Path = DOCS, **overrides: object) -> list[str]:
    """Build the site strictly into ``site``; returns the warnings (the build raises on any)."""
    pytest.importorskip("mkdocs", reason=NO_MKDOCS)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(
            str(CONFIG), docs_dir=str(docs_dir), site_dir=str(site), strict=True, **overrides
        )
        build(config)
    finally:
        logger.removeHandler(handler)
    return warnings


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation, built once with ``--strict``."""
    pytest.importorskip("mkdocs", reason=NO_MKDOCS)
    from mkdocs.exceptions import Abort

    built = tmp_path_factory.mktemp("site")
    try:
        warnings = _build(built)
    except Abort as exc:
        pytest.fail(f"mkdocs build --strict failed: {exc}")
    assert warnings == []
    return built


def test_the_strict_build_passes(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "getting-started" / "index.html").is_file()
    assert (site / "configuration-reference" / "index.html").is_file()


def test_every_rule_page_is_where_sarif_help_links_point(site: Path) -> None:
    for code in builtin_registry().metas:
        uri = rule_help_uri(code, "zh")
        assert uri is not None and uri.endswith(f"/rules/{code}/")
        assert (site / "rules" / code / "index.html").is_file(), code


def test_a_broken_link_or_anchor_fails_the_build(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason=NO_MKDOCS)
    from mkdocs.exceptions import Abort

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "other.md").write_text("# 其他\n\n## 中文\n", encoding="utf-8")
    nav = [{"首页": "index.md"}, {"其他": "other.md"}]
    for body, fails in (
        ("[好](other.md#中文)", False),  # the control: Chinese anchors resolve
        ("[缺页](no-such-page.md)", True),
        ("[缺锚点](other.md#no-such-heading)", True),
    ):
        (docs / "index.md").write_text(f"# 首页\n\n{body}\n", encoding="utf-8")
        if fails:
            with pytest.raises(Abort):
                _build(tmp_path / "site", docs, nav=nav)
        else:
            assert _build(tmp_path / "site", docs, nav=nav) == []


# -- relative links, without mkdocs -----------------------------------------------------------

_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")


def _prose(markdown: str) -> str:
    """The text outside fenced blocks and code spans (links in code are not links)."""
    kept: list[str] = []
    fence = ""
    for line in markdown.splitlines():
        match = _FENCE.match(line)
        if match and (not fence or match.group(1).startswith(fence)):
            fence = "" if fence else match.group(1)
            continue
        if not fence:
            kept.append(_CODE_SPAN.sub("", line))
    return "\n".join(kept)


def _pages() -> list[Path]:
    examples = DOCS / "examples"
    pages = [page for page in sorted(DOCS.rglob("*.md")) if examples not in page.parents]
    return [ROOT / "README.md", *pages]


def _broken(page: Path) -> list[str]:
    broken = []
    for target in _LINK.findall(_prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#", 1)[0]).resolve()
        if not path.exists():
            broken.append(f"{target} (no such file)")
        elif DOCS in (page.parent, *page.parents) and DOCS.resolve() not in path.parents:
            broken.append(f"{target} (outside docs/: the site cannot serve it)")
    return broken


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.relative_to(ROOT).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    assert _broken(page) == []


def test_the_link_check_finds_a_broken_link(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](page.md) [gone](missing.md#x) `[code](nothing.md)` [web](https://example.com)\n"
        "```text\n[in a block](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    assert _broken(page) == ["missing.md#x (no such file)"]


# -- the extras -------------------------------------------------------------------------------


def test_mkdocs_is_in_the_docs_and_test_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    for extra in ("docs", "test"):
        assert any(requirement.startswith("mkdocs") for requirement in extras[extra]), extra


def test_the_site_configuration_uses_no_network_plugin() -> None:
    text = CONFIG.read_text(encoding="utf-8")
    plugins = re.search(r"^plugins:\n((?:  .*\n)+)", text, re.MULTILINE)
    assert plugins is not None
    names = re.findall(r"^  - (\w[\w-]*)", plugins.group(1), re.MULTILINE)
    assert names == ["search"]  # built into mkdocs; nothing is fetched at build time
    assert "strict: true" in text
