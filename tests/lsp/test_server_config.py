"""``speechlint lsp`` reads the CLI's configuration files and reloads them when they change.

VS Code is told to watch the files (``workspace/didChangeWatchedFiles``); Neovim 0.11 declares
no watcher support, so the server notices a changed file itself when a document is saved.
Settings sent with ``workspace/didChangeConfiguration`` apply at once.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

pytestmark = pytest.mark.asyncio(loop_scope="module")

SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶、受教育。\n"
TIMEOUT = 15


class RecordingClient(LanguageClient):
    """Records every publication (a reload re-publishes the same version)."""

    published: list[types.PublishDiagnosticsParams]


def _record(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.published.append(params)


def _accept(client: RecordingClient, params: types.RegistrationParams) -> None:
    """client/registerCapability: accepted (pytest-lsp has no handler of its own)."""


def _make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published = []
    handlers = dict(DEFAULT_CLIENT_FEATURES)
    handlers[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record
    handlers[types.CLIENT_REGISTER_CAPABILITY] = _accept
    register_lsp_features(client, handlers)
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "speechlint", "lsp", "--debounce", "0"],
    client_factory=_make_client,
)


@pytest_lsp.fixture(
    config=SERVER,
    scope="module",
    params=["visual-studio-code", "neovim@v0.11.0"],
    ids=["vscode", "neovim"],
)
async def client(
    lsp_client: RecordingClient,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[None]:
    root = tmp_path_factory.mktemp("workspace")
    (root / "speechlint.toml").write_text('ignore = ["W501"]\n', encoding="utf-8")
    lsp_client.root = root  # type: ignore[attr-defined]
    lsp_client.uri = from_fs_path(str(root / "讲话.md"))  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param), root_uri=from_fs_path(str(root))
        )
    )
    lsp_client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(lsp_client.uri, "markdown", 1, SPEECH)  # type: ignore[attr-defined]
        )
    )
    yield
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), timeout=TIMEOUT)
    except asyncio.TimeoutError:
        if lsp_client._server is not None:
            lsp_client._server.kill()


def _pulls(client: LanguageClient) -> bool:
    assert client.capabilities is not None and client.capabilities.text_document is not None
    return client.capabilities.text_document.diagnostic is not None


async def _codes(client: Any, seen: int = 0) -> list[str]:
    """Codes of the latest diagnostics: pulled, or the first publication after ``seen`` ones."""
    if _pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(client.uri))
        )
        return sorted(str(d.code) for d in report.items)
    for _ in range(TIMEOUT * 100):
        mine = [p for p in client.published if p.uri == client.uri]
        if len(mine) > seen:
            return sorted(str(d.code) for d in mine[seen].diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError("no diagnostics published")


def _rewrite(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # A later mtime even on file systems with coarse timestamps.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def _notify_change(client: Any) -> None:
    """Tell the server the way this client would: a watcher event, or a save."""
    config = client.root / "speechlint.toml"
    if _pulls(client):
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(client.uri))
        )
    else:
        change = types.FileEvent(from_fs_path(str(config)), types.FileChangeType.Changed)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([change]))


async def test_configuration_file_applies_and_reloads(client: Any) -> None:
    assert "W501" not in await _codes(client)
    seen = len(client.published)
    _rewrite(client.root / "speechlint.toml", "ignore = []\n")
    await _notify_change(client)
    assert "W501" in await _codes(client, seen)


async def test_client_settings_apply_at_once(client: Any) -> None:
    seen = len(client.published)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"speechlint": {"lang": "en"}})
    )
    if _pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(client.uri))
        )
        messages = [d.message for d in report.items if d.code == "W501"]
    else:
        await _codes(client, seen)
        params = [p for p in client.published if p.uri == client.uri][seen]
        messages = [d.message for d in params.diagnostics if d.code == "W501"]
    assert messages == ["“港移默化” is misspelled: write “潜移默化”"]


async def test_broken_configuration_is_shown_once_and_defaults_apply(client: Any) -> None:
    seen = len(client.published)
    shown = len(client.messages)
    _rewrite(client.root / "speechlint.toml", 'ignroe = ["W501"]\n')
    await _notify_change(client)
    assert "W501" in await _codes(client, seen)
    errors = [m for m in client.messages[shown:] if m.type == types.MessageType.Error]
    assert len(errors) == 1
    assert "speechlint.toml" in errors[0].message
    assert "ignroe" in errors[0].message
