"""speechlint: a linter and structure validator for Chinese speech manuscripts (讲话稿)."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
