"""Protocol views of an analysis (speechlint.lsp._features), without a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import client_capabilities

from speechlint._pluginmanager import Registry, load_registry
from speechlint.lsp import _features as features
from speechlint.lsp._session import Analysis, ServerOptions, Session

URI = "file:///tmp/讲话.md"
SPEECH = """\
# 在全市安全生产工作会议上的讲话

同志们：

今天，我们召开全市安全生产工作会议。刚才，几位同志分别作了发言。下面，我讲两点意见。

第一，提高政治站位，切实增强责任感。要坚持习近平新时代中国特色社会主义，在港移默化中受教育。

这项工作要持续抓好。

第二，聚焦重点领域，扎实开展隐患排查整治。

同志们，让我们紧密团结起来，为全市经济社会发展提供坚强保障！
"""
VSCODE = features.ClientFeatures.of(client_capabilities("visual-studio-code"))


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(entry_points=False)


def _analysis(registry: Registry, text: str = SPEECH, encoding: str = "utf-16") -> Analysis:
    session = Session(registry, ServerOptions(isolated=True), encoding=encoding, root=Path("/tmp"))
    session.documents.open(URI, "/tmp/讲话.md", text, 7)
    snapshot = session.snapshot(URI)
    assert snapshot is not None
    return session.analyze(snapshot)


def _range(analysis: Analysis, needle: str) -> types.Range:
    start = SPEECH.index(needle)
    return analysis.positions.range(start, start + len(needle))


def test_client_features_of_the_profiles() -> None:
    neovim = features.ClientFeatures.of(client_capabilities("neovim@v0.11.0"))
    assert (VSCODE.pull_diagnostics, neovim.pull_diagnostics) == (False, True)
    assert (VSCODE.document_changes, neovim.document_changes) == (True, False)
    assert (VSCODE.watch_files, neovim.watch_files) == (True, False)
    assert VSCODE.resolve_code_action_edit and neovim.resolve_code_action_edit
    assert VSCODE.markdown_hover and neovim.markdown_hover
    bare = features.ClientFeatures.of(types.ClientCapabilities())
    assert not bare.markdown_hover and not bare.document_changes and not bare.pull_diagnostics


def test_diagnostics_carry_code_source_and_severity(registry: Registry) -> None:
    analysis = _analysis(registry)
    found = {d.code: d for d in features.diagnostics(analysis)}
    assert found["W501"].range == _range(analysis, "港移默化")
    assert found["W501"].severity == types.DiagnosticSeverity.Error
    assert found["W502"].severity == types.DiagnosticSeverity.Warning
    assert {d.source for d in found.values()} == {"speechlint"}


def test_pull_report_is_unchanged_for_the_same_version(registry: Registry) -> None:
    analysis = _analysis(registry)
    full = features.diagnostic_report(analysis, None)
    assert isinstance(full, types.RelatedFullDocumentDiagnosticReport)
    assert full.result_id is not None
    again = features.diagnostic_report(analysis, full.result_id)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)


def test_quick_fixes_safe_preferred_unsafe_marked(registry: Registry) -> None:
    analysis = _analysis(registry)
    here = _range(analysis, "习近平新时代中国特色社会主义")
    actions = features.code_actions(analysis, here, [types.CodeActionKind.QuickFix], VSCODE)
    titles = [a.title for a in actions]
    assert titles == [
        "W502：改为“习近平新时代中国特色社会主义思想”（不安全，请复核）",
        "此行停用 W502",
    ]
    assert actions[0].is_preferred is False
    safe = features.code_actions(analysis, _range(analysis, "港移默化"), None, VSCODE)
    assert [a.kind for a in safe] == ["quickfix", "quickfix", "source.fixAll.speechlint"]
    assert safe[0].is_preferred is True


def test_only_filters_kinds(registry: Registry) -> None:
    analysis = _analysis(registry)
    here = _range(analysis, "港移默化")
    fix_all = features.code_actions(analysis, here, ["source"], VSCODE)
    assert [a.kind for a in fix_all] == ["source.fixAll.speechlint"]
    assert features.code_actions(analysis, here, ["refactor"], VSCODE) == []


def test_fix_all_is_offered_only_with_safe_fixes(registry: Registry) -> None:
    clean = _analysis(registry, "同志们：\n要在潜移默化中受教育。\n")
    nowhere = types.Range(types.Position(0, 0), types.Position(0, 0))
    assert features.code_actions(clean, nowhere, ["source.fixAll"], VSCODE) == []


def test_nothing_in_front_matter_is_disabled_by_a_comment(registry: Registry) -> None:
    text = "---\ntitle: 港移默化\n---\n同志们：\n"
    analysis = _analysis(registry, text)
    start = text.index("港")
    here = analysis.positions.range(start, start + 4)
    titles = [a.title for a in features.code_actions(analysis, here, None, VSCODE)]
    assert not any(title.startswith("此行停用") for title in titles)


def test_edits_without_document_changes_use_changes(registry: Registry) -> None:
    analysis = _analysis(registry)
    client = features.ClientFeatures(document_changes=False)
    (fix, _disable, _all) = features.code_actions(
        analysis, _range(analysis, "港移默化"), None, client
    )
    assert fix.edit is not None and fix.edit.changes is not None
    (edit,) = fix.edit.changes[URI]
    assert edit.new_text == "潜移默化"


def test_symbols_folding_and_lens(registry: Registry) -> None:
    analysis = _analysis(registry, encoding="utf-8")
    symbols = features.document_symbols(analysis)
    assert [s.kind for s in symbols] == [
        types.SymbolKind.File, types.SymbolKind.Namespace, types.SymbolKind.Number,
        types.SymbolKind.Number, types.SymbolKind.Namespace,
    ]  # fmt: skip
    assert symbols[2].selection_range == _range(analysis, "第一，提高政治站位，切实增强责任感。")
    # 第一 spans its paragraph and the next one: it folds from line 6 to line 8.
    assert types.FoldingRange(6, 8, kind=types.FoldingRangeKind.Region) in (
        features.folding_ranges(analysis)
    )
    (lens,) = features.code_lenses(analysis)
    assert lens.range == _range(analysis, "在全市安全生产工作会议上的讲话")
    assert lens.command is not None and "要点数 2" in lens.command.title


def test_lens_without_title_sits_on_the_first_line(registry: Registry) -> None:
    analysis = _analysis(registry, "同志们：\n第一，甲要做好。\n第二，乙要做好。\n")
    (lens,) = features.code_lenses(analysis)
    assert lens.range.start == types.Position(0, 0)


def test_hover_plaintext_for_clients_without_markdown(registry: Registry) -> None:
    analysis = _analysis(registry)
    where = _range(analysis, "港移默化")
    client = features.ClientFeatures(markdown_hover=False)
    hover = features.hover(analysis, registry, where.end, client)
    assert hover is None  # the end is exclusive
    inside = types.Position(where.start.line, where.start.character + 1)
    hover = features.hover(analysis, registry, inside, client)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.PlainText
    assert hover.contents.value.startswith("W501 misspelled-phrase: ")


def test_fix_all_data_round_trips() -> None:
    assert features.data_target({"uri": URI, "version": 3}) == (URI, 3)
    assert features.data_target({"uri": URI}) is None
    assert features.data_target("nonsense") is None
