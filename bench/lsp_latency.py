"""Benchmark ``speechlint lsp``: didChange → publishDiagnostics latency, and memory.

Starts the server as a subprocess and drives it with pygls's own client over stdio, exactly
as an editor would (UTF-16 positions, pushed diagnostics).  For each document it sends one
incremental edit at a time and waits for the diagnostics *of that version* before the next
edit, so every sample is one full round trip: parse the change, lint, convert positions,
serialise, publish.  The server runs with ``--debounce 0`` by default so the figures are the
pipeline's cost alone; the debounce an editor adds is a fixed delay on top
(``--debounce MS`` measures with it).  The table also shows the in-process lint time of the
same text, to separate the engine's cost from the protocol's.

Memory is the server's resident set size (``VmRSS``, Linux) after initialisation, and with
20 documents open and linted.

Usage::

    .venv/bin/python bench/lsp_latency.py [--edits 50] [--debounce 0]
        [--seed-file /work/shared/corpus/seed.txt] [--make-corpus /work/shared/bench/make_corpus.py]

Not part of the test run: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEED = Path("/work/shared/corpus/seed.txt")
DEFAULT_MAKE_CORPUS = Path("/work/shared/bench/make_corpus.py")
TIMEOUT = 60.0


@dataclass
class Row:
    """One line of the results table."""

    name: str
    chars: int
    lint_ms: float
    latencies_ms: list[float]


class BenchClient(LanguageClient):
    """A pygls client that timestamps every publication by (uri, version)."""

    def __init__(self) -> None:
        super().__init__("speechlint-bench", "1")
        self.arrived: dict[tuple[str, int | None], float] = {}
        self.event = asyncio.Event()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.arrived[(params.uri, params.version)] = time.perf_counter()
            self.event.set()

    async def wait_for(self, uri: str, version: int) -> float:
        """The arrival time of ``version``'s diagnostics."""
        deadline = time.perf_counter() + TIMEOUT
        while (uri, version) not in self.arrived:
            self.event.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for {uri} v{version}")
            try:
                await asyncio.wait_for(self.event.wait(), remaining)
            except asyncio.TimeoutError:
                continue
        return self.arrived[(uri, version)]


def _capabilities() -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=["utf-16"]),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
    )


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _edits(text: str, count: int) -> list[tuple[types.Range, str]]:
    """Alternately insert and delete a character in the middle of the document's lines."""
    lines = text.split("\n")
    long_lines = [i for i, line in enumerate(lines) if len(line) > 40] or [0]
    edits: list[tuple[types.Range, str]] = []
    for n in range(count):
        line = long_lines[(n // 2) % len(long_lines)]
        column = _utf16(lines[line][:20])
        at = types.Position(line, column)
        if n % 2 == 0:
            edits.append((types.Range(at, at), "的"))
        else:
            edits.append((types.Range(at, types.Position(line, column + 1)), ""))
    return edits


async def _open(client: BenchClient, uri: str, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text))
    )
    await client.wait_for(uri, 1)


async def _latencies(client: BenchClient, uri: str, text: str, count: int) -> list[float]:
    await _open(client, uri, text)
    samples: list[float] = []
    for version, (where, new_text) in enumerate(_edits(text, count), start=2):
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangePartial(range=where, text=new_text)],
            )
        )
        samples.append((await client.wait_for(uri, version) - sent) * 1000)
    return samples


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _lint_ms(text: str, repeat: int = 20) -> float:
    """Median in-process Engine.lint time for ``text`` (after one warm-up run)."""
    from speechlint._engine import Engine
    from speechlint._pluginmanager import load_registry
    from speechlint.document import Document
    from speechlint.settings import Settings

    engine = Engine(load_registry())
    engine.lint(Document("x.md", text), Settings())
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        engine.lint(Document("x.md", text), Settings())
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _generate(script: Path, out: Path, count: int, chars: int) -> list[Path]:
    subprocess.run(
        [sys.executable, str(script), "--count", str(count), "--seed", "lsp-bench",
         "--min-chars", str(chars), "--max-chars", str(chars), "--mode-chars", str(chars),
         "--out", str(out)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return sorted(out.glob("*.md"))


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _run(args: argparse.Namespace, documents: dict[str, str], many: list[str]) -> None:
    client = BenchClient()
    command = [sys.executable, "-m", "speechlint", "lsp", "--isolated"]
    await client.start_io(*command, "--debounce", str(args.debounce))
    assert client._server is not None
    pid = client._server.pid
    await client.initialize_async(types.InitializeParams(capabilities=_capabilities()))
    client.initialized(types.InitializedParams())
    rss_idle = _rss_kib(pid)
    rows = []
    for name, text in documents.items():
        uri = f"file:///bench/{name}.md"
        samples = await _latencies(client, uri, text, args.edits)
        rows.append(Row(name, len(text), _lint_ms(text), samples))
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
    for index, text in enumerate(many):
        await _open(client, f"file:///bench/many/{index:02d}.md", text)
    rss_many = _rss_kib(pid)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    _report(args, rows, rss_idle, rss_many, many)


def _report(
    args: argparse.Namespace, rows: list[Row], rss_idle: int, rss_many: int, many: list[str]
) -> None:
    print(f"speechlint lsp: didChange → publishDiagnostics, debounce {args.debounce:g} ms, "
          f"{args.edits} edits per document, UTF-16 client over stdio")  # fmt: skip
    header = f"{'document':<14}{'chars':>8}{'lint':>10}{'median':>10}{'p95':>10}{'max':>10}"
    print(header)
    print("-" * len(header))
    for row in rows:
        samples = row.latencies_ms
        print(
            f"{row.name:<14}{row.chars:>8}{row.lint_ms:>8.1f}ms"
            f"{statistics.median(samples):>8.1f}ms{_percentile(samples, 0.95):>8.1f}ms"
            f"{max(samples):>8.1f}ms"
        )
    total = sum(len(text) for text in many)
    print("(lint: in-process Engine.lint of the same text, median; the rest: round trips)")
    print(f"memory: {rss_idle / 1024:.1f} MiB after initialize; {rss_many / 1024:.1f} MiB with "
          f"{len(many)} documents open ({total} characters)")  # fmt: skip


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=50, help="edits per document (default 50)")
    parser.add_argument("--debounce", type=float, default=0, help="server debounce in ms")
    parser.add_argument("--seed-file", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--make-corpus", type=Path, default=DEFAULT_MAKE_CORPUS)
    args = parser.parse_args()
    seed = args.seed_file if args.seed_file.exists() else REPO / "tests" / "fixtures" / "seed.txt"
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary)
        (long_path,) = _generate(args.make_corpus, out / "long", 1, 20_000)
        (medium_path,) = _generate(args.make_corpus, out / "medium", 1, 5_000)
        many = _generate(args.make_corpus, out / "many", 20, 5_000)
        documents = {
            "seed": seed.read_text(encoding="utf-8"),
            "5k": medium_path.read_text(encoding="utf-8"),
            "20k": long_path.read_text(encoding="utf-8"),
        }
        texts = [path.read_text(encoding="utf-8") for path in many]
    asyncio.run(_run(args, documents, texts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
