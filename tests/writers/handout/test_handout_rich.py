"""Rich content in the handout (issue 16, item 5): a talk's pictures as thumbnails, its tables
and code, its quotes, and its links as numbered notes, asserted on the real artifacts (the PDF
read with pypdf: text, the font each piece is drawn in, image XObjects, link annotations; the
HTML's markup). The fitting cuts the rich blocks before any point and the page stays one; the
content is data; WeasyPrint reads nothing but the handout's own fonts and pictures."""

from __future__ import annotations

import base64
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _support import CONTENT, build, read
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from generator.templating import Templates
from generator.writers.handout import render_handout
from generator.writers.handout.pictures import PictureFiles
from generator.writers.handout.selection import collect
from generator.writers.handout.wording import episode_as_shown

ENGLISH = CONTENT / "shipping-reliable-software.md"
IMAGES = CONTENT / "images"


# --------------------------------------------------------------------------- helpers


def handout(src: Path, out: Path, *args: object) -> Path:
    return build(src, out, "--only", "handout", *args)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page(out: Path) -> Any:
    reader = PdfReader(out / "handout.pdf")
    assert len(reader.pages) == 1
    return reader.pages[0]


def pdf_text(out: Path) -> str:
    return flat(page(out).extract_text())


def html(out: Path) -> str:
    return (out / "handout.html").read_text(encoding="utf-8")


def drawn_in(out: Path) -> list[tuple[str, str]]:
    """(font name without its subset tag, text) for every piece of text the page draws."""
    pieces: list[tuple[str, str]] = []

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if text.strip() and font is not None:
            pieces.append((str(font.get("/BaseFont", "")).split("+")[-1], text))

    page(out).extract_text(visitor_text=visit)
    return pieces


def resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def image_xobjects(out: Path) -> list[Any]:
    """Every image XObject the page draws, also inside form XObjects."""
    found: list[Any] = []

    def walk(resources: Any) -> None:
        for xobject in (resolve(resolve(resources or {}).get("/XObject")) or {}).values():
            xobject = resolve(xobject)
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
            elif "/Resources" in xobject:
                walk(xobject["/Resources"])

    walk(page(out)["/Resources"])
    return found


def link_targets(out: Path) -> list[str]:
    return [str(resolve(a)["/A"]["/URI"]) for a in page(out).get("/Annots", [])]


def no_ligature(text: str) -> bool:
    """pypdf reads the subset font's fi/fl ligature glyphs as other characters."""
    return not re.search("f[fil]", text)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return handout(ENGLISH, tmp_path_factory.mktemp("english") / "out")


def talk(folder: Path, body: str, title: str = "A rich talk") -> Path:
    """A Markdown talk in `folder`, with the bundled pictures beside it."""
    for picture in IMAGES.iterdir():
        shutil.copy(picture, folder / picture.name)
    src = folder / "talk.md"
    src.write_text(f"---\ntitle: {title}\nlanguage: en\nhost:\n  name: Sam\n---\n\n{body}", encoding="utf-8")
    return src


# --------------------------------------------------------------------------- the bundled English talk


def test_english_talk_is_one_page_with_its_table(english: Path) -> None:
    text = pdf_text(english)
    table = next(
        b for s in read(ENGLISH).sections for t in s.topics for b in t.blocks if hasattr(b, "header")
    )
    cells = [c.text for c in table.header] + [c.text for row in table.rows for c in row]
    for cell in filter(no_ligature, cells):
        assert flat(cell) in text, cell
    page_html = html(english)
    assert '<th class="right">Teams</th>' in page_html  # the column's alignment from the model
    assert '<td class="center"><strong>9</strong></td>' in page_html  # a cell keeps its styling


def test_english_talk_code_is_drawn_in_the_monospace_face(english: Path) -> None:
    mono = "".join(text for font, text in drawn_in(english) if font == "deckcast-mono")
    assert "def ready_to_merge(change) -> bool:" in mono
    assert "return change.tests_passed" in mono
    body = "".join(text for font, text in drawn_in(english) if font != "deckcast-mono")
    assert "ready_to_merge" not in body and "Small changes" in body
    assert "<pre><code>" in html(english)


