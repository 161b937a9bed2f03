"""Where speechlint keeps its caches: a few lines, importable without the cache machinery.

The result cache (:mod:`speechlint._cache`) imports hashlib, json and tempfile; the form
schemas' remembered codes and the near-miss index only need to know the directory, and
they are read on every start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["CACHE_ENV", "cache_root", "user_cache_dir"]

CACHE_ENV = "SPEECHLINT_CACHE_DIR"


def cache_root() -> Path:
    """``$SPEECHLINT_CACHE_DIR``, else the platform's user cache directory for speechlint."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    return user_cache_dir()


def user_cache_dir() -> Path:
    """The platform's user cache directory for speechlint (platformdirs' answer).

    On Linux and the BSDs it is the XDG rule, computed here: importing platformdirs costs a
    few milliseconds of a cold start that is a few tens of milliseconds in all.
    """
    if os.name == "posix" and sys.platform != "darwin":
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "speechlint"
    import platformdirs

    return Path(platformdirs.user_cache_dir("speechlint", appauthor=False))
