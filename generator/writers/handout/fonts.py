"""The handout's CJK font: the bundled Noto Sans CJK face (or a system one) for the
language, subset with HarfBuzz to the characters the handout can show; and, when the page
shows code, the same collection's Noto Sans Mono CJK face for it, subset likewise (a
monospace face that has every CJK character the body face has, on any machine).

Speed: WeasyPrint subsets a CJK font with fontTools in about 5 s. uharfbuzz does it in
milliseconds, and WeasyPrint embeds that small font whole."""

from __future__ import annotations

from pathlib import Path

from ...errors import UsageError
from ...model import Episode
from .blocks import mono_text, text_of
from .notes import link_notes, listed
from .selection import HandoutContent, drawn_runs

FACE = {"zh-Hant": 3, "zh-Hans": 2, "en": 3}  # faces of NotoSansCJK-Regular.ttc: JP KR SC TC HK
MONO_FACE = 5  # the collection's Mono faces follow in the same order (JP KR SC TC HK)
SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
# What the template writes itself (labels of all three languages, marks and punctuation).
TEMPLATE_TEXT = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "…·•◦▪–—：、，。（）「」“”等位講者重點問答摘要總結來源主持因篇幅限制省略了個要点讲者重点问答总结来源个"
)


def subset_font(episode: Episode, content: HandoutContent, folder: Path) -> tuple[Path, str, str | None]:
    """The CJK face for the language, cut down to the characters the handout can show, as a
    file in `folder`; its name (file#face) and a warning, if any."""
    source, note = cjk_font_file()
    text = _shown_text(episode, content)
    face_index = FACE[episode.language] if str(source).endswith(".ttc") else 0
    out = folder / "deckcast-cjk.otf"
    covered = subset_face(source, face_index, text, out)
    missing = sorted({ch for ch in text if ch.isprintable() and ord(ch) not in covered})
    if missing:
        note = (note + "; " if note else "") + f"handout: the font has no glyph for {''.join(missing[:20])}"
    return out, f"{source.name}#{face_index}", note


def subset_mono(episode: Episode, content: HandoutContent, folder: Path) -> Path | None:
    """The monospace face for the language cut down to the code the handout can show, as a
    file in `folder`; None when it shows no code or the font file has no Mono face (the
    stylesheet then falls back to the system's monospace)."""
    text = _code_text(content)
    source, _ = cjk_font_file()
    if not text or not str(source).endswith(".ttc"):
        return None
    out = folder / "deckcast-mono.otf"
    subset_face(source, FACE[episode.language] + MONO_FACE, text + TEMPLATE_TEXT, out)
    return out


def subset_face(source: Path, face_index: int, text: str, out: Path) -> set[int]:
    """Face `face_index` of `source` cut down to the characters of `text`, written to `out`;
    the characters the whole face covers."""
    data, covered = subset_bytes(source, face_index, text)
    out.write_bytes(data)
    return covered


def subset_bytes(source: Path, face_index: int, text: str) -> tuple[bytes, set[int]]:
    """Face `face_index` of `source` cut down to the characters of `text`, and the
    characters the whole face covers."""
    import uharfbuzz as hb  # type: ignore[import-untyped]

    blob = hb.Blob.from_file_path(str(source))
    face = hb.Face(blob, face_index)
    subset_input = hb.SubsetInput()
    for ch in set(text):
        subset_input.unicode_set.add(ord(ch))
    subset = hb.subset(face, subset_input)
    if subset is None:
        raise UsageError(f"could not subset the font {source}")
    return bytes(subset.blob.data), set(face.unicodes)


def _code_text(content: HandoutContent) -> str:
    """Every character the handout can show in monospace: code blocks and inline code."""
    items = [i for p in content.parts for i in p.points]
    text = "".join(mono_text(i.block) for i in items if i.block)
    return text + "".join(r.text for i in items for runs in drawn_runs(i) for r in runs if r.code)


def _shown_text(episode: Episode, content: HandoutContent) -> str:
    """Every character the handout can show: the episode's own fields, the content (the
    fitting only cuts more of it) and what the template writes."""
    text = "".join(
        [
            episode.title,
            episode.topic or "",
            episode.show or "",
            episode.host.name or "",
            episode.date or "",
            Path(episode.source).name if episode.source else "",
        ]
    )
    text += "".join(s.name + (s.alt_name or "") + (s.role or "") for s in episode.speakers)
    text += "".join(
        p.title
        + p.speaker
        + "".join(
            i.label + i.text + "".join(i.details) + (text_of(i.block) if i.block else "") for i in p.points
        )
        for p in content.parts
    )
    text += "".join(listed(u) for u in link_notes(content))
    text += "".join(q.text + "".join(a.name + a.text for a in q.answers) for q in content.questions)
    text += "".join(content.summary)
    return text + TEMPLATE_TEXT


def cjk_font_file() -> tuple[Path, str | None]:
    """The font file to subset, and a warning when it is not the bundled one."""
    try:
        import noto_cjk_sans_otc  # type: ignore[import-untyped]

        path = Path(str(noto_cjk_sans_otc.FONT_PATH))
        if path.is_file():
            return path, None
    except ImportError:
        pass
    for candidate in SYSTEM_FONTS:
        if Path(candidate).is_file():
            note = f"handout: the noto-cjk-sans-otc package is missing; using the system font {candidate}"
            return Path(candidate), note
    raise UsageError(
        "no CJK font for the handout: install the noto-cjk-sans-otc package "
        "(pip install noto-cjk-sans-otc) or Debian's fonts-noto-cjk"
    )
