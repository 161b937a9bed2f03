"""Files as users save them: UTF-8 with or without BOM, GB18030/GBK, UTF-16 with a BOM, forced
encodings, binary and invalid bytes -- through ``speechlint check``, end to end.

Every file either gets the findings its text deserves or one E901 naming the encodings tried,
and the run goes on with the other files.  ``--fix`` writes a file back in its own encoding or
not at all.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from speechlint._cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "tests" / "fixtures" / "seed.txt").read_text("utf-8")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["check", "--no-cache", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    status, out, err = _check(capsys, "--format", "json", *argv)
    assert status in (0, 1), err
    findings: list[dict[str, Any]] = json.loads(out)
    return findings


def _positions(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What a finding says about the text, without the path (which differs per copy)."""
    keys = ("code", "line", "column", "end_line", "end_column", "message", "fix")
    return [tuple(json.dumps(item[key], ensure_ascii=False) for key in keys) for item in findings]


# -- the same speech in every encoding a user's software saves ----------------------------------


UTF16_LE = codecs.BOM_UTF16_LE + SEED.encode("utf-16-le")
SAVED_AS = {
    "utf-8": SEED.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + SEED.encode("utf-8"),
    "gb18030": SEED.encode("gb18030"),
    "gbk": SEED.encode("gbk"),
    # Windows software saves "Unicode" text as UTF-16 little-endian with a BOM.
    "utf-16-le with BOM": UTF16_LE,
    "utf-16-be with BOM": codecs.BOM_UTF16_BE + SEED.encode("utf-16-be"),
}


@pytest.mark.parametrize("saved_as", list(SAVED_AS))
def test_the_seed_gets_the_same_findings_in_every_encoding(
    capsys: pytest.CaptureFixture[str], saved_as: str
) -> None:
    Path("original.txt").write_text(SEED, encoding="utf-8")
    Path("copy.txt").write_bytes(SAVED_AS[saved_as])
    original = _json(capsys, "original.txt")
    copy = _json(capsys, "copy.txt")
    assert {item["code"] for item in original} >= {"D601", "W501", "W502"}
    assert _positions(copy) == _positions(original)


def test_crlf_gb18030_gets_the_same_findings(capsys: pytest.CaptureFixture[str]) -> None:
    Path("original.txt").write_text(SEED, encoding="utf-8")
    Path("copy.txt").write_bytes(SEED.replace("\n", "\r\n").encode("gb18030"))
    assert _positions(_json(capsys, "copy.txt")) == _positions(_json(capsys, "original.txt"))


# -- forcing an encoding --------------------------------------------------------------------------


def test_encoding_option_forces_one_encoding(capsys: pytest.CaptureFixture[str]) -> None:
    Path("speech.txt").write_bytes(SEED.encode("gb18030"))
    forced = _json(capsys, "--encoding", "utf-8", "speech.txt")
    assert [item["code"] for item in forced] == ["E901"]
    assert "utf-8" in forced[0]["message"]
    assert "gb18030" not in forced[0]["message"]  # forced: nothing else was tried
    assert len(_json(capsys, "--encoding", "gbk", "speech.txt")) > 1


def test_encoding_key_in_the_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    # Big5 text decodes as GB18030 into nonsense: only a forced encoding reads it right.
    text = "同志們：\n我們要堅持港移默化。\n"
    Path("speech.txt").write_bytes(text.encode("big5"))
    Path("speechlint.toml").write_text('encoding = "big5"\n', encoding="utf-8")
    codes = [item["code"] for item in _json(capsys, "speech.txt")]
    assert "W501" in codes  # 港移默化 was read as such
    Path("speechlint.toml").unlink()
    assert "W501" not in [item["code"] for item in _json(capsys, "speech.txt")]


def test_an_unknown_forced_encoding_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    Path("speech.txt").write_text("同志们：\n", encoding="utf-8")
    status, out, err = _check(capsys, "--encoding", "no-such-codec", "speech.txt")
    assert status == 2
    assert out == ""
    assert "no-such-codec" in err and "Traceback" not in err


# -- what is not text -----------------------------------------------------------------------------


