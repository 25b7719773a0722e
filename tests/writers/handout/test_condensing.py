"""The handout condenses what does not fit rather than fail (issue 14, item 2): a roster too
long for its share of the page drops its roles, then shows the names in one line, then "and
N more"; the Q&A digest shortens its answers, then shows the questions alone; the summary's
last points go last of all. Asserted on real builds (CliRunner) and their artifacts: the PDF
read with pypdf, the HTML's markup, the warnings the build prints."""

from __future__ import annotations

import re
import time
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main

ROLE = "某某大學人工智慧研究中心資深研究員，長期研究大型語言模型的對齊、評測與治理"
EN_ROLE = (
    "Senior research fellow at the Institute for Machine Intelligence, working on alignment and evaluation"
)
SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅"
GIVEN = ("明遠", "曉雯", "志強", "雅婷", "建國", "美玲", "俊傑", "淑芬")
EN_FIRST = ("Alexandra", "Benjamin", "Charlotte", "Dominic", "Evelyn", "Frederick", "Gabriella", "Harrison")
EN_LAST = ("Montgomery", "Fitzgerald", "Harrington", "Blackwood", "Castellano", "Whitfield")


def zh_name(n: int) -> str:
    return SURNAMES[n % 20] + GIVEN[(n // 20) % 8] + (str(n // 160) if n >= 160 else "")


def en_name(n: int) -> str:  # no digits: pypdf reads the subset font's digits wrongly in Latin text
    return f"{EN_FIRST[n % 8]} {chr(65 + n // 48)}. {EN_LAST[(n // 8) % 6]}"


def zh_source(speakers: int, questions: int = 0, role: str = ROLE) -> str:
    lines = ["**引言**", "", "*   大家好，這裡是科技論壇，我是阿哲。", "", "**專家介紹**", ""]
    lines += [f"*   **{zh_name(n)}（{en_name(n)}）：**{role}" for n in range(speakers)]
    for s in range(3):  # shaped like tests/test_handout.py's generated_source
        lines += ["", f"**{s + 1}. {zh_name(s)}（{en_name(s)}）**", ""]
        for t in range(3):
            lines += [
                f"*   **第{s + 1}段觀點{t + 1}：**",
                f"    *   模型需要對齊，第{s + 1}段的核心主張是可解釋性與評測並重。",
                f"    *   對齊研究需要跨領域合作，包括社會科學與哲學，第{t + 1}點。",
            ]
    if questions:
        lines += ["", "**觀眾提問環節**", ""]
    for q in range(questions):
        lines += [
            f"*   **問題 {q + 1}：** 第{q + 1}題：模型部署之後如何持續評測其行為是否符合人類的價值？",
            f"    *   **{zh_name(q % 3)}的回應：**我們需要建立長期的監測機制，並且讓社會參與評測標準的制定。",
        ]
    return "\n".join(lines + ["", "**總結**", "", "*   對齊仍是難題。", "*   評測需要長期投入。", ""])


def en_source(speakers: int, questions: int = 0) -> str:
    lines = ["---", "title: A forum on alignment", "language: en", "host:", "  name: Sam", "speakers:"]
    lines += [f"  - name: {en_name(n)}\n    role: {EN_ROLE}" for n in range(speakers)]
    lines += ["---", "", "# Opening {kind=discussion}", ""]
    lines += [f"- Point {p + 1}: alignment needs evaluation that lasts beyond the launch." for p in range(6)]
    if questions:
        lines += ["", "# Q&A {kind=qa}", ""]
    for q in range(questions):
        lines += [
            f"- **Question {q + 1}:** Q{q + 1}: how do we keep evaluating a model after it is deployed?",
            f"  - **{en_name(q % 3)}:** We need long-term monitoring, and the public should help set the bar.",
        ]
    return "\n".join(lines + ["", "# Summary {kind=summary}", "", "- Alignment is still hard.", ""])


def build(tmp_path: Path, text: str, name: str = "forum.txt") -> tuple[Path, str, float]:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(out), "--only", "handout"])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, (result.exit_code, result.output)
    assert len(PdfReader(out / "handout.pdf").pages) == 1
    return out, result.output, elapsed


def pdf_text(out: Path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(out / "handout.pdf").pages))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def html(out: Path) -> str:
    return (out / "handout.html").read_text(encoding="utf-8")


def test_150_speakers_and_60_questions_make_one_page(tmp_path):
    """The forum of issue 14 exited 2 ("too many speakers"): now the roster is one line of
    names, the digest the questions alone, the latest questions cut, and the build says so."""
    out, output, elapsed = build(tmp_path, zh_source(150, questions=60))
    assert elapsed < 30, elapsed  # about 2 s
    assert "handout: speakers shown by name only (roles left out)" in output
    assert "handout: the Q&A digest shows the questions only (answers left out)" in output
    page, text = html(out), pdf_text(out)
    assert '<p class="names">' in page and 'class="speaker"' not in page
    assert "、".join(zh_name(n) for n in range(5)) in text
    assert all(zh_name(n) in text for n in range(150))  # 150 names fit a quarter of the page
    assert "資深研究員" not in text and "AlexandraA" not in text  # no roles, no alt names
    assert "第1題：" in text and "第60題：" not in text and '<p class="answer">' not in page


