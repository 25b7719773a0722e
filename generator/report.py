"""What `deckcast build` tells its user about a batch: one line per episode (and its notes),
the summary table (files, slides, the emptiest content slide, reading time, handout fit and
warnings per episode), the
totals and the exit code. Plain data; the command line prints it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .batch import JobResult
from .text.clock import minutes_seconds

if TYPE_CHECKING:
    from rich.table import Table

HEADERS = ("episode", "files", "slides", "emptiest", "reading", "handout", "warnings")
Row = tuple[str, str, str, str, str, str, str]


@dataclass(frozen=True)
class Line:
    """One line of the report, for standard output or (err) standard error."""

    text: str
    err: bool = False


def episode_lines(results: Sequence[JobResult], quiet: bool = False, verbose: bool = False) -> Iterator[Line]:
    """Each episode's outcome and its notes: errors and warnings always, the outcome unless
    quiet, info notes (such as the chatter dropped from a transcript) only when verbose and
    not quiet."""
    every = verbose and not quiet
    for r in results:
        if r.error:
            yield Line(f"deckcast: error: {r.error}", err=True)
            continue
        if not quiet:
            yield Line(_outcome(r))
        yield from (Line(f"  {note}", err=True) for level, note in r.notes if every or level == "warning")


def _outcome(r: JobResult) -> str:
    if r.up_to_date:
        return f"up to date {r.source} -> {r.out_dir}/ (inputs unchanged; --force rebuilds)"
    if r.files:
        return f"built {r.source} -> {r.out_dir}/: {', '.join(r.files)}"
    return f"read {r.source}: {r.summary}"


def summary_rows(results: Sequence[JobResult]) -> list[Row]:
    """A row for each episode that wrote files."""
    return [_row(r) for r in results if r.files]


def _row(r: JobResult) -> Row:
    seconds = r.stats.get("seconds")
    return (
        r.source.name,
        str(len(r.files)),
        str(r.stats.get("slides", "-")),
        str(r.stats.get("emptiest", "-")),  # the content slide its content spans least of: N: 34%
        minutes_seconds(seconds) if isinstance(seconds, (int, float)) else "-",
        str(r.stats.get("handout", "-")),
        str(sum(1 for level, _ in r.notes if level == "warning")),
    )


def plain_table(rows: Sequence[Row]) -> list[str]:
    """The table as aligned text lines, headers first (for a log or a pipe)."""
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(HEADERS)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip()
        for row in (HEADERS, *rows)
    ]


def rich_table(rows: Sequence[Row]) -> Table:
    """The table for a terminal (rich draws it)."""
    from rich.table import Table

    table = Table(*HEADERS, title="deckcast build")
    for row in rows:
        table.add_row(*row)
    return table


def totals(results: Sequence[JobResult]) -> str:
    """`N episodes: B built, U up to date, F failed`."""
    built = sum(1 for r in results if r.files)
    fresh = sum(1 for r in results if r.up_to_date)
    failed = sum(1 for r in results if r.error)
    return f"{len(results)} episodes: {built} built, {fresh} up to date, {failed} failed"


def exit_code(results: Sequence[JobResult]) -> int:
    """The highest exit code of the episodes that failed; 0 when none did."""
    return max((r.exit_code for r in results if r.error), default=0)
