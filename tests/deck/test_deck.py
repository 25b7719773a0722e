"""The real deck.pptx, built through the CLI and opened with python-pptx (and LibreOffice):
content, text formatting, fit, package integrity, determinism, user templates, rendering.

Every deck is built once per module (see `decks`); the LibreOffice conversions run in one
`soffice` call (see `pdfs`)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from _render import to_pdfs
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.cli import main
from generator.deck import fit
from generator.deck.fit.breaking import line_count
from generator.model import walk_points
from generator.readers import read_episode

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "content" / "ai-alignment-salon.txt"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS = {"a": A, "p": P, "r": R}
EMU_PT = 12700
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_CT = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# Layout names of the user template: none is one deckcast knows.
RENAMED = {
    "Title Slide": "Custom A",
    "Title and Content": "自訂版面配置 2",
    "Section Header": "Custom C",
    "Two Content": "自訂版面配置 4",
    "Title Only": "Custom E",
    "Blank": "Custom F",
}
EXAMPLE_TEXT = ("EXAMPLE TITLE", "Example body text", "EXAMPLE NOTES")

CONTINUED_TITLE = (
    "一個非常非常長的章節標題，長到加上續頁標記以後一定要縮短才放得進標題框裡面的那一種標題文字，"
    "而且它還繼續寫下去，寫到兩行也放不下為止，這樣才能測試縮短之後仍然保留續頁標記"
)
HOSTILE = ("{{ 7*7 }}", "{% raw %}", "<script>alert(1)</script>", "{# note #}", "${x}", "&amp;")


# --------------------------------------------------------------------------- building


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def build(src: Path, out: Path, *extra) -> tuple[Path, str]:
    """Build the deck of one source; (deck path, everything the CLI printed)."""
    result = run("build", src, "-o", out, "--only", "deck", *extra)
    assert result.exit_code == 0, (result.output, result.exception)
    assert "error" not in result.output
    deck = out / "deck.pptx"
    assert deck.is_file()
    return deck, result.output


def continued_source(folder: Path) -> Path:
    """A native source with one topic far too long for a slide, under a very long title, with
    nested points (two levels deep) and a question whose answer has nested points."""
    points = []
    for i in range(1, 31):
        points.append(
            f"- 第{i}點：對齊研究需要長期投入，研究者必須反覆觀察模型在不同情境下的行為，"
            f"並且記錄每一次的差異與原因，才能逐步建立可信的評估方法。"
        )
        if i % 3 == 0:
            points.append(f"  - 第{i}點的補充：這是一個巢狀的子項目，說明上一點的細節。")
        if i % 6 == 0:
            points.append(f"    - 第{i}點的補充的補充：第三層的項目。")
    path = folder / "continued.md"
    path.write_text(
        "---\ntitle: 續頁測試\nlanguage: zh-Hant\nspeakers:\n  - id: amanda\n    name: 阿曼達\n---\n\n"
        f"# {CONTINUED_TITLE}\n\n" + "\n".join(points) + "\n\n"
        "# 觀眾提問環節 {kind=qa}\n\n"
        "- **問題 1：** 這是一個問題嗎？\n"
        "  - **阿曼達：** 這是回答。\n"
        "    - 回答的要點一\n"
        "      - 要點一的細節\n"
        "    - 回答的要點二\n\n"
        "# 總結 {kind=summary}\n\n- 完。\n",
        encoding="utf-8",
    )
    return path


def hostile_source(folder: Path) -> Path:
    """Template syntax and markup as content: it must come out as text."""
    path = folder / "hostile.md"
    path.write_text(
        "---\n"
        "title: '{{ 7*7 }} and {% raw %} <script>alert(1)</script>'\n"
        "language: en\n"
        "---\n\n"
        "# Section {{ 7*7 }} <script>alert(1)</script>\n\n"
        "- Point with {{ 7*7 }} inside.\n"
        "- Point with {% raw %} and {# note #} and ${x} and &amp;.\n"
        "- <script>alert(1)</script>\n"
        "  - nested {{ 7*7 }}\n\n"
        "# Summary {kind=summary}\n\n"
        "- Done {% endraw %}.\n",
        encoding="utf-8",
    )
    return path


# Bullets that are all inline code: the fitter measures them at Courier New's 0.6 em, which
# LibreOffice draws here with a metric-compatible monospace face. Measured with Arial's
# widths instead, all six fit on one line each at 28 pt; drawn in monospace, each takes two.
CODE_COMMANDS = (
    "deploy --env=production --strategy=blue-green --max-surge=25%",
    "kubectl rollout status deployment/checkout --namespace=payments",
    "curl --fail --retry 5 https://checkout.internal/healthz?deep=1",
    "kubectl rollout undo deployment/checkout --to-revision=41",
    "terraform plan -var-file=production.tfvars -out=release.plan",
    "git tag --annotate v2.14.0 --message=release-2.14.0",
)
CODE_TITLE = "Release commands"


def code_source(folder: Path) -> Path:
    path = folder / "code.md"
    path.write_text(
        "---\ntitle: Inline code\nlanguage: en\n---\n\n# Rollout\n\n"
        f"## {CODE_TITLE}\n\n" + "".join(f"- `{c}`\n" for c in CODE_COMMANDS),
        encoding="utf-8",
    )
    return path


def build_measuring_code_as_arial(src: Path, out: Path) -> tuple[Path, str]:
    """The deck as the fitter made it before it knew code is drawn in monospace."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fit, "monospace_spans", lambda *args, **kwargs: ())
        return build(src, out)


