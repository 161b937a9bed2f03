"""The engine: one document in, sorted diagnostics out -- the same for CLI, CI and editors.

Per document: parse once, build the outline once, run every enabled rule against a shared
context (each rule isolated: a crash becomes E902 and the others still report), apply
configured severities, suppression comments and per-file ignores, then sort and deduplicate.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from speechlint._pluginmanager import Registry
from speechlint.diagnostics import Diagnostic, Range, localize
from speechlint.document import Document
from speechlint.errors import DecodeError, SpeechlintError
from speechlint.lexicon import Lexicon, default_lexicon
from speechlint.outline import Outline, build_outline
from speechlint.parse import Parsed, parse
from speechlint.rules import Rule, RuleContext, RuleMeta, Violation
from speechlint.settings import Settings

__all__ = ["Engine", "LintResult"]

RULE_CRASH = "E902"
UNREADABLE = "E901"


@dataclass
class LintResult:
    """What linting one document produced."""

    document: Document
    diagnostics: list[Diagnostic]
    parsed: Parsed | None = None
    outline: Outline | None = None


class Engine:
    """Runs the rules of a :class:`~speechlint._pluginmanager.Registry` on documents."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def lint(self, document: Document, settings: Settings | None = None) -> LintResult:
        """Lint one document under ``settings`` (defaults when omitted)."""
        settings = settings or Settings()
        parsed = parse(document)
        form = _form(parsed, settings)
        lexicon = _lexicon(settings)
        outline = build_outline(
            parsed,
            form=form,
            lexicon=lexicon,
            chars_per_minute=settings.chars_per_minute,
        )
        context = RuleContext(
            parsed,
            outline,
            form=form,
            lang=settings.lang,
            settings=settings,
            forms=self.registry.forms,
            dictionaries=tuple(self.registry.dictionaries),
            lexicon=lexicon,
        )
        found: list[Diagnostic] = []
        for rule in self.registry.rules:
            if not self._wanted(rule, settings, document.path):
                continue
            found.extend(self._run(rule, context, settings, document))
        found = self._suppress(parsed, found, settings)
        return LintResult(document, _finish(found), parsed, outline)

    def unreadable(
        self, path: str, error: DecodeError, settings: Settings | None = None
    ) -> LintResult:
        """The result for a file that cannot be decoded: one E901 diagnostic."""
        settings = settings or Settings()
        document = Document(path, "")
        meta = self.registry.metas.get(UNREADABLE)
        tried = ", ".join(error.encodings)
        message = {
            "zh": f"无法读取文件：{_problem_zh(error.problem)}"
            + (f"（已尝试编码：{tried}）" if tried else ""),
            "en": f"cannot read the file: {error.problem}"
            + (f" (encodings tried: {tried})" if tried else ""),
        }
        diagnostic = Diagnostic(
            path,
            UNREADABLE,
            meta.name if meta else "unreadable-file",
            settings.severity_for(UNREADABLE, "error"),
            localize(message, settings.lang),
            Range(0, 0),
        )
        return LintResult(document, [diagnostic])

    # -- internals -----------------------------------------------------------------------

    def _wanted(self, rule: Rule, settings: Settings, path: str) -> bool:
        return rule.dynamic or any(settings.is_enabled(m.code, path) for m in rule.metas)

    def _run(
        self, rule: Rule, context: RuleContext, settings: Settings, document: Document
    ) -> list[Diagnostic]:
        meta = rule.meta
        options = settings.options_for(meta.code, meta.name, meta.defaults())
        metas = {m.code: m for m in rule.metas}
        out: list[Diagnostic] = []
        try:
            for violation in rule.check(context.for_rule(options)):
                diagnostic = self._diagnostic(violation, meta, metas, settings, document)
                if diagnostic is not None:
                    out.append(diagnostic)
        except SpeechlintError:
            raise  # a configuration or schema error is the user's to fix: exit 2, not E902
        except Exception as exc:  # a rule's bug must not take the other rules down
            return [self._crash(meta, exc, settings, document)]
        return out

    def _diagnostic(
        self,
        violation: Violation,
        meta: RuleMeta,
        metas: dict[str, RuleMeta],
        settings: Settings,
        document: Document,
    ) -> Diagnostic | None:
        code = violation.code or meta.code
        if not settings.is_enabled(code, document.path):
            return None
        own = metas.get(code, meta)
        severity = settings.severity_for(code, violation.severity or own.severity)
        size = len(document.text)
        start = max(0, min(violation.start, size))
        end = max(start, min(violation.end, size))
        return Diagnostic(
            path=document.path,
            code=code,
            rule=violation.rule or own.name,
            severity=severity,
            message=localize(violation.message, settings.lang),
            range=Range(start, end),
            fix=violation.fix,
        )

    def _crash(
        self, meta: RuleMeta, exc: Exception, settings: Settings, document: Document
    ) -> Diagnostic:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        origin = f" ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})" if where else ""
        message = {
            "zh": f"规则 {meta.code}（{meta.name}）运行出错：{type(exc).__name__}: {exc}{origin}；"
            "其他规则照常检查",
            "en": f"rule {meta.code} ({meta.name}) crashed: {type(exc).__name__}: {exc}{origin}; "
            "the other rules still ran",
        }
        return Diagnostic(
            document.path,
            RULE_CRASH,
            "rule-crash",
            settings.severity_for(RULE_CRASH, "error"),
            localize(message, settings.lang),
            Range(0, 0),
        )

    def _suppress(
        self, parsed: Parsed, found: list[Diagnostic], settings: Settings
    ) -> list[Diagnostic]:
        try:
            from speechlint._directives import apply_suppressions
        except ModuleNotFoundError:
            return found
        return apply_suppressions(parsed, found, settings, self.registry.metas)


# DecodeError's problems in Chinese (an operating system's reason is shown as it is).
_PROBLEMS_ZH = {
    "invalid byte sequence": "字节序列无效",
    "binary data (NUL bytes)": "二进制数据（含 NUL 字节）",
}


def _problem_zh(problem: str) -> str:
    if problem.startswith("unknown encoding "):
        return "未知编码 " + problem.removeprefix("unknown encoding ")
    return _PROBLEMS_ZH.get(problem, problem)


def _form(parsed: Parsed, settings: Settings) -> str:
    front = parsed.front_matter
    if front is not None and isinstance(front.meta.get("form"), str):
        return str(front.meta["form"])
    return settings.form_name


@lru_cache(maxsize=32)
def _extended_lexicon(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    return default_lexicon().extended(dict(extra))


def _lexicon(settings: Settings) -> Lexicon:
    if not settings.outline:
        return default_lexicon()
    return _extended_lexicon(tuple(sorted((k, tuple(v)) for k, v in settings.outline.items())))


def _finish(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by path, position and code; drop exact duplicates."""
    unique: dict[tuple[object, ...], Diagnostic] = {}
    for diagnostic in diagnostics:
        key = (diagnostic.code, diagnostic.range, diagnostic.message)
        unique.setdefault(key, diagnostic)
    return sorted(unique.values(), key=Diagnostic.sort_key)
