"""What the handout shows, and the order in which it may be cut: collect() turns the episode
into the parts (their points and rich blocks), the Q&A digest, the summary and the roster
(HandoutContent), and ranks every block, point, question, speaker and summary point, and
every way of condensing the roster and the digest, as one cut order of Items. The rich blocks
go first (pictures, then tables and code, then quotes): each is bulkier than a point and says
less of the talk."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from ...model import Block, Columns, Episode, Point, Run, Section, SectionKind, Speaker, spelled
from .blocks import CompactTable, Pictures, QuoteLine, ShownBlock, cells, shown
from .roster import ROSTER_LINE_EMS, ROSTER_SHARE_LINES, Roster, roster_lines, width
from .wording import one_space, shorten

ANSWER_CHARS = 48  # a one-line answer: its first sentence, at most this many characters
BIG_ROSTER = 10**9  # the rank of a long roster's steps: above every point
BLOCK_RANK = 10**8  # the rank of a rich block's step: above every point, below a long roster's
BLOCK_ORDER = {"image": 2, "table": 1, "code": 1, "quote": 0}  # pictures first, then tables and code

# What a step of the cut order cuts ("point", "question", "speaker", "summary", or a rich
# block: "image", "table", "code", "quote") or condenses ("roles", "line": the roster;
# "short", "bare": the Q&A digest's answers).
Kind = Literal[
    "point",
    "question",
    "summary",
    "speaker",
    "roles",
    "line",
    "short",
    "bare",
    "image",
    "table",
    "code",
    "quote",
]
Answers = Literal["full", "short", "none"]  # one line each, shortened, left out (the questions alone)


@dataclass(frozen=True, eq=False)  # a step is itself: two points of the same words are two steps
class Item:
    """One step of the cut order: a point, a question, a speaker or a summary point to cut,
    or (`kind` "roles", "line", "short", "bare") a way of condensing the roster or the Q&A."""

    label: str
    text: str
    details: tuple[str, ...]
    rank: tuple[float, ...]  # lower is more important
    kind: Kind = "point"
    runs: tuple[Run, ...] = ()  # the text's styled pieces (drawn when they spell `text`)
    block: ShownBlock | None = None  # a rich block's step: the block (its text is "")


def drawn_runs(item: Item) -> Iterator[tuple[Run, ...]]:
    """The styled runs the template draws for a point or block: a point's, a table's cells',
    a quote's (each only when they still spell its text: a shortened one is drawn plain)."""
    block = item.block
    if block is None:
        pieces = [(item.text, item.runs)]
    elif isinstance(block, CompactTable):
        pieces = [(c.text, c.runs) for c in cells(block)]
    elif isinstance(block, QuoteLine):
        pieces = [(block.text, block.runs)]
    else:
        pieces = []
    for text, runs in pieces:
        if spelled(text, runs):
            yield runs


@dataclass(frozen=True)
class Part:
    """A part of the talk as the handout shows it: its title, and its points and rich blocks
    in reading order."""

    title: str
    points: tuple[Item, ...]  # points, and blocks (`Item.block`)
    speaker: str = ""  # the template shows it after the title; viewpoint parts are titled by speaker
    cut: bool = False  # some of its points are cut (a "…" after the last)


@dataclass(frozen=True)
class AnswerLine:
    """An answer in the Q&A digest: who answered and the answer in one line."""

    name: str
    text: str


@dataclass(frozen=True)
class DigestQuestion:
    """A question of the Q&A digest with its answers; `item` is its step of the cut order."""

    number: int
    text: str
    answers: tuple[AnswerLine, ...]
    item: Item
    more: bool = False  # the last question kept when later ones are cut (a "…" after it)


@dataclass(frozen=True)
class HandoutContent:
    """Everything the handout shows, as the cuts taken so far leave it."""

    parts: tuple[Part, ...] = ()
    questions: tuple[DigestQuestion, ...] = ()
    speakers: tuple[Speaker, ...] = ()  # the Speakers shown
    roster: Roster = "full"
    more_speakers: int = 0  # speakers left out of the line
    answers: Answers = "full"
    summary_cut: bool = False
    summary_items: tuple[Item, ...] = ()
    speaker_items: tuple[Item, ...] = ()  # one per speaker shown, in the same order

    @property
    def summary(self) -> tuple[str, ...]:
        return tuple(i.text for i in self.summary_items)


def collect(episode: Episode, picture: Pictures | None = None) -> tuple[HandoutContent, list[Item]]:
    """What the handout shows, and every point that may be cut, ranked by importance.
    `episode` is as the page shows it (wording.episode_as_shown); the text taken from its
    sections is one-spaced here. `picture` reads an image's file (no pictures without it)."""
    parts, cuttable = _parts(episode, picture)
    questions = _digest(episode)
    cuttable += [q.item for q in questions]
    # Condensing the digest comes after every point and before any question is cut.
    if any(q.answers for q in questions):
        cuttable += [Item("", "", (), (-0.5, 1), "short"), Item("", "", (), (-0.5, 0), "bare")]
    steps, speaker_items = _roster_steps(episode.speakers)
    cuttable += steps + list(speaker_items)
    # The summary's last points go last of all.
    summary = [
        one_space(p.text) for s in _of_kind(episode, SectionKind.SUMMARY) for t in s.topics for p in t.points
    ]
    summary_items = tuple(Item("", s, (), (-4, n), "summary") for n, s in enumerate(summary))
    cuttable += summary_items
    content = HandoutContent(
        parts=parts,
        questions=questions,
        speakers=episode.speakers,
        summary_items=summary_items,
        speaker_items=speaker_items,
    )
    return content, sorted(cuttable, key=lambda i: i.rank, reverse=True)


def _of_kind(episode: Episode, kind: SectionKind) -> list[Section]:
    return [s for s in episode.sections if s.kind is kind]


