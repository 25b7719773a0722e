"""The narration says no more than the source (issue 14, item 3), over every bundled voice and
every bundled and test source: no relational connective (例如, for example, 因此, however,
in particular …) that the slide's own text does not carry, no "X added" for a question's first
answer, no attribution verb said twice (「X認為，她認為…」), no sentence end said twice
(「…還有多遠？。」), no Simplified character left in a Traditional episode's script and deck.
A voice file of the older one-list form still loads and narrates as honestly."""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from _support import ALL_SOURCES, BUNDLED_SOURCES, SEED, TEMPLATES, all_strings, build

from generator.model import to_dict
from generator.plan.production import Production, produce
from generator.plan.voice import load_voice
from generator.readers import read_episode

VOICES = sorted(p.stem for p in (TEMPLATES / "voices").glob("*.yaml"))

# Small sources in shapes the bundled ones lack: a title that is a question, points ending in a
# comma or semicolon, a point that says its own 她認為 / She thinks, a point marked "e.g.".
MADE = {
    "zh-question-title.md": """# 我們距離安全的AI還有多遠？

## 引言

- 大家好，這裡是最佳拍檔，我是大飛。

## 專家介紹

- **陳立群：** 電池材料研究員
- **王美玲：** 回收廠營運主管

## 專家觀點

### 1. 陳立群

- **材料的價值：**
  - 她認為，鋰的回收率已經可以超過 95%，
  - 回收材料的品質和新礦相差無幾；
  - 例：一噸廢電池可以回收約 150 公斤的鋰鹽
- **技術瓶頸：**
  - 主張先把拆解自動化。

## Q&A

### 問題 1：誰來監督監督者？

- **陳立群：** 需要第三方，
- **王美玲：** 還要公開透明。
""",
    "en-question-title.md": """# Are We Ready for Robots at Home?

## Introduction

- Welcome back to Signal Boost, I'm Ana.

## Guests

- **Sarah Kim:** roboticist
- **Tom Becker:** policy advisor

## Viewpoints

### 1. Sarah Kim

- **Touch:**
  - She thinks touch sensing comes first,
  - Sensors are still expensive;
  - e.g. a fingertip sensor costs more than the motor
- **Hands:**
  - Nobody covers a whole hand yet.

## Q&A

### Question 1: What is next?

- **Tom Becker:** Rules for where robots may work.
- **Sarah Kim:** Cheaper touch sensing.
""",
}

RELATIONAL = (
    "例如",
    "比如",
    "舉例來說",
    "举例来说",
    "譬如",
    "因此",
    "所以",
    "但是",
    "然而",
    "不過",
    "不过",
    "尤其",
    "特別是",
    "特别是",
    "for example",
    "for instance",
    "therefore",
    "however",
    "in particular",
    "especially",
)
# written marks that carry a relation, so the narration may say it aloud (in the voice's language)
_EXAMPLE_MARKS, _CONSEQUENCE_MARKS = ("例：", "例:", "e.g.", "eg."), ("→",)
MARKS = {
    **dict.fromkeys(
        ("例如", "比如", "舉例來說", "举例来说", "譬如", "for example", "for instance"), _EXAMPLE_MARKS
    ),
    **dict.fromkeys(("因此", "所以", "therefore"), _CONSEQUENCE_MARKS),
}
FOLLOW_UP = re.compile(r"\badded\b|\balso\b|也給出|也给出|補充|补充")
_SAYING_ZH = "認為|认为|表示|指出|提到|強調|强调|說(?!得)|说(?!得)|覺得|觉得|主張|主张|相信"
_SAYING_EN = r"(?:thinks?|says?|argues?|believes?|notes?|points? out)"
DOUBLED_ATTRIBUTION = re.compile(
    rf"(?:{_SAYING_ZH}|看來|看来|說法|说法)[，,：:]\s*(?:她|他|其|我)?(?:也)?(?:{_SAYING_ZH})"
    rf"|(?:view|argues|points out|notes|says|answered|response|added),?:? (?:she|he|they|I) (?:also )?{_SAYING_EN}\b",
    re.I,
)
DOUBLED_PUNCTUATION = re.compile(r"[？！?!。][。.]|[，,、；;][。.]|[？！。][，：；]|(?<!\.)\.\.(?!\.)")
# Characters OpenCC's s2tw changes on their own but that are right in these Traditional
# sources as written: 傑弗里 and 公里, 干擾, 台灣, 雇用.
VALID_IN_BOTH = set("里干台雇")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("made")
    for name, text in MADE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.iterdir())


