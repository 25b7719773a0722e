"""Tables measured with the deck's text metrics (pure, like the rest of the fitter): column
widths from the content, one size for every cell, and how many rows a slide holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model import Table
from .breaking import wrap
from .fonts import Face
from .metrics import text_width

TABLE_MAX_PT, TABLE_MIN_PT = 20.0, 12.0
CELL_INSET_PT = 3.6  # python-pptx tables: 0.05 in left/right, as PowerPoint's default
CELL_INSET_V_PT = 3.6


@dataclass(frozen=True)
class TableFit:
    size_pt: float
    widths: tuple[float, ...]  # points per column
    heights: tuple[float, ...]  # points per row, header first


def fit_table(table: Table, width_pt: float, height_pt: float, face: Face) -> TableFit | None:
    """Column widths from the content (each column's widest text at the largest size, at
    least an eighth of the width), and the largest size at which all rows fit the height,
    measured in ``face``; None when even TABLE_MIN_PT does not fit (the plan then continues
    the table)."""
    rows = [table.header, *table.rows]
    count = max(len(table.header), 1)
    size = TABLE_MAX_PT
    while size >= TABLE_MIN_PT - 1e-9:
        widths = _widths(rows, count, width_pt, size, face)
        heights = tuple(_row_height(row, widths, size, face) for row in rows)
        if sum(heights) <= height_pt:
            return TableFit(size, widths, heights)
        size -= 1.0
    return None


def _widths(
    rows: list[tuple[Any, ...]], count: int, width_pt: float, size: float, face: Face
) -> tuple[float, ...]:
    natural = [
        max(
            (text_width(row[c].text, size, n == 0, face) for n, row in enumerate(rows) if c < len(row)),
            default=0.0,
        )
        + 2 * CELL_INSET_PT
        for c in range(count)
    ]
    floor = width_pt / (count * 2)
    wanted = [max(floor, w) for w in natural]
    total = sum(wanted)
    return tuple(width_pt * w / total for w in wanted)


def _row_height(row: tuple[Any, ...], widths: tuple[float, ...], size: float, face: Face) -> float:
    lines = max(
        (
            len(wrap(cell.text or " ", size, widths[c] - 2 * CELL_INSET_PT, face=face))
            for c, cell in enumerate(row)
        ),
        default=1,
    )
    return lines * 1.2 * size + 2 * CELL_INSET_V_PT


def fit_table_min(table: Table, width_pt: float, face: Face) -> TableFit:
    rows = [table.header, *table.rows]
    widths = _widths(rows, max(len(table.header), 1), width_pt, TABLE_MIN_PT, face)
    return TableFit(TABLE_MIN_PT, widths, tuple(_row_height(r, widths, TABLE_MIN_PT, face) for r in rows))


def rows_per_slide(table: Table, width_pt: float, height_pt: float, face: Face) -> list[int]:
    """How many body rows each slide of a table too long for one holds at TABLE_MIN_PT,
    the header repeated on every slide (at least one row a slide)."""
    rows = [table.header, *table.rows]
    widths = _widths(rows, max(len(table.header), 1), width_pt, TABLE_MIN_PT, face)
    header = _row_height(table.header, widths, TABLE_MIN_PT, face)
    counts, used, count = [], header, 0
    for row in table.rows:
        height = _row_height(row, widths, TABLE_MIN_PT, face)
        if count and used + height > height_pt:
            counts.append(count)
            used, count = header, 0
        used += height
        count += 1
    counts.append(count)
    return counts
