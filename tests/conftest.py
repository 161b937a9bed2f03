"""Test-wide set-up: never touch the user's real result cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Subprocesses inherit the variable, so CLI runs in tests cache into a temporary directory.
    cache: Path = tmp_path_factory.getbasetemp() / "speechlint-cache"
    monkeypatch.setenv("SPEECHLINT_CACHE_DIR", str(cache))
