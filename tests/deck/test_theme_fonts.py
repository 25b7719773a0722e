"""Issue 17: text measured in the font the theme names. A theme in DejaVu Sans (wider than
Arial) and one in Liberation Serif (narrower), made by tools/make_font_theme.py from the
default theme: their faces are found on the machine and read with fontTools, their decks are
drawn by LibreOffice with every word inside the box that holds it; measured with Arial's table
as before, the DejaVu deck runs past its boxes. Arial themes keep the shipped table whatever
the machine has."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from _render import deck_misplaced, render
from _support import CONTENT, ROOT, SOURCES
from fontTools.ttLib import TTFont
from pptx import Presentation

import generator.deck.fit as fit
from generator.check.deck_lint import lint
from generator.deck.fit import fonts, metrics
from generator.deck.fit.metrics import char_em, text_width
from generator.deck.theme import open_theme, resolve_theme
from generator.plan.production import produce
from generator.readers import read_episode
from generator.writers.deck import write_deck

THEMES = ROOT / "tests" / "themes"
DEJAVU = THEMES / "dejavu-sans.pptx"
SERIF = THEMES / "liberation-serif.pptx"
SOURCES_SHOWN = {
    "seed": CONTENT / "ai-alignment-salon.txt",
    "shipping": CONTENT / "shipping-reliable-software.md",
    "talk": SOURCES / "layouts" / "designed-talk.md",  # Latin-heavy designed slides
}


def face(family: str) -> fit.Face:
    found = fit.face_for(family)
    if found is None:
        pytest.skip(f"{family} is not installed (.ci/run installs it)")
    return found


def deck(source: Path, theme: Path) -> bytes:
    episode, _ = read_episode(source)
    production = produce(episode, theme=str(theme))
    return write_deck(production.slides, episode, production.theme)


def as_before(source: Path, theme: Path) -> bytes:
    """The deck fitted with Arial's table whatever the theme's font (as before issue 17)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fit, "face_for", lambda family: None)
        return deck(source, theme)


def overflows(data: bytes) -> list[str]:
    """`deckcast check`'s overflow findings for a deck (each run re-measured in its font)."""
    return [f.message for f in lint(Presentation(io.BytesIO(data))) if "overflow" in f.message]


# --------------------------------------------------------------------------- faces


def test_the_themes_fonts_are_found_and_measured():
    dejavu, serif = face("DejaVu Sans"), face("Liberation Serif")
    assert open_theme(DEJAVU).faces == {"major": dejavu, "minor": dejavu}
    assert open_theme(SERIF).faces == {"major": serif, "minor": serif}
    frames = open_theme(DEJAVU).frames["content"]
    assert frames.title.face == frames.body.face == dejavu
    assert dejavu.regular is not None and dejavu.regular.path.endswith("DejaVuSans.ttf")
    assert dejavu.bold is not None and dejavu.bold.path.endswith("DejaVuSans-Bold.ttf")
    assert not open_theme(DEJAVU).warnings  # measured in its own font: nothing to warn about


def test_metric_compatible_substitutes_count_and_unrelated_fallbacks_do_not():
    assert fit.face_for("Times New Roman") == face("Liberation Serif")
    assert fit.face_for("Courier New") == face("Liberation Mono")
    assert fit.face_for("No Such Sans") is None  # fontconfig would draw it in DejaVu: not found
    assert fit.face_for("Arial") is fit.face_for("Liberation Sans") is fit.ARIAL


def test_widths_are_the_font_files_advances():
    dejavu = face("DejaVu Sans")
    assert dejavu.bold is not None
    with TTFont(dejavu.bold.path) as font:
        w = font["hmtx"].metrics[font.getBestCmap()[ord("W")]][0] / font["head"].unitsPerEm
    assert char_em("W", "bold", False, dejavu) == pytest.approx(w, abs=5e-4)
    assert char_em("W", "bold", False, dejavu) > char_em("W", "bold", False, fit.ARIAL) * 1.05
    text = "Teams that ship small changes recover from failure faster"
    assert text_width(text, 28, face=dejavu) > text_width(text, 28) * 1.08  # DejaVu is wider
    serif = face("Liberation Serif")
    assert text_width(text, 28, face=serif) < text_width(text, 28) * 0.95  # Times is narrower
    # CJK and inline code keep their own tables whatever the Latin face
    assert char_em("對", "regular", True, dejavu) == char_em("對", "regular", True, fit.ARIAL)
    assert char_em("W", "mono", False, dejavu) == char_em("W", "mono", False, fit.ARIAL)


