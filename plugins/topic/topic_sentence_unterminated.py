"""T302 topic-sentence-unterminated: the point is one run-on sentence; no topic sentence stands out.

Reported when a paragraph- or list-form point's first paragraph is a single sentence from the
marker to the end of the paragraph -- no 。！？ before its end, so the "topic sentence" is the
whole paragraph -- and that sentence is longer than ``max-length``.  Headings and bold leads
are not reported (their markup delimits the topic), nor are inline sub-points (一是……；), nor
short one-line points (cpc-style 一、历史性的转变和新的伟大任务 written as a paragraph).  A long
topic sentence followed by more text in its paragraph is T301's.

Option ``max-length`` (default 80).
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.plugins.topic._topics import long_topics, max_length, run_on
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

DEFAULT_MAX_LENGTH = 80

META = RuleMeta(
    code="T302",
    name="topic-sentence-unterminated",
    summary={
        "zh": "要点整段一逗到底，没有突出的主题句",
        "en": "the point is one run-on sentence; no topic sentence stands out",
    },
    severity="warning",
    options={
        "max-length": {
            "type": "integer",
            "minimum": 1,
            "default": DEFAULT_MAX_LENGTH,
            "description": "一句话构成的要点段落的最大字数 / the longest single-sentence point "
            "paragraph allowed, in characters",
        }
    },
    doc=RuleDoc(
        why={
            "zh": "要点段落“一逗到底”，听众找不到主题句，也无处换气。应先用一句话点明观点并以句号"
            "结束，再分句展开。",
            "en": "A point written as one long sentence gives listeners no topic sentence to "
            "hold on to and the speaker nowhere to pause. End the topic sentence with 。 and "
            "develop it in further sentences.",
        },
        bad="同志们：\n第一，要提高政治站位，牢固树立安全发展理念，坚持人民至上、生命至上，统筹发展"
        "和安全，把安全生产摆在更加突出的位置，层层压实责任，扎实开展隐患排查整治，坚决遏制重特大"
        "事故发生\n",
        good="同志们：\n第一，要提高政治站位。要牢固树立安全发展理念，坚持人民至上、生命至上，统筹"
        "发展和安全，把安全生产摆在更加突出的位置。\n",
        reference="讲话稿写作惯例：每个要点以主题句开头",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every run-on point longer than ``max-length``."""
    limit = max_length(ctx, DEFAULT_MAX_LENGTH)
    for point, topic, size in long_topics(ctx, limit):
        if not run_on(ctx, point, topic):
            continue
        yield ctx.node_violation(
            topic,
            {
                "zh": f"本要点整段只有一句话（{size} 字），没有突出的主题句：宜先用一句简短的话"
                "点明观点并以句号结束，再展开",
                "en": f"this point is a single {size}-character sentence with no topic sentence "
                "standing out: state the point briefly, end it with 。, then develop it",
            },
        )


RULE = Rule(META, check)