def make_user_potx(path: Path, latin: str | None = None) -> Path:
    """A corporate-style .potx made from our default theme: layouts renamed (no known name),
    two example slides with text and notes (in a PowerPoint section and a custom show that the
    slide show starts with), a notes master with no body placeholder, and the template
    content type for the main part. `latin`: replace the
    theme's Latin font (Arial) with this one."""
    prs = Presentation(str(ROOT / "templates" / "themes" / "default.pptx"))
    if latin:
        theme = prs.slide_master.part.part_related_by(RT.THEME)
        root = etree.fromstring(theme.blob)
        for el in root.iterfind(".//a:fontScheme/*/a:latin", NS):
            el.set("typeface", latin)
        theme.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for layout in prs.slide_layouts:
        layout.name = RENAMED[layout.name]
    for n, layout in enumerate(list(prs.slide_layouts)[:2]):
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = f"{EXAMPLE_TEXT[0]} {n}"
        body = next(ph for ph in slide.placeholders if ph.placeholder_format.idx == 1)
        body.text_frame.text = f"{EXAMPLE_TEXT[1]} {n}"
        slide.notes_slide.notes_text_frame.text = f"{EXAMPLE_TEXT[2]} {n}"
    notes_master = prs.notes_master
    for ph in list(notes_master.placeholders):
        if ph.placeholder_format.type == PP_PLACEHOLDER.BODY:
            ph._element.getparent().remove(ph._element)
    assert not any(ph.placeholder_format.type == PP_PLACEHOLDER.BODY for ph in notes_master.placeholders)
    # PowerPoint keeps a template's slides in sections: the list names them by slide id.
    ids = "".join(f'<p14:sldId id="{s.slide_id}"/>' for s in prs.slides)
    ext_lst = etree.fromstring(
        f'<p:extLst xmlns:p="{P}"><p:ext uri="{{521415D9-36F7-43E2-AB2F-B90AF26B5E84}}">'
        f'<p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">'
        f'<p14:section name="Examples" id="{{8A7A4C55-6E0B-4C9E-9A33-1D2B3C4D5E6F}}">'
        f"<p14:sldIdLst>{ids}</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>"
    )
    prs.part._element.append(ext_lst)
    # ... and a custom show of them, which the slide show starts with (presProps)
    rids = "".join(f'<p:sld r:id="{sld.rId}"/>' for sld in prs.slides._sldIdLst)
    shows = etree.fromstring(
        f'<p:custShowLst xmlns:p="{P}" xmlns:r="{R}"><p:custShow name="Examples" id="0">'
        f"<p:sldLst>{rids}</p:sldLst></p:custShow></p:custShowLst>"
    )
    prs.part._element.find("p:defaultTextStyle", NS).addprevious(shows)
    props = prs.part.part_related_by(RT.PRES_PROPS)
    root = etree.fromstring(props.blob)
    root.insert(
        0,
        etree.fromstring(
            f'<p:showPr xmlns:p="{P}" showNarration="1"><p:present/><p:custShow id="0"/></p:showPr>'
        ),
    )
    props.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    prs.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                assert PRESENTATION_CT.encode() in data
                data = data.replace(PRESENTATION_CT.encode(), TEMPLATE_CT.encode())
            dst.writestr(item, data)
    return path


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("deck")


@pytest.fixture(scope="module")
def potx(work) -> Path:
    return make_user_potx(work / "corporate.potx")


@pytest.fixture(scope="module")
def decks(work, potx) -> dict[str, tuple[Path, str]]:
    """name -> (deck.pptx, CLI output), each built once."""
    return {
        "seed": build(SEED, work / "seed"),
        "seed-dark": build(SEED, work / "seed-dark", "--theme", "dark"),
        "seed-potx": build(SEED, work / "seed-potx", "--theme", potx),
        "continued": build(continued_source(work), work / "continued"),
        "hostile": build(hostile_source(work), work / "hostile"),
        "english": build(ROOT / "tests" / "sources" / "en-long-run.md", work / "english"),
        "code": build(code_source(work), work / "code"),
        "code-as-arial": build_measuring_code_as_arial(code_source(work), work / "code-as-arial"),
    }


@pytest.fixture(scope="module")
def seed_episode():
    episode, _ = read_episode(SEED)
    return episode


