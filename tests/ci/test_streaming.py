"""``--no-cache --jobs N``: files go to the workers as they are read (issue 9).

The parent reads, decodes and resolves the settings of each file while the workers already lint
the first chunks; what can go wrong while reading must still end the run cleanly.
"""

from __future__ import annotations

import speechlint._parallel
import speechlint._runner

FILES = speechlint._runner.PARALLEL_MIN_FILES + 4  # enough for workers to start
SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶,提高认识。\n第一，要加强学习。。\n"


def _corpus(write, directory: str, count: int = FILES) -> None:
    for index in range(count):
        write(f"{directory}/s{index:02}.md", SPEECH + "的的" * index)


def test_a_bad_configuration_met_while_streaming_exits_2(cli, write):
    _corpus(write, "a")
    _corpus(write, "b")
    write("b/speechlint.toml", "select = 3\n")
    status, _, err = cli(".", "--no-cache", "--jobs", "2")
    assert status == 2
    assert err.startswith("speechlint: error: ")
    assert "speechlint.toml" in err and "select" in err
    assert "Traceback" not in err


def test_unreadable_files_and_linted_files_mix_in_path_order(cli, write, monkeypatch):
    sizes: list[int] = []
    original = speechlint._parallel.lint_in_workers

    def spy(registry, tasks, jobs, **options):  # type: ignore[no-untyped-def]
        sizes.append(len(tasks))  # sized: the chunks are fitted to the run
        return original(registry, tasks, jobs, **options)

    monkeypatch.setattr(speechlint._parallel, "lint_in_workers", spy)
    _corpus(write, "d")
    write("d/s05.md", "").write_bytes(b"\xff\xfe\x00\xd8 broken")
    one = cli("d", "--no-cache", "--jobs", "1", "--format", "json")
    two = cli("d", "--no-cache", "--jobs", "2", "--format", "json")
    assert sizes == [FILES]
    assert two == one
    assert '"E901"' in one[1]


def test_one_process_reads_each_file_after_linting_the_one_before(cli, write, monkeypatch):
    # --jobs 1: a run holds one text at a time, not every file's (peak memory of a big run).
    events: list[str] = []
    read = speechlint._runner.read_bytes
    lint = speechlint._runner.Engine.lint

    def reading(path: str) -> bytes:
        events.append("read")
        return read(path)

    def linting(self, document, settings):  # type: ignore[no-untyped-def]
        events.append("lint")
        return lint(self, document, settings)

    monkeypatch.setattr(speechlint._runner, "read_bytes", reading)
    monkeypatch.setattr(speechlint._runner.Engine, "lint", linting)
    _corpus(write, "e", count=4)
    status, out, _ = cli("e", "--no-cache", "--jobs", "1")
    assert status == 1 and "W501" in out
    assert events == ["read", "lint"] * 4
