"""One hand-written source per shape (tests/sources/): the structure the reader must find.

Some tests pin reader bugs found while writing these sources (fixed since);
they start passing (and so fail as XPASS) once the reader is fixed: then drop the marker.
"""

from __future__ import annotations

import pytest
from _support import all_point_texts, kinds, read, source, texts, topics_by_label

from generator.model import Episode, SectionKind, Topic
from generator.readers import read_episode

K = SectionKind


def answers(episode: Episode) -> list[list[tuple[str | None, str]]]:
    return [[(a.speaker, a.text) for a in q.answers] for q in episode.questions]


# --- (a) Simplified Chinese, `##` headings, `-` bullets, 欢迎收听X，我是Y -------------------------


def test_zh_hans_podcast():
    e, notes = read_episode(source("zh-hans-podcast.md"))
    assert notes == []
    assert e.language == "zh-Hans"
    assert (e.show, e.host.name) == ("科技早知道", "李明")
    assert e.host.greeting == "欢迎收听科技早知道，我是李明。"
    assert e.host.sign_off == "感谢大家的收听，我们下期再见！"
    assert e.topic == "开源大模型的商业化路径"
    assert e.title == "开源大模型的商业化路径"
    assert [(s.id, s.name, s.alt_name, s.role) for s in e.speakers] == [
        ("fang-wang", "王芳", "Fang Wang", "开源社区负责人，长期维护多个模型项目"),
        ("gang-chen", "陈刚", "Gang Chen", "云计算公司首席架构师"),
        ("lei-zhao", "赵磊", "Lei Zhao", "投资人，关注基础模型赛道"),
    ]
    assert [(s.kind, s.title, s.speaker) for s in e.sections] == [
        (K.INTRO, "开场", None),
        (K.ROSTER, "嘉宾介绍", None),
        (K.VIEWPOINT, "王芳（Fang Wang）", "fang-wang"),
        (K.VIEWPOINT, "陈刚（Gang Chen）", "gang-chen"),
        (K.QA, "问答环节", None),
        (K.SUMMARY, "总结", None),
    ]
    assert texts(e.sections[0].topics[0].points) == ["今天我们来聊聊开源大模型的商业化路径。"]
    assert topics_by_label(e.sections[2]) == {
        "开源的价值": ["开源降低了企业试用模型的门槛。", "社区贡献让模型迭代得更快。"],
        "商业模式": ["通过托管服务和企业支持获得收入。", "授权协议的选择会影响后续的商业空间。"],
    }
    assert [(q.number, q.text) for q in e.questions] == [
        (1, "开源模型能否追上闭源模型？"),
        (2, "企业应该如何选择模型？"),
    ]
    assert answers(e) == [
        [
            ("fang-wang", "差距正在缩小，特别是在中小规模的模型上。"),
            ("lei-zhao", "资本更看重落地场景，而不是榜单排名。"),
        ],
        [("gang-chen", "先看数据合规，再看推理成本和维护难度。")],
    ]
    assert texts(e.summary) == ["开源与闭源将长期共存。", "商业化的关键在于服务和生态。"]
    # auto keeps a Simplified source Simplified: nothing was turned into Traditional.
    assert not any(ch in "".join(all_point_texts(e)) for ch in "開說們體會")


def test_zh_hans_podcast_forced_to_traditional():
    e = read(source("zh-hans-podcast.md"), chinese="hant")
    assert e.language == "zh-Hant"
    assert e.host.greeting == "歡迎收聽科技早知道，我是李明。"
    assert [s.name for s in e.speakers] == ["王芳", "陳剛", "趙磊"]
    assert [s.id for s in e.speakers] == ["fang-wang", "gang-chen", "lei-zhao"]
    assert e.questions[0].text == "開源模型能否追上閉源模型？"
    assert [[a.speaker for a in q.answers] for q in e.questions] == [["fang-wang", "lei-zhao"], ["gang-chen"]]


# --- (b) English panel with chatter around it ------------------------------------------------


