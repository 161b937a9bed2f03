"""``speechlint lsp`` end to end: a real pytest-lsp client talks to the server over stdio.

Every test runs under two client profiles: VS Code (UTF-16 positions, pushed diagnostics) and
Neovim 0.11 (UTF-8 positions, pulled diagnostics).  The speech puts 𠮷 -- outside the BMP, two
UTF-16 units, four UTF-8 bytes -- on the same line before a misspelled idiom, so a server that
counted code points would be caught by both profiles.  Positions the tests check are computed
here from the encoded text, independently of the server's own conversion.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import (
    ClientServerConfig,
    LanguageClient,
    client_capabilities,
)
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

pytestmark = pytest.mark.asyncio(loop_scope="module")

URI = "file:///tmp/speechlint-e2e/讲话.md"
WRONG, RIGHT = "港移默化", "潜移默化"
SPEECH = """\
# 在全市安全生产工作会议上的讲话

同志们：

今天，我们召开全市安全生产工作会议，主要任务是总结上半年工作，部署下半年任务。刚才，几位同志分别作了发言，讲得很好。下面，我讲三点意见。

第一，提高政治站位，切实增强做好安全生产工作的责任感。𠮷𠮷同志说，要使党员干部在港移默化中受熏陶、受教育。

第二，聚焦重点领域，扎实开展隐患排查整治。一是抓好道路交通安全；二是抓好建筑施工安全。

第三，压紧压实责任，确保各项措施落地见效。各级各部门要切实担负起责任。

同志们，让我们紧密团结起来，为全市经济社会发展提供坚强保障！
"""
TIMEOUT = 15


class RecordingClient(LanguageClient):
    """pytest-lsp's client, recording versioned diagnostics and dynamic registrations."""

    published: list[types.PublishDiagnosticsParams]
    registrations: list[types.Registration]


def _record_publish(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.published.append(params)


def _record_registration(client: RecordingClient, params: types.RegistrationParams) -> None:
    # pytest-lsp has no handler for client/registerCapability; a real editor accepts it.
    client.registrations.extend(params.registrations)


def _make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []
    handlers = dict(DEFAULT_CLIENT_FEATURES)
    handlers[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_publish
    handlers[types.CLIENT_REGISTER_CAPABILITY] = _record_registration
    register_lsp_features(client, handlers)
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "speechlint", "lsp", "--debounce", "0", "--isolated"],
    client_factory=_make_client,
)


@pytest_lsp.fixture(
    config=SERVER,
    scope="module",
    params=["visual-studio-code", "neovim@v0.11.0"],
    ids=["vscode-utf16", "neovim-utf8"],
)
async def client(
    lsp_client: RecordingClient, request: pytest.FixtureRequest
) -> AsyncIterator[None]:
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities(request.param))
    )
    lsp_client.encoding = result.capabilities.position_encoding or "utf-16"  # type: ignore[attr-defined]
    lsp_client.version = 1  # type: ignore[attr-defined]
    lsp_client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(URI, "markdown", 1, SPEECH))
    )
    yield
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), timeout=TIMEOUT)
    except asyncio.TimeoutError:  # never hang the test run on a stuck server
        if lsp_client._server is not None:
            lsp_client._server.kill()


# -- client-side helpers, independent of the server's position code ---------------------------


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def _column(line: str, units: int, encoding: str) -> int:
    """Code points in the first ``units`` client units of ``line``."""
    if encoding == "utf-8":
        return len(line.encode("utf-8")[:units].decode("utf-8"))
    if encoding == "utf-16":
        return len(line.encode("utf-16-le")[: 2 * units].decode("utf-16-le"))
    return units


def _offset(text: str, position: types.Position, encoding: str) -> int:
    lines = text.split("\n")
    before = sum(len(line) + 1 for line in lines[: position.line])
    return before + _column(lines[position.line], position.character, encoding)


def _apply(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    spans = [
        (_offset(text, e.range.start, encoding), _offset(text, e.range.end, encoding), e.new_text)
        for e in edits
    ]
    for start, end, new_text in sorted(spans, reverse=True):
        text = text[:start] + new_text + text[end:]
    return text


def _where(text: str, needle: str, encoding: str) -> types.Range:
    offset = text.index(needle)
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    character = _units(text[line_start:offset], encoding)
    end = types.Position(line, character + _units(needle, encoding))
    return types.Range(types.Position(line, character), end)


def _pulls(client: LanguageClient) -> bool:
    assert client.capabilities is not None
    document = client.capabilities.text_document
    return document is not None and document.diagnostic is not None


async def _diagnostics(client: RecordingClient, version: int) -> list[types.Diagnostic]:
    """The diagnostics of ``version``: pulled, or waited for as a versioned publication."""
    if _pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(URI))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return list(report.items)
    for _ in range(TIMEOUT * 100):
        for params in client.published:
            if params.uri == URI and params.version == version:
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics published for version {version}")