def every_source(made: list[Path]) -> list[Path]:
    return BUNDLED_SOURCES + ALL_SOURCES + made


@cache
def production(path: Path, voice: str) -> Production:
    episode, _ = read_episode(path)
    return produce(episode, voice=voice)


def _slide_source(slide, episode) -> str:
    """What the source says on this slide: its title, labels and points (and, on the title
    slide, the episode's topic and greeting, which the narration speaks there)."""
    parts = [slide.title, slide.subtitle] + [b.full_text for b in slide.bullets]
    if slide.kind == "title":
        parts += [episode.topic or "", episode.title, episode.host.greeting or ""]
    if slide.kind == "closing":
        parts.append(episode.host.sign_off or "")
    return "\n".join(parts)


def _unsupported(narration: str, source: str) -> list[str]:
    found = []
    for word in RELATIONAL:
        said = narration.lower().count(word)
        carried = source.lower().count(word) + sum(source.lower().count(mark) for mark in MARKS.get(word, ()))
        if said > carried:
            found.append(word)
    return found


def _first_answer_follow_ups(slide, narration: str) -> list[str]:
    """The words between a question and its first answer that presume an earlier answer."""
    if slide.kind != "question" or slide.continued:
        return []
    lead = next((b for b in slide.bullets if b.lead), None)
    first = next((b for b in slide.bullets if not b.lead and b.label and not b.level), None)
    if not lead or not first:
        return []
    start = narration.find(lead.text.rstrip("。？?.")) + len(lead.text.rstrip("。？?."))
    end = narration.find(first.text.rstrip("。.，,；;"), start)
    return FOLLOW_UP.findall(narration[start:end]) if end > 0 else []


def _honesty_faults(path: Path, voice: str) -> list[tuple]:
    made = production(path, voice)
    faults = []
    for slide, text in zip(made.slides, made.narration.texts, strict=False):
        source = _slide_source(slide, made.episode)
        faults += [(slide.number, "relational", w, text) for w in _unsupported(text, source)]
        faults += [(slide.number, "first answer", w, text) for w in _first_answer_follow_ups(slide, text)]
        faults += [(slide.number, "attribution", m.group(), text) for m in DOUBLED_ATTRIBUTION.finditer(text)]
        faults += [(slide.number, "punctuation", m.group(), text) for m in DOUBLED_PUNCTUATION.finditer(text)]
    return faults


# --------------------------------------------------------------------------- every voice, every source


@pytest.mark.parametrize("voice", VOICES)
def test_narration_claims_nothing_the_source_does_not(made, voice):
    faults = [(p.name, *f) for p in every_source(made) for f in _honesty_faults(p, voice)]
    assert faults == []


def test_the_checks_see_what_the_old_narration_got_wrong():
    """The checks above are not vacuous: each catches the fault issue 14 quotes."""
    assert _unsupported(
        "For example, long-lived branches hide integration pain.",
        "Long-lived branches hide integration pain.",
    ) == ["for example"]
    assert _unsupported("比如說，模型能寫程式。", "例：模型能寫程式") == []
    assert DOUBLED_ATTRIBUTION.search("陳立群指出，她認為，鋰的回收率")
    assert DOUBLED_ATTRIBUTION.search("阿曼達提到，主張務實的對齊方式")
    assert DOUBLED_ATTRIBUTION.search("In Tom's view, he thinks so.")
    assert not DOUBLED_ATTRIBUTION.search("王美玲補充說：她說得對")
    for doubled in ("還有多遠？。", "What next?.", "Wow!.", "結束。。", "意圖，。", "done;."):
        assert DOUBLED_PUNCTUATION.search(doubled), doubled
    assert not DOUBLED_PUNCTUATION.search("Wait... then go.")


