"""Protocol views of an :class:`~speechlint.lsp._session.Analysis`: one function per feature.

Each function turns engine values (code-point offsets) into ``lsprotocol`` types with the
analysis's :class:`~speechlint.lsp._positions.PositionMap`, so every range is in the client's
position encoding.  Nothing here talks to a client; the server module calls these and sends
what they return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from speechlint._directives import UNSUPPRESSIBLE
from speechlint._editor import (
    OutlineEntry,
    disable_edit,
    fold_spans,
    hover_markdown,
    hover_plaintext,
    lens_title,
    outline_entries,
)
from speechlint._pluginmanager import Registry
from speechlint.diagnostics import Diagnostic, TextEdit, localize
from speechlint.lsp._session import Analysis

__all__ = [
    "FIX_ALL_KIND",
    "SOURCE",
    "ClientFeatures",
    "code_actions",
    "code_lenses",
    "diagnostic_report",
    "diagnostics",
    "document_symbols",
    "folding_ranges",
    "hover",
    "workspace_edit",
]

SOURCE = "speechlint"
FIX_ALL_KIND = "source.fixAll.speechlint"
QUICKFIX = types.CodeActionKind.QuickFix.value
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_SYMBOL_KIND = {
    "title": types.SymbolKind.File,
    "opening": types.SymbolKind.Namespace,
    "closing": types.SymbolKind.Namespace,
    # A numbered point: the "#" icon reads as 第一、第二 in every editor's outline.
    "point": types.SymbolKind.Number,
}
_TEXTS = {
    "zh": {"disable": "此行停用 {code}", "fix_all": "speechlint：应用全部安全修复",
           "unsafe": "（不安全，请复核）", "colon": "："},
    "en": {"disable": "Disable {code} for this line", "fix_all": "speechlint: apply all safe fixes",
           "unsafe": " (unsafe: review it)", "colon": ": "},
}  # fmt: skip


def _text(key: str, lang: str) -> str:
    return _TEXTS.get(lang, _TEXTS["zh"])[key]


@dataclass(frozen=True)
class ClientFeatures:
    """What the client can do, read once from its capabilities."""

    pull_diagnostics: bool = False
    markdown_hover: bool = True
    document_changes: bool = True
    resolve_code_action_edit: bool = False
    diagnostic_refresh: bool = False
    watch_files: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities) -> ClientFeatures:
        """Read the features the server uses from ``capabilities``."""
        document = capabilities.text_document or types.TextDocumentClientCapabilities()
        workspace = capabilities.workspace or types.WorkspaceClientCapabilities()
        hover_formats = (document.hover.content_format if document.hover else None) or []
        action = document.code_action
        resolvable = action.resolve_support.properties if action and action.resolve_support else []
        watched = workspace.did_change_watched_files
        edit = workspace.workspace_edit
        return cls(
            pull_diagnostics=document.diagnostic is not None,
            markdown_hover=types.MarkupKind.Markdown in hover_formats,
            document_changes=bool(edit and edit.document_changes),
            resolve_code_action_edit="edit" in resolvable,
            diagnostic_refresh=bool(
                workspace.diagnostics and workspace.diagnostics.refresh_support
            ),
            watch_files=bool(watched and watched.dynamic_registration),
        )


# -- diagnostics ------------------------------------------------------------------------------


def _diagnostic(analysis: Analysis, diagnostic: Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=analysis.positions.range(diagnostic.range.start, diagnostic.range.end),
        message=diagnostic.message,
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        source=SOURCE,
    )


def diagnostics(analysis: Analysis) -> list[types.Diagnostic]:
    """Every diagnostic of the analysis, in the client's position encoding."""
    return [_diagnostic(analysis, d) for d in analysis.result.diagnostics]


def result_id(analysis: Analysis) -> str:
    """Identifies what a pull report was computed from: configuration and version."""
    return f"{analysis.generation}:{analysis.version}"


def diagnostic_report(analysis: Analysis, previous: str | None) -> types.DocumentDiagnosticReport:
    """The answer to a ``textDocument/diagnostic`` pull."""
    current = result_id(analysis)
    if previous == current:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=current)
    return types.RelatedFullDocumentDiagnosticReport(items=diagnostics(analysis), result_id=current)


# -- code actions -----------------------------------------------------------------------------


def workspace_edit(
    analysis: Analysis, edits: Sequence[TextEdit], client: ClientFeatures
) -> types.WorkspaceEdit:
    """``edits`` of the analysed version, as a workspace edit the client can apply."""
    positions = analysis.positions
    converted = [
        types.TextEdit(positions.range(edit.range.start, edit.range.end), edit.new_text)
        for edit in edits
    ]
    if not client.document_changes:
        return types.WorkspaceEdit(changes={analysis.uri: converted})
    # Versioned: a client that has moved on since refuses the edit instead of misplacing it.
    document = types.OptionalVersionedTextDocumentIdentifier(analysis.uri, analysis.version)
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(document, list(converted))])


def _wants(only: Sequence[str] | None, kind: str) -> bool:
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def _touches(diagnostic: Diagnostic, start: int, end: int) -> bool:
    return diagnostic.range.start <= end and start <= diagnostic.range.end


def code_actions(
    analysis: Analysis,
    request: types.Range,
    only: Sequence[str] | None,
    client: ClientFeatures,
) -> list[types.CodeAction]:
    """Quick fixes and "disable for this line" at ``request``, and fix-all for the document.

    The fix-all action comes without its edit (``data`` names the document and version);
    :func:`speechlint._editor.fix_all_edits` fills it in when the action is resolved.
    """
    start = analysis.positions.offset(request.start)
    end = analysis.positions.offset(request.end)
    actions: list[types.CodeAction] = []
    if _wants(only, QUICKFIX):
        for diagnostic in analysis.result.diagnostics:
            if _touches(diagnostic, start, end):
                actions.extend(_quick_fixes(analysis, diagnostic, client))
    if _wants(only, FIX_ALL_KIND) and _has_safe_fix(analysis):
        actions.append(fix_all_action(analysis))
    return actions


