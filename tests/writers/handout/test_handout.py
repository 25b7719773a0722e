"""The one-page handout (handout.html + handout.pdf), asserted on real build artifacts: the PDF
is opened with pypdf (pages, page size, text, fonts) and its embedded font program with
fontTools (which characters it has); the HTML is parsed for its visible text."""

from __future__ import annotations

import io
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _support import SEED, read, source
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from generator.cli import main
from generator.writers.handout import SIZES, Fit, render_handout

A4 = (595.28, 841.89)  # points
LETTER = (612.0, 792.0)

# Distinctive pieces of the seed's three audience questions.
SEED_QUESTIONS = ("通過API來構建多智能體的思辨系統", "模型如何與社會進行互動關聯", "在座各位專家的研究都成功")
SEED_SPEAKERS = ("亞歷克斯·塔姆金", "喬什·巴特森", "阿曼達·阿斯凱爾", "揚·萊克")


# --------------------------------------------------------------------------- helpers


def build(src: Path, out: Path, *args) -> tuple[Path, str]:
    """deckcast build SRC -o OUT --only handout …; returns OUT and what the build printed."""
    result = CliRunner().invoke(
        main, ["build", str(src), "-o", str(out), "--only", "handout", *map(str, args)]
    )
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
    assert "error" not in result.output, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "handout.html",
        "handout.pdf",
    ]
    return out, result.output


def flat(text: str) -> str:
    """Text with all whitespace removed: pypdf breaks lines (and sometimes inserts spaces)
    wherever the layout wrapped, even inside a CJK word."""
    return re.sub(r"\s+", "", text)


def pdf(out: Path) -> PdfReader:
    return PdfReader(out / "handout.pdf")


def pdf_text(out: Path) -> str:
    return flat("".join(page.extract_text() for page in pdf(out).pages))


def page_size(out: Path) -> tuple[float, float]:
    box = pdf(out).pages[0].mediabox
    return float(box.width), float(box.height)


def html(out: Path) -> str:
    return (out / "handout.html").read_text(encoding="utf-8")


