"""L701 speech-duration: the speech is longer than the time it is given.

The front matter may say how long the speech may last: ``duration: 25`` (minutes; ``25``,
``25.5``, ``"25"``, ``"25分钟"``, ``"25 min"`` and ``"0.5小时"`` are understood).  The speaking
time is estimated from the number of characters (white space not counted) at the configured
``chars-per-minute`` (default 220 字/分钟, a measured pace for read speeches).  When the estimate
exceeds the duration, the finding sits on the title (on the first paragraph when there is none)
and says how many characters to cut.  A ``duration`` that is not a positive number of minutes is
reported on the front matter line itself, since it would otherwise be silently ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from speechlint.plugins._index import compiled
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="L701",
    name="speech-duration",
    summary={
        "zh": "预计讲话时长超过规定时长",
        "en": "the estimated speaking time exceeds the duration",
    },
    severity="warning",
    doc=RuleDoc(
        why={
            "zh": "会议通常为每位讲话人规定时长。按每分钟约 220 字估算，"
            "超时的讲话稿应在定稿前删减。规定时长写在文首元数据的 duration 中（单位：分钟），"
            "语速可用配置项 chars-per-minute 调整。",
            "en": "Meetings give each speaker a time slot. At about 220 characters a minute, a "
            "manuscript that runs over should be cut before it is final. Put the slot in the "
            "front matter as `duration` (minutes); set the pace with `chars-per-minute`.",
        },
        bad="---\nduration: 0.1\n---\n同志们：今天，我们召开全市安全生产工作会议，"
        "主要任务是总结去年工作，部署今年任务。",
        good="---\nduration: 1\n---\n同志们：今天，我们召开全市安全生产工作会议，"
        "主要任务是总结去年工作，部署今年任务。",
    ),
)

DEFAULT_CHARS_PER_MINUTE = 220.0
_MINUTES = r"(\d+(?:\.\d+)?)\s*(分钟|分|min|mins|minutes|m|小时|h|hours?)?"
_HOURS = ("小时", "h", "hour", "hours")
_DURATION_LINE = r"^duration[ \t]*:[^\r\n]*"


def parse_minutes(value: object) -> float | None:
    """``duration`` in minutes, or None when it is not a positive number of minutes (or hours)."""
    if isinstance(value, bool):
        return None  # YAML `duration: yes` is a bool, and bool is an int in Python
    if isinstance(value, int | float):
        minutes = float(value)
    elif isinstance(value, str):
        # NFKC turns full-width digits (２５分钟) into ASCII ones.
        import unicodedata  # only for a duration written as text: not at every start

        match = compiled(_MINUTES, re.I).fullmatch(unicodedata.normalize("NFKC", value).strip())
        if match is None:
            return None
        minutes = float(match.group(1))
        if (match.group(2) or "").lower() in _HOURS:
            minutes *= 60
    else:
        return None
    return minutes if math.isfinite(minutes) and minutes > 0 else None


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _duration_range(ctx: RuleContext) -> tuple[int, int]:
    front = ctx.parsed.front_matter
    if front is None:
        return 0, 0
    match = compiled(_DURATION_LINE, re.MULTILINE).search(ctx.text, front.start, front.end)
    if match is None:
        return front.start, front.end
    return match.start(), match.start() + len(match.group().rstrip())


def _anchor(ctx: RuleContext) -> tuple[int, int]:
    """The title, or the start of the first paragraph: where a whole-speech finding sits."""
    title = ctx.outline.title
    if title is not None:
        return title.start, title.end
    start = ctx.units[0].start if ctx.units else 0
    return start, start


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Compare the estimated speaking time with the front matter's ``duration``."""
    if "duration" not in ctx.outline.meta:
        return
    raw = ctx.outline.meta["duration"]
    limit = parse_minutes(raw)
    if limit is None:
        start, end = _duration_range(ctx)
        yield Violation(
            start,
            end,
            {
                "zh": f"无法识别的 duration：{raw!r}，应为分钟数，如 duration: 25",
                "en": f"duration {raw!r} is not understood: give minutes, e.g. duration: 25",
            },
        )
        return
    pace = float(getattr(ctx.settings, "chars_per_minute", DEFAULT_CHARS_PER_MINUTE) or 0)
    chars = ctx.outline.chars
    if pace <= 0 or chars <= limit * pace:
        return
    minutes = chars / pace
    cut = math.ceil(chars - limit * pace)
    start, end = _anchor(ctx)
    yield Violation(
        start,
        end,
        {
            "zh": f"预计时长约 {minutes:.1f} 分钟，超过规定的 {_number(limit)} 分钟"
            f"（按每分钟 {_number(pace)} 字计），需删减约 {cut} 字",
            "en": f"estimated speaking time about {minutes:.1f} minutes exceeds the "
            f"{_number(limit)} minutes allowed (at {_number(pace)} characters a minute): "
            f"cut about {cut} characters",
        },
    )


RULE = Rule(META, check)
