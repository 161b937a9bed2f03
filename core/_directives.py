"""Inline suppression comments (DESIGN §6) and E903 for the ones that suppress nothing.

Directives are HTML comments, invisible when the Markdown is rendered::

    <!-- speechlint-disable S102 P4 -->         from here to a matching enable (or the end)
    <!-- speechlint-enable S102 -->             ends the disable for these codes
    <!-- speechlint-disable-next-line W501 -->  the next line with text on it
    <!-- speechlint-disable-line P401 -->       the line the comment is on
    <!-- speechlint-disable-file D601 -->       the whole file

Codes may be full codes, prefixes (``P4``), rule names (``misspelled-phrase``) or ``ALL``,
separated by spaces or commas; no code means every code.  Text after `` -- `` is a reason and
is ignored.  A diagnostic is suppressed when its start offset is covered for its code; for
``disable``/``enable`` the latest matching directive before it decides (eslint's model, so
``disable`` then ``enable S102`` re-enables just S102).  E901 and E902 are never suppressed.

Suppression is a sort and a sweep: the directives and the diagnostics are each sorted by
offset once, and each diagnostic looks up only its own code's prefixes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from speechlint import _regex
from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import Diagnostic, Fix, Message, Range, TextEdit, localize
from speechlint.document import Document
from speechlint.parse import Comment, Parsed
from speechlint.rules import RuleMeta
from speechlint.settings import Settings

__all__ = ["KINDS", "apply_suppressions"]

UNUSED = "E903"
UNSUPPRESSIBLE = frozenset({"E901", "E902"})
KINDS = ("disable", "enable", "disable-line", "disable-next-line", "disable-file")
ALL = "*"
_DIRECTIVE = _regex.compile(r"speechlint-(?P<kind>[a-z]+(?:-[a-z]+)*)(?P<rest>(?:\s.*)?)", re.S)
# Chinese authors separate lists with 、 and ，; accept them like commas.
_SEPARATORS = _regex.compile(r"[\s,，、]+")
# `` -- `` starts a reason (eslint's convention); the codes come before it.
_REASON = _regex.compile(r"\s--(?=\s|$)")
_CODE_LIKE = _regex.compile(r"[A-Za-z]+[0-9]*")
_BLANK = " \t\u3000"


class _Directive:
    """One ``speechlint-…`` comment: its kind, its codes as written and as selectors."""

    __slots__ = ("comment", "keys", "kind", "order", "reason", "tokens", "used")

    def __init__(
        self,
        comment: Comment,
        kind: str,
        tokens: tuple[str, ...],  # codes as written; empty for "every code"
        keys: tuple[str, ...],  # the selector (a code prefix) each token stands for
        reason: str = "",
        order: int = 0,
    ) -> None:
        self.comment = comment
        self.kind = kind
        self.tokens = tokens
        self.keys = keys
        self.reason = reason
        self.order = order
        self.used: set[str] = set()

    @property
    def selectors(self) -> tuple[str, ...]:
        """What the directive applies to: its keys, or every code when it names none."""
        return self.keys or (ALL,)


class _Misspelling(NamedTuple):
    """A comment that looks like a directive but names no known kind."""

    comment: Comment
    kind: str


def _parse(
    comments: Iterable[Comment], metas: Mapping[str, RuleMeta]
) -> tuple[list[_Directive], list[_Misspelling]]:
    """The directives among ``comments`` (in document order) and the misspelled ones."""
    names = {meta.name: code for code, meta in metas.items()}
    found: list[_Directive] = []
    misspelled: list[_Misspelling] = []
    for order, comment in enumerate(sorted(comments, key=lambda c: c.start)):
        match = _DIRECTIVE.fullmatch(comment.body.strip())
        if match is None:
            continue
        if match["kind"] not in KINDS:
            misspelled.append(_Misspelling(comment, match["kind"]))
            continue
        codes, reason = [*_REASON.split(match["rest"], maxsplit=1), ""][:2]
        tokens = tuple(token for token in _SEPARATORS.split(codes) if token)
        keys = tuple(_key(token, names) for token in tokens)
        found.append(_Directive(comment, match["kind"], tokens, keys, reason.strip(), order))
    return found, misspelled


def _key(token: str, names: Mapping[str, str]) -> str:
    """The selector a token stands for: a code prefix, a rule's code, or every code."""
    if token.upper() == "ALL":
        return ALL
    if token in names:
        return names[token]
    return token.upper() if _CODE_LIKE.fullmatch(token) else token