@pytest.fixture(scope="module")
def pdfs(work, decks) -> dict[str, Path]:
    """The decks that must render, converted to PDF by LibreOffice in a single call."""
    if not SOFFICE:
        print("soffice (LibreOffice) is not installed: skipping the render checks", file=sys.stderr)
        pytest.skip("soffice (LibreOffice) is not installed")
    folder = work / "pdf"
    folder.mkdir()
    names = ("seed", "seed-potx", "code", "code-as-arial")
    for name in names:
        shutil.copy(decks[name][0], folder / f"{name}.pptx")
    return to_pdfs([folder / f"{n}.pptx" for n in names], folder, timeout=180)


def open_deck(decks, name):
    return Presentation(str(decks[name][0]))


# --------------------------------------------------------------------------- reading the XML


def paragraphs(shape) -> list[etree._Element]:
    return shape._element.findall(".//p:txBody/a:p", NS)


def para_text(p) -> str:
    out = []
    for child in p:
        tag = etree.QName(child).localname
        if tag in ("r", "fld"):
            out.append(child.findtext("a:t", "", NS))
        elif tag == "br":
            out.append("\n")
    return "".join(out)


def monospace_spans(p) -> tuple[tuple[int, int], ...]:
    """The spans of the paragraph's text set in Courier New (inline code)."""
    spans, at = [], 0
    for child in p:
        tag = etree.QName(child).localname
        text = child.findtext("a:t", "", NS) if tag in ("r", "fld") else "\n" if tag == "br" else ""
        if tag == "r" and child.find("a:rPr/a:latin", NS).get("typeface") == "Courier New":
            spans.append((at, at + len(text)))
        at += len(text)
    return tuple(spans)


def para_bold_prefix(p) -> str:
    """The text of the paragraph's leading bold runs (a label such as “Name：”)."""
    out = []
    for r in p.findall("a:r", NS):
        if r.find("a:rPr", NS) is None or r.find("a:rPr", NS).get("b") != "1":
            break
        out.append(r.findtext("a:t", "", NS))
    return "".join(out)


def runs(element) -> list[etree._Element]:
    return element.findall(".//a:r", NS) + element.findall(".//a:fld", NS)


def kind(shape) -> str:
    t = shape.placeholder_format.type if shape.is_placeholder else None
    return "title" if t in TITLE_TYPES else "body" if t in BODY_TYPES else "other"


def slide_title(slide) -> str:
    return next((s.text_frame.text for s in slide.placeholders if kind(s) == "title"), "")


def body_paragraphs(slide) -> list[etree._Element]:
    """The body's paragraphs: the body placeholder's, or on a designed slide (cards, Q&A,
    numbered blocks) its text boxes', in drawing order."""
    found = [p for s in slide.placeholders if kind(s) == "body" for p in paragraphs(s)]
    boxes = [s for s in slide.shapes if not s.is_placeholder and s.has_text_frame and s.text_frame.text]
    return found + [p for s in boxes for p in paragraphs(s)]


def all_text(prs) -> str:
    return "\n".join(sh.text_frame.text for slide in prs.slides for sh in slide.shapes if sh.has_text_frame)


# --------------------------------------------------------------------------- 1. content


def test_seed_deck_carries_the_whole_episode(decks, seed_episode):
    prs = open_deck(decks, "seed")
    episode = seed_episode
    assert 15 <= len(prs.slides) <= 40
    text = all_text(prs)
    titles = [slide_title(s) for s in prs.slides]
    paras = [p for s in prs.slides for p in body_paragraphs(s)]
    bold_labels = {para_bold_prefix(p).rstrip("：: ") for p in paras} - {""}
    # the body text in reading order, without separators: a point cut across slides joins up
    flowing = "".join(para_text(p) for p in paras)

    assert len(episode.speakers) == 4
    for speaker in episode.speakers:
        assert speaker.name in text, speaker.name
    labels = [t.label for s in episode.sections for t in s.topics if t.label]
    assert labels
    for label in labels:
        assert label in titles or label in bold_labels, label
    assert episode.questions
    for question in episode.questions:
        assert question.text in flowing, question.text
        assert question.answers
        for answer in question.answers:
            assert answer.text in flowing, answer.text
            for point in walk_points(answer.points):
                assert point.text in flowing, point.text
    assert episode.summary
    for point in walk_points(episode.summary):
        assert point.text in flowing, point.text


@pytest.mark.parametrize("name", ["seed", "seed-dark", "seed-potx", "continued", "hostile", "english"])
def test_every_slide_has_notes(decks, name):
    prs = open_deck(decks, name)
    for n, slide in enumerate(prs.slides, 1):
        assert slide.has_notes_slide, n
        frame = slide.notes_slide.notes_text_frame
        assert frame is not None and frame.text.strip(), n


# --------------------------------------------------------------------------- 2. titles and levels


def test_title_slide_is_the_episode_title(decks, seed_episode):
    slides = list(open_deck(decks, "seed").slides)
    assert slide_title(slides[0]) == seed_episode.title
    assert slide_title(slides[-1]) == seed_episode.host.sign_off


