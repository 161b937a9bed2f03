"""Finding the files to check: directories walked recursively, ``.gitignore`` and ``exclude``.

Directories are searched for ``.md``, ``.markdown`` and ``.txt`` files.  What a walk skips:

- ``exclude`` globs from the configuration that applies to the directory (default: hidden
  directories, ``node_modules``, ``__pycache__``), plus ``extend-exclude``.  Globs use gitignore
  syntax relative to the configuration file's directory: ``drafts/`` skips every directory named
  drafts, ``/drafts/`` or ``archive/2019/`` only the one below the configuration file;
- what git ignores (``respect-gitignore``, on by default): every ``.gitignore`` from the
  repository root (the nearest directory holding ``.git``) down, and ``.git/info/exclude``.
  Outside a repository no ``.gitignore`` applies, as in ruff and ripgrep.

A file or directory named on the command line is checked whatever its extension, even when
excluded or ignored -- unless ``--force-exclude`` asks to apply the same rules to it (for
pre-commit, which names every staged file).  Symlinked files are followed; a symlinked directory
is walked once, so a link pointing back up the tree cannot loop.  Paths are reported relative to
the working directory when they lie below it, absolute otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import localize
from speechlint.errors import UsageError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

    from speechlint._config import ConfigResolver
    from speechlint.settings import Settings

__all__ = ["DEFAULT_EXCLUDE", "EXTENSIONS", "STDIN", "Discovery", "Target", "display_path"]

EXTENSIONS = (".md", ".markdown", ".txt")
STDIN = "-"
# Gitignore patterns; a trailing slash matches directories only, so a hidden *file* such as
# .notes.md is still checked while .git/, .venv/ and the like are not entered.
DEFAULT_EXCLUDE: tuple[str, ...] = (".*/", "node_modules/", "__pycache__/")


class Target(NamedTuple):
    """One thing to check: a file path as reported, or standard input under a name."""

    path: str
    stdin: bool = False


def display_path(path: str) -> str:
    """``path`` relative to the working directory when below it, else absolute."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if relative == ".." or relative.startswith(".." + os.sep) else relative


def _compile(lines: Sequence[str]) -> GitIgnoreSpec:
    # Imported here: a run that names its files never needs pathspec (start-up time matters).
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)


class _DirectoryNames(NamedTuple):
    """Exclude patterns that each name a directory wherever it is (``node_modules/``, and
    ``.*/`` for every hidden one), matched by name as git matches them.

    The defaults, and most configurations, are only such patterns; matching them needs
    neither pathspec (whose import takes about 20 ms) nor its regular expressions.  Any other
    pattern goes to pathspec (:func:`_exclude_spec`).
    """

    names: frozenset[str]
    hidden: bool

    def match_file(self, relative: str) -> bool:
        """Whether ``relative`` (``/``-separated; a directory ends with ``/``) is, or lies
        in, a directory these patterns name."""
        directories = relative.split("/")[:-1]  # what is before a slash is a directory
        return any(
            name in self.names or (self.hidden and name.startswith(".")) for name in directories
        )


_GLOB = frozenset("*?[]!#\\ ")


def _exclude_spec(patterns: Sequence[str]) -> _DirectoryNames | GitIgnoreSpec:
    """The matcher of exclude ``patterns``: by name when each names a directory, else
    pathspec's."""
    names = set()
    hidden = False
    for pattern in patterns:
        name, slash, rest = pattern.partition("/")
        if not (slash and name and not rest):
            return _compile(patterns)  # a file pattern, a path, an anchored or empty one
        if name == ".*":
            hidden = True
        elif _GLOB.isdisjoint(name) and name not in (".", ".."):
            names.add(name)
        else:
            return _compile(patterns)
    return _DirectoryNames(frozenset(names), hidden)


class _Layer(NamedTuple):
    """The patterns of one ignore file, relative to ``base`` (an absolute directory)."""

    base: str
    spec: GitIgnoreSpec

    def verdict(self, path: str, is_dir: bool) -> bool | None:
        """True: ignored, False: re-included (``!pattern``), None: no pattern matched."""
        relative = os.path.relpath(path, self.base).replace(os.sep, "/")
        if relative.startswith("../"):
            return None
        result = self.spec.check_file(relative + "/" if is_dir else relative)
        return result.include


Layers = tuple[_Layer, ...]


