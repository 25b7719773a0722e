"""`deckcast check` (generator/check.py): lint a source's deck or a deck file (text that
overflows its box or runs off the slide, slides without notes, CJK font fallback risk, slide
count and reading time against targets), through the library and through the CLI, which
prints the same report and exits 1 on errors. Its subtitle checks are in test_subtitle_rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import SEED, run
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Inches, Length, Pt

from generator.build import Options
from generator.check import CheckReport, Targets, check

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def seed_report() -> CheckReport:
    return check(SEED, Options(), Targets())


@pytest.fixture(scope="module")
def seed_deck(seed_build: Path) -> Path:
    return seed_build / "deck.pptx"


def _text_box(
    slide: Slide,
    left: Length,
    top: Length,
    width: Length,
    height: Length,
    text: str,
    size: int | None = 24,
    ea: str | None = "Microsoft JhengHei",
) -> Shape:
    """A fixed-size, wrapping text box with one run: explicit size and (unless ea is None) an
    East Asian typeface."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    run = frame.paragraphs[0].add_run()
    run.text = text
    if size:
        run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    etree.SubElement(rpr, qn("a:latin")).set("typeface", "Arial")
    if ea:
        etree.SubElement(rpr, qn("a:ea")).set("typeface", ea)
    return box


def _notes(slide: Slide, text: str = "這一頁的旁白。This slide's narration.") -> None:
    slide.notes_slide.notes_text_frame.text = text


@pytest.fixture(scope="module")
def broken_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six slides, one problem each from slide 2 on:
    1 fine; 2 far too much 28 pt text in a small box; 3 no notes; 4 a CJK run with no a:ea;
    5 a shape entirely off the slide and a text box running off the right edge; 6 a CJK run
    in an uncommon East Asian font and a run with no size."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    slides = [prs.slides.add_slide(blank) for _ in range(6)]
    _text_box(slides[0], Inches(1), Inches(1), Inches(8), Inches(1), "A slide that is fine")
    _text_box(
        slides[1],
        Inches(1),
        Inches(1),
        Inches(3),
        Inches(1),
        "Far too much text for this little box. " * 12 + "對齊研究需要長期投入。" * 6,
        size=28,
    )
    _text_box(slides[2], Inches(1), Inches(1), Inches(8), Inches(1), "This slide has no notes")
    _text_box(slides[3], Inches(1), Inches(1), Inches(8), Inches(1), "中文沒有東亞字型", ea=None)
    slides[4].shapes.add_shape(
        MSO_SHAPE.RECTANGLE, prs.slide_width + Inches(1), Inches(1), Inches(2), Inches(1)
    )
    _text_box(slides[4], Inches(11), Inches(5), Inches(4), Inches(1), "Half off the slide")
    _text_box(slides[5], Inches(1), Inches(1), Inches(8), Inches(1), "罕見字型的中文", ea="Comic Sans MS")
    _text_box(slides[5], Inches(1), Inches(3), Inches(8), Inches(1), "No size given", size=None)
    for n, slide in enumerate(slides, 1):
        if n != 3:
            _notes(slide)
    path = tmp_path_factory.mktemp("broken") / "broken.pptx"
    prs.save(path)
    return path


# --------------------------------------------------------------------------- check


def test_seed_source_passes(seed_report):
    report = seed_report
    assert report.ok, "\n".join(report.lines())
    assert report.errors == []
    assert 15 <= report.slides <= 40
    assert report.reading_seconds > 60
    lines = report.lines()
    assert lines[-1].startswith(f"{SEED}: {report.slides} slides, reading time ")
    assert ": ok, 0 errors" in lines[-1]
    # the CLI prints the same report and exits 0
    result = run("check", SEED)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == lines


def test_seed_deck_file_passes_with_the_same_numbers(seed_deck, seed_report):
    report = check(seed_deck, Options(), Targets())
    assert report.ok, "\n".join(report.lines())
    assert report.findings == []
    assert report.slides == seed_report.slides == 24
    assert report.reading_seconds == pytest.approx(seed_report.reading_seconds)
    result = run("check", seed_deck)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == report.lines()


def test_broken_deck_reports_each_problem_on_its_slide(broken_deck):
    report = check(broken_deck, Options(), Targets())
    print("\n".join(report.lines()))
    by_slide: dict[int | None, list] = {}
    for f in report.findings:
        by_slide.setdefault(f.slide, []).append(f)

    def has(slide, severity, words):
        return any(
            f.severity == severity and all(w in f.message for w in words) for f in by_slide.get(slide, [])
        )

    assert not report.ok
    assert 1 not in by_slide, by_slide.get(1)
    assert has(2, "error", ["overflows its box"]), by_slide.get(2)
    assert has(3, "error", ["no speaker notes"]), by_slide.get(3)
    assert has(4, "warning", ["CJK", "no East Asian typeface", "中文沒有東亞字型"]), by_slide.get(4)
    assert not any(f.severity == "error" for f in by_slide.get(4, []))
    assert has(5, "error", ["entirely off the slide"]), by_slide.get(5)
    assert has(5, "error", ["TextBox 2", "Half off", "right edge"]), by_slide.get(5)
    assert has(6, "warning", ["Comic Sans MS"]), by_slide.get(6)
    assert has(6, "warning", ["no explicit size"]), by_slide.get(6)
    # only the problems planted: notes are missing on slide 3 alone, the box overflows on 2 alone
    assert [f.slide for f in report.findings if "no speaker notes" in f.message] == [3]
    assert [f.slide for f in report.findings if "overflow" in f.message] == [2]
    # printable: one line per finding, naming the file and the slide, then the summary
    lines = report.lines()
    assert len(lines) == len(report.findings) + 1
    assert f"{broken_deck}: slide 2: error: " in "\n".join(lines)
    assert "FAILED" in lines[-1] and str(report).splitlines() == lines


def test_slide_count_targets(seed_deck, seed_report):
    report = check(seed_deck, Options(), Targets(max_slides=10))
    assert not report.ok
    (error,) = report.errors
    assert error.slide is None and "more than the 10 allowed" in error.message
    assert f"deck: error: {report.slides} slides" in "\n".join(report.lines())
    # the CLI's --max-slides is that target; a failed target exits 1
    result = run("check", seed_deck, "--max-slides", 10)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == report.lines()
    few = check(seed_deck, Options(), Targets(min_slides=seed_report.slides + 1))
    assert [e.message for e in few.errors] == [
        f"{seed_report.slides} slides, fewer than the {seed_report.slides + 1} required (--min-slides)"
    ]


def test_reading_time_targets(seed_deck, seed_report):
    minutes = seed_report.reading_seconds / 60
    assert check(seed_deck, Options(), Targets(minutes=minutes * 1.05)).ok  # within ±10%
    long = check(seed_deck, Options(), Targets(minutes=minutes / 2))
    assert not long.ok and "longer than the" in long.errors[0].message
    short = check(seed_deck, Options(), Targets(minutes=minutes * 2))
    assert not short.ok and "shorter than the" in short.errors[0].message
    # a slower voice reads the same notes for longer
    slow = check(seed_deck, Options(), Targets(cjk_per_minute=130, words_per_minute=75))
    assert slow.reading_seconds == pytest.approx(2 * seed_report.reading_seconds)


def test_check_command_error_paths(tmp_path):
    assert run("check", tmp_path / "missing.pptx").exit_code == 2
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = run("check", empty)
    assert result.exit_code == 1 and "source is empty" in result.output
