"""Test-wide set-up: never touch the user's real cache directory."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

# Set before the test modules import speechlint: the patterns compiled at import read and
# write the compiled-regex cache (speechlint._regex) there.  Removed at exit, after that
# cache is written (atexit runs the last registered first).
_IMPORT_CACHE = tempfile.mkdtemp(prefix="speechlint-cache-")
os.environ["SPEECHLINT_CACHE_DIR"] = _IMPORT_CACHE
atexit.register(shutil.rmtree, _IMPORT_CACHE, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Session-wide, so that module-scoped fixtures (language-server subprocesses) inherit it
    # too: result cache and near-miss index go to a temporary directory.
    previous = os.environ.get("SPEECHLINT_CACHE_DIR")
    os.environ["SPEECHLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("speechlint-cache"))
    yield
    if previous is None:
        os.environ.pop("SPEECHLINT_CACHE_DIR", None)
    else:
        os.environ["SPEECHLINT_CACHE_DIR"] = previous
