"""deck.html (issue 20) as a file: the slide plan drawn box by box (the fitter's sizes and
boxes in the stylesheet), self-contained (fonts and pictures as data: URIs, no other URL
loaded), a strict Content-Security-Policy whose hashes are those of its one stylesheet and
one script, source text escaped, notes = the script's narration blocks, the same bytes on
every build. The browser tests are in tests/e2e/test_html_browser.py."""

from __future__ import annotations

import base64
import hashlib
import html
import re

import pytest
from _support import CONTENT, SEED, build, read

from generator.plan.production import produce
from generator.writers.script import blocks_of, clock
from generator.writers.slideshow import render_deck

RICH = CONTENT / "shipping-reliable-software.md"


@pytest.fixture(scope="module")
def seed_production():
    return produce(read(SEED))


@pytest.fixture(scope="module")
def seed_page(seed_production) -> str:
    page, warnings = render_deck(seed_production)
    assert warnings == []
    return page


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_policy_allows_exactly_the_pages_own_style_and_script(seed_page):
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', seed_page)[1])
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    styles = re.findall(r"<style>(.*?)</style>", seed_page, re.S)
    scripts = re.findall(r"<script>(.*?)</script>", seed_page, re.S)
    assert len(styles) == 1 and len(scripts) == 1
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"'{_sha(scripts[0])}'"
    assert directives["style-src"] == f"'{_sha(styles[0])}'"
    assert directives["img-src"] == "data:" and directives["font-src"] == "data:"
    assert " style=" not in seed_page  # no inline style attribute (the policy would refuse it)


def test_nothing_but_data_uris_is_loaded(seed_page):
    rich, _ = render_deck(produce(read(RICH)))
    for page in (seed_page, rich):
        loaded = re.findall(r'\b(?:src|srcset|poster|data)="([^"]*)"', page) + re.findall(
            r"url\(([^)]*)\)", page
        )
        assert loaded and all(u.startswith("data:") for u in loaded), [
            u[:40] for u in loaded if not u.startswith("data:")
        ]
        hrefs = re.findall(r'<link[^>]*href="([^"]*)"', page)
        assert hrefs == []
    assert rich.count('<img class="bx') >= 2  # the chart and the pipeline, embedded
    assert '<a href="https://dora.dev' in rich  # a link stays a link: followed only when clicked


def test_fonts_are_embedded_subsets(seed_page):
    faces = re.findall(
        r"@font-face\{font-family:'([^']+)';font-weight:(\d+);[^}]*src:url\(data:font/(\w+);base64,([^)]*)\)",
        seed_page,
    )
    families = {(f, w) for f, w, _, _ in faces}
    assert {("dc-major", "400"), ("dc-major", "700"), ("dc-cjk", "400")} <= families
    cjk = next(base64.b64decode(data) for f, _, _, data in faces if f == "dc-cjk")
    assert 10_000 < len(cjk) < 2_000_000  # a subset, not the 19 MB collection


def test_every_slide_of_the_plan_with_its_notes_and_cue(seed_production, seed_page):
    sections = re.findall(
        r'<section class="slide r-(\w+) y-(\w+)" data-n="(\d+)" data-cue="([^"]*)"', seed_page
    )
    slides = seed_production.slides
    assert len(sections) == len(slides) == 24
    blocks = blocks_of(seed_production)
    notes = [html.unescape(n) for n in re.findall(r'<aside class="notes">(.*?)</aside>', seed_page, re.S)]
    for (role, layout, number, cue), slide, block, note in zip(sections, slides, blocks, notes, strict=True):
        assert (role, layout, int(number)) == (slide.role, slide.layout, slide.number)
        assert cue == clock(block.start)
        assert note == block.text == slide.notes