def _has_safe_fix(analysis: Analysis) -> bool:
    return any(
        d.fix is not None and d.fix.applicability == "safe" for d in analysis.result.diagnostics
    )


def fix_all_action(analysis: Analysis, edit: types.WorkspaceEdit | None = None) -> types.CodeAction:
    """The ``source.fixAll.speechlint`` action (unresolved without ``edit``)."""
    return types.CodeAction(
        title=_text("fix_all", analysis.lang),
        kind=FIX_ALL_KIND,
        edit=edit,
        data={"uri": analysis.uri, "version": analysis.version},
    )


def _quick_fixes(
    analysis: Analysis, diagnostic: Diagnostic, client: ClientFeatures
) -> list[types.CodeAction]:
    lang = analysis.lang
    found: list[types.CodeAction] = []
    lsp_diagnostic = _diagnostic(analysis, diagnostic)
    fix = diagnostic.fix
    if fix is not None and fix.applicability in ("safe", "unsafe"):
        title = f"{diagnostic.code}{_text('colon', lang)}{localize(fix.description, lang)}"
        if fix.applicability == "unsafe":
            title += _text("unsafe", lang)
        found.append(
            types.CodeAction(
                title=title,
                kind=QUICKFIX,
                diagnostics=[lsp_diagnostic],
                is_preferred=fix.applicability == "safe",
                edit=workspace_edit(analysis, fix.edits, client),
            )
        )
    if _suppressible(analysis, diagnostic):
        parsed = analysis.result.parsed
        assert parsed is not None
        found.append(
            types.CodeAction(
                title=_text("disable", lang).format(code=diagnostic.code),
                kind=QUICKFIX,
                diagnostics=[lsp_diagnostic],
                edit=workspace_edit(analysis, [disable_edit(parsed, diagnostic)], client),
            )
        )
    return found


def _suppressible(analysis: Analysis, diagnostic: Diagnostic) -> bool:
    parsed = analysis.result.parsed
    if parsed is None or diagnostic.code in UNSUPPRESSIBLE:
        return False
    front = parsed.front_matter
    # A comment inside the YAML front matter would break it; nothing there can be disabled.
    return front is None or not (front.start <= diagnostic.range.start < front.end)


# -- outline: symbols, folding, code lens -----------------------------------------------------


def _symbol(analysis: Analysis, entry: OutlineEntry) -> types.DocumentSymbol:
    positions = analysis.positions
    return types.DocumentSymbol(
        name=entry.name,
        detail=entry.detail or None,
        kind=_SYMBOL_KIND.get(entry.kind, types.SymbolKind.String),
        range=positions.range(entry.start, entry.end),
        selection_range=positions.range(entry.focus_start, entry.focus_end),
        children=[_symbol(analysis, child) for child in entry.children],
    )


def document_symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    """The speech's outline as nested document symbols."""
    outline = analysis.result.outline
    if outline is None:
        return []
    return [_symbol(analysis, entry) for entry in outline_entries(outline, analysis.lang)]


def folding_ranges(analysis: Analysis) -> list[types.FoldingRange]:
    """One folding range per multi-line point, opening and closing."""
    outline = analysis.result.outline
    if outline is None:
        return []
    found: dict[int, types.FoldingRange] = {}
    for start, end in fold_spans(outline):
        first = analysis.positions.line(start)
        # ``end`` is exclusive: the last character decides the last line.
        last = analysis.positions.line(max(start, end - 1))
        if last > first and first not in found:
            found[first] = types.FoldingRange(first, last, kind=types.FoldingRangeKind.Region)
    return [found[line] for line in sorted(found)]


def code_lenses(analysis: Analysis) -> list[types.CodeLens]:
    """字数 · 要点数 · 预计时长 on the title (or the first line when there is none)."""
    outline = analysis.result.outline
    if outline is None:
        return []
    title = outline.title
    span = (title.start, title.end) if title is not None else (0, 0)
    # An empty command id makes the lens a label: there is nothing to run.
    command = types.Command(title=lens_title(outline, analysis.lang), command="")
    return [types.CodeLens(range=analysis.positions.range(*span), command=command)]


# -- hover ------------------------------------------------------------------------------------


def hover(
    analysis: Analysis,
    registry: Registry,
    position: types.Position,
    client: ClientFeatures,
) -> types.Hover | None:
    """The explanation of every diagnostic under ``position``."""
    offset = analysis.positions.offset(position)
    under = [
        d
        for d in analysis.result.diagnostics
        if d.range.start <= offset < max(d.range.end, d.range.start + 1)
    ]
    if not under:
        return None
    lang = analysis.lang
    render = hover_markdown if client.markdown_hover else hover_plaintext
    separator = "\n\n---\n\n" if client.markdown_hover else "\n\n"
    value = separator.join(render(registry, d, lang) for d in under)
    kind = types.MarkupKind.Markdown if client.markdown_hover else types.MarkupKind.PlainText
    first = under[0].range
    return types.Hover(
        contents=types.MarkupContent(kind=kind, value=value),
        range=analysis.positions.range(first.start, first.end),
    )


def data_target(data: Any) -> tuple[str, int] | None:
    """The ``(uri, version)`` in a fix-all action's ``data`` (None when malformed)."""
    if not isinstance(data, dict):
        return None
    uri, version = data.get("uri"), data.get("version")
    if isinstance(uri, str) and isinstance(version, int):
        return uri, version
    return None
