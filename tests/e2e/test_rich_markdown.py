"""Issue 16: a Markdown talk written for pandoc, Quarto or Marp builds as-is, and its rich
content reaches the real artifacts: styled runs and hyperlinks, pictures, native tables,
highlighted code, columns, the author's notes (== the script), and the checks on files."""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from _support import CONTENT
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Emu

from generator.cli import main
from generator.readers import read_episode
from generator.writers.native import to_native

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def png(path: Path, width: int = 400, height: int = 200, colour: str = "#1f77b4") -> Path:
    from PIL import Image

    Image.new("RGB", (width, height), colour).save(path)
    return path


TALK = """---
title: Shipping Reliable Software
show: Deep Field
host: Sam
language: en
---

# Why reliability {kind=intro}

- Teams that ship **small changes** recover *faster*, ~~never~~ `always`.
- See the [DORA report](https://dora.dev) and [this](javascript:alert(1)).

::: notes
Start with the story of the outage.

- Then the **numbers**.
:::

# Evidence

## Lead time

![Lead time by team size](chart.png "Lead time in days"){width=60%}

## Chart beside points

- Smaller batches.
- Faster feedback.

![A tall chart](tall.png)

## The numbers

| Practice | Teams | Share |
|:---------|------:|:-----:|
| Trunk-based | 120 | 45% |
| `feature flags` {{ x }} | 80 | **30%** |

## Code

```python
def deploy(change):
    if change.small:
        return ship(change)  # <script>alert(1)</script>
```

## Two sides

:::: columns
::: {.column width="40%"}
- Speed
- Feedback
:::
::: column
- Safety
- Confidence
:::
::::
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("talk")
    png(folder / "chart.png", 800, 400)
    png(folder / "tall.png", 300, 600, "#ff7f0e")
    (folder / "talk.md").write_text(TALK, encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", str(folder / "talk.md"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return folder, out, result.output


def slide_titled(prs, title: str):
    for slide in prs.slides:
        if slide.shapes.title is not None and slide.shapes.title.text_frame.text == title:
            return slide
    raise AssertionError(f"no slide titled {title!r}")


def test_styled_runs_and_hyperlink_relationship(built):
    _, out, output = built
    prs = Presentation(out / "deck.pptx")
    slide = slide_titled(prs, "Why reliability")
    runs = [
        r
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
    ]
    styled = {r.text: r for r in runs}
    assert styled["small changes"].font.bold is True
    assert styled["faster"].font.italic is True
    assert styled["never"]._r.find(f"{A}rPr").get("strike") == "sngStrike"
    assert styled["always"].font.name == "Courier New"
    link = styled["DORA report"]
    assert link.hyperlink.address == "https://dora.dev"
    targets = [r.target_ref for r in slide.part.rels.values() if r.is_external]
    assert targets == ["https://dora.dev"]  # the javascript: link is not a relationship
    assert any("this" in r.text for r in runs if r.hyperlink.address is None)  # its text stays
    assert "javascript:alert(1)" in output and "dropped" in output


def _pictures(slide):
    return [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def test_picture_keeps_its_aspect_and_stays_on_the_slide(built):
    _, out, _ = built
    prs = Presentation(out / "deck.pptx")
    for title, (w, h), alt in (
        ("Lead time", (800, 400), "Lead time by team size"),
        ("Chart beside points", (300, 600), "A tall chart"),
    ):
        slide = slide_titled(prs, title)
        (picture,) = _pictures(slide)
        assert picture.width / picture.height == pytest.approx(w / h, rel=0.01)
        assert picture.left >= 0 and picture.top >= 0
        assert picture.left + picture.width <= prs.slide_width
        assert picture.top + picture.height <= prs.slide_height
        assert picture._element.nvPicPr.cNvPr.get("descr") == alt


def test_width_hint_is_honoured(built):
    _, out, _ = built
    prs = Presentation(out / "deck.pptx")
    slide = slide_titled(prs, "Lead time")
    (picture,) = _pictures(slide)
    assert picture.width <= 0.6 * prs.slide_width


def test_picture_beside_points_does_not_overlap_them(built):
    _, out, _ = built
    prs = Presentation(out / "deck.pptx")
    slide = slide_titled(prs, "Chart beside points")
    (picture,) = _pictures(slide)
    body = next(
        s
        for s in slide.placeholders
        if s.placeholder_format.idx != 0 and s.has_text_frame and "Smaller" in s.text_frame.text
    )
    assert body.left + body.width <= picture.left


def test_an_image_used_on_many_slides_is_stored_once(tmp_path):
    png(tmp_path / "logo.png")
    body = "".join(f"## Slide {n}\n\n- point {n}\n\n![logo](logo.png)\n\n" for n in range(100))
    (tmp_path / "t.md").write_text("---\ntitle: T\nlanguage: en\n---\n\n# Part\n\n" + body, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "t.md"), "-o", str(tmp_path / "out"), "--only", "deck"]
    )
    assert result.exit_code == 0, result.output
    import zipfile

    package = zipfile.ZipFile(tmp_path / "out" / "deck.pptx")
    media = [n for n in package.namelist() if n.startswith("ppt/media/")]
    assert len(media) == 1
    pictures = sum(
        package.read(n).count(b"<p:pic>") for n in package.namelist() if n.startswith("ppt/slides/slide")
    )
    assert pictures == 100  # one picture on each of the 100 slides, all of the same part


def test_native_table_with_its_rows_and_columns(built):
    _, out, _ = built
    prs = Presentation(out / "deck.pptx")
    slide = slide_titled(prs, "The numbers")
    (frame,) = [s for s in slide.shapes if s.has_table]
    table = frame.table
    assert (len(table.rows), len(table.columns)) == (3, 3)
    assert [c.text for c in table.rows[0].cells] == ["Practice", "Teams", "Share"]
    assert table.cell(2, 0).text == "feature flags {{ x }}"  # content stays text
    assert table.cell(2, 2).text_frame.paragraphs[0].runs[0].font.bold is True
    assert frame.left + frame.width <= prs.slide_width and frame.top + frame.height <= prs.slide_height
    sizes = {
        r.font.size.pt
        for row in table.rows
        for c in row.cells
        for p in c.text_frame.paragraphs
        for r in p.runs
    }
    assert len(sizes) == 1 and min(sizes) >= 12


def test_code_is_monospace_and_highlighted(built):
    _, out, _ = built
    prs = Presentation(out / "deck.pptx")
    slide = slide_titled(prs, "Code")
    box = next(s for s in slide.shapes if s.has_text_frame and "deploy" in s.text_frame.text)
    runs = [r for p in box.text_frame.paragraphs for r in p.runs]
    assert {r.font.name for r in runs if r.text.strip()} == {"Courier New"}
    colours = {str(r.font.color.rgb) for r in runs if r.font.color and r.font.color.type is not None}
    assert len(colours) > 1
    assert "<script>alert(1)</script>" in box.text_frame.text
    assert min(r.font.size.pt for r in runs) >= 12


def test_columns_side_by_side(built):
    _, out, _ = built
    prs = Presentation(out / "deck.pptx")
    slide = slide_titled(prs, "Two sides")
    boxes = sorted(
        (s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("•")),
        key=lambda s: s.left,
    )
    assert [b.text_frame.text.split("\n")[0] for b in boxes] == ["• Speed", "• Safety"]
    assert boxes[0].left + boxes[0].width <= boxes[1].left
    assert abs(boxes[0].top - boxes[1].top) < Emu(12700)
    assert boxes[0].width < boxes[1].width  # 40 % and the rest


def _script_blocks(script: str) -> dict[str, str]:
    blocks = {}
    for chunk in script.split("\n---\n"):
        head = re.search(r"^## \[Slide \d+ · [\d:]+\] (.+)$", chunk, re.M)
        if head:
            body = chunk[head.end() :].split("*(about")[0]
            blocks[head.group(1)] = "\n".join(line for line in body.strip().splitlines() if line.strip())
    return blocks


def test_author_notes_are_the_notes_and_the_script(built):
    _, out, _ = built
    prs = Presentation(out / "deck.pptx")
    notes = slide_titled(prs, "Why reliability").notes_slide.notes_text_frame.text
    assert notes == "Start with the story of the outage.\n• Then the numbers."
    script = _script_blocks((out / "script.md").read_text(encoding="utf-8"))
    assert script["Why reliability"] == notes
    subtitles = (out / "script.srt").read_text(encoding="utf-8")
    assert "**" not in subtitles and "](" not in subtitles


def test_a_table_is_not_read_cell_by_cell(built):
    _, out, _ = built
    script = _script_blocks((out / "script.md").read_text(encoding="utf-8"))
    assert "Trunk-based" not in script["The numbers"]
    assert script["Lead time"] == "Lead time in days."
    assert script["The numbers"] == "The details are on screen."  # the English voice's `on_screen`


def test_the_voice_says_what_is_on_screen_in_its_own_words(built, tmp_path):
    folder, _, _ = built
    bundled = (CONTENT.parent / "templates/voices/english.yaml").read_text(encoding="utf-8")
    voice = tmp_path / "mine.yaml"
    voice.write_text(bundled.replace("The details are on screen.", "Have a look at this."), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(folder / "talk.md"), "-o", str(out), "--voice", str(voice)]
    )
    assert result.exit_code == 0, result.output
    script = _script_blocks((out / "script.md").read_text(encoding="utf-8"))
    assert script["The numbers"] == "Have a look at this."
    voice.write_text(bundled.replace('"The details are on screen."', "[]"), encoding="utf-8")
    bad = CliRunner().invoke(
        main, ["build", str(folder / "talk.md"), "-o", str(tmp_path / "x"), "--voice", str(voice)]
    )
    assert bad.exit_code != 0 and "on_screen" in bad.output and "mine.yaml" in bad.output


def test_native_import_round_trips_rich_content(built, tmp_path):
    folder, _, _ = built
    episode, _ = read_episode(folder / "talk.md")
    copy = folder / "talk.native-copy.md"
    copy.write_text(to_native(episode), encoding="utf-8")
    back, _ = read_episode(copy)
    assert back == episode


def test_marp_slide_breaks_and_directives(tmp_path):
    text = (
        "---\ntitle: M\nlanguage: en\n---\n\n# Deck\n\n- one\n\n---\n\n- two\n\n"
        "<!-- _class: lead -->\n\n<!-- Say two. -->\n"
    )
    (tmp_path / "m.md").write_text(text, encoding="utf-8")
    episode, notes = read_episode(tmp_path / "m.md")
    topics = episode.sections[0].topics
    assert [[p.text for p in t.points] for t in topics] == [["one"], ["two"]]
    assert topics[1].notes == "Say two."
    assert any("directive ignored" in n.message and n.line == 14 for n in notes)


def test_equal_length_fences_nest_by_their_openers(tmp_path):
    text = (
        "---\ntitle: C\nlanguage: en\n---\n\n# Cols\n\n"
        "::: columns\n::: column\n- a\n:::\n::: column\n- b\n:::\n:::\n\n- after\n"
    )
    (tmp_path / "c.md").write_text(text, encoding="utf-8")
    episode, _ = read_episode(tmp_path / "c.md")
    topic = episode.sections[0].topics[0]
    (columns,) = topic.blocks
    assert [[p.text for p in c.points] for c in columns.columns] == [["a"], ["b"]]
    assert [p.text for t in episode.sections[0].topics for p in t.points] == ["after"]


# --------------------------------------------------------------------------- bad input


def _fake_huge_png(path: Path, width: int = 20_000, height: int = 20_000) -> Path:
    """A PNG whose header says 20,000 x 20,000 (400 Mpx): a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize(
    "reference, prepare, message",
    [
        ("../outside.png", lambda d: png(d.parent / "outside.png"), "outside the source's folder"),
        ("/etc/hostname", None, "relative to the source's folder"),
        (
            "link.png",
            lambda d: os.symlink(png(d.parent / "target.png"), d / "link.png"),
            "outside the source's folder",
        ),
        ("missing.png", None, "not found"),
        ("text.png", lambda d: (d / "text.png").write_text("not a picture"), "not a PNG, JPEG or GIF"),
        ("bomb.png", lambda d: _fake_huge_png(d / "bomb.png"), "million pixels"),
        ("https://example.org/x.png", None, "remote"),
        ("drawing.svg", lambda d: (d / "drawing.svg").write_text("<svg/>"), "SVG"),
    ],
    ids=["parent", "absolute", "symlink", "missing", "text-as-png", "bomb", "remote", "svg"],
)
def test_bad_image_is_one_located_line_and_nothing_written(tmp_path, reference, prepare, message):
    folder = tmp_path / "talk"
    folder.mkdir()
    if prepare:
        prepare(folder)
    source = folder / "t.md"
    source.write_text(
        f"---\ntitle: T\nlanguage: en\n---\n\n# A\n\n- a point\n\n![pic]({reference})\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out)])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert f"{source}:10:" in lines[0] and message in lines[0], lines[0]
    assert not out.exists() or not any(out.iterdir())


def _elements(path: Path) -> dict[str, int]:
    prs = Presentation(path)
    shapes = [shape for slide in prs.slides for shape in slide.shapes]
    return {
        "pictures": sum(1 for s in shapes if s.shape_type == 13),
        "tables": sum(1 for s in shapes if s.has_table),
        "links": sum(1 for slide in prs.slides for r in slide.part.rels.values() if r.is_external),
        "bold runs": sum(
            1
            for s in shapes
            if s.has_text_frame
            for p in s.text_frame.paragraphs
            for r in p.runs
            if r.font.bold
        ),
    }


def test_every_element_pandoc_keeps_deckcast_keeps(tmp_path):
    """The bundled English talk, written as pandoc reads Markdown, through both tools."""
    import shutil
    import subprocess

    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed (.ci/run installs it)")
    source = CONTENT / "shipping-reliable-software.md"
    theirs = tmp_path / "pandoc.pptx"
    subprocess.run([pandoc, source.name, "-o", str(theirs)], cwd=source.parent, check=True, timeout=120)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out), "--only", "deck"])
    assert result.exit_code == 0, result.output
    ours, pandocs = _elements(out / "deck.pptx"), _elements(theirs)
    assert pandocs["pictures"] == 2 and pandocs["tables"] == 1  # what pandoc keeps of this file
    for kind, count in pandocs.items():
        if kind != "bold runs":
            assert ours[kind] >= count, (kind, ours, pandocs)
    notes = [s.notes_slide.notes_text_frame.text for s in Presentation(out / "deck.pptx").slides]
    assert any(n.startswith("Open with the outage story") for n in notes)
    assert any(n.startswith("Read only the top row") for n in notes)  # an HTML comment, which pandoc drops