class _Visible(HTMLParser):
    """The text a reader sees: everything in <body>, entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_body, self.parts = False, []

    def handle_starttag(self, tag, attrs):
        self.in_body |= tag == "body"

    def handle_endtag(self, tag):
        if tag == "body":
            self.in_body = False

    def handle_data(self, data):
        if self.in_body:
            self.parts.append(data)


def visible_text(out: Path) -> str:
    parser = _Visible()
    parser.feed(html(out))
    return "".join(parser.parts)


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def pdf_fonts(out: Path) -> list[dict]:
    """Every font the page uses, also inside form XObjects."""
    fonts, seen = [], set()

    def walk(resources):
        resources = resolve(resources) or {}
        for font in (resolve(resources.get("/Font")) or {}).values():
            font = resolve(font)
            if id(font) not in seen:
                seen.add(id(font))
                fonts.append(font)
        for xobject in (resolve(resources.get("/XObject")) or {}).values():
            xobject = resolve(xobject)
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in pdf(out).pages:
        walk(page["/Resources"])
    return fonts


def font_programs(font: dict) -> list[bytes]:
    """The embedded font files of a (Type0) font: FontFile, FontFile2 or FontFile3."""
    programs = []
    for descendant in resolve(font.get("/DescendantFonts")) or [font]:
        descriptor = resolve(resolve(descendant).get("/FontDescriptor")) or {}
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descriptor:
                programs.append(resolve(descriptor[key]).get_data())
    return programs


# --------------------------------------------------------------------------- builds (once each)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return build(SEED, tmp_path_factory.mktemp("seed") / "out")[0]


@pytest.fixture(scope="module")
def seed_again(tmp_path_factory):
    return build(SEED, tmp_path_factory.mktemp("seed-again") / "elsewhere")[0]


@pytest.fixture(scope="module")
def seed_letter(tmp_path_factory):
    return build(SEED, tmp_path_factory.mktemp("letter") / "out", "--paper", "letter")[0]


# --------------------------------------------------------------------------- the seed


def test_seed_is_one_a4_page(seed):
    assert len(pdf(seed).pages) == 1
    assert page_size(seed) == pytest.approx(A4, abs=0.5)
    assert "size: A4" in html(seed)


def test_seed_letter_is_one_letter_page(seed_letter):
    assert len(pdf(seed_letter).pages) == 1
    assert page_size(seed_letter) == pytest.approx(LETTER, abs=0.5)
    assert "size: letter" in html(seed_letter)


def test_seed_pdf_text_has_title_speakers_and_questions(seed):
    text = pdf_text(seed)
    episode = read(SEED)
    assert flat(episode.title) == "AI對齊到底有多難？"
    assert flat(episode.title) in text
    assert len(episode.speakers) == 4
    for name in SEED_SPEAKERS:
        assert name in text, name
    assert [s.name for s in episode.speakers] == [*SEED_SPEAKERS]
    assert len(episode.questions) == 3
    for question in SEED_QUESTIONS:
        assert question in text, question
    for question in episode.questions:
        assert flat(question.text) in text, question.text
    assert flat("總結") in text and "來源：ai-alignment-salon.txt" in text


def test_seed_html(seed):
    page = html(seed)
    assert '<html lang="zh-Hant-TW">' in page
    assert "<title>AI 對齊到底有多難？</title>" in page
    size = re.search(r"html \{[^}]*font-size: (\d+\.\d)pt;", page)
    assert size and float(size.group(1)) in SIZES
    text = flat(visible_text(seed))
    for piece in (*SEED_SPEAKERS, *SEED_QUESTIONS, "研究方向為對齊微調", "問答摘要"):
        assert piece in text, piece
    assert "省略了" not in text  # the seed fits without cutting anything
    assert '<ul class="details">' in page  # …and with its sub-points


def test_seed_pdf_uses_only_the_embedded_subset_font(seed):
    fonts = pdf_fonts(seed)
    assert fonts
    names = [str(f["/BaseFont"]) for f in fonts]
    for name in names:  # a subset tag, then our face: no DejaVu or other fallback
        assert re.fullmatch(r"/[A-Z]{6}\+deckcast-cjk(-\w+)?", name), names
    programs = [p for f in fonts for p in font_programs(f)]
    assert len(programs) == len(fonts), "every font is embedded"
    assert len(set(programs)) == len(programs), "the same font program is embedded only once"


def test_seed_embedded_font_covers_every_visible_character(seed):
    programs = [p for f in pdf_fonts(seed) for p in font_programs(f)]
    assert programs
    needed = set(visible_text(seed)) | set("•◦")  # the list markers are drawn with the font too
    needed = {c for c in needed if not c.isspace()}
    assert len(needed) > 300  # a real handout's worth of CJK
    for program in programs:
        cmap = TTFont(io.BytesIO(program), fontNumber=0).getBestCmap()
        missing = sorted(c for c in needed if ord(c) not in cmap)
        assert not missing, "".join(missing)


def test_seed_rebuild_is_byte_identical(seed, seed_again):
    assert (seed / "handout.html").read_bytes() == (seed_again / "handout.html").read_bytes()
    assert (seed / "handout.pdf").read_bytes() == (seed_again / "handout.pdf").read_bytes()


def test_seed_render_is_deterministic_in_process():
    episode = read(SEED)
    first, second = render_handout(episode), render_handout(episode)
    assert first.pdf == second.pdf and first.html == second.html
    assert first.fit == second.fit and first.fit.dropped == 0 and first.fit.details
    assert first.passes <= 3
    assert first.warnings == []


def test_overflow_prediction_saves_a_pass_without_changing_the_result(monkeypatch):
    """The seed's page at 9 pt is nearly full, so 9.5 pt is judged not to fit without laying
    it out; laying it out anyway (prediction off) must end at the same size and bytes."""
    from generator.writers.handout import fitting

    episode = read(SEED)
    predicted = render_handout(episode)
    monkeypatch.setattr(fitting, "OVERFLOW_MARGIN", float("inf"))
    measured = render_handout(episode)
    assert predicted.passes == 1 and measured.passes == 2
    assert predicted.fit == measured.fit and predicted.pdf == measured.pdf


# --------------------------------------------------------------------------- a 500 KB source


_SUBJECTS = ["模型", "研究團隊", "監督系統", "對齊方法", "評測基準", "開源社區", "推理能力", "安全策略"]
_VERBS = ["需要更仔細地檢查", "可以逐步改善", "往往低估了", "正在重新定義", "必須公開說明", "應該優先處理"]
_OBJECTS = [
    "長期風險與短期收益之間的平衡",
    "模型在陌生場景中的行為",
    "價值觀衝突時的取捨",
    "部署之後的持續監測",
    "可解釋性工具的可靠程度",
    "跨語言情境下的一致表現",
]
_NAMES = [
    ("林怡君", "Lin Yijun"),
    ("陳志明", "Chen Zhiming"),
    ("王美玲", "Wang Meiling"),
    ("張家豪", "Zhang Jiahao"),
]


def _sentence(n: int) -> str:
    return f"{_SUBJECTS[n % 8]}{_VERBS[(n // 3) % 6]}{_OBJECTS[(n // 7) % 6]}，第{n}號案例說明了這一點。"


def generated_source(target_bytes: int, questions: int) -> str:
    """A transcript: intro, roster, viewpoint sections (three labelled topics of three points
    each) until about target_bytes, then Q&A and a summary."""
    head = [
        "好的，以下是整理後的文稿。",
        "",
        "**引言**",
        "",
        "*   大家好，這裡是科技早知道，我是阿哲。",
        "*   本期探討大型模型的對齊與評測。",
        "",
        "**專家介紹**",
        "",
    ]
    head += [f"*   **{name}（{alt}）：**研究員" for name, alt in _NAMES]
    qa = ["", "**觀眾提問環節**", ""]
    for q in range(questions):
        qa += [
            f"*   **問題 {q + 1}：** 第{q + 1}題：{_sentence(q * 11)[:-1]}嗎？",
            f"    *   **{_NAMES[q % 4][0]}的回應：**{_sentence(q * 13 + 5)}",
        ]
    tail = ["", "**總結**", "", "*   對齊仍是難題。", "*   感謝大家的觀看，我們下期再見", ""]
    body, size, i, n = [], len("\n".join(head + qa + tail).encode()), 0, 0
    while size < target_bytes:
        name, alt = _NAMES[i % 4]
        lines = ["", f"**{i + 1}. {name}（{alt}）**", ""]
        for t in range(3):
            lines.append(f"*   **第{i + 1}段觀點{t + 1}：**")
            lines += [f"    *   {_sentence(n + k)}" for k in range(3)]
            n += 3
        body += lines
        size += len("\n".join(lines).encode()) + 1
        i += 1
    return "\n".join(head + body + qa + tail) + "\n"


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    src = folder / "generated-500k.txt"
    src.write_text(generated_source(500_000, questions=10), encoding="utf-8")
    assert 490_000 < src.stat().st_size < 520_000
    out, output = build(src, folder / "out")
    return out, output, read(src)


def test_500k_source_is_one_page_with_a_visible_note_of_what_was_cut(big):
    out, output, episode = big
    assert len(pdf(out).pages) == 1
    assert page_size(out) == pytest.approx(A4, abs=0.5)
    page = html(out)
    note = re.search(r"因篇幅限制，省略了 (\d+) 個要點。", page)
    assert note, "footer note"
    cut = int(note.group(1))
    sections = len([s for s in episode.sections if s.kind.value == "viewpoint"])
    assert sections > 300
    assert cut > sections  # most of it had to go…
    assert page.count('<li class="more">…</li>') >= 1  # …and the parts that lost points say so
    text = pdf_text(out)
    assert f"省略了{cut}個要點" in text
    assert "…" in text
    # the build lists the same warning
    assert f"handout: {cut} lowest-priority point(s) left out to fit one page" in output
    assert "handout: sub-points left out to fit one page" in output
    assert "font-size: 7.5pt" in page and '<ul class="details">' not in page


def test_500k_source_keeps_the_most_important_content(big):
    out, _, episode = big
    text = pdf_text(out)
    assert "本期探討大型模型的對齊與評測。" in text  # the intro (first part) survives
    assert "第1段觀點1" in text  # so does the first viewpoint's first point…
    last = len([s for s in episode.sections if s.kind.value == "viewpoint"])
    assert f"第{last}段觀點1" not in text  # …before the last one's
    for q in range(1, 11):  # questions are never cut
        assert f"第{q}題：" in text, q
    assert "對齊仍是難題。" in text  # nor the summary
    fonts = {str(f["/BaseFont"]).split("+")[-1] for f in pdf_fonts(out)}
    assert fonts == {"deckcast-cjk"}


@pytest.mark.parametrize("size", [150_000, 1_500_000])
def test_cutting_takes_few_layouts_and_leaves_the_page_full(tmp_path, monkeypatch, size):
    """How many items to cut is predicted from how full the pages laid out so far were; the
    cut taken leaves the page at least 90% full (or is the exact fewest), in a few layouts."""
    from generator.writers.handout import fitting

    fills = []
    measure = fitting._fill
    monkeypatch.setattr(fitting, "_fill", lambda document: fills.append(measure(document)) or fills[-1])
    src = tmp_path / "long.txt"
    src.write_text(generated_source(size, questions=10), encoding="utf-8")
    result = render_handout(read(src))
    assert result.fit.dropped > 0 and len(PdfReader(io.BytesIO(result.pdf)).pages) == 1
    assert result.passes <= 5
    assert fills[-1] >= fitting.GOOD_ENOUGH_FILL or result.passes > len(fills)


def test_500k_source_is_not_laid_out_whole(big):
    """The fitting loop goes straight to cutting when the text cannot fit even at the floor
    size: laying out all 500 KB (50 pages) took about a minute. Same result as the build."""
    out, _, episode = big
    start = time.perf_counter()
    result = render_handout(episode)
    elapsed = time.perf_counter() - start
    assert elapsed < 30, elapsed  # about 1 s; generous for slow machines
    assert result.passes <= 6
    assert result.fit.base_pt == SIZES[-1] and not result.fit.details and result.fit.dropped > 0
    assert result.html == html(out)


def test_many_questions_run_over_both_columns(tmp_path):
    """A long Q&A is not one block stuck in one column: 20 questions still make one page."""
    src = tmp_path / "questions.txt"
    src.write_text(generated_source(15_000, questions=20), encoding="utf-8")
    out, _ = build(src, tmp_path / "out")
    assert len(pdf(out).pages) == 1
    page = html(out)
    assert page.count("<h2>問答摘要</h2>") == 1
    assert page.count('<section class="qa">') == 2  # the digest continues in the second column
    text = pdf_text(out)
    for q in range(1, 21):
        assert f"第{q}題：" in text, q


def test_sixty_questions_still_make_one_page_with_the_latest_cut(tmp_path):
    """Questions are cut only after every point, the latest first, with a visible "…" and
    a warning; the build does not fail (it did with 25 questions)."""
    src = tmp_path / "questions.txt"
    src.write_text(generated_source(15_000, questions=60), encoding="utf-8")
    out, output = build(src, tmp_path / "out")
    assert len(pdf(out).pages) == 1
    assert "lowest-priority point(s) left out" in output
    text = pdf_text(out)
    assert "第1題：" in text and "第60題：" not in text
    kept = [q for q in range(1, 61) if f"第{q}題：" in text]
    assert kept == list(range(1, len(kept) + 1))  # the first ones, in order
    assert '<p class="more">…</p>' in html(out)


# --------------------------------------------------------------------------- escaping


ESCAPE_SOURCE = """**引言**

