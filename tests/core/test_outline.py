"""The outline tree (DESIGN §2) of the seed speech, its four surface forms, and the corpus."""

from __future__ import annotations

import codecs
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from speechlint.document import Document
from speechlint.lexicon import default_lexicon
from speechlint.outline import Outline, build_outline
from speechlint.parse import parse

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "docs" / "examples"
# The team's shared corpus sits next to the repository; SPEECHLINT_CORPUS points elsewhere.
CORPUS = Path(os.environ.get("SPEECHLINT_CORPUS") or ROOT.parent / "shared" / "corpus")
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "public").is_dir(),
    reason=f"the shared corpus is not at {CORPUS} (set SPEECHLINT_CORPUS to its folder)",
)

SEED_TOPICS = [
    "认真落实全面从严治党主体责任，以自我革命精神抓好党组自身建设，"
    "充分发挥分党组统揽全局、协调各方的领导作用。",
    "坚持全面从严治党，强化监管意识，推动监督执纪问责，以上率下营造清正廉明的良好政治生态。",
    "树立大抓基层鲜明导向，纵深推进清廉机关建设，层层压实管党治党政治责任，营造良好干事创业环境。",
    "坚持“三不”一体推进，健全完善廉政监督机制，促进全局始终保持风清气正的政治生态。",
]
SEED_TRANSITION = "下面我就落实全面从严治党主体责任再强调几点意见。"
SEED_RECAP = (
    "刚才*负责人分别汇报了分管领域落实全面从严治党工作情况，也重点分析了存在问题，"
    "提出下一步工作建议。"
)


def _seed_text() -> str:
    return (FIXTURES / "seed.txt").read_text(encoding="utf-8")


def _outline_json(text: str, path: str = "a.md", **options: Any) -> dict[str, Any]:
    document = Document(path, text)
    result = build_outline(parse(document), **options).to_json(document)
    _check_outline_json(result)
    return result


def _outline_of_bytes(data: bytes, path: str = "a.txt") -> dict[str, Any]:
    document = Document.from_bytes(path, data)
    result = build_outline(parse(document)).to_json(document)
    _check_outline_json(result)
    return result


# -- structural validation of the JSON contract ----------------------------------------------


def _check_span(span: Any) -> None:
    assert set(span) == {"start", "end"}
    for key in ("start", "end"):
        line, column = span[key]
        assert isinstance(line, int) and isinstance(column, int)
        assert line >= 1 and column >= 1
    assert tuple(span["start"]) <= tuple(span["end"])


def _check_node(node: Any, *, nullable: bool = True) -> None:
    if node is None:
        assert nullable
        return
    assert set(node) == {"text", "span"}
    assert isinstance(node["text"], str) and node["text"]
    _check_span(node["span"])


def _check_point(point: Any, level: int) -> None:
    assert set(point) == {
        "number", "marker", "style", "form", "level", "span", "topic", "body", "points",
    }  # fmt: skip
    assert isinstance(point["number"], int)
    assert isinstance(point["marker"], str) and point["marker"]
    assert point["style"] in {
        "ordinal", "han", "paren-han", "arabic", "paren-arabic", "sequence", "shi",
    }  # fmt: skip
    assert point["form"] in {"paragraph", "heading", "bold", "list"}
    assert point["level"] == level
    _check_span(point["span"])
    _check_node(point["topic"])
    assert isinstance(point["body"], list)
    for node in point["body"]:
        _check_node(node, nullable=False)
    for child in point["points"]:
        _check_point(child, level + 1)


