"""W501 near misses: generated misspellings, the seed without curated pairs, the index cache."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from speechlint import hookimpl
from speechlint._engine import Engine
from speechlint._pluginmanager import load_registry
from speechlint.diagnostics import Diagnostic
from speechlint.document import Document
from speechlint.plugins.wording import _lexicon_index, misspelled_phrase, near_miss
from speechlint.plugins.wording._lexicon_index import LexiconIndex, load_index
from speechlint.plugins.wording._word_model import WordModel, pack
from speechlint.plugins.wording.dictionary import builtin_entries
from speechlint.rules import Rule
from speechlint.settings import Settings
from speechlint.testing import lint_text

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "tests" / "fixtures" / "seed.txt"
SAMPLE = 300
SEED_VALUE = 20240310
# Speech sentences with the phrase in the middle of running text (the word model reads four
# characters of context on each side) or between punctuation.
TEMPLATES = (
    "我们要{}，推动各项工作落地见效。",
    "各级党组织要坚持{}，切实担负起管党治党责任。",
    "在新的征程上，{}是我们必须牢牢把握的要求。",
    "这次会议强调{}，大家要认真领会、抓好落实。",
    "同志们，{}，始终是我们做好工作的重要遵循。",
    "党员干部要以{}的精神状态投入工作。",
    "希望大家{}，为全市发展作出新的更大贡献。",
    "要把{}贯穿到工作的全过程和各方面。",
)


@dataclass(frozen=True)
class Misspelling:
    """A lexicon phrase with one character replaced, inside a sentence."""

    right: str
    wrong: str
    template: str

    @property
    def column(self) -> int:
        """0-based column of the phrase in its sentence."""
        return self.template.index("{}")


def gb2312_level1() -> list[str]:
    """The 3,755 common characters of GB 2312 level 1 (rows 16–55, 0xB0A1–0xD7F9)."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            if (row, cell) > (0xD7, 0xF9):
                break  # the last five cells of row 55 are unassigned
            chars.append(bytes((row, cell)).decode("gb2312"))
    return chars


def lexicon_rows() -> list[tuple[str, list[str]]]:
    """``(phrase, readings in the phrase)`` of the built-in lexicon."""
    data = resources.files("speechlint.plugins.wording") / "data" / "lexicon" / "phrases.tsv"
    lines = [line for line in data.read_text("utf-8").splitlines() if not line.startswith("#")]
    return [(cells[0], cells[3].split(" ")) for cells in (line.split("\t") for line in lines[1:])]


def generate(index: LexiconIndex, count: int = SAMPLE) -> list[Misspelling]:
    """``count`` misspellings of distinct lexicon phrases (deterministic).

    One character is replaced by a GB 2312 level-1 character sharing its toneless reading in
    the phrase (a homophone) -- or, for every fifth phrase, a reading the fuzzy input methods
    confuse (z/zh, n/l, in/ing: a near-homophone), where the phrase has one.  Substitutions
    that spell another known word are not misspellings the rule could tell from intent and are
    not drawn.  Phrases that are
    themselves dictionary entries (a formula W503 wants quoted, a variant spelling W501 lists)
    are not drawn either: their correct form is not clean text.
    """
    by_reading: dict[str, list[str]] = {}  # fuzzy reading → characters: homophones and near ones
    for char in gb2312_level1():
        for reading in index.chars.readings(char):
            by_reading.setdefault(near_miss.fuzzy(reading), []).append(char)
    listed = {entry.wrong for entry in builtin_entries()}
    rng = random.Random(SEED_VALUE)
    rows = [row for row in lexicon_rows() if not any(w in row[0] for w in listed)]
    found: list[Misspelling] = []
    for phrase, readings in rng.sample(rows, len(rows)):
        near = len(found) % 5 == 4
        wrong = _misspell(phrase, readings, by_reading, index, rng, near)
        if wrong is not None:
            found.append(Misspelling(phrase, wrong, rng.choice(TEMPLATES)))
        if len(found) == count:
            break
    return found


def _misspell(
    phrase: str,
    readings: list[str],
    by_reading: dict[str, list[str]],
    index: LexiconIndex,
    rng: random.Random,
    near_homophone: bool,
) -> str | None:
    same, near = [], []
    for position, (char, reading) in enumerate(zip(phrase, readings, strict=True)):
        for other in by_reading.get(near_miss.fuzzy(reading), ()):
            wrong = phrase[:position] + other + phrase[position + 1 :]
            if other == char or wrong in index.words:
                continue
            (same if reading in index.chars.readings(other) else near).append(wrong)
    choices = (near or same) if near_homophone else (same or near)
    return rng.choice(sorted(choices)) if choices else None