def test_a_long_table_continues_with_its_header(tmp_path):
    rows = "".join(
        f"| Team {n} | {n * 3} | a longer note about team {n} and what it ships |\n" for n in range(40)
    )
    text = (
        "---\ntitle: T\nlanguage: en\n---\n\n# Teams\n\n## All teams\n\n| Team | Deploys | Note |\n|---|---:|---|\n"
        + rows
    )
    (tmp_path / "t.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "t.md"), "-o", str(tmp_path / "out"), "--only", "deck"]
    )
    assert result.exit_code == 0, result.output
    prs = Presentation(tmp_path / "out" / "deck.pptx")
    frames = [(slide, s) for slide in prs.slides for s in slide.shapes if s.has_table]
    assert len(frames) > 1
    seen = []
    for _, frame in frames:
        table = frame.table
        assert [c.text for c in table.rows[0].cells] == ["Team", "Deploys", "Note"]
        assert frame.top + frame.height <= prs.slide_height
        seen += [table.cell(r, 0).text for r in range(1, len(table.rows))]
    assert seen == [f"Team {n}" for n in range(40)]
    assert frames[1][0].shapes.title.text_frame.text == "All teams (cont.)"


def test_marp_background_covers_the_slide_behind_its_text(tmp_path):
    png(tmp_path / "photo.png", 1000, 400)
    text = "---\ntitle: B\nlanguage: en\n---\n\n# Part\n\n## Over a photo\n\n- a point on top\n\n![bg](photo.png)\n"
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "b.md"), "-o", str(tmp_path / "out"), "--only", "deck"]
    )
    assert result.exit_code == 0, result.output
    prs = Presentation(tmp_path / "out" / "deck.pptx")
    slide = slide_titled(prs, "Over a photo")
    (picture,) = _pictures(slide)
    assert (picture.left, picture.top, picture.width, picture.height) == (
        0,
        0,
        prs.slide_width,
        prs.slide_height,
    )
    shown = (1 - picture.crop_left - picture.crop_right) * 1000 / 400
    assert shown == pytest.approx(prs.slide_width / prs.slide_height, rel=0.01)
    assert list(slide.shapes)[0] == picture  # at the back
    assert any("a point on top" in s.text_frame.text for s in slide.shapes if s.has_text_frame)