# -- which comment covers which offset --------------------------------------------------------


class _Coverage:
    """Where each directive applies, queried by (offset, line, code)."""

    def __init__(
        self, directives: list[_Directive], comments: list[Comment], document: Document
    ) -> None:
        self.document = document
        self.events = sorted(
            (d for d in directives if d.kind in ("disable", "enable")),
            key=lambda d: (d.comment.start, d.order),
        )
        self.by_line: dict[int, list[_Directive]] = {}
        self.file: list[_Directive] = [d for d in directives if d.kind == "disable-file"]
        skip = _comment_only_lines(directives, comments, document)
        for directive in directives:
            for line in _target_lines(directive, document, skip):
                self.by_line.setdefault(line, []).append(directive)
        self.state: dict[str, _Directive] = {}
        self.position = 0

    def advance(self, offset: int) -> None:
        """Apply every disable/enable that starts at or before ``offset`` (offsets ascend)."""
        while self.position < len(self.events):
            event = self.events[self.position]
            if event.comment.start > offset:
                break
            for key in event.selectors:
                self.state[key] = event
            self.position += 1

    def suppressor(self, diagnostic: Diagnostic) -> tuple[_Directive, str] | None:
        """The directive (and its key) that suppresses ``diagnostic``, if any.

        The most specific wins the credit: a line directive, then a range, then the file.
        """
        code = diagnostic.code
        keys = (ALL, *(code[:length] for length in range(1, len(code) + 1)))
        line = self.document.position(diagnostic.range.start).line
        for directive in self.by_line.get(line, ()):
            key = _matching_key(directive, keys)
            if key is not None:
                return directive, key
        latest = max(
            ((self.state[key], key) for key in keys if key in self.state),
            key=lambda pair: pair[0].order,
            default=None,
        )
        if latest is not None and latest[0].kind == "disable":
            return latest
        for directive in self.file:
            key = _matching_key(directive, keys)
            if key is not None:
                return directive, key
        return None


def _matching_key(directive: _Directive, keys: tuple[str, ...]) -> str | None:
    return next((key for key in directive.selectors if key in keys), None)


def _lines_of(comment: Comment, document: Document) -> tuple[int, int]:
    """The first and last line a comment occupies."""
    first = document.position(comment.start).line
    last = document.position(max(comment.start, comment.end - 1)).line
    return first, last


def _target_lines(directive: _Directive, document: Document, skip: set[int]) -> range:
    """The lines a line directive covers (empty for the other kinds)."""
    first, last = _lines_of(directive.comment, document)
    if directive.kind == "disable-line":
        return range(first, last + 1)
    if directive.kind != "disable-next-line":
        return range(0)
    line = last + 1
    # Skip blank lines and lines holding only comments: Markdown authors separate blocks with
    # blank lines, and stacked directives should all reach the text below them.
    while line < len(document.lines) and line in skip:
        line += 1
    return range(line, line + 1)


def _comment_only_lines(
    directives: list[_Directive], comments: list[Comment], document: Document
) -> set[int]:
    """Lines below a next-line directive that are blank or hold only comments."""
    spans: dict[int, list[Comment]] = {}
    for comment in comments:
        first, last = _lines_of(comment, document)
        for line in range(first, last + 1):
            spans.setdefault(line, []).append(comment)
    skip: set[int] = set()
    for directive in directives:
        if directive.kind != "disable-next-line":
            continue
        line = _lines_of(directive.comment, document)[1] + 1
        while line < len(document.lines) and _blank_but(line, spans.get(line, []), document):
            skip.add(line)
            line += 1
    return skip


