"""``speechlint outline FILE [--format json|tree]`` and its errors (never a traceback)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from speechlint._cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse may exit on its own
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(FIXTURES)
    return FIXTURES


def test_json_is_the_golden_outline(in_fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["outline", "seed.txt", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert out == (in_fixtures / "seed.outline.json").read_text(encoding="utf-8")


def test_tree_shows_each_element_with_its_position(
    in_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(["outline", "seed.txt"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("seed.txt  (meeting-speech · 4 个要点 · 2662 字")
    assert "标题  1:1      在全面从严治党形势分析会上的讲话" in lines
    assert "  回顾  4:327    刚才*负责人分别汇报了分管领域落实全面从严治党工…" in lines
    assert "  过渡  4:376    下面我就落实全面从严治党主体责任再强调几点意见。" in lines
    assert [line.split()[:2] for line in lines if line.startswith("  第")] == [
        ["第一，", "5:1"],
        ["第二，", "6:1"],
        ["第三，", "7:1"],
        ["第四，", "8:1"],
    ]
    assert "  号召  9:47     我们要严格落实从严治党主题责任，发扬彻底的自我革…" in lines


def test_tree_in_english(in_fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(["outline", "seed.txt", "--format", "tree", "--lang", "en"], capsys)
    assert code == 0
    assert "(meeting-speech · 4 points · 2662 characters · about 12.1 min)" in out
    assert "  recap  4:327 " in out
    assert "  transition  4:376 " in out


def test_tree_of_an_empty_file_marks_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, _err = _run(["outline", str(empty)], capsys)
    assert code == 0
    assert "标题  （缺）" in out
    assert "要点  （缺）" in out


def test_json_of_an_empty_file_has_nulls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    code, out, _err = _run(["outline", str(empty), "--format", "json"], capsys)
    assert code == 0
    outline = json.loads(out)
    assert [outline[key] for key in ("title", "salutation", "opening", "closing", "signoff")] == [
        None
    ] * 5
    assert outline["points"] == []


def test_gb18030_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("在会议上的讲话\r\n同志们：\r\n".encode("gb18030"))
    code, out, _err = _run(["outline", str(path), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["salutation"]["span"] == {"start": [2, 1], "end": [2, 5]}


def test_standard_input_with_a_reported_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "\ufeff同志们：\r\n第一，要学习。\r\n第二，要实干。\r\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    argv = ["outline", "-", "--stdin-filename", "speech.txt", "--format", "json"]
    code, out, _err = _run(argv, capsys)
    assert code == 0
    outline = json.loads(out)
    assert outline["path"] == "speech.txt"
    assert [p["topic"]["span"]["start"] for p in outline["points"]] == [[2, 4], [3, 4]]


def test_form_option(in_fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(["outline", "seed.txt", "--format", "json", "--form", "speech"], capsys)
    assert code == 0
    assert json.loads(out)["form"] == "speech"


# -- bad input: exit 2, a message naming the file, no traceback ------------------------------


def _assert_clean_error(code: int, err: str, name: str) -> None:
    assert code == 2
    assert name in err
    assert "Traceback" not in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.txt"
    code, out, err = _run(["outline", str(missing)], capsys)
    _assert_clean_error(code, err, "missing.txt")
    assert out == ""


def test_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(["outline", str(tmp_path)], capsys)
    _assert_clean_error(code, err, str(tmp_path))


@pytest.mark.parametrize(
    ("name", "data"),
    [("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ("garbage.txt", b"\xff\xfe\x00\xd8")],
)
def test_undecodable_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = _run(["outline", str(path), "--format", "json"], capsys)
    _assert_clean_error(code, err, name)
    assert "gb18030" in err
    assert out == ""


def test_usage_errors(in_fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(["outline", "seed.txt", "--format", "xml"], capsys)
    assert code == 2
    assert "xml" in err
    code, _out, err = _run(["outline"], capsys)
    assert code == 2
    assert "Traceback" not in err


def test_python_dash_m_speechlint(tmp_path: Path) -> None:
    """The module entry point works the same, and a missing file ends without a traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # the same bytes under any locale
    done = subprocess.run(
        [sys.executable, "-m", "speechlint", "outline", "seed.txt", "--format", "json"],
        cwd=FIXTURES,
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    golden = (FIXTURES / "seed.outline.json").read_bytes()
    assert done.stdout.replace(b"\r\n", b"\n") == golden
    missing = subprocess.run(
        [sys.executable, "-m", "speechlint", "outline", "missing.txt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
    )
    assert missing.returncode == 2
    assert b"missing.txt" in missing.stderr
    assert b"Traceback" not in missing.stderr


def test_readme_sample_output_is_current(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = FIXTURES.parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    prompt = "$ speechlint outline docs/examples/02-heading.md\n"
    sample = readme[readme.index(prompt) + len(prompt) :].split("```", 1)[0]
    monkeypatch.chdir(root)
    code, out, _err = _run(["outline", "docs/examples/02-heading.md"], capsys)
    assert code == 0
    assert out == sample
