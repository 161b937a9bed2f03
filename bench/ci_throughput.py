#!/usr/bin/env python3
"""CI throughput of ``speechlint check``: one process, two processes, cold and warm cache.

Generates a corpus of synthetic speeches with ``../shared/bench/make_corpus.py`` (next to the
repository), then times the installed ``speechlint check DIR`` -- the console script next to
this interpreter, else ``python -m speechlint`` -- in four ways, each repeated (median):

- ``--no-cache --jobs 1`` and ``--no-cache --jobs 2``: linting throughput, and a check that
  both print exactly the same report;
- a cold cache (a fresh ``SPEECHLINT_CACHE_DIR``) and then a warm one (the same directory
  again), both with the default ``--jobs``: what a CI job gets on its first and its next run.

Not part of the test suite (it takes a minute).  Usage::

    .venv/bin/python bench/ci_throughput.py [--count 1000] [--repeat 3] [--shared DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _speechlint() -> list[str]:
    script = Path(sys.executable).with_name("speechlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "speechlint"]


def _corpus(shared: Path, count: int, out: Path) -> tuple[int, int]:
    generator = shared / "bench" / "make_corpus.py"
    if not generator.is_file():
        sys.exit(f"{generator}: not found (pass --shared DIR)")
    subprocess.run(
        [sys.executable, str(generator), "--count", str(count), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    files = [path for path in out.rglob("*") if path.suffix in (".md", ".markdown", ".txt")]
    return len(files), sum(path.stat().st_size for path in files)


def _time(argv: list[str], env: dict[str, str], report: Path | None = None) -> float:
    started = time.perf_counter()
    with open(report or os.devnull, "w", encoding="utf-8") as stream:
        done = subprocess.run(argv, env=env, stdout=stream, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def _row(name: str, seconds: float, files: int, size: int) -> str:
    rate, throughput = files / seconds, size / seconds / 1e6
    return f"{name:<24} {seconds:8.2f} s {rate:10.1f} files/s {throughput:8.2f} MB/s"


def main() -> int:
    """Run the benchmark and print one line per configuration."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="speechlint-bench-"))
    try:
        corpus = work / "corpus"
        files, size = _corpus(args.shared, args.count, corpus)
        check = [*_speechlint(), "check", str(corpus), "--isolated"]
        env = {**os.environ, "SPEECHLINT_CACHE_DIR": str(work / "unused-cache")}
        timings: dict[str, list[float]] = {"jobs 1": [], "jobs 2": [], "cold": [], "warm": []}
        for run in range(args.repeat):
            reports = [work / "jobs1.txt", work / "jobs2.txt"]
            timings["jobs 1"].append(_time([*check, "--no-cache", "--jobs", "1"], env, reports[0]))
            timings["jobs 2"].append(_time([*check, "--no-cache", "--jobs", "2"], env, reports[1]))
            if reports[0].read_bytes() != reports[1].read_bytes():
                sys.exit("--jobs 1 and --jobs 2 printed different reports")
            cache = {**env, "SPEECHLINT_CACHE_DIR": str(work / f"cache-{run}")}
            timings["cold"].append(_time(check, cache))
            timings["warm"].append(_time(check, cache))
        medians = {name: statistics.median(values) for name, values in timings.items()}
        print(f"{files} files, {size / 1e6:.1f} MB, {os.cpu_count()} CPUs, median of {args.repeat}")
        labels = {
            "jobs 1": "--no-cache --jobs 1",
            "jobs 2": "--no-cache --jobs 2",
            "cold": "cold cache (default -j)",
            "warm": "warm cache (default -j)",
        }
        for name, label in labels.items():
            print(_row(label, medians[name], files, size))
        print(f"warm cache is {medians['cold'] / medians['warm']:.1f}x faster than cold")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