def test_en_long_run():
    e, notes = read_episode(source("en-long-run.md"))
    assert e.language == "en"
    assert e.title == "Cooling the City: Adapting to Extreme Heat"
    assert e.host.name == "Maya"
    assert e.host.greeting == "Welcome to The Long Run, I'm Maya."
    assert e.host.sign_off == "Thanks for listening, and see you next time."
    assert e.topic == "how cities can adapt to extreme heat"
    assert [(s.id, s.name, s.role) for s in e.speakers] == [
        (
            "daniel-okafor",
            "Daniel Okafor",
            "City Planning Institute, urban planner focused on green infrastructure",
        ),
        ("priya-raman", "Priya Raman", "Coastal Research Lab, climate scientist who studies heat islands"),
        ("tom-becker", "Tom Becker", "policy advisor in the mayor's office"),
    ]
    assert [(s.kind, s.title, s.speaker) for s in e.sections] == [
        (K.INTRO, "Opening", None),
        (K.ROSTER, "Speakers", None),
        (K.VIEWPOINT, "Daniel Okafor", "daniel-okafor"),
        (K.VIEWPOINT, "Priya Raman", "priya-raman"),
        (K.QA, "Audience Questions", None),
        (K.SUMMARY, "Summary", None),
    ]
    assert topics_by_label(e.sections[2]) == {
        "Green infrastructure": [
            "Street trees lower surface temperatures by several degrees.",
            "Parks need water budgets, not just planting budgets.",
        ],
        "Zoning": ["Reflective roofs should be required for new buildings."],
    }
    assert [(q.number, q.text) for q in e.questions] == [
        (1, "Who pays for all of this?"),
        (2, "What can residents do today?"),
    ]
    # "Tom's response" and "Priya's response" name speakers by their given name.
    assert [[a.speaker for a in q.answers] for q in e.questions] == [
        ["tom-becker", "daniel-okafor"],
        ["priya-raman"],
    ]
    assert e.questions[0].answers[0].text == "Most of it comes from existing maintenance budgets, redirected."
    assert texts(e.summary) == [
        "Shade and water matter more than air conditioning alone.",
        "Heat planning is public-health planning.",
    ]
    everything = " ".join(all_point_texts(e))
    for chatter in ("Sure!", "cleaned-up", "Improvements", "Structure", "filler", "Let me know"):
        assert chatter not in everything
    assert [(n.level, n.message) for n in notes] == [
        ("info", "dropped assistant chatter: lines 1–2, lines 43–49")
    ]


def test_en_long_run_show_keeps_the():
    assert read(source("en-long-run.md")).show == "The Long Run"


# --- (c) Traditional Chinese with CRLF, BOM, tabs, odd indentation, NBSP, full-width spaces ------


def test_zh_hant_crlf_file_is_really_messy():
    data = source("zh-hant-crlf.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") > 20
    assert b"\t" in data
    text = data.decode("utf-8-sig")
    assert "\u00a0" in text and "\u3000" in text
    assert any(line.startswith(" " * n + "*") for line in text.split("\r\n") for n in (1, 2, 3))


def test_zh_hant_crlf():
    e, notes = read_episode(source("zh-hant-crlf.txt"))
    assert notes == []
    assert e.language == "zh-Hant"
    assert (e.show, e.host.name) == ("科技新視界", "林小美")
    assert e.host.greeting == "歡迎收看科技新視界，我是林小美。"
    assert e.topic == "半導體供應鏈的變化"
    assert [(s.id, s.name, s.alt_name, s.role) for s in e.speakers] == [
        ("chih-ming-chang", "張志明", "Chih-Ming Chang", "半導體產業分析師"),
        ("shu-fen-huang", "黃淑芬", "Shu-Fen Huang", "晶片設計工程師"),
    ]
    assert kinds(e) == ["intro", "roster", "viewpoint", "viewpoint", "qa", "summary"]
    assert [s.speaker for s in e.sections] == [None, None, "chih-ming-chang", "shu-fen-huang", None, None]
    trends = e.sections[2].topics[0]
    assert trends.label == "產業趨勢"
    # tab (= 4) then 3 spaces + NBSP: siblings under the label; NBSPs are plain spaces.
    assert texts(trends.points)[:2] == ["先進製程的產能持續吃緊。", "成熟製程則面臨價格競爭。"]
    # A full-width space as indentation, NBSPs around AI inside the text.
    assert topics_by_label(e.sections[3]) == {"設計工具": ["電子設計自動化工具越來越依賴 AI 輔助。"]}
    assert [(q.number, q.text) for q in e.questions] == [(1, "台灣的優勢還能維持多久？")]
    # Answers indented 4 then 3 spaces are both answers to the question.
    assert answers(e) == [
        [("chih-ming-chang", "人才與產業聚落短期內難以複製。"), ("shu-fen-huang", "設計端的優勢同樣重要。")]
    ]
    for text in all_point_texts(e) + [s.title for s in e.sections]:
        assert "\r" not in text and "\ufeff" not in text and "\u00a0" not in text and "\u3000" not in text
        assert "\t" not in text and text == text.strip()
    assert e.sections[0].line == 1 and e.sections[-1].line == 30


