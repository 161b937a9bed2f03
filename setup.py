"""Builds speechlint's compiled modules; everything else about the package is in pyproject.toml.

Two kinds, both optional -- without a C compiler (or with ``SPEECHLINT_NO_MYPYC=1`` for the
second kind) the package installs all the same, runs the same Python code and finds the same
problems, more slowly (docs/performance.md):

- the hand-written C modules ``speechlint._speedups`` (sentence splitting, character scans) and
  ``speechlint.plugins.wording._near_miss_c`` (W501's candidate search);
- the hot Python modules (:data:`COMPILED`: the outline, the parser, the busiest rules)
  compiled by mypyc, mypy's compiler of type-annotated Python to C extensions (as black and
  mypy itself ship): measured, a quarter less time per speech.  Their ``.py`` files are
  installed too; a module that is compiled loads from its extension.

An editable (development) install compiles no Python module: its extension would shadow the
source being edited.  It does build the two C modules, which shadow nothing.
"""

from __future__ import annotations

import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
# Where the package's sources live in the checkout (pyproject.toml's package-dir).
SOURCES = {"speechlint": ROOT / "core", "speechlint/plugins": ROOT / "plugins"}

# The modules mypyc compiles, as paths in the installed package: what runs for every document
# (the parser, the outline, the engine, every rule, the text report).  Left out: rules.py
# (RuleContext.for_rule builds contexts without __init__, which a compiled class forbids),
# _schema.py (a named tuple annotated with names imported only for type checkers), the regex
# protocol module wording/_bounded.py (mypyc miscompiles a Protocol method's default), the
# lexicon index's builder (run once per machine; its tests count its builds), the packs'
# __init__ modules (hook registration) and what runs once per process.
COMPILED = (
    "speechlint/_blocks.py",
    "speechlint/_engine.py",
    "speechlint/diagnostics.py",
    "speechlint/document.py",
    "speechlint/formatters/text.py",
    "speechlint/ordinals.py",
    "speechlint/outline.py",
    "speechlint/parse.py",
    "speechlint/sentences.py",
    "speechlint/textscan.py",
    "speechlint/plugins/_index.py",
    "speechlint/plugins/drafting/_prose.py",
    "speechlint/plugins/drafting/duplicate_sentence.py",
    "speechlint/plugins/drafting/placeholder.py",
    "speechlint/plugins/drafting/repeated_word.py",
    "speechlint/plugins/length/long_sentence.py",
    "speechlint/plugins/length/speech_duration.py",
    "speechlint/plugins/numbering/_series.py",
    "speechlint/plugins/numbering/numbering_duplicate.py",
    "speechlint/plugins/numbering/numbering_level_order.py",
    "speechlint/plugins/numbering/numbering_sequence.py",
    "speechlint/plugins/numbering/numbering_style_mixed.py",
    "speechlint/plugins/numbering/ordinal_punctuation.py",
    "speechlint/plugins/punctuation/_pairs.py",
    "speechlint/plugins/punctuation/_text.py",
    "speechlint/plugins/punctuation/cjk_latin_space.py",
    "speechlint/plugins/punctuation/enumeration_punctuation.py",
    "speechlint/plugins/punctuation/halfwidth_punctuation.py",
    "speechlint/plugins/punctuation/quote_style.py",
    "speechlint/plugins/punctuation/repeated_punctuation.py",
    "speechlint/plugins/punctuation/unmatched_pair.py",
    "speechlint/plugins/structure/announced_count.py",
    "speechlint/plugins/structure/form_schema.py",
    "speechlint/plugins/structure/misplaced_element.py",
    "speechlint/plugins/structure/salutation_punctuation.py",
    "speechlint/plugins/structure/title_punctuation.py",
    "speechlint/plugins/topic/_topics.py",
    "speechlint/plugins/topic/topic_sentence_length.py",
    "speechlint/plugins/topic/topic_sentence_unterminated.py",
    "speechlint/plugins/wording/_automaton.py",
    "speechlint/plugins/wording/_scan.py",
    "speechlint/plugins/wording/_word_model.py",
    "speechlint/plugins/wording/dictionary.py",
    "speechlint/plugins/wording/discouraged_expression.py",
    "speechlint/plugins/wording/misspelled_phrase.py",
    "speechlint/plugins/wording/near_miss.py",
    "speechlint/plugins/wording/noncanonical_term.py",
    "speechlint/plugins/wording/pattern.py",
    "speechlint/plugins/wording/unquoted_term.py",
)

# The hand-written C modules: a failed build is a warning (Extension.optional).
C_MODULES = [
    Extension("speechlint._speedups", ["core/_speedups.c"], optional=True),
    Extension(
        "speechlint.plugins.wording._near_miss_c",
        ["plugins/wording/_near_miss_c.c"],
        optional=True,
    ),
]