def test_a_point_marked_as_an_example_is_said_as_one(made):
    english = production(next(p for p in made if p.name.startswith("en-")), "english").narration
    assert "For example, a fingertip sensor costs more than the motor." in " ".join(english.texts)
    chinese = production(next(p for p in made if p.name.startswith("zh-")), "dafei").narration
    assert re.search(r"(?:比如說|舉例來說)，一噸廢電池", "".join(chinese.texts))


def test_a_point_with_its_own_verb_of_saying_is_attributed_once(made):
    chinese = "".join(production(next(p for p in made if p.name.startswith("zh-")), "dafei").narration.texts)
    assert "陳立群認為，鋰的回收率已經可以超過 95%。" in chinese
    assert "陳立群主張先把拆解自動化。" in chinese
    english = " ".join(
        production(next(p for p in made if p.name.startswith("en-")), "english").narration.texts
    )
    assert "Sarah thinks touch sensing comes first." in english


def test_a_question_title_is_not_followed_by_a_full_stop(made):
    chinese = "".join(production(next(p for p in made if p.name.startswith("zh-")), "dafei").narration.texts)
    assert "還有多遠？" in chinese and "還有多遠？。" not in chinese
    english = " ".join(
        production(next(p for p in made if p.name.startswith("en-")), "english").narration.texts
    )
    assert "Robots at Home?" in english and "Home?." not in english


# --------------------------------------------------------------------------- Traditional output


def _simplified_left(text: str) -> set[str]:
    import opencc

    convert = opencc.OpenCC("s2tw").convert
    return {c for c in set(text) if "\u4e00" <= c <= "\u9fff" and convert(c) != c} - VALID_IN_BOTH


def _deck_text(deck: Path) -> str:
    with zipfile.ZipFile(deck) as package:
        return " ".join(
            re.sub(r"<[^>]+>", " ", package.read(n).decode())
            for n in package.namelist()
            if n.startswith("ppt/slides/slide") and n.endswith(".xml")
        )


def _traditional(paths: list[Path]) -> list[Path]:
    return [p for p in paths if read_episode(p)[0].language == "zh-Hant"]


def test_no_simplified_character_in_a_traditional_script_or_deck(made, tmp_path):
    sources = _traditional(every_source(made))
    assert SEED in sources and len(sources) >= 4
    left = {}
    for n, path in enumerate(sources):
        out = build(path, tmp_path / str(n), "--only", "deck,script", "-q")
        found = _simplified_left(
            (out / "script.txt").read_text(encoding="utf-8") + _deck_text(out / "deck.pptx")
        )
        if found:
            left[path.name] = sorted(found)
    assert left == {}


@pytest.mark.parametrize("voice", VOICES)
def test_no_simplified_character_in_traditional_narration_with_any_voice(made, voice):
    left = {
        p.name: sorted(found)
        for p in _traditional(every_source(made))
        if (found := _simplified_left("".join(production(p, voice).narration.texts)))
    }
    assert left == {}


def test_the_seed_model_holds_the_traditional_word_everywhere():
    """特征 (征 is valid Traditional in 征服) is 特徵 in the titles, labels and points alike."""
    episode, _ = read_episode(SEED)
    strings = list(all_strings(to_dict(episode)))
    assert not [s for s in strings if "特征" in s]
    assert sum("特徵" in s for s in strings) >= 4


def test_the_word_list_reaches_titles_labels_points_and_names(tmp_path):
    path = tmp_path / "words.md"
    path.write_text(
        "# 模型的特征之后\n\n## 引言\n\n- 本期探討模型的特征。\n\n## 專家介紹\n\n"
        "- **特征研究者：** 研究模型特征的專家\n\n## 專家觀點\n\n### 1. 特征研究者\n\n"
        "- **特征與象征：**\n  - 這些特征以后會變得更重要。\n",
        encoding="utf-8",
    )
    episode, _ = read_episode(path)
    assert episode.language == "zh-Hant"
    strings = list(all_strings(to_dict(episode)))
    assert not [s for s in strings if re.search("特征|象征|之后|以后", s)], strings
    assert episode.title == "模型的特徵之後"
    assert [sp.name for sp in episode.speakers] == ["特徵研究者"]


