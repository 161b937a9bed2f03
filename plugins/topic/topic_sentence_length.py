"""T301 topic-sentence-length: a point's topic sentence is longer than ``max-length``.

The topic sentence is the point's first sentence (up to 。！？), or the whole heading or bold
lead.  Characters are counted without white space.  A point whose first paragraph is one
sentence from marker to end is T302's (one finding per point), and inline sub-points
(一是……；) are not points with topic sentences.

Option ``max-length`` (default 80).
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.plugins.topic._topics import long_topics, max_length, run_on
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

DEFAULT_MAX_LENGTH = 80

META = RuleMeta(
    code="T301",
    name="topic-sentence-length",
    summary={"zh": "要点的主题句过长", "en": "a point's topic sentence is too long"},
    severity="warning",
    options={
        "max-length": {
            "type": "integer",
            "minimum": 1,
            "default": DEFAULT_MAX_LENGTH,
            "description": "主题句的最大字数（不计空白） / the longest topic sentence allowed, "
            "in characters (white space not counted)",
        }
    },
    doc=RuleDoc(
        why={
            "zh": "讲话稿每个要点的第一句是主题句，要让听众一听就抓住观点，宜简短、鲜明、句式统一"
            "（如“要……”“坚持……”）。主题句过长，观点就被细节淹没。",
            "en": "Each point opens with a topic sentence that listeners must catch at once: "
            "short, clear and parallel (要…, 坚持…). A long one buries the point in detail.",
        },
        bad="同志们：\n第一，要坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和"
        "二十届二中、三中全会精神，认真落实上级各项决策部署，紧紧围绕全市中心工作，统筹发展和"
        "安全，扎实推进安全生产各项工作取得新成效。会后各单位要抓好落实。\n",
        good="同志们：\n第一，要提高政治站位。安全生产事关人民群众生命财产安全，各单位要抓好落实。\n",
        reference="讲话稿写作惯例：要点主题句统一句式、简明扼要",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every topic sentence longer than ``max-length``."""
    limit = max_length(ctx, DEFAULT_MAX_LENGTH)
    for point, topic, size in long_topics(ctx, limit):
        if run_on(ctx, point, topic):
            continue
        yield ctx.node_violation(
            topic,
            {
                "zh": f"主题句过长（{size} 字，超过 {limit} 字）：宜用一句简短的话点明观点，"
                "细节放到后面展开",
                "en": f"the topic sentence has {size} characters (more than {limit}): state the "
                "point in one short sentence and move the details after it",
            },
        )


RULE = Rule(META, check)
