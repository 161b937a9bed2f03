"""Start-up cost: what ``speechlint check`` imports, and the entry-point scan that replaces
``importlib.metadata`` (issue 9: cold start close to ``import markdown_it``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from speechlint._pluginmanager import EntryPoint, Registry, installed_entry_points, load_registry
from speechlint.lexicon import default_lexicon

SPEECH = "# 关于安全生产的讲话\n\n同志们：\n\n今天召开会议，部署安全生产工作。\n\n谢谢大家！\n"

# Runs one check in a fresh interpreter and prints which of the watched modules it imported.
_PROBE = """
import sys
from speechlint._cli import main
main(["check", "--isolated", "--no-cache", "--quiet", sys.argv[1]])
watched = sys.argv[2].split(",")
found = sorted(m for m in sys.modules if m.split(".")[0] in watched
               or m in watched or m.startswith("speechlint.lsp"))
import json  # (after looking: the check itself must not need it)
print(json.dumps(found), file=sys.stderr)
"""

_NEVER = (
    "pygls",
    "lsprotocol",
    "speechlint.lsp",
    "speechlint._fixes",
    "speechlint._fixrun",
    "speechlint._writeback",
    "speechlint._baseline",
    "speechlint.formatters.json",
    "speechlint.formatters.sarif",
    "speechlint.formatters.junit",
    "speechlint.formatters.github",
    "importlib.metadata",
    "multiprocessing",
    "platformdirs",
    "pathspec",
)


def _imported(
    tmp_path: Path, watched: tuple[str, ...], text: str = SPEECH, *, walk: bool = False
) -> list[str]:
    speech = tmp_path / "speech.md"
    speech.write_text(text, encoding="utf-8")
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path if walk else speech), ",".join(watched)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert probe.returncode in (0, 1), probe.stderr
    return list(json.loads(probe.stderr.strip().splitlines()[-1]))


def test_check_of_one_file_imports_no_server_fixes_other_formats_or_metadata(tmp_path):
    assert _imported(tmp_path, _NEVER) == []


def test_a_walk_with_directory_name_excludes_needs_no_pathspec(tmp_path):
    # The default excludes name directories: matched by name. A .gitignore needs pathspec.
    (tmp_path / ".hidden").mkdir()
    assert _imported(tmp_path, ("pathspec",), walk=True) == []
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    assert "pathspec" in _imported(tmp_path, ("pathspec",), walk=True)


def test_a_speech_of_paragraphs_and_headings_needs_no_markdown_it(tmp_path):
    # speechlint._blocks splits such a speech itself; markdown-it is imported for the others.
    assert _imported(tmp_path, ("markdown_it", "mdit_py_plugins")) == []
    with_markup = SPEECH.replace("今天召开会议", "今天召开**会议**")
    assert "markdown_it" in _imported(tmp_path, ("markdown_it",), with_markup)
    with_list = SPEECH + "\n- 一项工作\n"
    assert "markdown_it" in _imported(tmp_path, ("markdown_it",), with_list)


def test_check_of_a_valid_file_does_not_import_jsonschema(tmp_path):
    # jsonschema-rs answers a valid outline; jsonschema only explains failures. The first run
    # checks the built-in forms with jsonschema and remembers their codes; later runs do not.
    valid = (
        Path(__file__).parents[2] / "docs" / "examples" / "01-paragraph-ordinal.txt"
    ).read_text("utf-8")
    _imported(tmp_path, (), valid)
    # Nor shutil: argparse's help formatter imports it (with zlib, bz2 and lzma) for the
    # terminal's width, and a check prints no help.  Nor email.utils (with socket): jsonschema-rs
    # reads its build time with it, from a stand-in (speechlint._jsonschema_rs).  Nor json: the
    # schemas and the lexicon come parsed from speechlint._jsonfile's cache.  Nor the UTF-16
    # codec's module: the codec functions are called directly.
    watched = (
        "jsonschema",
        "referencing",
        "shutil",
        "email.utils",
        "socket",
        "json",
        "encodings.utf_16_be",
    )
    assert _imported(tmp_path, watched, valid) == []


# -- the entry-point scan -----------------------------------------------------------------------


def _dist(site: Path, name: str, text: str) -> None:
    info = site / name
    info.mkdir(parents=True)
    (info / "entry_points.txt").write_text(text, encoding="utf-8")


def test_entry_points_are_read_from_dist_info_and_egg_info(tmp_path, monkeypatch):
    _dist(tmp_path, "zeta_plugin-1.2.dist-info", "[speechlint]\nzeta = zeta_mod:plugin\n")
    _dist(tmp_path, "alpha-0.3-py3.11.egg-info", "# c\n[other]\nx = y\n[speechlint]\na = m\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    assert installed_entry_points("speechlint") == [
        EntryPoint("a", "m", "alpha", "0.3"),
        EntryPoint("zeta", "zeta_mod:plugin", "zeta_plugin", "1.2"),
    ]
    assert installed_entry_points("absent") == []


def test_the_first_distribution_on_sys_path_wins(tmp_path, monkeypatch):
    # Two copies of one distribution (normalised names differ only in separators and case).
    _dist(tmp_path / "first", "My.Plugin-2.0.dist-info", "[speechlint]\nmine = new:plugin\n")
    _dist(tmp_path / "second", "my_plugin-1.0.dist-info", "[speechlint]\nmine = old:plugin\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "first"), str(tmp_path / "second")])
    assert [point.value for point in installed_entry_points("speechlint")] == ["new:plugin"]


def test_entry_point_load_imports_the_named_attribute() -> None:
    assert EntryPoint("x", "json:dumps").load() is json.dumps
    assert EntryPoint("x", "os.path").load().__name__ == "posixpath" or sys.platform == "win32"


def test_a_zip_on_sys_path_falls_back_to_importlib_metadata(tmp_path, monkeypatch):
    archive = tmp_path / "lib.zip"
    archive.write_bytes(b"")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert installed_entry_points("speechlint") == []


# -- the lexicon compiles its patterns on first use ----------------------------------------------


def test_lexicon_patterns_compile_on_first_use() -> None:
    lexicon = default_lexicon().extended({})
    assert "salutation_prefix" not in vars(lexicon)
    assert lexicon.salutation.match("同志们：")
    assert lexicon.salutation_prefix.match("同志们：今天开会。")
    assert "salutation_prefix" in vars(lexicon)


# -- configuration files: a compiled yes/no before jsonschema ------------------------------------

TABLES = [
    {},
    {"select": ["ALL"], "ignore": ["L702", "P4"], "lang": "en"},
    {"rules": {"T301": {"max-length": 40}}, "severity": {"W5": "off"}},
    {"outline": {"recap-markers": ["刚才"]}, "chars-per-minute": 200},
    {"select": 3},
    {"select": ["all-rules"]},
    {"unknown": 1},
    {"lang": "fr"},
    {"chars-per-minute": 0},
    {"outline": {"nope": []}},
    {"rules": {"T301": {"max-length": "long"}}},
    {"severity": {"W5": "loud"}},
]


def test_the_compiled_check_agrees_with_jsonschema(monkeypatch):
    from jsonschema import Draft202012Validator

    from speechlint._config import _compiled_check, config_schema
    from speechlint._pluginmanager import load_registry

    schema = config_schema(load_registry(entry_points=False))
    monkeypatch.delitem(sys.modules, "jsonschema")  # as in a run that has not imported it
    quick = _compiled_check(schema)
    reference = Draft202012Validator(schema)
    verdicts = [(quick(table), reference.is_valid(table)) for table in TABLES]
    assert verdicts == [(valid, valid) for _, valid in verdicts]
    assert [valid for valid, _ in verdicts] == [True] * 4 + [False] * 8


def test_hooks_found_in_a_module_as_pluggy_finds_them():
    """The manager reads a module's markers from its namespace; it must pick the same hooks,
    with the same options, as pluggy's own lookup, for every kind of value a module holds."""
    import types

    import pluggy

    from speechlint import hookimpl, hookspecs
    from speechlint._pluginmanager import _manager

    class Holder:
        @hookimpl
        def speechlint_rules(self) -> list[object]:
            return []

        @hookimpl(tryfirst=True)
        @staticmethod
        def speechlint_forms() -> dict[str, object]:
            return {}

    @hookimpl(trylast=True)
    def speechlint_dictionaries() -> list[object]:
        return []

    def unmarked() -> None: ...

    module = types.ModuleType("some_plugin")
    module.speechlint_dictionaries = speechlint_dictionaries
    module.unmarked = unmarked
    module.bound = Holder().speechlint_rules
    module.static = Holder.__dict__["speechlint_forms"]
    module.Holder = Holder
    module.types = types
    module.number = 3
    module.fake = types.SimpleNamespace(speechlint_impl={"x": 1})

    ours, theirs = _manager(), pluggy.PluginManager(hookspecs.PROJECT)
    found = {name: ours.parse_hookimpl_opts(module, name) for name in dir(module)}
    assert found == {name: theirs.parse_hookimpl_opts(module, name) for name in dir(module)}
    assert sorted(name for name, opts in found.items() if opts is not None) == [
        "bound",
        "speechlint_dictionaries",
        "static",
    ]