def test_zh_hant_crlf_irregular_top_level_indent():
    e = read(source("zh-hant-crlf.txt"))
    # ` *   **產業趨勢：**` (1 space) and `  *  **地緣政治：**` (2 spaces) are two labels.
    assert topics_by_label(e.sections[2]) == {
        "產業趨勢": ["先進製程的產能持續吃緊。", "成熟製程則面臨價格競爭。"],
        "地緣政治": ["各國都在推動在地製造。"],
    }
    # ` * 供應鏈…` (1 space) then `  *  感謝大家的收看…` (2 spaces): the last is the sign-off.
    assert e.host.sign_off == "感謝大家的收看，我們下次再見。"
    assert texts(e.summary) == ["供應鏈正在重組，但核心能力仍然集中。"]


def test_crlf_and_lf_read_the_same(tmp_path):
    data = source("zh-hant-crlf.txt").read_bytes()
    lf = tmp_path / "lf.txt"
    lf.write_bytes(data[3:].replace(b"\r\n", b"\n"))
    cr = tmp_path / "cr.txt"
    cr.write_bytes(data[3:].replace(b"\r\n", b"\r"))
    original = read(source("zh-hant-crlf.txt"))
    assert read(lf) == original
    assert read(cr) == original


def test_utf16_with_bom_reads_the_same(tmp_path):
    text = source("zh-hant-crlf.txt").read_bytes().decode("utf-8-sig")
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(("\ufeff" + text).encode(encoding))
        assert read(path) == read(source("zh-hant-crlf.txt"))


# --- (d) the native format ------------------------------------------------------------------


def test_native_en():
    e, notes = read_episode(source("native-en.md"))
    assert notes == []
    assert e.title == "Rebuilding Trust in Science"
    assert e.topic == "how researchers can communicate uncertainty"
    assert e.show == "Open Lab"
    assert (e.host.name, e.host.greeting, e.host.sign_off) == (
        "Sam Ortiz",
        "Hello and welcome to Open Lab, I'm Sam Ortiz.",
        "Thanks for listening, see you next week.",
    )
    assert e.language == "en"
    assert e.date == "2024-05-01"
    assert [(s.id, s.name, s.alt_name, s.role) for s in e.speakers] == [
        ("li-hua", "Li Hua", "李華", "science journalist"),
        ("grace", "Grace Miller", None, "epidemiologist, State University"),
    ]
    assert [(s.kind, s.title, s.part, s.speaker) for s in e.sections] == [
        (K.INTRO, "Why trust fell", None, None),
        (K.VIEWPOINT, "Li Hua", "Perspectives", "li-hua"),
        (K.VIEWPOINT, "Grace Miller", "Perspectives", "grace"),
        (K.QA, "Listener questions", None, None),
        (K.SUMMARY, "Takeaways", None, None),
    ]
    assert topics_by_label(e.sections[1]) == {
        "Reporting uncertainty": [
            "Say what is known, what is not, and when it will be known.",
            "1. Numbers first is a newsroom rule, not a law of nature.",
        ],  # `\1.` escape
        "Headlines": ['Editors should not round "may" up to "will".'],
    }
    guidance = e.sections[2].topics[0]
    assert guidance.label == "Changing guidance"
    assert texts(guidance.points) == ["Guidance changes because evidence changes."]
    assert texts(guidance.points[0].children) == ["Explain the new evidence along with the new advice."]
    assert [(q.number, q.text) for q in e.questions] == [(1, "How do I know which study to believe?")]
    assert answers(e) == [
        [
            ("grace", "Look for replications and for who funded the work."),
            ("li-hua", "Ask whether the journalist linked the paper itself."),
        ]
    ]
    assert texts(e.summary) == [
        "Uncertainty, explained early, builds trust.",
        "Corrections are part of the process.",
    ]
    assert e.sections[0].line == 21


