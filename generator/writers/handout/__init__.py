"""The handout output: handout.html from its (autoescaped) template, and handout.pdf laid out
by WeasyPrint on exactly one page. The fitting loop renders, counts pages and degrades in
steps — smaller type down to 7.5 pt, then no sub-points, then the lowest-priority points
cut with a visible "…"; then the Q&A digest condenses (answers shortened, then the questions
alone, then the latest questions cut), then the roster (roles left out, then the names in one
line, then "and N more"), then the summary's last points — and reports what it condensed.
A roster too long for a quarter of the page condenses before anything else is tried.

Speed: WeasyPrint subsets a CJK font with fontTools in about 5 s. Instead the bundled Noto
Sans CJK face is subset with HarfBuzz (uharfbuzz, milliseconds) to the characters the
handout uses, and WeasyPrint embeds that small font whole."""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...errors import UsageError
from ...model import Episode, Point, SectionKind
from .. import BaseProduction, WriteResult

SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5)  # body sizes, largest first; 7.5 pt is the floor
PAPERS = {"a4": "A4", "letter": "letter"}
HTML_LANG = {"zh-Hant": "zh-Hant-TW", "zh-Hans": "zh-Hans-CN", "en": "en"}
FACE = {"zh-Hant": 3, "zh-Hans": 2, "en": 3}  # faces of NotoSansCJK-Regular.ttc: JP KR SC TC HK
SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
ANSWER_CHARS = 48  # a one-line answer: its first sentence, at most this many characters
# A page of A4 at the floor size holds well under this many characters of text: more than
# this is never worth laying out.
PAGE_CHARS = 7000
SHORT_ANSWER_CHARS = 24  # a condensed Q&A digest: answers cut to this
# Longest episode fields the masthead shows, in characters: a longer one is cut with "…"
# (a 100,000-character title would fill the page by itself and could not be condensed).
MASTHEAD_CHARS = {"title": 200, "topic": 300, "show": 100, "date": 60, "host": 60}


@dataclass(frozen=True)
class Fit:
    base_pt: float
    details: bool = True
    dropped: int = 0  # lowest-priority points cut


@dataclass
class Item:
    """One step of the cut order: a point, a question, a speaker or a summary point to cut,
    or (`kind` "roles", "line", "short", "bare") a way of condensing the roster or the Q&A."""

    label: str
    text: str
    details: tuple[str, ...]
    rank: tuple  # lower is more important
    kind: str = "point"


@dataclass
class HandoutContent:
    parts: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    speakers: list = field(default_factory=list)  # the Speakers shown
    roster: str = "full"  # "full" (chips with roles), "names" (chips, no roles), "line"
    more_speakers: int = 0  # speakers left out of the line
    answers: str = "full"  # "full" (one line), "short", "none" (the questions alone)
    summary_cut: bool = False
    summary_items: list[Item] = field(default_factory=list)
    speaker_items: list[Item] = field(default_factory=list)


def _one_line(text: str) -> str:
    first = re.match(r".+?[。！？!?]|.+?\.(?=\s)|.+", text.strip())
    line = first.group(0) if first else text
    return _shorten(line, ANSWER_CHARS)


def _shorten(text: str, most: int) -> str:
    """`text` in at most `most` characters, cut with "…" (between words in Latin text)."""
    if len(text) <= most:
        return text
    cut = text[: most - 1]
    if " " in cut and text[most - 1].isascii() and text[most - 1].isalnum():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:，、；：") + "…"


def _details(points: tuple[Point, ...]) -> tuple[str, ...]:
    return tuple(c.text for p in points for c in p.children)