def _lint(text: str, select: tuple[str, ...]) -> tuple[Document, list[Diagnostic]]:
    engine = Engine(load_registry(entry_points=False))
    document = Document("generated.txt", text)
    return document, engine.lint(document, Settings(form="speech", select=select)).diagnostics


def _by_line(document: Document, found: list[Diagnostic]) -> dict[int, list[Diagnostic]]:
    lines: dict[int, list[Diagnostic]] = {}
    for diagnostic in found:
        lines.setdefault(document.position(diagnostic.range.start).line, []).append(diagnostic)
    return lines


# -- generated misspellings ------------------------------------------------------------------


@pytest.fixture(scope="module")
def misspellings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Misspelling]]:
    # Module fixtures run before tests/conftest.py's private cache: never the user's cache.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(_lexicon_index.CACHE_ENV, str(tmp_path_factory.mktemp("cache")))
        yield generate(load_index())


def test_the_generator_draws_from_3755_characters_and_enough_phrases(
    misspellings: list[Misspelling],
) -> None:
    assert len(gb2312_level1()) == 3755
    assert len({m.right for m in misspellings}) == SAMPLE >= 200
    level1 = set(gb2312_level1())
    for item in misspellings:
        changed = [w for w, r in zip(item.wrong, item.right, strict=True) if w != r]
        assert len(changed) == 1 and changed[0] in level1


def test_generated_misspellings_are_found_and_corrected(misspellings: list[Misspelling]) -> None:
    text = "\n".join(item.template.format(item.wrong) for item in misspellings)
    document, found = _lint(text, ("W501",))
    lines = _by_line(document, found)
    detected = corrected = 0
    missed = []
    for line, item in enumerate(misspellings):
        mine = [d for d in lines.get(line, []) if _covers(document, d, line, item)]
        if not mine:
            missed.append(f"{item.wrong} ({item.right})")
            continue
        detected += 1
        corrected += any(d.fix and d.fix.edits[0].new_text == item.right for d in mine)
    recall, correction = detected / len(misspellings), corrected / len(misspellings)
    print(f"recall {recall:.1%}, correction {correction:.1%}; missed: {', '.join(missed)}")
    assert recall >= 0.85, missed
    assert correction >= 0.75


def _covers(document: Document, diagnostic: Diagnostic, line: int, item: Misspelling) -> bool:
    start = document.position(diagnostic.range.start)
    end = document.position(diagnostic.range.end)
    return start.line == line and start.column < item.column + 4 and item.column < end.column


def test_correctly_spelled_sentences_get_no_w_finding(misspellings: list[Misspelling]) -> None:
    text = "\n".join(item.template.format(item.right) for item in misspellings)
    _document, found = _lint(text, ("W",))
    assert found == []


# -- the seed ------------------------------------------------------------------------------


class _NearMissesOnly:
    """A plugin whose W501 reports near misses only: the curated pairs removed."""

    @hookimpl
    def speechlint_rules(self) -> list[Rule]:
        return [Rule(misspelled_phrase.META, misspelled_phrase.near_misses)]


def _summary(document: Document, found: list[Diagnostic]) -> list[tuple[Any, ...]]:
    rows = []
    for diagnostic in found:
        data = diagnostic.to_json(document)
        fix = data["fix"]
        covered = document.text[diagnostic.range.start : diagnostic.range.end]
        rows.append(
            (data["code"], data["line"], data["column"], covered, fix["edits"][0]["text"],
             fix["applicability"])
        )  # fmt: skip
    return rows


def test_seed_near_misses_without_the_curated_pairs() -> None:
    registry = load_registry(entry_points=False, builtin=[], extra=[_NearMissesOnly()])
    document = Document(str(SEED), SEED.read_text("utf-8"))
    found = Engine(registry).lint(document, Settings(select=("W501",))).diagnostics
    assert _summary(document, found) == [
        ("W501", 6, 208, "港移默化", "潜移默化", "unsafe"),
        ("W501", 6, 242, "惩前恶后", "惩前毖后", "unsafe"),
    ]


def test_seed_curated_pairs_win_over_near_misses() -> None:
    document, found = lint_text(SEED.read_text("utf-8"), select=("W501",))
    assert _summary(document, found) == [
        ("W501", 6, 208, "港移默化", "潜移默化", "safe"),
        ("W501", 6, 242, "惩前恶后", "惩前毖后", "safe"),
        ("W501", 9, 58, "主题责任", "主体责任", "safe"),
    ]


# -- options, allow words, where the rule does not look ----------------------------------------


def _w501(text: str, **options: Any) -> list[tuple[str, str]]:
    document, found = lint_text(text, select=("W501",), options=options)
    return [
        (document.text[d.range.start : d.range.end], d.fix.edits[0].new_text if d.fix else "")
        for d in found
    ]