def _check_outline_json(outline: dict[str, Any]) -> None:
    """Every key of DESIGN §2, with the right types; nulls and empty lists where nothing is."""
    assert set(outline) == {
        "version", "path", "form", "meta", "title", "salutation", "opening", "points",
        "closing", "signoff", "stats",
    }  # fmt: skip
    assert outline["version"] == 1
    assert isinstance(outline["path"], str)
    assert isinstance(outline["form"], str)
    assert isinstance(outline["meta"], dict)
    for key in ("title", "salutation", "signoff"):
        _check_node(outline[key])
    opening = outline["opening"]
    if opening is not None:
        assert set(opening) == {"span", "paragraphs", "context", "recap", "transition"}
        _check_span(opening["span"])
        for node in opening["paragraphs"] + opening["context"]:
            _check_node(node, nullable=False)
        _check_node(opening["recap"])
        _check_node(opening["transition"])
    assert isinstance(outline["points"], list)
    for point in outline["points"]:
        _check_point(point, 1)
    closing = outline["closing"]
    if closing is not None:
        assert set(closing) == {"span", "paragraphs", "call_to_action"}
        _check_span(closing["span"])
        for node in closing["paragraphs"]:
            _check_node(node, nullable=False)
        _check_node(closing["call_to_action"])
    stats = outline["stats"]
    assert set(stats) == {"chars", "paragraphs", "points", "minutes"}
    assert isinstance(stats["chars"], int)
    assert isinstance(stats["paragraphs"], int)
    assert stats["points"] == len(outline["points"])
    assert isinstance(stats["minutes"], float)
    json.dumps(outline, ensure_ascii=False)  # serialisable as it is


def _where(node: dict[str, Any]) -> tuple[str, str]:
    start, end = node["span"]["start"], node["span"]["end"]
    return f"{start[0]}:{start[1]}", f"{end[0]}:{end[1]}"


# -- the seed speech -------------------------------------------------------------------------


def test_seed_outline_matches_the_golden_file() -> None:
    golden_path = FIXTURES / "seed.outline.json"
    actual = _outline_json(_seed_text(), "seed.txt")
    if os.environ.get("SPEECHLINT_UPDATE_GOLDEN"):
        text = json.dumps(actual, ensure_ascii=False, indent=2) + "\n"
        golden_path.write_text(text, encoding="utf-8")
    assert actual == json.loads(golden_path.read_text(encoding="utf-8"))


def test_seed_outline_has_every_element_of_the_corpus_readme() -> None:
    outline = _outline_json(_seed_text(), "seed.txt")
    assert outline["title"]["text"] == "在全面从严治党形势分析会上的讲话"
    assert _where(outline["title"]) == ("1:1", "1:17")
    assert outline["salutation"]["text"] == "同志们："
    assert _where(outline["salutation"]) == ("3:1", "3:5")
    opening = outline["opening"]
    (context,) = opening["context"]
    assert context["text"].startswith("党的二十大对坚定不移全面从严治党")
    assert _where(context) == ("4:1", "4:327")
    assert opening["recap"]["text"] == SEED_RECAP
    assert _where(opening["recap"]) == ("4:327", "4:376")
    assert opening["transition"]["text"] == SEED_TRANSITION
    assert _where(opening["transition"]) == ("4:376", "4:400")
    points = outline["points"]
    assert [(p["number"], p["marker"], p["style"], p["form"]) for p in points] == [
        (1, "第一，", "ordinal", "paragraph"),
        (2, "第二，", "ordinal", "paragraph"),
        (3, "第三，", "ordinal", "paragraph"),
        (4, "第四，", "ordinal", "paragraph"),
    ]
    assert [p["topic"]["text"] for p in points] == SEED_TOPICS
    assert [p["span"]["start"] for p in points] == [[5, 1], [6, 1], [7, 1], [8, 1]]
    assert [_where(p["topic"])[0] for p in points] == ["5:4", "6:4", "7:4", "8:4"]
    assert all(p["points"] == [] for p in points)
    closing = outline["closing"]
    assert _where(closing) == ("9:1", "9:202")
    call = closing["call_to_action"]["text"]
    assert call.startswith("我们要严格落实从严治党主题责任")
    assert call.endswith("为经济社会发展提供坚强保障。")
    assert outline["signoff"] is None
    assert outline["stats"] == {"chars": 2662, "paragraphs": 8, "points": 4, "minutes": 12.1}


@needs_corpus
def test_the_seed_fixture_is_the_corpus_seed() -> None:
    assert (FIXTURES / "seed.txt").read_bytes() == (CORPUS / "seed.txt").read_bytes()


# -- the four surface forms of points --------------------------------------------------------

_POINT_LINE = re.compile(r"第([一二三四])，(.*?。)(.*)")