def test_a_check_with_the_built_in_packs_alone_needs_no_pluggy(tmp_path):
    # (No distribution on this interpreter's path declares a speechlint plugin.)
    assert installed_entry_points("speechlint") == []
    assert _imported(tmp_path, ("pluggy",)) == []


@pytest.mark.parametrize(
    "options",
    [{}, {"tryfirst": True}, {"trylast": True}, {"optionalhook": True}, {"specname": "x"},
     {"wrapper": True}, {"hookwrapper": True}],
)  # fmt: skip
def test_hookimpl_marks_a_function_as_pluggy_does(options):
    import pluggy

    from speechlint import hookimpl, hookspecs

    def ours() -> None: ...

    def theirs() -> None: ...

    if options:
        hookimpl(**options)(ours)
        pluggy.HookimplMarker(hookspecs.PROJECT)(**options)(theirs)
    else:
        hookimpl(ours)
        pluggy.HookimplMarker(hookspecs.PROJECT)(theirs)
    assert ours.speechlint_impl == theirs.speechlint_impl  # type: ignore[attr-defined]


def _summary(registry: Registry) -> tuple[object, ...]:
    return (
        registry.rules,
        list(registry.metas.items()),
        list(registry.forms.items()),
        registry.dictionaries,
        registry.plugins,
        registry.versions,
    )


