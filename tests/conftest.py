"""Test-wide set-up: never touch the user's real cache directory."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# One private cache directory for the whole run, set before the test modules import
# speechlint: the patterns compiled at import read and write the compiled-regex cache
# (speechlint._regex) there, and the result cache, the near-miss index and language-server
# subprocesses use it too.  Removed at exit, after the regex cache is written (atexit runs
# the last registered first).
_CACHE = tempfile.mkdtemp(prefix="speechlint-cache-")
os.environ["SPEECHLINT_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