def _rewrite_seed(form: str) -> str:
    """The seed with its points as headings, bold lead sentences or list items (Markdown)."""
    paragraphs = []
    for line in _seed_text().splitlines():
        match = _POINT_LINE.match(line)
        if match is None:
            paragraphs.append(line)
            continue
        numeral, topic, rest = match.groups()
        number = "一二三四".index(numeral) + 1
        if form == "heading":  # a heading drops the 。 of its topic
            paragraphs.append(f"## {numeral}、{topic.rstrip('。')}\n\n{rest}")
        elif form == "bold":
            paragraphs.append(f"**第{numeral}，{topic}**{rest}")
        else:
            paragraphs.append(f"{number}. {topic}{rest}")
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph) + "\n"


# (form, style, markers, [(line, marker column, topic start column, topic end column)])
_FORMS = [
    (
        "heading",
        "han",
        ["一、", "二、", "三、", "四、"],
        [(7, 4, 6, 58), (11, 4, 6, 48), (15, 4, 6, 51), (19, 4, 6, 45)],
    ),
    (
        "bold",
        "ordinal",
        ["第一，", "第二，", "第三，", "第四，"],
        [(7, 3, 6, 59), (9, 3, 6, 49), (11, 3, 6, 52), (13, 3, 6, 46)],
    ),
    (
        "list",
        "arabic",
        ["1.", "2.", "3.", "4."],
        [(7, 1, 4, 57), (9, 1, 4, 47), (11, 1, 4, 50), (13, 1, 4, 44)],
    ),
]


@pytest.mark.parametrize(("form", "style", "markers", "spans"), _FORMS, ids=[f[0] for f in _FORMS])
def test_every_surface_form_gives_the_same_points(
    form: str, style: str, markers: list[str], spans: list[tuple[int, int, int, int]]
) -> None:
    source = _rewrite_seed(form)
    outline = _outline_json(source)
    points = outline["points"]
    assert [p["number"] for p in points] == [1, 2, 3, 4]
    assert [p["marker"] for p in points] == markers
    assert {(p["style"], p["form"], p["level"]) for p in points} == {(style, form, 1)}
    assert [p["topic"]["text"].rstrip("。") for p in points] == [
        topic.rstrip("。") for topic in SEED_TOPICS
    ]
    if form != "heading":
        assert [p["topic"]["text"] for p in points] == SEED_TOPICS
    actual = [
        (
            p["span"]["start"][0],
            p["span"]["start"][1],
            p["topic"]["span"]["start"][1],
            p["topic"]["span"]["end"][1],
        )
        for p in points
    ]
    assert actual == spans
    # The spans point at the exact source text of marker and topic.
    lines = source.splitlines()
    for point, (line, marker_column, start, end) in zip(points, spans, strict=True):
        assert lines[line - 1][marker_column - 1 :].startswith(point["marker"])
        assert lines[line - 1][start - 1 : end - 1] == point["topic"]["text"]
    # Everything around the points is found as in the plain-text seed.
    assert outline["opening"]["recap"]["text"] == SEED_RECAP
    assert outline["opening"]["transition"]["text"] == SEED_TRANSITION
    assert outline["closing"]["call_to_action"]["text"].endswith("提供坚强保障。")


def test_point_bodies_in_each_form() -> None:
    heading = _outline_json(_rewrite_seed("heading"))["points"][0]
    bold = _outline_json(_rewrite_seed("bold"))["points"][0]
    listed = _outline_json(_rewrite_seed("list"))["points"][0]
    paragraph = _outline_json(_seed_text())["points"][0]
    bodies = [p["body"][0]["text"] for p in (heading, bold, listed, paragraph)]
    assert len(set(bodies)) == 1
    assert bodies[0].startswith("要坚持不懈加强政府党组自身建设")
    assert heading["body"][0]["span"]["start"] == [9, 1]  # the paragraph under the heading
    assert bold["body"][0]["span"]["start"] == [7, 61]  # after the closing **
    assert listed["body"][0]["span"]["start"] == [7, 57]


# -- line endings, BOM, characters outside the BMP -------------------------------------------