def _change(client: Any, text: str, edits: Sequence[types.TextEdit]) -> str:
    """Send ``edits`` as one incremental didChange; return the new text."""
    client.version += 1
    changes = [types.TextDocumentContentChangePartial(e.range, e.new_text) for e in edits]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=URI, version=client.version), changes
        )
    )
    return _apply(text, edits, client.encoding)


def _edits(client: Any, edit: types.WorkspaceEdit, version: int) -> list[types.TextEdit]:
    """The edits of ``URI``: versioned document changes where the client declares them."""
    if not client.capabilities.workspace.workspace_edit.document_changes:
        assert edit.document_changes is None
        return list(edit.changes[URI])
    (document_edit,) = edit.document_changes
    assert document_edit.text_document.uri == URI
    assert document_edit.text_document.version == version
    return list(document_edit.edits)


def _w501(diagnostics: Sequence[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == "W501"]


# -- the tests --------------------------------------------------------------------------------


async def test_misspelling_after_astral_character_has_exact_range(client: Any) -> None:
    found = _w501(await _diagnostics(client, 1))
    assert len(found) == 1
    assert found[0].range == _where(SPEECH, WRONG, client.encoding)
    assert found[0].source == "speechlint"
    assert found[0].severity == types.DiagnosticSeverity.Error


async def test_quick_fix_replaces_exactly_the_misspelling(client: Any) -> None:
    (diagnostic,) = _w501(await _diagnostics(client, 1))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(URI),
            diagnostic.range,
            types.CodeActionContext([diagnostic], only=[types.CodeActionKind.QuickFix]),
        )
    )
    fixes = [
        a for a in actions if a.is_preferred and a.diagnostics and a.diagnostics[0].code == "W501"
    ]
    assert len(fixes) == 1
    fixed = _apply(SPEECH, _edits(client, fixes[0].edit, 1), client.encoding)
    assert fixed == SPEECH.replace(WRONG, RIGHT)


async def test_symbols_name_points_by_topic_sentence(client: Any) -> None:
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(URI))
    )
    names = [s.name for s in symbols]
    assert names == [
        "在全市安全生产工作会议上的讲话",
        "开头",
        "第一，提高政治站位，切实增强做好安全生产工作的责任感。",
        "第二，聚焦重点领域，扎实开展隐患排查整治。",
        "第三，压紧压实责任，确保各项措施落地见效。",
        "结尾",
    ]
    opening, second = symbols[1], symbols[3]
    assert [c.detail for c in opening.children] == ["回顾", "过渡"]
    assert [c.name for c in second.children] == ["一是抓好道路交通安全", "二是抓好建筑施工安全。"]
    topic = _where(
        SPEECH, "第一，提高政治站位，切实增强做好安全生产工作的责任感。", client.encoding
    )
    assert symbols[2].selection_range == topic


async def test_hover_on_diagnostic_explains_the_rule(client: Any) -> None:
    where = _where(SPEECH, WRONG, client.encoding)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(URI), where.start)
    )
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "**W501**" in hover.contents.value
    assert "使党员干部在潜移默化中受熏陶" in hover.contents.value  # the rule's good example
    assert hover.range == where
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(URI), types.Position(2, 0))
    )
    assert nothing is None


async def test_code_lens_on_title(client: Any) -> None:
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(types.TextDocumentIdentifier(URI))
    )
    (lens,) = lenses
    assert lens.range.start.line == 0
    assert lens.command.title.startswith("字数 ")
    assert "要点数 3" in lens.command.title
    assert "预计时长" in lens.command.title


async def test_fix_all_is_resolved_on_demand(client: Any) -> None:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(URI),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext([], only=["source.fixAll"]),
        )
    )
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.speechlint"
    assert fix_all.edit is None  # both profiles resolve edits lazily
    resolved = await client.code_action_resolve_async(fix_all)
    edits = _edits(client, resolved.edit, 1)
    assert _apply(SPEECH, edits, client.encoding) == SPEECH.replace(WRONG, RIGHT)


async def test_registers_config_watcher_only_when_client_can(client: Any) -> None:
    methods = [r.method for r in client.registrations]
    expected = [] if _pulls(client) else [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert methods == expected


async def test_edit_updates_diagnostics(client: Any) -> None:
    # Runs after the read-only tests: it changes the document.
    text = SPEECH
    fixed = _where(text, WRONG, client.encoding)
    text = _change(client, text, [types.TextEdit(fixed, RIGHT)])
    assert _w501(await _diagnostics(client, client.version)) == []
    planted = _where(text, "坚强保障", client.encoding)
    text = _change(client, text, [types.TextEdit(planted, "坚强保障，惩前恶后")])
    (found,) = _w501(await _diagnostics(client, client.version))
    assert found.range == _where(text, "惩前恶后", client.encoding)


async def test_lone_surrogate_does_not_stop_the_server(client: Any) -> None:
    end = types.Position(0, 0)
    _change(client, SPEECH, [types.TextEdit(types.Range(end, end), "\ud842")])
    await _diagnostics(client, client.version)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(URI))
    )
    assert symbols
