"""Ordinal markers (序次语): 第一， 一、 （一） 1. （1） 首先， 一是.

:func:`match_marker` recognises a marker at a given index of a text and returns its style,
number and extent -- including punctuation written the wrong way (第一、 1、 （一）、), because
the numbering rules report those.  Whether a marker *is* a point depends on where it stands;
that is the outline builder's decision.
"""

from __future__ import annotations

import re
from functools import cache

from speechlint import _regex
from speechlint._namedtuple import NamedTuple

__all__ = [
    "MARKER_LEADS", "NUMERALS", "STYLES", "Marker", "chinese_number", "match_marker", "match_style",
    "shi_marker", "style_rank",
]  # fmt: skip

# GB/T 9704-2012 §7.3.3 order of levels; the others have no fixed rank.
STYLES = ("han", "paren-han", "arabic", "paren-arabic", "ordinal", "sequence", "shi")
_HAN = "〇零一二两三四五六七八九十"
# The numerals of markers (一、 一是 第一 （一）).
NUMERALS = frozenset(_HAN)
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_SEQUENCE = {"首先": 1, "其次": 2, "再次": 3, "最后": 0}  # 最后 takes the next number

# Each pattern: style, regex.  Group "num" is the number, group "punct" what follows it.
_SOURCES: tuple[tuple[str, str], ...] = (
    ("ordinal", rf"第(?P<num>[{_HAN}]{{1,3}})(?P<punct>[，,、：:．.；;]|\s+)"),
    ("shi", rf"(?P<num>[{_HAN}]{{1,3}})是(?P<punct>[，,、：:]?)"),  # (see also shi_marker)
    ("paren-han", rf"[（(](?P<num>[{_HAN}]{{1,3}})[）)](?P<punct>[、，,.．：:]?)"),
    ("paren-arabic", r"[（(](?P<num>\d{1,2})[）)](?P<punct>[、，,.．：:]?)"),
    ("arabic", r"(?P<num>\d{1,2})(?P<punct>[.．、，,](?!\d)|\s+)"),
    ("han", rf"(?P<num>[{_HAN}]{{1,3}})(?P<punct>[、，,.．：:])"),
    ("sequence", r"(?P<num>首先|其次|再次|最后)(?P<punct>[，,、：:]?)"),
)
# The styles whose marker may start with a character (decimal digits, which ``\d`` matches,
# lead to "arabic"): most indices asked about start with none, and are answered without a
# pattern; the others try only the one or two patterns that can match there.
_ARABIC = ("arabic",)
_LEAD_STYLES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(_HAN, ("shi", "han")),
    "第": ("ordinal",),
    **dict.fromkeys("（(", ("paren-han", "paren-arabic")),
    **dict.fromkeys("首其再最", ("sequence",)),
}
# The characters a marker may start with, besides the decimal digits.
MARKER_LEADS = frozenset(_LEAD_STYLES)


