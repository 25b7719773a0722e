"""The seed transcript (content/ai-alignment-salon.txt): what the importer must get out of it,
and what it must leave out (the assistant's chatter)."""

from __future__ import annotations

import pytest
from _support import (
    ALL_SOURCES,
    SEED,
    SEED_NATIVE,
    all_point_texts,
    all_strings,
    read,
    roundtrip,
    section,
    without_lines,
)

from generator.errors import Diagnostic
from generator.model import Episode, SectionKind, to_dict
from generator.readers import read_episode
from generator.writers.native import to_native

SPEAKERS = {
    "alex-tamkin": ("亞歷克斯·塔姆金", "Alex Tamkin", "負責社會影響研究"),
    "josh-batson": ("喬什·巴特森", "Josh Batson", "鑽研大模型可解釋性"),
    "amanda-askell": ("阿曼達·阿斯凱爾", "Amanda Askell", "研究方向為對齊微調"),
    "jan-leike": ("揚·萊克", "Jan Leike", "Anthropic 對齊科學負責人，前OpenAI員工。"),
}


@pytest.fixture(scope="module")
def seed_read() -> tuple[Episode, list[Diagnostic]]:
    """The seed and what reading it reported."""
    return read_episode(SEED)


@pytest.fixture(scope="module")
def seed(seed_read: tuple[Episode, list[Diagnostic]]) -> Episode:
    return seed_read[0]


def test_episode_metadata(seed):
    assert seed.title == "AI 對齊到底有多難？"
    assert seed.topic == "AI對齊問題，尤其是AI如何與人類價值觀對齊"
    assert seed.language == "zh-Hant"
    assert seed.show == "最佳拍檔"
    assert seed.host.name == "大飛"
    assert seed.host.greeting == "大家好，這裡是最佳拍檔，我是大飛。"
    # The source says 感谢大家的观看，我们下期再见 (Simplified): normalised to Traditional.
    assert seed.host.sign_off == "感謝大家的觀看，我們下期再見"
    assert seed.date is None


def test_greeting_and_sign_off_are_not_points(seed):
    points = all_point_texts(seed)
    assert not any("我是大飛" in p for p in points)
    assert not any("下期再見" in p or "下期再见" in p for p in points)


def test_speakers(seed):
    assert [s.id for s in seed.speakers] == list(SPEAKERS)
    for s in seed.speakers:
        name, alt, role = SPEAKERS[s.id]
        assert (s.name, s.alt_name, s.role) == (name, alt, role)
    assert [s.alt_name for s in seed.speakers] == ["Alex Tamkin", "Josh Batson", "Amanda Askell", "Jan Leike"]


def test_section_kinds_in_order(seed):
    assert [(s.kind, s.title, s.part) for s in seed.sections] == [
        (SectionKind.INTRO, "引言", None),
        (SectionKind.INTRO, "核心議題：AI 對齊到底有多難？", None),
        (SectionKind.ROSTER, "專家介紹", None),
        (SectionKind.VIEWPOINT, "阿曼達·阿斯凱爾（Amanda Askell）", "專家觀點"),
        (SectionKind.VIEWPOINT, "揚·萊克（Jan Leike）", "專家觀點"),
        (SectionKind.VIEWPOINT, "喬什·巴特森（Josh Batson）", "專家觀點"),
        (SectionKind.DISCUSSION, "三位專家共同探討", "專家觀點"),
        (SectionKind.QA, "觀眾提問環節", None),
        (SectionKind.DISCUSSION, "關於模型中的“湧現”現象", None),
        (SectionKind.SUMMARY, "總結", None),
    ]


def test_questions_and_attributions(seed):
    questions = seed.questions
    assert [q.number for q in questions] == [1, 2, 3]
    assert questions[0].text == "通過API來構建多智能體的思辨系統，卻發現因為對齊機制的限制而停滯不前。"
    assert questions[1].text == "模型如何與社會進行互動關聯，以及如何應對系統性的附帶效應。"
    assert questions[2].text == "在座各位專家的研究都成功，是否就能構成解決AI安全的完整方案？"
    assert [[a.speaker for a in q.answers] for q in questions] == [
        ["amanda-askell"],
        ["alex-tamkin", "amanda-askell"],
        ["jan-leike", "amanda-askell"],
    ]
    # The label is not part of the answer text.
    assert questions[0].answers[0].text.startswith("實現深度思考不一定需要多智能體")
    assert questions[2].answers[0].text.startswith("今天的討論只是對齊研究領域一個的縮影")
    for q in questions:
        for a in q.answers:
            assert "回應" not in a.text[:8]
    # 防范 (Simplified in the source) is normalised.
    assert "防範“越獄”" in questions[2].answers[0].text


def test_summary(seed):
    assert [p.text for p in seed.summary] == [
        "AI 的安全問題不斷引發大家關注，“AI教父”傑弗里·辛頓不斷警示。",
        "Anthropic 作為頭部的 AI 科技公司，以宣稱安全的 AI 起家，投入巨大，不斷有專家加入。",
        "從Anthropic經常公開的專家訪談中，大致了解世界前沿AI進展水平，以及我們距離安全的AI究竟還有多遠。",
    ]