def test_near_miss_message_names_the_slip() -> None:
    _document, found = lint_text("要一如继往地做好工作。", select=("W501",))
    assert [d.message for d in found] == ["“一如继往”应为“一如既往”"]  # the curated pair
    _document, found = lint_text("大家要睦领友好。", select=("W501",))
    assert [d.message for d in found] == ["“睦领友好”疑为“睦邻友好”之误（音近）"]
    engine = Engine(load_registry(entry_points=False))
    document = Document("case.md", "大家要睦领友好。")
    found = engine.lint(document, Settings(select=("W501",), lang="en")).diagnostics
    assert [d.message for d in found] == [
        "“睦领友好” looks like a misspelling of “睦邻友好” (similar sound)"
    ]


def test_options_near_miss_allow_ignore_and_phrases() -> None:
    text = "同周边国家的睦领友好关系不断发展。"
    assert _w501(text) == [("睦领友好", "睦邻友好")]
    assert _w501(text, **{"near-miss": False}) == []
    assert _w501(text, allow=["睦领友好关系"]) == []
    assert _w501(text, allow=["国家的睦领"]) == [("睦领友好", "睦邻友好")]  # covers a part only
    assert _w501(text, ignore=["睦领友好"]) == []
    own = "要构建亲青政商关系。"
    assert _w501(own) == []
    assert _w501(own, phrases=["亲清政商"]) == [("亲青政商", "亲清政商")]


def test_dictionary_allow_words_cover_near_misses() -> None:
    # data/near-miss-allow.tsv: 勠力同心 is a legitimate spelling, not a slip for 戮力同心.
    assert _w501("全体中华儿女勠力同心、奋力实现中国梦。") == []
    assert _w501("全体中华儿女戮力同心、奋力实现中国梦。") == []


def test_organisation_pairs_add_their_correct_forms_to_the_lexicon(tmp_path: Path) -> None:
    own = tmp_path / "own.tsv"
    own.write_text(
        "kind\twrong\tright\tsource\texample\nconfusion\t清清政商\t亲清政商\t局办公室\t清清政商。\n",
        encoding="utf-8",
    )
    engine = Engine(load_registry(entry_points=False))
    document = Document("case.md", "要构建亲青政商关系。")
    settings = Settings(select=("W501",), dictionaries=(own,))
    found = engine.lint(document, settings).diagnostics
    assert [d.fix.edits[0].new_text for d in found if d.fix] == ["亲清政商"]


@pytest.mark.parametrize(
    "text",
    [
        "请阅读《港移默化》一书。",  # a cited title is quoted as it is
        "词表里的 `港移默化` 是示例。",  # code
        "这是经济发展的重要条件。",  # 重要 + 条件 reads fine (not 充要条件)
        "不把不平等关系强加于任何外国。",  # 任何 takes the 任 (not 强加于人)
        "措施的效应正在进一步发挥。",  # 正在 + 进一步 (not 再进一步)
    ],
)
def test_no_near_miss(text: str) -> None:
    assert _w501(text, ignore=["港移默化"]) == []


def test_markup_inside_the_phrase_reports_without_a_fix() -> None:
    # The range starts at the visible text; replacing it would delete the markup.
    assert _w501("大家要**睦领**友好。") == [("睦领**友好", "")]


# -- the detector's parts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "right", "expected"),
    [
        ("墨", "默", "sound"),  # mo
        ("领", "邻", "fuzzy"),  # ling / lin
        ("卷", "券", "shape"),  # data/lexicon/shapes.tsv
        ("恶", "毖", "rare"),  # 毖 is met in one idiom only
        ("港", "潜", "radical"),  # 氵
        ("天", "默", None),
    ],
)
def test_slip(written: str, right: str, expected: str | None) -> None:
    index = load_index()
    readings = index.chars.readings(right)
    assert near_miss.slip(written, right, readings, index) == expected


def test_word_model_prefers_readings_made_of_known_words() -> None:
    words = load_index().words
    assert "潜移默化" in words and "港移默化" not in words
    assert words.score("潜移默化") > words.score("港移默化")
    index = load_index()
    text = "这是经济发展的重要条件。"
    assert near_miss.gain(text, text.index("重要"), "充要条件", index) < 1  # 重要 + 条件
    text = "使党员干部在港移默化中受熏陶。"
    assert near_miss.gain(text, text.index("港"), "潜移默化", index) > 20
    assert pack("潜移默化") == (0x6F5C << 48) | (0x79FB << 32) | (0x9ED8 << 16) | 0x5316
    assert pack("𠀀") == 0 and pack("") == 0 and pack("一二三四五") == 0


