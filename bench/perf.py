#!/usr/bin/env python3
"""speechlint against the limits of its stack and against its peers, on the same files.

Generates a corpus with ``../shared/bench/make_corpus.py --count 1000`` (next to the repository;
or takes ``--corpus DIR``) and times whole processes -- the wall time a user waits -- repeating
each measurement and reporting the median:

- cold start on one speech: ``speechlint check --no-cache one.md`` against
  ``python -c "import markdown_it"`` (the floor: the interpreter plus the parser it cannot skip);
- throughput over the corpus: ``speechlint check --no-cache --jobs 1`` and ``--jobs 2`` against
  raw markdown-it-py parsing of every file in one process (the parser speechlint runs, with the
  same preset), in files/s and MB/s;
- peak memory: the largest resident set of the command's processes (``wait4`` rusage);
- peers, when installed (``PATH`` and ``--peer-path``): markdownlint-cli2, textlint, zhlint,
  autocorrect (autocorrect-py or its CLI), pymarkdownlnt, proselint and lint-md; a peer that is
  missing is skipped, one slower than 15 s is timed three times;
- the machine itself: the share of its processor time that the hypervisor stole or other
  processes used while each command ran (``/proc/stat``), and a CPU-bound Python loop in one
  process and in two at once, taking turns with the throughput commands: the ratio a perfectly
  parallel program would reach with two processes on this machine during those rounds (0.50x
  on two free processors), next to ``--jobs 2 / --jobs 1``.

Then the ratios and the issue's "done when" thresholds, each PASS or FAIL.  The commands of a
ratio take turns, round by round, so that a shared machine's changing load falls on both sides
alike.  Every command runs once untimed first, and without ``PYTHONDONTWRITEBYTECODE`` so that
modules load from bytecode as they do in an installed package.  It measures the speechlint
installed beside its interpreter and says how it is installed: ``pip install .`` compiles the
hot modules (setup.py), an editable development install runs them as Python and starts some 5 ms
slower, so measure on the former.  Not part
of the test suite (a few minutes).  Usage::

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install .
    /tmp/bench-venv/bin/python bench/perf.py [--corpus DIR | --count 1000] [--repeat 3]
        [--repeat-cold 5] [--peer-path /tmp/peers/node_modules/.bin:/tmp/peers-venv/bin]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".md", ".markdown", ".txt")

# The parse speechlint itself runs (core/parse.py), timed over every file in one process.
RAW_PARSE = """
import sys
from pathlib import Path
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
md = MarkdownIt("commonmark").use(front_matter_plugin).disable("code")
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    md.parse(path.read_text(encoding="utf-8"))
"""

# The machine's own parallel speed: the same CPU-bound loop in one process, then in as many
# processes at once as the first argument says (forked, so that they start together).
CPU_LOOP = """
import os, sys
children, child = [], False
for _ in range(int(sys.argv[1]) - 1):
    pid = os.fork()
    if pid == 0:
        child = True
        break
    children.append(pid)
total = 0
for number in range(1_500_000):
    total += number * number
if child:
    os._exit(0)
for pid in children:
    os.waitpid(pid, 0)
"""
LOOP_ONE = "CPU-bound loop, 1 process"
LOOP_TWO = "CPU-bound loop, 2 at once"

# autocorrect-py has no command line: lint every file through its Rust core, in one process.
AUTOCORRECT_PY = """
import sys
from pathlib import Path
import autocorrect_py
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    autocorrect_py.lint_for(path.read_text(encoding="utf-8"), str(path))
"""


@dataclass
class Figure:
    """One command's medians."""

    name: str
    argv: list[str]
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    exit_codes: list[int]
    runs: list[float] = field(default_factory=list)
    # The machine while it ran (medians; None where /proc/stat is missing): the share of all its
    # processors' time that the hypervisor took (steal) and that other processes used.
    host_stolen: float | None = None
    host_others: float | None = None


@dataclass
class Corpus:
    """The files every command reads."""

    root: Path
    one: Path
    files: int
    size: int


# -- running -------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # installed packages load from bytecode
    env.update(NO_COLOR="1", LC_ALL=env.get("LC_ALL", "C.UTF-8"))
    return env


class Run(NamedTuple):
    """One run of a command."""

    seconds: float  # wall
    cpu_seconds: float  # user + system of the whole process tree
    max_rss_mb: float  # the largest process
    exit_code: int
    host_stolen: float | None  # see Figure
    host_others: float | None