@pytest.mark.parametrize("name,path", [("seed", SEED), ("continued", None)])
def test_bullet_levels(decks, work, name, path):
    """Top-level points are paragraphs at level 0; nested ones (any depth, answers' points
    too) at level 1. (The seed has no nesting; the continued source has three levels.)"""
    episode, _ = read_episode(path or work / "continued.md")
    levels: dict[str, set[int]] = {}
    for slide in open_deck(decks, name).slides:
        for p in body_paragraphs(slide):
            ppr = p.find("a:pPr", NS)
            levels.setdefault(para_text(p), set()).add(int(ppr.get("lvl", "0")))
    nested = [
        c for s in episode.sections for t in s.topics for p in t.points for c in walk_points(p.children)
    ]
    nested += [p for q in episode.questions for a in q.answers for p in walk_points(a.points)]
    assert nested or name == "seed"
    for point in nested:
        assert levels.get(point.text) == {1}, (point.text, levels.get(point.text))
    for section in episode.sections:
        for topic in section.topics:
            for point in topic.points:
                # the paragraph may start with the topic's bold label
                found = set().union(*[lv for text, lv in levels.items() if text.endswith(point.text)])
                assert found == {0}, point.text


def test_continuation_slides(decks):
    prs = open_deck(decks, "continued")
    titles = [slide_title(s) for s in prs.slides]
    continued = [i for i, t in enumerate(titles) if t.endswith("（續）")]
    assert len(continued) >= 2, titles
    first = continued[0] - 1
    assert titles[first] == CONTINUED_TITLE or titles[first].startswith(CONTINUED_TITLE[:10])
    assert continued == list(range(first + 1, first + 1 + len(continued)))  # they follow it
    for i in continued:
        assert titles[i].endswith("…（續）"), titles[i]  # shortened, but still says it continues
        assert CONTINUED_TITLE.startswith(titles[i][:-4])
    # every point is there, in order (levels: test_bullet_levels)
    flowing = "".join(para_text(p) for s in prs.slides for p in body_paragraphs(s))
    at = [flowing.find(f"第{i}點：") for i in range(1, 31)]
    assert -1 not in at and at == sorted(at)


# --------------------------------------------------------------------------- 3. run formatting


@pytest.mark.parametrize("name", ["seed", "seed-dark", "seed-potx", "continued", "english"])
def test_every_run_is_fully_specified(decks, name):
    prs = open_deck(decks, name)
    chinese = name != "english"
    for n, slide in enumerate(prs.slides, 1):
        frames = [(sh, sh._element) for sh in slide.shapes if sh.has_text_frame]
        frames.append((None, slide.notes_slide.notes_text_frame._txBody))
        for shape, element in frames:
            for r in runs(element):
                text = r.findtext("a:t", "", NS)
                rpr = r.find("a:rPr", NS)
                where = (n, shape.name if shape is not None else "notes", text)
                assert rpr is not None and rpr.get("sz"), where
                ea = rpr.find("a:ea", NS)
                assert ea is not None and ea.get("typeface"), where
                latin = rpr.find("a:latin", NS)
                assert latin is not None and latin.get("typeface"), where
                assert rpr.get("lang") and rpr.get("altLang"), where
                if CJK.search(text):
                    assert rpr.get("lang") == "zh-TW", where
                elif text.strip():
                    assert rpr.get("lang") == "en-US", where
                if shape is None:
                    continue
                size = int(rpr.get("sz")) / 100
                if kind(shape) == "title":
                    assert size >= 24, where
                elif kind(shape) == "body":
                    assert size >= 16, where
        if chinese:
            assert any(r.find("a:rPr", NS).get("lang") == "zh-TW" for r in runs(slide.shapes._spTree)), n


# --------------------------------------------------------------------------- 4. fit and geometry


def frame_height(shape) -> tuple[float, float]:
    """(estimated text height, box height) in points, re-estimated with fit.wrap from what the
    XML says: sizes, line and paragraph spacing, margins, insets, box size."""
    body_pr = shape._element.find(".//p:txBody/a:bodyPr", NS)
    insets = {}
    for name in ("lIns", "tIns", "rIns", "bIns"):
        assert body_pr.get(name) is not None, f"{shape.name}: {name} is not written explicitly"
        insets[name] = int(body_pr.get(name)) / EMU_PT
    assert body_pr.find("a:noAutofit", NS) is not None and body_pr.get("wrap") == "square"
    width, box = shape.width / EMU_PT, shape.height / EMU_PT
    height = insets["tIns"] + insets["bIns"]
    for i, p in enumerate(paragraphs(shape)):
        rprs = [r.find("a:rPr", NS) for r in p.findall("a:r", NS)]
        sizes = {int(rpr.get("sz")) / 100 for rpr in rprs}
        assert len(sizes) == 1, sizes
        size = sizes.pop()
        bold = any(rpr.get("b") == "1" for rpr in rprs)
        ppr = p.find("a:pPr", NS)
        pitch = int(ppr.find("a:lnSpc/a:spcPts", NS).get("val")) / 100
        before = int(ppr.find("a:spcBef/a:spcPts", NS).get("val")) / 100
        assert int(ppr.find("a:spcAft/a:spcPts", NS).get("val")) == 0
        margin = int(ppr.get("marL", "0")) / EMU_PT
        usable = width - insets["lIns"] - insets["rIns"] - margin
        text = para_text(p)
        mono = monospace_spans(p)
        lines = fit.wrap(text, size, usable, bold=bold, mono=mono)
        if mono:  # a line's width is not Arial's: the fitter's own verdict on every line
            assert not line_count(text, bold, usable / size, mono, fit.ARIAL)[1], (shape.name, text)
        for line in lines if not mono else ():
            assert fit.text_width(line, size, bold=bold) <= usable + 0.01, (shape.name, line)
        height += len(lines) * pitch + (before if i else 0)
    return height, box


