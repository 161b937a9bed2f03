"""speechlint: a linter and structure validator for Chinese speech manuscripts (讲话稿).

The public API for plugin authors is importable from here::

    from speechlint import Rule, RuleContext, RuleDoc, RuleMeta, Violation, hookimpl

Names are resolved lazily so that ``import speechlint`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "hookimpl": "speechlint.hookspecs",
    "Rule": "speechlint.rules",
    "RuleContext": "speechlint.rules",
    "RuleDoc": "speechlint.rules",
    "RuleMeta": "speechlint.rules",
    "Sentence": "speechlint.rules",
    "Violation": "speechlint.rules",
    "replace": "speechlint.rules",
    "Diagnostic": "speechlint.diagnostics",
    "Fix": "speechlint.diagnostics",
    "Range": "speechlint.diagnostics",
    "TextEdit": "speechlint.diagnostics",
    "Document": "speechlint.document",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'speechlint' has no attribute {name!r}")
    return getattr(import_module(module), name)
