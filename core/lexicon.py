"""The phrases that identify the parts of a speech, loaded from data and extensible.

The defaults live in ``data/lexicon.json``; an organisation adds its own markers through the
``[outline]`` configuration table (same keys), and they are appended to the defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cached_property, lru_cache
from pathlib import Path

from speechlint import _jsonfile, _regex

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


class Lexicon:
    """Marker patterns, each compiled on first use; build with :meth:`from_mapping`.

    Compiling them all costs about as much as linting a short speech, and some (the salutation
    that opens a paragraph) are needed only by unusual manuscripts.
    """

    def __init__(self, source: Mapping[str, tuple[str, ...]]) -> None:
        self.source = source

    @classmethod
    def from_mapping(cls, data: Mapping[str, Sequence[str]]) -> Lexicon:
        """Take a mapping of the keys in :data:`LIST_KEYS` to lists of strings."""
        return cls({key: tuple(data.get(key, ())) for key in LIST_KEYS})

    @cached_property
    def _addressees(self) -> str:
        heads = _alternation(self.source["salutation_heads"], escape=True)
        by_length = sorted(self.source["salutation_nouns"], key=len, reverse=True)
        nouns = _alternation(by_length, escape=True)
        # One addressee: an optional head (各位, 尊敬的) and up to ten characters of
        # qualification (各位首长, 全体指战员) ending in an addressee noun.
        addressee = rf"(?:(?:{heads})*[\u4e00-\u9fff]{{0,10}}?(?:{nouns}))"
        return rf"{addressee}(?:[、，,和及　 ]{{1,2}}{addressee})*"

    @cached_property
    def salutation(self) -> re.Pattern[str]:
        """A whole line that is a salutation (``同志们：``)."""
        return _regex.compile(rf"^{self._addressees}[：:，,！!。]?$")

    @cached_property
    def salutation_prefix(self) -> re.Pattern[str]:
        """A salutation opening a longer paragraph (``同志们：现在开会。``)."""
        return _regex.compile(rf"^{self._addressees}[：:]")

    @cached_property
    def recap(self) -> re.Pattern[str]:
        """The opening of a recap (``刚才``)."""
        return _regex.compile(rf"^(?:{_alternation(self.source['recap_markers'], escape=True)})")

    @cached_property
    def transition(self) -> re.Pattern[str]:
        """The transition before the first point."""
        return _compile(self.source["transition_patterns"])

    @cached_property
    def closing_opener(self) -> re.Pattern[str]:
        """The opening of the closing part."""
        return _compile(self.source["closing_openers"])

    @cached_property
    def call_to_action(self) -> re.Pattern[str]:
        """A call to action."""
        return _compile(self.source["call_to_action_patterns"])

    @cached_property
    def signoff(self) -> re.Pattern[str]:
        """A sign-off (``谢谢大家！``)."""
        return _compile(self.source["signoff_patterns"])

    @cached_property
    def title(self) -> re.Pattern[str]:
        """A title line."""
        return _compile(self.source["title_patterns"])

    @cached_property
    def header(self) -> re.Pattern[str]:
        """A header line (subtitle, date, speaker)."""
        return _compile(self.source["header_patterns"])

    def extended(self, extra: Mapping[str, Sequence[str]]) -> Lexicon:
        """A lexicon with ``extra`` entries appended to each list."""
        merged = {key: [*self.source[key], *extra.get(key, ())] for key in LIST_KEYS}
        return Lexicon.from_mapping(merged)


def _alternation(items: Sequence[str], *, escape: bool = False) -> str:
    parts = [re.escape(item) if escape else item for item in items]
    return "|".join(parts) if parts else "(?!)"


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    return _regex.compile("|".join(f"(?:{pattern})" for pattern in patterns) or "(?!)")


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The built-in lexicon (compiled once per process)."""
    # The package is installed as files (never zipped: its data is read the same way elsewhere).
    found = _jsonfile.load(Path(__file__).parent / "data" / "lexicon.json")
    data = {key: value for key, value in found.items() if not key.startswith("_")}
    return Lexicon.from_mapping(data)
