"""Issue 17: designed slides as the deck draws them, opened with python-pptx (and rendered by
LibreOffice): the roster's monograms and names, geometry inside the slide and without
overlapping text, theme colours only, the Q&A callout above its answers, notes that are still
the narration, and nothing lost or overflowing when rendered.

Each deck is built once for the module through the CLI (tests/_support.build); the slide
plan (generator.plan) tells which slide is which, never the deck's wording."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
from _render import Word, need_renderer, render, squeeze, within
from _support import CONTENT, SOURCES, build
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE, PP_PLACEHOLDER

from generator.plan.production import Production, produce
from generator.readers import read_episode

LAYOUT_SOURCES = SOURCES / "layouts"
DECKS = {
    "talk": LAYOUT_SOURCES / "designed-talk.md",
    "zh": LAYOUT_SOURCES / "designed-zh.md",
    "ten": LAYOUT_SOURCES / "roster-of-ten.md",
    "seed": CONTENT / "ai-alignment-salon.txt",
    "shipping": CONTENT / "shipping-reliable-software.md",
}
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
EMU_PT = 12700


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """name -> the build folder (deck.pptx, script.md, …), each built once."""
    work = tmp_path_factory.mktemp("designed")
    return {name: build(src, work / name) for name, src in DECKS.items()}


_PLANS: dict[str, Production] = {}


def plan(name: str) -> Production:
    if name not in _PLANS:
        episode, _ = read_episode(DECKS[name])
        _PLANS[name] = produce(episode)
    return _PLANS[name]


def deck(built, name):
    return Presentation(str(built[name] / "deck.pptx"))


def designed_numbers(name: str, layout: str | None = None) -> list[int]:
    return [
        s.number for s in plan(name).slides if s.design is not None and (layout is None or s.layout == layout)
    ]


def pt(emu: int) -> float:
    return emu / EMU_PT


def box(shape) -> tuple[float, float, float, float]:
    return pt(shape.left), pt(shape.top), pt(shape.left + shape.width), pt(shape.top + shape.height)


def ovals(slide) -> list:
    return [
        s
        for s in slide.shapes
        if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.auto_shape_type == MSO_SHAPE.OVAL
    ]


def text_boxes(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]


def filled_text(shape) -> str:
    return shape.text_frame.text.strip() if shape.has_text_frame else ""


def is_slide_number(shape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER


# --------------------------------------------------------------------------- the roster


@pytest.mark.parametrize(
    ("name", "initials", "names"),
    [
        (
            "talk",
            ["AA", "JL", "LH", "大"],
            ["Amanda Askell", "Jan Leike", "李華", "大飛"],
        ),
        ("zh", ["AA", "大", "JL"], ["阿曼達·阿斯凱爾", "大飛", "揚·萊克"]),
    ],
)
def test_the_roster_is_a_disc_per_speaker_with_initials_and_names(built, name, initials, names):
    (n,) = designed_numbers(name, "cards")
    slide = deck(built, name).slides[n - 1]
    discs = ovals(slide)
    assert len(discs) == len(names)
    boxes = {filled_text(t): t for t in text_boxes(slide)}
    assert [b for b in initials if b not in boxes] == []
    assert [b for b in names if b not in boxes] == []
    for disc, mono in zip(discs, initials, strict=True):
        label = boxes[mono]
        # the initials centred on their disc
        dx = (disc.left + disc.width / 2) - (label.left + label.width / 2)
        dy = (disc.top + disc.height / 2) - (label.top + label.height / 2)
        assert abs(pt(dx)) < 0.5 and abs(pt(dy)) < 0.5, mono
    # each name below its own disc
    for disc, who in zip(discs, names, strict=True):
        label = boxes[who]
        assert label.top >= disc.top + disc.height
        assert label.left <= disc.left + disc.width / 2 <= label.left + label.width


def test_a_roster_of_ten_is_two_slides_of_five_discs(built):
    numbers = designed_numbers("ten", "cards")
    assert len(numbers) == 2
    prs = deck(built, "ten")
    slides = [prs.slides[n - 1] for n in numbers]
    assert [len(ovals(s)) for s in slides] == [5, 5]
    assert slides[0].shapes.title.text == "The panel"
    assert slides[1].shapes.title.text == "The panel (cont.)"
    names = [filled_text(t) for s in slides for t in text_boxes(s) if " " in filled_text(t)]
    people = [sp.name for sp in plan("ten").episode.speakers]
    assert [n for n in names if n in people] == people


# --------------------------------------------------------------------------- geometry


@pytest.mark.parametrize("name", DECKS)
def test_every_shape_of_a_designed_slide_is_inside_the_slide(built, name):
    prs = deck(built, name)
    width, height = pt(prs.slide_width), pt(prs.slide_height)
    numbers = designed_numbers(name)
    assert numbers
    for n in numbers:
        for shape in prs.slides[n - 1].shapes:
            left, top, right, bottom = box(shape)
            assert left >= -0.01 and top >= -0.01, (n, shape.name)
            assert right <= width + 0.01 and bottom <= height + 0.01, (n, shape.name, right, bottom)


def overlaps(slide) -> list[tuple[str, str]]:
    found = []
    shapes = [s for s in slide.shapes if filled_text(s) and not is_slide_number(s)]
    for a, b in itertools.combinations(shapes, 2):
        (al, at, ar, ab), (bl, bt, br, bb) = box(a), box(b)
        if min(ar, br) - max(al, bl) > 0.01 and min(ab, bb) - max(at, bt) > 0.01:
            found.append((filled_text(a)[:30], filled_text(b)[:30]))
    return found


@pytest.mark.parametrize("name", DECKS)
def test_no_two_text_boxes_of_a_designed_slide_overlap(built, name):
    """Every designed slide but the Q&A ones (see the next test)."""
    prs = deck(built, name)
    qa = set(designed_numbers(name, "qa"))
    found = {n: overlaps(prs.slides[n - 1]) for n in designed_numbers(name) if n not in qa}
    assert {n: o for n, o in found.items() if o} == {}


@pytest.mark.parametrize("name", ["talk", "zh", "seed"])
def test_no_two_text_boxes_of_a_qa_slide_overlap(built, name):
    prs = deck(built, name)
    numbers = designed_numbers(name, "qa")
    assert numbers
    assert {n: overlaps(prs.slides[n - 1]) for n in numbers} == {n: [] for n in numbers}


@pytest.mark.parametrize("name", DECKS)
def test_designed_shapes_are_filled_with_theme_colours(built, name):
    prs = deck(built, name)
    filled = 0
    for n in designed_numbers(name):
        element = prs.slides[n - 1]._element
        assert element.findall(".//a:srgbClr", NS) == [], n
        assert element.findall(".//p:style", NS) == [], n
        for shape in prs.slides[n - 1].shapes:
            if shape.shape_type != MSO_SHAPE_TYPE.AUTO_SHAPE:
                continue
            fill = shape._element.find("p:spPr/a:solidFill", NS)
            assert fill is not None, (n, shape.name)
            (colour,) = list(fill)
            assert colour.tag == f"{{{A}}}schemeClr", (n, shape.name, colour.tag)
            assert shape._element.find("p:spPr/a:ln/a:noFill", NS) is not None, (n, shape.name)
            filled += 1
        # the text on them is in theme colours too
        for run in element.iterfind(".//a:r/a:rPr", NS):
            solid = run.find("a:solidFill", NS)
            if solid is not None:
                assert solid[0].tag == f"{{{A}}}schemeClr", (n, etree.tostring(run)[:120])
    assert filled


def test_speakers_discs_use_the_theme_accents_in_order(built):
    (n,) = designed_numbers("talk", "cards")
    slide = deck(built, "talk").slides[n - 1]
    accents = [d._element.find("p:spPr/a:solidFill/a:schemeClr", NS).get("val") for d in ovals(slide)]
    assert accents == ["accent1", "accent2", "accent3", "accent4"]


# --------------------------------------------------------------------------- Q&A


def test_the_question_is_in_a_box_above_its_answers(built):
    (n,) = designed_numbers("talk", "qa")
    slide = deck(built, "talk").slides[n - 1]
    boxes = {filled_text(t): t for t in text_boxes(slide)}
    question = boxes["How small should a change be?"]
    answers = [
        boxes["Amanda Askell: Small enough that one person can review it in one sitting."],
        boxes["Jan Leike: Small enough to roll back without a meeting."],
    ]
    for answer in answers:
        assert answer.top >= question.top + question.height
        assert answer.left > question.left  # beside the speaker's disc
    assert answers[0].top + answers[0].height <= answers[1].top
    # the question is bold and larger than the answers
    q_run = question._element.find(".//a:r/a:rPr", NS)
    a_run = answers[0]._element.findall(".//a:r/a:rPr", NS)[-1]
    assert q_run.get("b") == "1"
    assert int(q_run.get("sz")) > int(a_run.get("sz"))
    # a monogram beside each answer
    assert len(ovals(slide)) == 2
    assert {"AA", "JL"} <= set(boxes)


def test_nested_answer_points_are_bulleted_under_their_answer(built):
    (n,) = designed_numbers("zh", "qa")
    slide = deck(built, "zh").slides[n - 1]
    (answer,) = [t for t in text_boxes(slide) if "這是一個長期的工作" in filled_text(t)]
    paras = answer._element.findall(".//a:p", NS)
    assert len(paras) == 2
    assert paras[0].find("a:pPr/a:buChar", NS) is None
    assert paras[1].find("a:pPr/a:buChar", NS) is not None
    assert "".join(t.text for t in paras[1].iterfind(".//a:t", NS)) == "每一代模型都要重新評估。"


# --------------------------------------------------------------------------- notes


def script_blocks(script: str) -> dict[int, str]:
    """script.md's narration per slide number (`## [Slide 3 · 00:12] Title`, or 投影片)."""
    blocks = {}
    for chunk in script.split("\n---\n"):
        head = re.search(r"^## \[\S+ (\d+) · [\d:]+\] (.+)$", chunk, re.M)
        if head:
            body = re.split(r"^\*\(", chunk[head.end() :], flags=re.M)[0]  # before *(about 6 s)*
            lines = (line for line in body.strip().splitlines() if line.strip())
            blocks[int(head.group(1))] = "\n".join(lines)
    return blocks