# --------------------------------------------------------------------------- the older voice format


OLD_ZH = """name: 老主持
language: zh-Hant
greeting: 大家好。
sign_off: 再見。
open_topic: 今天聊{topic}。
agenda: 內容有：{items}。
roster: 嘉賓{count}位。{items}。
roster_item: "{name}，{role}"
part: ["「{title}」。"]
topic: ["關於{label}，"]
attribute: ["{speaker}認為，{text}", "在{speaker}看來，{text}"]
continue: ["此外，{text}", "例如，{text}", "因此，{text}", "{text}"]
detail: ["具體來說，{text}", "比如說，{text}", "尤其是{text}"]
question: ["第{n}個問題：{text}"]
answer: ["{speaker}也補充說：{text}", "{speaker}回答：{text}"]
answer_anonymous: ["回答：{text}"]
summary: [總結一下。]
closing_lead: 以上。
"""

OLD_EN = """name: Old host
language: en
greeting: Hello.
sign_off: Bye.
open_topic: "Today: {topic}."
agenda: "We cover {items}."
roster: "{count} guests. {items}."
roster_item: "{name}, {role}"
part: ["Now, {title}."]
topic: ["On {label}:"]
attribute: ["In {speaker}'s view, {text}", "{speaker} argues: {text}"]
continue: ["However, {text}", "Also, {text}"]
detail: ["In particular, {text}", "For example, {text}"]
question: ["Question {n}: {text}"]
answer: ["{speaker} added: {text}"]
answer_anonymous: ["The answer: {text}"]
summary: ["To sum up."]
closing_lead: "That's all."
"""


def test_an_old_one_list_voice_loads_with_its_relational_phrases_set_apart(tmp_path):
    (tmp_path / "old-zh.yaml").write_text(OLD_ZH, encoding="utf-8")
    voice = load_voice(tmp_path / "old-zh.yaml")
    assert voice.phrases["continue"] == ("此外，{text}", "{text}")
    assert voice.phrases["detail"] == ("具體來說，{text}",)
    assert voice.phrases["relational"] == {
        "example": ("例如，{text}", "比如說，{text}"),
        "consequence": ("因此，{text}",),
        "emphasis": ("尤其是{text}",),
    }
    assert voice.phrases["answer"] == ("{speaker}回答：{text}",)
    assert voice.phrases["answer_more"] == ("{speaker}也補充說：{text}", "{speaker}回答：{text}")
    (tmp_path / "old-en.yaml").write_text(OLD_EN, encoding="utf-8")
    voice = load_voice(tmp_path / "old-en.yaml")
    assert voice.phrases["continue"] == ("Also, {text}",)
    assert voice.phrases["detail"] == ("{text}",)  # every phrase claimed a relation: the point bare
    assert voice.phrases["answer"] == ("{speaker}: {text}",)
    assert voice.phrases["answer_more"] == ("{speaker} added: {text}",)


@pytest.mark.parametrize("name, text", [("old-zh.yaml", OLD_ZH), ("old-en.yaml", OLD_EN)])
def test_an_old_one_list_voice_narrates_honestly(made, tmp_path, out, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    faults = [(p.name, *f) for p in every_source(made) for f in _honesty_faults(p, str(path))]
    assert faults == []
    build(SEED, out, "--only", "script", "--voice", path, "-q")
    script = (out / "script.txt").read_text(encoding="utf-8")
    # the seed marks no example or consequence: the old lists' relational phrases are never said
    said = [
        lead
        for lead in ("例如，", "比如說，", "因此，", "For example, ", "In particular, ", "However, ")
        if lead in script
    ]
    assert said == []