def _blank_but(line: int, comments: list[Comment], document: Document) -> bool:
    """Whether ``line`` is blank once ``comments`` are taken out of it."""
    lines = document.lines
    start, end = lines.line_start(line), lines.line_end(line)
    text = document.text
    kept = []
    cursor = start
    for comment in sorted(comments, key=lambda c: c.start):
        kept.append(text[cursor : max(cursor, min(comment.start, end))])
        cursor = max(cursor, min(comment.end, end))
    kept.append(text[cursor:end])
    return not "".join(kept).strip(_BLANK)


# -- the entry point --------------------------------------------------------------------------


def apply_suppressions(
    parsed: Parsed,
    diagnostics: list[Diagnostic],
    settings: Settings,
    metas: Mapping[str, RuleMeta],
) -> list[Diagnostic]:
    """Drop the diagnostics that directives suppress; add E903 for directives that did nothing."""
    directives, misspelled = _parse(parsed.comments, metas)
    if not directives and not misspelled:
        return diagnostics
    kept = _suppress(directives, parsed, diagnostics)
    path = parsed.document.path
    if not settings.is_enabled(UNUSED, path):
        return kept
    reported = {diagnostic.code for diagnostic in diagnostics}
    report = _Reporter(parsed.document, settings, metas, reported)
    for directive in directives:
        found = report.unused(directive)
        if found is not None:
            kept.append(found)
    kept.extend(report.misspelled(item) for item in misspelled)
    return kept


