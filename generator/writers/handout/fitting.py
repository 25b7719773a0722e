"""The search for the layout that fits one page, given a way to lay a Fit out (`pages`):
the largest size on the ladder that fits, else the fewest steps of the cut order at the
floor size, predicted from how full the pages laid out so far are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ...errors import UsageError
from .condensing import apply_cuts
from .estimates import FLOOR_BULK, LINE_BULK, PAPER_HEIGHT_PT, ROSTER_IN_FLOOR_BULK, bulk, next_capacity
from .fit import SIZES, Fit
from .selection import HandoutContent, Item

# A WeasyPrint document (None when it was not laid out) and how many pages it takes.
Layout = tuple[Any, int]
Pages = Callable[[Fit], Layout]

# Type one step larger fills about (larger / smaller)² as much of the page (lines get longer
# and taller); a step predicted to need 8% more than the page is not laid out to find out.
OVERFLOW_MARGIN = 1.08
GOOD_ENOUGH_FILL = 0.90  # a cut that leaves the page this full is taken without trying fewer
FLOOR = Fit(SIZES[-1], details=False)  # where cutting starts: the floor size, no sub-points


def first_fitting(
    ladder: list[Fit], pages: Pages, start: int, overflows: Callable[[Fit], bool]
) -> tuple[Fit, Any]:
    """The first (largest) step of the ladder that fits on one page, searching outwards from
    the predicted step; a step that `overflows` surely is not laid out."""
    tried: dict[int, Layout] = {}

    def fits(i: int) -> bool:
        if i not in tried:
            tried[i] = (None, 2) if overflows(ladder[i]) else pages(ladder[i])
        return tried[i][1] <= 1

    i = start
    if fits(i):
        while i > 0 and not _surely_overflows(tried[i][0], ladder[i], ladder[i - 1]) and fits(i - 1):
            i -= 1
        return ladder[i], tried[i][0]
    while i < len(ladder) - 1:
        i += 1
        if fits(i):
            return ladder[i], tried[i][0]
    return ladder[-1], None


def _surely_overflows(document: Any, fit: Fit, bigger: Fit) -> bool:
    """Whether `bigger` cannot fit, judged from how full the page laid out at `fit` is."""
    if bigger.details != fit.details:
        return False
    fill = _fill(document)
    return fill is not None and fill * (bigger.base_pt / fit.base_pt) ** 2 > OVERFLOW_MARGIN


def _fill(document: Any) -> float | None:
    """How much of one page's height the laid-out content takes (1.0 = a full page; 1.6 =
    a page and 60% of the next), from WeasyPrint's page boxes; None when it cannot tell."""
    try:
        used = 0.0
        for page in document.pages:
            box = page._page_box
            root = box.children[0]
            used += root.position_y + root.margin_height() - box.content_box_y()
        return float(used / document.pages[0]._page_box.height)
    except (AttributeError, IndexError, TypeError, ZeroDivisionError):
        return None


def fewest_cuts(
    content: HandoutContent, cut_order: list[Item], pages: Pages, already: int = 0, paper: str = "a4"
) -> tuple[Fit, Any]:
    """Cut the fewest lowest-priority items so the floor size fits on one page. Each layout
    costs ~0.4 s on a long source, so the count is predicted: from an estimate of what fits
    (FLOOR_BULK) first, then from how full the pages laid out with the earlier guesses were. A
    guess that fits and leaves the page at least 90% full is taken; otherwise the exact fewest
    is searched for between the closest guess that did not fit and the closest that did.
    `content` has `already` items cut (those that surely do not fit, see estimates.Bound):
    what is left is at most about a page and a half at the floor, so the search takes at most
    5 + 8 layouts of at most that much."""
    search = _CutSearch(
        content, cut_order, pages, already, LINE_BULK * PAPER_HEIGHT_PT["a4"] / PAPER_HEIGHT_PT[paper]
    )
    predicted = search.predicted()
    return search.result(predicted if predicted is not None else search.exact())


@dataclass
class _CutSearch:
    """One search for the fewest cuts: the layouts made so far, by how many steps were cut."""

    content: HandoutContent
    cut_order: list[Item]
    pages: Pages
    already: int
    line_bulk: float
    laid: dict[int, Layout] = field(default_factory=dict)

    def bulk(self, d: int) -> float:
        return bulk(apply_cuts(self.content, self.cut_order, d), self.line_bulk)

    def cuts_for(self, capacity: float) -> int:
        """The fewest cuts leaving at most `capacity`."""
        low, high = 0, len(self.cut_order)
        while low < high:
            middle = (low + high) // 2
            if self.bulk(middle) <= capacity:
                high = middle
            else:
                low = middle + 1
        return low

    def lay(self, d: int) -> Layout:
        if d not in self.laid:
            self.laid[d] = self.pages(replace(FLOOR, dropped=self.already + d))
        return self.laid[d]

    def predicted(self) -> int | None:
        """A count of cuts that leaves the page at least GOOD_ENOUGH_FILL full, guessed at
        most five times; None when none was found."""
        fits: list[tuple[float, float]] = []  # (fill, bulk) of the one-page layouts
        overflowed: list[float] = []  # bulk of the layouts that took more than a page
        capacity = FLOOR_BULK + ROSTER_IN_FLOOR_BULK
        for _ in range(5):
            d = self.cuts_for(capacity)
            if d in self.laid:
                break
            document, count = self.lay(d)
            fill = _fill(document)
            if fill is None:
                break
            if count <= 1 and fill >= GOOD_ENOUGH_FILL:
                return d
            learnt = self._learn(d, fill, count, fits, overflowed)
            if learnt is None:
                break
            capacity = learnt
        return None

    def _learn(
        self, d: int, fill: float, count: int, fits: list[tuple[float, float]], overflowed: list[float]
    ) -> float | None:
        """The capacity to try next, having laid out `d` cuts; None when nothing was learnt."""
        if count <= 1 and fill > 0:
            fits.append((fill, self.bulk(d)))
        elif count > 1:
            overflowed.append(self.bulk(d))
        if not fits and not overflowed:
            return None
        return next_capacity(fits, overflowed)

    def exact(self) -> int:
        """The exact fewest cuts, searched between the closest count laid out that did not
        fit and the closest that did."""
        fitting = [d for d, (_, count) in self.laid.items() if count <= 1]
        failing = [d for d, (_, count) in self.laid.items() if count > 1]
        low = max(failing) + 1 if failing else 0
        high = min(fitting) if fitting else len(self.cut_order)
        while low < high:
            middle = (low + high) // 2
            if self.lay(middle)[1] <= 1:
                high = middle
            else:
                low = middle + 1
        return high

    def result(self, d: int) -> tuple[Fit, Any]:
        document, count = self.lay(d)
        if count > 1:  # not even the masthead and the footer fit (a user's template may do this)
            raise UsageError("the handout does not fit one page even with everything cut")
        return replace(FLOOR, dropped=self.already + d), document