YOSHI = "\U00020bb7"  # 𠮷: one code point, two UTF-16 units


def test_crlf_bom_and_astral_characters_give_code_point_positions() -> None:
    text = "\r\n".join(
        [
            f"在{YOSHI}会议上的讲话",
            "",
            "同志们：",
            f"今天开会。刚才，{YOSHI}{YOSHI}同志作了发言。下面我讲两点意见。",
            f"{YOSHI}第一，要学习。质量第一、效益优先。",
            f"第一，要{YOSHI}{YOSHI}学习。具体内容。",
            "第二，要实干。",
            "同志们，让我们共同努力！",
            "",
        ]
    )
    outline = _outline_of_bytes(codecs.BOM_UTF8 + text.encode())
    assert _where(outline["title"]) == ("1:1", "1:9")
    assert _where(outline["salutation"]) == ("3:1", "3:5")
    assert _where(outline["opening"]["recap"]) == ("4:6", "4:18")
    assert _where(outline["opening"]["transition"]) == ("4:18", "4:27")
    # 𠮷第一， is not a point: the ordinal does not start the paragraph.
    assert outline["opening"]["paragraphs"][-1]["text"].startswith(YOSHI)
    first, second = outline["points"]
    assert first["topic"]["text"] == f"要{YOSHI}{YOSHI}学习。"
    assert _where(first["topic"]) == ("6:4", "6:10")
    assert _where(first["body"][0]) == ("6:10", "6:15")
    assert first["span"] == {"start": [6, 1], "end": [6, 15]}
    assert _where(second["topic"]) == ("7:4", "7:8")
    assert _where(outline["closing"]["call_to_action"]) == ("8:1", "8:13")


def test_seed_with_crlf_a_bom_and_an_astral_character_before_the_points() -> None:
    # One 𠮷 at the start of the opening moves the recap and transition by exactly one column.
    text = _seed_text().replace("党的二十大对", f"{YOSHI}党的二十大对").replace("\n", "\r\n")
    outline = _outline_of_bytes(codecs.BOM_UTF8 + text.encode())
    assert _where(outline["opening"]["recap"]) == ("4:328", "4:377")
    assert _where(outline["opening"]["transition"]) == ("4:377", "4:401")
    assert [p["topic"]["text"] for p in outline["points"]] == SEED_TOPICS
    assert [_where(p["topic"]) for p in outline["points"]] == [
        ("5:4", "5:57"),
        ("6:4", "6:47"),
        ("7:4", "7:50"),
        ("8:4", "8:44"),
    ]
    assert _where(outline["closing"]["call_to_action"]) == ("9:47", "9:202")


def test_bold_and_heading_forms_with_crlf_and_astral_characters() -> None:
    text = "\r\n".join(
        [
            "# 在会议上的讲话",
            "",
            "同志们：",
            "",
            "下面我讲两点意见。",
            "",
            f"**第一，要{YOSHI}学习。**具体{YOSHI}内容。",
            "",
            f"## 第二，要{YOSHI}实干",
            "",
            "正文。",
            "",
        ]
    )
    outline = _outline_of_bytes(codecs.BOM_UTF8 + text.encode(), "a.md")
    first, second = outline["points"]
    assert (first["form"], second["form"]) == ("bold", "heading")
    assert _where(first["topic"]) == ("7:6", "7:11")
    assert _where(first["body"][0]) == ("7:13", "7:19")
    assert first["span"]["start"] == [7, 3]
    assert second["topic"]["text"] == f"要{YOSHI}实干"
    assert _where(second["topic"]) == ("9:7", "9:11")
    assert second["span"] == {"start": [9, 4], "end": [11, 4]}


# -- documents with little or nothing in them ------------------------------------------------


def _assert_empty_parts(outline: dict[str, Any], *, keep: tuple[str, ...] = ()) -> None:
    for key in ("title", "salutation", "opening", "closing", "signoff"):
        if key not in keep:
            assert outline[key] is None, key
    assert outline["points"] == []


