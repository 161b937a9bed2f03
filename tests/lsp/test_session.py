"""Session state and scheduling without a server: options, configuration, debouncing, staleness."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from speechlint._pluginmanager import Registry, load_registry
from speechlint.lsp._scheduler import Scheduler
from speechlint.lsp._session import Analysis, ServerOptions, Session, Snapshot

URI = "file:///tmp/讲话.md"
SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶、受教育。\n"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(entry_points=False)


def _session(registry: Registry, tmp_path: Path, **options: object) -> Session:
    reported: list[str] = []
    session = Session(
        registry,
        ServerOptions(**options),  # type: ignore[arg-type]
        root=tmp_path,
        report=reported.append,
    )
    session.reported = reported  # type: ignore[attr-defined]
    session.documents.open(URI, str(tmp_path / "讲话.md"), SPEECH, 1)
    return session


# -- options ------------------------------------------------------------------------------------


def test_options_from_client_settings() -> None:
    options, problems = ServerOptions().updated({"speechlint": {"debounce": 250, "lang": "en"}})
    assert (options.debounce, options.lang, problems) == (0.25, "en", [])
    options, problems = ServerOptions().updated({"debounce": 0, "isolated": True})
    assert (options.debounce, options.isolated) == (0.0, True)


@pytest.mark.parametrize(
    ("settings", "key"),
    [({"debounce": -1}, "debounce"), ({"debounce": True}, "debounce"), ({"lang": "fr"}, "lang"),
     ({"config": 3}, "config"), ({"isolated": "yes"}, "isolated")],
)  # fmt: skip
def test_bad_client_settings_are_named_and_ignored(settings: dict[str, object], key: str) -> None:
    options, problems = ServerOptions().updated(settings)
    assert options == ServerOptions()
    assert len(problems) == 1 and problems[0].startswith(f"speechlint.{key}: ")


def test_settings_that_are_not_tables_change_nothing() -> None:
    assert ServerOptions().updated(None) == (ServerOptions(), [])
    assert ServerOptions().updated({"speechlint": 3}) == (ServerOptions(), [])


# -- configuration ------------------------------------------------------------------------------


def test_configuration_is_read_and_reloaded(registry: Registry, tmp_path: Path) -> None:
    config = tmp_path / "speechlint.toml"
    config.write_text('ignore = ["W501"]\n', encoding="utf-8")
    session = _session(registry, tmp_path)
    first = session.analyze(_snapshot(session))
    assert "W501" not in [d.code for d in first.result.diagnostics]
    assert not session.config_stale()
    config.write_text("ignore = []\n", encoding="utf-8")
    _touch_later(config)
    assert session.config_stale()
    session.reload()
    assert not session.is_current(first)  # a reload makes every earlier analysis stale
    second = session.analyze(_snapshot(session))
    assert "W501" in [d.code for d in second.result.diagnostics]


def test_a_broken_configuration_is_reported_once(registry: Registry, tmp_path: Path) -> None:
    (tmp_path / "speechlint.toml").write_text("ignroe = 1\n", encoding="utf-8")
    session = _session(registry, tmp_path, lang="en")
    for _ in range(3):
        settings = session.settings_for(str(tmp_path / "讲话.md"))
    assert settings.lang == "en"
    assert len(session.reported) == 1  # type: ignore[attr-defined]
    assert "ignroe" in session.reported[0]  # type: ignore[attr-defined]
    session.reload()
    session.settings_for(str(tmp_path / "讲话.md"))
    assert len(session.reported) == 2  # type: ignore[attr-defined]


def test_config_option_relative_to_the_workspace_root(registry: Registry, tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "lint.toml").write_text('lang = "en"\n', encoding="utf-8")
    session = _session(registry, tmp_path, config="conf/lint.toml")
    assert session.settings_for("/elsewhere/x.md").lang == "en"


def _snapshot(session: Session) -> Snapshot:
    snapshot = session.snapshot(URI)
    assert snapshot is not None
    return snapshot


def _touch_later(path: Path) -> None:
    import os

    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


# -- scheduling ---------------------------------------------------------------------------------


def _edit(session: Session, version: int, text: str) -> None:
    from lsprotocol import types

    session.documents.change(URI, version, [types.TextDocumentContentChangeWholeDocument(text)])


def test_debounced_edits_publish_only_the_latest_version(
    registry: Registry, tmp_path: Path
) -> None:
    session = _session(registry, tmp_path, debounce=0.05)
    published: list[Analysis] = []

    async def run() -> None:
        scheduler = Scheduler(session, published.append, threaded=False)
        for version in range(2, 6):
            _edit(session, version, SPEECH + "再" * version)
            scheduler.schedule(URI)
        await scheduler.drain()
        scheduler.shutdown()

    asyncio.run(run())
    assert [a.version for a in published] == [5]


def test_a_result_overtaken_by_an_edit_is_never_published(
    registry: Registry, tmp_path: Path
) -> None:
    session = _session(registry, tmp_path, debounce=0)
    linting, release = threading.Event(), threading.Event()
    analyze = session.analyze

    def slow_analyze(snapshot: Snapshot) -> Analysis:
        if snapshot.version == 1:
            linting.set()
            release.wait(5)
        return analyze(snapshot)

    session.analyze = slow_analyze  # type: ignore[method-assign]
    published: list[Analysis] = []

    async def run() -> None:
        scheduler = Scheduler(session, published.append)
        scheduler.schedule(URI, 0)
        while not linting.is_set():
            await asyncio.sleep(0.001)
        # Version 1 is being linted on the worker thread; the user types version 2.
        _edit(session, 2, SPEECH.replace("港移默化", "潜移默化"))
        release.set()
        await asyncio.sleep(0)
        await scheduler.drain()
        scheduler.schedule(URI, 0)
        await scheduler.drain()
        scheduler.shutdown()

    asyncio.run(run())
    assert [a.version for a in published] == [2]
    assert "W501" not in [d.code for d in published[0].result.diagnostics]


def test_concurrent_requests_share_one_lint(registry: Registry, tmp_path: Path) -> None:
    session = _session(registry, tmp_path)
    calls: list[int] = []
    analyze = session.analyze

    def counted(snapshot: Snapshot) -> Analysis:
        calls.append(snapshot.version)
        return analyze(snapshot)

    session.analyze = counted  # type: ignore[method-assign]

    async def run() -> list[Analysis | None]:
        scheduler = Scheduler(session, lambda analysis: None)
        results = await asyncio.gather(*(scheduler.analysis(URI) for _ in range(5)))
        again = await scheduler.analysis(URI)  # cached now
        scheduler.shutdown()
        return [*results, again]

    results = asyncio.run(run())
    assert calls == [1]
    assert len({id(result) for result in results}) == 1


def test_closed_documents_have_no_analysis(registry: Registry, tmp_path: Path) -> None:
    session = _session(registry, tmp_path)
    session.forget(URI)

    async def run() -> Analysis | None:
        scheduler = Scheduler(session, lambda analysis: None, threaded=False)
        return await scheduler.analysis(URI)

    assert asyncio.run(run()) is None


def test_a_schema_error_while_linting_is_reported_on_the_loop(
    registry: Registry, tmp_path: Path
) -> None:
    session = _session(registry, tmp_path)
    _edit(session, 2, "---\nform: nosuch\n---\n同志们：\n")
    analysis = session.analyze(_snapshot(session))
    assert analysis.result.diagnostics == []
    assert session.reported == []  # type: ignore[attr-defined]  # not from the lint thread
    session.remember(analysis)
    session.remember(analysis)
    assert len(session.reported) == 1  # type: ignore[attr-defined]
    assert "nosuch" in session.reported[0]  # type: ignore[attr-defined]