def test_the_built_in_packs_register_without_pluggy_as_with_it(monkeypatch):
    from speechlint import _pluginmanager

    direct = load_registry(entry_points=False)
    monkeypatch.setattr(_pluginmanager, "_builtin_registry", lambda packs: None)
    through_pluggy = load_registry(entry_points=False)
    assert _summary(direct) == _summary(through_pluggy)
    assert len(direct.rules) > 30 and direct.forms


def test_packs_with_more_than_plain_hooks_go_through_pluggy(monkeypatch):
    import types

    from speechlint import _pluginmanager, hookimpl

    first, second = types.ModuleType("pack_a"), types.ModuleType("pack_b")
    first.speechlint_forms = hookimpl(lambda: {"same": "a.json", "a": "a.json"})
    second.speechlint_forms = hookimpl(lambda: {"same": "b.json"})
    second.speechlint_dictionaries = hookimpl(lambda: None)
    modules = {"pack_a": first, "pack_b": second}
    monkeypatch.setattr(_pluginmanager.importlib, "import_module", modules.__getitem__)
    direct = load_registry(entry_points=False, builtin=["pack_a", "pack_b"])
    # pluggy calls the last registered first: the first pack's form wins a shared name.
    assert direct.forms == {"same": Path("a.json"), "a": Path("a.json")}
    assert _pluginmanager._builtin_registry(list(modules.items())) is not None
    first.speechlint_forms = hookimpl(tryfirst=True)(first.speechlint_forms)
    assert _pluginmanager._builtin_registry(list(modules.items())) is None
    ordered = load_registry(entry_points=False, builtin=["pack_a", "pack_b"])
    assert ordered.forms == {"same": Path("b.json"), "a": Path("a.json")}  # (called first)
    second.speechlint_unknown = hookimpl(lambda: None)
    assert _pluginmanager._builtin_registry(list(modules.items())) is None
