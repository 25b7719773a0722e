"""`generator.check` (lint a deck or a source's deck) and `generator.preview` (render the
deck and handout to PNGs and a contact sheet)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from generator.build import Options, build_episode
from generator.check import CheckReport, Targets, check
from generator.errors import UsageError
from generator.preview import png_size, preview

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def seed_report() -> CheckReport:
    return check(SEED, Options(), Targets())


@pytest.fixture(scope="module")
def seed_deck(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-deck")
    build_episode(SEED, out, ["deck"], Options(), force=True)
    return out / "deck.pptx"


def _text_box(slide, left, top, width, height, text, size=24, ea="Microsoft JhengHei"):
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


def _notes(slide, text="這一頁的旁白。This slide's narration."):
    slide.notes_slide.notes_text_frame.text = text


@pytest.fixture(scope="module")
def broken_deck(tmp_path_factory) -> Path:
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


def test_seed_deck_file_passes_with_the_same_numbers(seed_deck, seed_report):
    report = check(seed_deck, Options(), Targets())
    assert report.ok, "\n".join(report.lines())
    assert report.findings == []
    assert report.slides == seed_report.slides
    assert report.reading_seconds == pytest.approx(seed_report.reading_seconds)


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


# --------------------------------------------------------------------------- preview


@pytest.fixture(scope="module")
def previewed(tmp_path_factory):
    missing = [
        tool
        for tool in ("soffice", "pdftoppm")
        if not (shutil.which(tool) or (tool == "soffice" and shutil.which("libreoffice")))
    ]
    if missing:
        reason = f"{' and '.join(missing)} not installed: skipping the preview render"
        print(reason, file=sys.stderr)
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("preview")
    return preview(SEED, out, Options()), out


def test_preview_renders_slides_handout_and_contact_sheet(previewed):
    result, out = previewed
    slides = len(Presentation(str(out / "deck.pptx")).slides)
    assert (out / "handout.pdf").is_file()
    assert len(result.slides) == slides
    assert [p.name for p in result.slides] == [f"slide-{n:02d}.png" for n in range(1, slides + 1)]
    assert sorted(p.name for p in (out / "preview").glob("slide-*.png")) == [p.name for p in result.slides]
    for png in result.pngs:
        assert png.is_file() and png.parent == out / "preview"
    w, h = png_size(result.slides[0])
    assert 1000 <= w <= 1100 and abs(w / h - 16 / 9) < 0.01  # 13.33 in at 80 dpi
    hw, hh = png_size(result.handout)
    assert result.handout.name == "handout.png" and 780 <= hw <= 880 and hh > hw  # A4 at 100 dpi
    sw, sh = png_size(result.contact_sheet)
    assert result.contact_sheet.name == "contact-sheet.png" and sw > w and sh > h
    assert result.pngs == [*result.slides, result.handout, result.contact_sheet]
    assert not result.notes


def test_preview_without_soffice_says_how_to_install(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "out"
    with pytest.raises(UsageError) as caught:
        preview(SEED, out, Options())
    message = str(caught.value)
    assert "\n" not in message
    assert "soffice" in message and "pdftoppm" in message
    assert "apt-get install libreoffice-impress poppler-utils" in message
    assert "brew install --cask libreoffice" in message and "brew install poppler" in message
    assert caught.value.exit_code == 2
    assert not out.exists()  # nothing built when the tools are missing
