"""The language server's state: plugins, configuration, open documents, their analyses.

A :class:`Session` owns everything the handlers need and nothing of the protocol: tests
drive it directly.  Linting is split in two so that it can run off the event loop: a
:class:`Snapshot` (text, version and settings) is taken on the loop, and :meth:`Session.analyze`
lints it anywhere.  An :class:`Analysis` remembers the version and configuration generation it
was computed for, so a result that an edit or a reload overtook is recognised as stale.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from speechlint._config import ConfigResolver
from speechlint._engine import Engine, LintResult
from speechlint._pluginmanager import Registry
from speechlint.document import Document
from speechlint.errors import SpeechlintError
from speechlint.lsp._documents import DocumentStore, OpenDocument
from speechlint.lsp._positions import UTF16, PositionMap
from speechlint.settings import Settings

__all__ = ["Analysis", "ServerOptions", "Session", "Snapshot"]

logger = logging.getLogger(__name__)

# Between the last keystroke and linting.  Linting a 5,000-character speech takes a few
# milliseconds; the delay only spares work while someone types fast (keystrokes ~100 ms apart).
DEFAULT_DEBOUNCE = 0.1


@dataclass(frozen=True)
class ServerOptions:
    """How the server runs: the command line, then ``initializationOptions`` and settings.

    ``debounce`` is in seconds.  ``lang``, ``config`` and ``isolated`` mean what they mean to
    ``speechlint check``.
    """

    debounce: float = DEFAULT_DEBOUNCE
    lang: str | None = None
    config: str | None = None
    isolated: bool = False

    def updated(self, settings: object) -> tuple[ServerOptions, list[str]]:
        """These options with the client's settings applied, and a complaint per bad value.

        Accepts ``{"speechlint": {...}}`` or the inner table: ``debounce`` (milliseconds),
        ``lang`` (``zh``/``en``), ``config`` (a path) and ``isolated`` (a boolean).
        """
        if not isinstance(settings, Mapping):
            return self, []
        table = settings.get("speechlint", settings)
        if not isinstance(table, Mapping):
            return self, []
        changes: dict[str, Any] = {}
        problems: list[str] = []
        for key, check in _OPTION_CHECKS.items():
            if key in table:
                value, problem = check(table[key])
                if problem:
                    problems.append(f"speechlint.{key}: {problem}")
                else:
                    changes[key] = value
        return replace(self, **changes), problems


def _debounce(value: object) -> tuple[Any, str]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return None, "expected a number of milliseconds ≥ 0 / 应为不小于 0 的毫秒数"
    return float(value) / 1000, ""


def _lang(value: object) -> tuple[Any, str]:
    if value is None or value in ("zh", "en"):
        return value, ""
    return None, "expected 'zh' or 'en' / 应为 'zh' 或 'en'"


def _config(value: object) -> tuple[Any, str]:
    if value is None or (isinstance(value, str) and value):
        return value or None, ""
    return None, "expected a file path / 应为配置文件路径"


def _isolated(value: object) -> tuple[Any, str]:
    if isinstance(value, bool):
        return value, ""
    return None, "expected true or false / 应为 true 或 false"


_OPTION_CHECKS: dict[str, Callable[[object], tuple[Any, str]]] = {
    "debounce": _debounce,
    "lang": _lang,
    "config": _config,
    "isolated": _isolated,
}


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


@dataclass(frozen=True)
class Snapshot:
    """What to lint: one version of one document under one configuration generation."""

    uri: str
    path: str
    text: str
    version: int
    generation: int
    settings: Settings


@dataclass(frozen=True)
class Analysis:
    """A lint result with the version, generation and position map it belongs to."""

    uri: str
    version: int
    generation: int
    result: LintResult
    settings: Settings
    positions: PositionMap
    problem: str | None = None  # a configuration or schema error met while linting

    @property
    def lang(self) -> str:
        """The language of messages for this document."""
        return self.settings.lang


@dataclass
class Session:
    """Plugins, configuration and open documents of one server process.

    ``report`` receives user-facing problems (a broken configuration file); each distinct
    message is reported once per configuration generation, not on every keystroke.
    """

    registry: Registry
    options: ServerOptions = field(default_factory=ServerOptions)
    encoding: str = UTF16
    root: Path = field(default_factory=Path.cwd)
    report: Callable[[str], None] = logger.warning
    documents: DocumentStore = field(init=False)
    engine: Engine = field(init=False)
    generation: int = field(init=False, default=0)
    _resolver: ConfigResolver | None = field(init=False, default=None)
    _reported: set[str] = field(init=False, default_factory=set)
    _stamps: dict[Path, int | None] = field(init=False, default_factory=dict)
    _analyses: dict[str, Analysis] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.documents = DocumentStore(self.encoding)
        self.engine = Engine(self.registry)

    # -- configuration ------------------------------------------------------------------

    def reload(self, options: ServerOptions | None = None) -> None:
        """Forget the configuration (files changed, or the client's settings did)."""
        if options is not None:
            self.options = options
        self.generation += 1
        self._resolver = None
        self._reported.clear()
        self._stamps.clear()
        self._analyses.clear()

    def _resolve(self) -> ConfigResolver:
        if self._resolver is None:
            overrides = {"lang": self.options.lang} if self.options.lang else None
            self._resolver = ConfigResolver(
                self.registry,
                config_path=self._config_path(),
                overrides=overrides,
                isolated=self.options.isolated,
            )
        return self._resolver

    def _config_path(self) -> Path | None:
        config = self.options.config
        if config is None:
            return None
        return Path(config) if os.path.isabs(config) else self.root / config

    def settings_for(self, path: str) -> Settings:
        """The settings for ``path``; a broken configuration is reported and defaults apply."""
        try:
            resolver = self._resolve()
            settings = resolver.settings_for(Path(path))
        except SpeechlintError as exc:
            self._report_once(str(exc))
            return Settings(lang=self.options.lang or "zh")
        source = settings.source
        if source is not None and source not in self._stamps:
            self._stamps[source] = _mtime(source)
        return settings

    def config_stale(self) -> bool:
        """Whether a configuration file in use changed on disk since it was read.

        For clients that cannot watch files: checked on open and save, one ``stat`` per file.
        """
        return any(_mtime(path) != stamp for path, stamp in self._stamps.items())

    def _report_once(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self.report(message)

    # -- documents and analyses ---------------------------------------------------------

    def snapshot(self, uri: str) -> Snapshot | None:
        """The current version of ``uri`` with its settings (None when it is not open)."""
        document = self.documents.get(uri)
        if document is None:
            return None
        return self._snapshot(document)

    def _snapshot(self, document: OpenDocument) -> Snapshot:
        settings = self.settings_for(document.path)
        return Snapshot(
            document.uri,
            document.path,
            document.text,
            document.version,
            self.generation,
            settings,
        )

    def analyze(self, snapshot: Snapshot) -> Analysis:
        """Lint a snapshot.

        Safe off the event loop: it touches nothing but the engine.  A problem the user must
        fix is returned in the analysis, for :meth:`remember` to report on the loop.
        """
        document = Document(snapshot.path, snapshot.text)
        problem = None
        try:
            result = self.engine.lint(document, snapshot.settings)
        except SpeechlintError as exc:  # a bad form schema named in front matter, say
            problem = str(exc)
            result = LintResult(document, [])
        return Analysis(
            snapshot.uri,
            snapshot.version,
            snapshot.generation,
            result,
            snapshot.settings,
            PositionMap(document, self.encoding),
            problem,
        )

    def remember(self, analysis: Analysis) -> None:
        """Keep ``analysis`` for the code actions, symbols and hovers of its version.

        Called on the event loop, so that a problem is reported from there (the transport
        is not thread-safe).
        """
        if analysis.problem is not None and analysis.generation == self.generation:
            self._report_once(analysis.problem)
        if self.is_current(analysis):
            self._analyses[analysis.uri] = analysis

    def cached(self, uri: str) -> Analysis | None:
        """The analysis of the current version of ``uri``, if it has been computed."""
        analysis = self._analyses.get(uri)
        return analysis if analysis is not None and self.is_current(analysis) else None

    def is_current(self, analysis: Analysis) -> bool:
        """Whether ``analysis`` is of the document's current version and configuration."""
        return (
            analysis.generation == self.generation
            and self.documents.version(analysis.uri) == analysis.version
        )

    def forget(self, uri: str) -> None:
        """Drop a closed document and its analysis."""
        self.documents.close(uri)
        self._analyses.pop(uri, None)
