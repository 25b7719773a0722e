"""The deck being checked: whether a file is one (by its name, else by its content), the deck
a source builds into (planned, narrated and written in memory as `deckcast build` would), and
a slide's speaker notes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Diagnostic

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide

    from ..build import Options


def is_deck(path: Path) -> bool:
    if path.suffix.lower() in (".pptx", ".potx", ".pptm"):
        return True
    if path.suffix.lower() in (".md", ".markdown", ".txt"):
        return False
    with path.open("rb") as handle:  # by content: a zip with a presentation part
        if handle.read(4) != b"PK\x03\x04":
            return False
    try:
        with zipfile.ZipFile(path) as z:
            return "ppt/presentation.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def deck_of_source(path: Path, options: Options) -> tuple[Presentation, tuple[float, float], list[str]]:
    """The deck `deckcast build --only deck` would write, opened in memory; the voice's
    reading rates; and the warnings met on the way."""
    from pptx import Presentation

    from ..plan.production import produce
    from ..readers import read_episode
    from ..writers.deck import write_deck

    episode, diagnostics = read_episode(
        path, chinese=options.chinese, max_bytes=int(options.max_source_mb * 1024 * 1024)
    )
    production = produce(
        episode, options.theme, options.templates, options.voice, options.minutes, options.paper
    )
    data = write_deck(production.slides, episode, production.theme)
    notes = [d.message for d in diagnostics if isinstance(d, Diagnostic) and d.level == "warning"]
    notes += list(production.warnings)
    voice = production.voice
    return Presentation(io.BytesIO(data)), (voice.cjk_per_minute, voice.words_per_minute), notes


def notes_text(slide: Slide) -> str:
    """The slide's speaker notes; '' when it has none."""
    if not slide.has_notes_slide:
        return ""
    frame = slide.notes_slide.notes_text_frame
    return frame.text if frame is not None else ""
