"""Codes the engine itself reports: unreadable files, crashing rules, unused suppressions.

Their checks run inside the engine (they are about the run, not the text); this pack declares
their metadata so that they can be selected, documented and explained like any other rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint import hookimpl
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["RULES"]


def _engine_reported(ctx: RuleContext) -> Iterator[Violation]:
    """Nothing to check on the text: the engine reports these codes."""
    return iter(())


UNREADABLE_FILE = RuleMeta(
    code="E901",
    name="unreadable-file",
    summary={"zh": "文件无法读取或解码", "en": "the file cannot be read or decoded"},
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "二进制文件或编码无法识别的文件无法检查。报告会列出尝试过的编码；"
            "可用 --encoding 或配置项 encoding 指定编码。",
            "en": "Binary files and files in an unrecognised encoding cannot be checked. The "
            "message lists the encodings tried; force one with --encoding or `encoding`.",
        },
        bad="（一个以 Latin-1 保存、含非法 UTF-8 字节的文件）",
        good="（以 UTF-8 或 GB18030 保存的文件）",
    ),
)
RULE_CRASH = RuleMeta(
    code="E902",
    name="rule-crash",
    summary={"zh": "规则运行出错", "en": "a rule crashed"},
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "某条规则运行时出错。该文档的其他规则照常运行；请把消息报告给规则的作者。",
            "en": "A rule raised an exception. The other rules still ran on the document; "
            "report the message to the rule's author.",
        },
        bad="（任何触发插件缺陷的文档）",
        good="（同一文档，插件修复之后）",
    ),
)
UNUSED_SUPPRESSION = RuleMeta(
    code="E903",
    name="unused-suppression",
    summary={"zh": "禁用注释没有屏蔽任何问题", "en": "a disable comment suppresses nothing"},
    severity="info",
    fix="safe",
    doc=RuleDoc(
        why={
            "zh": "不再屏蔽任何问题的禁用注释会掩盖将来出现的真问题，应当删除。",
            "en": "A disable comment that no longer suppresses anything would hide future "
            "findings; remove it.",
        },
        bad="<!-- speechlint-disable-next-line W501 -->\n全面加强党的建设。",
        good="全面加强党的建设。",
    ),
)
INVALID_FRONT_MATTER = RuleMeta(
    code="E904",
    name="invalid-front-matter",
    summary={"zh": "文首元数据（YAML）无法解析", "en": "the front matter is not valid YAML"},
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "文首 --- 之间的元数据（form、duration 等）无法解析时，这些设置不会生效。",
            "en": "Front matter that does not parse is ignored, so form, duration and the "
            "other settings in it do not apply.",
        },
        bad="---\nform: [meeting-speech\n---\n同志们：",
        good="---\nform: meeting-speech\n---\n同志们：",
    ),
)


def _front_matter(ctx: RuleContext) -> Iterator[Violation]:
    front = ctx.parsed.front_matter
    if front is not None and front.error:
        yield Violation(
            front.start,
            front.end,
            {
                "zh": f"文首元数据无法解析：{front.error}",
                "en": f"invalid front matter: {front.error}",
            },
        )


RULES = [
    Rule(UNREADABLE_FILE, _engine_reported),
    Rule(RULE_CRASH, _engine_reported),
    Rule(UNUSED_SUPPRESSION, _engine_reported),
    Rule(INVALID_FRONT_MATTER, _front_matter),
]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The engine's own codes."""
    return RULES
