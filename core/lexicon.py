"""The phrases that identify the parts of a speech, loaded from data and extensible.

The defaults live in ``data/lexicon.json``; an organisation adds its own markers through the
``[outline]`` configuration table (same keys), and they are appended to the defaults.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Lexicon", "default_lexicon"]

LIST_KEYS = (
    "salutation_heads",
    "salutation_nouns",
    "recap_markers",
    "transition_patterns",
    "closing_openers",
    "call_to_action_patterns",
    "signoff_patterns",
    "title_patterns",
    "header_patterns",
)


@dataclass(frozen=True)
class Lexicon:
    """Compiled markers; build with :meth:`from_mapping` or :func:`default_lexicon`."""

    salutation: re.Pattern[str]
    salutation_prefix: re.Pattern[str]
    recap: re.Pattern[str]
    transition: re.Pattern[str]
    closing_opener: re.Pattern[str]
    call_to_action: re.Pattern[str]
    signoff: re.Pattern[str]
    title: re.Pattern[str]
    header: re.Pattern[str]
    source: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Sequence[str]]) -> Lexicon:
        """Compile a mapping of the keys in :data:`LIST_KEYS` to lists of strings."""
        source = {key: tuple(data.get(key, ())) for key in LIST_KEYS}
        heads = _alternation(source["salutation_heads"], escape=True)
        nouns = _alternation(sorted(source["salutation_nouns"], key=len, reverse=True), escape=True)
        # One addressee: an optional head (各位, 尊敬的) and up to ten characters of
        # qualification (各位首长, 全体指战员) ending in an addressee noun.
        addressee = rf"(?:(?:{heads})*[\u4e00-\u9fff]{{0,10}}?(?:{nouns}))"
        many = rf"{addressee}(?:[、，,和及　 ]{{1,2}}{addressee})*"
        return cls(
            salutation=re.compile(rf"^{many}[：:，,！!。]?$"),
            salutation_prefix=re.compile(rf"^{many}[：:]"),
            recap=re.compile(rf"^(?:{_alternation(source['recap_markers'], escape=True)})"),
            transition=_compile(source["transition_patterns"]),
            closing_opener=_compile(source["closing_openers"]),
            call_to_action=_compile(source["call_to_action_patterns"]),
            signoff=_compile(source["signoff_patterns"]),
            title=_compile(source["title_patterns"]),
            header=_compile(source["header_patterns"]),
            source=source,
        )

    def extended(self, extra: Mapping[str, Sequence[str]]) -> Lexicon:
        """A lexicon with ``extra`` entries appended to each list."""
        merged = {key: [*self.source[key], *extra.get(key, ())] for key in LIST_KEYS}
        return Lexicon.from_mapping(merged)


def _alternation(items: Sequence[str], *, escape: bool = False) -> str:
    parts = [re.escape(item) if escape else item for item in items]
    return "|".join(parts) if parts else "(?!)"


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns) or "(?!)")


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The built-in lexicon (compiled once per process)."""
    text = resources.files("speechlint").joinpath("data/lexicon.json").read_text("utf-8")
    data = {key: value for key, value in json.loads(text).items() if not key.startswith("_")}
    return Lexicon.from_mapping(data)
