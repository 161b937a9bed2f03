"""File discovery: .gitignore, exclude / extend-exclude, --force-exclude, symlinks, paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from speechlint._config import ConfigResolver
from speechlint._discovery import Discovery, display_path
from speechlint._pluginmanager import Registry

SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶。\n"


def _found(registry: Registry, *paths: str, force: bool = False) -> list[str]:
    discovery = Discovery(ConfigResolver(registry), force_exclude=force)
    return sorted(target.path for target in discovery.targets(paths or (".",)))


def _tree(write, *names: str) -> None:
    for name in names:
        write(name, SPEECH)


def test_default_excludes_hidden_directories_and_node_modules(registry, write):
    _tree(write, "a.md", ".hidden/b.md", "node_modules/c.md", "__pycache__/d.md", ".e.md")
    # A hidden *file* is checked; hidden directories are not entered.
    assert _found(registry) == [".e.md", "a.md"]


def test_gitignore_is_respected_inside_a_repository(registry, write):
    Path(".git").mkdir()
    write(".gitignore", "build/\n*.draft.md\n")
    _tree(write, "a.md", "x.draft.md", "build/b.md", "docs/c.md", "docs/build/d.md")
    assert _found(registry) == ["a.md", "docs/c.md"]


def test_nested_gitignore_and_negation(registry, write):
    Path(".git").mkdir()
    write(".gitignore", "*.txt\n")
    write("docs/.gitignore", "!keep.txt\nlocal.md\n")
    _tree(write, "a.txt", "docs/keep.txt", "docs/other.txt", "docs/local.md", "local.md")
    assert _found(registry) == ["docs/keep.txt", "local.md"]


def test_gitignore_from_the_repository_root_applies_to_a_subdirectory_walk(registry, write):
    Path(".git").mkdir()
    write(".gitignore", "/docs/drafts/\n")
    _tree(write, "docs/a.md", "docs/drafts/b.md")
    assert _found(registry, "docs") == ["docs/a.md"]


def test_git_info_exclude(registry, write):
    write(".git/info/exclude", "secret.md\n")
    _tree(write, "a.md", "secret.md")
    assert _found(registry) == ["a.md"]


def test_gitignore_outside_a_repository_is_not_used(registry, write):
    write(".gitignore", "*.md\n")
    _tree(write, "a.md")
    assert _found(registry) == ["a.md"]


def test_respect_gitignore_false(registry, write):
    Path(".git").mkdir()
    write(".gitignore", "*.md\n")
    write("speechlint.toml", "respect-gitignore = false\n")
    _tree(write, "a.md")
    assert _found(registry) == ["a.md"]


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(registry, write):
    _tree(write, "a.md", "archive/b.md", ".hidden/c.md", "drafts/d.md")
    write("speechlint.toml", 'exclude = ["archive/"]\n')
    assert _found(registry) == [".hidden/c.md", "a.md", "drafts/d.md"]
    write("speechlint.toml", 'extend-exclude = ["drafts/"]\n')
    assert _found(registry) == ["a.md", "archive/b.md"]


def test_exclude_is_relative_to_the_configuration_directory(registry, write):
    write("project/speechlint.toml", 'extend-exclude = ["/old/", "sub/*.txt"]\n')
    _tree(write, "project/old/a.md", "project/x/old/b.md", "project/sub/c.txt", "project/d.md")
    expected = ["project/d.md", "project/x/old/b.md"]
    assert _found(registry, "project") == expected
    os.chdir("project/x")  # the same patterns, whatever the working directory
    assert _found(registry, "..") == [str(Path.cwd().parent / "d.md"), "old/b.md"]


def test_named_files_are_checked_unless_force_exclude(registry, write):
    Path(".git").mkdir()
    write(".gitignore", "ignored.md\n")
    write("speechlint.toml", 'extend-exclude = ["drafts/"]\n')
    _tree(write, "ignored.md", "drafts/a.md", "ok.md")
    names = ("ignored.md", "drafts/a.md", "ok.md")
    assert _found(registry, *names) == ["drafts/a.md", "ignored.md", "ok.md"]
    assert _found(registry, *names, force=True) == ["ok.md"]


def test_a_named_excluded_directory_is_walked(registry, write):
    write("speechlint.toml", 'extend-exclude = ["drafts/"]\n')
    _tree(write, "drafts/a.md", "drafts/deeper/b.md")
    assert _found(registry, "drafts") == ["drafts/a.md", "drafts/deeper/b.md"]
    assert _found(registry, "drafts", force=True) == []


def test_force_exclude_applies_to_stdin_filename(cli, write, monkeypatch):
    import io
    import sys

    write("speechlint.toml", 'extend-exclude = ["drafts/"]\n')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SPEECH.encode())))
    status, out, err = cli("-", "--stdin-filename", "drafts/a.md", "--force-exclude")
    assert (status, out) == (0, "")
    assert "没有可检查的文件" in err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loops_terminate_and_linked_files_are_followed(registry, write):
    _tree(write, "docs/a.md", "elsewhere/b.md")
    os.symlink(os.path.abspath("docs"), "docs/loop")  # docs/loop -> docs
    os.symlink(os.path.abspath("elsewhere/b.md"), "docs/link.md")
    os.symlink(os.path.abspath("missing.md"), "docs/broken.md")
    found = _found(registry, "docs")
    # b.md is reached through its link; the loop is walked once; the broken link is skipped.
    assert found == ["docs/a.md", "docs/link.md"]


def test_paths_are_relative_to_the_working_directory_or_absolute(registry, write, tmp_path):
    outside = tmp_path / "outside"
    _tree(write, "sub/a.md", outside / "b.md")
    assert _found(registry, "./sub/../sub") == ["sub/a.md"]
    assert _found(registry, str(Path("sub/a.md").resolve())) == ["sub/a.md"]
    assert _found(registry, str(outside)) == [str(outside / "b.md")]
    assert display_path("../outside/b.md") == str(outside / "b.md")


def test_every_file_once_whatever_the_spelling(registry, write):
    _tree(write, "a.md", "sub/b.md")
    assert _found(registry, "a.md", "./a.md", ".", "sub", str(Path("a.md").resolve())) == [
        "a.md",
        "sub/b.md",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_linked_file_and_its_target_in_the_walk_are_one_file(registry, write):
    _tree(write, "docs/a.md")
    os.symlink(os.path.abspath("docs/a.md"), "docs/z.md")
    # The walk works out real paths per directory; a link is still resolved to its target.
    assert _found(registry, "docs") == ["docs/a.md"]


def test_walked_paths_are_reported_as_display_path_reports_them(registry, write, tmp_path):
    outside = tmp_path / "outside"
    _tree(write, "a.md", "sub/deep/b.md", outside / "c.md", outside / "d" / "e.md")
    discovery = Discovery(ConfigResolver(registry))
    for top in (".", "sub", "./sub/deep/..", str(Path("sub").resolve()), str(outside)):
        for target in discovery.targets([top]):
            assert target.path == display_path(target.path)
            assert os.path.exists(target.path)
        discovery = Discovery(ConfigResolver(registry))  # a new walk: no file seen yet


# Exclude patterns that name directories are matched by name, without pathspec; what they
# match must be what pathspec (git's semantics) matches.
_NAMED = (
    (".*/", "node_modules/", "__pycache__/"),
    ("drafts/",),
    ("drafts/", ".*/", "build/", "草稿/"),
)
_PATHS = (
    "a.md", ".e.md", "drafts", "drafts/", "drafts/a.md", "x/drafts/", "x/drafts/y/z.md",
    "xdrafts/", "drafts.md", "Drafts/", ".git/", ".git/x.md", "a/.venv/", "a/.venv/b/c.md",
    "node_modules/", "node_modules", "x/node_modules/y.md", "node_modules.md", "a/b/",
    "build/", "a/build", "草稿/", "材料/草稿/讲话.md", "草稿.md",
)  # fmt: skip


@pytest.mark.parametrize("patterns", _NAMED)
def test_directory_name_excludes_match_what_pathspec_matches(patterns):
    from pathspec import GitIgnoreSpec

    from speechlint._discovery import _DirectoryNames, _exclude_spec

    spec = _exclude_spec(patterns)
    assert isinstance(spec, _DirectoryNames)
    reference = GitIgnoreSpec.from_lines(patterns)
    for path in _PATHS:
        assert spec.match_file(path) == reference.match_file(path), path


@pytest.mark.parametrize(
    "patterns",
    [("drafts",), ("/drafts/",), ("a/drafts/",), ("*.bak/",), ("!keep/",), ("#x/",),
     ("drafts/", "*.tmp"), ("dr?fts/",), ("build/ ",), ("",)],
)  # fmt: skip
def test_other_exclude_patterns_go_to_pathspec(patterns):
    from pathspec import GitIgnoreSpec

    from speechlint._discovery import _exclude_spec

    assert isinstance(_exclude_spec(patterns), GitIgnoreSpec)
