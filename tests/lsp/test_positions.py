"""Offsets ↔ LSP positions, and the server's copy of edited documents, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from speechlint.document import Document
from speechlint.lsp._documents import DocumentStore, path_of
from speechlint.lsp._positions import PositionMap, column_at, units_before

LINE = "𠮷𠮷同志说，要在港移默化中。"  # 𠮷 is outside the BMP: 2 UTF-16 units, 4 UTF-8 bytes
WRONG_AT = LINE.index("港")


@pytest.mark.parametrize(
    ("encoding", "units"),
    [("utf-16", WRONG_AT + 2), ("utf-8", 2 * 4 + (WRONG_AT - 2) * 3), ("utf-32", WRONG_AT)],
)
def test_columns_count_client_units(encoding: str, units: int) -> None:
    assert units_before(LINE, WRONG_AT, encoding) == units
    assert column_at(LINE, units, encoding) == WRONG_AT


@pytest.mark.parametrize(("encoding", "inside"), [("utf-16", 1), ("utf-8", 2), ("utf-8", 5)])
def test_position_inside_a_character_moves_past_it(encoding: str, inside: int) -> None:
    # Half of a surrogate pair, or a byte in the middle of 𠮷: never split the character.
    assert column_at(LINE, inside, encoding) == (1 if inside < 4 else 2)


def test_columns_past_the_end_clamp_to_the_line() -> None:
    assert column_at(LINE, 10_000, "utf-16") == len(LINE)
    assert column_at(LINE, 10_000, "utf-32") == len(LINE)
    assert column_at(LINE, -3, "utf-8") == 0


def test_lone_surrogate_counts_without_raising() -> None:
    assert units_before("\ud842a", 2, "utf-8") == 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_position_map_round_trips_every_offset(encoding: str) -> None:
    text = "标题\r\n" + LINE + "\n\n第二行𠮷\rend"
    positions = PositionMap(Document("x.md", text), encoding)
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # between CR and LF: not a position a client can name
        assert positions.offset(positions.position(offset)) == offset


def test_only_lsp_line_breaks_end_lines() -> None:
    # U+2028, form feed and vertical tab stay inside their line, as clients count them.
    text = "第一段\u2028仍是第一行\x0c\x0b。\n第二行港移默化"
    positions = PositionMap(Document("x.md", text), "utf-16")
    at = positions.position(text.index("港"))
    assert (at.line, at.character) == (1, 3)


def test_positions_past_the_last_line_mean_the_end() -> None:
    positions = PositionMap(Document("x.md", "一\n二"), "utf-16")
    assert positions.offset(types.Position(9, 0)) == 3
    assert positions.range(0, 3) == types.Range(types.Position(0, 0), types.Position(1, 1))


# -- the document store -------------------------------------------------------------------------


def _partial(line: int, start: int, end: int, text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(line, start), types.Position(line, end)), text=text
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_incremental_edit_after_astral_character(encoding: str) -> None:
    store = DocumentStore(encoding)
    store.open("file:///a.md", "/a.md", "标题\n" + LINE, 1)
    start = units_before(LINE, WRONG_AT, encoding)
    end = units_before(LINE, WRONG_AT + 1, encoding)
    changed = store.change("file:///a.md", 2, [_partial(1, start, end, "潜")])
    assert changed is not None
    assert changed.text == "标题\n" + LINE.replace("港", "潜")
    assert changed.version == 2


def test_changes_apply_in_order_and_full_text_replaces() -> None:
    store = DocumentStore("utf-16")
    store.open("file:///a.md", "/a.md", "甲乙丙", 1)
    changes = [
        _partial(0, 0, 1, "𠮷"),  # 𠮷乙丙: the second change counts 𠮷 as two units
        _partial(0, 3, 4, "戊"),
    ]
    changed = store.change("file:///a.md", 2, changes)
    assert changed is not None and changed.text == "𠮷乙戊"
    changed = store.change("file:///a.md", 3, [types.TextDocumentContentChangeWholeDocument("新")])
    assert changed is not None and changed.text == "新"


def test_lone_surrogates_are_replaced_keeping_positions() -> None:
    store = DocumentStore("utf-16")
    opened = store.open("file:///a.md", "/a.md", "a\ud842b", 1)
    assert opened.text == "a\ufffdb"
    changed = store.change("file:///a.md", 2, [_partial(0, 2, 2, "\udfb7")])
    assert changed is not None and changed.text == "a\ufffd\ufffdb"


def test_changes_to_unknown_documents_are_ignored() -> None:
    store = DocumentStore("utf-16")
    assert store.change("file:///nope.md", 2, [_partial(0, 0, 0, "x")]) is None
    assert store.version("file:///nope.md") is None


def test_unsaved_buffers_live_in_the_workspace_root() -> None:
    root = Path("/work/space")
    assert path_of("untitled:Untitled-1", root) == str(root / "Untitled-1")
    assert path_of("file:///tmp/%E8%AE%B2%E8%AF%9D.md", root) == "/tmp/讲话.md"


@given(
    st.text(alphabet=st.sampled_from("a汉𠮷\n\r ，"), max_size=30),
    st.integers(0, 40),
    st.integers(0, 40),
    st.text(alphabet=st.sampled_from("b字😀\n"), max_size=5),
    st.sampled_from(["utf-8", "utf-16", "utf-32"]),
)
def test_store_edits_match_offset_edits(
    text: str, first: int, second: int, new_text: str, encoding: str
) -> None:
    """Replacing between two positions equals replacing between their offsets."""
    start, end = sorted((min(first, len(text)), min(second, len(text))))
    positions = PositionMap(Document("x.md", text), encoding)
    if text[start - 1 : start + 1] == "\r\n" or text[end - 1 : end + 1] == "\r\n":
        return  # between CR and LF: not a position a client can name
    change = types.TextDocumentContentChangePartial(
        range=positions.range(start, end), text=new_text
    )
    store = DocumentStore(encoding)
    store.open("file:///x.md", "/x.md", text, 1)
    changed = store.change("file:///x.md", 2, [change])
    assert changed is not None
    assert changed.text == text[:start] + new_text + text[end:]
