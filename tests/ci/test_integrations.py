"""The pre-commit hook and the CI recipes in docs/ci.md stay in step with the command line."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from speechlint._cli import _parser

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def _yaml_blocks() -> list[object]:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
    return [yaml.safe_load(block) for block in blocks]


def _commands() -> list[str]:
    found = re.findall(r"(?:run: |- |^)(speechlint check[^\n#]*)", DOC, flags=re.M)
    return [command.strip() for command in found]


def test_pre_commit_hook():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "speechlint"
    assert hook["language"] == "python"
    assert set(hook["types_or"]) == {"markdown", "plain-text"}
    argv = shlex.split(hook["entry"])
    assert argv[:2] == ["speechlint", "check"]
    args = _parser().parse_args([*argv[1:], "a.md", "b.txt"])
    assert args.force_exclude
    assert args.paths == ["a.md", "b.txt"]


def test_every_yaml_recipe_parses_and_the_workflow_uploads_sarif():
    blocks = _yaml_blocks()
    assert len(blocks) >= 3
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    job = workflow["jobs"]["speechlint"]
    assert job["permissions"]["security-events"] == "write"
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(use.startswith("github/codeql-action/upload-sarif@") for use in uses)
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "--format sarif" in runs
    assert "--format github" in runs


@pytest.mark.parametrize("command", _commands())
def test_documented_commands_parse(command):
    argv = shlex.split(command)
    assert argv[0] == "speechlint"
    _parser().parse_args(argv[1:])  # argparse exits on an unknown option or a bad value


def test_documented_commands_were_found():
    assert len(_commands()) >= 6
