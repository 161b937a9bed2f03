"""D603 repeated-word: a function word typed twice (的的, 了了, 是是, 在在, 和和).

Only function words are checked -- particles, prepositions, conjunctions, pronouns -- because
content characters double legitimately all the time (常常 天天 人人 层层 渐渐 事事 扎扎实实).
Even a doubled function word is correct when the two characters belong to two different words:

- the first ends a word:   实事求是是我们党的思想路线 · 实实在在 · 植被被破坏 · 首都都市圈
- the second starts one:   为了了解情况 · 是是非非 · 的的确确 · 就就业问题作出部署 · 喀什和和田

Both lists below were built from the 40 published reports and common usage; a pair is reported
only when neither applies.  The fix deletes one of the two characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

from speechlint import _regex
from speechlint.parse import Unit
from speechlint.plugins._index import FUNCTION_WORDS, doubled, irregular_units, unit_ends
from speechlint.plugins.drafting._prose import NotProse, not_prose
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation, replace

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="D603",
    name="repeated-word",
    summary={"zh": "虚词误重复（的的、了了、是是）", "en": "a function word doubled by accident"},
    severity="warning",
    fix="safe",
    doc=RuleDoc(
        why={
            "zh": "“的的”“了了”“是是”之类的虚词重复多是录入时多打了一个字，照读会出错。"
            "叠词（常常、天天、实实在在）和分属两个词的相同字（实事求是是、为了了解）不报告。",
            "en": "A doubled function word (的的, 了了, 是是) is almost always a typing slip that "
            "would be read out. Reduplication (常常, 实实在在) and a character shared by two "
            "words (实事求是是, 为了了解) are not reported.",
        },
        bad="这是我们的的根本任务。",
        good="实事求是是我们党的思想路线，要实实在在地抓好落实。",
    ),
)


def _split(words: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    return {char: tuple(listed.split()) for char, listed in words.items()}


# Words ending in the function word: after one of them the same character may follow as a word
# of its own (实事求是 + 是).  为了/除了 are left out on purpose: they need an object, so
# 为了了提高 is a slip while 为了了解 is caught by the 了解 entry below.
_ENDS: Mapping[str, tuple[str, ...]] = _split(
    {
        "的": "目的 标的 众矢之的",
        "了": "不了 罢了 算了 得了 极了",
        "是": "实事求是 但是 可是 于是 要是 若是 倒是",
        "在": "实在 现在 旨在 意在 志在 重在 贵在 难在",
        "和": (
            "温和 平和 缓和 调和 总和 祥和 谦和 随和 柔和 饱和 中和 共和 暖和 人和 讲和 议和 "
            "求和 不和 失和 附和 应和 唱和"
        ),
        "对": "面对 针对 应对 相对 绝对 反对 核对 比对 配对 敌对 校对 查对 派对 作对 成对 不对",
        "把": "一把 火把 拖把 车把 刀把",
        "被": "棉被 植被 盖被",
        "就": "成就 造就 迁就 将就 高就 去就",
        "都": "首都 古都 国都 京都 成都 建都 定都 迁都 陪都 故都",
        "与": "参与 给与 授与 赋与",
        "及": "以及 涉及 普及 波及 危及 顾及 触及 论及 提及 遍及 惠及 不及 企及 推及 兼及",
        "而": "从而 进而 因而 然而 继而 反而",
        "但": "不但",
        "还": "偿还 归还 退还 返还 送还 交还 生还 奉还",
        "让": "转让 出让 谦让 礼让 退让 忍让 避让 相让",
        "使": "大使 行使 促使 致使 迫使 驱使 指使 特使 天使 出使 即使 假使 纵使 公使",
        "向": (
            "方向 导向 走向 面向 转向 取向 指向 倾向 意向 动向 去向 流向 志向 "
            "双向 定向 单向 一向 趋向 横向 纵向 偏向 投向 风向 朝向 逆向 正向 "
            "反向 外向 内向 航向"
        ),
        "从": "服从 听从 顺从 遵从 盲从 随从 侍从 自从 无从 适从",
        "将": "即将 必将 大将 老将 干将 主将 名将 猛将 武将",
        "由": "自由 理由 缘由 原由 事由 因由 来由",
        "以": "所以 可以 难以 得以 借以 用以 足以 赖以",
        "并": "合并 兼并 归并 吞并 一并",
        "且": "并且 而且 况且 尚且 姑且 暂且 苟且",
        "其": "尤其 极其 及其 与其 何其 土耳其",
        "所": "场所 厕所 处所 住所 诊所 研究所 派出所 事务所 交易所 托儿所 招待所 看守所 指挥所",
        "为": (
            "作为 成为 认为 因为 行为 以为 称为 视为 无为 有为 敢为 尤为 较为 "
            "更为 极为 颇为 甚为 最为 广为 分为 化为 变为 改为 定为 列为 评为 "
            "选为 誉为 转为 互为 身为 难为 名为 所为 人为 实为 专为"
        ),
        "给": "供给 配给 补给 自给",
        "跟": "紧跟 脚跟 高跟",
        "同": (
            "共同 相同 协同 不同 等同 认同 赞同 合同 大同 会同 陪同 随同 伙同 连同 雷同 混同 "
            "一同 如同 胡同 视同 形同 求同 趋同"
        ),
        "那": "刹那",
    }
)
# Words starting with the function word that may follow it standing alone (就 + 就业问题,
# 和 + 和田).  Words that never follow it (但 + 但是, 都 + 都会) are left out: 但但是 is a slip.
_STARTS: Mapping[str, tuple[str, ...]] = _split(
    {
        "的": "的确 的士 的哥",
        "了": "了解 了结 了却 了断 了然 了如指掌 了不起 了得 了无",
        "是": "是非 是否",
        "在": (
            "在场 在职 在建 在编 在校 在岗 在线 在押 在逃 在读 在座 在研 在售 在营 在库 在途 "
            "在册 在运 在役 在华 在京 在港 在澳 在台 在外"
        ),
        "和": (
            "和谐 和平 和睦 和美 和气 和解 和煦 和蔼 和衷共济 和而不同 和合 和风 和善 和悦 "
            "和顺 和约 和田"
        ),
        "对": (
            "对于 对象 对外 对内 对接 对标 对口 对话 对策 对照 对比 对待 对手 对称 对立 对应 "
            "对方 对抗 对岸 对台 对华 对冲 对账 对等 对峙 对号 对症"
        ),
        "把": "把关 把握 把脉 把控 把手 把持 把守 把舵 把柄 把门",
        "被": (
            "被告 被动 被子 被害 被保险 被执行 被监护 被调查 被审计 被征 被帮扶 被考核 被巡察 "
            "被评估 被检查"
        ),
        "就": "就业 就医 就读 就学 就职 就任 就位 就绪 就地 就近 就诊 就餐 就座",
        "都": "都市 都城 都江堰",
        "与": "与会",
        "及": "及时 及早",
        "还": "还款 还贷 还本 还债 还原",
        "使": "使用",
        "从": "从事 从业 从严 从政 从军 从医 从教",
        "将": "将士 将领",
        "以": "以往 以前",
        "同": "同志 同事 同学 同胞 同行 同级 同类 同期 同业 同龄",
    }
)
# 也 又 或 们 这 吗 have no exceptions: doubled, they are always a slip.
_FUNCTION_WORDS = FUNCTION_WORDS
_FUNCTION_SET = frozenset(FUNCTION_WORDS)


@cache
def _doubled() -> re.Pattern[str]:
    return _regex.compile(f"([{_FUNCTION_WORDS}])\\1")


# Conjunctions join two words: one cannot open a clause, so 和 + 和谐 after a comma is a slip.
_CONJUNCTIONS = frozenset("和与及并或且而但")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _reduplicated(text: str, index: int, char: str) -> bool:
    """Whether the pair at ``index`` is half of an AABB form of a word (实实在在 from 实在,
    是是非非 from 是非), whatever follows it (实实在在、)."""
    before = text[index - 2 : index]
    if len(before) == 2 and before[0] == before[1] and before[1] + char in _ENDS.get(char, ()):
        return True
    after = text[index + 2 : index + 4]
    return len(after) == 2 and after[0] == after[1] and char + after[0] in _STARTS.get(char, ())


def _accidental(text: str, index: int, char: str) -> bool:
    """Whether ``text[index:index + 2]`` (``char`` twice) belongs to no pair of words."""
    first_end = index + 1
    before = text[index - 1] if index > 0 else ""
    after = text[index + 2] if index + 2 < len(text) else ""
    if _reduplicated(text, index, char):
        return False
    # A second word standing alone needs something after it -- only 了 may end a clause
    # (受不了了。) -- so 实事求是是， is a slip even though 实事求是 ends in 是.
    if (_is_cjk(after) or char == "了") and any(
        text.endswith(word, 0, first_end) for word in _ENDS.get(char, ())
    ):
        return False
    if char in _CONJUNCTIONS and not _is_cjk(before):
        return True
    return not any(text.startswith(word, first_end) for word in _STARTS.get(char, ()))


def _doubles(unit: Unit, positions: list[int] | None) -> Iterator[tuple[int, str]]:
    """Accidentally doubled function words of ``unit``: at ``positions`` (where the text holds
    one doubled, found left to right without overlap), or wherever the text holds one."""
    text = unit.text
    if positions is None:
        positions = [match.start() for match in _doubled().finditer(text)]
    skip: NotProse | None = None  # built on the first candidate only: most units have none
    for index in positions:
        char = text[index]
        if not _accidental(text, index, char):
            continue
        skip = skip or not_prose(unit)
        if not skip.overlaps(index, index + 2):
            yield index, char


def _candidates(ctx: RuleContext) -> Iterator[tuple[int, list[int] | None]]:
    """Units that may hold a doubled function word, with where (None: look at the text).

    The source's doubled characters come from one scan shared with P403 (。。); a unit
    showing its source as it is holds a doubled word exactly where the source does.  Other
    units (markup between the two characters: 的**的**) are looked at whole.
    """
    text = ctx.text
    hits = [offset for offset in doubled(ctx) if text[offset] in _FUNCTION_SET]
    irregular = irregular_units(ctx)
    if not hits and not irregular:
        return
    irregular_set = set(irregular)
    ends = unit_ends(ctx)
    by_unit: dict[int, list[int]] = {}
    for offset in hits:
        # The units of both characters (a pair rarely straddles two: then it is both's).
        first = bisect_right(ends, offset)
        if first == len(ends):
            break  # past the last unit (a code block, a comment at the end)
        second = first if offset + 1 < ends[first] else bisect_right(ends, offset + 1, first)
        for unit_index in (first, second) if second != first else (first,):
            if unit_index < len(ends) and unit_index not in irregular_set:
                by_unit.setdefault(unit_index, []).append(offset)
    for unit_index in sorted(irregular_set.union(by_unit)):
        offsets = by_unit.get(unit_index)
        start = ctx.units[unit_index].shift
        if offsets is None or start is None:
            yield unit_index, None  # an irregular unit
            continue
        end = start + len(ctx.units[unit_index].text)
        if start - 1 in offsets:
            yield unit_index, None  # a source pair straddles the unit's start: look again
            continue
        yield unit_index, [offset - start for offset in offsets if start <= offset < end - 1]


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every accidentally doubled function word."""
    return _check_units(ctx, _candidates(ctx))


def _check_units(
    ctx: RuleContext, candidates: Iterable[tuple[int, list[int] | None]]
) -> Iterator[Violation]:
    for unit_index, positions in candidates:
        unit = ctx.units[unit_index]
        for index, char in _doubles(unit, positions):
            start, end = unit.source_range(index, index + 2)
            message = {
                "zh": f"“{char}{char}”重复，疑为多打了一个“{char}”",
                "en": f"“{char}{char}”: the word “{char}” is doubled, probably by accident",
            }
            # Markup between the two characters (的**的**) would be lost by the edit: no fix.
            fix = None
            if end - start == 2:
                fix = replace(
                    start,
                    end,
                    char,
                    {"zh": f"删去一个“{char}”", "en": f"remove one “{char}”"},
                )
            yield ctx.unit_violation(unit, index, index + 2, message, fix)


RULE = Rule(META, check)
