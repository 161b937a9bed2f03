"""``check --fix`` end to end: each fix applied exactly, nothing else touched, idempotent."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechlint._cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "docs" / "examples" / "01-paragraph-ordinal.txt").read_text("utf-8")

# A short clean speech; each case below plants one error into it.
CLEAN = (
    "在全市工作会议上的讲话\n\n"
    "同志们：\n"
    "今天，我们召开全市工作会议，主要任务是部署下半年工作。刚才，王明同志通报了上半年工作情况，"
    "讲得很好，我都同意。下面，我讲几点意见。\n"
    "第一，要提高政治站位。各级要完善工作机制。\n"
    "第二，要压实工作责任。各单位要抓好落实。\n"
    "同志们，让我们再接再厉，为全市发展提供坚强保障。\n"
)
CASES = [
    ("会议，主要任务", "会议,主要任务"),  # P401
    ("第二，要压实", "第二、要压实"),  # N204
    ("完善工作机制。", "完善工作机制."),  # P401 at the end of a sentence
    ("再接再厉", "再接再励"),  # W501
    ("抓好落实。", "按部就班地抓好落实。"),  # context for the next pairs
]
PAIRS = [("再接再厉", "再接再励"), ("按部就班", "按步就班"), ("一筹莫展", "一愁莫展"),
         ("迫不及待", "迫不急待"), ("主体责任", "主题责任")]  # fmt: skip


def _run(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        status = main(argv)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("right", "wrong"), CASES[:4])
def test_each_fix_changes_only_its_line(tmp_path: Path, right: str, wrong: str) -> None:
    broken = CLEAN.replace(right, wrong, 1)
    path = tmp_path / "speech.txt"
    path.write_text(broken, encoding="utf-8")
    _run(["check", "--fix", "--unsafe-fixes", "--isolated", str(path)])
    assert path.read_text("utf-8") == CLEAN
    second = path.read_bytes()
    _run(["check", "--fix", "--unsafe-fixes", "--isolated", str(path)])
    assert path.read_bytes() == second


@pytest.mark.parametrize(("right", "wrong"), PAIRS)
def test_curated_misspellings_are_fixed(tmp_path: Path, right: str, wrong: str) -> None:
    clean = CLEAN.replace("抓好落实。", f"抓好落实，做到{right}。", 1)
    path = tmp_path / "speech.md"
    path.write_text(clean.replace(right, wrong, 1), encoding="utf-8")
    _status, _out, err = _run(["check", "--fix", "--isolated", str(path)])
    assert path.read_text("utf-8") == clean, err


def test_crlf_and_bom_survive_byte_for_byte(tmp_path: Path) -> None:
    clean = ("\ufeff" + CLEAN.replace("\n", "\r\n")).encode("utf-8")
    broken = clean.replace("会议，主要".encode(), "会议,主要".encode())
    path = tmp_path / "speech.txt"
    path.write_bytes(broken)
    _run(["check", "--fix", "--isolated", str(path)])
    assert path.read_bytes() == clean


def test_gb18030_stays_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_bytes(CLEAN.replace("再接再厉", "再接再励").encode("gb18030"))
    _run(["check", "--fix", "--isolated", str(path)])
    assert path.read_bytes() == CLEAN.encode("gb18030")


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    broken = CLEAN.replace("再接再厉", "再接再励")
    path.write_text(broken, encoding="utf-8")
    status, out, _err = _run(["check", "--diff", "--isolated", str(path)])
    assert status == 1
    assert "-同志们，让我们再接再励" in out and "+同志们，让我们再接再厉" in out
    assert path.read_text("utf-8") == broken


def test_fix_on_stdin_prints_only_the_fixed_text() -> None:
    _status, out, err = _run(
        ["check", "--fix", "--isolated", "-", "--stdin-filename", "speech.txt"],
        stdin=CLEAN.replace("再接再厉", "再接再励"),
    )
    assert out == CLEAN
    assert err == ""


def test_a_file_changed_on_disk_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import speechlint._writeback as writeback

    path = tmp_path / "speech.txt"
    path.write_text(CLEAN.replace("再接再厉", "再接再励"), encoding="utf-8")
    real = writeback.fingerprint

    def edited_meanwhile(data: bytes) -> str:
        path.write_text("别人刚刚保存的内容。", encoding="utf-8")
        return real(data)

    monkeypatch.setattr("speechlint._fixrun.fingerprint", edited_meanwhile)
    status, _out, err = _run(["check", "--fix", "--isolated", str(path)])
    assert status == 2
    assert "changed on disk" in err
    assert path.read_text("utf-8") == "别人刚刚保存的内容。"


# -- property: planting fixable errors into clean text and fixing restores it exactly ---------

_SENTENCE_ENDS = [i + 1 for i, ch in enumerate(EXAMPLE) if ch == "。"]


@st.composite
def _planted(draw: st.DrawFn) -> tuple[str, str]:
    """(clean text with inserted correct sentences, the same with the errors planted)."""
    spots = draw(st.lists(st.sampled_from(_SENTENCE_ENDS), min_size=1, max_size=6, unique=True))
    kinds = draw(st.lists(st.integers(0, 2), min_size=len(spots), max_size=len(spots)))
    right_parts, wrong_parts, previous = [], [], 0
    for spot, kind in sorted(zip(spots, kinds, strict=True)):
        right_parts.append(EXAMPLE[previous:spot])
        wrong_parts.append(EXAMPLE[previous:spot])
        pair = PAIRS[draw(st.integers(0, len(PAIRS) - 1))]
        if kind == 0:  # a misspelled fixed phrase in an inserted sentence
            right_parts.append(f"大家要{pair[0]}。")
            wrong_parts.append(f"大家要{pair[1]}。")
        elif kind == 1:  # a half-width comma between Chinese clauses
            right_parts.append("各单位要加强协调，形成合力。")
            wrong_parts.append("各单位要加强协调,形成合力。")
        else:  # a doubled full stop
            right_parts.append("要抓好落实。")
            wrong_parts.append("要抓好落实。。")
        previous = spot
    right_parts.append(EXAMPLE[previous:])
    wrong_parts.append(EXAMPLE[previous:])
    return "".join(right_parts), "".join(wrong_parts)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(_planted())
def test_fixing_restores_exactly_and_is_idempotent(tmp_path: Path, texts: tuple[str, str]) -> None:
    right, wrong = texts
    path = tmp_path / "speech.txt"
    path.write_text(wrong, encoding="utf-8")
    _run(["check", "--fix", "--unsafe-fixes", "--isolated", str(path)])
    assert path.read_text("utf-8") == right
    _run(["check", "--fix", "--unsafe-fixes", "--isolated", str(path)])
    assert path.read_text("utf-8") == right
