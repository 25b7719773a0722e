"""How full each slide is, read from the deck: the box around everything its body area holds
(text at the height the fitter's model gives it, pictures, tables and shapes at their size)
over the body area of its layout. Covers, section headers and other slides without a body
area have none. A deckcast deck and a hand-made one are read the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pptx.enum.shapes import PP_PLACEHOLDER

from .findings import shape_text
from .geometry import EMU_PT
from .overflow import text_height

if TYPE_CHECKING:
    from pptx.presentation import Presentation

_BODY = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_NOT_CONTENT = (
    PP_PLACEHOLDER.TITLE,
    PP_PLACEHOLDER.CENTER_TITLE,
    PP_PLACEHOLDER.SLIDE_NUMBER,
    PP_PLACEHOLDER.DATE,
    PP_PLACEHOLDER.FOOTER,
    PP_PLACEHOLDER.SUBTITLE,
)
Box = tuple[float, float, float, float]  # left, top, right, bottom in points


def slide_fills(prs: Presentation) -> list[float | None]:
    """Per slide, the share (0..1) of its layout's body area its content spans, or None."""
    return [_fill(slide) for slide in prs.slides]


def _fill(slide: Any) -> float | None:
    if slide.slide_layout._element.get("type") in ("title", "secHead"):
        return None  # a cover or a divider: sparse by design
    area = _body_area(slide.slide_layout)
    if area is None:
        return None
    boxes = [b for b in (_content_box(shape) for shape in slide.shapes) if b is not None]
    if not boxes:
        return 0.0
    left, top = max(area[0], min(b[0] for b in boxes)), max(area[1], min(b[1] for b in boxes))
    right, bottom = min(area[2], max(b[2] for b in boxes)), min(area[3], max(b[3] for b in boxes))
    covered = max(0.0, right - left) * max(0.0, bottom - top)
    return round(min(1.0, covered / ((area[2] - area[0]) * (area[3] - area[1]))), 3)


def _body_area(layout: Any) -> Box | None:
    bodies = [ph for ph in layout.placeholders if ph.placeholder_format.type in _BODY]
    body = max(bodies, key=lambda ph: (ph.width or 0) * (ph.height or 0), default=None)
    if body is None or body.width is None or body.left is None:
        return None
    return _box(body.left, body.top, body.width, body.height)


def _box(left: int, top: int, width: int, height: int) -> Box:
    return (left / EMU_PT, top / EMU_PT, (left + width) / EMU_PT, (top + height) / EMU_PT)


def _content_box(shape: Any) -> Box | None:
    if shape.is_placeholder and shape.placeholder_format.type in _NOT_CONTENT:
        return None
    if shape.width is None or shape.left is None:
        return None
    box = _box(shape.left, shape.top, shape.width, shape.height)
    if shape.has_text_frame and not _filled(shape):
        if not shape_text(shape).strip():
            return None
        tall = text_height(shape)
        if tall is not None:
            return (box[0], box[1], box[2], min(box[3], box[1] + tall))
    return box


def _filled(shape: Any) -> bool:
    """A shape drawn with a fill (a card, a callout): it takes its whole box."""
    try:
        return bool(shape.fill.type)
    except (AttributeError, TypeError, NotImplementedError):
        return False