def _cpu_ticks() -> tuple[int, int, int] | None:
    """All processors' ticks since boot (Linux): total, stolen by the hypervisor, busy."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    if len(fields) < 8:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]  # guest time is in user
    busy = user + nice + system + irq + softirq
    return busy + idle + iowait + steal, steal, busy


def _host_share(
    before: tuple[int, int, int] | None, after: tuple[int, int, int] | None, cpu: float
) -> tuple[float | None, float | None]:
    """The shares of the machine's processor time stolen and used by others between two
    readings, ``cpu`` seconds of it being the measured command's."""
    if before is None or after is None or after[0] <= before[0]:
        return None, None
    total, stolen, busy = (a - b for a, b in zip(after, before, strict=True))
    others = busy - cpu * os.sysconf("SC_CLK_TCK")
    return stolen / total, max(0.0, others / total)


def _run_once(argv: Sequence[str], cwd: Path) -> Run:
    """One run of ``argv``, its output discarded; exits with its error output if it failed."""
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as errors:
        ticks = _cpu_ticks()
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=_env(), stdout=sink, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        ticks_after = _cpu_ticks()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1: findings; anything else: the run failed
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            sys.exit(f"{' '.join(argv)} exited {process.returncode}:\n{tail}")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    cpu = usage.ru_utime + usage.ru_stime  # includes the waited-for workers
    stolen, others = _host_share(ticks, ticks_after, cpu)
    rss = usage.ru_maxrss * scale / 2**20
    return Run(elapsed, cpu, rss, process.returncode, stolen, others)


# A command whose untimed first run takes longer than this is timed three times, not --repeat
# times: a peer that slow is so far from speechlint that its median hardly matters, and nine runs
# of lint-md or proselint would take ten minutes each.
SLOW_SECONDS = 15.0
SLOW_REPEAT = 3


def measure(name: str, argv: list[str], cwd: Path, repeat: int) -> Figure:
    """Run ``argv`` once to warm up, then ``repeat`` times (fewer when it is slow); medians."""
    first = _run_once(argv, cwd)
    if first.seconds > SLOW_SECONDS:
        repeat = min(repeat, SLOW_REPEAT)
    return measure_together([(name, argv)], cwd, repeat, warm=False)[0]


def measure_together(
    commands: Sequence[tuple[str, list[str]]], cwd: Path, repeat: int, *, warm: bool = True
) -> list[Figure]:
    """:func:`measure` for commands compared with each other, taking turns: each round runs
    every command once, so a change in the machine's load between rounds (a shared machine's
    neighbours) falls on all of them alike rather than on whichever ran at the time.  ``warm``:
    run each once untimed first."""
    for _, argv in commands if warm else ():
        _run_once(argv, cwd)
    runs: dict[str, list[Run]] = {name: [] for name, _ in commands}
    for _ in range(repeat):
        for name, argv in commands:
            runs[name].append(_run_once(argv, cwd))
    figures = []
    for name, argv in commands:
        done = runs[name]
        seconds = [run.seconds for run in done]
        figure = Figure(
            name=name,
            argv=argv,
            seconds=statistics.median(seconds),
            cpu_seconds=statistics.median(run.cpu_seconds for run in done),
            max_rss_mb=statistics.median(run.max_rss_mb for run in done),
            exit_codes=sorted({run.exit_code for run in done}),
            runs=seconds,
            host_stolen=_median_or_none([run.host_stolen for run in done]),
            host_others=_median_or_none([run.host_others for run in done]),
        )
        print(f"  {name:<34} {figure.seconds:8.3f} s", file=sys.stderr)
        figures.append(figure)
    return figures


