"""The fonts deck.html carries, as data: URIs, each cut down to the characters the page
shows: the theme's Latin faces as the fitter measured them (Arial's widths are Liberation
Sans's, so an Arial theme embeds Liberation Sans; any other face its own files), the
monospace face inline code and code blocks are measured in (Courier New = Liberation Mono),
and for everything those lack the bundled Noto Sans CJK face of the episode's language, the
handout's (the same HarfBuzz subsetting). A face this machine does not have is left to the
browser by name, with a warning: the page then still draws, in the viewer's own font."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from ...deck import ooxml
from ...deck.fit.fonts import Face, FontFile, installed_face
from ...deck.fit.metrics import EA_AMBIGUOUS
from ..handout.fonts import FACE, cjk_font_file, subset_bytes

# What a browser falls back to by name when a face is not embedded.
FALLBACK = {"major": "Arial, 'Liberation Sans', sans-serif", "minor": "Arial, 'Liberation Sans', sans-serif"}
MONO_FALLBACK = "'Courier New', 'Liberation Mono', monospace"
CJK = "dc-cjk"


@dataclass(frozen=True)
class FontFace:
    """One @font-face rule: a family, its weight, and the font as a data: URI."""

    family: str
    weight: int
    uri: str


@dataclass(frozen=True)
class Fonts:
    faces: tuple[FontFace, ...]
    families: dict[str, str]  # major, minor, mono -> CSS font-family value
    warnings: tuple[str, ...]


def embedded_fonts(
    faces: dict[str, Face], latin_names: dict[str, str], language: str, text: str, mono_text: str
) -> Fonts:
    """The fonts for a page showing `text` (and `mono_text` in monospace): `faces` the
    fitter's ("major", "minor"), `latin_names` the typefaces the theme names."""
    out: list[FontFace] = []
    warnings: list[str] = []
    families, covered = _latin(faces, latin_names, text, out, warnings)
    mono = installed_face(ooxml.MONOSPACE)
    if mono is not None and mono.regular is not None and mono_text:
        data, _ = subset_bytes(Path(mono.regular.path), mono.regular.index, mono_text)
        out.append(FontFace("dc-mono", 400, _uri(data, mono.regular)))
        families["mono"] = f"'dc-mono', {MONO_FALLBACK}, '{CJK}'"
    else:
        families["mono"] = f"{MONO_FALLBACK}, '{CJK}'"
    rest = "".join(sorted({ch for ch in text + mono_text if ord(ch) not in covered and ch.isprintable()}))
    if rest.strip():
        out += _cjk(language, rest, "".join(sorted(set(text) & EA_AMBIGUOUS)), warnings)
    return Fonts(tuple(out), families, tuple(warnings))


def _latin(
    faces: dict[str, Face], latin_names: dict[str, str], text: str, out: list[FontFace], warnings: list[str]
) -> tuple[dict[str, str], set[int]]:
    """The heading and body faces (one set of files when they are the same face): their CSS
    families, and the characters they cover."""
    families: dict[str, str] = {}
    covered: set[int] = set()
    done: dict[tuple[object, object], str] = {}
    for role in ("major", "minor"):
        files = _files(faces[role])
        key = (files.regular, files.bold) if files else ("none", latin_names[role])
        if key not in done:
            if files is None:
                warnings.append(
                    f"deck.html: the font {latin_names[role]!r} is not on this machine; "
                    "the page names it and the browser picks a font"
                )
                done[key] = f"'{latin_names[role]}', {FALLBACK[role]}"
            else:
                for weight, file in ((400, files.regular), (700, files.bold)):
                    if file is not None:
                        data, faces_covered = subset_bytes(Path(file.path), file.index, text)
                        covered |= faces_covered
                        out.append(FontFace(f"dc-{role}", weight, _uri(data, file)))
                done[key] = f"'dc-{role}'"
        families[role] = f"{done[key]}, '{CJK}', sans-serif"
    return families, covered


def _cjk(language: str, rest: str, ambiguous: str, warnings: list[str]) -> list[FontFace]:
    """The CJK face for what the Latin faces lack, and for the ambiguous punctuation a
    paragraph with CJK draws in it (class "ea")."""
    source, note = cjk_font_file()
    index = FACE[language] if str(source).endswith(".ttc") else 0
    data, cjk_covered = subset_bytes(source, index, rest)
    out = [FontFace(CJK, 400, _uri(data, FontFile(str(source), index), otf=True))]
    if ambiguous:
        data, _ = subset_bytes(source, index, ambiguous)
        out.append(FontFace("dc-amb", 400, _uri(data, FontFile(str(source), index), otf=True)))
    if note:
        warnings.append(note.replace("handout:", "deck.html:"))
    missing = sorted({ch for ch in rest if ord(ch) not in cjk_covered and not ch.isspace()})
    if missing:
        warnings.append(f"deck.html: no embedded font has a glyph for {''.join(missing[:20])}")
    return out


def _files(face: Face) -> Face | None:
    """The face's files: its own, or for the table's families (Arial's widths) Liberation
    Sans or Arimo as installed."""
    if not face.is_table:
        return face
    for family in ("Liberation Sans", "Arimo"):
        found = installed_face(family)
        if found is not None and found.regular is not None:
            return found
    return None


def _uri(data: bytes, file: FontFile, otf: bool = False) -> str:
    kind = "otf" if otf or data[:4] == b"OTTO" else "ttf"
    return f"data:font/{kind};base64," + base64.b64encode(data).decode("ascii")