def test_600_speakers_are_named_as_far_as_they_fit(tmp_path):
    """A line of 600 names would fill most of the page: the first ones are shown, then
    「等 600 位」, before any point is cut."""
    out, output, _ = build(tmp_path, zh_source(600, questions=5))
    shown = int(re.search(r"handout: (\d+) of 600 speakers shown \(and (\d+) more\)", output).group(1))
    assert 150 < shown < 600
    text = pdf_text(out)
    assert "、".join(zh_name(n) for n in range(5)) in text
    assert zh_name(shown - 1) + "等600位" in text and zh_name(shown) not in text
    assert "模型需要對齊" in text  # the points were not cut for the roster
    assert "lowest-priority" not in output


def test_an_english_forum_shows_and_n_more(tmp_path):
    out, output, elapsed = build(tmp_path, en_source(150, questions=60), "forum.md")
    assert elapsed < 30, elapsed
    found = re.search(r"handout: (\d+) of 150 speakers shown \(and (\d+) more\)", output)
    assert found, output
    shown, more = map(int, found.groups())
    assert shown + more == 150 and more > 0
    assert "handout: speakers shown by name only (roles left out)" in output
    text = pdf_text(out)
    assert re.sub(r"\s+", "", ", ".join(en_name(n) for n in range(3))) in text
    assert re.search(r"and\S{1,3}more", text) and f" and {more} more</p>" in html(out)
    assert "howdowekeepevaluating" in text and "Q1: how do we" in html(out) and "Seniorresearch" not in text


def test_a_roster_a_little_too_long_keeps_its_names_in_chips(tmp_path):
    """30 speakers with long roles take more than a quarter of the page: the roles go first,
    the names (and alternative names) stay in their chips."""
    out, output, _ = build(tmp_path, zh_source(30))
    assert "handout: speakers shown without their roles" in output
    assert "by name only" not in output
    page, text = html(out), pdf_text(out)
    assert page.count('<div class="speaker">') == 30 and 'class="role"' not in page
    assert zh_name(29) in text and flat(en_name(29)) in text and "資深研究員" not in text


def test_a_roster_of_chips_that_would_not_fit_becomes_a_line(tmp_path):
    """90 speakers: their chips alone, roles left out, would take more than a quarter of the
    page; one line holds all their names."""
    out, output, _ = build(tmp_path, zh_source(90, role="研究員"))
    assert "handout: speakers shown by name only (roles left out)" in output
    assert "speakers shown (and" not in output
    text = pdf_text(out)
    assert "講者：" + "、".join(zh_name(n) for n in range(90)) in text


def test_a_small_roster_keeps_its_roles(tmp_path):
    out, output, _ = build(tmp_path, zh_source(8))
    assert "speakers" not in output
    assert html(out).count('<span class="role">') == 8


ANSWER = "我們需要建立長期而且公開透明的監測機制，並且讓社會各界一起參與評測標準的制定與修訂工作。"


def test_the_answers_are_shortened_before_they_are_left_out(tmp_path):
    """After the last point, the digest's answers are cut short (a one-line answer of 45
    characters takes two lines of a column); only when that is not enough are they left out."""
    lines = ["# 重點 {kind=discussion}", "", "- 一個要點。", "", "# 問答 {kind=qa}", ""]
    for q in range(40):
        lines += [f"- **問題 {q + 1}：** 第{q + 1}題：為什麼？", f"  - **安：** {ANSWER}"]
    out, output, _ = build(
        tmp_path, "---\ntitle: T\nlanguage: zh-Hant\n---\n\n" + "\n".join(lines) + "\n", "qa.md"
    )
    assert "handout: Q&A answers shortened" in output, output
    assert "questions only" not in output
    text = pdf_text(out)
    assert ANSWER[:23] + "…" in text and ANSWER[:30] not in text
    assert "第40題：為什麼？" in text  # no question cut


def test_a_summary_too_long_for_the_page_is_cut_last(tmp_path, count=400):
    """Everything else condensed, the summary's last points go too, with a "…"."""
    lines = [
        "---",
        "title: T",
        "language: en",
        "---",
        "",
        "# Notes {kind=discussion}",
        "",
        "- One point.",
        "",
        "# Summary {kind=summary}",
        "",
    ]
    lines += [f"- Summary point {n + 1} says that alignment needs evaluation." for n in range(count)]
    out, output, _ = build(tmp_path, "\n".join(lines) + "\n", "summary.md")
    gone = int(re.search(r"handout: (\d+) summary point\(s\) left out", output).group(1))
    kept = count - gone
    assert 0 < kept < count
    text, page = pdf_text(out), html(out)
    assert f"<li>Summary point {kept} says" in page and f"Summary point {kept + 1} says" not in page
    assert "Summarypoint" in text and '<li class="more">…</li></ul>' in page


def test_a_title_of_100000_characters_is_cut(tmp_path):
    out, _, _ = build(tmp_path, "---\ntitle: " + "長" * 100_000 + "\n---\n\n# 重點\n\n- 一點。\n", "title.md")
    assert "長" * 199 + "…" in html(out) and "長" * 201 not in html(out)