@pytest.mark.parametrize(
    "name", ["seed", "seed-dark", "seed-potx", "continued", "hostile", "english", "code"]
)
def test_no_text_overflows_and_nothing_is_off_the_slide(decks, name):
    prs = open_deck(decks, name)
    checked = 0
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            assert None not in (shape.left, shape.top, shape.width, shape.height), (n, shape.name)
            assert shape.left >= 0 and shape.top >= 0, (n, shape.name)
            assert shape.left + shape.width <= prs.slide_width, (n, shape.name)
            assert shape.top + shape.height <= prs.slide_height, (n, shape.name)
            if kind(shape) in ("title", "body") and shape.text_frame.text.strip():
                height, box = frame_height(shape)
                assert height <= box + 0.01, (n, shape.name, shape.text_frame.text[:40], height, box)
                checked += 1
    assert checked >= len(prs.slides)


# --------------------------------------------------------------------------- package integrity


def package_problems(data: bytes) -> list[str]:
    """Dangling relationships, unreachable (orphan) parts, parts without a content type, slide
    ids without a slide, section entries without a slide id: what makes PowerPoint repair."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        reached, problems = _follow_relationships(z, names)
        problems += _orphans_and_untyped(z, names, reached)
        problems += _slide_list_problems(z, names)
        problems += _duplicate_shape_ids(z, names)
    return problems


def _follow_relationships(z: zipfile.ZipFile, names: set[str]) -> tuple[set[str], list[str]]:
    """Every part reached from the package's root relationships, and each relationship whose
    target is missing."""
    problems: list[str] = []
    reached: set[str] = set()
    todo = [""]
    while todo:
        part = todo.pop()
        folder = PurePosixPath(part).parent if part else PurePosixPath("")
        rels = str(folder / "_rels" / (PurePosixPath(part).name + ".rels")) if part else "_rels/.rels"
        if rels not in names:
            continue
        for rel in etree.fromstring(z.read(rels)).findall(f"{{{PR}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            resolved = target.lstrip("/") if target.startswith("/") else _normalise(folder / target)
            if resolved not in names:
                problems.append(f"{rels}: {rel.get('Id')} -> missing {resolved}")
            elif resolved not in reached:
                reached.add(resolved)
                todo.append(resolved)
    return reached, problems


def _orphans_and_untyped(z: zipfile.ZipFile, names: set[str], reached: set[str]) -> list[str]:
    """Parts no relationship reaches, and parts [Content_Types].xml gives no type."""
    types = etree.fromstring(z.read("[Content_Types].xml"))
    defaults = {d.get("Extension").lower() for d in types.findall(f"{{{CT}}}Default")}
    overrides = {o.get("PartName").lstrip("/") for o in types.findall(f"{{{CT}}}Override")}
    problems = []
    for name in names:
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        if name not in reached:
            problems.append(f"orphan part {name}")
        if name not in overrides and PurePosixPath(name).suffix.lstrip(".").lower() not in defaults:
            problems.append(f"no content type for {name}")
    return problems


def _slide_list_problems(z: zipfile.ZipFile, names: set[str]) -> list[str]:
    """Slide ids without a relationship, slide parts presentation.xml does not relate, and
    section entries naming a slide id that does not exist."""
    pres = etree.fromstring(z.read("ppt/presentation.xml"))
    pres_rels = {
        r.get("Id"): r.get("Target")
        for r in etree.fromstring(z.read("ppt/_rels/presentation.xml.rels")).findall(f"{{{PR}}}Relationship")
    }
    problems = []
    slide_ids = set()
    for sld in pres.findall("p:sldIdLst/p:sldId", NS):
        slide_ids.add(sld.get("id"))
        if sld.get(f"{{{R}}}id") not in pres_rels:
            problems.append(f"slide id {sld.get('id')} has no relationship")
    slide_parts = {n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)}
    referenced = {"ppt/" + t for t in pres_rels.values() if t.startswith("slides/")}
    if slide_parts != referenced:
        problems.append(
            f"slide parts {sorted(slide_parts ^ referenced)} not matched by presentation.xml.rels"
        )
    for ref in pres.iter("{http://schemas.microsoft.com/office/powerpoint/2010/main}sldId"):
        if ref.get("id") not in slide_ids:
            problems.append(f"section lists slide id {ref.get('id')}, which does not exist")
    return problems


def _duplicate_shape_ids(z: zipfile.ZipFile, names: set[str]) -> list[str]:
    """Slides and notes slides where two shapes share an id."""
    problems = []
    for name in sorted(names):
        if re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml", name):
            ids = etree.fromstring(z.read(name)).xpath("//p:cNvPr/@id", namespaces=NS)
            if len(ids) != len(set(ids)):
                problems.append(f"{name}: duplicate shape ids {sorted(ids)}")
    return problems


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for piece in path.parts:
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


@pytest.mark.parametrize("name", ["seed", "seed-dark", "seed-potx", "continued"])
def test_package_has_no_dangling_or_orphan_parts(decks, name):
    data = decks[name][0].read_bytes()
    assert package_problems(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml").decode()
    assert PRESENTATION_CT in types and TEMPLATE_CT not in types  # a .pptx, not a template


# --------------------------------------------------------------------------- 5. determinism


@pytest.mark.parametrize("name,extra", [("seed", ()), ("seed-dark", ("--theme", "dark"))])
def test_builds_are_byte_identical(decks, work, name, extra):
    again, _ = build(SEED, work / f"{name}-again", *extra)
    assert again.read_bytes() == decks[name][0].read_bytes()


# --------------------------------------------------------------------------- 6, 7. a user .potx


def test_user_potx_with_renamed_layouts_and_example_slides(decks, potx):
    deck, output = decks["seed-potx"]
    assert package_problems(potx.read_bytes()) == []  # the fixture itself is a sound file
    # layouts chosen by their placeholders, and the CLI says which
    for role, name in (("title", "Custom A"), ("content", "自訂版面配置 2"), ("section", "Custom C")):
        assert re.search(rf"warning: .*{role} slides use “{name}” \(chosen by its placeholders\)", output), (
            output
        )
    prs = Presentation(str(deck))
    default = open_deck(decks, "seed")
    assert len(prs.slides) == len(default.slides)
    used = {slide.slide_layout.name for slide in prs.slides}
    assert used == {"Custom A", "自訂版面配置 2", "Custom C"}
    assert [slide_title(s) for s in prs.slides] == [slide_title(s) for s in default.slides]
    with zipfile.ZipFile(deck) as z:  # no example text anywhere: slides, notes, orphan parts
        for item in z.namelist():
            body = z.read(item)
            for text in EXAMPLE_TEXT:
                assert text.encode() not in body, (item, text)
    with zipfile.ZipFile(deck) as z:
        assert b"custShow" not in z.read("ppt/presentation.xml") + z.read("ppt/presProps.xml")
        assert b"sectionLst" not in z.read("ppt/presentation.xml")
    # notes on every slide, though the notes master has no body placeholder
    assert not any(ph.placeholder_format.type == PP_PLACEHOLDER.BODY for ph in prs.notes_master.placeholders)
    for slide in prs.slides:
        assert slide.notes_slide.notes_text_frame.text.strip()
    # python-pptx can save it again, and read that back
    buffer = io.BytesIO()
    prs.save(buffer)
    assert len(Presentation(io.BytesIO(buffer.getvalue())).slides) == len(prs.slides)


def test_user_potx_opens_in_libreoffice(pdfs, decks):
    assert pdf_pages(pdfs["seed-potx"]) == len(open_deck(decks, "seed-potx").slides)


def test_check_template_names_the_layout_of_each_kind(potx):
    result = run("check-template", potx)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.search(r"title\s+-> “Custom A”", out), out
    assert re.search(r"section\s+-> “Custom C”", out), out
    assert re.search(r"content\s+-> “自訂版面配置 2”", out), out
    assert "chosen by its placeholders" in result.stderr


def test_check_template_warns_about_a_latin_font_other_than_arial(work):
    assert "Arial's widths" not in run("check-template", "default").stderr
    result = run("check-template", make_user_potx(work / "verdana.potx", latin="Verdana"))
    assert result.exit_code == 0, result.output
    assert "titles Verdana" in result.stdout
    assert re.search(r"warning: .*fitted with Arial's widths.*Verdana", result.stderr), result.stderr


# --------------------------------------------------------------------------- theme geometry


@pytest.mark.parametrize("name", ["seed", "seed-dark", "seed-potx"])
def test_slide_numbers_come_from_the_layout(decks, name):
    for n, slide in enumerate(open_deck(decks, name).slides, 1):
        numbers = [
            ph for ph in slide.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
        ]
        assert len(numbers) == 1, n
        ph = numbers[0]
        layout_ph = slide.slide_layout.placeholders.get(idx=ph.placeholder_format.idx)
        assert layout_ph is not None and layout_ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
        assert ph._element.find("p:spPr/a:xfrm", NS) is None  # placed by the layout
        assert (ph.left, ph.top) == (layout_ph.left, layout_ph.top)
        fields = ph._element.findall(".//a:fld", NS)
        assert [f.get("type") for f in fields] == ["slidenum"], n


def test_bullets_and_insets_follow_the_theme(decks):
    """The writer uses the theme's own margins (text flush with the title rule: insets 0)
    and bullet indents (0.34 in hanging, 0.40 in per level): written explicitly, and the
    same numbers the fitter measured with (test_no_text_overflows...)."""
    prs = open_deck(decks, "continued")
    margins = {}
    for slide in prs.slides:
        for shape in slide.placeholders:
            if kind(shape) != "body" or not shape.text_frame.text:
                continue
            body_pr = shape._element.find(".//a:bodyPr", NS)
            assert (body_pr.get("lIns"), body_pr.get("rIns")) == ("0", "0")
            for p in paragraphs(shape):
                ppr = p.find("a:pPr", NS)
                if ppr.find("a:buNone", NS) is None:
                    margins[int(ppr.get("lvl", "0"))] = (int(ppr.get("marL")), int(ppr.get("indent")))
    inch = 914400
    assert margins == {
        0: (round(0.34 * inch), -round(0.34 * inch)),
        1: (round(0.74 * inch), -round(0.34 * inch)),
    }


# --------------------------------------------------------------------------- 8. rendering


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def test_seed_deck_renders_one_page_per_slide(pdfs, decks):
    assert pdf_pages(pdfs["seed"]) == len(open_deck(decks, "seed").slides)


def drawn_words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x min, y min, x max, y max) in points of every word LibreOffice drew on the page."""
    html = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
    )
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def words_outside_their_boxes(decks, pdfs, name: str) -> tuple[list[str], str]:
    """The words drawn below the title of the code slide that are in no text box of the slide
    (the body's text overflowing it), and all the text drawn there."""
    prs = open_deck(decks, name)
    number, slide = next((n, s) for n, s in enumerate(prs.slides, 1) if slide_title(s) == CODE_TITLE)
    boxes = [
        (s.left / EMU_PT, s.top / EMU_PT, (s.left + s.width) / EMU_PT, (s.top + s.height) / EMU_PT)
        for s in slide.placeholders
        if kind(s) != "title"
    ]
    body_top = min(top for _, top, _, _ in boxes)
    words = drawn_words(pdfs[name], number)
    slack = 2.0  # points: a word's box is its font's ascent to descent, a little over the line
    outside = [
        word
        for word, x0, y0, x1, y1 in words
        if (y0 + y1) / 2 > body_top
        and not any(
            x0 >= bx0 - slack and y0 >= by0 - slack and x1 <= bx1 + slack and y1 <= by1 + slack
            for bx0, by0, bx1, by1 in boxes
        )
    ]
    return outside, "".join(w for w, *_ in words)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_inline_code_is_drawn_inside_its_box(pdfs, decks):
    """Text drawn == text held, and inside its box: a slide of bullets that are all inline code,
    rendered by LibreOffice. The same slide fitted with Arial's widths (as before the fitter
    measured code in monospace) runs past its box, so the check can fail."""
    outside, drawn = words_outside_their_boxes(decks, pdfs, "code")
    assert outside == []
    for command in CODE_COMMANDS:
        assert command.replace(" ", "") in drawn
    slide = next(s for s in open_deck(decks, "code").slides if slide_title(s) == CODE_TITLE)
    body = next(s for s in slide.placeholders if kind(s) == "body")
    assert max(r.font.size.pt for p in body.text_frame.paragraphs for r in p.runs) < 28  # shrunk
    outside, _ = words_outside_their_boxes(decks, pdfs, "code-as-arial")
    assert outside, "the Arial-measured slide was expected to overflow its box"


