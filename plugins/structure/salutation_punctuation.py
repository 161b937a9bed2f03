"""S110 salutation-punctuation: the 称谓 must end with a full-width colon ：.

同志们， / 同志们: / 同志们。 / 同志们 → 同志们：.  By default 同志们！ is reported too: the
standard calls for a colon, and the exclamation mark survives only in older reports (the 1978
and 1988 government work reports open with 各位代表！); set ``allow-exclamation = true`` to
accept it.  The safe fix replaces the final mark with ： (or adds ： when there is none).  A
standalone 各位代表！ before the closing is a closing opener, not the salutation, and is not
checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation, replace

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="S110",
    name="salutation-punctuation",
    summary={"zh": "称谓后应使用全角冒号“：”", "en": "the salutation must end with “：”"},
    severity="warning",
    fix="safe",
    options={
        "allow-exclamation": {
            "type": "boolean",
            "default": False,
            "description": "接受以叹号结尾的称谓（同志们！） / accept a salutation ending in ！",
        }
    },
    doc=RuleDoc(
        why={
            "zh": "GB/T 15834-2011：冒号用于书信、讲话稿中称谓语或称呼语之后（“同志们：”）。"
            "常见错误是写成逗号，或误用半角冒号。",
            "en": "GB/T 15834-2011: a colon follows the salutation of a letter or a speech "
            "(同志们：). Writing a comma or a half-width colon is a common slip.",
        },
        bad="同志们，\n今天，我们召开全市安全生产工作会议。\n",
        good="同志们：\n今天，我们召开全市安全生产工作会议。\n",
        reference="GB/T 15834-2011 4.7.3（冒号用于称谓语之后）",
    ),
)

_COLON = "："
# Marks a salutation may wrongly end with; anything else means the colon is missing.
_WRONG_MARKS = frozenset("，,:。.！!；;、")


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report a salutation that does not end with ：."""
    node = ctx.outline.salutation
    if node is None or not node.text or node.text.endswith(_COLON):
        return
    last = node.text[-1]
    if last in "！!" and ctx.options.get("allow-exclamation") is True:
        return
    if last in _WRONG_MARKS and ctx.text[node.end - 1 : node.end] == last:
        fixed = node.text[:-1] + _COLON
        yield Violation(
            node.end - 1,
            node.end,
            {
                "zh": f"称谓后应使用全角冒号：“{fixed}”",
                "en": f"end the salutation with the full-width colon: “{fixed}”",
            },
            replace(node.end - 1, node.end, _COLON, {"zh": f"改为“{_COLON}”", "en": "write “：”"}),
        )
    elif last not in _WRONG_MARKS:
        yield Violation(
            node.start,
            node.end,
            {
                "zh": f"称谓后缺少冒号：应写作“{node.text}：”",
                "en": f"the salutation lacks its colon: write “{node.text}：”",
            },
            replace(node.end, node.end, _COLON, {"zh": "补上“：”", "en": "add “：”"}),
        )


RULE = Rule(META, check)
