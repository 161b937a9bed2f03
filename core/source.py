"""Reading manuscripts from files and standard input into :class:`Document` objects."""

from __future__ import annotations

import sys
from pathlib import Path

from speechlint.document import Document
from speechlint.errors import UsageError

__all__ = ["read_document", "read_stdin"]


def read_document(path: str | Path, *, encoding: str | None = None) -> Document:
    """Read and decode ``path``.

    Raises :class:`UsageError` for a missing or unreadable path and
    :class:`~speechlint.errors.DecodeError` for bytes that are not text.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{name}: 文件不存在 / no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: 是目录，不是文件 / is a directory") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(f"{name}: 无法读取（{reason}） / cannot read ({reason})") from None
    return Document.from_bytes(name, data, encoding=encoding)


def read_stdin(name: str = "-", *, encoding: str | None = None) -> Document:
    """Read standard input as a document reported under ``name``."""
    return Document.from_bytes(name, sys.stdin.buffer.read(), encoding=encoding)
