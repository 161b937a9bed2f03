"""The parsed-JSON cache (speechlint._jsonfile): the value json.loads gives, parsed again when the
file changes, and nothing that can go wrong with the cache costs more than the cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from speechlint import _jsonfile, _marshalfile

SCHEMA = {
    "$id": "x",
    "type": "object",
    "properties": {"名称": {"const": "讲话"}},
    "numbers": [1, 2.5, None, True],
}


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory and a module that has not read its file yet."""
    monkeypatch.setenv("SPEECHLINT_CACHE_DIR", str(tmp_path / "cache"))
    _restart(monkeypatch)
    return tmp_path


def _restart(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: nothing read, nothing to write."""
    monkeypatch.setattr(_jsonfile, "_store", _marshalfile.Store(_jsonfile._path, _jsonfile._LIMIT))


def _write(path: Path, value: object, *, bom: bool = False) -> None:
    data = json.dumps(value, ensure_ascii=False).encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + data if bom else data)


def _not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again instead of read from the cache")

    monkeypatch.setattr(json, "loads", fail)


def test_a_value_comes_back_from_the_cache_in_the_next_process(fresh, monkeypatch):
    path = fresh / "form.json"
    _write(path, SCHEMA, bom=True)
    assert _jsonfile.load(path) == SCHEMA
    _jsonfile.save()
    _restart(monkeypatch)
    _not_parsed(monkeypatch)
    assert _jsonfile.load(str(path)) == SCHEMA


def test_a_changed_file_is_parsed_again(fresh, monkeypatch):
    path = fresh / "form.json"
    _write(path, {"a": 1})
    assert _jsonfile.load(path) == {"a": 1}
    _jsonfile.save()
    _restart(monkeypatch)
    _write(path, {"a": 2})  # the same size: the modification time tells
    stamp = path.stat()
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000))
    assert _jsonfile.load(path) == {"a": 2}


@pytest.mark.parametrize(
    ("data", "error"),
    [(b"\xff\xfe{}", UnicodeDecodeError), (b"{'a': 1}", ValueError), (b"", ValueError)],
)
def test_errors_are_those_of_reading_and_parsing(fresh, data, error):
    path = fresh / "bad.json"
    path.write_bytes(data)
    with pytest.raises(error):
        _jsonfile.load(path)
    with pytest.raises(OSError):
        _jsonfile.load(fresh / "missing.json")


def test_a_damaged_cache_file_is_parsed_around(fresh, monkeypatch):
    path = fresh / "form.json"
    _write(path, SCHEMA)
    _jsonfile.load(path)
    _jsonfile.save()
    [stored] = (fresh / "cache" / "json").iterdir()
    stored.write_bytes(b"\x00not marshal")
    _restart(monkeypatch)
    assert _jsonfile.load(path) == SCHEMA


def test_an_unwritable_cache_directory_costs_nothing(fresh, monkeypatch):
    (fresh / "cache").write_text("a file where the directory should be", encoding="utf-8")
    path = fresh / "form.json"
    _write(path, SCHEMA)
    assert _jsonfile.load(path) == SCHEMA
    _jsonfile.save()  # no error
    assert _jsonfile.load(path) == SCHEMA


def test_old_entries_are_dropped_past_the_limit(fresh, monkeypatch):
    monkeypatch.setattr(_jsonfile, "_LIMIT", 3)
    paths = [fresh / f"{index}.json" for index in range(5)]
    for index, path in enumerate(paths):
        _write(path, {"i": index})
        _jsonfile.load(path)
    _jsonfile.save()
    _restart(monkeypatch)
    _jsonfile.load(paths[0])
    _jsonfile.save()  # nothing new: the file stays as it was
    assert len(_jsonfile._store.values) == 5
    _write(fresh / "new.json", {})
    _jsonfile.load(fresh / "new.json")
    _jsonfile.save()
    _restart(monkeypatch)
    _jsonfile.load(paths[0])
    assert set(_jsonfile._store.values) == {str(paths[0]), str(fresh / "new.json")}
