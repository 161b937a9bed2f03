"""The rule API: what a rule declares (:class:`RuleMeta`), what it is given
(:class:`RuleContext`) and what it yields (:class:`Violation`).

A rule module needs three things (yamllint's shape)::

    META = RuleMeta(code="D603", name="repeated-word", summary={...}, severity="warning")

    def check(ctx: RuleContext) -> Iterator[Violation]:
        ...
        yield Violation(start, end, {"zh": "…", "en": "…"}, fix=...)

    RULE = Rule(META, check)

and a pack registers its rules through the ``speechlint_rules`` hook.  Severity, selection and
suppression are configuration, applied by the engine -- never by the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import Fix, Message, Range, Severity, TextEdit
from speechlint.document import Document
from speechlint.lexicon import Lexicon, default_lexicon
from speechlint.outline import Node, Outline
from speechlint.parse import Parsed, Unit

__all__ = [
    "Fixability",
    "Rule",
    "RuleContext",
    "RuleDoc",
    "RuleMeta",
    "Sentence",
    "Violation",
    "replace",
]

Fixability = Literal["none", "safe", "unsafe", "safe/unsafe"]


class RuleDoc(NamedTuple):
    """User documentation of a rule, from which ``docs/rules/`` is generated.

    ``bad`` and ``good`` are example texts (Chinese): ``bad`` must trigger the rule and ``good``
    must not.  ``reference`` names the standard clause or source where there is one.
    """

    why: Message
    bad: str
    good: str
    reference: str = ""


class RuleMeta(NamedTuple):
    """What a rule is: its code, kebab-case name, summary, defaults and documentation.

    ``options`` is a JSON Schema ``properties`` fragment; each property's ``default`` is the
    option's default value.  The configuration schema is generated from these fragments.
    """

    code: str
    name: str
    summary: Message
    severity: Severity = "warning"
    fix: Fixability = "none"
    options: Mapping[str, Any] = MappingProxyType({})
    doc: RuleDoc | None = None
    tags: tuple[str, ...] = ()

    def defaults(self) -> dict[str, Any]:
        """The default value of every option."""
        return {
            name: spec["default"]
            for name, spec in self.options.items()
            if isinstance(spec, Mapping) and "default" in spec
        }


class Violation(NamedTuple):
    """What a rule reports: a source range, a message, and optionally a fix.

    ``code`` and ``severity`` override the rule's own; only rules that report several codes
    (the form-schema check) set them.
    """

    start: int
    end: int
    message: Message
    fix: Fix | None = None
    code: str | None = None
    severity: Severity | None = None
    rule: str | None = None


class Sentence(NamedTuple):
    """A sentence of a unit: visible ``[start, end)`` in ``unit.text`` and its source range.

    A named tuple rather than a frozen dataclass: a document has hundreds of sentences, and
    a frozen dataclass takes five times as long to build (immutable and hashable either way).
    """

    unit_index: int
    start: int
    end: int
    text: str
    source_start: int
    source_end: int


Check = Callable[["RuleContext"], Iterable[Violation]]


class Rule(NamedTuple):
    """A check and the codes it reports: ``meta`` and, for multi-code checks, ``also``.

    ``dynamic`` rules may report codes they do not declare (organisation form schemas define
    their own codes in ``x-code`` annotations).
    """

    meta: RuleMeta
    check: Check
    also: tuple[RuleMeta, ...] = ()
    dynamic: bool = False

    @property
    def metas(self) -> tuple[RuleMeta, ...]:
        """Every code this rule declares."""
        return (self.meta, *self.also)


class RuleContext:
    """Everything a rule may look at for one document, with shared per-document caches."""

    def __init__(
        self,
        parsed: Parsed,
        outline: Outline,
        *,
        form: str,
        lang: str = "zh",
        settings: Any = None,
        options: Mapping[str, Any] | None = None,
        cache: dict[str, Any] | None = None,
        forms: Mapping[str, Path] | None = None,
        dictionaries: tuple[Path, ...] = (),
        lexicon: Lexicon | None = None,
    ) -> None:
        self.parsed = parsed
        self.document: Document = parsed.document
        self.text = parsed.document.text
        self.units: list[Unit] = parsed.units
        self.outline = outline
        self.form = form
        self.lang = lang
        self.settings = settings
        self.options: Mapping[str, Any] = {} if options is None else options
        self.cache: dict[str, Any] = {} if cache is None else cache
        # What plugins contributed: form schemas by name, extra dictionary files.
        self.forms: Mapping[str, Path] = forms or {}
        self.dictionaries = dictionaries
        # The outline lexicon in force (defaults extended by the ``[outline]`` settings).
        self.lexicon = lexicon or default_lexicon()

    def for_rule(self, options: Mapping[str, Any]) -> RuleContext:
        """The same document, with one rule's options (caches are shared)."""
        # A copy of the attributes, not a call of __init__: made for every rule and document
        # (a copied dict put in place costs half of updating the new object's own).
        clone = object.__new__(RuleContext)
        attributes = self.__dict__.copy()
        attributes["options"] = options
        clone.__dict__ = attributes
        return clone

    def sentences(self) -> list[Sentence]:
        """Every sentence of every unit, split once per document."""
        cached: list[Sentence] | None = self.cache.get("sentences")
        if cached is None:
            cached = []
            # A document has a hundred sentences and more: tuple.__new__ builds each named tuple
            # without a Python-level __new__ (what Sentence._make does, minus its length check).
            new = tuple.__new__
            for index, unit in enumerate(self.units):
                text = unit.text
                spans = unit.sentence_spans()
                shift = unit.shift
                if shift is not None:  # one run: a split span is inside the text, no clamping
                    cached += [
                        new(
                            Sentence,
                            (index, start, end, text[start:end], start + shift, end + shift),
                        )
                        for start, end in spans
                    ]
                    continue
                cached += [
                    new(Sentence, (index, start, end, text[start:end], source[0], source[1]))
                    for (start, end), source in zip(spans, unit.source_ranges(spans), strict=True)
                ]
            self.cache["sentences"] = cached
        return cached

    def node_violation(self, node: Node, message: Message, fix: Fix | None = None) -> Violation:
        """A violation covering an outline node."""
        return Violation(node.start, node.end, message, fix)

    def unit_violation(
        self, unit: Unit, start: int, end: int, message: Message, fix: Fix | None = None
    ) -> Violation:
        """A violation covering ``unit.text[start:end]`` (mapped to the source)."""
        source_start, source_end = unit.source_range(start, end)
        return Violation(source_start, source_end, message, fix)

    def iter_units(self) -> Iterator[tuple[int, Unit]]:
        """Units with their index."""
        return enumerate(self.units)


def replace(start: int, end: int, new_text: str, description: Message, *,
            applicability: Literal["safe", "unsafe", "display"] = "safe") -> Fix:  # fmt: skip
    """A one-edit fix replacing source ``[start, end)`` with ``new_text``."""
    return Fix(description, (TextEdit(Range(start, end), new_text),), applicability)
