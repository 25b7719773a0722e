"""Which font a Latin typeface is measured in: the :class:`Face` a text travels with, found on
this machine as LibreOffice would find it, and the advance widths read from its files.

* The shipped table (``font_metrics.json``, Liberation Sans = Arial) is the face for Arial and
  the families metric-compatible with it (:data:`TABLE_FAMILIES`), always, whether or not
  Liberation Sans is installed: decks in Arial themes do not depend on the machine.
* Any other family is looked up in the machine's fonts: fontconfig's list (``fc-list``) where
  it exists, else the usual font folders of each system, read with fontTools. A family is
  found under its own name or a metric-compatible substitute LibreOffice draws it with
  (:data:`SUBSTITUTES`: Times New Roman as Liberation Serif, Calibri as Carlito, …); any
  other font, such as the fallback fontconfig would pick, does not count.
* A family not found is None: the caller measures with the table (and says so).

Lookups and width tables are cached per process; both are a function of the font files
found, so the same fonts give the same widths.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "ARIAL",
    "SUBSTITUTES",
    "TABLE_FAMILIES",
    "Face",
    "FontFile",
    "face_for",
    "file_widths",
    "installed_face",
]


@dataclass(frozen=True)
class FontFile:
    """One face of a font file (``index``: which one, in a collection such as a .ttc)."""

    path: str
    index: int = 0


@dataclass(frozen=True)
class Face:
    """The Latin typeface a text is measured in: ``family`` as found, and its regular and
    bold files. No files: the shipped table (Arial's widths). A family without a bold file is
    measured bold with its regular widths (the viewer emboldens it)."""

    family: str = "Liberation Sans"
    regular: FontFile | None = None
    bold: FontFile | None = None

    @property
    def is_table(self) -> bool:
        return self.regular is None


#: The shipped table's face: Arial, Liberation Sans and the families with their widths.
ARIAL = Face()

#: Families measured with the shipped table (Arial's metrics), lower case.
TABLE_FAMILIES = frozenset({"arial", "liberation sans", "arimo", "helvetica"})

#: Metric-compatible families LibreOffice draws a requested one with (fontconfig's
#: 30-metric-aliases.conf and LibreOffice's replacement table), lower case.
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "times new roman": ("liberation serif", "tinos"),
    "times": ("liberation serif", "tinos"),
    "courier new": ("liberation mono", "cousine"),
    "calibri": ("carlito",),
    "cambria": ("caladea",),
    "arial narrow": ("liberation sans narrow",),
}

_REGULAR, _BOLD = 400, 700  # CSS / OpenType weights
# fontconfig weight -> OpenType weight (fontconfig's own table, FcWeightToOpenType)
_FC_WEIGHTS: tuple[tuple[int, int], ...] = (
    *((0, 100), (40, 200), (50, 300), (75, 350), (80, 400), (100, 500)),
    *((180, 600), (200, 700), (205, 800), (210, 900), (215, 950)),
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


@dataclass(frozen=True)
class _Installed:
    """One upright face of normal width installed on the machine."""

    name: str  # its first family name, as written
    families: tuple[str, ...]  # lower case
    weight: int  # OpenType
    file: FontFile


def face_for(family: str) -> Face | None:
    """The face ``family`` is measured in: :data:`ARIAL` for the table's families, else the
    family (or a metric-compatible substitute) as installed, None when it is not."""
    name = " ".join(family.split()).lower()
    if name in TABLE_FAMILIES:
        return ARIAL
    return _installed_face(name)


def installed_face(family: str) -> Face | None:
    """``family`` (or a metric-compatible substitute) as installed on this machine, with its
    files, even for the table's families (what a page that embeds the font needs)."""
    return _installed_face(" ".join(family.split()).lower())


@lru_cache(maxsize=256)
def _installed_face(name: str) -> Face | None:
    for wanted in (name, *SUBSTITUTES.get(name, ())):
        faces = [f for f in _installed() if wanted in f.families]
        regular = _nearest(faces, _REGULAR)
        if regular is not None:
            bold = _nearest([f for f in faces if f.weight >= 600], _BOLD)
            return Face(regular.name, regular.file, bold.file if bold else None)
    return None


def _nearest(faces: list[_Installed], weight: int) -> _Installed | None:
    return min(faces, key=lambda f: (abs(f.weight - weight), f.file.path, f.file.index), default=None)


@lru_cache(maxsize=1)
def _installed() -> tuple[_Installed, ...]:
    """Every upright, normal-width face installed: from fontconfig, else the font folders."""
    listed = _from_fontconfig()
    return tuple(listed if listed is not None else _from_folders(font_folders()))


def _from_fontconfig() -> list[_Installed] | None:
    """fontconfig's faces (None without fontconfig or when it fails)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    fmt = "%{family}\t%{weight}\t%{slant}\t%{width}\t%{file}\t%{index}\n"
    try:
        out = subprocess.run(
            [fc_list, "--format", fmt], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 6 or not parts[4]:
            continue
        families, weight, slant, width, path, index = parts
        if _number(slant) != 0 or _number(width, 100) != 100:
            continue
        names = [f.strip() for f in families.split(",")]
        weight_ot = _opentype_weight(_number(weight, 80))
        file = FontFile(path, _face_index(index))
        found.append(_Installed(names[0], tuple(n.lower() for n in names), weight_ot, file))
    return found


def _number(text: str, default: int = 0) -> int:
    try:
        return int(float(text.split()[0].strip("[]")))
    except (ValueError, IndexError):
        return default  # a variable font lists a range: its default instance counts


def _face_index(text: str) -> int:
    return _number(text) & 0xFFFF  # the high bits name a variable font's instance


def _opentype_weight(fc: int) -> int:
    for (a, wa), (b, wb) in zip(_FC_WEIGHTS, _FC_WEIGHTS[1:], strict=False):
        if a <= fc <= b:
            return round(wa + (wb - wa) * (fc - a) / (b - a))
    return 950 if fc > 215 else 100


def font_folders() -> list[Path]:
    """Where this system keeps fonts (the ones that exist)."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        folders = [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        folders = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    else:
        folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts"]
        folders.append(home / ".local" / "share" / "fonts")
    return [f for f in folders if f.is_dir()]


def _font_files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        for root, _, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.lower().endswith(_FONT_SUFFIXES):
                    yield Path(root) / name


def _from_folders(folders: Iterable[Path]) -> list[_Installed]:
    """The faces of the font files under ``folders``, from their name and OS/2 tables."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError  # type: ignore[import-untyped]

    found = []
    for path in _font_files(folders):
        try:
            if path.suffix.lower() in (".ttc", ".otc"):
                with TTCollection(str(path), lazy=True) as collection:
                    fonts = list(enumerate(collection.fonts))
                    found += [f for i, font in fonts if (f := _described(font, FontFile(str(path), i)))]
            else:
                with TTFont(str(path), lazy=True) as font:
                    face = _described(font, FontFile(str(path)))
                    found += [face] if face else []
        except (OSError, TTLibError, KeyError, ValueError, AssertionError):
            continue  # not a font fontTools can read: LibreOffice would not use it either
    return found


def _described(font: Any, file: FontFile) -> _Installed | None:
    """An upright, normal-width face's families and weight (None for an italic or a narrow one)."""
    os2 = font.get("OS/2")
    names = font["name"]
    if os2 is not None and (os2.fsSelection & 0x201 or os2.usWidthClass != 5):  # italic, oblique
        return None
    written = sorted(
        {
            str(n.toUnicode()).strip()
            for n in names.names
            if n.nameID in (1, 16) and n.platformID in (1, 3) and str(n.toUnicode()).strip()
        }
    )
    weight = os2.usWeightClass if os2 is not None else _REGULAR
    families = tuple(sorted({n.lower() for n in written}))
    return _Installed(written[0], families, weight, file) if written else None


@lru_cache(maxsize=64)
def file_widths(file: FontFile) -> dict[int, float]:
    """Code point -> advance width in em (rounded to 1/1000 em, as the shipped table is) of
    every character the font file maps."""
    from fontTools.ttLib import TTFont

    with TTFont(file.path, fontNumber=file.index, lazy=True) as font:
        per_em = font["head"].unitsPerEm
        advances = font["hmtx"].metrics
        cmap = font.getBestCmap() or {}
        return {cp: round(advances[glyph][0] * 1000 / per_em) / 1000 for cp, glyph in cmap.items()}