def test_check_measures_inline_code_in_monospace(decks):
    """`deckcast check` re-measures runs set in Courier New at its 0.6 em: the deck fitted with
    Arial's widths is reported overflowing, the deckcast one is clean."""
    clean = run("check", decks["code"][0], "--min-slides", "1")
    assert clean.exit_code == 0, clean.output
    over = run("check", decks["code-as-arial"][0], "--min-slides", "1")
    assert over.exit_code == 1
    assert re.search(r"slide 2: error: .*text overflows its box", over.output), over.output


# --------------------------------------------------------------------------- 9. content is data


def test_template_syntax_and_markup_in_content_stay_text(decks):
    prs = open_deck(decks, "hostile")
    text = all_text(prs)
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    title = slide_title(prs.slides[0])
    assert title == "{{ 7*7 }} and {% raw %} <script>alert(1)</script>"
    for literal in HOSTILE:
        assert literal in text, literal
    assert "{% endraw %}" in text
    assert "Point with {{ 7*7 }} inside." in text
    assert "49" not in text and "49" not in notes
    assert "{{ 7*7 }}" in notes


# --------------------------------------------------------------------------- 10. English


def test_english_source_has_english_runs(decks):
    prs = open_deck(decks, "english")
    episode, _ = read_episode(ROOT / "tests" / "sources" / "en-long-run.md")
    assert episode.language == "en"
    assert slide_title(prs.slides[0]) == episode.title
    langs = [
        r.find("a:rPr", NS).get("lang")
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame
        for r in sh._element.findall(".//a:r", NS)
    ]
    assert langs and set(langs) == {"en-US"}
    assert "Thank" in all_text(prs) or episode.host.sign_off in all_text(prs)
    for slide in prs.slides:  # a speaker's part divider does not repeat the name below it
        texts = [sh.text_frame.text for sh in slide.placeholders if kind(sh) in ("title", "body")]
        assert len(texts) == len(set(texts)), texts