def test_boxes_and_sizes_are_the_plans(seed_production, seed_page):
    """Each slide's title box is the theme's placeholder at the fitted size, a bullet list
    is set at its fitted size and pitch, and a designed slide's texts at theirs."""
    frames = seed_production.theme.frames
    rules = dict(re.findall(r"\.(b\d+-\d+)\{([^}]*)\}", seed_page))
    for slide in seed_production.slides:
        title = rules[f"b{slide.number}-{_first_text_box(seed_page, slide.number)}"]
        box = frames[slide.role].title_box
        for prop, value in (("left", box.x), ("top", box.y), ("width", box.w), ("height", box.h)):
            assert f"{prop}:{_px(value)}" in title, (slide.number, prop, title)
        assert f"font-size:{_px(slide.title_pt)}" in title
        assert f"line-height:{_px(1.2 * slide.title_pt)}" in title
        if slide.design is not None:
            sizes = {
                r.split("font-size:")[1].split(";")[0]
                for r in _slide_rules(rules, slide.number)
                if "font-size" in r
            }
            assert {_px(t.size_pt) for t in slide.design.texts} <= sizes
        elif slide.role == "content" and slide.bullets:
            assert any(f"font-size:{_px(slide.body_pt)}" in r for r in _slide_rules(rules, slide.number))


def _slide_rules(rules: dict[str, str], number: int) -> list[str]:
    return [v for k, v in rules.items() if k.startswith(f"b{number}-")]


def _first_text_box(page: str, number: int) -> int:
    section = page.split(f'data-n="{number}"', 1)[1].split("</section>", 1)[0]
    return int(re.search(rf'<div class="bx tx b{number}-(\d+)"', section)[1])


def _px(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}px"


def test_source_text_is_escaped_never_run(tmp_path):
    source = tmp_path / "hostile.md"
    source.write_text(
        "# 注入 {{ 7*7 }}\n\n- 大家好，這裡是測試台，我是阿明。\n- 腳本 <script>alert(1)</script> 不會執行\n"
        "- 樣式 <style>body{display:none}</style> 與 {% raw %}\n- 結尾 ]]> 與 --> 都是文字\n",
        encoding="utf-8",
    )
    page = (build(source, tmp_path / "out", "--only", "html") / "deck.html").read_text(encoding="utf-8")
    assert page.count("<script>") == 1 and page.count("<style>") == 1  # the page's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;style&gt;body{display:none}&lt;/style&gt;" in page
    assert "{{ 7*7 }}" in page and "{% raw %}" in page and "49" not in re.sub(r"data:[^)\"]*", "", page)


def test_same_bytes_on_every_build(tmp_path):
    first = build(RICH, tmp_path / "a", "--only", "html") / "deck.html"
    second = build(RICH, tmp_path / "b", "--only", "html") / "deck.html"
    assert first.read_bytes() == second.read_bytes()


def test_a_users_template_gives_the_wording_the_plan_the_slides(tmp_path):
    """deck.html's templates are looked up like every other (the user's folder first): a
    user's copy with other wording changes the wording, the slides stay the plan's."""
    folder = tmp_path / "mine" / "deck"
    folder.mkdir(parents=True)
    bundled = (CONTENT.parent / "templates" / "deck" / "deck.html.j2").read_text(encoding="utf-8")
    (folder / "deck.html.j2").write_text(
        bundled.replace('"next": "下一張"', '"next": "接下來"'), encoding="utf-8"
    )
    page = (
        build(SEED, tmp_path / "out", "--only", "html", "--templates", tmp_path / "mine") / "deck.html"
    ).read_text(encoding="utf-8")
    assert "接下來" in page and "下一張" not in page
    assert page.count('<section class="slide') == 24


def test_the_written_file_is_the_page_as_rendered_whole(seed_production, seed_page, tmp_path):
    """write() streams the page into the file piece by piece (a 5,800-slide page is never
    whole in memory): the file holds exactly the text render_deck returns."""
    from generator.writers.slideshow import write

    write(seed_production, tmp_path)
    assert (tmp_path / "deck.html").read_bytes() == seed_page.encode("utf-8")


def test_fonts_are_cut_to_the_same_characters_whatever_their_order():
    """The page's text is kept only as its distinct characters for the font subsets."""
    from generator.writers.slideshow import _characters

    assert _characters("bab", ["ca", "b"]) == "abc"
    assert _characters("") == ""