def test_masked_keys_map_to_the_missing_characters() -> None:
    index = load_index()
    assert "潜" in index.masked["\x00移默化"]
    assert "毖" in index.masked["惩前\x00后"]
    assert index.chars.readings("恶") == ("e", "wu")
    assert index.chars.weight("毖") < index.chars.weight("恶")


def test_candidates_cover_every_window_and_masked_position() -> None:
    index = load_index()
    text = "港移默化，潜移墨化，潜移默话，惩前恶后"
    found = {(c.wrong, c.right) for c in near_miss.find(text, index)}
    assert found >= {("港移默化", "潜移默化"), ("潜移墨化", "潜移默化"), ("潜移默话", "潜移默化")}


# -- the index cache -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> tuple[object, ...]:
    """What building the index produces (built once for the cache tests)."""
    return _lexicon_index._build()


@pytest.fixture
def builds(built: tuple[object, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A private cache directory; ``_build`` returns ``built`` and counts its calls."""
    calls: list[int] = []

    def build() -> tuple[object, ...]:
        calls.append(1)
        return built

    monkeypatch.setenv(_lexicon_index.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(_lexicon_index, "_build", build)
    return calls


def _load() -> LexiconIndex:
    """Load the index past the per-process cache (which the other tests keep using)."""
    return _lexicon_index.load_index.__wrapped__()


def _entry() -> Path:
    return _lexicon_index.cache_directory() / f"{_lexicon_index.fingerprint()}.marshal"


def test_index_is_built_once_then_loaded_from_the_cache(builds: list[int]) -> None:
    first = _load()
    assert builds == [1] and _entry().is_file()
    loaded = _load()
    assert builds == [1]
    assert loaded.masked == first.masked and "潜移默化" in loaded.words


def test_a_corrupt_cache_entry_is_rebuilt(builds: list[int]) -> None:
    _entry().parent.mkdir(parents=True)
    _entry().write_bytes(b"not marshal data")
    assert "潜移默化" in _load().words
    assert builds == [1] and _entry().read_bytes() != b"not marshal data"


def test_an_unwritable_cache_still_gives_an_index(builds: list[int]) -> None:
    directory = _lexicon_index.cache_directory()
    directory.parent.mkdir(parents=True, exist_ok=True)
    directory.write_text("a file where the directory should be", encoding="utf-8")
    assert "潜移默化" in _load().words
    assert builds == [1]


def test_indexes_from_other_data_are_kept_a_few_at_a_time(builds: list[int]) -> None:
    # Other installs on the machine (editor, pre-commit, command line) stamp their own data
    # files: the newest few stay, so installs that take turns do not rebuild each other's.
    prefix = f"{_lexicon_index.__version__}-{_lexicon_index.FORMAT}-"
    directory = _entry().parent
    directory.mkdir(parents=True)
    others = [directory / f"{prefix}{index}.marshal" for index in range(5)]
    for age, other in enumerate(others):
        other.write_bytes(b"")
        os.utime(other, ns=(1_000_000_000 * (age + 1),) * 2)  # others[4] is the newest
    dictionaries = directory / f"{prefix}{_lexicon_index._DICTIONARIES}0.marshal"
    other_version = directory / "0.0.1-1-0.marshal"
    dictionaries.write_bytes(b"")
    other_version.write_bytes(b"")
    _load()
    kept = {_entry(), *others[-(_lexicon_index.KEEP - 1) :], dictionaries, other_version}
    assert set(directory.iterdir()) == kept


def test_the_fingerprint_changes_with_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _lexicon_index.fingerprint()
    monkeypatch.setattr(_lexicon_index, "__version__", "99.0")
    assert _lexicon_index.fingerprint() != before
    assert _lexicon_index.fingerprint().startswith("99.0-")


def test_with_phrases_adds_keys_without_touching_the_built_in_index() -> None:
    index = load_index()
    larger = index.with_phrases(["亲清政商", "潜移默化", "太长的一个短语"])
    assert "亲" in larger.masked["\x00清政商"] and "\x00清政商" not in index.masked
    assert "亲清政商" in larger.words and "亲清政商" not in index.words
    assert index.with_phrases(["潜移默化"]) is index


def test_word_model_extra_words() -> None:
    words = load_index().words
    assert isinstance(words, WordModel)
    assert words.with_extra({"亲清政商": 6}).log2_frequency("亲清政商") == 6
    assert words.log2_frequency("亲清政商") is None


def test_the_radicals_are_the_kangxi_radicals_in_their_unified_form() -> None:
    import unicodedata

    unified = [unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)]
    assert "".join(unified) == near_miss.RADICALS
    assert near_miss._radical("港") == near_miss._radical("潜") == 85  # 水
    assert near_miss._radical("a") is None
