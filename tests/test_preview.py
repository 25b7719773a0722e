"""`deckcast preview` (generator/preview.py): a source's deck and handout rendered to PNGs
(LibreOffice and pdftoppm) and a contact sheet, run once through the CLI; and the one-line
error that says how to install the tools when they are missing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from _support import SEED, run
from click.testing import Result
from pptx import Presentation

from generator import preview as preview_module
from generator.preview import PreviewResult, png_size


@pytest.fixture(scope="module")
def previewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, PreviewResult, Path]:
    """`deckcast preview SEED -o OUT`: what the CLI said, the PreviewResult it printed from
    (kept on its way back from generator.preview), and OUT."""
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
    made: list[PreviewResult] = []
    render = preview_module.preview

    def render_and_keep(*args: Any, **kwargs: Any) -> PreviewResult:
        made.append(render(*args, **kwargs))
        return made[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(preview_module, "preview", render_and_keep)
        result = run("preview", SEED, "-o", out)
    assert result.exit_code == 0, result.output
    return result, made[0], out


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_preview_renders_slides_handout_and_contact_sheet(previewed):
    cli, result, out = previewed
    slides = len(Presentation(str(out / "deck.pptx")).slides)
    assert slides == 24
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
    assert (
        cli.stdout == f"previewed {SEED} -> {out / 'preview'}/: 24 slides, handout.png, contact-sheet.png\n"
    )


def test_preview_without_soffice_says_how_to_install(tmp_path, out, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("preview", SEED, "-o", out)
    assert result.exit_code == 2
    (message,) = result.stderr.splitlines()  # one line
    assert message.startswith("deckcast: error: ")
    assert "soffice" in message and "pdftoppm" in message
    assert "apt-get install libreoffice-impress poppler-utils" in message
    assert "brew install --cask libreoffice" in message and "brew install poppler" in message
    assert not out.exists()  # nothing built when the tools are missing