@pytest.mark.parametrize("name", ["talk", "zh", "ten", "shipping"])
def test_the_notes_of_designed_slides_are_the_narration(built, name):
    prs = deck(built, name)
    script = script_blocks((built[name] / "script.md").read_text(encoding="utf-8"))
    numbers = designed_numbers(name)
    assert numbers
    quotes = set(designed_numbers(name, "quote"))  # see test_a_quote_slide_says_the_quote
    for n in numbers:
        notes = prs.slides[n - 1].notes_slide.notes_text_frame.text
        assert notes == script[n], n
        assert notes == plan(name).slides[n - 1].notes, n
        assert n in quotes or notes.strip(), n


def test_a_quote_slide_says_the_quote(built):
    (n,) = designed_numbers("talk", "quote")
    notes = deck(built, "talk").slides[n - 1].notes_slide.notes_text_frame.text
    assert "If it hurts, do it more often" in notes and "Martin Fowler" in notes


def test_the_qa_notes_say_the_answers(built):
    (n,) = designed_numbers("talk", "qa")
    notes = deck(built, "talk").slides[n - 1].notes_slide.notes_text_frame.text
    assert "How small should a change be?" in notes
    assert "Small enough that one person can review it in one sitting." in notes
    assert "Small enough to roll back without a meeting." in notes