*   大家好，這裡是最佳拍檔，我是大飛。
*   本期測試 <script>alert(1)</script> 與模板語法 {{ 7*7 }} 是否原樣顯示。

**專家介紹**

*   **林怡君（Lin Yijun）：**研究員 <b>粗體</b>

**1. 林怡君（Lin Yijun）**

*   **注入測試：**
    *   這一點寫著 {{ 7*7 }} 和 {% if true %}x{% endif %}。
    *   還有 <script>alert(1)</script> 與 &amp; 符號。

**觀眾提問環節**

*   **問題 1：** 輸入 <script>alert(1)</script> 會怎樣？
    *   **林怡君的回應：**會顯示成文字 {{ 7*7 }}。

**總結**

*   模板不會執行內容。
"""


@pytest.fixture(scope="module")
def escaped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("escape")
    src = folder / "escape.txt"
    src.write_text(ESCAPE_SOURCE, encoding="utf-8")
    return build(src, folder / "out")[0]


def test_markup_in_content_is_escaped_in_html(escaped):
    page = html(escaped)
    body = page[page.index("<body>") :]
    assert "<script" not in page
    assert body.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert "研究員 &lt;b&gt;粗體&lt;/b&gt;" in body
    assert "&amp;amp;" in body  # a literal "&amp;" in the source stays those five characters
    assert body.count("{{ 7*7 }}") == 3
    assert "{% if true %}x{% endif %}" in body
    assert "49" not in visible_text(escaped)


def test_markup_in_content_is_literal_in_pdf(escaped):
    assert len(pdf(escaped).pages) == 1
    text = pdf_text(escaped)
    assert text.count("<script>alert(1)</script>") == 3
    assert text.count("{{7*7}}") == 3
    assert "{%iftrue%}x{%endif%}" in text
    assert "&amp;" in text
    assert "49" not in text


# --------------------------------------------------------------------------- other languages


@pytest.mark.parametrize(
    "name, lang, labels",
    [
        ("en-long-run.md", "en", ("Q&A digest", "Summary", "Source: en-long-run.md")),
        ("zh-hans-podcast.md", "zh-Hans-CN", ("问答摘要", "总结", "来源：zh-hans-podcast.md")),
    ],
)
def test_other_languages_build_one_page(tmp_path, name, lang, labels):
    out, _ = build(source(name), tmp_path / "out")
    assert len(pdf(out).pages) == 1
    page = html(out)
    assert f'<html lang="{lang}">' in page
    text = pdf_text(out)
    for label in labels:
        assert flat(label) in text, label
    episode = read(source(name))
    assert flat(episode.title) in text
    for speaker in episode.speakers:
        assert flat(speaker.name) in text, speaker.name
    for question in episode.questions:
        assert flat(question.text) in text, question.text
    assert {str(f["/BaseFont"]).split("+")[-1] for f in pdf_fonts(out)} == {"deckcast-cjk"}


# --------------------------------------------------------------------------- very little content


TINY_SOURCE = """---
title: 小小測試
show: 測試節目
host:
  name: 阿哲
language: zh-Hant
---

# 重點 {kind=discussion}

- **唯一的觀點：**
  - 這是第一個要點。
  - 這是附屬的細節。

# 總結 {kind=summary}

- 內容很少。
"""


def test_little_content_gets_the_largest_size_with_sub_points(tmp_path):
    src = tmp_path / "tiny.md"
    src.write_text(TINY_SOURCE, encoding="utf-8")
    out, output = build(src, tmp_path / "out")
    assert len(pdf(out).pages) == 1
    page = html(out)
    assert re.search(r"html \{[^}]*font-size: 10\.5pt;", page)
    assert '<ul class="details"><li>這是附屬的細節。</li></ul>' in page
    text = pdf_text(out)
    for piece in ("小小測試", "唯一的觀點：這是第一個要點。", "這是附屬的細節。", "內容很少。"):
        assert piece in text, piece
    assert "省略" not in text and "warning:" not in output
    result = render_handout(read(src))
    assert result.fit == Fit(10.5, details=True, dropped=0)
    assert result.passes == 1 and result.warnings == []