@cache
def _patterns(
    lead: tuple[str, ...], styles: tuple[str, ...]
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The patterns of ``styles`` that can start with a character of ``lead``'s styles, in order.

    Compiled on first use: seven patterns with Han character classes cost milliseconds, which
    a command that never looks for a marker (speechlint rules) should not pay.
    """
    return tuple(
        (style, _compiled(style))
        for style, _source in _SOURCES
        if style in lead and style in styles
    )


@cache
def _compiled(style: str) -> re.Pattern[str]:
    return _regex.compile(dict(_SOURCES)[style])


# The punctuation GB/T 15834-2011 Appendix B.3 prescribes after each style.
CANONICAL_PUNCTUATION = {
    "ordinal": "，", "han": "、", "paren-han": "", "arabic": ".", "paren-arabic": "",
    "sequence": "，", "shi": "",
}  # fmt: skip


class Marker(NamedTuple):
    """An ordinal marker found in text: ``text[start:end]`` is the marker with its punctuation.

    A named tuple: outlines and rules make thousands, and it is defined when speechlint starts
    (a frozen dataclass costs ten times as much to define and five times as much to build).
    """

    style: str
    number: int
    start: int
    end: int
    marker: str
    punctuation: str

    @property
    def canonical(self) -> bool:
        """Whether the punctuation after the marker is what GB/T 15834 B.3 prescribes."""
        return self.punctuation == CANONICAL_PUNCTUATION[self.style]


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral from 1 to 999 (一, 十二, 二十, 九十九, 一百零五); else None."""
    if not text:
        return None
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        return None  # 一二 is not a numeral
    if "百" in text:
        head, _, tail = text.partition("百")
        hundreds = _DIGITS.get(head, 0) if head else 1
        rest = chinese_number(tail.lstrip("零〇")) if tail else 0
        return None if rest is None or not hundreds else hundreds * 100 + rest
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _DIGITS.get(head) if head else 1
        ones = _DIGITS.get(tail) if tail else 0
        if tens is None or ones is None or "十" in tail:
            return None
        return tens * 10 + ones
    value = _DIGITS.get(text)
    return value if value else None


def match_marker(text: str, index: int = 0, *, styles: tuple[str, ...] = STYLES) -> Marker | None:
    """The marker starting exactly at ``text[index]``, if any, of one of ``styles``."""
    lead = text[index : index + 1]
    leading = _LEAD_STYLES.get(lead) or (_ARABIC if lead.isdecimal() else None)
    if leading is None:
        return None
    for style, pattern in _patterns(leading, styles):
        match = pattern.match(text, index)
        if match is not None:
            marker = _marker(style, match, index)
            if marker is not None:
                return marker
    return None


def match_style(text: str, index: int, style: str) -> Marker | None:
    """``match_marker(text, index, styles=(style,))``, for a caller that knows the style.

    One pattern, tried without looking up which patterns the first character may start: the
    outline asks this of every inline marker it finds (a speech has dozens).
    """
    match = _compiled(style).match(text, index)
    return None if match is None else _marker(style, match, index)


def shi_marker(text: str, start: int, at: int) -> Marker | None:
    """``match_style(text, start, "shi")`` where ``text[start:at]`` are one to three numerals and
    ``text[at]`` is 是 (the caller found them): the marker built without the pattern.

    The outline finds every 一是 of a speech so; measured, through the pattern and the calls
    around it each cost 9k instructions (a speech has dozens).
    """
    raw = text[start:at]
    number = _SHI_NUMBERS.get(raw, 0)
    if number == 0:
        number = _SHI_NUMBERS[raw] = chinese_number(raw)
    if number is None:
        return None
    end = at + 1
    punctuation = text[end : end + 1]
    if punctuation and punctuation in _SHI_PUNCTUATION:  # (the pattern's [，,、：:]?)
        end += 1
    else:
        punctuation = ""
    return _new(Marker, ("shi", number, start, end, text[start:end], punctuation))


def _marker(style: str, match: re.Match[str], index: int) -> Marker | None:
    """The marker a pattern of ``style`` matched at ``index`` (None if its number is not one)."""
    raw, punctuation = match.group("num", "punct")
    key = (style, raw)
    number = _NUMBERS.get(key, 0)
    if number == 0:  # (a number is never 0: 0 marks "not worked out yet")
        number = _NUMBERS[key] = _number(style, raw)
    if number is None:
        return None
    if punctuation.isspace():
        punctuation = " "
    # tuple.__new__: what Marker(...) does, without a Python-level __new__ (outlines and
    # rules ask for markers dozens of times per speech).
    return _new(Marker, (style, number, index, match.end(), match.group(), punctuation))


# The value of each (style, numeral) seen: a speech asks for the same few again and again.
_NUMBERS: dict[tuple[str, str], int | None] = {}
_SHI_NUMBERS: dict[str, int | None] = {}  # (the numerals of 一是, by themselves)
_SHI_PUNCTUATION = "，,、：:"
_new = tuple.__new__


def _number(style: str, raw: str) -> int | None:
    if style == "sequence":
        return _SEQUENCE[raw]
    if style in ("arabic", "paren-arabic"):
        value = int(raw)
        return value if value > 0 else None
    return chinese_number(raw)


def style_rank(style: str) -> int:
    """The GB/T 9704 level of a style (0 highest), or a large number if it has none."""
    order = ("han", "paren-han", "arabic", "paren-arabic")
    return order.index(style) if style in order else len(order)
