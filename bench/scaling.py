#!/usr/bin/env python3
"""Does linting cost grow linearly with the size of a document?  (DESIGN §8: it must.)

Builds documents of 1×, 10× and 100× a base size from real published text -- the reports in
``../shared/corpus/public`` (next to the repository), or the files given with ``--source`` --
and times linting each in this process: parse, outline, every rule, and the JSON report
(``Engine.lint`` plus the ``json`` formatter; start-up and imports are left out).  Prints the
time per character at each size and the ratio of each size's time to the previous one's.

Paragraphs are shuffled with a fixed seed and each document is a prefix of that order, so that
every size is drawn from the same mix of text; a corpus too small for a size is cycled
(repeated paragraphs then add D602 findings, which the output flags).  Three shapes:

- ``lines``: one paragraph per line, the usual Chinese manuscript (the default);
- ``markdown``: paragraphs separated by blank lines;
- ``single-line``: everything on one line (a megabyte-long line at 100×).

Exit status 1 when a tenfold size costs more than ``--max-ratio`` (12) times the time.  Not part
of the test suite (the 100× documents take seconds each).  Usage::

    .venv/bin/python bench/scaling.py [--base-chars 8000] [--factors 1,10,100]
        [--shape lines|markdown|single-line|all] [--repeat 3] [--source PATH ...]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from speechlint._engine import Engine
from speechlint._pluginmanager import load_registry
from speechlint.document import Document
from speechlint.formatters.json import dumps

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus" / "public"
SHAPES = ("lines", "markdown", "single-line")
# The head every document starts with, so that the outline builder sees a speech.
HEAD = [
    "在全体会议上的讲话",
    "同志们：",
    "今天，我们召开全体会议，部署下一阶段工作。下面，我讲几点意见。",
]


@dataclass(frozen=True)
class Sample:
    """One timed document."""

    shape: str
    factor: int
    chars: int
    seconds: float
    findings: int
    cycled: bool

    @property
    def per_char_us(self) -> float:
        """Microseconds per character."""
        return self.seconds / self.chars * 1e6


def paragraphs(sources: Sequence[Path]) -> list[str]:
    """The non-empty lines of every ``.txt`` / ``.md`` file under ``sources``, shuffled."""
    found: list[str] = []
    for source in sources:
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for path in files:
            if path.suffix in (".txt", ".md", ".markdown") and path.is_file():
                text = path.read_text("utf-8-sig")
                found.extend(line.strip() for line in text.splitlines() if line.strip())
    random.Random(8).shuffle(found)  # the same order on every run
    return found


def build(pool: Sequence[str], chars: int, shape: str) -> tuple[str, bool]:
    """A document of about ``chars`` characters; whether the pool had to be cycled."""
    chosen: list[str] = []
    size = sum(len(line) for line in HEAD)
    cycled = False
    for index, line in enumerate(_cycle(pool)):
        if size >= chars:
            break
        cycled = cycled or index >= len(pool)
        chosen.append(line)
        size += len(line)
    lines = [*HEAD, *chosen]
    if shape == "single-line":
        return "".join(lines) + "\n", cycled
    separator = "\n\n" if shape == "markdown" else "\n"
    return separator.join(lines) + "\n", cycled


def _cycle(pool: Sequence[str]) -> Iterator[str]:
    while True:
        yield from pool


def measure(engine: Engine, text: str, repeat: int) -> tuple[float, int]:
    """The best of ``repeat`` timings of linting ``text`` and writing its JSON report."""
    best = float("inf")
    findings = 0
    for _ in range(repeat):
        document = Document("bench.md", text)
        gc.collect()
        started = time.perf_counter()
        result = engine.lint(document)
        dumps([d.to_json(document, lang="zh") for d in result.diagnostics])
        best = min(best, time.perf_counter() - started)
        findings = len(result.diagnostics)
    return best, findings


def run(args: argparse.Namespace) -> list[Sample]:
    """Time every shape at every size."""
    pool = paragraphs([Path(source) for source in args.source])
    if not pool:
        sys.exit(f"no paragraphs found in {', '.join(args.source)} (pass --source PATH)")
    engine = Engine(load_registry())
    measure(engine, build(pool, args.base_chars, "lines")[0], 1)  # warm caches and imports
    shapes = SHAPES if args.shape == "all" else (args.shape,)
    samples = []
    for shape in shapes:
        for factor in args.factors:
            text, cycled = build(pool, args.base_chars * factor, shape)
            seconds, findings = measure(engine, text, args.repeat)
            sample = Sample(shape, factor, len(text), seconds, findings, cycled)
            samples.append(sample)
            _print(sample, samples)
    return samples


def _print(sample: Sample, samples: Sequence[Sample]) -> None:
    previous = [s for s in samples if s.shape == sample.shape and s.factor < sample.factor]
    ratio = ""
    if previous:
        last = previous[-1]
        ratio = (
            f"  {sample.factor // last.factor}× text → {sample.seconds / last.seconds:5.2f}× time"
        )
    note = "  (corpus cycled: repeated paragraphs)" if sample.cycled else ""
    print(
        f"{sample.shape:12s} {sample.factor:4d}×  {sample.chars:>10,} chars  "
        f"{sample.seconds:8.3f} s  {sample.per_char_us:6.2f} µs/char  "
        f"{sample.findings:>7,} findings{ratio}{note}",
        flush=True,
    )


def worst_ratio(samples: Sequence[Sample]) -> float:
    """The largest time ratio between consecutive sizes, scaled to a tenfold size step."""
    worst = 0.0
    for earlier, later in pairwise(samples):
        if earlier.shape == later.shape and later.factor > earlier.factor:
            steps = later.factor / earlier.factor
            # Per-character cost ratio, as a tenfold step would see it.
            worst = max(worst, 10 * (later.seconds / earlier.seconds) / steps)
    return worst


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run, and judge linearity."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", nargs="+", default=[str(DEFAULT_SOURCE)])
    parser.add_argument("--base-chars", type=int, default=8000)
    parser.add_argument(
        "--factors", type=lambda v: [int(f) for f in v.split(",")], default=[1, 10, 100]
    )
    parser.add_argument("--shape", choices=(*SHAPES, "all"), default="lines")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-ratio", type=float, default=12.0)
    args = parser.parse_args(argv)
    samples = run(args)
    worst = worst_ratio(samples)
    verdict = "linear" if worst <= args.max_ratio else "SUPERLINEAR"
    print(f"worst tenfold step: {worst:.2f}× the time (limit {args.max_ratio:g}×): {verdict}")
    return 0 if worst <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
