"""The example organisation plugin (docs/examples/speechlint-example-org), pip-installed.

It is installed into a temporary directory -- never into the shared environment -- without
network access (--no-index, --no-deps, --no-build-isolation), and exercised in subprocesses whose
PYTHONPATH puts that directory first, so that importlib.metadata finds its entry point exactly as
it finds any installed plugin.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "speechlint-example-org"
SPEECH = "同志们：\n今年，本单位要重点抓好三项工作。\n"


def _env(site: Path) -> dict[str, str]:
    paths = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths), PIP_DISABLE_PIP_VERSION_CHECK="1")


def _run(site: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(site),
        cwd=site.parent,  # away from the repository's configuration files
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin, pip-installed into a fresh directory."""
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode:
        pytest.skip("pip is not available in this environment")
    work = tmp_path_factory.mktemp("example-org")
    # Build from a copy: an in-tree build would leave build/ and *.egg-info (with .txt files,
    # which `speechlint check docs/examples/` would lint) under docs/examples.
    source = work / "speechlint-example-org"
    shutil.copytree(
        EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    target = work / "site"
    installed = _run(
        target,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-index",
        "--no-deps",
        "--no-build-isolation",
        "--no-cache-dir",
        "--target",
        str(target),
        str(source),
    )
    assert installed.returncode == 0, installed.stderr
    return target


def test_check_reports_org101_with_its_fix(site: Path) -> None:
    result = _run(
        site, "-m", "speechlint", "check", "--isolated", "--format", "json", "-", stdin=SPEECH
    )
    assert result.returncode == 1, result.stderr
    found = [d for d in json.loads(result.stdout) if d["code"] == "ORG101"]
    assert len(found) == 1, result.stdout
    diagnostic = found[0]
    assert (diagnostic["line"], diagnostic["column"]) == (2, 4)
    assert (diagnostic["end_line"], diagnostic["end_column"]) == (2, 7)
    assert diagnostic["rule"] == "self-designation"
    assert diagnostic["fix"]["applicability"] == "safe"
    assert diagnostic["fix"]["edits"] == [
        {"line": 2, "column": 4, "end_line": 2, "end_column": 7, "text": "我局"}
    ]


def test_fix_rewrites_the_text(site: Path) -> None:
    script = (
        "from speechlint.testing import apply_fixes\n"
        f"print(apply_fixes({SPEECH!r}, select=['ORG101']), end='')\n"
    )
    result = _run(site, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "同志们：\n今年，我局要重点抓好三项工作。\n"


def test_the_plugins_own_cases_pass(site: Path) -> None:
    tests = site.parent / "speechlint-example-org" / "tests"
    options = ("-o", "addopts=--import-mode=importlib", "-p", "no:cacheprovider", "-q")
    result = _run(site, "-m", "pytest", *options, str(tests))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 passed" in result.stdout, result.stdout  # 5 YAML cases and the meta-test


def test_the_example_directory_holds_nothing_speechlint_would_lint() -> None:
    lintable = [p for p in EXAMPLE.rglob("*") if p.suffix in (".md", ".markdown", ".txt")]
    assert not lintable
