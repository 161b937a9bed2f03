"""The form schema check: S101–S108, and the codes of an organisation's own form schema.

The outline JSON (DESIGN §2) is validated against the document's form schema
(``meeting-speech`` unless front matter, configuration or ``--form`` say otherwise).  Each
failure carries the code, severity and message of its schema's ``x-code`` / ``x-severity`` /
``x-message`` annotations, and is reported where the element is -- or, for a missing one, where
it belongs: a missing salutation at the start of the body, where 同志们： goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from speechlint import _schema
from speechlint.diagnostics import Severity
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation
from speechlint.settings import Settings

__all__ = ["FORMS", "RULES", "builtin_forms"]

# The forms shipped in speechlint.schemas, by name (DESIGN §1).
FORMS = ("meeting-speech", "speech", "opening-address", "pledge")
# Rule name and severity of codes an organisation's schema defines without x-name / x-severity.
DEFAULT_NAME = "form-schema"
DEFAULT_SEVERITY: Severity = "warning"

_TITLE = "在全市安全生产工作会议上的讲话\n"
_SALUTATION = "同志们：\n"
_CONTEXT = "今天，我们召开全市安全生产工作会议，部署下半年工作。"
_RECAP = "刚才，王明同志通报了上半年情况，我都同意。"
_TRANSITION = "下面，我讲两点意见。"
_FIRST = "第一，要压实安全责任。各级各部门要严格落实安全生产责任制。\n"
_SECOND = "第二，要抓好隐患整治。要聚焦重点行业开展排查整治。\n"
_CLOSING = "同志们，让我们扎实工作，为全市高质量发展提供坚强保障！\n"
# A complete meeting speech: every form requirement met.  Each rule's "bad" example breaks one.
GOOD = _TITLE + _SALUTATION + _CONTEXT + _RECAP + _TRANSITION + "\n" + _FIRST + _SECOND + _CLOSING


def _without(part: str) -> str:
    return GOOD.replace(part, "", 1)


MISSING_TITLE = RuleMeta(
    code="S101",
    name="missing-title",
    summary={"zh": "缺少标题", "en": "no title"},
    severity="warning",
    tags=("structure", "form"),
    doc=RuleDoc(
        why={
            "zh": "标题写明讲话的场合和性质（“在……会议上的讲话”），便于归档、印发和检索。",
            "en": "The title names the occasion (在……会议上的讲话) so that the speech can be "
            "filed, printed and found.",
        },
        bad=_without(_TITLE),
        good=GOOD,
    ),
)
MISSING_SALUTATION = RuleMeta(
    code="S102",
    name="missing-salutation",
    summary={"zh": "正文前缺少称谓", "en": "no salutation before the body"},
    severity="error",
    tags=("structure", "form"),
    doc=RuleDoc(
        why={
            "zh": "讲话要先称呼听众，称谓单独成段并以全角冒号结尾，如“同志们：”。",
            "en": "A speech first addresses its audience, in a paragraph of its own ending in a "
            "full-width colon, such as 同志们：.",
        },
        bad=_without(_SALUTATION),
        good=GOOD,
    ),
)
MISSING_CONTEXT = RuleMeta(
    code="S103",
    name="missing-context",
    summary={"zh": "开头没有交代背景", "en": "the opening gives no context"},
    severity="error",
    tags=("structure", "form"),
    doc=RuleDoc(
        why={
            "zh": "开头要交代会议的背景和任务（今天，我们召开……），听众才知道为什么讲、讲什么。",
            "en": "The opening says why the meeting is held and what it is for (今天，我们召开……), "
            "so the audience knows what the points serve.",
        },
        bad=_without(_CONTEXT),
        good=GOOD,
    ),
)
MISSING_RECAP = RuleMeta(
    code="S104",
    name="missing-recap",
    summary={"zh": "缺少“刚才……”回顾", "en": "no 刚才… recap"},
    severity="warning",
    tags=("structure", "form"),
    doc=RuleDoc(
        why={
            "zh": "会议讲话通常在最后发言，先用“刚才……”回应前面的汇报和发言，再讲意见。"
            "一般讲话（form: speech）不要求。",
            "en": "A leader usually speaks last and first responds to the earlier reports with a "
            "刚才… sentence. The general form (form: speech) does not require it.",
        },
        bad=_without(_RECAP),
        good=GOOD,
    ),
)
MISSING_TRANSITION = RuleMeta(
    code="S105",
    name="missing-transition",
    summary={"zh": "第一个要点前缺少过渡句", "en": "no transition before the first point"},
    severity="warning",
    tags=("structure", "form"),
    doc=RuleDoc(
        why={
            "zh": "“下面，我讲几点意见”把开头和要点连起来，提示听众正文开始。",
            "en": "下面，我讲几点意见 links the opening to the points and tells the audience "
            "that the body begins.",
        },
        bad=_without(_TRANSITION),
        good=GOOD,
    ),
)
POINT_COUNT = RuleMeta(
    code="S106",
    name="point-count",
    summary={"zh": "要点数量不符合形式要求", "en": "fewer or more points than the form allows"},
    severity="warning",
    tags=("structure", "form"),
    doc=RuleDoc(
        why={
            "zh": "会议讲话至少分两点论述；只有一点时，应当合并进开头或拆分论述。",
            "en": "A meeting speech makes at least two numbered points; a single point belongs "
            "in the opening or should be split.",
        },
        bad=_without(_SECOND).replace("两点", "一点"),
        good=GOOD,
    ),
)
MISSING_TOPIC_SENTENCE = RuleMeta(
    code="S107",
    name="missing-topic-sentence",
    summary={"zh": "要点缺少主题句", "en": "a point has no topic sentence"},
    severity="error",
    tags=("structure", "form"),
    doc=RuleDoc(
        why={
            "zh": "每个要点（包括“一是”等分点）序号后先用一句话概括本点，听众才跟得上层次。",
            "en": "Every point (sub-points like 一是 too) opens with a sentence that sums it up, "
            "so that listeners can follow the structure.",
        },
        bad=GOOD.replace("各级各部门要严格落实安全生产责任制。", "一是；二是加强监管。"),
        good=GOOD.replace("各级各部门要严格落实安全生产责任制。", "一是压实责任；二是加强监管。"),
    ),
)
MISSING_CALL_TO_ACTION = RuleMeta(
    code="S108",
    name="missing-call-to-action",
    summary={"zh": "结尾缺少号召", "en": "the closing has no call to action"},
    severity="warning",
    tags=("structure", "form"),
    doc=RuleDoc(
        why={
            "zh": "讲话以号召或要求收尾（同志们，让我们……），把意见落到行动上；"
            "开幕词以祝愿收尾（预祝……圆满成功！）。",
            "en": "A speech ends by calling for action (同志们，让我们……); an opening address "
            "ends with wishes (预祝……圆满成功！).",
        },
        bad=GOOD.replace(_CLOSING, "以上就是今天会议的全部内容。\n"),
        good=GOOD,
    ),
)
METAS = (
    MISSING_TITLE,
    MISSING_SALUTATION,
    MISSING_CONTEXT,
    MISSING_RECAP,
    MISSING_TRANSITION,
    POINT_COUNT,
    MISSING_TOPIC_SENTENCE,
    MISSING_CALL_TO_ACTION,
)
_BY_CODE = {meta.code: meta for meta in METAS}


def builtin_forms() -> dict[str, Path]:
    """The built-in forms: name → path of the schema inside the installed package."""
    return {name: _schema.builtin_schema_path(f"{name}.schema.json") for name in FORMS}


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Validate the outline against the form schema; one violation per distinct failure."""
    form = _schema.form_for(ctx)
    settings = ctx.settings if isinstance(ctx.settings, Settings) else Settings()
    path = ctx.document.path
    if not form.reports_any(lambda code: settings.is_enabled(code, path)):
        return
    # Valid with placeholder spans means valid: a form that does not read the spans' values
    # sees the same outline either way.  Only a failure needs the real positions.
    is_valid = form.is_valid
    shape = None if form.reads_spans else _schema.outline_json(ctx, positions=False)
    if is_valid is not None and shape is not None and is_valid(shape):
        return
    failures = form.failures(_schema.outline_json(ctx))
    locator = _schema.Locator(ctx.outline, ctx.parsed)
    seen: set[tuple[str, int, int]] = set()
    for failure in failures:
        start, end = locator.locate(failure.path)
        if (failure.code, start, end) in seen:
            continue  # e.g. two requirements on one missing element
        seen.add((failure.code, start, end))
        yield _violation(failure, start, end)


def _violation(failure: _schema.Failure, start: int, end: int) -> Violation:
    meta = _BY_CODE.get(failure.code)
    return Violation(
        start,
        end,
        failure.message,
        code=failure.code,
        severity=failure.severity or (meta.severity if meta else DEFAULT_SEVERITY),
        rule=failure.name or (meta.name if meta else DEFAULT_NAME),
    )


RULES = [Rule(MISSING_TITLE, check, also=METAS[1:], dynamic=True)]
