"""The compiled-regex cache (speechlint._regex): patterns rebuilt from stored programs are
re.compile's own, and nothing that can go wrong with the file costs more than the cache."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from speechlint import _marshalfile, _regex
from speechlint.lexicon import default_lexicon

pytestmark = pytest.mark.skipif(_regex._sre is None, reason="re's compiler parts are 3.11+")

PATTERNS = [
    ("[；;。！？!?]", 0),
    (r"(?P<num>[〇零一二两三四五六七八九十]{1,3})(?P<punct>[、，,.．：:])", 0),
    (r"speechlint-(?P<kind>[a-z]+(?:-[a-z]+)*)(?P<rest>(?:\s.*)?)", re.S),
    (r"(?<!习近平)新时代(?=中国)|\bword\b", re.I),
    (r"([\u4e00-\u9fff])\1", 0),
]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory and a module that has not read its file yet."""
    monkeypatch.setenv("SPEECHLINT_CACHE_DIR", str(tmp_path))
    _restart(monkeypatch)
    return tmp_path


def _restart(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: nothing read, nothing to write."""
    monkeypatch.setattr(_regex, "_store", _marshalfile.Store(_regex._path, _regex._LIMIT))


def _lexicon_patterns() -> list[tuple[str, int]]:
    lexicon = default_lexicon()
    names = ("salutation", "recap", "transition", "closing_opener", "call_to_action", "title")
    return [(getattr(lexicon, name).pattern, 0) for name in names]


def test_patterns_come_back_from_the_file_as_re_compiles(fresh, monkeypatch):
    patterns = PATTERNS + _lexicon_patterns()
    for pattern, flags in patterns:
        assert _regex.compile(pattern, flags) == re.compile(pattern, flags)
    _regex.save()
    [stored] = (fresh / "regex").iterdir()
    assert str(sys.version_info[1]) in stored.name

    _restart(monkeypatch)

    def not_compiled(*args: object) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    monkeypatch.setattr(_regex, "_compiled", not_compiled)
    for pattern, flags in patterns:
        built = _regex.compile(pattern, flags)
        assert built == re.compile(pattern, flags)
        assert (built.groupindex, built.groups, built.flags) == (
            re.compile(pattern, flags).groupindex,
            re.compile(pattern, flags).groups,
            re.compile(pattern, flags).flags,
        )
    assert _regex.compile(PATTERNS[1][0]).match("十二、").group("num", "punct") == ("十二", "、")
    assert not _regex._store.dirty


def test_a_damaged_file_is_compiled_over(fresh, monkeypatch):
    pattern, flags = PATTERNS[1]
    _regex.compile(pattern, flags)
    _regex.save()
    [stored] = (fresh / "regex").iterdir()
    stored.write_bytes(b"\x00not marshal")
    _restart(monkeypatch)
    assert _regex.compile(pattern, flags) == re.compile(pattern, flags)
    _regex.save()
    assert (pattern, flags) in marshal.loads(stored.read_bytes())


def test_a_program_the_matcher_rejects_is_compiled_again(fresh, monkeypatch):
    pattern, flags = PATTERNS[0]
    _regex.compile(pattern, flags)
    _regex.save()
    [stored] = (fresh / "regex").iterdir()
    programs = marshal.loads(stored.read_bytes())
    entry = programs[(pattern, flags)]
    programs[(pattern, flags)] = (entry[0], [1, 2, 3], *entry[2:])  # not an SRE program
    stored.write_bytes(marshal.dumps(programs))
    _restart(monkeypatch)
    assert _regex.compile(pattern, flags) == re.compile(pattern, flags)
    assert _regex._store.dirty  # the good program replaces the bad one at exit


def test_a_cache_that_cannot_be_written_is_done_without(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("SPEECHLINT_CACHE_DIR", str(blocker))
    _restart(monkeypatch)
    assert _regex.compile(*PATTERNS[2]) == re.compile(*PATTERNS[2])
    _regex.save()  # no error
    assert blocker.read_text() == "not a directory"


_CHECK = """
import sys
from speechlint import _marshalfile, _regex
from speechlint._cli import main
try:
    main(["check", "--isolated", "--no-cache", "--quiet", sys.argv[1]])
except SystemExit:
    pass
print(_regex._store.dirty, file=sys.stderr)
"""


def test_a_second_check_compiles_nothing_whatever_the_hash_seed(tmp_path):
    """Patterns built from sets must be spelled the same in every process, or each run would
    compile them again and rewrite the file."""
    speech = tmp_path / "讲话.md"
    speech.write_text(
        "# 在全市工作会议上的讲话\n\n同志们：\n\n刚才，几位同志作了发言。\n\n"
        "下面，我讲几点意见。\n\n一、提高认识。要抓好“三项”工作,确保落实。\n\n谢谢大家！\n",
        encoding="utf-8",
    )
    dirty = []
    for seed in ("1", "2", "3"):
        env = {
            **os.environ,
            "SPEECHLINT_CACHE_DIR": str(tmp_path / "cache"),
            "PYTHONHASHSEED": seed,
        }
        done = subprocess.run(
            [sys.executable, "-c", _CHECK, str(speech)], capture_output=True, text=True, env=env
        )
        dirty.append(done.stderr.strip().splitlines()[-1])
    assert dirty == ["True", "False", "False"]
