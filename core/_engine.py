"""The engine: one document in, sorted diagnostics out -- the same for CLI, CI and editors.

Per document: parse once, build the outline once, run every enabled rule against a shared
context (each rule isolated: a crash becomes E902 and the others still report), apply
configured severities, suppression comments and per-file ignores, then sort and deduplicate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from speechlint._namedtuple import NamedTuple
from speechlint._pluginmanager import Registry
from speechlint.diagnostics import Diagnostic, Range, Severity, localize
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


# The options of a rule that has none: read-only, like every rule's (see _Plan).
_NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})


class LintResult:
    """What linting one document produced."""

    __slots__ = ("diagnostics", "document", "outline", "parsed")

    def __init__(
        self,
        document: Document,
        diagnostics: list[Diagnostic],
        parsed: Parsed | None = None,
        outline: Outline | None = None,
    ) -> None:
        self.document = document
        self.diagnostics = diagnostics
        self.parsed = parsed
        self.outline = outline


class _Planned(NamedTuple):
    """A rule to run under some settings: its options and its codes that are enabled."""

    rule: Rule
    options: Mapping[str, Any]
    metas: dict[str, RuleMeta]
    enabled: frozenset[str]


class _Plan:
    """What runs under one :class:`Settings`, worked out once per run rather than per document.

    Only settings without ``per-file-ignores`` have one: with them, what runs depends on the
    path and is decided per document.
    """

    __slots__ = ("rules", "settings", "severities")

    def __init__(self, settings: Settings, rules: list[_Planned]) -> None:
        self.settings = settings
        self.rules = rules
        self.severities: dict[tuple[str, str], Severity] = {}

    def severity(self, code: str, default: Severity) -> Severity:
        key = (code, default)
        found = self.severities.get(key)
        if found is None:
            found = self.severities[key] = self.settings.severity_for(code, default)
        return found


class Engine:
    """Runs the rules of a :class:`~speechlint._pluginmanager.Registry` on documents."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._plans: dict[int, _Plan] = {}

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
            options=_NO_OPTIONS,  # (rules without options share this context; see _run_planned)
        )
        found: list[Diagnostic] = []
        plan = self._plan(settings)
        if plan is None:
            for rule in self.registry.rules:
                if self._wanted(rule, settings, document.path):
                    found.extend(self._run(rule, context, settings, document))
        else:
            for planned in plan.rules:
                found.extend(self._run_planned(planned, plan, context, document))
        found = self._suppress(parsed, found, settings)
        return LintResult(document, _finish(found), parsed, outline)

    def _plan(self, settings: Settings) -> _Plan | None:
        """The rules to run under ``settings`` with their options, when the path cannot matter."""
        if settings.per_file_ignores:
            return None
        plan = self._plans.get(id(settings))
        if plan is not None and plan.settings is settings:
            return plan
        planned = []
        for rule in self.registry.rules:
            if not self._wanted(rule, settings, None):
                continue
            meta = rule.meta
            # Shared by every document: read-only, so that no rule can change it for the next.
            options = MappingProxyType(settings.options_for(meta.code, meta.name, meta.defaults()))
            enabled = frozenset(m.code for m in rule.metas if settings.is_enabled(m.code))
            planned.append(_Planned(rule, options, {m.code: m for m in rule.metas}, enabled))
        if len(self._plans) >= 64:
            self._plans.clear()  # a run has a handful of configurations; an editor may have more
        plan = self._plans[id(settings)] = _Plan(settings, planned)
        return plan

    def _run_planned(
        self, planned: _Planned, plan: _Plan, context: RuleContext, document: Document
    ) -> list[Diagnostic]:
        """:meth:`_run` with the options and enabled codes worked out in advance."""
        rule = planned.rule
        out: list[Diagnostic] = []
        options = planned.options
        try:
            for violation in rule.check(context.for_rule(options) if options else context):
                code = violation.code or rule.meta.code
                if code not in planned.enabled and (
                    code in planned.metas or not plan.settings.is_enabled(code)
                ):
                    continue
                own = planned.metas.get(code, rule.meta)
                severity = plan.severity(code, violation.severity or own.severity)
                out.append(_make(violation, code, own, severity, plan.settings, document))
        except SpeechlintError:
            raise  # a configuration or schema error is the user's to fix: exit 2, not E902
        except Exception as exc:  # a rule's bug must not take the other rules down
            return [self._crash(rule.meta, exc, plan.settings, document)]
        return out

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

    def _wanted(self, rule: Rule, settings: Settings, path: str | None) -> bool:
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
        return _make(violation, code, own, severity, settings, document)

    def _crash(
        self, meta: RuleMeta, exc: Exception, settings: Settings, document: Document
    ) -> Diagnostic:
        import traceback  # only for a rule that crashed (it imports textwrap, linecache, …)

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


def _make(
    violation: Violation,
    code: str,
    own: RuleMeta,
    severity: Severity,
    settings: Settings,
    document: Document,
) -> Diagnostic:
    """The diagnostic of a violation, its range clamped into the document."""
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
