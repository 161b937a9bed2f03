"""A 2 MB single-line file and a 100,000-line file go through ``speechlint check`` and finish.

The slowest tests of the robustness suite (a few seconds together): what they guard is that
nothing on the way is quadratic -- a megabyte-long line once cost minutes in the strong-emphasis
regex, and a 100,000-line paragraph in the line-break search.  ``bench/scaling.py`` measures
the cost per character; these only require the run to end with a report whose every range lies
inside the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from speechlint._cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED_LINES = (ROOT / "tests" / "fixtures" / "seed.txt").read_text("utf-8").splitlines()
BODY = [line for line in SEED_LINES[3:9] if line]


def _check_json(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    status = main(["check", "--no-cache", "--format", "json", str(path)])
    out, err = capsys.readouterr()
    assert status == 1, err
    findings: list[dict[str, Any]] = json.loads(out)
    lines = path.read_text("utf-8").split("\n")
    for item in findings:
        assert item["code"] not in ("E901", "E902"), item["message"]
        for line, column in (
            (item["line"], item["column"]),
            (item["end_line"], item["end_column"]),
        ):
            assert 1 <= line <= len(lines)
            assert 1 <= column <= len(lines[line - 1]) + 1
    return findings


def test_a_two_megabyte_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "".join(BODY)
    line = (text * (2_000_000 // len(text.encode()) + 1)).encode()[:2_000_000]
    path = tmp_path / "one-line.txt"
    path.write_bytes(line.decode("utf-8", "ignore").encode())
    findings = _check_json(path, capsys)
    assert {item["line"] for item in findings} == {1}
    assert "W501" in {item["code"] for item in findings}


def test_a_hundred_thousand_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["同志们："] + [f"第{i % 9 + 1}项工作要抓好落实。" for i in range(99_998)]
    lines.append("要在港移默化中受教育。")
    path = tmp_path / "many-lines.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = _check_json(path, capsys)
    assert ("W501", 100_000) in {(item["code"], item["line"]) for item in findings}