def test_binary_and_invalid_files_get_e901_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("a-picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    Path("b-invalid.txt").write_bytes("同志们".encode("gb18030") + b"\xff\xff\x80")
    Path("c-truncated-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # lone surrogate
    Path("d-speech.txt").write_text(SEED, encoding="utf-8")
    status, out, err = _check(capsys, "--format", "json", ".")
    assert status == 1 and "Traceback" not in err
    findings = json.loads(out)
    unreadable = {item["path"]: item["message"] for item in findings if item["code"] == "E901"}
    assert sorted(unreadable) == ["a-picture.txt", "b-invalid.txt", "c-truncated-utf16.txt"]
    assert all("utf-8, gb18030" in message for message in unreadable.values())
    assert "NUL" in unreadable["a-picture.txt"]
    assert "utf-16-le" in unreadable["c-truncated-utf16.txt"]
    assert any(item["path"] == "d-speech.txt" and item["code"] == "W501" for item in findings)


def test_e901_text_output_names_the_encodings_in_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("bad.txt").write_bytes(b"\xff\xfb\xfa")
    status, out, _err = _check(capsys, "--lang", "en", "bad.txt")
    assert status == 1
    assert "bad.txt:1:1: E901" in out
    assert "encodings tried: utf-8, gb18030" in out


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1a", "\x1b", "\x7f"])
def test_stray_control_characters_do_not_make_a_file_binary(
    capsys: pytest.CaptureFixture[str], control: str
) -> None:
    # Pasted from Word (vertical tab), an old DOS end-of-file mark (\x1a), a terminal escape.
    Path("speech.txt").write_text(SEED.replace("同志们：", "同志们：" + control), encoding="utf-8")
    codes = [item["code"] for item in _json(capsys, "speech.txt")]
    assert "E901" not in codes and "E902" not in codes
    assert "W501" in codes


def test_an_empty_file_is_text(capsys: pytest.CaptureFixture[str]) -> None:
    Path("empty.txt").write_bytes(b"")
    codes = [item["code"] for item in _json(capsys, "empty.txt")]
    assert "E901" not in codes and "E902" not in codes


def test_a_missing_path_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _check(capsys, "no-such-speech.txt")
    assert status == 2
    assert "no-such-speech.txt" in err
    assert out == "" and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_directory_linking_to_itself_terminates(capsys: pytest.CaptureFixture[str]) -> None:
    Path("speeches").mkdir()
    Path("speeches/a.txt").write_text(SEED, encoding="utf-8")
    os.symlink(os.path.abspath("speeches"), "speeches/loop")
    status, out, err = _check(capsys, "--format", "json", "speeches")
    assert status == 1, err
    paths = {item["path"] for item in json.loads(out)}
    assert paths  # the real file is checked, however often the loop could be walked
    assert all(path.endswith("a.txt") for path in paths)


# -- writing back ---------------------------------------------------------------------------------


def test_fix_writes_utf16_back_as_utf16_with_its_bom(capsys: pytest.CaptureFixture[str]) -> None:
    text = SEED.replace("\n", "\r\n")
    Path("reference.txt").write_text(text, encoding="utf-8", newline="")
    Path("speech.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    _check(capsys, "--fix", "reference.txt", "speech.txt")
    fixed = Path("reference.txt").read_bytes().decode("utf-8")
    assert "潜移默化" in fixed and "\r\n" in fixed
    assert Path("speech.txt").read_bytes() == codecs.BOM_UTF16_LE + fixed.encode("utf-16-le")


def test_fix_refuses_a_character_the_forced_encoding_cannot_hold(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Big5 has no 潜 (it writes 潛): the W501 fix cannot be saved in the file's encoding, and
    # saving it in another would change every byte.  The file stays as it is.
    data = "同志們：\n我們要堅持港移默化。\n".encode("big5")
    Path("speech.txt").write_bytes(data)
    status, _out, err = _check(capsys, "--encoding", "big5", "--fix", "speech.txt")
    assert status == 2
    assert Path("speech.txt").read_bytes() == data
    assert "speech.txt" in err and "big5" in err and "'潜'" in err
    assert "Traceback" not in err


def _stdin_fix(monkeypatch: pytest.MonkeyPatch, data: bytes, *argv: str) -> tuple[int, bytes]:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    status = main(["check", "--no-cache", "--fix", *argv, "-", "--stdin-filename", "s.txt"])
    stdout.flush()
    return status, stdout.buffer.getvalue()


def test_fix_on_stdin_answers_in_the_input_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    # An editor piping a GB18030 buffer gets GB18030 back, not UTF-8.
    text = "同志们：\n要在港移默化中受教育。\n"
    _status, out = _stdin_fix(monkeypatch, text.encode("gb18030"))
    assert out == text.replace("港移默化", "潜移默化").encode("gb18030")
    _status, out = _stdin_fix(monkeypatch, codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert out == codecs.BOM_UTF16_LE + text.replace("港", "潜").encode("utf-16-le")


def test_fix_on_stdin_that_cannot_be_encoded_answers_the_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "同志們：\n我們要堅持港移默化。\n".encode("big5")
    _status, out = _stdin_fix(monkeypatch, data, "--encoding", "big5")
    assert out == data
    assert "'潜'" in capsys.readouterr().err
