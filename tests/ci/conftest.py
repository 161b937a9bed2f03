"""Fixtures for the CI-surface tests: an empty working directory, a private cache, the CLI.

Every test gets its own ``SPEECHLINT_CACHE_DIR`` under pytest's temporary directory, so no test
ever writes to the real user cache, and no test sees another's entries.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from speechlint._cli import main
from speechlint._pluginmanager import Registry, load_registry

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The built-in packs only (no entry points): versioned, so the cache is used."""
    return load_registry(entry_points=False)


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory and a private cache directory, colour variables unset."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("SPEECHLINT_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("NO_COLOR", "FORCE_COLOR", "SPEECHLINT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return work


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """Where this test's cache lives."""
    return tmp_path / "cache"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], registry: Registry) -> Run:
    """``cli(*argv)`` runs ``speechlint check *argv``; returns (status, stdout, stderr)."""

    def run(*argv: str, command: str = "check") -> tuple[int, str, str]:
        status = main([command, *argv], registry=registry)
        out, err = capsys.readouterr()
        return status, out, err

    return run


def _write(path: str | Path, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def write() -> Callable[[str | Path, str], Path]:
    """``write(path, text)``: write UTF-8 text, creating directories."""
    return _write
