"""The result cache: warm runs skip linting, every input that matters invalidates, `clean`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from speechlint import hookimpl
from speechlint._cache import ENTRIES, TAG_NAME, ResultCache, decode_rows, encode_rows
from speechlint._cli import main
from speechlint._engine import Engine
from speechlint.diagnostics import Diagnostic, Fix, Range, TextEdit
from speechlint.rules import Rule, RuleMeta, Violation

SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶,提高认识。\n"
HEADER = "kind\twrong\tright\tsource\texample\n"  # an organisation dictionary (W501)


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the engine actually lints (cache hits never reach it)."""
    paths: list[str] = []
    original = Engine.lint

    def counting(self, document, settings=None):
        paths.append(document.path)
        return original(self, document, settings)

    monkeypatch.setattr(Engine, "lint", counting)
    return paths


def _entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / ENTRIES).glob("*/*.json"))


def test_a_warm_run_lints_nothing_and_reports_the_same(cli, write, linted, cache_dir):
    write("a.md", SPEECH)
    write("b.md", SPEECH.replace("港移默化", "潜移默化"))
    first = cli(".", "--format", "json")
    assert sorted(linted) == ["a.md", "b.md"]
    assert len(_entries(cache_dir)) == 2
    assert (
        (cache_dir / TAG_NAME).read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    linted.clear()
    assert cli(".", "--format", "json") == first
    assert linted == []
    # Text output needs the document (code frames), which a hit still decodes.
    assert cli(".")[1] == cli(".", "--no-cache")[1]


def test_a_changed_file_is_linted_again_alone(cli, write, linted):
    write("a.md", SPEECH)
    write("b.md", SPEECH)
    cli(".")
    linted.clear()
    write("b.md", SPEECH + "再接再励。\n")
    cli(".")
    assert linted == ["b.md"]


def test_configuration_changes_invalidate(cli, write, linted):
    write("a.md", SPEECH)
    cli("a.md")
    write("speechlint.toml", 'ignore = ["P401"]\n')
    linted.clear()
    _, out, _ = cli("a.md", "--format", "json")
    assert linted == ["a.md"]
    assert '"P401"' not in out
    linted.clear()
    cli("a.md", "--select", "W501")  # command-line overrides are settings too
    assert linted == ["a.md"]


def test_a_changed_dictionary_invalidates(cli, write, linted):
    write("words.txt", HEADER + "confusion\t受熏淘\t受熏陶\ttest\t受熏陶。\n")
    write("speechlint.toml", 'dictionaries = ["words.txt"]\n')
    write("a.md", SPEECH)
    assert cli("a.md")[0] == 1
    linted.clear()
    cli("a.md")
    assert linted == []
    dictionary = Path("words.txt")
    dictionary.write_text(HEADER + "confusion\t提高认知\t提高认识\ttest\t提高认识。\n", "utf-8")
    stat = dictionary.stat()
    os.utime(dictionary, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    cli("a.md")
    assert linted == ["a.md"]


def test_the_version_is_part_of_the_key(cli, write, linted, monkeypatch):
    write("a.md", SPEECH)
    cli("a.md")
    monkeypatch.setattr("speechlint._cache.__version__", "999.0")
    linted.clear()
    cli("a.md")
    assert linted == ["a.md"]


def test_corrupt_entries_are_misses(cli, write, linted, cache_dir):
    write("a.md", SPEECH)
    expected = cli("a.md", "--format", "json")
    for garbage, entry in zip(
        ["{", "[[1]]", '[["W501"]]', '"x"'], _entries(cache_dir) * 4, strict=False
    ):
        entry.write_text(garbage, encoding="utf-8")
        linted.clear()
        assert cli("a.md", "--format", "json") == expected
        assert linted == ["a.md"]


def test_no_cache_neither_reads_nor_writes(cli, write, linted, cache_dir):
    write("a.md", SPEECH)
    cli("a.md", "--no-cache")
    cli("a.md", "--no-cache")
    assert linted == ["a.md", "a.md"]
    assert not cache_dir.exists()


def test_fix_and_stdin_do_not_use_the_cache(cli, write, cache_dir, monkeypatch):
    import io
    import sys

    write("a.md", SPEECH)
    cli("a.md", "--fix")
    assert "潜移默化" in Path("a.md").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SPEECH.encode())))
    cli("-")
    assert not cache_dir.exists()


class _Plugin:
    @staticmethod
    @hookimpl
    def speechlint_rules() -> list[Rule]:
        meta = RuleMeta("TST901", "test-rule", "test")
        return [Rule(meta, lambda ctx: iter([Violation(0, 1, "x")]))]


def test_plugins_without_a_version_turn_the_cache_off(write, capsys, cache_dir):
    write("a.md", SPEECH)
    assert main(["check", "a.md"], plugins=[_Plugin]) == 1
    assert "TST901" in capsys.readouterr().out
    assert not cache_dir.exists()


def test_clean_removes_only_what_speechlint_wrote(cli, write, cache_dir):
    write("a.md", SPEECH)
    cli("a.md")
    status, out, _ = cli(command="clean")
    assert status == 0
    assert out.splitlines() == [
        f"已删除 {cache_dir / TAG_NAME}",
        f"已删除 {cache_dir / ENTRIES}",
        f"已删除 {cache_dir}",
    ]
    assert not cache_dir.exists()
    assert cli("--lang", "en", command="clean")[1] == f"Nothing to remove ({cache_dir})\n"
    cli("a.md")
    write(cache_dir / "mine.txt", "not speechlint's")
    cli(command="clean")
    assert [p.name for p in cache_dir.iterdir()] == ["mine.txt"]


def test_rows_round_trip():
    fix = Fix({"zh": "改", "en": "fix"}, (TextEdit(Range(1, 3), "新"),), "unsafe")
    diagnostics = [
        Diagnostic("a.md", "W501", "misspelled-phrase", "error", "消息", Range(1, 3), fix),
        Diagnostic("a.md", "S101", "missing-title", "warning", "m", Range(0, 0)),
    ]
    assert decode_rows("a.md", encode_rows(diagnostics)) == diagnostics


def test_an_unwritable_cache_does_not_stop_the_run(tmp_path, registry):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    cache = ResultCache(blocked, registry)
    cache.store("ab" + "0" * 38, [])
    assert cache.load("ab" + "0" * 38, "a.md") is None
