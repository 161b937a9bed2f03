"""The package list in pyproject.toml is honest, and nothing shadows the mapped packages.

core/ installs as ``speechlint``, plugins/ as ``speechlint.plugins`` and schemas/ as
``speechlint.schemas`` (STYLE.md, Layout).  A package missing from ``packages`` still imports in
an editable install but is absent from the wheel, so this test compares the list with the
directories that hold an ``__init__.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# Directory → package name, as [tool.setuptools.package-dir] maps them.
MAPPED = {"core": "speechlint", "plugins": "speechlint.plugins", "schemas": "speechlint.schemas"}


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _packages_on_disk() -> set[str]:
    found = set()
    for directory, package in MAPPED.items():
        base = ROOT / directory
        for init in base.rglob("__init__.py"):
            parts = init.parent.relative_to(base).parts
            if "__pycache__" in parts:
                continue
            found.add(".".join((package, *parts)))
    return found


def test_package_dir_maps_the_three_top_level_directories() -> None:
    package_dir = _pyproject()["tool"]["setuptools"]["package-dir"]
    assert package_dir == {package: directory for directory, package in MAPPED.items()}


def test_packages_list_every_directory_with_an_init_file() -> None:
    listed = _pyproject()["tool"]["setuptools"]["packages"]
    assert len(listed) == len(set(listed)), "a package is listed twice"
    on_disk = _packages_on_disk()
    assert sorted(on_disk - set(listed)) == [], "directories missing from [tool.setuptools]"
    assert sorted(set(listed) - on_disk) == [], "listed packages without an __init__.py"


def test_every_python_module_is_inside_a_listed_package() -> None:
    # A module in a directory without __init__.py would silently miss the wheel.
    for directory in MAPPED:
        for module in (ROOT / directory).rglob("*.py"):
            if "__pycache__" in module.parts:
                continue
            assert (module.parent / "__init__.py").is_file(), module.relative_to(ROOT)


def test_package_data_globs_match_files() -> None:
    # A glob that matches nothing ships nothing: the lexicon or a schema would be missing.
    config = _pyproject()["tool"]["setuptools"]
    directories = config["package-dir"]
    for package, globs in config["package-data"].items():
        root_name = next(name for name in sorted(directories, key=len, reverse=True)
                         if package == name or package.startswith(name + "."))  # fmt: skip
        directory = (
            ROOT / directories[root_name] / package[len(root_name) :].strip(".").replace(".", "/")
        )
        for pattern in globs:
            assert list(directory.glob(pattern)), f"{package}: {pattern} matches no file"
    assert (ROOT / "core" / "data" / "lexicon.json").is_file()


def test_nothing_shadows_the_mapped_packages() -> None:
    for shadow in ("plugins.py", "plugins", "schemas.py", "schemas"):
        assert not (ROOT / "core" / shadow).exists(), f"core/{shadow} shadows speechlint.{shadow}"


def test_tests_are_not_a_package_and_there_is_no_root_conftest() -> None:
    # pytest runs with --import-mode=importlib so that the checkout's core/ never lands on
    # sys.path; a tests/__init__.py or a root conftest.py would undo that.
    assert not (ROOT / "tests" / "__init__.py").exists()
    assert not (ROOT / "conftest.py").exists()
    options = _pyproject()["tool"]["pytest"]["ini_options"]
    assert "--import-mode=importlib" in options["addopts"]


def test_readme_named_in_the_project_metadata_exists() -> None:
    project = _pyproject()["project"]
    assert (ROOT / project["readme"]).is_file()
    assert project["scripts"]["speechlint"] == "speechlint._cli:run"


# -- README quick start and the CI script ----------------------------------------------------

QUICK_START = [
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/speechlint check docs/examples/",
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' "
    "--config-settings editable_mode=strict && .venv/bin/pytest",
]


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else len(markdown)]


def _code_blocks(markdown: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        if line.startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append(current)
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_readme_quick_start_is_exactly_two_one_line_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("## 简介") < readme.index("## English")  # Chinese first
    blocks = _code_blocks(_section(readme, "快速开始 / Quick start"))
    assert blocks == [[command] for command in QUICK_START]


def test_ci_script_runs_the_checks_and_the_readme_test_command() -> None:
    script = ROOT / ".ci" / "run"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    for command in (
        "-e '.[test]' --config-settings editable_mode=strict",
        "ruff check core plugins tests",
        "ruff format --check core plugins tests",
        "mypy -p speechlint",
        "/bin/pytest",
        "speechlint outline docs/examples/01-paragraph-ordinal.txt",
        "speechlint check docs/examples/",
    ):
        assert command in text, command


def _compiled_modules() -> list[str]:
    """setup.py's COMPILED (read, not run: running setup.py builds the package)."""
    import ast

    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            return list(ast.literal_eval(node.value))
    raise AssertionError("setup.py has no COMPILED list")


def test_every_module_mypyc_compiles_is_a_source_file_of_the_package() -> None:
    # Paths as installed (speechlint/...), each found under the directory mapped to it.
    compiled = _compiled_modules()
    assert compiled and len(set(compiled)) == len(compiled)
    for module in compiled:
        assert module.startswith("speechlint/") and module.endswith(".py"), module
        relative = module.removeprefix("speechlint/")
        base = ROOT if relative.startswith("plugins/") else ROOT / "core"
        source = base / relative
        assert source.is_file(), f"{module}: no {source.relative_to(ROOT)}"
        assert (source.parent / "__init__.py").is_file() or source.parent.name == "core"


@pytest.mark.skipif(
    not os.environ.get("SPEECHLINT_EXPECT_COMPILED"),
    reason="only where the installed package must be compiled (.ci/run's second install)",
)
def test_every_compiled_module_loads_from_its_extension() -> None:
    # A build that silently fell back to Python would pass every other test, only slower.
    import importlib

    modules = [path.removesuffix(".py").replace("/", ".") for path in _compiled_modules()]
    files = {name: importlib.import_module(name).__file__ or "" for name in modules}
    python = [name for name, file in files.items() if file.endswith(".py")]
    assert not python, f"not compiled: {', '.join(python)}"
