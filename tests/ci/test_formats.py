"""CI formats: SARIF against the official schema, GitHub workflow commands, JUnit XML."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from speechlint.formatters import FORMATS
from speechlint.formatters.github import escape_data, escape_property

# The OASIS SARIF 2.1.0 schema (its $id names the upstream file), kept here so that the test
# also runs in a fresh clone; never fetched from the network.
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
# W501 on line 2 (港移默化, with a safe fix), P401 on line 2 (the half-width comma).
SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶,提高认识。\n"
# 𠮷 lies outside the BMP: one code point, two UTF-16 code units.
ASTRAL = "同志们：\n𠮷港移默化。\n"


@pytest.fixture(scope="module")
def sarif_validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft7Validator(schema)


def _sarif(cli, *paths: str) -> dict:
    status, out, _ = cli(*paths, "--format", "sarif", "--isolated")
    assert status == 1
    return json.loads(out)


def _results(log: dict, code: str) -> list[dict]:
    return [result for result in log["runs"][0]["results"] if result["ruleId"] == code]


# -- SARIF ----------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(cli, write, sarif_validator):
    write("讲话/a.md", SPEECH)
    write("b.md", ASTRAL)
    log = _sarif(cli, ".")
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, errors[0].message
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    log["runs"][0]["results"][0]["level"] = "fatal"  # the validator does reject a bad log
    assert list(sarif_validator.iter_errors(log))


def test_sarif_rule_metadata_help_and_help_uri(cli, write, registry):
    write("a.md", SPEECH)
    driver = _sarif(cli, "a.md")["runs"][0]["tool"]["driver"]
    assert driver["name"] == "speechlint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == set(registry.metas)
    w501 = rules["W501"]
    assert w501["name"] == "misspelled-phrase"
    assert w501["helpUri"] == "https://speechlint.readthedocs.io/zh/latest/rules/W501/"
    assert w501["defaultConfiguration"]["level"] == "error"
    assert w501["help"]["text"].startswith("W501 misspelled-phrase\n")
    meta = registry.metas["W501"]
    assert meta.doc is not None
    assert "### 为什么" in w501["help"]["markdown"]
    assert f"```text\n{meta.doc.bad}\n```" in w501["help"]["markdown"]
    assert w501["shortDescription"]["text"]


def test_sarif_result_location_snippet_fix_and_rule_index(cli, write):
    write("a.md", SPEECH)
    log = _sarif(cli, "a.md")
    run = log["runs"][0]
    (result,) = _results(log, "W501")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "W501"
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "a.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {
        "startLine": 2,
        "startColumn": 8,
        "endLine": 2,
        "endColumn": 12,
        "snippet": {"text": "港移默化"},
    }
    (fix,) = result["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"] == {"text": "潜移默化"}
    assert replacement["deletedRegion"]["startColumn"] == 8
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"


def test_sarif_columns_are_utf16_code_units(cli, write):
    write("a.md", ASTRAL)
    log = _sarif(cli, "a.md")
    assert log["runs"][0]["columnKind"] == "utf16CodeUnits"
    region = _results(log, "W501")[0]["locations"][0]["physicalLocation"]["region"]
    # 港 is the second code point (column 2 in the JSON format) but the third UTF-16 unit.
    assert (region["startColumn"], region["endColumn"]) == (3, 7)
    _, out, _ = cli("a.md", "--format", "json", "--isolated")
    finding = next(item for item in json.loads(out) if item["code"] == "W501")
    assert (finding["column"], finding["end_column"]) == (2, 6)


def test_sarif_uri_is_percent_encoded_and_english_docs_follow_lang(cli, write):
    write("讲话 稿/a.md", SPEECH)
    _, out, _ = cli(".", "--format", "sarif", "--isolated", "--lang", "en")
    log = json.loads(out)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "%E8%AE%B2%E8%AF%9D%20%E7%A8%BF/a.md"
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["W501"]["helpUri"] == "https://speechlint.readthedocs.io/en/latest/rules/W501/"


def test_sarif_fingerprints_survive_shifted_lines(cli, write):
    write("a.md", SPEECH)
    before = _results(_sarif(cli, "a.md"), "W501")[0]["partialFingerprints"]
    write("a.md", "同志们：\n今天开会。\n\n" + SPEECH.split("\n", 1)[1])
    after = _results(_sarif(cli, "a.md"), "W501")[0]
    assert after["partialFingerprints"] == before
    assert after["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_sarif_without_findings_is_valid(cli, write, sarif_validator):
    write("a.md", "")
    status, out, _ = cli("a.md", "--format", "sarif", "--isolated", "--select", "W501")
    assert status == 0
    log = json.loads(out)
    assert log["runs"][0]["results"] == []
    assert not list(sarif_validator.iter_errors(log))


# -- GitHub ---------------------------------------------------------------------------------

_COMMAND = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")


def _commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in out.splitlines():
        match = _COMMAND.fullmatch(line)
        assert match, line
        properties = dict(item.split("=", 1) for item in match[2].split(","))
        parsed.append((match[1], properties, match[3]))
    return parsed


def test_github_workflow_commands(cli, write):
    write("docs/a.md", SPEECH)
    status, out, _ = cli("docs", "--format", "github", "--isolated")
    assert status == 1
    commands = _commands(out)
    w501 = next(c for c in commands if c[1]["title"] == "W501")
    assert w501 == (
        "error",
        {"file": "docs/a.md", "line": "2", "col": "8", "endLine": "2", "endColumn": "12",
         "title": "W501"},
        "“港移默化”应为“潜移默化”",
    )  # fmt: skip
    assert {c[0] for c in commands} <= {"error", "warning", "notice"}


def test_github_info_becomes_notice(cli, write):
    write("a.md", SPEECH)
    write("speechlint.toml", 'select = ["W501"]\n[severity]\nW501 = "info"\n')
    _, out, _ = cli("a.md", "--format", "github")
    assert out.startswith("::notice file=a.md,line=2,")


def test_github_escaping():
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_escapes_commas_and_colons_in_paths(cli, write):
    write("a,b:c.md", SPEECH)
    _, out, _ = cli("a,b:c.md", "--format", "github", "--isolated", "--select", "W501")
    assert out.startswith("::error file=a%2Cb%3Ac.md,line=2,col=8,")


# -- JUnit ----------------------------------------------------------------------------------


def test_junit_one_testcase_per_file_with_one_failure_holding_all_findings(cli, write):
    write("b.md", SPEECH)
    write("clean.md", "")
    status, out, _ = cli(".", "--format", "junit", "--isolated", "--select", "W501,P401")
    assert status == 1
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"b.md", "clean.md"}
    assert cases["clean.md"].find("failure") is None
    (failure,) = cases["b.md"].findall("failure")
    assert cases["b.md"].get("classname") == "b.md"
    assert failure.get("message") == "2 个问题: P401, W501"
    assert failure.text.splitlines() == [
        "b.md:2:8: W501 “港移默化”应为“潜移默化”",
        "b.md:2:16: P401 中文语境中应使用全角逗号“，”",
    ]


def test_junit_drops_characters_xml_cannot_hold(cli, write):
    write("a\x01.md", SPEECH)
    _, out, _ = cli(".", "--format", "junit", "--isolated", "--select", "W501")
    case = ET.fromstring(out.encode("utf-8")).find("testsuite/testcase")
    assert case is not None
    assert case.get("name") == "a\ufffd.md"


# -- all formats ----------------------------------------------------------------------------


def test_format_choices_match_the_formatter_table(cli):
    from speechlint._cli import _CHECK_OPTIONS

    keywords = next(kw for flags, kw, _, _ in _CHECK_OPTIONS if flags == ("--format",))
    assert set(keywords["choices"]) == set(FORMATS)


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_statistics_in_every_format(cli, write, fmt):
    write("a.md", SPEECH + SPEECH)
    status, out, _ = cli("a.md", "--format", fmt, "--isolated", "--select", "W501", "--statistics")
    assert status == 1
    assert "W501" in out
    assert "2" in out


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_output_file(cli, write, fmt):
    write("a.md", SPEECH)
    status, out, _ = cli("a.md", "--format", fmt, "--isolated", "--output-file", f"report.{fmt}")
    assert (status, out) == (1, "")
    assert "W501" in Path(f"report.{fmt}").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        # SARIF's help text is `speechlint explain`, which measures with the text format's widths.
        ("sarif", "speechlint.formatters,speechlint.formatters.sarif,speechlint.formatters.text"),
        ("github", "speechlint.formatters,speechlint.formatters.github"),
        ("junit", "speechlint.formatters,speechlint.formatters.junit"),
    ],
)
def test_each_ci_format_imports_only_its_formatter(write, fmt, expected):
    write("a.md", "")
    probe = (
        "import sys\n"
        "from speechlint._cli import main\n"
        f"main(['check', '--format', {fmt!r}, '--isolated', '--no-cache', 'a.md'])\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('speechlint.formatters'))),"
        " file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == expected
