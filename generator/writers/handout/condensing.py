"""The cut order applied: what the handout shows once its first steps are taken (pictures
and other rich blocks, points, questions, speakers and summary points left out, the roster
and the Q&A digest condensed), and the warnings that name what was left out."""

from __future__ import annotations

from dataclasses import replace

from ...model import Speaker
from .roster import Roster
from .selection import Answers, DigestQuestion, HandoutContent, Item, Kind, Part
from .wording import shorten

SHORT_ANSWER_CHARS = 24  # a condensed Q&A digest: answers cut to this
CUT_KINDS: tuple[Kind, ...] = ("point", "question", "summary")  # the footer's "N points left out"
BLOCK_KINDS: tuple[Kind, ...] = ("table", "code", "quote")


def apply_cuts(content: HandoutContent, cut_order: list[Item], dropped: int) -> HandoutContent:
    """`content` with the first `dropped` steps of `cut_order` taken."""
    gone = set(cut_order[:dropped])
    steps = {i.kind for i in cut_order[:dropped]}
    answers = _answers(content.answers, steps)
    roster = _roster(content.roster, steps)
    summary_items = tuple(i for i in content.summary_items if i not in gone)
    kept = [(s, i) for s, i in zip(content.speakers, content.speaker_items, strict=False) if i not in gone]
    return HandoutContent(
        parts=_kept_parts(content.parts, gone),
        questions=_kept_questions(content.questions, gone, answers),
        speakers=tuple(_as_listed(s, roster) for s, _ in kept),
        roster=roster,
        more_speakers=content.more_speakers + len(content.speakers) - len(kept),
        answers=answers,
        summary_cut=content.summary_cut or len(summary_items) < len(content.summary_items),
        summary_items=summary_items,
        speaker_items=tuple(i for _, i in kept),
    )


def _answers(answers: Answers, steps: set[Kind]) -> Answers:
    return "none" if "bare" in steps else "short" if "short" in steps else answers


def _roster(roster: Roster, steps: set[Kind]) -> Roster:
    if "line" in steps:
        return "line"
    return "names" if "roles" in steps and roster == "full" else roster


def _as_listed(speaker: Speaker, roster: Roster) -> Speaker:
    """A speaker as the roster shows them: chips of names drop the role, a line of names
    the alternative name too."""
    if roster == "full":
        return speaker
    return replace(speaker, role=None, alt_name=speaker.alt_name if roster == "names" else None)


def _kept_parts(parts: tuple[Part, ...], gone: set[Item]) -> tuple[Part, ...]:
    """The parts with their points and blocks not cut; a part whose every point and block is
    cut is left out. A cut point shows as "…" after the part's last; a cut block does not
    (nothing the part says is missing)."""
    kept_parts = []
    for part in parts:
        kept = tuple(i for i in part.points if i not in gone)
        if kept or not part.points:
            cut = part.cut or any(i.kind == "point" and i in gone for i in part.points)
            kept_parts.append(replace(part, points=kept, cut=cut))
    return tuple(kept_parts)


def _kept_questions(
    questions: tuple[DigestQuestion, ...], gone: set[Item], answers: Answers
) -> tuple[DigestQuestion, ...]:
    """The questions not cut, with their answers as the digest shows them, and a "…" after
    the last question kept when any is cut."""
    kept = [q for q in questions if q.item not in gone]
    if answers == "none":
        kept = [replace(q, answers=()) for q in kept]
    elif answers == "short":
        kept = [
            replace(q, answers=tuple(replace(a, text=shorten(a.text, SHORT_ANSWER_CHARS)) for a in q.answers))
            for q in kept
        ]
    if len(kept) < len(questions):
        kept = [replace(q, more=n == len(kept) - 1) for n, q in enumerate(kept)]
    return tuple(kept)


def count(steps: list[Item], kinds: tuple[Kind, ...]) -> int:
    """How many of `steps` are of one of `kinds`."""
    return sum(1 for i in steps if i.kind in kinds)


def condensed(steps: list[Item], speakers: int) -> list[str]:
    """The warnings naming what the steps taken left out or condensed."""
    kinds = {i.kind for i in steps}
    notes = []
    if "line" in kinds:
        notes.append("handout: speakers shown by name only (roles left out)")
    elif "roles" in kinds:
        notes.append("handout: speakers shown without their roles")
    if "speaker" in kinds:
        gone = count(steps, ("speaker",))
        notes.append(f"handout: {speakers - gone} of {speakers} speakers shown (and {gone} more)")
    if count(steps, ("point", "question")):
        notes.append(
            f"handout: {count(steps, ('point', 'question'))} lowest-priority point(s) left out to fit "
            f"one page (marked “…”)"
        )
    if "bare" in kinds:
        notes.append("handout: the Q&A digest shows the questions only (answers left out)")
    elif "short" in kinds:
        notes.append("handout: Q&A answers shortened")
    if "image" in kinds:
        notes.append(f"handout: {count(steps, ('image',))} picture(s) left out to fit one page")
    if count(steps, BLOCK_KINDS):
        notes.append(
            f"handout: {count(steps, BLOCK_KINDS)} table(s), code block(s) or quote(s) left out to fit one page"
        )
    if "summary" in kinds:
        notes.append(f"handout: {count(steps, ('summary',))} summary point(s) left out (marked “…”)")
    return notes