def test_each_roster_slide_of_ten_narrates_its_own_five(built):
    prs = deck(built, "ten")
    first, second = (prs.slides[n - 1] for n in designed_numbers("ten", "cards"))
    a = first.notes_slide.notes_text_frame.text
    b = second.notes_slide.notes_text_frame.text
    assert "Ada Lovelace" in a and "Barbara Liskov" in a and "Donald Knuth" not in a
    assert "Donald Knuth" in b and "Dennis Ritchie" in b and "Ada Lovelace" not in b


# --------------------------------------------------------------------------- rendered


RENDERED = ("talk", "zh", "ten")


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory) -> dict[str, list[list[Word]]]:
    """name -> the words LibreOffice drew on each page (x0, y0, x1, y1, text), via one soffice
    call and pdftotext -bbox (tests/_render.py)."""
    need_renderer()
    folder = tmp_path_factory.mktemp("designed-pdf")
    for name in RENDERED:
        shutil.copy(built[name] / "deck.pptx", folder / f"{name}.pptx")
    return render((folder / f"{n}.pptx" for n in RENDERED), folder)


@pytest.mark.needs_soffice
@pytest.mark.parametrize("name", RENDERED)
def test_designed_slides_render_every_text_inside_its_box(rendered, built, name):
    """Text drawn vs text held: on each designed slide, the words LibreOffice drew inside a
    text box spell exactly what the box holds (nothing lost, nothing spilled out of it), and
    no word is drawn outside every box."""
    prs = deck(built, name)
    pages = rendered[name]
    assert len(pages) == len(prs.slides)
    problems = []
    for n in designed_numbers(name):
        slide, words = prs.slides[n - 1], pages[n - 1]
        shapes = [s for s in slide.shapes if filled_text(s)]
        for shape in shapes:
            if is_slide_number(shape):
                continue
            held = squeeze(shape.text_frame.text)
            inside = sorted((w for w in words if within(w, box(shape))), key=lambda w: (round(w[1]), w[0]))
            drawn = squeeze("".join(w[4] for w in inside))
            if drawn != held:
                problems.append((n, held[:40], drawn[:40]))
        stray = [w[4] for w in words if not any(within(w, box(s)) for s in shapes)]
        if stray:
            problems.append((n, "drawn outside every box", " ".join(stray)[:60]))
    assert problems == []
