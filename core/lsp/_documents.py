"""The server's copy of every open document: text and version, edited as the client edits.

Changes are applied with :class:`~speechlint.lsp._positions.PositionMap`, so an incremental
edit lands where the client meant it in every position encoding, and diagnostics are computed
on exactly the text the client has.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from speechlint._editor import scrub_surrogates
from speechlint.document import Document
from speechlint.lsp._positions import PositionMap

__all__ = ["DocumentStore", "OpenDocument", "path_of"]


def path_of(uri: str, root: Path) -> str:
    """The file-system path of ``uri``; an unsaved buffer (``untitled:…``) lives in ``root``."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path is not None:
        return path
    # Configuration is searched from the workspace root for buffers that have no file yet.
    name = uri.rsplit("/", 1)[-1].rsplit(":", 1)[-1] or "untitled"
    return str(root / name)


@dataclass
class OpenDocument:
    """One open document as the client last described it."""

    uri: str
    path: str
    text: str
    version: int
    _document: Document | None = field(default=None, repr=False)

    @property
    def document(self) -> Document:
        """The text as a speechlint :class:`~speechlint.document.Document` (built once)."""
        if self._document is None or self._document.text is not self.text:
            self._document = Document(self.path, self.text)
        return self._document


class DocumentStore:
    """Open documents by URI."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._open: dict[str, OpenDocument] = {}

    def open(self, uri: str, path: str, text: str, version: int) -> OpenDocument:
        """Record a document the client opened."""
        opened = OpenDocument(uri, path, scrub_surrogates(text), version)
        self._open[uri] = opened
        return opened

    def change(
        self,
        uri: str,
        version: int,
        changes: Sequence[types.TextDocumentContentChangeEvent],
    ) -> OpenDocument | None:
        """Apply the client's changes, in order; None for a document that is not open."""
        current = self._open.get(uri)
        if current is None:
            return None
        text = current.text
        for change in changes:
            text = self._apply(current.path, text, change)
        current.text = text
        current.version = version
        return current

    def _apply(self, path: str, text: str, change: types.TextDocumentContentChangeEvent) -> str:
        new_text = scrub_surrogates(change.text)
        if not isinstance(change, types.TextDocumentContentChangePartial):
            return new_text
        positions = PositionMap(Document(path, text), self.encoding)
        start = positions.offset(change.range.start)
        end = max(start, positions.offset(change.range.end))
        return text[:start] + new_text + text[end:]

    def close(self, uri: str) -> None:
        """Forget a document the client closed."""
        self._open.pop(uri, None)

    def get(self, uri: str) -> OpenDocument | None:
        """The open document at ``uri``, if any."""
        return self._open.get(uri)

    def version(self, uri: str) -> int | None:
        """The current version of ``uri`` (None when it is not open)."""
        current = self._open.get(uri)
        return None if current is None else current.version

    def __iter__(self) -> Iterator[OpenDocument]:
        return iter(list(self._open.values()))

    def __len__(self) -> int:
        return len(self._open)