def test_native_attributes_override_guesses(tmp_path):
    text = source("native-en.md").read_text(encoding="utf-8")
    text = text.replace("# Takeaways {kind=summary}", "# Takeaways {kind=other}")
    text = text.replace("# Why trust fell {kind=intro}", "# Why trust fell")
    path = tmp_path / "changed.md"
    path.write_text(text, encoding="utf-8")
    e = read(path)
    assert [s.kind for s in e.sections] == [K.INTRO, K.VIEWPOINT, K.VIEWPOINT, K.QA, K.OTHER]
    assert e.summary == ()


# --- (e) no Q&A, no roster: `+` and `1.` bullets, ### headings under a title -------------------


def test_en_solo_talk():
    e, notes = read_episode(source("en-solo-talk.md"))
    assert notes == []
    assert e.title == "Five Habits of Reliable Software Teams"
    assert (e.show, e.host.name) == ("Deep Field", "Sam")
    assert e.host.greeting == "This is Deep Field, I'm Sam."
    assert e.host.sign_off == "Until next time, keep shipping."
    assert e.topic == "the habits that keep software teams shipping reliably"
    assert e.speakers == ()
    assert e.questions == ()
    assert [(s.kind, s.title, s.part) for s in e.sections] == [
        (K.INTRO, "Introduction", None),
        (K.OTHER, "Small changes", None),
        (K.OTHER, "Automated checks", None),
        (K.OTHER, "Blameless reviews", None),
        (K.SUMMARY, "Recap", None),
    ]
    small = e.sections[1].topics
    assert len(small) == 1 and small[0].label is None
    assert texts(small[0].points) == [
        "Keep every change small enough to review in ten minutes.",
        "Merge to the main branch at least once a day.",
    ]
    assert texts(small[0].points[1].children) == ["Long-lived branches hide integration problems."]
    assert texts(e.sections[2].topics[0].points) == [
        "Every commit runs the full test suite.",
        "A failing build blocks the merge.",
        "Flaky tests are fixed or deleted within a week.",
    ]
    assert topics_by_label(e.sections[3]) == {
        "Focus on systems": ["ask what made the mistake easy, not who made it."],
        "Write it down": ["a short review, shared with everyone."],
    }
    assert all(t.speakers == () for s in e.sections for t in s.topics)
    assert texts(e.summary) == ["Small changes, automated checks and blameless reviews reinforce each other."]


# --- (f) Traditional text with Simplified passages: --chinese auto/hant/hans/keep --------------


def _mixed(chinese: str) -> tuple[Episode, dict[str | None, list[str]], Topic]:
    e = read(source("mixed-script.txt"), chinese=chinese)
    qubit = topics_by_label(e.sections[2])
    software = e.sections[3].topics[0]
    return e, qubit, software


def test_mixed_script_structure():
    e, qubit, software = _mixed("auto")
    assert kinds(e) == ["intro", "roster", "viewpoint", "viewpoint", "summary"]
    assert [s.speaker for s in e.sections] == [None, None, "yi-chun-chen", "chien-hung-wu", None]
    assert [(s.id, s.name, s.alt_name, s.role) for s in e.speakers] == [
        ("yi-chun-chen", "陳怡君", "Yi-Chun Chen", "量子物理研究員"),
        ("chien-hung-wu", "吳建宏", "Chien-Hung Wu", "軟體工程師"),
    ]
    assert (e.show, e.host.name, e.topic) == ("科學漫談", "阿傑", "量子計算的現況與挑戰")
    assert e.questions == ()


@pytest.mark.parametrize("chinese", ["auto", "hant"])
def test_mixed_script_to_traditional(chinese):
    e, qubit, software = _mixed(chinese)
    assert e.language == "zh-Hant"
    assert qubit["量子位元的穩定性"] == [
        "目前的量子位元非常容易受到環境干擾。",
        "這個問題需要通過糾錯碼來解決，但糾錯需要大量的物理量子位。",
    ]
    assert software.label == "軟件生態"
    assert texts(software.points) == ["開發者需要新的編程模型和調試工具。", "現有的框架仍在快速變化。"]
    assert e.host.sign_off == "感謝大家的觀看，我們下期再見"
    # Traditional text stays as written (no 成瞭-style damage from converting it again).
    assert texts(e.summary) == ["量子計算仍處於早期階段。"]


