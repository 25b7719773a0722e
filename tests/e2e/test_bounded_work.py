"""Bounded work (issue 13, findings 7 and 12): the handout's fitting costs about the same for
any number of points, a roster too long for the page condenses in one or two layouts, and a
deck past MAX_SLIDES is refused in one line before it is planned. Asserted on the real
build (CliRunner) and its artifacts (the PDF read with pypdf); the time bounds are generous
so that a slow machine cannot fail them, the layout counts are what the old loop failed."""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from _support import SEED, TEMPLATES, read, run
from pypdf import PdfReader

from generator.plan import slides as plan
from generator.writers.handout import render_handout


def bullets(tmp_path: Path, count: int, text=lambda n: "a", name: str = "bullets.md") -> Path:
    """One `#` section holding `count` bullets."""
    src = tmp_path / name
    src.write_text("# T\n\n" + "".join(f"- {text(n)}\n" for n in range(count)), encoding="utf-8")
    return src


def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records the page count of every layout WeasyPrint makes."""
    from weasyprint import HTML

    counts: list[int] = []
    render = HTML.render

    def counting(self: HTML, *args: Any, **kwargs: Any) -> Any:
        document = render(self, *args, **kwargs)
        counts.append(len(document.pages))
        return document

    monkeypatch.setattr(HTML, "render", counting)
    return counts


# --------------------------------------------------------------------------- the handout


def test_1500_one_letter_points_make_one_page_quickly(tmp_path, out):
    """1,500 one-letter points in one section took 146-186 s (11 layouts of ~30 pages)."""
    src = bullets(tmp_path, 1500)
    start = time.perf_counter()
    result = run("build", src, "-o", out, "--only", "handout", "--force")
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    assert elapsed < 30, elapsed  # about 1 s
    assert len(PdfReader(out / "handout.pdf").pages) == 1
    cut = int(re.search(r"(\d+) points left out for space\.", (out / "handout.html").read_text()).group(1))
    assert 1300 < cut < 1450
    assert f"handout: {cut} lowest-priority point(s) left out to fit one page" in result.output


@pytest.mark.parametrize("count", [300, 6000])
def test_layouts_do_not_grow_with_the_number_of_points(tmp_path, monkeypatch, count):
    """What surely cannot fit is cut before any layout: a layout or two of at most a page
    and a half, however many points there are (the old loop laid out every point at every
    size first: 300 points, 12 layouts; 6,000 points, each layout over 100 pages)."""
    counts = layouts(monkeypatch)
    result = render_handout(read(bullets(tmp_path, count)))
    assert len(PdfReader(io.BytesIO(result.pdf)).pages) == 1
    assert result.passes == len(counts) <= 3, counts
    assert max(counts) <= 5, counts


def test_the_cut_keeps_the_first_points_in_order(tmp_path):
    """Bounding the work changes nothing of what is kept: the latest points of a part go
    first, so what is left is the first points, in order, with the count in the footer."""
    src = bullets(tmp_path, 2000, text=lambda n: f"p{n + 1}q")
    result = render_handout(read(src))
    kept = [int(n) for n in re.findall(r"<li>p(\d+)q", result.html)]
    assert kept == list(range(1, len(kept) + 1)) and 80 < len(kept) < 130
    assert result.fit.dropped == 2000 - len(kept)
    assert f"{result.fit.dropped} points left out for space." in result.html
    assert len(PdfReader(io.BytesIO(result.pdf)).pages) == 1


def test_a_roster_too_long_for_the_page_condenses_after_few_layouts(tmp_path, out, monkeypatch):
    """150 speakers did not fit one page even with every point cut, and the build failed after
    a layout of the roster (issue 14): a roster longer than its share of the page now
    condenses before anything is laid out, so the page takes a layout or two."""
    lines = ["**引言**", "", "*   大家好，這裡是科技早知道，我是阿哲。", "", "**專家介紹**", ""]
    lines += [f"*   **講者{i}（Speaker {i}）：**研究員，研究方向第{i}項" for i in range(150)]
    lines += [
        "",
        "**1. 講者1（Speaker 1）**",
        "",
        "*   **觀點：**模型需要對齊。",
        "",
        "**總結**",
        "",
        "*   對齊仍是難題。",
        "",
    ]
    src = tmp_path / "roster.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    counts = layouts(monkeypatch)
    start = time.perf_counter()
    result = run("build", src, "-o", out, "--only", "handout")
    assert time.perf_counter() - start < 30
    assert result.exit_code == 0, result.output
    assert "handout: speakers shown by name only (roles left out)" in result.output
    assert len(PdfReader(out / "handout.pdf").pages) == 1
    assert len(counts) <= 2, counts


def test_a_run_of_spaces_is_laid_out_as_one(tmp_path, monkeypatch):
    """WeasyPrint's white-space pass is quadratic in a run of spaces: a heading `**Q` with
    50,000 spaces took 8 s to lay out. The page shows a run as one space, so it is given one."""
    import weasyprint

    strings: list[str] = []
    html = weasyprint.HTML
    monkeypatch.setattr(
        weasyprint, "HTML", lambda string, **kwargs: strings.append(string) or html(string=string, **kwargs)
    )
    src = tmp_path / "spaces.md"
    src.write_text("# Q&A\n\n**Q" + " " * 50_000 + "x**\n\n- a  b\t\tc\n", encoding="utf-8")
    start = time.perf_counter()
    result = render_handout(read(src))
    assert time.perf_counter() - start < 30
    assert strings and max(len(run) for text in strings for run in re.findall(r"[ \t]+", text)) < 100
    assert "Q x" in result.html and "a b c" in result.html
    assert len(PdfReader(io.BytesIO(result.pdf)).pages) == 1


# --------------------------------------------------------------------------- the slide cap


@pytest.fixture
def cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slide cap of 20 (the seed makes 24)."""
    monkeypatch.setattr(plan, "MAX_SLIDES", 20)


