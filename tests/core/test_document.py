"""The document model: decoding, the line index, and code-point / UTF-16 positions."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint.document import (
    Document,
    LineIndex,
    Position,
    column_to_utf16,
    decode,
    utf16_to_column,
)
from speechlint.errors import DecodeError

# 𠮷 (U+20BB7) lies outside the BMP: one code point, two UTF-16 code units, four UTF-8 bytes.
YOSHI = "\U00020bb7"

# -- decoding --------------------------------------------------------------------------------


def test_utf8_without_bom() -> None:
    decoded = decode("同志们：\n".encode())
    assert (decoded.text, decoded.encoding, decoded.bom) == ("同志们：\n", "utf-8", False)


def test_utf8_bom_is_removed_and_remembered() -> None:
    data = codecs.BOM_UTF8 + "同志们：\r\n".encode()
    document = Document.from_bytes("a.txt", data)
    assert document.text == "同志们：\r\n"
    assert document.bom is True
    assert document.to_bytes() == data


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_are_kept_exactly(newline: str) -> None:
    text = newline.join(["标题", "", "同志们：", "第一，要学习。"]) + newline
    document = Document.from_bytes("a.txt", text.encode())
    assert document.text == text
    assert document.to_bytes() == text.encode()
    assert document.newline == newline


def test_gb18030_is_the_fallback_for_office_text_files() -> None:
    text = "同志们：\r\n今天我们开会。𠮷\r\n".replace("𠮷", YOSHI)
    data = text.encode("gb18030")
    document = Document.from_bytes("gbk.txt", data)
    assert document.encoding == "gb18030"
    assert document.text == text
    assert document.to_bytes() == data


def test_gbk_bytes_decode_as_gb18030() -> None:
    assert decode("各位代表：".encode("gbk")).text == "各位代表："


def test_nul_bytes_are_a_decode_error_naming_the_file() -> None:
    with pytest.raises(DecodeError) as caught:
        decode(b"\x00\x01PNG", path="picture.txt")
    message = str(caught.value)
    assert "picture.txt" in message
    assert "NUL" in message
    assert caught.value.encodings == ("utf-8", "gb18030")


def test_undecodable_bytes_name_the_encodings_tried() -> None:
    with pytest.raises(DecodeError, match=r"bad\.txt.*utf-8, gb18030"):
        decode(b"\xff\xfe\xfa", path="bad.txt")


def test_a_bom_commits_to_utf8() -> None:
    # With a UTF-8 BOM, bytes that are not UTF-8 are an error, not a reason to guess GB18030.
    with pytest.raises(DecodeError) as caught:
        decode(codecs.BOM_UTF8 + "同志们".encode("gb18030"), path="mixed.txt")
    assert caught.value.encodings == ("utf-8",)


def test_forced_encoding_is_used_alone() -> None:
    assert decode("同志们".encode("utf-16-le"), encoding="utf-16-le").text == "同志们"
    with pytest.raises(DecodeError, match="no-such-codec"):
        decode(b"abc", encoding="no-such-codec", path="x.txt")


def test_empty_input() -> None:
    document = Document.from_bytes("empty.txt", b"")
    assert document.text == ""
    assert len(document.lines) == 1
    assert document.position(0) == Position(0, 0)


# -- the line index --------------------------------------------------------------------------


def test_crlf_lf_and_lone_cr_each_end_one_line() -> None:
    index = LineIndex("甲\r\n乙\n丙\r丁")
    assert len(index) == 4
    assert [index.line_text(line) for line in range(4)] == ["甲", "乙", "丙", "丁"]
    assert [index.line_start(line) for line in range(4)] == [0, 3, 5, 7]
    assert [index.line_end(line) for line in range(4)] == [1, 4, 6, 8]


def test_a_final_newline_opens_an_empty_last_line() -> None:
    index = LineIndex("甲\r\n")
    assert len(index) == 2
    assert index.line_text(1) == ""
    assert index.position(3) == Position(1, 0)


def test_crlf_positions_and_offsets() -> None:
    text = "标题\r\n\r\n同志们：\r\n第一，要学习。"
    index = LineIndex(text)
    first = text.index("第一")
    assert index.position(first) == Position(3, 0)
    assert index.offset(Position(3, 0)) == first
    assert index.position(text.index("：")) == Position(2, 3)
    # The "\n" of a CRLF belongs to the end of its line, like the "\r".
    assert index.position(text.index("\n")) == Position(0, 2)
    assert index.position(len(text)) == Position(3, 7)


def test_positions_and_offsets_clamp_into_the_document() -> None:
    index = LineIndex("甲乙\n丙")
    assert index.position(-5) == Position(0, 0)
    assert index.position(99) == Position(1, 1)
    assert index.offset(Position(0, 99)) == 2  # past the end of a line: its end
    assert index.offset(Position(-1, 0)) == 0
    assert index.offset(Position(9, 0)) == 4


def test_columns_count_code_points_not_utf16_units() -> None:
    text = f"{YOSHI}{YOSHI}第一，要学习。"
    document = Document("a.txt", text)
    assert document.position(text.index("第")) == Position(0, 2)
    assert document.offset(0, 2) == 2


def test_a_bom_is_not_counted_in_columns() -> None:
    document = Document.from_bytes("a.txt", codecs.BOM_UTF8 + "同志们：\r\n第一，".encode())
    assert document.position(document.text.index("第")) == Position(1, 0)
    assert document.position(document.text.index("志")) == Position(0, 1)


_TEXTS = st.text(alphabet=["a", "中", YOSHI, "\r", "\n", " ", "。"], max_size=40)


@settings(derandomize=True, max_examples=200)
@given(_TEXTS)
def test_offset_position_round_trip(text: str) -> None:
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        position = index.position(offset)
        if text[offset - 1 : offset + 1] == "\r\n":
            # Between "\r" and "\n" there is no column of its own: it is the end of the line.
            assert index.offset(position) == offset - 1
        else:
            assert index.offset(position) == offset
        assert index.line_start(position.line) + position.column == index.offset(position)


@settings(derandomize=True, max_examples=200)
@given(_TEXTS)
def test_line_texts_rebuild_the_document(text: str) -> None:
    index = LineIndex(text)
    lines = [index.line_text(line) for line in range(len(index))]
    assert "".join(lines) == text.replace("\r\n", "").replace("\r", "").replace("\n", "")
    assert len(index) == 1 + text.count("\n") + text.count("\r") - text.count("\r\n")


def test_newline_of_a_document_without_breaks_is_lf() -> None:
    assert Document("a.txt", "同志们").newline == "\n"
    assert Document("a.txt", "甲\r\n乙\r\n丙\n").newline == "\r\n"


# -- UTF-16 (for the language server) --------------------------------------------------------


def test_column_to_utf16_counts_astral_characters_twice() -> None:
    line = f"{YOSHI}第一，{YOSHI}要"
    assert [column_to_utf16(line, column) for column in range(7)] == [0, 2, 3, 4, 5, 7, 8]


def test_utf16_to_column_inverts_column_to_utf16() -> None:
    line = f"{YOSHI}第一，{YOSHI}要"
    for column in range(len(line) + 1):
        assert utf16_to_column(line, column_to_utf16(line, column)) == column


def test_utf16_inside_a_surrogate_pair_and_past_the_end() -> None:
    line = f"{YOSHI}a"
    # Unit 1 is the low surrogate of 𠮷: the position moves past the character.
    assert utf16_to_column(line, 1) == 1
    assert utf16_to_column(line, 99) == 2
    assert column_to_utf16(line, 99) == 3
    assert len(line.encode("utf-16-le")) // 2 == 3
