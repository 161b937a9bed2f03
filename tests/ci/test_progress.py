"""The progress line: only on a terminal, only for long runs, erased at the end."""

from __future__ import annotations

import io
import sys

from speechlint._progress import DELAY, Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_drawn_after_the_delay_and_erased():
    stream, clock = _Terminal(), _Clock()
    progress = Progress(200, stream, enabled=True, lang="en", clock=clock)
    progress.advance(10)
    assert stream.getvalue() == ""  # a quick run never shows it
    clock.now += DELAY + 0.01
    progress.advance(40)
    assert stream.getvalue() == "\rspeechlint: checking 50/200 [#####               ] 25%"
    progress.advance()  # too soon after the last redraw
    assert stream.getvalue().count("\r") == 1
    clock.now += 1
    progress.advance(149)
    assert stream.getvalue().endswith("200/200 [####################] 100%")
    progress.close()
    line = "speechlint: checking 200/200 [####################] 100%"
    assert stream.getvalue().endswith("\r" + " " * len(line) + "\r")


def test_chinese_label_is_erased_by_display_width():
    stream, clock = _Terminal(), _Clock()
    progress = Progress(1, stream, enabled=True, clock=clock)
    clock.now += 1
    progress.advance()
    progress.close()
    drawn = "speechlint: 检查 1/1 [####################] 100%"
    assert stream.getvalue().endswith("\r" + " " * (len(drawn) + 2) + "\r")


def test_only_on_a_terminal_and_not_quiet():
    assert Progress.wanted(_Terminal(), quiet=False)
    assert not Progress.wanted(_Terminal(), quiet=True)
    assert not Progress.wanted(io.StringIO(), quiet=False)


def test_check_draws_on_a_terminal_stderr(cli, write, monkeypatch):
    for index in range(3):
        write(f"a{index}.md", "同志们：\n")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr("speechlint._progress.DELAY", -1.0)  # every run counts as long
    cli(".", "--no-cache", "--select", "W501")
    assert "\rspeechlint: 检查 3/3 " in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")
    before = terminal.getvalue()
    cli(".", "--no-cache", "--select", "W501", "--quiet")
    assert terminal.getvalue() == before