def nothing_written(out: Path) -> bool:
    return not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


def test_a_deck_over_the_cap_is_refused_before_it_is_planned(tmp_path, out, cap, monkeypatch):
    """400 points make at least 400 / 14 + 2 slides: over a cap of 20, the build stops in
    one line naming the source, before the deck template is rendered, and writes nothing."""
    monkeypatch.setattr(plan, "render_plan", lambda *a, **k: pytest.fail("planned past the cap"))
    src = bullets(tmp_path, 400, text=lambda n: "word")
    result = run("build", src, "-o", out)
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (
        f"deckcast: error: {src}: the deck would have at least 31 slides, over the 20 limit; split the source"
    )
    assert nothing_written(out)


def test_a_user_deck_template_is_capped_while_it_is_fitted(tmp_path, out, cap):
    """A user's deck template may show fewer points than the model has, so only its planned
    slides count: the one content slide it plans is split into continuations until the
    count passes the cap, and the build stops there."""
    templates = tmp_path / "templates"
    (templates / "deck").mkdir(parents=True)
    shutil.copy(TEMPLATES / "deck" / "slides.yaml.j2", templates / "deck" / "slides.yaml.j2")
    src = bullets(tmp_path, 400, text=lambda n: "word")
    result = run("build", src, "-o", out, "--only", "deck", "--templates", templates)
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (
        f"deckcast: error: {src}: the deck would have at least 21 slides, over the 20 limit; split the source"
    )
    assert nothing_written(out)


def test_a_deck_at_the_cap_builds(out, monkeypatch):
    """The seed makes 24 slides: a cap of 24 lets it through."""
    monkeypatch.setattr(plan, "MAX_SLIDES", 24)
    result = run("build", SEED, "-o", out, "--only", "deck")
    assert result.exit_code == 0, result.output
    assert re.search(r"\b24\b", result.output)