SIMPLIFIED_TALK = """---
title: 软件发布的习惯
language: zh-Hans
---

# 为什么重要

## 发布时间

- 团队发布**小的变更**，恢复得更快，见[发布说明](https://例子.com/发布/说明)。
- 运行 `发布 --环境=生产` 之后再检查。

![发布时间的图表](图表.png "发布时间，按团队规模")

## 数据

| 实践 | 团队数量 |
|:-----|-----:|
| 主干开发 | 120 |
| 特性开关 `开关` | 80 |

## 两边

:::: columns
::: column
- 速度与反馈
:::
::: column
- 安全与信心
:::
::::

## 代码

```python
# 这是代码注释
print("简体")
```
"""


def test_chinese_conversion_covers_tables_images_and_columns(tmp_path):
    """`--chinese hant` on a Simplified talk converts every text the deck shows: table cells, an
    image's alt text and caption, the points inside columns; never a code block, inline code,
    a link's address or an image's file name."""
    png(tmp_path / "图表.png")
    (tmp_path / "talk.md").write_text(SIMPLIFIED_TALK, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "talk.md"), "-o", str(out), "--only", "deck", "--chinese", "hant"]
    )
    assert result.exit_code == 0, result.output
    prs = Presentation(out / "deck.pptx")

    slide = slide_titled(prs, "發布時間")
    runs = {
        r.text: r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs
    }
    assert "發布說明" in runs and runs["發布說明"].hyperlink.address == "https://例子.com/发布/说明"
    drawn = [r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs]
    assert "".join(r.text for r in drawn if r.font.name == "Courier New") == "发布 --环境=生产"  # as written
    (picture,) = _pictures(slide)
    assert picture._element.nvPicPr.cNvPr.get("descr") == "發布時間的圖表"
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "發布時間，按團隊規模" in texts  # the caption under the picture

    (frame,) = [s for s in slide_titled(prs, "數據").shapes if s.has_table]
    cells = [[c.text for c in row.cells] for row in frame.table.rows]
    assert cells == [["實踐", "團隊數量"], ["主幹開發", "120"], ["特性開關 开关", "80"]]

    columns = [s.text_frame.text for s in slide_titled(prs, "兩邊").shapes if s.has_text_frame]
    assert "• 速度與反饋" in columns and "• 安全與信心" in columns

    code = [s.text_frame.text for s in slide_titled(prs, "代碼").shapes if s.has_text_frame]
    assert any('# 这是代码注释\nprint("简体")' in text for text in code)