def test_emergence_section(seed):
    emergence = section(seed, "關於模型中的“湧現”現象")
    assert emergence.kind is SectionKind.DISCUSSION
    assert [(t.label, t.speakers) for t in emergence.topics] == [
        ("揚·萊克的舉例", ("jan-leike",)),
        ("喬什·巴特森", ("josh-batson",)),
        ("揚·萊克和喬什·巴特森共同提到", ("jan-leike", "josh-batson")),
    ]
    assert emergence.topics[0].points[0].text == "GPT - 4能夠熟練地讀寫 base64 編碼，而GPT - 3.5卻做不到。"
    # The Simplified passage (检查点…应该通过…) comes out in Traditional.
    assert (
        emergence.topics[1].points[0].text
        == "檢查點checkpoint的重要性，應該通過合理地設置檢查點來監測模型能力的變化。"
    )
    assert "無論模型是在用base64討論加利福尼亞" in emergence.topics[2].points[0].text


def test_viewpoints_per_expert(seed):
    viewpoints = [s for s in seed.sections if s.kind is SectionKind.VIEWPOINT]
    assert [s.speaker for s in viewpoints] == ["amanda-askell", "jan-leike", "josh-batson"]
    amanda, jan, josh = viewpoints
    assert [t.label for t in amanda.topics] == ["對齊的理解", "價值觀植入", "對齊的迭代優化"]
    assert [len(t.points) for t in amanda.topics] == [2, 4, 2]
    assert [t.label for t in jan.topics] == [
        "對阿曼達觀點的回應",
        "可擴展監督的研究方向",
        "在無法直接審查模型行為，以及提供明確對齊信號時",
    ]
    # `     * 可以利用…` (5 spaces, after 4-space siblings) is still a point of its label.
    assert jan.topics[2].points[0].text.startswith("可以利用模型協助工作")
    assert [t.label for t in josh.topics][1] == "如何區分模型的真正善意特徵和“在人類觀察時表現善意”的偽裝特徵"
    assert [len(t.points) for t in josh.topics] == [3, 3, 1]
    discussion = section(seed, "三位專家共同探討")
    assert [t.label for t in discussion.topics] == [
        "模式生物研究",
        "模型的穩健性是一個重要的判斷標準",
        "如何區分模型是表面對齊還是深度對齊的",
    ]
    # `**模式生物研究：**text` on one line: the text is the topic's point.
    assert discussion.topics[0].points[0].text.startswith("通過研究指定的模式生物")


def test_no_markup_left_in_text(seed):
    for text in all_point_texts(seed):
        assert "**" not in text, text
        assert not text.startswith(("*", "-", "#")), text


CHATTER = [
    "好的，我將盡力",
    "好的，我将尽力",
    "整理後的文稿",
    "整理后的文稿",
    "改進說明",
    "改进说明",
    "[model=",
    "gemini",
    "結構化",
    "结构化",
    "提煉要點",
    "提炼要点",
    "對您有幫助",
    "对您有帮助",
    "整理後的版本",
    "整理后的版本",
]


def test_no_chatter_anywhere(seed):
    strings = list(all_strings(to_dict(seed)))
    for text in strings:
        for bit in CHATTER:
            assert bit not in text, (bit, text)
        # 希望 is a normal word in the content (有希望的方向); only the closing line starts with it.
        assert not text.startswith("希望"), text


def test_chatter_reported_as_info(seed_read):
    _, diagnostics = seed_read
    assert [(d.level, d.message) for d in diagnostics] == [
        ("info", "dropped assistant chatter: lines 1–4, lines 90–101")
    ]


def test_line_numbers(seed):
    qa = section(seed, "觀眾提問環節")
    assert qa.line == 67
    assert [q.line for q in qa.questions] == [69, 71, 74]
    assert seed.speakers[0].line == 16


def test_native_conversion_reads_equal(seed):
    native, diagnostics = read_episode(SEED_NATIVE)
    assert native == seed
    assert diagnostics == []


@pytest.mark.parametrize("chinese", ["hant", "hans"])
def test_native_conversion_equal_in_other_scripts(chinese):
    assert read(SEED_NATIVE, chinese=chinese) == read(SEED, chinese=chinese)


def test_keep_leaves_simplified_passages(seed):
    kept = read(SEED, chinese="keep")
    assert kept.language == "zh-Hant"
    assert kept.host.sign_off == "感谢大家的观看，我们下期再见"
    assert any(s.title == "关于模型中的“涌现”现象" for s in kept.sections)
    assert [[a.speaker for a in q.answers] for q in kept.questions] == [
        [a.speaker for a in q.answers] for q in seed.questions
    ]


def test_hans_converts_everything(seed):
    hans = read(SEED, chinese="hans")
    assert hans.language == "zh-Hans"
    assert hans.show == "最佳拍档"
    assert hans.host.name == "大飞"
    assert hans.host.sign_off == "感谢大家的观看，我们下期再见"
    assert [s.name for s in hans.speakers] == ["亚历克斯·塔姆金", "乔什·巴特森", "阿曼达·阿斯凯尔", "扬·莱克"]
    assert [s.id for s in hans.speakers] == [s.id for s in seed.speakers]
    assert any(s.title == "关于模型中的“涌现”现象" for s in hans.sections)


def test_seed_native_roundtrip(seed, tmp_path):
    assert roundtrip(seed, tmp_path) == seed


def test_to_native_is_stable(seed, tmp_path):
    first = to_native(seed)
    again = to_native(roundtrip(seed, tmp_path))
    assert again == first


@pytest.mark.parametrize("chinese", ["auto", "hant", "hans", "keep"])
@pytest.mark.parametrize("path", ALL_SOURCES + [SEED, SEED_NATIVE], ids=lambda p: getattr(p, "name", p))
def test_to_native_roundtrips(path, chinese, tmp_path):
    episode = read(path, chinese=chinese)
    back = roundtrip(episode, tmp_path, chinese=chinese)
    assert back == episode
    # Every node survives, not just the parts equality happens to look at.
    assert without_lines(to_dict(back)) == without_lines(to_dict(episode))
