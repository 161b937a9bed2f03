"""Baselines: recorded findings stay quiet when lines move; new ones are reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶。\n"
ONLY = ("--select", "W501", "--isolated")


def _found(out: str) -> list[tuple[str, str, int]]:
    return [(item["path"], item["code"], item["line"]) for item in json.loads(out)]


def test_write_baseline_records_findings_readably_and_reports_none(cli, write):
    write("docs/a.md", SPEECH + "再接再励。\n")
    status, out, err = cli("docs", *ONLY, "--write-baseline", "baseline.json", "--format", "json")
    assert (status, out) == (0, "[]\n")
    assert "2 个问题" in err
    text = Path("baseline.json").read_text(encoding="utf-8")
    assert "港移默化" in text  # readable UTF-8, not \\u escapes
    assert json.loads(text) == {
        "version": 1,
        "findings": [
            {"path": "docs/a.md", "code": "W501", "text": "再接再励", "count": 1},
            {"path": "docs/a.md", "code": "W501", "text": "港移默化", "count": 1},
        ],
    }


def test_shifted_lines_do_not_resurface_old_findings_but_new_ones_appear(cli, write):
    write("a.md", SPEECH)
    cli("a.md", *ONLY, "--write-baseline", "baseline.json")
    # Paragraphs inserted above move the old finding down three lines; a new one is added.
    above = "同志们：\n今天召开会议。\n下面讲几点意见。\n\n"
    write("a.md", above + SPEECH.split("\n", 1)[1] + "再接再励。\n")
    status, out, _ = cli("a.md", *ONLY, "--baseline", "baseline.json", "--format", "json")
    assert status == 1
    assert _found(out) == [("a.md", "W501", 6)]
    assert "再接再励" in json.loads(out)[0]["message"]
    # Without the baseline both are reported.
    _, out, _ = cli("a.md", *ONLY, "--format", "json")
    assert _found(out) == [("a.md", "W501", 5), ("a.md", "W501", 6)]


def test_counts_identical_findings(cli, write):
    write("a.md", SPEECH + SPEECH)
    cli("a.md", *ONLY, "--write-baseline", "baseline.json")
    assert json.loads(Path("baseline.json").read_text("utf-8"))["findings"][0]["count"] == 2
    write("a.md", SPEECH * 3)
    status, out, _ = cli("a.md", *ONLY, "--baseline", "baseline.json", "--format", "json")
    assert status == 1
    assert len(_found(out)) == 1  # two recorded, three now: one is new


def test_the_same_text_in_another_file_or_code_is_new(cli, write):
    write("a.md", SPEECH)
    cli("a.md", *ONLY, "--write-baseline", "baseline.json")
    write("b.md", SPEECH)
    _, out, _ = cli(".", *ONLY, "--baseline", "baseline.json", "--format", "json")
    assert _found(out) == [("b.md", "W501", 2)]


def test_fixed_findings_are_noted_on_stderr(cli, write):
    write("a.md", SPEECH)
    cli("a.md", *ONLY, "--write-baseline", "baseline.json")
    write("a.md", SPEECH.replace("港移默化", "潜移默化"))
    status, _, err = cli("a.md", *ONLY, "--baseline", "baseline.json", "--lang", "en")
    assert status == 0
    assert "1 finding(s) in the baseline no longer occur" in err
    assert cli("a.md", *ONLY, "--baseline", "baseline.json", "--quiet")[2] == ""


def test_paths_are_relative_to_the_baseline_file_so_any_cwd_works(cli, write):
    write("repo/docs/a.md", SPEECH)
    os.chdir("repo")
    cli("docs", *ONLY, "--write-baseline", "ci/baseline.json")
    recorded = json.loads(Path("ci/baseline.json").read_text("utf-8"))["findings"]
    assert recorded[0]["path"] == "../docs/a.md"
    os.chdir("docs")
    assert cli("a.md", *ONLY, "--baseline", "../ci/baseline.json")[0] == 0


def test_line_endings_do_not_matter(cli, write):
    write("a.md", SPEECH)
    cli("a.md", *ONLY, "--write-baseline", "baseline.json")
    Path("a.md").write_bytes(SPEECH.replace("\n", "\r\n").encode("utf-8"))
    assert cli("a.md", *ONLY, "--baseline", "baseline.json")[0] == 0


def test_baseline_applies_after_fix_too(cli, write):
    write("a.md", SPEECH + "第一，要加强学习。\n第三，要抓落实。\n")
    options = ("--select", "N201", "--isolated")
    assert cli("a.md", *options)[0] == 1  # a numbering gap; its fix is unsafe, --fix leaves it
    cli("a.md", *options, "--write-baseline", "baseline.json")
    status, _, _ = cli("a.md", *options, "--fix", "--baseline", "baseline.json")
    assert status == 0


def test_missing_or_malformed_baseline_exits_2_naming_it(cli, write):
    write("a.md", SPEECH)
    status, out, err = cli("a.md", "--baseline", "nope.json")
    assert (status, out) == (2, "")
    assert err.startswith("speechlint: error: nope.json：无法读取基线文件")
    write("bad.json", '{"findings": [{"path": "a.md", "code": 1, "text": ""}]}')
    status, _, err = cli("a.md", "--baseline", "bad.json")
    assert status == 2
    assert "bad.json: findings[0]: code" in err
    write("bad.json", "[")
    assert "bad.json" in cli("a.md", "--baseline", "bad.json")[2]
