"""Layouts laid out: where each card, callout, figure and numbered block of a designed slide
goes, at which size its text fits, measured with the same model as every other text box
(deck/fit). Pure: points in, a Design out, or None when the layout cannot hold the slide's
text at its smallest size (the slide is then drawn as bullets, which split).

Geometry is in points on the slide; `Area` is the content layout's body box, where designs
draw, and for a divider the space under its title and subtitle."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..deck import fit
from ..deck.fit.breaking import line_count
from ..deck.fit.frames import candidate_sizes, fits_at
from .design import HEADING_ROLES, Design, Item, Rect, Shape, Text
from .layouts import MAX_CARDS, Person, figure_of

if TYPE_CHECKING:
    from .slides import Bullet

GAP = 16.0  # between blocks
INSET, INSET_V = 7.2, 3.6  # every text box's insets (the writer writes these)
PITCH, BEFORE = 1.2, 0.4  # exact line spacing and space before, in ems
MIN_PT = 14.0  # no designed text is smaller (a caption, a role, a step of the strip)
STEP_MIN_PT = 11.0  # the progress strip's labels, shortened with "…" below this


@dataclass(frozen=True)
class Faces:
    """The Latin typefaces designed text is measured in, as the deck draws it: the theme's
    heading font for the roles in HEADING_ROLES (a figure, a statement, a monogram), its body
    font for the rest."""

    heading: fit.Face = fit.ARIAL
    body: fit.Face = fit.ARIAL

    def of(self, role: str) -> fit.Face:
        return self.heading if role in HEADING_ROLES else self.body


@dataclass(frozen=True)
class Para:
    """A paragraph to measure: its text (label included), level, bold, bulleted."""

    text: str
    level: int = 0
    bold: bool = False
    bulleted: bool = False


def height(paras: Sequence[Para], size: float, width: float, face: fit.Face) -> float:
    """How tall the paragraphs are in a box `width` wide at `size` in `face` (insets
    included), inf when a word does not fit a line."""
    frame = fit.Frame(width, 1, INSET, INSET_V, PITCH, BEFORE)
    h = 2 * INSET_V
    for i, p in enumerate(paras):
        line = frame.line_width(p.level, p.bulleted)
        if line <= 0:
            return math.inf
        n, overflow = line_count(p.text, p.bold, line / size, (), face)
        if overflow:
            return math.inf
        h += n * PITCH * size + (BEFORE * size if i else 0)
    return h


def lines(text: str, size: float, width: float, face: fit.Face, bold: bool = False) -> int:
    n, overflow = line_count(text, bold, (width - 2 * INSET) / size, (), face)
    return 10**6 if overflow else n


def sizes(top: float, low: float = MIN_PT) -> list[float]:
    return candidate_sizes(top, low, 1.0)


def largest(top: float, low: float, ok: Callable[[float], bool]) -> float | None:
    return next((s for s in sizes(top, low) if ok(s)), None)


# -- speaker cards -------------------------------------------------------------------------


def cards(people: Sequence[Person], area: Rect, faces: Faces) -> Design | None:
    """1–8 speakers as cards in a grid (one row up to four, else two rows), each a panel with
    the speaker's monogram, name, other-language name and role; one size for all cards."""
    from .slides import Bullet

    n = len(people)
    if not 1 <= n <= MAX_CARDS:
        return None
    cols = n if n <= 4 else math.ceil(n / 2)
    rows = math.ceil(n / cols)
    w = (area.w - GAP * (cols - 1)) / cols
    h = min(250.0, (area.h - GAP * (rows - 1)) / rows)
    disc = min(72.0, h * 0.32, w * 0.4)
    inner = w - 16

    def stack(p: Person, s: float) -> list[tuple[str, float, bool, str, float]]:
        small = max(MIN_PT - 2, round(s * 0.8, 2))
        out = [(p.name, s, True, "name")]
        if p.alt_name:
            out.append((p.alt_name, small, False, "alt_name"))
        if p.role:
            out.append((p.role, small, False, "role"))
        return [
            (t, size, bold, role, height([Para(t, bold=bold)], size, inner, faces.of(role)))
            for t, size, bold, role in out
        ]

    room = h - 14 - disc - 10 - 8

    def ok(s: float) -> bool:
        return all(sum(part[4] for part in stack(p, s)) <= room for p in people)

    size = largest(22.0, MIN_PT, ok)
    if size is None:
        return None
    top = area.y + (area.h - (rows * h + GAP * (rows - 1))) / 2
    items: list[Item] = []
    for i, p in enumerate(people):
        row, col = divmod(i, cols)
        in_row = min(cols, n - row * cols)
        left = area.x + (area.w - (in_row * w + GAP * (in_row - 1))) / 2  # a short last row is centred
        x, y = left + col * (w + GAP), top + row * (h + GAP)
        items.append(Shape(Rect(x, y, w, h), "panel", "soft"))
        ring = Rect(x + (w - disc) / 2, y + 14, disc, disc)
        items.append(Shape(ring, "disc", f"accent{p.colour}"))
        items.append(_monogram(p, ring, faces))
        at = ring.bottom + 10
        for text, s, bold, role, tall in stack(p, size):
            colour = "text" if role == "name" else "muted"
            items.append(
                Text(Rect(x + 8, at, inner, tall), (Bullet(text),), s, role, colour, bold, align="ctr")
            )
            at += tall
    return Design("cards", tuple(items))


