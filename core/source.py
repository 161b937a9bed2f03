"""Reading manuscripts from files and standard input into :class:`Document` objects."""

from __future__ import annotations

import sys
from pathlib import Path

from speechlint.document import Document
from speechlint.errors import DecodeError, UsageError

__all__ = ["read_bytes", "read_document", "read_stdin"]


def read_bytes(path: str) -> bytes:
    """The bytes of a file found by a run.

    Raises :class:`~speechlint.errors.DecodeError` naming the file when it cannot be read
    (permissions, a file that vanished since it was found): it is reported as E901 and the run
    goes on, as for bytes that are not text.
    """
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError as exc:
        raise DecodeError(path, exc.strerror or str(exc), ()) from exc


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
