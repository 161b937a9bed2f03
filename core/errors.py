"""The one exception hierarchy for real errors (findings are values, not exceptions).

Every message names the file, the key or the thing at fault, and what was expected, so that the
command line can print it as it is and exit with status 2.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DecodeError",
    "PluginLoadError",
    "SchemaError",
    "SpeechlintError",
    "UsageError",
]


class SpeechlintError(Exception):
    """Base class: an error the user can act on; printed without a traceback."""


class UsageError(SpeechlintError):
    """Bad command-line input: a missing path, an unknown code, a bad option value."""


class DecodeError(SpeechlintError):
    """A file that cannot be decoded as text."""

    def __init__(self, path: str, problem: str, encodings: tuple[str, ...]) -> None:
        self.path = path
        self.problem = problem
        self.encodings = encodings
        tried = ", ".join(encodings)
        super().__init__(f"{path}: cannot decode ({problem}); tried {tried}")


class ConfigError(SpeechlintError):
    """An invalid configuration file or value."""


class SchemaError(SpeechlintError):
    """An invalid or missing form schema."""


class PluginLoadError(SpeechlintError):
    """A plugin that cannot be imported or registered."""