def _monogram(p: Person, ring: Rect, faces: Faces) -> Text:
    """The initials centred on a disc, in a box wider than the disc (it has no fill), so a
    face wider than the measured one still keeps them on one line."""
    from .slides import Bullet

    box = Rect(ring.x - 5, ring.y, ring.w + 10, ring.h)  # clear of a text 12 pt to its side
    face = faces.of("initials")
    fits = lambda s: lines(p.initials, s, box.w, face, True) == 1 and s * PITCH <= ring.h  # noqa: E731
    size = largest(round(ring.h * 0.4, 2), 8.0, fits)
    return Text(
        box, (Bullet(p.initials),), size or 8.0, "initials", "on_accent", True, align="ctr", anchor="ctr"
    )


# -- Q&A -----------------------------------------------------------------------------------


def qa(bullets: Sequence[Bullet], people: dict[str, Person], area: Rect, faces: Faces) -> Design | None:
    """The question in a callout panel across the top; each answer beside its speaker's
    monogram, its points under it. One size for the answers, one (larger) for the question."""

    question = [b for b in bullets if b.lead]
    rest = [b for b in bullets if not b.lead]
    answers: list[list[Bullet]] = []
    for b in rest:
        if b.level == 0 or not answers:
            answers.append([b])
        else:
            answers[-1].append(b)
    disc = 40.0
    text_w = area.w - disc - 12

    answer_face, question_face = faces.of("answer"), faces.of("question")

    def measure(group: list[Bullet], s: float) -> float:
        paras = [Para(b.full_text, b.level, b.measured_bold, b.level > 0) for b in group]
        return height(paras, s, text_w, answer_face)

    def q_height(s: float) -> float:
        paras = [Para(b.full_text, bold=True) for b in question]
        return height(paras, s, area.w - 24, question_face) if question else 0.0

    for s in sizes(32.0):
        qs = min(34.0, s + 2)
        hq = q_height(qs)
        heights = [max(disc, measure(g, s)) for g in answers]
        total = (hq + GAP if question else 0) + sum(heights) + GAP * max(0, len(heights) - 1)
        if total <= area.h:
            break
    else:
        return None
    items: list[Item] = []
    y = area.y
    if question:
        panel = Rect(area.x, y, area.w, hq)
        items.append(Shape(panel, "panel", "soft"))
        items.append(Shape(Rect(area.x, y, 6, hq), "bar", "accent"))
        items.append(Text(Rect(area.x + 12, y, area.w - 24, hq), tuple(question), qs, "question", bold=True))
        y += hq + GAP
    for group, tall in zip(answers, heights, strict=True):
        ids = group[0].speakers
        who = people.get(ids[0]) if ids else None
        if who is not None:
            ring = Rect(area.x, y, disc, disc)
            items.append(Shape(ring, "disc", f"accent{who.colour}"))
            items.append(_monogram(who, ring, faces))
        items.append(
            Text(Rect(area.x + disc + 12, y, text_w, tall), tuple(group), s, "answer", bullets="nested")
        )
        y += tall + GAP
    return Design("qa", tuple(items))


# -- one statement, a quote, key figures ----------------------------------------------------


