"""The runs of a shape at risk of showing in another font or size than meant: CJK text with
no East Asian typeface, or one most machines lack (the viewer falls back to another), and
text with no explicit size (it comes from the layout, and changes with the theme)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..deck import fit, ooxml
from .findings import Finding, count, sample, shape_label

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.shapes.base import BaseShape

# East Asian typefaces found on (nearly) every machine that shows slides in Chinese: Windows,
# macOS, or installed with LibreOffice / Noto. Matched case-insensitively as a prefix, so
# "Microsoft JhengHei UI" and "Noto Sans CJK TC Bold" count too.
COMMON_CJK_FONTS = (
    "microsoft jhenghei",
    "microsoft yahei",
    "微軟正黑體",
    "微软雅黑",
    "pingfang tc",
    "pingfang sc",
    "pingfang hk",
    "蘋方",
    "苹方",
    "noto sans cjk",
    "noto serif cjk",
    "noto sans tc",
    "noto sans sc",
    "source han sans",
    "source han serif",
    "思源黑體",
    "思源黑体",
    "heiti tc",
    "heiti sc",
    "hiragino sans",
    "dengxian",
    "等线",
    "pmingliu",
    "mingliu",
    "新細明體",
    "細明體",
    "simsun",
    "宋体",
    "simhei",
    "黑体",
)
FALLBACK_HINT = "Microsoft JhengHei / YaHei, PingFang TC/SC or Noto Sans CJK"


def theme_east_asian(prs: Presentation) -> dict[str, str]:
    """+mj-ea / +mn-ea -> the theme's East Asian typefaces ('' when it names none)."""
    from ..deck.theme import theme_fonts

    try:
        fonts = theme_fonts(prs)
    except (KeyError, ValueError, IndexError):
        return {}
    return {"+mj-ea": fonts["major"][1], "+mn-ea": fonts["minor"][1]}


def theme_latin(prs: Presentation) -> dict[str, str]:
    """+mj-lt / +mn-lt -> the theme's Latin typefaces ('' when it names none)."""
    from ..deck.theme import theme_fonts

    try:
        fonts = theme_fonts(prs)
    except (KeyError, ValueError, IndexError):
        return {}
    return {"+mj-lt": fonts["major"][0], "+mn-lt": fonts["minor"][0]}


def is_common_cjk_font(name: str) -> bool:
    low = name.strip().lower()
    return bool(low) and low.startswith(COMMON_CJK_FONTS)


def run_findings(n: int, shape: BaseShape, fonts: dict[str, str]) -> list[Finding]:
    """Slide `n`'s shape's runs of CJK text without a common East Asian typeface (theme
    references resolved through `fonts`), and its runs without a size."""
    runs = list(ooxml.text_runs(shape))
    no_ea, odd_ea = _cjk_faces(runs, fonts)
    no_size = [run.text for run in runs if not run.sized]
    out = []
    if no_ea:
        out.append(
            Finding(
                "warning",
                n,
                f"{shape_label(shape)}: {count(len(no_ea), 'run')} of CJK text "
                f"({sample(no_ea[0])}) with no East Asian typeface (a:ea): the viewer "
                f"picks a fallback font; set one such as {FALLBACK_HINT}",
            )
        )
    for face, texts in odd_ea.items():
        out.append(
            Finding(
                "warning",
                n,
                f"{shape_label(shape)}: {count(len(texts), 'run')} of CJK text "
                f"({sample(texts[0])}) set in “{face}”, not a CJK font most machines have: "
                f"they will show a fallback (common ones: {FALLBACK_HINT})",
            )
        )
    if no_size:
        out.append(
            Finding(
                "warning",
                n,
                f"{shape_label(shape)}: {count(len(no_size), 'run')} "
                f"({sample(no_size[0])}) with no explicit size: the size comes from "
                f"the layout and may change with the theme",
            )
        )
    return out


def _cjk_faces(runs: list[ooxml.TextRun], fonts: dict[str, str]) -> tuple[list[str], dict[str, list[str]]]:
    """The texts of the CJK runs with no East Asian typeface, and of those set in a typeface
    few machines have, by typeface."""
    missing: list[str] = []
    uncommon: dict[str, list[str]] = {}
    for run in runs:
        if not any(fit.is_cjk(ch) for ch in run.text):
            continue
        face = run.east_asian or ""
        if face.startswith("+"):
            face = fonts.get(face, "")
        if run.east_asian is None or not face:
            missing.append(run.text)
        elif not is_common_cjk_font(face):
            uncommon.setdefault(face, []).append(run.text)
    return missing, uncommon