def test_mixed_script_to_simplified():
    e, qubit, software = _mixed("hans")
    assert e.language == "zh-Hans"
    assert (e.show, e.host.name) == ("科学漫谈", "阿杰")
    assert qubit["量子位元的稳定性"] == [
        "目前的量子位元非常容易受到环境干扰。",
        "这个问题需要通过纠错码来解决，但纠错需要大量的物理量子位。",
    ]
    assert software.label == "软件生态"
    assert [s.name for s in e.speakers] == ["陈怡君", "吴建宏"]
    assert e.host.sign_off == "感谢大家的观看，我们下期再见"
    assert texts(e.summary) == ["量子计算仍处于早期阶段。"]


def test_mixed_script_keep():
    e, qubit, software = _mixed("keep")
    assert e.language == "zh-Hant"
    assert qubit["量子位元的穩定性"][1] == "这个问题需要通过纠错码来解决，但纠错需要大量的物理量子位。"
    assert software.label == "软件生态"
    assert texts(software.points) == ["开发者需要新的编程模型和调试工具。", "現有的框架仍在快速變化。"]
    assert e.host.sign_off == "感谢大家的观看，我们下期再见"
    assert e.host.greeting == "大家好，這裡是科學漫談，我是阿傑。"


def test_chinese_choice_is_checked():
    from generator.errors import UsageError

    with pytest.raises(UsageError, match="--chinese"):
        read_episode(source("mixed-script.txt"), chinese="simplified")


# --- numbered bold headings, 一、 headings, `1.` roster bullets, `+` bullets ---------------------


def test_numbered_experts():
    e, notes = read_episode(source("numbered-experts.txt"))
    assert e.language == "zh-Hant"
    assert (e.show, e.host.name) == ("城市觀察", "小雨")
    assert e.host.sign_off == "謝謝收聽，我們下次再見。"
    assert [(s.id, s.name, s.alt_name, s.role) for s in e.speakers] == [
        ("teh-ming-liu", "劉德明", "Teh-Ming Liu", "交通規劃師"),
        ("pei-shan-tsai", "蔡佩珊", "Pei-Shan Tsai", "自行車倡議團體發起人"),
    ]
    # 一、開場 held only the greeting, so it is gone; the rest keep their numbers' order.
    assert [(s.kind, s.title, s.speaker) for s in e.sections] == [
        (K.ROSTER, "嘉賓", None),
        (K.VIEWPOINT, "劉德明（Teh-Ming Liu）", "teh-ming-liu"),
        (K.VIEWPOINT, "蔡佩珊（Pei-Shan Tsai）", "pei-shan-tsai"),
        (K.QA, "問答", None),
        (K.SUMMARY, "結語", None),
    ]
    assert topics_by_label(e.sections[1]) == {
        "大眾運輸": ["捷運路網的密度決定了通勤的選擇。", "公車專用道的成本遠低於新建捷運。"],
    }
    assert [(q.number, q.text) for q in e.questions] == [
        (1, "電動車能否解決塞車問題？"),
        (2, "城市應該先投資哪一項？"),
    ]
    assert [[a.speaker for a in q.answers] for q in e.questions] == [
        ["teh-ming-liu"],
        ["pei-shan-tsai", "teh-ming-liu"],
    ]
    assert texts(e.summary) == ["交通的未來是讓更多人不需要開車。"]
    assert not any("以下是" in t or "希望這份" in t for t in all_point_texts(e))
    assert [n.message for n in notes] == ["dropped assistant chatter: lines 1–2, lines 37–38"]


def test_numbered_experts_title_drops_topic_prefix():
    assert read(source("numbered-experts.txt")).title == "城市交通的未來"


# --- Q&A whose questions are `###` headings right under `## Q&A` -------------------------------


def test_en_qa_headings_metadata():
    e = read(source("en-qa-headings.md"))
    assert e.title == "Hands On: The State of Robotics"
    assert (e.show, e.host.name) == ("Signal Boost", "Ana")
    assert e.host.sign_off == "Thanks for listening, and until next time."
    assert e.topic == "why robot hands are still so hard to build"
    assert e.speakers[:2] == (
        e.speaker("dr-sarah-kim"),
        e.speaker("tom-becker"),
    )
    assert e.speaker("dr-sarah-kim").role == "MIT, roboticist working on dexterous manipulation"
    assert texts(e.summary) == ["Dexterity, not intelligence, is the bottleneck."]