def statement(
    bullets: Sequence[Bullet], area: Rect, faces: Faces, quote: tuple[str, str] | None = None
) -> Design | None:
    """One short point (or a block quote: its text and attribution) in large type, centred in
    the body with an accent bar; a lead line (whose view it is) small above it."""
    from .slides import Bullet

    lead = [b for b in bullets if b.lead]
    shown = [b for b in bullets if not b.lead]
    if len(shown) != (0 if quote else 1) or len(lead) > 1:
        return None  # one statement (or a quote alone): anything more would not be drawn
    text = quote[0] if quote else shown[0].full_text
    if not text:
        return None
    said = (Bullet(f"“{text}”"),) if quote else (shown[0],)
    width = area.w * 0.84
    by = ("— " + quote[1]) if quote and quote[1] else ""
    tag_h = height([Para(lead[0].full_text, bold=True)], 20, width, faces.of("lead")) if lead else 0.0
    by_h = height([Para(by)], 20, width, faces.of("attribution")) if by else 0.0
    room = area.h - (tag_h + GAP if lead else 0) - (by_h + GAP / 2 if by else 0)
    face = faces.of("quote" if quote else "statement")
    said_para = [Para(said[0].full_text, bold=not quote)]
    size = largest(40.0, 24.0, lambda s: height(said_para, s, width, face) <= room)
    if size is None:
        return None
    tall = height(said_para, size, width, face)
    block = (tag_h + GAP if lead else 0) + tall + (by_h + GAP / 2 if by else 0)
    x, y = area.x + (area.w - width) / 2, area.y + (area.h - block) / 2
    items: list[Item] = []
    if lead:
        items.append(Text(Rect(x, y, width, tag_h), (lead[0],), 20, "lead", "muted", True))
        y += tag_h + GAP
    items.append(Shape(Rect(x - 14, y, 6, tall), "bar", "accent"))
    items.append(
        Text(
            Rect(x, y, width, tall),
            said,
            size,
            "quote" if quote else "statement",
            bold=not quote,
            italic=bool(quote),
        )
    )
    if by:
        items.append(
            Text(
                Rect(x, y + tall + GAP / 2, width, by_h), (Bullet(by),), 20, "attribution", "muted", align="r"
            )
        )
    return Design("quote" if quote else "statement", tuple(items))


def figures(bullets: Sequence[Bullet], area: Rect, faces: Faces) -> Design | None:
    """1–3 points each led by a figure: the figure large in the accent colour, the point's
    sentence beneath, side by side; one size for the figures, one for the sentences."""
    from .slides import Bullet

    lead = [b for b in bullets if b.lead]
    shown = [b for b in bullets if not b.lead]
    found = [figure_of(b.text) for b in shown]
    if not shown or not all(found):
        return None
    k = len(shown)
    w = (area.w - GAP * (k - 1)) / k
    tag_h = height([Para(lead[0].full_text, bold=True)], 20, area.w, faces.of("lead")) if lead else 0.0
    room = area.h - (tag_h + GAP if lead else 0)
    figure, caption = faces.of("figure"), faces.of("caption")
    big = largest(72.0, 32.0, lambda s: all(lines(f or "", s, w, figure, True) == 1 for f in found))
    if big is None:
        return None
    fig_h = height([Para(found[0] or "", bold=True)], big, w, figure)
    small = largest(
        26.0,
        16.0,
        lambda s: all(
            fig_h + height([Para(b.full_text, bold=b.measured_bold)], s, w, caption) <= room for b in shown
        ),
    )
    if small is None:
        return None
    below = max(height([Para(b.full_text, bold=b.measured_bold)], small, w, caption) for b in shown)
    y = area.y + (area.h - (tag_h + GAP if lead else 0) - fig_h - below) / 2
    items: list[Item] = []
    if lead:
        items.append(Text(Rect(area.x, y, area.w, tag_h), (lead[0],), 20, "lead", "muted", True, align="ctr"))
        y += tag_h + GAP
    for i, (b, f) in enumerate(zip(shown, found, strict=True)):
        x = area.x + i * (w + GAP)
        items.append(
            Text(Rect(x, y, w, fig_h), (Bullet(f or ""),), big, "figure", "accent", True, align="ctr")
        )
        items.append(
            Text(Rect(x, y + fig_h, w, below), (replace(b, level=0),), small, "caption", align="ctr")
        )
    return Design("figure", tuple(items))


# -- numbered blocks ------------------------------------------------------------------------


