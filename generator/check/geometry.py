"""Shapes off the slide: entirely off it, or running off one of its edges (an error for text,
which is cut off; a warning for a picture, whose bleeding off an edge can be deliberate)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .findings import Finding, shape_label, shape_text

if TYPE_CHECKING:
    from pptx.shapes.base import BaseShape

EMU_PT = 12700
TOLERANCE_PT = 0.5  # rounding slack for the height and edge checks


def off_slide(n: int, shape: BaseShape, width: int, height: int) -> list[Finding]:
    """What slide `n`'s shape does past the edges of a `width` × `height` EMU slide."""
    left, top, w, h = shape.left, shape.top, shape.width, shape.height
    if left is None or top is None or w is None or h is None:
        return []
    right, bottom = left + w, top + h
    slack = TOLERANCE_PT * EMU_PT
    if right <= 0 or bottom <= 0 or left >= width or top >= height:
        return [
            Finding("error", n, f"{shape_label(shape)} is entirely off the slide ({_where(left, top, w, h)})")
        ]
    edges = [
        name
        for name, out in (
            ("left", left < -slack),
            ("top", top < -slack),
            ("right", right > width + slack),
            ("bottom", bottom > height + slack),
        )
        if out
    ]
    if not edges:
        return []
    has_text = shape_text(shape).strip()
    # a picture bleeding off an edge can be deliberate; text cut off never is
    return [
        Finding(
            "error" if has_text else "warning",
            n,
            f"{shape_label(shape)} runs off the {' and '.join(edges)} edge of the slide ({_where(left, top, w, h)})",
        )
    ]


def _where(left: int, top: int, w: int, h: int) -> str:
    return f"at {left / EMU_PT:.0f},{top / EMU_PT:.0f} pt, {w / EMU_PT:.0f}×{h / EMU_PT:.0f} pt"