# What mypy needs to know to compile: third-party packages are not installed where the package
# is built (pip's isolated build environment), so their types are taken as Any.
MYPY_CONFIG = "[mypy]\nignore_missing_imports = True\n"


class BuildExt(build_ext):
    """build_ext that adds the mypyc-compiled modules, and leaves them all out if any fails."""

    def finalize_options(self) -> None:
        # Added before setuptools finalizes the list: it prepares each extension it holds.
        self.set_undefined_options("build", ("build_temp", "build_temp"))
        self.mypyc_extensions = self._mypyc_extensions()
        modules = self.distribution.ext_modules or []
        self.distribution.ext_modules = [*modules, *self.mypyc_extensions]
        super().finalize_options()

    def _mypyc_extensions(self) -> list[Extension]:
        if os.environ.get("SPEECHLINT_NO_MYPYC"):
            return []
        commands = set(self.distribution.commands)
        if not commands & {"bdist_wheel", "build", "build_ext", "install"}:
            return []  # metadata, an sdist: nothing is compiled
        if commands & {"editable_wheel", "develop"} or self.inplace:
            return []  # a compiled module would shadow the source being edited
        try:
            from mypyc.build import mypycify
        except ImportError:
            _warn("mypyc is not installed: the Python modules are not compiled")
            return []
        staging = Path(self.build_temp).resolve() / "mypyc-src"
        _stage(staging)
        config = staging / "mypy.ini"
        config.write_text(MYPY_CONFIG, encoding="utf-8")
        paths = [str(staging / module) for module in COMPILED]
        try:
            extensions: list[Extension] = mypycify(
                [*paths, "--config-file", str(config)],
                opt_level="3",
                multi_file=True,
                target_dir=str(Path(self.build_temp).resolve() / "mypyc"),
            )
        except (Exception, SystemExit) as error:  # mypyc reports a type error by exiting
            _warn(f"mypyc could not compile the Python modules ({error!r}): not compiled")
            return []
        return extensions

    def build_extensions(self) -> None:
        compiled = set(map(id, self.mypyc_extensions))
        for extension in self.extensions:
            if id(extension) not in compiled:
                with self._filter_build_errors(extension):
                    self.build_extension(extension)
        if not self.mypyc_extensions:
            # An earlier build's compiled modules left in build/ would go into this wheel.
            _remove_compiled(Path(self.build_lib))
            return
        # The shared library first (the others are stubs that load it): if any fails, none
        # is installed, and the Python modules run as they are.
        ordered = sorted(self.mypyc_extensions, key=lambda ext: not ext.name.endswith("__mypyc"))
        original = self.compiler.compile
        self.compiler.compile = _parallel(original)
        try:
            for extension in ordered:
                self.build_extension(extension)
        except Exception as error:  # a missing compiler, a compiler error
            _remove_compiled(Path(self.build_lib))  # (what was built before the failure)
            self.extensions = [ext for ext in self.extensions if id(ext) not in compiled]
            reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            _warn(f"the mypyc-compiled modules failed to build ({reason}): not compiled")
        finally:
            self.compiler.compile = original


def _remove_compiled(build_lib: Path) -> None:
    """Remove mypyc's extensions from ``build_lib``: the modules' and their shared library."""
    for module in COMPILED:
        stem = build_lib / module.removesuffix(".py")
        for found in stem.parent.glob(f"{stem.name}.*"):
            if found.suffix in (".so", ".pyd"):
                found.unlink()
    for found in build_lib.glob("*__mypyc.*"):
        found.unlink()


def _stage(staging: Path) -> None:
    """The package's Python sources under ``staging`` as installed (core/ as speechlint/):
    mypy names a module by its path."""
    shutil.rmtree(staging, ignore_errors=True)
    for target, source in SOURCES.items():
        for path in source.rglob("*.py*"):
            if path.suffix in (".py", ".pyi") and "__pycache__" not in path.parts:
                destination = staging / target / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)


def _parallel(compile_: Any) -> Any:
    """The compiler's ``compile``, running a gcc per source file on every processor: mypyc's
    C comes in many files, which distutils compiles one after the other."""

    def compile_all(sources: list[str], *args: Any, **kwargs: Any) -> list[str]:
        if len(sources) < 2:
            return list(compile_(sources, *args, **kwargs))
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            objects = pool.map(lambda source: compile_([source], *args, **kwargs), sources)
            return [obj for found in objects for obj in found]

    return compile_all


def _warn(message: str) -> None:
    print(f"speechlint setup: {message}", file=sys.stderr)


setup(ext_modules=C_MODULES, cmdclass={"build_ext": BuildExt})
