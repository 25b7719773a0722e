"""Titles: one unbulleted paragraph fitted by size, and shortened with "…" (at a word
boundary, keeping a suffix such as "（續）") when even the smallest size is too small."""

from __future__ import annotations

from .breaking import is_break_space
from .frames import Frame, Para, candidate_sizes, fits_at
from .metrics import is_cjk

__all__ = ["fit_title"]

_TRUNC_STRIP = frozenset("，、；：,;:-–—/（(「『《“‘[{·・")


def _in_latin_word(ch: str) -> bool:
    return not is_break_space(ch) and not is_cjk(ch)


def _truncated(text: str, n: int) -> str:
    """The first ``n`` characters of ``text`` plus "…", cut back to a space when ``n`` falls
    inside a Latin word (unless that loses more than half), trailing commas and opening
    brackets dropped."""
    head = text[:n]
    # inside a Latin word: back up to the previous space if it is not too far
    if 0 < n < len(text) and _in_latin_word(text[n]) and _in_latin_word(text[n - 1]):
        cut = max(head.rfind(" "), head.rfind("\t"))
        if cut > n // 2:
            head = head[:cut]
    head = head.rstrip()
    while head and head[-1] in _TRUNC_STRIP:
        head = head[:-1].rstrip()
    return head + "…"


def fit_title(
    text: str,
    frame: Frame,
    max_pt: float,
    min_pt: float,
    *,
    bold: bool = False,
    step: float = 1.0,
    suffix: str = "",
) -> tuple[float, str | None]:
    """Fit a title (one unbulleted paragraph: usable width ``width - 2*inset``).

    The title is ``text + suffix``.  Returns ``(size, None)`` with the largest size that
    fits, or, if it does not fit even at ``min_pt``, ``(min_pt, shortened)`` where
    ``shortened`` is the longest prefix of ``text`` (cut back to a word boundary inside
    Latin words, trailing commas/opening brackets dropped) plus ``"…"`` plus ``suffix``
    that fits at ``min_pt`` (so a suffix such as "（續）" is never cut off).  Raises
    ValueError if not even ``"…" + suffix`` fits."""
    sizes = candidate_sizes(max_pt, min_pt, step)
    for s in sizes:
        if fits_at((Para(text + suffix, 0, bold),), s, frame, bulleted=False):
            return s, None
    low = sizes[-1]

    def ok(n: int) -> bool:
        return fits_at((Para(_truncated(text, n) + suffix, 0, bold),), low, frame, bulleted=False)

    lo, hi = 0, len(text) - 1
    if not ok(0):
        raise ValueError("frame too small: not even '…' fits at the minimum size")
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid - 1
    return low, _truncated(text, lo) + suffix