def numbered(bullets: Sequence[Bullet], area: Rect, faces: Faces) -> Design | None:
    """Points as numbered blocks: a number in an accent square, the point beside it (its own
    points under it); one size for all, top-aligned rows."""
    groups: list[list[Bullet]] = []
    if any(b.lead for b in bullets):
        return None  # a lead line has no place among numbered blocks
    for b in bullets:
        if b.level == 0 or not groups:
            groups.append([b])
        else:
            groups[-1].append(b)
    if not groups:
        return None
    mark = 40.0
    text_w = area.w - mark - 14
    face = faces.of("point")

    def measure(group: list[Bullet], s: float) -> float:
        paras = [Para(b.full_text, b.level, b.measured_bold, b.level > 0) for b in group]
        return height(paras, s, text_w, face)

    for s in sizes(32.0, 16.0):
        heights = [max(mark, measure(g, s)) for g in groups]
        if sum(heights) + 12 * (len(groups) - 1) <= area.h:
            break
    else:
        return None
    gap = 12.0
    if len(groups) > 1:  # a few short points are spread over half the body, not huddled at the top
        gap = max(gap, min(48.0, (area.h * 0.5 - sum(heights)) / (len(groups) - 1)))
    from .slides import Bullet

    items: list[Item] = []
    y = area.y
    for n, (group, tall) in enumerate(zip(groups, heights, strict=True), 1):
        square = Rect(area.x, y, mark, mark)
        items.append(Shape(square, "panel", "accent"))
        items.append(
            Text(square, (Bullet(str(n)),), 20, "number", "on_accent", True, align="ctr", anchor="ctr")
        )
        items.append(
            Text(Rect(area.x + mark + 14, y, text_w, tall), tuple(group), s, "point", bullets="nested")
        )
        y += tall + 12
    return Design("numbered", tuple(items))


# -- the progress strip of a divider -----------------------------------------------------


def progress(steps: Sequence[str], current: int, area: Rect, faces: Faces) -> Design | None:
    """Every part as a chip in a row along the bottom of a divider, the current one (1-based)
    light with accent text, the others a shade of the accent; labels sized to fit, shortened
    with "…" at the smallest."""
    from .slides import Bullet

    n = len(steps)
    if n < 2 or area.h < 36:
        return None
    gap = 8.0
    w = (area.w - gap * (n - 1)) / n
    if w < 48:
        return None
    h = min(area.h, 56.0)
    frame = fit.Frame(w, h, INSET, INSET_V, PITCH, BEFORE, face=faces.of("step"))
    labels = [f"{i}  {t}" for i, t in enumerate(steps, 1)]
    size = largest(
        16.0, STEP_MIN_PT, lambda s: all(fits_at([fit.Para(t, bold=True)], s, frame, False) for t in labels)
    )
    shortened: list[str | None] = [None] * n
    if size is None:
        size = STEP_MIN_PT
        shortened = [fit.fit_title(t, frame, size, size, bold=True)[1] for t in labels]
    y = area.bottom - h
    items: list[Item] = []
    for i, label in enumerate(labels):
        x = area.x + i * (w + gap)
        here = i + 1 == current
        items.append(Shape(Rect(x, y, w, h), "panel", "light" if here else "shade"))
        text = shortened[i] or label
        colour = "accent" if here else "on_accent"
        items.append(Text(Rect(x, y, w, h), (Bullet(text),), size, "step", colour, here, anchor="ctr"))
    return Design("progress", tuple(items))


# -- two groups side by side ---------------------------------------------------------------


def comparison(bullets: Sequence[Bullet], area: Rect, faces: Faces) -> Design | None:
    """Two labelled groups side by side: each label in an accent header, its points under it."""
    lead = [b for b in bullets if b.lead]
    groups: list[list[Bullet]] = []
    for b in bullets:
        if b.lead:
            continue
        if b.level == 0:
            groups.append([b])
        elif groups:
            groups[-1].append(replace(b, level=0))
    if len(groups) != 2:
        return None
    w = (area.w - GAP * 2) / 2
    tag_h = height([Para(lead[0].full_text, bold=True)], 20, area.w, faces.of("lead")) if lead else 0.0
    top = area.y + (tag_h + GAP if lead else 0)
    room = area.bottom - top
    label, point = faces.of("label"), faces.of("point")

    def layout(s: float) -> tuple[float, float] | None:
        head = max(height([Para(g[0].full_text, bold=True)], s, w - 12, label) for g in groups)
        body = max(
            height([Para(b.full_text, bold=b.measured_bold, bulleted=True) for b in g[1:]], s, w, point)
            for g in groups
        )
        return (head, body) if head + 8 + body <= room else None

    size = largest(26.0, 16.0, lambda s: layout(s) is not None)
    if size is None:
        return None
    head, body = layout(size) or (0.0, 0.0)
    items: list[Item] = []
    if lead:
        items.append(Text(Rect(area.x, area.y, area.w, tag_h), (lead[0],), 20, "lead", "muted", True))
    for i, g in enumerate(groups):
        x = area.x + i * (w + GAP * 2)
        items.append(Shape(Rect(x, top, w, head), "panel", "accent"))
        items.append(
            Text(Rect(x + 6, top, w - 12, head), (g[0],), size, "label", "on_accent", True, anchor="ctr")
        )
        items.append(Text(Rect(x, top + head + 8, w, body), tuple(g[1:]), size, "point", bullets="all"))
    return Design("comparison", tuple(items))
