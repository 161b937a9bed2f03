"""``speechlint lsp``: the language server (stdio, pygls).

This module only registers handlers and sends what the feature functions return; the state
lives in :mod:`~speechlint.lsp._session`, the timing in :mod:`~speechlint.lsp._scheduler`, the
protocol views in :mod:`~speechlint.lsp._features` and the editor logic in
:mod:`speechlint._editor` -- all of them tested without a server.
"""

from __future__ import annotations

import functools
import inspect
import logging
import traceback
from collections.abc import Awaitable, Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types
from pygls.exceptions import FeatureRequestError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from speechlint import __version__
from speechlint._editor import fix_all_edits
from speechlint._pluginmanager import Registry
from speechlint.lsp import _features as features
from speechlint.lsp._documents import path_of
from speechlint.lsp._scheduler import Scheduler
from speechlint.lsp._session import Analysis, ServerOptions, Session

if TYPE_CHECKING:
    from pygls.server import ServerErrors

__all__ = ["SpeechlintServer", "build_server", "serve"]

logger = logging.getLogger(__name__)
R = TypeVar("R")
Params = TypeVar("Params")
Server = TypeVar("Server", bound="SpeechlintServer")
CONFIG_GLOB = "**/{.speechlint.toml,speechlint.toml,pyproject.toml}"


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, minus its own copy of edited documents.

    The session keeps the text (edited on LSP line breaks only, see ``_positions``); pygls's
    copy would split lines at U+2028 and form feeds too, and an edit it failed to apply would
    keep the session's handler from ever seeing the change.
    """

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None


def _guarded(
    handler: Callable[[Server, Params], Awaitable[R]],
) -> Callable[[Server, Params], Awaitable[R | None]]:
    """Log a handler's failure to the client (window/logMessage) and keep serving.

    A notification that fails changes nothing; a request that fails answers ``null``.
    """

    @functools.wraps(handler)
    async def guarded(self: Server, params: Params) -> R | None:
        try:
            return await handler(self, params)
        except Exception as exc:
            self.log(
                f"speechlint: {handler.__name__} failed: {type(exc).__name__}: {exc}\n"
                + traceback.format_exc(),
                types.MessageType.Error,
            )
            return None

    return guarded


class SpeechlintServer(LanguageServer):
    """The server: a session and a scheduler, created when the client says who it is."""

    def __init__(self, registry: Registry, options: ServerOptions) -> None:
        super().__init__(
            "speechlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=_Protocol,
        )
        self.registry = registry
        self.options = options
        self.client = features.ClientFeatures()
        self.session = Session(registry, options, report=self.show_error)
        self.scheduler = Scheduler(self.session, self.publish)

    # -- messages to the client -----------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """A line in the client's log (never a popup)."""
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def show_error(self, message: str) -> None:
        """A problem the user must fix (a broken configuration file): shown once, and logged."""
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=message)
        )
        self.log(message, types.MessageType.Error)

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        """Malformed input from the client: log it (pygls would pop up a message) and go on."""
        if source is not FeatureRequestError:  # a failed request already answers with the error
            self.log(f"speechlint: {source.__name__}: {error}", types.MessageType.Error)

    def publish(self, analysis: Analysis) -> None:
        """Push an analysis's diagnostics, unless the client pulls them."""
        if self.client.pull_diagnostics:
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=analysis.uri,
                version=analysis.version,
                diagnostics=features.diagnostics(analysis),
            )
        )

    def refresh(self) -> None:
        """After a configuration change: re-lint and re-publish, or ask a pulling client to pull."""
        if self.client.pull_diagnostics:
            if self.client.diagnostic_refresh:
                self.workspace_diagnostic_refresh(None)
            return
        self.scheduler.schedule_all()

    # -- lifecycle --------------------------------------------------------------------------

    def on_initialize(self, params: types.InitializeParams) -> None:
        """Negotiated encoding, client features, workspace root and client options."""
        self.client = features.ClientFeatures.of(params.capabilities)
        options, problems = self.options.updated(params.initialization_options)
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        self.session = Session(
            self.registry,
            options,
            encoding=str(getattr(encoding, "value", encoding)),
            root=_root(params),
            report=self.show_error,
        )
        self.scheduler.shutdown()  # the placeholder's (its thread never started)
        self.scheduler = Scheduler(self.session, self.publish)
        for problem in problems:
            self.log(problem, types.MessageType.Warning)

    @_guarded
    async def on_initialized(self, params: types.InitializedParams) -> None:
        """Ask the client to watch configuration files, when it can."""
        if not self.client.watch_files:
            return
        watcher = types.FileSystemWatcher(glob_pattern=CONFIG_GLOB)
        registration = types.Registration(
            id="speechlint-configuration",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[watcher]),
        )
        await self.client_register_capability_async(types.RegistrationParams([registration]))

    def on_shutdown(self, params: None) -> None:
        """Stop linting."""
        self.scheduler.shutdown()

    # -- documents --------------------------------------------------------------------------

    @_guarded
    async def on_open(self, params: types.DidOpenTextDocumentParams) -> None:
        """Lint a newly opened document at once."""
        item = params.text_document
        path = path_of(item.uri, self.session.root)
        self.session.documents.open(item.uri, path, item.text, item.version)
        self._reload_if_stale()
        self.scheduler.schedule(item.uri, 0)

    @_guarded
    async def on_change(self, params: types.DidChangeTextDocumentParams) -> None:
        """Apply the edit; lint once the typing pauses (the debounce)."""
        document = params.text_document
        if self.session.documents.change(document.uri, document.version, params.content_changes):
            self.scheduler.schedule(document.uri)

    @_guarded
    async def on_save(self, params: types.DidSaveTextDocumentParams) -> None:
        """Lint at once on save (and pick up configuration edits a watcher did not report)."""
        self._reload_if_stale()
        self.scheduler.schedule(params.text_document.uri, 0)

    @_guarded
    async def on_close(self, params: types.DidCloseTextDocumentParams) -> None:
        """Forget the document and clear its diagnostics."""
        uri = params.text_document.uri
        self.scheduler.cancel(uri)
        self.session.forget(uri)
        if not self.client.pull_diagnostics:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def _reload_if_stale(self) -> None:
        if not self.client.watch_files and self.session.config_stale():
            self.session.reload()
            self.refresh()

    # -- configuration ----------------------------------------------------------------------

    @_guarded
    async def on_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        """A configuration file changed: reload and re-lint every open document."""
        self.log(f"speechlint: configuration changed ({len(params.changes)} file(s)); reloading")
        self.session.reload()
        self.refresh()

    @_guarded
    async def on_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        """The client's settings changed: apply them, reload and re-lint."""
        options, problems = self.session.options.updated(params.settings)
        for problem in problems:
            self.log(problem, types.MessageType.Warning)
        self.session.reload(options)
        self.refresh()

    # -- requests ---------------------------------------------------------------------------

    @_guarded
    async def on_pull(
        self, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        """``textDocument/diagnostic``: the current version's diagnostics."""
        analysis = await self.scheduler.analysis(params.text_document.uri)
        if analysis is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        return features.diagnostic_report(analysis, params.previous_result_id)

    @_guarded
    async def on_code_action(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """Quick fixes, "disable for this line" and fix-all."""
        analysis = await self.scheduler.analysis(params.text_document.uri)
        if analysis is None:
            return []
        only: Sequence[str] | None = params.context.only
        actions = features.code_actions(analysis, params.range, only, self.client)
        if self.client.resolve_code_action_edit:
            return actions
        return [await self._resolved(action) for action in actions]

    @_guarded
    async def on_resolve(self, action: types.CodeAction) -> types.CodeAction:
        """Fill in the fix-all edit (computed only when the user picks the action)."""
        return await self._resolved(action)

    async def _resolved(self, action: types.CodeAction) -> types.CodeAction:
        target = features.data_target(action.data)
        if action.edit is not None or action.kind != features.FIX_ALL_KIND or target is None:
            return action
        analysis = await self.scheduler.analysis(target[0])
        if analysis is None or analysis.version != target[1]:
            return action  # the document moved on: no edit rather than a misplaced one
        edits = await self.scheduler.run(
            lambda: fix_all_edits(self.session.engine, analysis.result.document, analysis.settings)
        )
        return features.fix_all_action(
            analysis, features.workspace_edit(analysis, edits, self.client)
        )

    @_guarded
    async def on_symbols(self, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        """The outline view."""
        analysis = await self.scheduler.analysis(params.text_document.uri)
        return [] if analysis is None else features.document_symbols(analysis)

    @_guarded
    async def on_folding(self, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        """A fold per point, opening and closing."""
        analysis = await self.scheduler.analysis(params.text_document.uri)
        return [] if analysis is None else features.folding_ranges(analysis)

    @_guarded
    async def on_hover(self, params: types.HoverParams) -> types.Hover | None:
        """The rule's explanation for a diagnostic under the cursor."""
        analysis = await self.scheduler.analysis(params.text_document.uri)
        if analysis is None:
            return None
        return features.hover(analysis, self.registry, params.position, self.client)

    @_guarded
    async def on_code_lens(self, params: types.CodeLensParams) -> list[types.CodeLens]:
        """字数 · 要点数 · 预计时长 on the title."""
        analysis = await self.scheduler.analysis(params.text_document.uri)
        return [] if analysis is None else features.code_lenses(analysis)


def _root(params: types.InitializeParams) -> Path:
    for uri in [*(folder.uri for folder in params.workspace_folders or []), params.root_uri]:
        path = to_fs_path(uri) if uri else None
        if path:
            return Path(path)
    return Path(params.root_path) if params.root_path else Path.cwd()


def build_server(registry: Registry, options: ServerOptions | None = None) -> SpeechlintServer:
    """A server with every feature registered (not yet started)."""
    server = SpeechlintServer(registry, options or ServerOptions())
    action_options = types.CodeActionOptions(
        code_action_kinds=[features.QUICKFIX, features.FIX_ALL_KIND], resolve_provider=True
    )
    pull_options = types.DiagnosticOptions(
        identifier=features.SOURCE, inter_file_dependencies=False, workspace_diagnostics=False
    )
    registrations: list[tuple[str, Callable[..., Any], Any]] = [
        (types.INITIALIZE, server.on_initialize, None),
        (types.INITIALIZED, server.on_initialized, None),
        (types.SHUTDOWN, server.on_shutdown, None),
        (types.TEXT_DOCUMENT_DID_OPEN, server.on_open, None),
        (types.TEXT_DOCUMENT_DID_CHANGE, server.on_change, None),
        (types.TEXT_DOCUMENT_DID_SAVE, server.on_save, None),
        (types.TEXT_DOCUMENT_DID_CLOSE, server.on_close, None),
        (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, server.on_watched_files, None),
        (types.WORKSPACE_DID_CHANGE_CONFIGURATION, server.on_configuration, None),
        (types.TEXT_DOCUMENT_DIAGNOSTIC, server.on_pull, pull_options),
        (types.TEXT_DOCUMENT_CODE_ACTION, server.on_code_action, action_options),
        (types.CODE_ACTION_RESOLVE, server.on_resolve, None),
        (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, server.on_symbols, None),
        (types.TEXT_DOCUMENT_FOLDING_RANGE, server.on_folding, None),
        (types.TEXT_DOCUMENT_HOVER, server.on_hover, None),
        (types.TEXT_DOCUMENT_CODE_LENS, server.on_code_lens, types.CodeLensOptions()),
    ]
    for method, handler, method_options in registrations:
        server.feature(method, method_options)(_function(handler))
    return server


def _function(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A plain function calling a bound method (pygls sets attributes on what it registers)."""
    if inspect.iscoroutinefunction(method):

        async def call_async(params: Any) -> Any:
            return await method(params)

        return call_async

    def call(params: Any) -> Any:
        return method(params)

    return call


def serve(registry: Registry, options: ServerOptions | None = None) -> None:
    """Run the server on standard input and output until the client says ``exit``."""
    build_server(registry, options).start_io()