def _median_or_none(values: Sequence[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


# -- corpus --------------------------------------------------------------------------------


def make_corpus(args: argparse.Namespace, scratch: Path) -> Corpus:
    """The corpus: ``--corpus`` as given, else generated with make_corpus.py."""
    if args.corpus:
        root = Path(args.corpus).resolve()
    else:
        generator = Path(args.shared) / "bench" / "make_corpus.py"
        if not generator.is_file():
            sys.exit(f"{generator}: not found (pass --shared DIR or --corpus DIR)")
        root = scratch / "corpus"
        command = [sys.executable, str(generator), "--count", str(args.count), "--out", str(root)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    files = sorted(path for path in root.glob("*.md"))
    if not files:
        sys.exit(f"{root}: no .md files")
    one = scratch / "one" / "one.md"
    one.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(files[0], one)
    return Corpus(root, one, len(files), sum(path.stat().st_size for path in files))


# -- commands ------------------------------------------------------------------------------


def speechlint_command() -> list[str]:
    """The console script next to this interpreter, else ``python -m speechlint``."""
    script = Path(sys.executable).with_name("speechlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "speechlint"]


def install_kind() -> str:
    """How speechlint is installed next to this interpreter: an editable (development)
    install looks every module up through a directory of links, some 5 ms more per start."""
    import sysconfig
    from importlib.metadata import distributions

    # This interpreter's site-packages only: a checkout's build metadata is no install.
    site = sysconfig.get_paths()["purelib"]
    found = next(iter(distributions(name="speechlint", path=[site])), None)
    if found is None:
        return "not installed (python -m speechlint from the path)"
    info = json.loads(found.read_text("direct_url.json") or "{}").get("dir_info", {})
    if info.get("editable", False):
        return (
            "editable install (pip install -e): slower to start than an installed package, "
            "and its Python modules are not compiled"
        )
    return f"installed package (pip install .), {_compiled()}"


def _compiled() -> str:
    """Whether the installed package's modules run compiled (setup.py: the C modules, and the
    hot Python modules through mypyc) -- a build without a compiler runs slower."""
    import importlib.util

    found = []
    for name in ("speechlint._speedups", "speechlint.outline"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else ""
        found.append(not origin.endswith(".py") and origin != "")
    c_modules, mypyc = found
    return (
        f"C modules {'built' if c_modules else 'NOT built'}, "
        f"Python modules {'compiled by mypyc' if mypyc else 'NOT compiled'}"
    )


def _which(name: str, dirs: Sequence[str]) -> str | None:
    search = [
        entry for base in dirs for entry in (base, f"{base}/bin", f"{base}/node_modules/.bin")
    ]
    return shutil.which(name, path=os.pathsep.join([*search, os.environ.get("PATH", "")]))


def _python_with(module: str, dirs: Sequence[str]) -> str | None:
    """An interpreter (on the peer path, else this one) that can import ``module``."""
    candidates = [_which(name, dirs) for name in ("python3", "python")] + [sys.executable]
    for python in dict.fromkeys(c for c in candidates if c):
        done = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
        if done.returncode == 0:
            return python
    return None


PeerFinder = Callable[[Corpus, Sequence[str]], "list[str] | None"]


# Peers run in the corpus directory with a relative glob (zhlint accepts nothing else).


def _markdownlint(corpus: Corpus, dirs: Sequence[str]) -> list[str] | None:
    exe = _which("markdownlint-cli2", dirs)
    return [exe, "*.md"] if exe else None


def _textlint(corpus: Corpus, dirs: Sequence[str]) -> list[str] | None:
    """textlint with one rule (no-todo): without a rule it parses nothing and exits at once."""
    exe = _which("textlint", dirs)
    if not exe:
        return None
    modules = Path(exe).resolve().parents[2]  # node_modules/textlint/bin/textlint.js
    if not (modules / "textlint-rule-no-todo").is_dir():
        return None
    return [exe, "--rules-base-directory", str(modules), "--rule", "no-todo", "*.md"]


def _zhlint(corpus: Corpus, dirs: Sequence[str]) -> list[str] | None:
    exe = _which("zhlint", dirs)
    return [exe, "*.md"] if exe else None


def _autocorrect(corpus: Corpus, dirs: Sequence[str]) -> list[str] | None:
    python = _python_with("autocorrect_py", dirs)
    if python:
        return [python, "-c", AUTOCORRECT_PY, str(corpus.root)]
    exe = _which("autocorrect", dirs)
    return [exe, "--lint", str(corpus.root)] if exe else None


def _pymarkdown(corpus: Corpus, dirs: Sequence[str]) -> list[str] | None:
    exe = _which("pymarkdown", dirs) or _which("pymarkdownlnt", dirs)
    return [exe, "scan", str(corpus.root)] if exe else None


def _proselint(corpus: Corpus, dirs: Sequence[str]) -> list[str] | None:
    exe = _which("proselint", dirs)
    return [exe, "check", str(corpus.root)] if exe else None  # proselint 0.16's command line


def _lint_md(corpus: Corpus, dirs: Sequence[str]) -> list[str] | None:
    exe = _which("lint-md", dirs)  # @lint-md/cli; one worker thread per processor by default
    return [exe, "*.md"] if exe else None


PEERS: dict[str, PeerFinder] = {
    "markdownlint-cli2": _markdownlint,
    "textlint": _textlint,
    "zhlint": _zhlint,
    "autocorrect": _autocorrect,
    "pymarkdownlnt": _pymarkdown,
    "proselint": _proselint,
    "lint-md": _lint_md,
}


# -- report --------------------------------------------------------------------------------


def _row(figure: Figure, corpus: Corpus | None) -> str:
    line = f"{figure.name:<24} {figure.seconds:7.3f} s {figure.cpu_seconds:7.3f} s"
    line += f" {figure.max_rss_mb:6.1f} MB"
    if corpus is not None:
        rate = corpus.files / figure.seconds
        line += f" {rate:6.0f} files/s {corpus.size / figure.seconds / 1e6:6.2f} MB/s"
    return line + f"  exit {','.join(map(str, figure.exit_codes))}"


def _check(label: str, value: float, limit: float) -> tuple[str, bool]:
    ok = value <= limit
    return f"{'PASS' if ok else 'FAIL'}  {label}: {value:.2f}x (limit {limit:.2f}x)", ok


def _calibration() -> list[tuple[str, list[str]]]:
    """The loops that measure the machine, where processes fork (they take turns with the
    throughput commands, so they see the same load)."""
    if not hasattr(os, "fork"):
        return []
    return [
        (LOOP_ONE, [sys.executable, "-c", CPU_LOOP, "1"]),
        (LOOP_TWO, [sys.executable, "-c", CPU_LOOP, "2"]),
    ]


def report(
    cold: list[Figure],
    through: list[Figure],
    peers: list[Figure],
    corpus: Corpus,
    machine: Sequence[Figure] = (),
) -> bool:
    """Print the table, the ratios and the thresholds; whether every threshold passed."""
    print(f"corpus: {corpus.files} files, {corpus.size / 1e6:.2f} MB ({corpus.root})")
    print(f"speechlint: {install_kind()}")
    print("\nmedians: wall time, CPU time (user + system, all processes), peak RSS")
    print("\ncold start, one speech")
    for figure in cold:
        print("  " + _row(figure, None))
    print("\nthroughput, whole corpus")
    for figure in through + peers:
        print("  " + _row(figure, corpus))
    by_name = {figure.name: figure for figure in cold + through + peers}
    checks = [
        _check(
            "cold start / import markdown_it",
            by_name["speechlint check one"].seconds / by_name["import markdown_it"].seconds,
            1.5,
        ),
        _check(
            "check --jobs 1 / raw markdown-it parse",
            by_name["speechlint --jobs 1"].seconds / by_name["raw markdown-it parse"].seconds,
            2.5,
        ),
        _check(
            "check --jobs 2 / check --jobs 1",
            by_name["speechlint --jobs 2"].seconds / by_name["speechlint --jobs 1"].seconds,
            0.65,
        ),
    ]
    jobs2 = by_name["speechlint --jobs 2"].seconds
    checks += [_check(f"check --jobs 2 / {peer.name}", jobs2 / peer.seconds, 1.0) for peer in peers]
    print("\nratios and thresholds")
    for line, _ in checks:
        print("  " + line)
    _print_spread(by_name)
    _print_host(cold + through + peers)
    _print_parallel(
        machine, by_name["speechlint --jobs 2"].seconds / by_name["speechlint --jobs 1"].seconds
    )
    return all(ok for _, ok in checks)


# Below this share of the machine's processor time free for the command (the rest stolen by the
# hypervisor or used by other processes), --jobs 2 cannot have had two processors to itself.
_BUSY = 0.10


def _print_host(figures: Sequence[Figure]) -> None:
    """How busy the machine was while each command ran: on a shared virtual machine the ratio
    of --jobs 2 depends on it as much as on speechlint."""
    if all(figure.host_stolen is None for figure in figures):
        return
    cpus = os.cpu_count() or 1
    print(
        f"\nthe machine during the runs ({cpus} processors; medians over the runs, from "
        "/proc/stat):\nprocessor time stolen by the hypervisor, used by other processes"
    )
    for figure in figures:
        if figure.host_stolen is None or figure.host_others is None:
            continue
        print(f"  {figure.name:<34} {figure.host_stolen:6.1%} {figure.host_others:6.1%}")
    jobs2 = next((figure for figure in figures if figure.name == "speechlint --jobs 2"), None)
    if jobs2 is None or jobs2.host_stolen is None or jobs2.host_others is None:
        return
    taken = jobs2.host_stolen + jobs2.host_others
    if taken >= _BUSY:
        free = cpus * (1 - taken)
        print(
            f"  NOTE: while --jobs 2 ran, {taken:.0%} of the machine's processor time went "
            f"elsewhere (about {free:.1f} of {cpus} processors were free): its ratios "
            "measure the machine's load as well as speechlint"
        )


def _print_spread(by_name: dict[str, Figure]) -> None:
    """The ratios within each round (the commands of a round ran back to back): how much the
    machine's load moved them.  The thresholds above use the medians."""
    pairs = [
        ("cold start / import markdown_it", "speechlint check one", "import markdown_it"),
        ("check --jobs 1 / raw parse", "speechlint --jobs 1", "raw markdown-it parse"),
        ("check --jobs 2 / check --jobs 1", "speechlint --jobs 2", "speechlint --jobs 1"),
    ]
    print("\nthe same ratios within each round: lowest, median, highest")
    for label, top, bottom in pairs:
        ratios = [a / b for a, b in zip(by_name[top].runs, by_name[bottom].runs, strict=True)]
        low, middle, high = min(ratios), statistics.median(ratios), max(ratios)
        print(f"  {label:<34} {low:5.2f}x {middle:5.2f}x {high:5.2f}x")


def _print_parallel(machine: Sequence[Figure], jobs_ratio: float | None = None) -> None:
    """What two processes gain on this machine now: the floor of --jobs 2 / --jobs 1."""
    by_name = {figure.name: figure for figure in machine}
    if LOOP_ONE not in by_name or LOOP_TWO not in by_name:
        return
    one, two = by_name[LOOP_ONE], by_name[LOOP_TWO]
    # Work split over two processes takes two/(2*one) of its time in one: 0.50x with two free
    # processors, more when they are shared (steal, or two hyperthreads of one core).
    floors = sorted(b / (2 * a) for a, b in zip(one.runs, two.runs, strict=True))
    floor = statistics.median(floors)
    print(
        f"\nthe machine's parallel speed: one CPU-bound loop {one.seconds:.3f} s, two at once "
        f"{two.seconds:.3f} s (medians);\nso a perfectly parallel program's 2 processes / 1 "
        f"process would be {floor:.2f}x (within each round {floors[0]:.2f}x to {floors[-1]:.2f}x; "
        "0.50x on two free processors)"
    )
    if jobs_ratio is not None:
        print(
            f"  check --jobs 2 / check --jobs 1 measured {jobs_ratio:.2f}x, "
            f"against that floor of {floor:.2f}x"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print, optionally write JSON; exit 1 when a threshold fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="a directory of .md speeches (else generated)")
    parser.add_argument("--count", type=int, default=1000, help="speeches to generate")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared dir")
    parser.add_argument("--repeat", type=int, default=3, help="runs per throughput figure")
    parser.add_argument("--repeat-cold", type=int, default=5, help="runs per cold-start figure")
    parser.add_argument("--peer-path", action="append", default=[], help="dirs to find peers in")
    parser.add_argument("--no-peers", action="store_true", help="skip the peers")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    dirs = [part for entry in args.peer_path for part in entry.split(os.pathsep) if part]
    with tempfile.TemporaryDirectory(prefix="speechlint-perf-") as tmp:
        scratch = Path(tmp)
        corpus = make_corpus(args, scratch)
        slint = speechlint_command()
        check = [*slint, "check", "--isolated", "--no-cache", "--quiet"]
        print("cold start", file=sys.stderr)
        cold = measure_together(
            [
                ("python -c pass", [sys.executable, "-c", "pass"]),
                ("import markdown_it", [sys.executable, "-c", "import markdown_it"]),
                ("speechlint check one", [*check, str(corpus.one)]),
            ],
            scratch,
            args.repeat_cold,
        )
        print("throughput", file=sys.stderr)
        root = str(corpus.root)
        through = measure_together(
            [
                ("raw markdown-it parse", [sys.executable, "-c", RAW_PARSE, root]),
                ("speechlint --jobs 1", [*check, "--jobs", "1", root]),
                ("speechlint --jobs 2", [*check, "--jobs", "2", root]),
                *_calibration(),
            ],
            scratch,
            args.repeat,
        )
        machine = [figure for figure in through if figure.name in (LOOP_ONE, LOOP_TWO)]
        through = [figure for figure in through if figure not in machine]
        peers: list[Figure] = []
        for name, finder in ({} if args.no_peers else PEERS).items():
            command = finder(corpus, dirs)
            if command is None:
                print(f"  {name:<34} not installed, skipped", file=sys.stderr)
                continue
            peers.append(measure(name, command, corpus.root, args.repeat))
        passed = report(cold, through, peers, corpus, machine)
        if args.json:
            figures = {
                "corpus": {"files": corpus.files, "bytes": corpus.size},
                "speechlint": install_kind(),
                "cold": [asdict(figure) for figure in cold],
                "throughput": [asdict(figure) for figure in through],
                "peers": [asdict(figure) for figure in peers],
                "machine": [asdict(figure) for figure in machine],
                "passed": passed,
            }
            Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