def _parts(episode: Episode, picture: Pictures | None) -> tuple[tuple[Part, ...], list[Item]]:
    """The parts (every section but the roster, the Q&A and the summary) and their points
    and blocks as steps of the cut order: later points of a part go first, later parts first;
    the blocks before any point, pictures first, the later first."""
    parts: list[Part] = []
    cuttable: list[Item] = []
    for s_index, section in enumerate(episode.sections):
        if section.kind in (SectionKind.ROSTER, SectionKind.QA, SectionKind.SUMMARY):
            continue
        items: list[Item] = []
        points = blocks = 0
        for entry in _entries(section, picture):
            if isinstance(entry, tuple):
                label, text, details, runs = entry
                rank: tuple[float, ...] = (points, s_index)
                items.append(
                    Item(one_space(label), one_space(text), tuple(map(one_space, details)), rank, runs=runs)
                )
                points += 1
            else:
                items.append(
                    Item(
                        "",
                        "",
                        (),
                        (BLOCK_RANK, BLOCK_ORDER[entry.kind], s_index, blocks),
                        entry.kind,
                        block=entry,
                    )
                )
                blocks += 1
        cuttable += items
        parts.append(Part(one_space(_part_title(episode, section)), tuple(items)))
    return tuple(parts), cuttable


PointEntry = tuple[str, str, tuple[str, ...], tuple[Run, ...]]  # label, text, details, runs


def _entries(section: Section, picture: Pictures | None) -> list[PointEntry | ShownBlock]:
    """A section's points as (label, text, details, runs), and its rich blocks as shown, in
    reading order: a labelled topic is its label, its first point and the rest (and every
    point's sub-points) as details; an unlabelled one is each point with its sub-points; then
    the topic's blocks (a column's points and blocks in their place)."""
    entries: list[PointEntry | ShownBlock] = []
    for topic in section.topics:
        if topic.label:
            first = topic.points[0] if topic.points else None
            rest = tuple(p.text for p in topic.points[1:]) + _details(topic.points)
            entries.append((topic.label, first.text if first else "", rest, first.runs if first else ()))
        else:
            entries += [_point(p) for p in topic.points]
        entries += _block_entries(topic.blocks, picture)
    return entries


def _point(point: Point) -> PointEntry:
    return "", point.text, tuple(c.text for c in point.children), point.runs


def _block_entries(blocks: tuple[Block, ...], picture: Pictures | None) -> list[PointEntry | ShownBlock]:
    entries: list[PointEntry | ShownBlock] = []
    for block in blocks:
        if isinstance(block, Columns):
            for column in block.columns:
                entries += [_point(p) for p in column.points] + _block_entries(column.blocks, picture)
        elif (one := shown(block, picture)) is not None:
            entries.append(one)
    return entries


def _details(points: tuple[Point, ...]) -> tuple[str, ...]:
    return tuple(c.text for p in points for c in p.children)


def _part_title(episode: Episode, section: Section) -> str:
    """Viewpoint sections of one part read as one block per speaker: titled by speaker."""
    speaker = episode.speaker(section.speaker)
    if not speaker:
        return section.title
    return speaker.name or section.part or section.title


def _digest(episode: Episode) -> tuple[DigestQuestion, ...]:
    """The Q&A digest: each question with its answers in one line. Questions are cut only
    when every point is gone already, the last question first."""
    questions = []
    for q_index, q in enumerate(episode.questions):
        answers = tuple(
            AnswerLine(_speaker_name(episode, a.speaker), one_space(_one_line(a.text))) for a in q.answers
        )
        text = one_space(q.text)
        item = Item("", text, (), (-1, q_index), "question")
        questions.append(DigestQuestion(q.number, text, answers, item))
    return tuple(questions)


def _speaker_name(episode: Episode, speaker_id: str | None) -> str:
    speaker = episode.speaker(speaker_id)
    return speaker.name if speaker else ""


def _one_line(text: str) -> str:
    first = re.match(r".+?[。！？!?]|.+?\.(?=\s)|.+", text.strip())
    line = first.group(0) if first else text
    return shorten(line, ANSWER_CHARS)


def _roster_steps(speakers: Sequence[Speaker]) -> tuple[list[Item], tuple[Item, ...]]:
    """The roster's steps of the cut order: its roles, its chips (for a line of names), then
    each speaker, the last first (the speakers' own steps returned apart, one per speaker).
    A roster longer than its share of the page takes as many of these steps as bring it
    within the share before any point is cut (ranked above every point); the others come
    after the last question."""
    if not speakers:
        return [], ()
    has_roles = any(s.role for s in speakers)
    too_long = roster_lines(speakers, "full") > ROSTER_SHARE_LINES
    too_long_named = too_long and roster_lines(speakers, "names") > ROSTER_SHARE_LINES
    big = (BIG_ROSTER,)
    steps = [Item("", "", (), big + (2,) if too_long else (-2, 1), "roles")] if has_roles else []
    line_rank = big + (1,) if too_long_named else big + (2,) if too_long and not has_roles else (-2, 0)
    steps.append(Item("", "", (), line_rank, "line"))
    return steps, _speaker_steps(speakers, too_long_named)


def _speaker_steps(speakers: Sequence[Speaker], too_long: bool) -> tuple[Item, ...]:
    """One step per speaker; when even a line of names is too long, the names past the
    roster's share of the page are ranked above every point."""
    items, line = [], 0.0
    for n, s in enumerate(speakers):
        line += width(s.name) + 1
        rank = (BIG_ROSTER, 0, n) if too_long and line / ROSTER_LINE_EMS > ROSTER_SHARE_LINES else (-3, n)
        items.append(Item("", s.name, (), rank, "speaker"))
    return tuple(items)