def test_en_qa_headings_questions():
    e = read(source("en-qa-headings.md"))
    assert [(s.kind, s.title, s.part) for s in e.sections] == [
        (K.INTRO, "Introduction", None),
        (K.ROSTER, "Guests", None),
        (K.QA, "Q&A", None),
        (K.SUMMARY, "Wrap-up", None),
    ]
    assert [(q.number, q.text) for q in e.questions] == [
        (1, "What is the next breakthrough?"),
        (2, "When will we see robots at home?"),
    ]
    assert [a.speaker for a in e.questions[0].answers] == ["dr-sarah-kim", "tom-becker"]


def test_en_qa_headings_given_name_after_title():
    e = read(source("en-qa-headings.md"))
    assert [s.id for s in e.speakers] == ["dr-sarah-kim", "tom-becker"]
    assert e.questions[-1].answers[0].speaker == "dr-sarah-kim"


# --- Q&A written as paragraphs, not bullets ----------------------------------------------------


def test_en_qa_paragraphs_structure():
    e, notes = read_episode(source("en-qa-paragraphs.md"))
    assert (e.show, e.host.name) == ("Market Hours", "Leo")
    assert e.host.sign_off == "Thanks for listening!"
    assert [s.id for s in e.speakers] == ["nina-patel", "marcus-lee"]
    assert kinds(e) == ["intro", "roster", "qa", "summary"]
    assert [(q.number, q.text) for q in e.questions] == [
        (1, "Should small shops raise prices all at once or bit by bit?"),
        (2, "Do customers notice smaller portions?"),
    ]
    assert [len(q.answers) for q in e.questions] == [2, 1]
    assert texts(e.summary) == ["Honest, gradual changes keep customers loyal."]
    assert not any("hope this helps" in t.lower() or "restructured" in t for t in all_point_texts(e))
    assert [n.message for n in notes] == ["dropped assistant chatter: lines 1–2, lines 30–31"]


def test_en_qa_paragraphs_attribution():
    e = read(source("en-qa-paragraphs.md"))
    assert answers(e) == [
        [
            ("nina-patel", "Bit by bit, and we explain every change on a card by the till."),
            ("marcus-lee", "Small steps are easier for customers to accept."),
        ],
        [("marcus-lee", "They do, and it costs more trust than a price rise.")],
    ]


# --- 问题一 / 问题二: questions numbered in Chinese numerals ------------------------------------


def test_zh_hans_cn_numerals_headings():
    e = read(source("zh-hans-cn-numerals.md"))
    assert e.language == "zh-Hans"
    assert (e.show, e.host.name) == ("读书会", "小周")
    assert e.host.sign_off == "谢谢大家的收听，我们下期再见。"
    # **一、引言** … **四、总结**: Chinese-numbered bold headings.
    assert [(s.kind, s.title) for s in e.sections] == [
        (K.INTRO, "引言"),
        (K.ROSTER, "嘉宾"),
        (K.QA, "问答"),
        (K.SUMMARY, "总结"),
    ]
    assert texts(e.summary) == ["进步不一定意味着个体生活更好。"]


def test_zh_hans_cn_numerals_questions():
    e = read(source("zh-hans-cn-numerals.md"))
    assert [s.id for s in e.speakers] == ["jing-xu", "yuan-gao"]
    assert [(q.number, q.text) for q in e.questions] == [
        (1, "农业革命是不是历史上最大的骗局？"),
        (2, "为什么狩猎采集者更健康？"),
    ]
    assert [[a.speaker for a in q.answers] for q in e.questions] == [["jing-xu"], ["yuan-gao"]]


def test_numbered_headings_past_999_stay_numbered(tmp_path):
    """**1000. …** is the 1000th numbered section like **999. …**, not a heading of another rank."""
    lines = ["**引言**", "", "*   大家好，這裡是測試節目，我是主持人。", "", "**專家觀點**", ""]
    for n in range(1, 1006):
        lines += [f"**{n}. 第{n}節**", "", f"*   **要點{n}：**內容{n}。", ""]
    path = tmp_path / "many.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    episode, _ = read_episode(path)
    numbered = [s for s in episode.sections if s.title.startswith("第")]
    assert [s.title for s in numbered] == [f"第{n}節" for n in range(1, 1006)]
    assert {s.part for s in numbered} == {"專家觀點"}