@pytest.mark.parametrize("theme", ["default", "corporate"])
def test_constant_time_slide_adder_writes_what_python_pptx_writes(monkeypatch, potx, theme):
    """SlideAdder (slides and notes added without python-pptx's O(n) scans) gives the same
    bytes as python-pptx's public add_slide / notes_slide, also on a template that had
    slides of its own removed (gaps in slide ids and part names)."""
    from functools import partial

    from generator.deck import slide_adder
    from generator.plan.production import produce
    from generator.writers import deck as deck_writer

    episode, _ = read_episode(SEED)
    theme_arg = str(potx) if theme == "corporate" else theme

    def deck(fast: bool) -> bytes:
        monkeypatch.setattr(deck_writer, "SlideAdder", partial(slide_adder.SlideAdder, fast=fast))
        production = produce(episode, theme=theme_arg)
        return deck_writer.write_deck(production.slides, episode, production.theme)

    fast, public = deck(True), deck(False)
    assert len(Presentation(io.BytesIO(fast)).slides) == 24
    assert fast == public


# --- what Apple Keynote needs beyond package_problems (python-pptx#1051, OfficeCLI#255) ---

_SLIDE_SIZES = {
    "screen16x9": (9144000, 5143500),
    "screen4x3": (9144000, 6858000),
    "screen16x10": (9144000, 5715000),
    "A4": (10826750, 7559675),
    "letter": (9144000, 6858000),
}


