"""speechlint: a linter and structure validator for Chinese speech manuscripts (讲话稿).

The public API for plugin authors is importable from here::

    from speechlint import Rule, RuleContext, RuleDoc, RuleMeta, Violation, hookimpl

Names are resolved lazily so that ``import speechlint`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # real types for checkers; at run time names resolve lazily below
    from speechlint.diagnostics import Diagnostic, Fix, Range, TextEdit
    from speechlint.document import Document
    from speechlint.hookspecs import hookimpl
    from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Sentence, Violation, replace

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "Document",
    "Fix",
    "Range",
    "Rule",
    "RuleContext",
    "RuleDoc",
    "RuleMeta",
    "Sentence",
    "TextEdit",
    "Violation",
    "__version__",
    "hookimpl",
    "replace",
]

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'speechlint' has no attribute {name!r}")
    return getattr(import_module(module), name)