@pytest.mark.parametrize("text", ["", "\n", "\r\n\r\n", "   \u3000\n", "<!-- 注释 -->\n"])
def test_an_empty_document(text: str) -> None:
    outline = _outline_json(text)
    _assert_empty_parts(outline)
    assert outline["meta"] == {}
    assert outline["stats"] == {"chars": 0, "paragraphs": 0, "points": 0, "minutes": 0.0}


def test_only_front_matter() -> None:
    outline = _outline_json("---\nform: pledge\n---\n")
    _assert_empty_parts(outline)
    assert (outline["form"], outline["meta"]) == ("pledge", {"form": "pledge"})


@pytest.mark.parametrize("text", ["在全区会议上的讲话", "# 在全区会议上的讲话\n", "讲话\r\n"])
def test_a_title_alone(text: str) -> None:
    outline = _outline_json(text)
    _assert_empty_parts(outline, keep=("title",))
    assert outline["title"]["span"]["start"] == [1, 1 if text[0] != "#" else 3]


def test_a_salutation_alone() -> None:
    outline = _outline_json("同志们：\n")
    _assert_empty_parts(outline, keep=("salutation",))
    assert outline["salutation"]["text"] == "同志们："


def test_a_speech_without_points() -> None:
    source = (
        "在全区会议上的讲话\n\n同志们：\n今天我们开会。质量第一、效益优先是原则。\n"
        "同志们，让我们共同努力，为建设美好家园而奋斗！\n谢谢大家！\n"
    )
    outline = _outline_json(source)
    assert outline["points"] == []
    assert outline["title"]["text"] == "在全区会议上的讲话"
    assert outline["opening"]["recap"] is None
    assert outline["opening"]["transition"] is None
    assert outline["closing"]["call_to_action"]["text"].startswith("同志们，让我们")
    assert outline["signoff"]["text"] == "谢谢大家！"


def test_one_long_line_without_punctuation() -> None:
    outline = _outline_json("甲" * 100_000)
    assert outline["title"]["span"] == {"start": [1, 1], "end": [1, 100_001]}
    assert outline["points"] == []


def test_form_from_options_and_from_front_matter() -> None:
    assert _outline_json("同志们：\n", form="speech")["form"] == "speech"
    front = "---\nform: pledge\ndate: 2024-03-01\n---\n同志们：\n"
    outline = _outline_json(front, form="speech")
    assert outline["form"] == "pledge"
    assert outline["meta"] == {"form": "pledge", "date": "2024-03-01"}


def test_minutes_follow_chars_per_minute() -> None:
    source = _seed_text()
    assert _outline_json(source, chars_per_minute=100)["stats"]["minutes"] == 26.6
    assert _outline_json(source, chars_per_minute=0)["stats"]["minutes"] == 0.0


def test_lexicons_are_data_and_can_be_extended() -> None:
    source = "诸位乡亲：\n今天开会。\n"
    assert _outline_json(source)["salutation"] is None
    lexicon = default_lexicon().extended(
        {"salutation_nouns": ["乡亲"], "salutation_heads": ["诸位"]}
    )
    document = Document("a.txt", source)
    outline = build_outline(parse(document), lexicon=lexicon)
    assert outline.salutation is not None
    assert outline.salutation.text == "诸位乡亲："


def test_walk_points_is_depth_first() -> None:
    source = "同志们：\n一、甲方面\n（一）子一。\n（二）子二。\n二、乙方面\n"
    outline: Outline = build_outline(parse(Document("a.txt", source)))
    assert [(p.marker, p.level) for p in outline.walk_points()] == [
        ("一、", 1),
        ("（一）", 2),
        ("（二）", 2),
        ("二、", 1),
    ]


def test_nested_ordered_lists_are_sub_points() -> None:
    source = (
        "同志们：\n\n下面我讲两点意见。\n\n"
        "1. 要加强领导。内容。\n   1. 要学习。\n   2. 要实干。\n2. 要落实。\n"
    )
    outline = _outline_json(source)
    first, second = outline["points"]
    assert [(p["number"], p["level"]) for p in (first, second)] == [(1, 1), (2, 1)]
    assert [(p["marker"], p["level"], p["topic"]["text"]) for p in first["points"]] == [
        ("1.", 2, "要学习。"),
        ("2.", 2, "要实干。"),
    ]
    assert first["points"][0]["span"]["start"] == [6, 4]
    assert first["span"] == {"start": [5, 1], "end": [7, 11]}