def keynote_problems(data: bytes) -> list[str]:
    """A notes master not listed in presentation.xml (or out of schema order), an r:id used
    by a part that is not one of its relationships, a slide size contradicting its type."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        for name in sorted(names):
            if not name.endswith(".xml") or name == "[Content_Types].xml":
                continue
            path = PurePosixPath(name)
            rels_name = str(path.parent / "_rels" / (path.name + ".rels"))
            ids = (
                {r.get("Id") for r in etree.fromstring(z.read(rels_name)).findall(f"{{{PR}}}Relationship")}
                if rels_name in names
                else set()
            )
            for element in etree.fromstring(z.read(name)).iter():
                for attribute, value in element.attrib.items():
                    if attribute.startswith(f"{{{R}}}") and value not in ids:
                        problems.append(f"{name}: {attribute.split('}')[1]}={value} has no relationship")
        pres = etree.fromstring(z.read("ppt/presentation.xml"))
        rels = etree.fromstring(z.read("ppt/_rels/presentation.xml.rels")).findall(f"{{{PR}}}Relationship")
        masters = [r.get("Id") for r in rels if r.get("Type").endswith("/notesMaster")]
        listed = [e.get(f"{{{R}}}id") for e in pres.findall("p:notesMasterIdLst/p:notesMasterId", NS)]
        if listed != masters:
            problems.append(f"notes master relationships {masters} but notesMasterIdLst lists {listed}")
        order = [etree.QName(child).localname for child in pres]
        if (
            "notesMasterIdLst" in order
            and order.index("notesMasterIdLst") != order.index("sldMasterIdLst") + 1
        ):
            problems.append(f"notesMasterIdLst out of schema order: {order[:4]}")
        size = pres.find("p:sldSz", NS)
        kind = size.get("type")
        if kind in _SLIDE_SIZES and _SLIDE_SIZES[kind] != (int(size.get("cx")), int(size.get("cy"))):
            problems.append(f"sldSz type {kind} contradicts {size.get('cx')}x{size.get('cy')}")
    return problems


@pytest.mark.parametrize("name", ["seed", "seed-dark", "seed-potx", "continued", "hostile", "english"])
def test_keynote_opens_every_deck(decks, name):
    data = decks[name][0].read_bytes()
    assert package_problems(data) == [] and keynote_problems(data) == []


def test_keynote_check_can_fail(decks):
    """A deck without its notesMasterIdLst, as python-pptx writes it, is caught."""
    import re

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(decks["seed"][0].read_bytes())) as z, zipfile.ZipFile(out, "w") as copy:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "ppt/presentation.xml":
                data = re.sub(rb"<p:notesMasterIdLst>.*?</p:notesMasterIdLst>", b"", data)
            copy.writestr(item, data)
    assert any("notesMasterIdLst" in p for p in keynote_problems(out.getvalue()))