def test_english_talk_link_is_a_numbered_note(english: Path) -> None:
    text = pdf_text(english)
    assert text.count("https://dora.dev") == 1  # listed once, in the notes
    assert "DORAresearchprogram1." in text  # the link's text, then its number
    assert "(https://dora.dev)" not in text
    assert text.index("https://dora.dev") > text.index("Reviewsystems,notpeople.")  # below the content
    page_html = html(english)
    assert '<a href="https://dora.dev">DORA research program</a><sup class="note">1</sup>' in page_html
    assert '<li><sup>1</sup> <a href="https://dora.dev">https://dora.dev</a></li>' in page_html
    assert "attr(href)" not in page_html  # the print rule that wrote the address after the text
    assert set(link_targets(english)) == {"https://dora.dev"}  # the PDF's links still open it


def test_english_talk_pictures_are_embedded_thumbnails(english: Path) -> None:
    page_html = html(english)
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)" style="([^"]*)">', page_html)
    assert [alt for _, alt, _ in images] == [
        "Median lead time in days, by batch size",
        "Commit, test, review, deploy",
    ]
    assert base64.b64decode(images[0][0]) == (IMAGES / "lead-time.png").read_bytes()
    assert images[0][2] == "width: 48.0mm; height: 28.0mm"  # 1200 x 700: as tall as a thumbnail may be
    assert images[1][2] == "width: 80.0mm; height: 26.67mm"  # 1200 x 400: as wide as a column allows
    assert "<figcaption>Median lead time, days</figcaption>" in page_html
    for caption in ("Median lead time, days", "Every change takes the same path"):
        assert flat(caption) in pdf_text(english), caption
    pictures = image_xobjects(english)
    assert len(pictures) == 2
    assert max(int(p["/Width"]) for p in pictures) < 1200  # at most 300 dpi, not the source's pixels
    assert "deckcast-picture:" not in page_html  # the layout's names for the pictures stay inside


def test_english_talk_shows_its_columns_points_and_quote(english: Path) -> None:
    text = pdf_text(english)
    for point in ("Small changes", "Quick rollback", "If it hurts, do it more often.", "Martin Fowler"):
        assert flat(point) in text, point


def test_english_talk_rebuild_is_byte_identical(english: Path, tmp_path: Path) -> None:
    again = handout(ENGLISH, tmp_path / "again")
    for name in ("handout.html", "handout.pdf"):
        assert (again / name).read_bytes() == (english / name).read_bytes(), name


# --------------------------------------------------------------------------- the cut order


def test_rich_blocks_are_cut_before_any_point() -> None:
    episode = episode_as_shown(read(ENGLISH))
    _, cut_order = collect(episode, PictureFiles.of(episode))
    kinds = [i.kind for i in cut_order if i.kind in ("point", "image", "table", "code", "quote")]
    assert kinds[:2] == ["image", "image"]
    assert set(kinds[2:4]) == {"table", "code"} and kinds[4] == "quote"
    assert set(kinds[5:]) == {"point"}


PARTS = "ABCDEFGH"
POINTS = "abcdefg"  # letters, not digits: pypdf misreads the body face's digits in Latin text


def many_points(folder: Path, per_part: int) -> Path:
    """Eight parts of `per_part` two-line points, each with a picture."""
    body = []
    for n, part in enumerate(PARTS):
        body += [f"# Part {part}", "", f"## Slide {part}", ""]
        body += [
            f"- Point {part}{p}: small batches keep lead time short and recovery fast for the team."
            for p in POINTS[:per_part]
        ]
        picture = "pipeline.png" if n % 2 else "lead-time.png"
        body += ["", f'![Chart {part}]({picture} "Caption {part}")', ""]
    return talk(folder, "\n".join(body + ["# Summary {kind=summary}", "", "- Ship small.", ""]))


def points_shown(out: Path, per_part: int) -> int:
    text = pdf_text(out)
    return sum(f"Point{part}{p}:" in text for part in PARTS for p in POINTS[:per_part])


def test_pictures_go_before_points(tmp_path: Path) -> None:
    src = many_points(tmp_path, 5)
    result = render_handout(read(src))
    assert "handout: 6 picture(s) left out to fit one page" in result.warnings
    assert not any("point(s) left out" in w for w in result.warnings)
    out = handout(src, tmp_path / "out")
    assert points_shown(out, 5) == 40  # every point, and two of the eight pictures
    assert html(out).count("<img ") == len(image_xobjects(out)) == 2
    assert "CaptionA" in pdf_text(out) and "CaptionC" not in pdf_text(out)  # the later ones went first


def test_a_point_is_cut_only_once_every_picture_is(tmp_path: Path) -> None:
    src = many_points(tmp_path, 7)
    out = handout(src, tmp_path / "out")
    assert 0 < points_shown(out, 7) < 56
    assert "<img" not in html(out) and image_xobjects(out) == []
    assert "<figure>" not in html(out)


def test_long_tables_and_code_are_shortened(tmp_path: Path) -> None:
    names = [f"row {chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(30)]  # row aa, row ab, …
    rows = "\n".join(f"| {name} | x |" for name in names)
    code = "\n".join([f"x = '{'y' * 300}'"] + [f"line_{n} = {n}" for n in range(40)])
    src = talk(
        tmp_path,
        f"# Data\n\n## A table\n\n| Name | N |\n|---|--:|\n{rows}\n\n## Code\n\n```python\n{code}\n```\n",
    )
    out = handout(src, tmp_path / "out")
    text = pdf_text(out)
    assert "rowal" in text and "rowam" not in text  # twelve rows, then "…"
    assert "line_10=10" in text and "line_11" not in text  # twelve lines, then "…"
    assert '<tr class="more"><td colspan="2">…</td></tr>' in html(out)
    assert "x = &#39;" + "y" * 154 + "…<" in html(out)  # a code line is cut at a character, not a word


def text_starts(out: Path) -> list[float]:
    """Where on the page (x, in points) each piece of text starts."""
    starts: list[float] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():
            starts.append(float(cm[4]) + float(tm[4]) * float(cm[0]))

    page(out).extract_text(visitor_text=visit)
    return starts


def test_a_table_with_long_words_stays_in_its_column(tmp_path: Path) -> None:
    """Only a cell with a very long word may break it anywhere: a column of numbers beside long
    text keeps its numbers whole, and a long URL in a cell does not push the table off the page."""
    url = "https://example.com/a/very/long/path/without/any/spaces/at/all/in/it"
    body = f"""# Data

| Name | N |
|---|--:|
| {"word " * 15}| 120 |

| Long | Link | N |
|---|---|---|
| {"x" * 79} | {url} | 7 |
"""
    out = handout(talk(tmp_path, body), tmp_path / "out")
    page_html = html(out)
    assert '<td class="right">120</td>' in page_html  # no "long": it never breaks
    assert page_html.count('<td class="long">') == 2
    assert flat(url) in pdf_text(out)
    width = float(page(out).mediabox.width)
    assert max(text_starts(out)) < width - 30  # every piece starts inside the right margin


# --------------------------------------------------------------------------- link notes


def test_links_are_numbered_in_reading_order_once_each(tmp_path: Path) -> None:
    body = """# Links

- First [one](https://one.example/a) and [two](https://two.example/b).
- Again [the first](https://one.example/a), and [**a styled** link](https://three.example/).

| Where | Link |
|---|---|
| cell | [two again](https://two.example/b) |
"""
    out = handout(talk(tmp_path, body), tmp_path / "out")
    page_html = html(out)
    numbers = re.findall(r'<a href="([^"]+)">.*?</a><sup class="note">(\d+)</sup>', page_html)
    assert numbers == [
        ("https://one.example/a", "1"),
        ("https://two.example/b", "2"),
        ("https://one.example/a", "1"),
        ("https://three.example/", "3"),  # two runs of one link: one number, after the last
        ("https://two.example/b", "2"),
    ]
    listed = re.findall(r"<li><sup>(\d+)</sup> <a href=\"([^\"]+)\">", page_html)
    assert listed == [
        ("1", "https://one.example/a"),
        ("2", "https://two.example/b"),
        ("3", "https://three.example/"),
    ]
    text = pdf_text(out)
    for url in ("https://one.example/a", "https://two.example/b", "https://three.example/"):
        assert text.count(url) == 1, url


# --------------------------------------------------------------------------- content is data

ESCAPES = """# Data stays data

- A point with <script>alert(1)</script> and {{ 7*7 }} and a [link {{ 7*7 }}](https://example.com/x).

![alt <script>alert(2)</script> {{ 7*7 }}](pipeline.png "caption <script>alert(3)</script> {{ 7*7 }}")

| Head <script>alert(4)</script> | {{ 7*7 }} |
|---|---:|
| cell <b>bold</b> | {% if true %}x{% endif %} |

```html
<script>alert(5)</script> {{ 7*7 }}
```

> Quote <script>alert(6)</script> {{ 7*7 }} — Someone {{ 7*7 }}
"""


def test_markup_in_rich_content_stays_literal(tmp_path: Path) -> None:
    out = handout(talk(tmp_path, ESCAPES), tmp_path / "out")
    page_html = html(out)
    body = page_html[page_html.index("<body>") :]
    assert "<script" not in page_html and "<b>" not in body
    for n in range(1, 7):
        assert f"&lt;script&gt;alert({n})&lt;/script&gt;" in body, n
    assert 'alt="alt &lt;script&gt;alert(2)&lt;/script&gt; {{ 7*7 }}"' in body
    assert body.count("{{ 7*7 }}") == 8 and "{% if true %}x{% endif %}" in body
    assert "49" not in body
    text = pdf_text(out)  # pypdf misreads the body face's digits in Latin text: the code's are whole
    assert "<script>alert(5)</script>{{7*7}}" in text and "{%iftrue%}x{%endif%}" in text
    assert text.count("<script>alert(") == 5 and "49" not in text  # all but the alt text, which is not drawn


# --------------------------------------------------------------------------- nothing is fetched


class _Recorder(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_weasyprint_reads_nothing_but_the_handouts_own_fonts_and_pictures(
    tmp_path: Path, server: str
) -> None:
    """A user's stylesheet asking for a remote stylesheet, a remote picture and a local file
    gets none of them: nothing is requested, nothing drawn, and the build says so."""
    local = IMAGES / "pipeline.png"
    folder = tmp_path / "templates" / "handout"
    folder.mkdir(parents=True)
    bundled = (Path(__file__).resolve().parents[3] / "templates" / "handout" / "handout.css.j2").read_text()
    asks = (
        f'@import url("{server}/remote.css");\n'
        f'.masthead {{ background: url("{server}/remote.png"); }}\n'
        f'.kicker {{ background: url("{local.as_uri()}"); }}\n'
    )
    (folder / "handout.css.j2").write_text(asks + bundled, encoding="utf-8")
    _Recorder.asked = []
    result = render_handout(read(ENGLISH), Templates.at(tmp_path / "templates"))
    assert _Recorder.asked == []
    for url in (f"{server}/remote.css", f"{server}/remote.png", local.as_uri()):
        assert f"handout: the template asks for {url}, which is not read (left out)" in result.warnings
    out = tmp_path / "out"
    out.mkdir()
    (out / "handout.pdf").write_bytes(result.pdf)
    assert len(image_xobjects(out)) == 2  # the talk's own two pictures, not the local file