def test_the_table_is_liberation_sans_read_from_its_files():
    """The shipped table holds Liberation Sans' widths: read from the installed files, every
    Latin character it lists has the same width (so Arial decks measure the same either way)."""
    found = fonts._installed_face("liberation sans")  # the files, not the table's face
    if found is None or found.bold is None:
        pytest.skip("Liberation Sans is not installed")
    for weight, file in (("regular", found.regular), ("bold", found.bold)):
        assert file is not None
        widths, table = fonts.file_widths(file), metrics._LATIN[weight]
        listed = [cp for cp in range(0x20, 0x250) if cp in widths and cp in table]
        assert len(listed) > 300
        for cp in listed:
            assert widths[cp] == table[cp], (weight, hex(cp))


def test_arial_themes_use_the_table_on_a_machine_without_fonts(monkeypatch):
    monkeypatch.setattr(fonts, "_installed", lambda: ())
    fonts._installed_face.cache_clear()
    try:
        assert open_theme(resolve_theme("default")).faces == {"major": fit.ARIAL, "minor": fit.ARIAL}
        theme = open_theme(DEJAVU)  # not found: the table, and today's warning
        assert theme.faces == {"major": fit.ARIAL, "minor": fit.ARIAL}
        assert any("fitted with Arial's widths" in w and "DejaVu Sans" in w for w in theme.warnings)
    finally:
        fonts._installed_face.cache_clear()


# --------------------------------------------------------------------------- decks


def test_the_dejavu_deck_fitted_with_arials_table_overflows_and_measured_in_dejavu_does_not():
    """deckcast check re-measures each run in the font it names: the same sources fitted with
    Arial's table overflow (so the check can fail), fitted in DejaVu Sans they do not."""
    face("DejaVu Sans")
    for name in ("shipping", "talk"):
        assert overflows(deck(SOURCES_SHOWN[name], DEJAVU)) == [], name
    assert overflows(as_before(SOURCES_SHOWN["talk"], DEJAVU))
    assert overflows(as_before(SOURCES_SHOWN["shipping"], DEJAVU))


def test_a_narrower_font_gets_larger_type():
    """Liberation Serif sets narrower than Arial: in the serif theme's body, a list that Arial's
    table fits at some size fits larger measured in the theme's own font (the room the table
    left unused), and takes fewer lines at the same size."""
    serif = face("Liberation Serif")
    body = open_theme(SERIF).frames["content"].body
    assert body is not None and body.face == serif
    points = [fit.Para(" ".join(["Small changes are easier to review, test and undo"] * 3))] * 4
    arial = replace(body, face=fit.ARIAL)
    assert fit.fit_size(points, body, 32, 12) > fit.fit_size(points, arial, 32, 12)
    assert fit.paragraphs_height(points, 28, body) < fit.paragraphs_height(points, 28, arial)


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_decks_in_a_dejavu_theme_are_drawn_inside_their_boxes(tmp_path):
    """Text drawn vs text held, as LibreOffice draws the bundled episodes in the DejaVu theme:
    every word inside the box of the shape that holds it, and all held text drawn. The
    designed talk fitted with Arial's table, drawn the same way, spills out of its boxes."""
    face("DejaVu Sans")
    paths = []
    for name, source in SOURCES_SHOWN.items():
        paths.append(tmp_path / f"{name}.pptx")
        paths[-1].write_bytes(deck(source, DEJAVU))
    paths.append(tmp_path / "talk-as-before.pptx")
    paths[-1].write_bytes(as_before(SOURCES_SHOWN["talk"], DEJAVU))
    pages = render(paths, tmp_path)
    for path in paths:
        problems = deck_misplaced(Presentation(str(path)), pages[path.stem])
        if path.stem.endswith("as-before"):
            assert problems, "the deck fitted with Arial's widths was expected to overflow its boxes"
        else:
            assert problems == [], path.stem
