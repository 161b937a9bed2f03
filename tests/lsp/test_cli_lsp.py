"""``speechlint lsp`` on the command line: help, and a clear error without the ``lsp`` extra."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from typing import IO, Any

import pytest

from speechlint._cli import main


def test_lsp_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lsp", "--help", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for option in ("--debounce", "--config", "--isolated", "--stdio"):
        assert option in out


@pytest.mark.parametrize(("lang", "text"), [("zh", "需要 pygls"), ("en", "needs pygls")])
def test_without_pygls_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str, text: str
) -> None:
    # A None entry makes ``import pygls`` fail as if it were not installed.
    for name in [n for n in sys.modules if n.startswith(("pygls", "lsprotocol", "speechlint.lsp"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.setitem(sys.modules, "lsprotocol", None)
    assert main(["lsp", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert text in err
    assert "pip install 'speechlint[lsp]'" in err


# -- raw stdio: malformed input never stops the server ------------------------------------------


def _frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _message(payload: dict[str, Any]) -> bytes:
    # ensure_ascii: a lone surrogate travels as the escape \ud842, as a UTF-16 client sends it.
    return _frame(json.dumps({"jsonrpc": "2.0", **payload}).encode("ascii"))


def _reader(stream: IO[bytes], found: queue.Queue[dict[str, Any]]) -> None:
    while True:
        header = stream.readline()
        if not header:
            return
        if header.lower().startswith(b"content-length:"):
            length = int(header.split(b":")[1])
            while stream.readline().strip():
                pass
            found.put(json.loads(stream.read(length)))


def _response(found: queue.Queue[dict[str, Any]], request_id: int) -> dict[str, Any]:
    while True:
        message = found.get(timeout=20)
        if message.get("id") == request_id and "method" not in message:
            return message


def test_malformed_messages_are_survived() -> None:
    uri = "file:///tmp/raw/讲话.md"
    server = subprocess.Popen(
        [sys.executable, "-m", "speechlint", "lsp", "--debounce", "0", "--isolated"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert server.stdin is not None and server.stdout is not None
    found: queue.Queue[dict[str, Any]] = queue.Queue()
    threading.Thread(target=_reader, args=(server.stdout, found), daemon=True).start()
    send = server.stdin
    try:
        send.write(_frame(b"\xff\xfe{ not json"))  # invalid UTF-8 and invalid JSON
        send.write(_message({"id": 1, "method": "initialize", "params": {"capabilities": {}}}))
        send.flush()
        assert "result" in _response(found, 1)
        document = {"uri": uri, "languageId": "markdown", "version": 1, "text": "同志们：\ud842\n"}
        beyond = {"start": {"line": 99, "character": 7}, "end": {"line": 120, "character": 0}}
        for payload in (
            {"method": "initialized", "params": {}},
            {"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri}}},
            {"method": "textDocument/didOpen", "params": {"textDocument": document}},
            {"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"range": beyond, "text": "\udfb7第一，港移默化。"}]}},
            {"id": 2, "method": "textDocument/documentSymbol",
             "params": {"textDocument": {"uri": uri}}},
        ):  # fmt: skip
            send.write(_message(payload))
        send.flush()
        assert isinstance(_response(found, 2)["result"], list)
        send.write(_message({"id": 3, "method": "shutdown"}))
        send.flush()
        assert _response(found, 3).get("error") is None
        send.write(_message({"method": "exit"}))
        send.flush()
        assert server.wait(timeout=20) == 0
    finally:
        if server.poll() is None:
            server.kill()
