"""Writing fixed manuscripts back without ever losing a character.

The new bytes go to a temporary file in the same directory, which is flushed, given the
original's permissions and then atomically renamed over the original.  Before that, the file on
disk is compared with the bytes that were linted: if someone saved it in the meantime, nothing
is written.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from speechlint.document import Document
from speechlint.errors import SpeechlintError

__all__ = ["FileChangedError", "encode_fixed", "fingerprint", "write_atomic"]


class FileChangedError(SpeechlintError):
    """The file changed on disk after it was read; it was not written."""


def fingerprint(data: bytes) -> str:
    """A digest of file contents, to detect changes between reading and writing."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def encode_fixed(document: Document, text: str) -> bytes:
    """Encode fixed text in the document's own encoding and BOM.

    Raises :class:`SpeechlintError` naming the file if a fix introduced a character the
    encoding cannot hold (the file is then left alone rather than re-encoded).
    """
    try:
        return document.to_bytes(text)
    except UnicodeEncodeError as exc:
        # Never re-encode in another encoding behind the user's back: refuse, name the
        # character (its repr: a lone surrogate prints escaped) and leave the file as it is.
        bad = repr(exc.object[exc.start : exc.end])
        raise SpeechlintError(
            f"{document.path}: 修复后的文本含有 {document.encoding} 无法表示的字符 {bad}，"
            f"文件未写入 / the fixed text contains {bad}, which {document.encoding} cannot "
            "encode; the file was not written"
        ) from None


def write_atomic(path: str | Path, data: bytes, *, expected: str) -> None:
    """Replace ``path`` with ``data`` if its current contents still have digest ``expected``."""
    # Write through a symlink to the file it points at; replacing the link would break it.
    target = Path(os.path.realpath(path))
    try:
        current = target.read_bytes()
    except OSError as exc:
        raise FileChangedError(f"{target}: cannot re-read before writing ({exc})") from None
    if fingerprint(current) != expected:
        raise FileChangedError(
            f"{target}: 文件在检查后被修改，未写入修复 / the file changed on disk since it was "
            "read; fixes were not written"
        )
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