def _read_ignore_file(path: str, base: str) -> _Layer | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            lines = stream.read().splitlines()
    except OSError:
        return None  # an unreadable .gitignore ignores nothing, as git does
    return _Layer(base, _compile(lines)) if any(line.strip() for line in lines) else None


def _ignored(layers: Layers, path: str, is_dir: bool) -> bool:
    """Git's verdict: the deepest ignore file with a matching pattern decides."""
    for layer in reversed(layers):
        verdict = layer.verdict(path, is_dir)
        if verdict is not None:
            return verdict
    return False


def _within(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


class Discovery:
    """Expands command-line paths into targets under one configuration resolver."""

    def __init__(
        self, resolver: ConfigResolver, *, force_exclude: bool = False, lang: str = "zh"
    ) -> None:
        self.resolver = resolver
        self.force_exclude = force_exclude
        self.lang = lang
        self._specs: dict[int, tuple[Settings, _DirectoryNames | GitIgnoreSpec]] = {}
        self._chains: dict[str, Layers | None] = {}
        self._visited: set[str] = set()

    def targets(self, paths: Sequence[str], *, stdin_filename: str | None = None) -> list[Target]:
        """The targets named by ``paths`` (``-`` is standard input), each once.

        Raises :class:`UsageError` naming the first path that does not exist, before anything
        runs.
        """
        # Keyed by the real path, so that a file reached twice (a.md, ./a.md, /abs/a.md) runs once.
        found: dict[str, Target] = {}
        for path in paths:
            if path == STDIN:
                name = stdin_filename or STDIN
                if not (stdin_filename and self._force_excluded(name)):
                    found.setdefault(f"\0{name}", Target(name, stdin=True))
            elif not os.path.exists(path):
                raise _missing(path, self.lang)
            elif self._force_excluded(path):
                continue
            elif os.path.isdir(path):
                for _file, real, shown in self._files(path):
                    found.setdefault(real, Target(shown))
            else:
                found.setdefault(os.path.realpath(path), Target(display_path(path)))
        return list(found.values())

    def walk(self, directory: str) -> Iterator[str]:
        """Checkable files under ``directory`` (absolute paths, sorted within each directory)."""
        return (file for file, _real, _shown in self._files(directory))

    def _files(self, directory: str) -> Iterator[tuple[str, str, str]]:
        """:meth:`walk`'s files, each with its real path and its path as reported."""
        top = os.path.abspath(directory)
        inherited = self._chain(os.path.dirname(top)) if top != os.path.dirname(top) else None
        if inherited and _ignored(inherited, top, True):
            inherited = ()  # named although git ignores it: only the ignore files inside apply
        yield from self._walk(top, top, inherited)

    # -- exclude ---------------------------------------------------------------------------

    def _spec(self, settings: Settings) -> _DirectoryNames | GitIgnoreSpec:
        """The compiled ``exclude`` + ``extend-exclude`` of ``settings``."""
        # By identity: the resolver hands out one Settings object per configuration file; the
        # object is kept with its spec so that its id cannot be reused by another one.
        known = self._specs.get(id(settings))
        if known is None:
            # An empty ``exclude`` keeps the defaults: Settings cannot tell "unset" from "[]".
            patterns = (*(settings.exclude or DEFAULT_EXCLUDE), *settings.extend_exclude)
            known = (settings, _exclude_spec(patterns))
            self._specs[id(settings)] = known
        return known[1]

    def _base(self, settings: Settings, top: str) -> str:
        """The directory exclude patterns are relative to, for paths below ``top``.

        The configuration's directory -- unless ``top`` lies outside it (``--config`` elsewhere,
        no configuration) or was named although excluded: then ``top`` itself, so that a
        pattern matching a directory above ``top`` does not exclude everything below it.
        """
        root = None if settings.root is None else str(settings.root)
        if root is None or not _within(top, root):
            return top
        if top != root and self._spec(settings).match_file(_relative(top, root) + "/"):
            return top
        return root

    def _excluded(
        self, path: str, is_dir: bool, settings: Settings, top: str, relative: str | None = None
    ) -> bool:
        """Whether ``exclude`` skips ``path`` (``relative``: its path from :meth:`_base`, when
        the caller knows it)."""
        if relative is None:
            relative = _relative(path, self._base(settings, top))
        return self._spec(settings).match_file(relative + "/" if is_dir else relative)

    # -- gitignore -------------------------------------------------------------------------

    def _layers(self, directory: str, inherited: Layers | None) -> Layers | None:
        """The ignore files in force inside ``directory``; None outside a repository."""
        if os.path.exists(os.path.join(directory, ".git")):  # a repository (or submodule) root
            info = _read_ignore_file(os.path.join(directory, ".git", "info", "exclude"), directory)
            inherited = (info,) if info else ()
        elif inherited is None:
            return None
        own = _read_ignore_file(os.path.join(directory, ".gitignore"), directory)
        return (*inherited, own) if own else inherited

    def _chain(self, directory: str) -> Layers | None:
        """:meth:`_layers` of ``directory``, from the repository root down (cached)."""
        if directory not in self._chains:
            parent = os.path.dirname(directory)
            above = self._chain(parent) if parent != directory else None
            self._chains[directory] = self._layers(directory, above)
        return self._chains[directory]

    # -- what is skipped -------------------------------------------------------------------

    def _skipped(
        self,
        path: str,
        is_dir: bool,
        settings: Settings,
        top: str,
        layers: Layers | None,
        relative: str | None = None,
    ) -> bool:
        if self._excluded(path, is_dir, settings, top, relative):
            return True
        return bool(layers) and settings.respect_gitignore and _ignored(layers or (), path, is_dir)

    def _force_excluded(self, path: str) -> bool:
        """``--force-exclude``: whether a named path (or a directory above it) is skipped."""
        if not self.force_exclude:
            return False
        absolute = os.path.abspath(path)
        parent = os.path.dirname(absolute)
        settings = self.resolver.settings_for(Path(parent))
        # Below the configuration's directory (or the working directory), every directory
        # between it and the path counts, as in a walk from there.
        bases = [str(settings.root)] if settings.root is not None else []
        top = next((d for d in (*bases, os.getcwd()) if _within(absolute, d)), parent)
        if absolute == top:
            return False  # the working directory itself
        is_dir = os.path.isdir(absolute)
        return self._skipped(absolute, is_dir, settings, top, self._chain(parent))

    # -- walking ---------------------------------------------------------------------------

    def _walk(
        self, directory: str, top: str, inherited: Layers | None
    ) -> Iterator[tuple[str, str, str]]:
        real = os.path.realpath(directory)
        if real in self._visited:
            return  # reached again through a symlink: a loop, or already walked
        self._visited.add(real)
        settings = self.resolver.settings_for(Path(directory))
        layers = self._layers(directory, inherited)
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            return  # an unreadable directory: nothing to check in it
        # The paths of the entries are the directory's with the name appended: worked out
        # once per directory, not per file (os.path's relpath and realpath cost a tenth of a
        # millisecond a file, system calls included).
        within = _relative(directory, self._base(settings, top))
        within = "" if within == "." else within + "/"
        shown = display_path(directory)
        shown = "" if shown == "." else os.path.join(shown, "")
        for entry in entries:
            kind = _kind(entry)
            if kind is None:
                continue
            name = entry.name
            if self._skipped(entry.path, kind == "dir", settings, top, layers, within + name):
                continue
            if kind == "dir":
                yield from self._walk(entry.path, top, layers)
            else:
                yield entry.path, _real(entry, real), shown + name


def _kind(entry: os.DirEntry[str]) -> str | None:
    """``"dir"``, ``"file"`` for a checkable file, or None (symlinks are followed)."""
    try:
        if entry.is_dir():
            return "dir"
        if entry.is_file() and entry.name.lower().endswith(EXTENSIONS):
            return "file"
    except OSError:
        pass  # a broken link or a vanished entry
    return None


def _relative(path: str, base: str) -> str:
    return os.path.relpath(path, base).replace(os.sep, "/")


def _real(entry: os.DirEntry[str], real_directory: str) -> str:
    """The real path of a file ``entry`` of the directory whose real path is given: a
    symbolic link is resolved, anything else is where its directory really is."""
    try:
        linked = entry.is_symlink()
    except OSError:
        linked = True
    return os.path.realpath(entry.path) if linked else os.path.join(real_directory, entry.name)


def _missing(path: str, lang: str) -> UsageError:
    return UsageError(
        localize(
            {"zh": f"{path}：文件或目录不存在", "en": f"{path}: no such file or directory"}, lang
        )
    )