# -- the bundled examples --------------------------------------------------------------------

_EXAMPLES = [
    ("01-paragraph-ordinal.txt", "paragraph", "ordinal", 4),
    ("02-heading.md", "heading", "han", 3),
    ("03-bold-lead.md", "bold", "ordinal", 4),
    ("04-list.md", "list", "arabic", 3),
]


@pytest.mark.parametrize(("name", "form", "style", "count"), _EXAMPLES)
def test_bundled_examples_have_the_full_form(name: str, form: str, style: str, count: int) -> None:
    outline = _outline_of_bytes((EXAMPLES / name).read_bytes(), name)
    assert outline["title"]["text"].endswith("上的讲话")
    assert outline["salutation"]["text"] == "同志们："
    assert outline["opening"]["recap"]["text"].startswith("刚才，")
    assert outline["opening"]["transition"]["text"].startswith("下面，我")
    points = outline["points"]
    assert [p["number"] for p in points] == list(range(1, count + 1))
    assert {(p["form"], p["style"]) for p in points} == {(form, style)}
    assert all(p["topic"]["text"].startswith("要") for p in points)
    assert outline["closing"]["call_to_action"] is not None


def test_heading_example_nests_its_sub_points() -> None:
    name = "02-heading.md"
    outline = _outline_of_bytes((EXAMPLES / name).read_bytes(), name)
    second = outline["points"][1]
    assert [(p["marker"], p["style"], p["level"]) for p in second["points"]] == [
        ("（一）", "paren-han", 2),
        ("（二）", "paren-han", 2),
        ("（三）", "paren-han", 2),
    ]
    assert [p["topic"]["text"] for p in second["points"]] == [
        "持续提升政务服务效能。",
        "着力规范涉企执法监管。",
        "全力破解要素保障难题。",
    ]
    assert [p["points"] for p in (outline["points"][0], outline["points"][2])] == [[], []]


def test_bold_example_reads_its_front_matter() -> None:
    name = "03-bold-lead.md"
    outline = _outline_of_bytes((EXAMPLES / name).read_bytes(), name)
    assert outline["meta"] == {"form": "meeting-speech", "speaker": "张华", "duration": 25}
    assert outline["title"]["span"]["start"] == [7, 1]


# -- the public corpus -----------------------------------------------------------------------

CONGRESS_POINTS = {
    "cpc12": 6, "cpc13": 7, "cpc14": 4, "cpc15": 10, "cpc16": 10, "cpc17": 12, "cpc18": 12,
    "cpc19": 13, "cpc20": 15,
}  # fmt: skip


def _corpus_files() -> list[Path]:
    return sorted((CORPUS / "public").glob("*.txt"))


@needs_corpus
def test_all_forty_public_reports_parse() -> None:
    files = _corpus_files()
    assert len(files) == 40
    for path in files:
        document = Document.from_bytes(path.name, path.read_bytes())
        parsed = parse(document)
        for unit in parsed.units:
            for vstart, sstart, length in unit.runs:
                assert (
                    unit.text[vstart : vstart + length] == document.text[sstart : sstart + length]
                )
        outline = build_outline(parsed, form="speech")
        result = outline.to_json(document)
        _check_outline_json(result)
        assert result["salutation"] is not None, path.name
        assert len(result["points"]) >= 2, path.name


@needs_corpus
@pytest.mark.parametrize(("name", "count"), sorted(CONGRESS_POINTS.items()))
def test_congress_reports_top_level_points(name: str, count: int) -> None:
    path = CORPUS / "public" / f"{name}.txt"
    outline = build_outline(parse(Document.from_bytes(path.name, path.read_bytes())))
    assert [p.number for p in outline.points] == list(range(1, count + 1))
    assert {p.style for p in outline.points} == {"han"}
    # （一） sections are sub-points of 一、 parts, never parts of their own.
    nested = [p for p in outline.walk_points() if p.style == "paren-han"]
    assert all(p.level == 2 for p in nested)
    if name >= "cpc16":
        assert len(nested) >= 30