QA_TALK = """---
title: Questions
language: en
speakers:
  - id: dora
    name: Dora
---

# Intro

- Hello.

# Q&A {kind=qa}

- **Question 1:** Where are the *numbers* from?
  - **Dora:** From the [DORA report](https://dora.dev/research), see **chapter 3**.
  - Also [the book](https://itrevolution.com/accelerate).

![a chart](chart.png)

| a | b |
|---|---|
| 1 | 2 |

```python
print("hi")
```

- **Question 2:** And the [site](https://example.com)?
  - **Dora:** Yes.
"""


@pytest.fixture(scope="module")
def qa_built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qa")
    png(folder / "chart.png")
    (folder / "talk.md").write_text(QA_TALK, encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", str(folder / "talk.md"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return folder, out, result.output


def test_links_in_questions_and_answers_are_hyperlinks(qa_built):
    _, out, _ = qa_built
    prs = Presentation(out / "deck.pptx")
    first, second = slide_titled(prs, "Q&A: Question 1"), slide_titled(prs, "Q&A: Question 2")
    targets = [r.target_ref for r in first.part.rels.values() if r.is_external]
    assert targets == ["https://dora.dev/research", "https://itrevolution.com/accelerate"]
    runs = {
        r.text: r for s in first.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs
    }
    assert runs["DORA report"].hyperlink.address == "https://dora.dev/research"
    assert runs["the book"].hyperlink.address == "https://itrevolution.com/accelerate"
    assert runs["chapter 3"].font.bold is True and runs["numbers"].font.italic is True
    assert [r.target_ref for r in second.part.rels.values() if r.is_external] == ["https://example.com"]


def test_an_answer_s_link_is_listed_not_read_aloud(qa_built):
    _, out, _ = qa_built
    script = (out / "script.md").read_text(encoding="utf-8")
    narration, links = script.split("\n## Links\n")
    blocks = _script_blocks(narration)
    assert "From the DORA report, see chapter 3." in blocks["Q&A: Question 1"]
    for url in ("https://dora.dev/research", "https://itrevolution.com/accelerate", "https://example.com"):
        assert url not in narration and f"<{url}>" in links
        assert url not in (out / "script.srt").read_text(encoding="utf-8")
    assert "DORA report: <https://dora.dev/research>" in links


def test_rich_blocks_in_a_q_and_a_section_are_named_not_dropped_silently(qa_built):
    folder, _, output = qa_built
    source = str(folder / "talk.md")
    for line, what in ((19, "an image"), (21, "a table"), (25, "a code block")):
        assert f"{source}:{line}: warning: {what} in a Q&A section is not shown" in output, output
    episode, notes = read_episode(folder / "talk.md")
    assert [(n.line, n.message.split(" is ")[0]) for n in notes] == [
        (19, "an image in a Q&A section"),
        (21, "a table in a Q&A section"),
        (25, "a code block in a Q&A section"),
    ]
    assert [q.number for q in episode.questions] == [1, 2]  # the questions after them are read


def test_native_import_round_trips_styled_questions_and_answers(qa_built):
    folder, _, _ = qa_built
    episode, _ = read_episode(folder / "talk.md")
    assert episode.questions[0].answers[0].runs and episode.questions[1].runs
    copy = folder / "talk.native-copy.md"
    copy.write_text(to_native(episode), encoding="utf-8")
    back, _ = read_episode(copy)
    assert back == episode