def collect(episode: Episode) -> tuple[HandoutContent, list[Item]]:
    """What the handout shows, and every point that may be cut, ranked by importance."""
    content = HandoutContent()
    cuttable: list[Item] = []
    for s_index, section in enumerate(episode.sections):
        if section.kind in (SectionKind.ROSTER, SectionKind.QA):
            continue
        if section.kind is SectionKind.SUMMARY:
            content.summary += [p.text for t in section.topics for p in t.points]
            continue
        speaker = episode.speaker(section.speaker)
        items = []
        for topic in section.topics:
            if topic.label:  # a labelled topic: its label, its first point, the rest as details
                first = topic.points[0].text if topic.points else ""
                rest = tuple(p.text for p in topic.points[1:]) + _details(topic.points)
                items.append(Item(topic.label, first, rest, (0, 0, 0)))
            else:
                items += [
                    Item("", p.text, tuple(c.text for c in p.children), (0, 0, 0)) for p in topic.points
                ]
        for position, item in enumerate(items):
            item.rank = (position, s_index)  # later points of a part go first, later parts first
            cuttable.append(item)
        content.parts.append(
            {
                "title": section.title if not speaker else (section.part or section.title),
                "speaker": speaker.name if speaker else "",
                "points": items,
                "cut": False,
            }
        )
    for q_index, q in enumerate(episode.questions):
        answers = [
            {
                "name": (episode.speaker(a.speaker).name if episode.speaker(a.speaker) else ""),
                "text": _one_line(a.text),
            }
            for a in q.answers
        ]
        # Questions are cut only when every point is gone already, the last question first.
        item = Item("", q.text, (), (-1, q_index))
        cuttable.append(item)
        content.questions.append(
            {"number": q.number, "text": q.text, "answers": answers, "item": item, "more": False}
        )
    # Condensing the digest comes after every point and before any question is cut.
    if any(q["answers"] for q in content.questions):
        cuttable += [Item("", "", (), (-0.5, 1), "short"), Item("", "", (), (-0.5, 0), "bare")]
    content.speakers = list(episode.speakers)
    cuttable += _roster_steps(content)
    # The summary's last points go last of all.
    content.summary_items = [Item("", s, (), (-4, n), "summary") for n, s in enumerate(content.summary)]
    cuttable += content.summary_items
    # Viewpoint sections of one part read as one block per speaker: title them by speaker.
    for part in content.parts:
        if part["speaker"]:
            part["title"], part["speaker"] = part["speaker"], ""
    return content, sorted(cuttable, key=lambda i: i.rank, reverse=True)


# The roster's share of the page, in lines of its type at the floor size (the A4 page holds
# about 86): a roster taking more condenses before anything else is tried.
ROSTER_SHARE_LINES = 21
# How many ems of the roster's type a line across the A4 page holds at the floor size (186 mm
# of 6.45 pt type), and how wide a Latin letter is on average, in ems. The estimates below
# were checked against layouts at the floor: 8, 20 and 40 chips with a short role came out
# at 4.7, 12.8 and 17.6 lines (estimated 6.2, 12.4, 21.7); a line of 8 to 40 names at 2.6-3.9
# (estimated 2.3-3.3). Chips with long roles come out shorter than estimated (flex rows pack
# tighter): such a roster condenses a little early, never too late.
ROSTER_LINE_EMS = 80
LATIN_EM = 0.55
CHIP_EMS = 2.6  # a chip's padding and the gap after it
CHIP_ROW_LINES = 1.1  # a row of chips' padding and the gap below it, in lines


BIG_ROSTER = 10**9  # the rank of a long roster's steps: above every point


def _roster_steps(content: HandoutContent) -> list[Item]:
    """The roster's steps of the cut order: its roles, its chips (for a line of names), then
    each speaker, the last first. A roster longer than its share of the page takes as many
    of these steps as bring it within the share before any point is cut (ranked above every
    point); the others come after the last question."""
    speakers = content.speakers
    if not speakers:
        return []
    content.speaker_items = [Item("", s.name, (), (-3, n), "speaker") for n, s in enumerate(speakers)]
    steps = [Item("", "", (), (-2, 1), "roles")] if any(s.role for s in speakers) else []
    steps.append(Item("", "", (), (-2, 0), "line"))
    big = (BIG_ROSTER,)
    if _roster_lines(speakers, "full") > ROSTER_SHARE_LINES:
        steps[0].rank = big + (2,)
        if _roster_lines(speakers, "names") > ROSTER_SHARE_LINES:
            steps[-1].rank = big + (1,)
            width = 0.0
            for n, item in enumerate(content.speaker_items):
                width += _width(item.text) + 1
                if width / ROSTER_LINE_EMS > ROSTER_SHARE_LINES:
                    item.rank = big + (0, n)
    return steps + content.speaker_items


def _width(text: str) -> float:
    """How wide `text` is, in ems: a CJK character one, anything else about LATIN_EM."""
    return sum(1 if ord(c) >= 0x2E80 else LATIN_EM for c in text)