def _suppress(
    directives: list[_Directive], parsed: Parsed, diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    coverage = _Coverage(directives, parsed.comments, parsed.document)
    kept: list[Diagnostic] = []
    for diagnostic in sorted(diagnostics, key=lambda d: d.range.start):
        coverage.advance(diagnostic.range.start)
        if diagnostic.code in UNSUPPRESSIBLE:
            kept.append(diagnostic)
            continue
        found = coverage.suppressor(diagnostic)
        if found is None:
            kept.append(diagnostic)
        else:
            found[0].used.add(found[1])
    return kept


# -- E903 -------------------------------------------------------------------------------------


class _Reporter:
    """Builds E903 diagnostics for one document."""

    def __init__(
        self,
        document: Document,
        settings: Settings,
        metas: Mapping[str, RuleMeta],
        reported: set[str],
    ) -> None:
        self.document = document
        self.settings = settings
        self.codes = sorted(set(metas) | reported)
        meta = metas.get(UNUSED)
        self.rule = meta.name if meta else "unused-suppression"
        self.severity = settings.severity_for(UNUSED, meta.severity if meta else "info")

    def known(self, key: str) -> bool:
        """Whether a selector names (a prefix of) any code this run knows."""
        return key == ALL or any(code.startswith(key) for code in self.codes)

    def enabled(self, key: str) -> bool:
        """Whether any code the selector names runs on this file."""
        path = self.document.path
        return any(
            self.settings.is_enabled(code, path)
            for code in self.codes
            if key == ALL or code.startswith(key)
        )

    def useless(self, directive: _Directive) -> _Useless:
        """The tokens of a directive that do nothing, by reason (ruff's RUF100 distinctions)."""
        found = _Useless()
        for token, key in zip(directive.tokens, directive.keys, strict=True):
            if not self.known(key):
                found.unknown.append(token)
            elif directive.kind == "enable" or key in directive.used:
                continue
            elif self.enabled(key):
                found.unused.append(token)
            else:
                found.disabled.append(token)
        # A directive without codes is "every code": useless when it suppressed nothing.
        found.everything = not (directive.tokens or directive.used or directive.kind == "enable")
        return found

    def unused(self, directive: _Directive) -> Diagnostic | None:
        """The E903 for a directive (``None`` if it is useful), with a fix removing the waste."""
        useless = self.useless(directive)
        if not useless:
            return None
        wasted = set(useless.tokens)
        kept = [token for token in directive.tokens if token not in wasted]
        fix = _rewrite(directive, kept) if kept else _delete(directive.comment, self.document)
        return self._diagnostic(directive.comment, useless.message(), fix)

    def misspelled(self, item: _Misspelling) -> Diagnostic:
        """An E903 for ``speechlint-disabel`` and the like (no fix: the intent is unclear)."""
        import difflib  # only for a misspelled directive

        match = difflib.get_close_matches(item.kind, KINDS, n=1, cutoff=0.6)
        hint_zh = f"（是否应为 'speechlint-{match[0]}'？）" if match else ""
        hint_en = f" (did you mean 'speechlint-{match[0]}'?)" if match else ""
        message = {
            "zh": f"未知的注释指令 'speechlint-{item.kind}'，它不会屏蔽任何问题{hint_zh}",
            "en": f"unknown directive 'speechlint-{item.kind}' suppresses nothing{hint_en}",
        }
        return self._diagnostic(item.comment, message, None)

    def _diagnostic(self, comment: Comment, message: Message, fix: Fix | None) -> Diagnostic:
        return Diagnostic(
            path=self.document.path,
            code=UNUSED,
            rule=self.rule,
            severity=self.severity,
            message=localize(message, self.settings.lang),
            range=Range(comment.start, comment.end),
            fix=fix,
        )


class _Useless:
    """What makes a directive useless: tokens that suppressed nothing, and why."""

    __slots__ = ("disabled", "everything", "unknown", "unused")

    def __init__(self) -> None:
        self.unused: list[str] = []  # the rule ran and found nothing there
        self.disabled: list[str] = []  # the rule does not run on this file
        self.unknown: list[str] = []  # no such code
        self.everything = False  # a directive without codes that suppressed nothing

    def __bool__(self) -> bool:
        return bool(self.everything or self.tokens)

    @property
    def tokens(self) -> list[str]:
        """Every useless token."""
        return [*self.unused, *self.disabled, *self.unknown]

    def message(self) -> Message:
        """The E903 message, naming the codes and why each is useless."""
        parts: list[tuple[str, str]] = []
        if self.everything:
            parts.append(("禁用注释没有屏蔽任何问题", "the disable comment suppresses nothing"))
        if self.unused:
            zh, en = "、".join(self.unused), ", ".join(self.unused)
            parts.append((f"禁用注释没有屏蔽任何问题：{zh}", f"nothing to suppress for {en}"))
        if self.disabled:
            zh, en = "、".join(self.disabled), ", ".join(self.disabled)
            parts.append((f"规则未启用：{zh}", f"rule not enabled: {en}"))
        if self.unknown:
            zh, en = "、".join(self.unknown), ", ".join(self.unknown)
            parts.append((f"未知的规则代码：{zh}", f"unknown rule code {en}"))
        return {"zh": "；".join(p[0] for p in parts), "en": "; ".join(p[1] for p in parts)}


def _rewrite(directive: _Directive, kept: list[str]) -> Fix:
    """Keep the directive, without the codes that do nothing."""
    reason = f" -- {directive.reason}" if directive.reason else ""
    text = f"<!-- speechlint-{directive.kind} {' '.join(kept)}{reason} -->"
    removed = [token for token in directive.tokens if token not in kept]
    comment = directive.comment
    return Fix(
        {"zh": f"从注释中删除 {'、'.join(removed)}", "en": f"remove {', '.join(removed)}"},
        (TextEdit(Range(comment.start, comment.end), text),),
        "safe",
    )


def _delete(comment: Comment, document: Document) -> Fix:
    """Delete the comment -- with its line when nothing else is on it."""
    lines = document.lines
    text = document.text
    first, last = _lines_of(comment, document)
    line_start, line_end = lines.line_start(first), lines.line_end(last)
    before = text[line_start : comment.start]
    after = text[comment.end : line_end]
    start, end = comment.start, comment.end
    if not before.strip(_BLANK) and not after.strip(_BLANK):
        if last + 1 < len(lines):
            start, end = line_start, lines.line_start(last + 1)
        else:
            # The last line: take the line break before it instead of the one after.
            start, end = (lines.line_end(first - 1) if first else 0), line_end
    elif not after.strip(_BLANK):
        start, end = line_start + len(before.rstrip(_BLANK)), line_end
    return Fix(
        {"zh": "删除无用的禁用注释", "en": "remove the unused disable comment"},
        (TextEdit(Range(start, end), ""),),
        "safe",
    )
