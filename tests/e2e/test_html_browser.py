"""deck.html in a real browser (headless chromium, tests/_browser.py): the seed's deck loads
with no console error and no request but its own file, shows every slide, follows the keys
and the URL fragment, its presenter view shows the script's own narration block and cue for
the slide, every text box holds its text as the fitter measured it (no overflow), and a
`<script>` in a source stays text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _browser import wait_until
from _support import CONTENT, build
from _support import SOURCES as SOURCES_DIR

pytestmark = pytest.mark.browser

RICH = CONTENT / "shipping-reliable-software.md"
CUE = re.compile(r"^## \[(?:投影片|幻灯片|Slide) (\d+) · ([\d:]+)\] .*$", re.M)


def script_blocks(script_md: str) -> dict[int, tuple[str, str]]:
    """slide number -> (cue time, narration) as script.md writes them."""
    found = {}
    cues = list(CUE.finditer(script_md))
    for cue, after in zip(cues, [*cues[1:], None], strict=True):
        body = script_md[cue.end() : after.start() if after else len(script_md)]
        text = body.strip().split("\n\n*(", 1)[0].strip()
        found[int(cue[1])] = (cue[2], text)
    return found


def current(page) -> int:
    return int(page.evaluate("document.querySelector('#deck > .slide.on').dataset.n"))


def test_the_seed_deck_loads_quietly_and_alone(seed_build, open_page):
    url = (seed_build / "deck.html").as_uri()
    watched = open_page(url)
    page = watched.page
    page.wait_for_load_state("load")
    assert watched.errors == []
    assert [m for m in watched.console if m[0] in ("error", "warning")] == []
    assert watched.requests == [url]  # the file itself; fonts and pictures are data: URIs
    assert page.evaluate("document.querySelectorAll('#deck > .slide').length") == 24
    assert page.evaluate("window.deckcast.count()") == 24
    assert current(page) == 1
    fonts = page.evaluate("Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)")
    assert {"dc-major", "dc-cjk"} <= {f.strip("'\"") for f in fonts}


def test_keys_and_the_fragment_navigate(seed_build, open_page):
    page = open_page((seed_build / "deck.html").as_uri()).page
    page.keyboard.press("ArrowRight")
    assert current(page) == 2 and page.evaluate("location.hash") == "#2"
    page.keyboard.press("Space")
    page.keyboard.press("PageDown")
    assert current(page) == 4 and page.evaluate("location.hash") == "#4"
    page.keyboard.press("PageUp")
    page.keyboard.press("ArrowLeft")
    assert current(page) == 2
    page.keyboard.press("End")
    assert current(page) == 24
    page.keyboard.press("ArrowRight")  # stays on the last
    assert current(page) == 24 and page.evaluate("location.hash") == "#24"
    page.evaluate("location.hash = '#7'")
    wait_until(page, "document.querySelector('#deck > .slide.on').dataset.n === '7'")
    opened = open_page((seed_build / "deck.html").as_uri() + "#5").page
    assert current(opened) == 5
    # one slide shows at a time, scaled to the window (1280/960)
    assert opened.evaluate("document.querySelectorAll('#deck > .slide.on').length") == 1
    box = opened.locator("#deck > .slide.on").bounding_box()
    assert abs(box["width"] - 1280) < 1 and abs(box["height"] - 720) < 1


def test_presenter_view_shows_the_scripts_block_for_the_slide(seed_build, open_page):
    blocks = script_blocks((seed_build / "script.md").read_text(encoding="utf-8"))
    assert len(blocks) == 24
    page = open_page((seed_build / "deck.html").as_uri() + "#3").page
    page.keyboard.press("p")
    assert page.locator("#presenter").is_visible()
    for n in (3, 4, 12, 24):
        if n != 3:
            page.evaluate(f"window.deckcast.go({n})")
        cue, text = blocks[n]
        assert page.locator("#pv-notes").text_content() == text, n
        assert page.locator("#pv-cue").text_content() == cue
        assert page.locator("#pv-number").text_content() == str(n)
        shown = page.evaluate("document.querySelector('#pv-current .slide').dataset.n")
        assert shown == str(n)
        following = page.evaluate("(document.querySelector('#pv-next .slide') || {dataset: {}}).dataset.n")
        assert following == (str(n + 1) if n < 24 else None)
    assert re.fullmatch(r"\d\d:\d\d", page.locator("#pv-timer").text_content())
    page.keyboard.press("ArrowLeft")
    assert page.locator("#pv-notes").text_content() == blocks[23][1]
    page.keyboard.press("Escape")
    assert not page.locator("#presenter").is_visible() and current(page) == 23


# A text box whose paragraphs reach past its padding (by more than half a pixel), or whose
# lines are wider than it, or a paragraph whose lines are not the pitch the fitter measured
# (its height not a whole number of lines): the text is not laid out as it was measured.
OVERFLOW = """() => Array.from(document.querySelectorAll('#deck > .slide.on .tx')).filter(e => {
  const box = e.getBoundingClientRect(), style = getComputedStyle(e), k = box.height / e.offsetHeight;
  const top = box.top + parseFloat(style.paddingTop) * k, bottom = box.bottom - parseFloat(style.paddingBottom) * k;
  const paras = Array.from(e.children).map(p => p.getBoundingClientRect());
  const tall = paras.length && (paras[0].top < top - 0.5 * k || paras[paras.length - 1].bottom > bottom + 0.5 * k);
  const pitch = parseFloat(style.lineHeight) * k;
  const uneven = paras.some(r => Math.abs(r.height / pitch - Math.round(r.height / pitch)) > 0.05);
  return tall || uneven || e.scrollWidth > e.clientWidth + 1;
}).map(e => [e.className, e.textContent.slice(0, 40)])"""

SOURCES = [
    p for folder in (CONTENT, SOURCES_DIR) for p in sorted(folder.iterdir()) if p.suffix in (".md", ".txt")
]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_every_text_fits_its_box_as_measured(source, tmp_path, open_page):
    """Every bundled and test source, every slide: each text box holds its text in lines of
    the fitted pitch (a slide that fits in the pptx fits in the page)."""
    _all_fit(build(source, tmp_path / "out", "--only", "html"), open_page)


def test_the_paper_theme_fits_too(tmp_path, open_page):
    """The paper theme's headings are Times New Roman, measured and embedded as Liberation Serif."""
    _all_fit(build(RICH, tmp_path / "out", "--only", "html", "--theme", "paper"), open_page)