def _roster_lines(speakers, roster: str) -> float:
    """About how many lines of its type the roster takes across the page at the floor size:
    chips (with roles or not) packed in rows, or the names in one flowing line."""
    if roster == "line":
        return 1.3 + sum(_width(s.name) + 1 for s in speakers) / ROSTER_LINE_EMS  # and its margin
    lines, row, used = 0.0, 0.0, 0.0
    for s in speakers:
        name = _width(s.name + (" " + s.alt_name if s.alt_name else ""))
        role = _width(s.role) * 0.92 if roster == "full" and s.role else 0
        width = min(max(name, role) + CHIP_EMS, ROSTER_LINE_EMS)
        height = 1 + (-(-role // (ROSTER_LINE_EMS - CHIP_EMS)) if role else 0)
        if used and used + width > ROSTER_LINE_EMS:
            lines, used, row = lines + row + CHIP_ROW_LINES, 0.0, 0.0
        used, row = used + width, max(row, height)
    return lines + row + CHIP_ROW_LINES


_SPACE_RUN = re.compile(r"[ \t]{2,}")


def _one_space(text: str | None) -> str | None:
    """A run of spaces as one space, as the page shows it anyway: WeasyPrint's white-space
    pass is quadratic in the length of a run (50,000 spaces in a heading took 8 s)."""
    return _SPACE_RUN.sub(" ", text) if text and ("  " in text or "\t" in text) else text


def _one_spaced_episode(episode: Episode) -> Episode:
    """The episode's own fields the template shows (title, speakers, …), one-spaced, and the
    masthead's cut to MASTHEAD_CHARS."""
    speakers = tuple(
        replace(s, name=_one_space(s.name), alt_name=_one_space(s.alt_name), role=_one_space(s.role))
        for s in episode.speakers
    )

    def masthead(text: str | None, field: str) -> str | None:
        return _shorten(_one_space(text), MASTHEAD_CHARS[field]) if text else text

    host = replace(
        episode.host,
        name=masthead(episode.host.name, "host"),
        co_hosts=tuple(masthead(n, "host") for n in episode.host.co_hosts),
    )
    changed = replace(
        episode,
        title=masthead(episode.title, "title"),
        topic=masthead(episode.topic, "topic"),
        show=masthead(episode.show, "show"),
        date=masthead(episode.date, "date"),
        host=host,
        speakers=speakers,
    )
    return changed if changed != episode else episode


def _one_space_content(content: HandoutContent) -> None:
    """Everything collect() gathered, one-spaced in place (the items keep their identity)."""
    for part in content.parts:
        part["title"], part["speaker"] = _one_space(part["title"]), _one_space(part["speaker"])
        for item in part["points"]:
            item.label, item.text = _one_space(item.label), _one_space(item.text)
            item.details = tuple(map(_one_space, item.details))
    for q in content.questions:
        q["text"] = q["item"].text = _one_space(q["text"])
        for a in q["answers"]:
            a["name"], a["text"] = _one_space(a["name"]), _one_space(a["text"])
    content.summary = [_one_space(s) for s in content.summary]
    for item in content.summary_items + content.speaker_items:
        item.text = _one_space(item.text)


def _apply(content: HandoutContent, cut_order: list[Item], dropped: int) -> HandoutContent:
    gone = {id(i) for i in cut_order[:dropped]}
    steps = {i.kind for i in cut_order[:dropped]}
    parts = []
    for part in content.parts:
        kept = [i for i in part["points"] if id(i) not in gone]
        if kept or not part["points"]:
            parts.append(dict(part, points=kept, cut=part["cut"] or len(kept) < len(part["points"])))
    questions = [q for q in content.questions if id(q["item"]) not in gone]
    answers = "none" if "bare" in steps else "short" if "short" in steps else content.answers
    if answers == "none":
        questions = [dict(q, answers=[]) for q in questions]
    elif answers == "short":
        questions = [
            dict(q, answers=[dict(a, text=_shorten(a["text"], SHORT_ANSWER_CHARS)) for a in q["answers"]])
            for q in questions
        ]
    if len(questions) < len(content.questions):  # a "…" after the last question kept
        questions = [dict(q, more=n == len(questions) - 1) for n, q in enumerate(questions)]
    summary_items = [i for i in content.summary_items if id(i) not in gone]
    roster = (
        "line"
        if "line" in steps
        else "names"
        if "roles" in steps and content.roster == "full"
        else content.roster
    )
    kept = [
        (s, i) for s, i in zip(content.speakers, content.speaker_items, strict=False) if id(i) not in gone
    ]
    speakers = [
        s if roster == "full" else replace(s, role=None, alt_name=s.alt_name if roster == "names" else None)
        for s, _ in kept
    ]
    return HandoutContent(
        parts,
        questions,
        [i.text for i in summary_items],
        speakers,
        roster,
        content.more_speakers + len(content.speakers) - len(kept),
        answers,
        content.summary_cut or len(summary_items) < len(content.summary_items),
        summary_items,
        [i for _, i in kept],
    )


def _columns(content: HandoutContent, fit: Fit) -> list[list[dict]]:
    """Blocks in reading order, cut into two columns of about equal length. (Laid out as two
    boxes rather than CSS columns: WeasyPrint balances CSS columns by laying them out again
    and again, which made every fitting pass three times slower.) Parts and the Q&A digest are
    cut between points and questions, so they can run on from one column into the other: as
    whole blocks, a long part or Q&A left one column half empty while points were cut to fit
    the other (with 15 questions the build failed)."""
    blocks = []
    for p in content.parts:
        items = p["points"] or [None]
        for n, item in enumerate(items):
            last = n == len(items) - 1
            blocks.append(
                {
                    "kind": "part",
                    "part": p,
                    "points": [item] if item else [],
                    "first": n == 0,
                    "last": last,
                    "size": (40 if n == 0 else 0)
                    + (18 if last and p["cut"] else 0)
                    + (_item_size(item, fit) if item else 0),
                }
            )
    for n, q in enumerate(content.questions):
        blocks.append(
            {
                "kind": "qa",
                "questions": [q],
                "first": n == 0,
                "size": (30 if n == 0 else 0)
                + 40
                + len(q["text"])
                + sum(20 + len(a["text"]) for a in q["answers"]),
            }
        )
    if content.summary:
        blocks.append({"kind": "summary", "size": 60 + sum(20 + len(s) for s in content.summary)})
    total = sum(b["size"] for b in blocks)
    left, used = [], 0
    for block in blocks:
        if used + block["size"] / 2 > total / 2 and left:
            break
        left.append(block)
        used += block["size"]
    return [_merge(left), _merge(blocks[len(left) :])]


def _merge(column: list[dict]) -> list[dict]:
    """The pieces of one part (or of the Q&A) that fell in one column, as one block."""
    merged: list[dict] = []
    for block in column:
        before = merged[-1] if merged else None
        if before and block["kind"] == before["kind"] == "part" and block["part"] is before["part"]:
            merged[-1] = dict(before, points=before["points"] + block["points"], last=block["last"])
        elif before and block["kind"] == before["kind"] == "qa":
            merged[-1] = dict(before, questions=before["questions"] + block["questions"])
        else:
            merged.append(block)
    return merged


def _item_size(item: Item, fit: Fit) -> int:
    size = 18 + len(item.label) + len(item.text)
    if fit.details:
        size += sum(18 + len(d) for d in item.details)
    return size


def _next_capacity(fits: list[tuple[float, int]], overflowed: list[int], target: float = 0.96) -> float:
    """The bulk expected to fill `target` of the page, from the one-page layouts seen so far
    ((fill, bulk)): along the line through the two fullest, or in proportion to the one
    there is; kept below the smallest bulk that overflowed. (How far a layout overflows says
    little: WeasyPrint moves a whole column to the next page.)"""
    fits = sorted(fits)
    ceiling = min(overflowed) if overflowed else None
    if len(fits) >= 2 and fits[-1][0] > fits[-2][0]:
        (f1, b1), (f2, b2) = fits[-1], fits[-2]
        guess = b1 + (target - f1) * (b1 - b2) / (f1 - f2)
        guess = min(max(guess, b1), b1 * 2)
    elif fits:
        fill, bulk = fits[-1]
        guess = bulk * target / fill
    else:
        guess = ceiling * 0.6
    if ceiling is not None and guess >= ceiling:
        guess = (ceiling + fits[-1][1]) / 2 if fits else ceiling * 0.6
    return guess


def _bulk(content: HandoutContent, line_bulk: float = 0) -> float:
    """Roughly how much room the content takes without sub-points: characters plus an
    allowance for each part heading, item, question and the summary box; or, when that is
    more (many short items, each a line of its own), `line_bulk` for each line."""
    total = sum(
        90 + sum(18 + len(i.label) + len(i.text) for i in p["points"]) + (18 if p["cut"] else 0)
        for p in content.parts
    )
    total += (30 if content.questions else 0) + sum(
        40 + len(q["text"]) + sum(20 + len(a["text"]) for a in q["answers"]) for q in content.questions
    )
    total += 60 + sum(20 + len(s) for s in content.summary) if content.summary else 0
    total += ROSTER_LINE_BULK * _roster_lines(content.speakers, content.roster) if content.speakers else 0
    return max(total, line_bulk * _lines(content, details=False)) if line_bulk else total


def _lines(content: HandoutContent, details: bool = True) -> int:
    """How many lines the content takes at least: a heading per part, one per item (and per
    sub-point), per question and answer, the Q&A and summary headings and summary points."""
    n = sum(1 + sum(1 + (len(i.details) if details else 0) for i in p["points"]) for p in content.parts)
    n += 1 + sum(1 + len(q["answers"]) for q in content.questions) if content.questions else 0
    return n + (1 + len(content.summary) if content.summary else 0)


def _chars(content: HandoutContent, details: bool = True) -> int:
    n = sum(
        len(i.label) + len(i.text) + (sum(map(len, i.details)) if details else 0)
        for p in content.parts
        for i in p["points"]
    )
    n += sum(len(q["text"]) + sum(len(a["text"]) for a in q["answers"]) for q in content.questions)
    return n + sum(map(len, content.summary))


@dataclass
class HandoutResult:
    html: str
    pdf: bytes
    fit: Fit
    passes: int
    font: str
    warnings: list[str]
    cut: int = 0  # points, questions and summary points left out


def render_handout(episode: Episode, templates: str | None = None, paper: str = "a4") -> HandoutResult:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from ...templating import render

    if paper.lower() not in PAPERS:
        raise UsageError(f"--paper must be one of {', '.join(PAPERS)}, not '{paper}'")
    episode = _one_spaced_episode(episode)
    content, cut_order = collect(episode)
    _one_space_content(content)
    bound = _Bound(content, cut_order, paper.lower(), _user_styled(templates))
    # What surely cannot fit is cut before anything else looks at the content, so that no
    # step costs more for a longer source, and so is a roster longer than its share of the
    # page (those steps come first); `dropped` still counts these cuts.
    full_order = cut_order
    sure = max(bound.sure_cuts, sum(1 for i in cut_order if i.rank[0] == BIG_ROSTER))
    content, cut_order = _apply(content, cut_order, sure), cut_order[sure:]
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="deckcast-font-") as tmp:
        font_path, font_name, note = _subset_font(episode, content, Path(tmp))
        if note:
            warnings.append(note)
        fonts = FontConfiguration()
        passes = 0

        def html_for(fit: Fit, url: str) -> str:
            shown = _apply(content, cut_order, fit.dropped - sure)
            return render(
                "handout/handout.html.j2",
                templates,
                episode=episode,
                fit=fit,
                font_url=url,
                paper=PAPERS[paper.lower()],
                html_lang=HTML_LANG[episode.language],
                speakers=shown.speakers,
                roster=shown.roster,
                more_speakers=shown.more_speakers,
                columns=_columns(shown, fit),
                questions=shown.questions,
                summary=shown.summary,
                summary_cut=shown.summary_cut,
                omitted=_cut(full_order[: fit.dropped], CUT_KINDS),
                colon=": " if episode.language == "en" else "：",
                source_name=Path(episode.source).name if episode.source else "",
            )

        laid: dict[Fit, tuple] = {}

        def pages(fit: Fit):
            nonlocal passes
            if fit not in laid:
                passes += 1
                document = HTML(string=html_for(fit, font_path.as_uri())).render(font_config=fonts)
                laid[fit] = document, len(document.pages)
            return laid[fit]

        ladder = [Fit(size, dropped=sure) for size in SIZES] + [Fit(SIZES[-1], details=False, dropped=sure)]
        if bound.sure_cuts:  # cannot fit even at the floor: no size is tried, cut
            fit, document = ladder[-1], None
        else:
            fit, document = _first_fitting(ladder, pages, _start(content, ladder), bound.overflows)
        if document is None:  # even the floor does not fit: cut and condense, fewest steps that will do
            fit, document = _fewest_cuts(content, cut_order, pages, sure, paper.lower())
        warnings += _condensed(full_order[: fit.dropped], len(episode.speakers))
        if not fit.details:
            warnings.append("handout: sub-points left out to fit one page")
        # The HTML on disk carries its font (the same subset) so it looks right in a browser too.
        import base64

        html = html_for(
            fit, "data:font/otf;base64," + base64.b64encode(font_path.read_bytes()).decode("ascii")
        )
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
        pdf = document.write_pdf(full_fonts=True, pdf_identifier=identifier)
    return HandoutResult(
        html, pdf, fit, passes, font_name, warnings, _cut(full_order[: fit.dropped], CUT_KINDS)
    )


# About how many characters of points fill the page at 9.25 pt (measured on the seed); the
# first pass tries the size this predicts, and when that page is nearly full the next size up
# is not tried: the seed's handout takes one pass.
CHARS_AT_9 = 1760
# About how many lines of one-line items fill an A4 page at the floor size (measured: 1,500
# one-letter points in one part, 110 fill 96% of it, 115 do not fit). Short items fill the
# page by their lines, not their characters: 100 one-letter points were tried at every size.
LINES_AT_FLOOR = 111


def _start(content: HandoutContent, ladder: list[Fit]) -> int:
    estimate = 9.25 * (CHARS_AT_9 / max(_chars(content), 1)) ** 0.5
    estimate = min(estimate, SIZES[-1] * LINES_AT_FLOOR / max(_lines(content), 1))
    return next((i for i, fit in enumerate(ladder) if fit.base_pt <= estimate), len(ladder) - 1)


def _first_fitting(ladder: list[Fit], pages, start: int, overflows):
    """The first (largest) step of the ladder that fits on one page, searching outwards from
    the predicted step; a step that `overflows` surely is not laid out."""
    tried: dict[int, tuple] = {}

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


# Type one step larger fills about (larger / smaller)² as much of the page (lines get longer
# and taller); a step predicted to need 8% more than the page is not laid out to find out.
OVERFLOW_MARGIN = 1.08


def _surely_overflows(document, fit: Fit, bigger: Fit) -> bool:
    """Whether `bigger` cannot fit, judged from how full the page laid out at `fit` is."""
    if bigger.details != fit.details:
        return False
    fill = _fill(document)
    return fill is not None and fill * (bigger.base_pt / fit.base_pt) ** 2 > OVERFLOW_MARGIN


def _fill(document) -> float | None:
    """How much of one page's height the laid-out content takes (1.0 = a full page; 1.6 =
    a page and 60% of the next), from WeasyPrint's page boxes; None when it cannot tell."""
    try:
        used = 0.0
        for page in document.pages:
            box = page._page_box
            root = box.children[0]
            used += root.position_y + root.margin_height() - box.content_box_y()
        return used / document.pages[0]._page_box.height
    except (AttributeError, IndexError, TypeError, ZeroDivisionError):
        return None


# The bundled stylesheet gives every line at least 1.38 times its type size (CSS's strut: a
# line box is never shorter) and sub-points 0.92 of the body size; every item, sub-point,
# question, answer and summary point with text takes at least one line; the two columns
# together are shorter than twice the paper. A user's stylesheet may set tighter lines or
# smaller type: then four times as much is allowed.
LINE_HEIGHT = 1.38
DETAIL_EM = 0.92
PAPER_HEIGHT_PT = {"a4": 841.89, "letter": 792.0}
USER_STYLE_SLACK = 4


class _Bound:
    """What surely cannot fit, from lower bounds of how tall the content is and from
    PAGE_CHARS, in one pass over the items: laying out more than a page could hold only costs
    time (1,500 one-letter points made 30 pages a layout, 15 s each)."""

    def __init__(self, content: HandoutContent, cut_order: list[Item], paper: str, user_styled: bool):
        self.room = 2 * PAPER_HEIGHT_PT[paper] * (USER_STYLE_SLACK if user_styled else 1)  # points
        said = [a for q in content.questions for a in q["answers"]]
        # Per item of cut_order, without sub-points, what it shows at least while it is kept:
        # the digest's answers are counted with its steps (their lines until the answers are
        # left out, their characters until they are shortened), a question is its own line.
        self.lines, self.chars = [], []
        self.detail_lines = self.detail_chars = 0
        for item in cut_order:
            if item.kind == "bare":
                self.lines.append(sum(1 for a in said if (a["name"] + a["text"]).strip()))
                self.chars.append(0)
            elif item.kind == "short":
                self.lines.append(0)
                self.chars.append(sum(len(a["text"]) for a in said))
            elif item.kind in ("roles", "line"):  # the roster is not counted
                self.lines.append(0)
                self.chars.append(0)
            elif item.kind == "speaker":  # a name in the roster's line
                self.lines.append(0)
                self.chars.append(len(item.text))
            else:  # a point, question or summary point: a line if it has text
                self.lines.append(int(bool((item.label + item.text).strip())))
                self.chars.append(len(item.label) + len(item.text))
                self.detail_lines += sum(1 for d in item.details if d.strip())
                self.detail_chars += sum(map(len, item.details))
        self.sure_cuts = self._fewest_cuts_that_may_fit()

    def _fewest_cuts_that_may_fit(self) -> int:
        most_lines = self.room / (LINE_HEIGHT * SIZES[-1])
        lines = chars = 0
        for i in range(len(self.lines) - 1, -1, -1):  # the most important items first
            lines, chars = lines + self.lines[i], chars + self.chars[i]
            if lines > most_lines or chars > PAGE_CHARS:
                return i + 1
        return 0 if lines <= most_lines and chars <= PAGE_CHARS else len(self.lines)

    def overflows(self, fit: Fit) -> bool:
        """Whether all of the content (no cuts) surely takes more than a page at `fit`. (Twice
        PAGE_CHARS of sub-points: a page of the smaller type of sub-points holds more.)"""
        lines = sum(self.lines) + (DETAIL_EM * self.detail_lines if fit.details else 0)
        chars = sum(self.chars)
        return (
            LINE_HEIGHT * fit.base_pt * lines > self.room
            or chars > PAGE_CHARS
            or (fit.details and chars + self.detail_chars > 2 * PAGE_CHARS / DETAIL_EM**2)
        )


def _user_styled(templates: str | None) -> bool:
    return bool(templates) and any(
        (Path(templates) / "handout" / name).is_file() for name in ("handout.html.j2", "handout.css.j2")
    )


# About how much fits on the page at the floor size without sub-points, in the units of
# _bulk (characters plus an allowance for each heading, item and question; measured on
# generated 100- to 2,000-section sources and a 60-question one: 3,700-4,200).
FLOOR_BULK = 3900
LINE_BULK = FLOOR_BULK / LINES_AT_FLOOR  # a page of lines of one-line items, in the same units
# A line of the roster spans both columns, in type 0.86 of the body's; the sources FLOOR_BULK
# was measured on had a row of four chips with roles (about 3 such lines).
ROSTER_LINE_BULK = 2 * 0.86 * LINE_BULK
ROSTER_IN_FLOOR_BULK = 3.1 * ROSTER_LINE_BULK
GOOD_ENOUGH_FILL = 0.90  # a cut that leaves the page this full is taken without trying fewer


def _fewest_cuts(content: HandoutContent, cut_order: list[Item], pages, already: int = 0, paper: str = "a4"):
    """Cut the fewest lowest-priority items so the floor size fits on one page. Each layout
    costs ~0.4 s on a long source, so the count is predicted: from an estimate of what fits
    (FLOOR_BULK) first, then from how full the pages laid out with the earlier guesses were. A
    guess that fits and leaves the page at least 90% full is taken; otherwise the exact fewest
    is searched for between the closest guess that did not fit and the closest that did.
    `content` has `already` items cut (those that surely do not fit, see _Bound): what is left
    is at most about a page and a half at the floor, so the search takes at most 5 + 8
    layouts of at most that much."""
    floor = Fit(SIZES[-1], details=False)
    line_bulk = LINE_BULK * PAPER_HEIGHT_PT["a4"] / PAPER_HEIGHT_PT[paper]

    def bulk(d: int) -> float:
        return _bulk(_apply(content, cut_order, d), line_bulk)

    def cuts_for(capacity: float) -> int:  # the fewest cuts leaving at most `capacity`
        low, high = 0, len(cut_order)
        while low < high:
            middle = (low + high) // 2
            if bulk(middle) <= capacity:
                high = middle
            else:
                low = middle + 1
        return low

    laid: dict[int, tuple] = {}

    def lay(d: int):
        if d not in laid:
            laid[d] = pages(replace(floor, dropped=already + d))
        return laid[d]

    fits: list[tuple[float, int]] = []  # (fill, bulk) of the one-page layouts
    overflowed: list[int] = []  # bulk of the layouts that took more than a page
    capacity = FLOOR_BULK + ROSTER_IN_FLOOR_BULK
    for _ in range(5):
        d = cuts_for(capacity)
        if d in laid:
            break
        document, count = lay(d)
        fill = _fill(document)
        if fill is None:
            break
        if count <= 1 and fill >= GOOD_ENOUGH_FILL:
            return replace(floor, dropped=already + d), document
        if count <= 1 and fill > 0:
            fits.append((fill, bulk(d)))
        elif count > 1:
            overflowed.append(bulk(d))
        if not fits and not overflowed:
            break
        capacity = _next_capacity(fits, overflowed)
    fitting = [d for d, (_, count) in laid.items() if count <= 1]
    failing = [d for d, (_, count) in laid.items() if count > 1]
    low = max(failing) + 1 if failing else 0
    high = min(fitting) if fitting else len(cut_order)
    while low < high:
        middle = (low + high) // 2
        if lay(middle)[1] <= 1:
            high = middle
        else:
            low = middle + 1
    document, count = lay(high)
    if count > 1:  # not even the masthead and the footer fit (a user's template may do this)
        raise UsageError("the handout does not fit one page even with everything cut")
    return replace(floor, dropped=already + high), document


CUT_KINDS = ("point", "question", "summary")  # counted in the footer's "N points left out"


def _cut(steps: list[Item], kinds: tuple[str, ...]) -> int:
    return sum(1 for i in steps if i.kind in kinds)


def _condensed(steps: list[Item], speakers: int) -> list[str]:
    """The warnings naming what the steps taken left out or condensed."""
    kinds = {i.kind for i in steps}
    notes = []
    if "line" in kinds:
        notes.append("handout: speakers shown by name only (roles left out)")
    elif "roles" in kinds:
        notes.append("handout: speakers shown without their roles")
    if "speaker" in kinds:
        gone = _cut(steps, ("speaker",))
        notes.append(f"handout: {speakers - gone} of {speakers} speakers shown (and {gone} more)")
    if _cut(steps, ("point", "question")):
        notes.append(
            f"handout: {_cut(steps, ('point', 'question'))} lowest-priority point(s) left out to fit "
            f"one page (marked “…”)"
        )
    if "bare" in kinds:
        notes.append("handout: the Q&A digest shows the questions only (answers left out)")
    elif "short" in kinds:
        notes.append("handout: Q&A answers shortened")
    if "summary" in kinds:
        notes.append(f"handout: {_cut(steps, ('summary',))} summary point(s) left out (marked “…”)")
    return notes


def _subset_font(episode: Episode, content: HandoutContent, folder: Path) -> tuple[Path, str, str | None]:
    """The CJK face for the language, cut down to the characters the handout can show."""
    import uharfbuzz as hb

    source, note = _font_file()
    text = "".join(
        [
            episode.title,
            episode.topic or "",
            episode.show or "",
            episode.host.name or "",
            episode.date or "",
            Path(episode.source).name if episode.source else "",
        ]
    )
    text += "".join(s.name + (s.alt_name or "") + (s.role or "") for s in episode.speakers)
    text += "".join(
        p["title"] + p["speaker"] + "".join(i.label + i.text + "".join(i.details) for i in p["points"])
        for p in content.parts
    )
    text += "".join(
        q["text"] + "".join(a["name"] + a["text"] for a in q["answers"]) for q in content.questions
    )
    text += "".join(content.summary)
    text += (
        "".join(chr(c) for c in range(0x20, 0x7F))
        + "…·•◦▪–—：、，。（）「」“”等位講者重點問答摘要總結來源主持因篇幅限制省略了個要点讲者重点问答总结来源个"
    )
    blob = hb.Blob.from_file_path(str(source))
    face_index = FACE[episode.language] if str(source).endswith(".ttc") else 0
    face = hb.Face(blob, face_index)
    subset_input = hb.SubsetInput()
    for ch in set(text):
        subset_input.unicode_set.add(ord(ch))
    subset = hb.subset(face, subset_input)
    if subset is None:
        raise UsageError(f"could not subset the font {source}")
    out = folder / "deckcast-cjk.otf"
    out.write_bytes(subset.blob.data)
    covered = set(face.unicodes)
    missing = sorted({ch for ch in text if ch.isprintable() and ord(ch) not in covered})
    if missing:
        note = (note + "; " if note else "") + f"handout: the font has no glyph for {''.join(missing[:20])}"
    return out, f"{source.name}#{face_index}", note


def _font_file() -> tuple[Path, str | None]:
    try:
        import noto_cjk_sans_otc

        path = Path(str(noto_cjk_sans_otc.FONT_PATH))
        if path.is_file():
            return path, None
    except ImportError:
        pass
    for candidate in SYSTEM_FONTS:
        if Path(candidate).is_file():
            return Path(
                candidate
            ), f"handout: the noto-cjk-sans-otc package is missing; using the system font {candidate}"
    raise UsageError(
        "no CJK font for the handout: install the noto-cjk-sans-otc package "
        "(pip install noto-cjk-sans-otc) or Debian's fonts-noto-cjk"
    )


def write(production: BaseProduction, out: Path) -> WriteResult:
    """production: the episode, templates and paper are all the handout needs (a full
    Production has them too)."""
    result = render_handout(production.episode, production.templates, production.paper)
    (out / "handout.html").write_text(result.html, encoding="utf-8")
    (out / "handout.pdf").write_bytes(result.pdf)
    fit = result.fit
    passes = f"{result.passes} pass" + ("" if result.passes == 1 else "es")
    summary = (
        f"1 page, {fit.base_pt:g} pt"
        + ("" if fit.details else ", no sub-points")
        + (f", {result.cut} cut" if result.cut else "")
        + f", {passes}"
    )
    return WriteResult(("handout.html", "handout.pdf"), tuple(result.warnings), {"handout": summary})