def _all_fit(folder: Path, open_page) -> None:
    page = open_page((folder / "deck.html").as_uri()).page
    page.evaluate("document.fonts.ready")
    overflowing = {}
    for n in range(1, page.evaluate("window.deckcast.count()") + 1):
        page.evaluate(f"window.deckcast.go({n})")
        found = page.evaluate(OVERFLOW)
        if found:
            overflowing[n] = found
    assert overflowing == {}


def test_a_script_in_the_source_stays_text(tmp_path, open_page):
    source = tmp_path / "hostile.md"
    source.write_text(
        "# 注入 {{ 7*7 }}\n\n- 大家好，這裡是測試台，我是阿明。\n"
        '- 腳本 <script>window.pwned = 1</script> 與 <img src=x onerror="window.pwned = 2">\n'
        "- 模板 {{ 7*7 }} 原樣\n",
        encoding="utf-8",
    )
    folder = build(source, tmp_path / "out", "--only", "html")
    watched = open_page((folder / "deck.html").as_uri() + "#2")
    page = watched.page
    texts = page.evaluate(
        "Array.from(document.querySelectorAll('.slide .tx')).map(e => e.textContent).join('\\n')"
    )
    assert "<script>window.pwned = 1</script>" in texts
    assert '<img src=x onerror="window.pwned = 2">' in texts and "{{ 7*7 }}" in texts
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert watched.errors == [] and [m for m in watched.console if m[0] == "error"] == []
    assert watched.requests == [(Path(folder) / "deck.html").as_uri()]


def test_printing_gives_one_slide_a_page(seed_build, open_page, tmp_path):
    from pypdf import PdfReader

    page = open_page((seed_build / "deck.html").as_uri() + "#5").page
    page.evaluate("document.fonts.ready")
    pdf = tmp_path / "deck.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    pages = PdfReader(pdf).pages
    assert len(pages) == 24
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(width / height - 16 / 9) < 0.01
    assert "價值觀植入" in pages[7].extract_text().replace(" ", "")


def test_the_presenter_window_follows_the_deck_both_ways(seed_build, open_page):
    page = open_page((seed_build / "deck.html").as_uri() + "#4").page
    with page.expect_popup() as popup:
        page.keyboard.press("w")
    window = popup.value
    window.wait_for_load_state("load")
    assert window.locator("#presenter").is_visible() and current(window) == 4
    page.keyboard.press("ArrowRight")
    wait_until(window, "document.getElementById('pv-number').textContent === '5'")
    window.keyboard.press("ArrowRight")
    wait_until(page, "document.querySelector('#deck > .slide.on').dataset.n === '6'")
    assert page.evaluate("location.hash") == "#6"


def test_f_toggles_full_screen(seed_build, open_page):
    page = open_page((seed_build / "deck.html").as_uri() + "#2").page
    page.keyboard.press("f")
    wait_until(page, "document.fullscreenElement === document.documentElement", timeout=5)
    page.keyboard.press("f")
    wait_until(page, "document.fullscreenElement === null", timeout=5)
    assert current(page) == 2
