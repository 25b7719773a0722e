"""Subtitle cues from the narration: lines filled to at most 18 CJK characters (or 42 Latin
ones), never breaking a word or starting a line with closing punctuation; two lines a cue,
cues never spanning sentences; timed at the voice's reading rate so each slide's cues end
exactly where its narration does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

LINE_UNITS = 18.0  # a line holds 18 CJK characters; a Latin character counts 18/42 of one
MAX_LINES = 2
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…·—]")
# A sentence ends at 。！？ (and . ! ? before a space) unless list punctuation follows.
_SENTENCE = re.compile(r".+?(?:[。！？!?；;…]+[”’」』）)》〉]*(?![、，,：:」』）)》〉])(?![^《〈]*[》〉])|\.(?=\s)|$)", re.S)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,:;!?%&/()\-]*\s*|\s+|.", re.S)
_CLOSING = set("，。、！？；：」』）》〉”’,.!?;:)]}…%")
_OPENING = set("「『（《〈“‘([{")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.lines)


_CJK_WIDTH, _LATIN_WIDTH = 42, 18  # in 42nds of a line unit: integers, so sums are exact


@lru_cache(maxsize=1 << 16)  # mostly single characters and short words: a small, hot set
def _width(text: str) -> int:
    cjk = len(_CJK.findall(text))
    return cjk * _CJK_WIDTH + (len(text) - cjk) * _LATIN_WIDTH


def units(text: str) -> float:
    return _width(text) / _CJK_WIDTH


def sentences(text: str) -> list[str]:
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def fill_lines(sentence: str, limit: float = LINE_UNITS) -> list[str]:
    """Greedy line filling: CJK breaks anywhere, Latin at spaces; kinsoku both ways.
    Widths are kept as running integer sums, so a long clause costs linear time."""
    room = limit * _CJK_WIDTH
    lines: list[list[str]] = [[]]
    widths = [0]  # width of each line's tokens, all of them (trailing spaces included)
    for token in _TOKEN.findall(sentence):
        line = lines[-1]
        if not line and not token.strip():
            continue
        token_width = _width(token)
        if widths[-1] + _width(token.rstrip()) <= room:
            line.append(token)
            widths[-1] += token_width
            continue
        if _width(token.rstrip()) > room:  # one word longer than a line: cut it
            for ch in token:
                ch_width = _width(ch)
                if widths[-1] + ch_width > room:
                    lines.append([])
                    widths.append(0)
                lines[-1].append(ch)
                widths[-1] += ch_width
            continue
        carry: list[str] = []
        # A closing mark may not start the next line, an opening one may not end this one.
        while line and (token.strip()[:1] in _CLOSING and not carry or line[-1].strip()[-1:] in _OPENING):
            moved = line.pop()
            widths[-1] -= _width(moved)
            carry.insert(0, moved)
            if not (line and line[-1].strip()[-1:] in _OPENING):
                break
        if not line:  # nothing could move: keep the mark on this line rather than loop
            line.extend(carry)
            widths[-1] += sum(_width(t) for t in carry)
            lines.append([token])
            widths.append(token_width)
            continue
        lines.append(carry + [token])
        widths.append(sum(_width(t) for t in carry) + token_width)
    return [("".join(l)).strip() for l in lines if "".join(l).strip()]


_CLAUSE = re.compile(r".+?(?:[，、；：,;:]+[”’」』）)》]*(?=.)|$)", re.S)


def _lines(text: str) -> list[str]:
    lines = fill_lines(text)
    if len(lines) > 1:  # even out the lines, so a cue does not end on a stub
        slots = MAX_LINES * -(-len(lines) // MAX_LINES)
        balanced = fill_lines(text, min(LINE_UNITS, units(text) / slots + 2))
        if len(balanced) <= slots:
            lines = balanced
    return lines


def _fits(text: str) -> bool:
    return len(fill_lines(text)) <= MAX_LINES


def _clean_split(text: str) -> tuple[str, str] | None:
    """Two lines cut at a clause mark, both within a line; None when there is no such cut."""
    text = text.strip()
    marks = [m.end() for m in re.finditer(r"[，、；：,;:]+[”’」』）)》]*", text) if m.end() < len(text)]
    for cut in sorted(marks, key=lambda i: abs(units(text[:i]) - units(text[i:]))):
        left, right = text[:cut].strip(), text[cut:].strip()
        if units(left) <= LINE_UNITS and units(right) <= LINE_UNITS:
            return left, right
    return None


def _fits_cleanly(text: str) -> bool:
    return units(text.strip()) <= LINE_UNITS or _clean_split(text) is not None


def cue_texts(text: str) -> list[tuple[str, ...]]:
    """Each cue as its lines. Cues hold whole sentences where they fit, else whole clauses
    (cut at ，、；：); only a clause longer than a cue is cut inside, two lines at a time."""
    cues: list[tuple[str, ...]] = []
    for sentence in sentences(text):
        if _fits_cleanly(sentence):
            cues.append(_as_cue(sentence))
            continue
        current = ""
        for clause in (m.group(0) for m in _CLAUSE.finditer(sentence) if m.group(0).strip()):
            joined = _join(current, clause)
            if current and _fits_cleanly(joined):
                current = joined
                continue
            if current:
                cues.append(_as_cue(current))
            if _fits(clause):
                current = clause
                continue
            lines = _lines(clause.strip())
            cues += [tuple(lines[i:i + MAX_LINES]) for i in range(0, len(lines), MAX_LINES)]
            current = ""
        if current:
            cues.append(_as_cue(current))
    return cues


def _as_cue(text: str) -> tuple[str, ...]:
    """Two lines broken at a clause mark when both halves fit; else balanced line filling."""
    text = text.strip()
    if units(text) > LINE_UNITS:
        split = _clean_split(text)
        if split:
            return split
    return tuple(_lines(text))


def _join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1] != " " and right[0].isascii() and right[0] != " ":
        return f"{left} {right}"
    return left + right


def timed_cues(texts: list[str], seconds: list[float], reading) -> list[Cue]:
    """Cues for every slide's narration, back to back; each slide's cues share its time in
    proportion to their own reading time."""
    cues: list[Cue] = []
    start = 0.0
    for text, duration in zip(texts, seconds):
        pieces = cue_texts(text)
        weights = [max(reading("".join(p)), 1e-9) for p in pieces]
        total = sum(weights)
        clock = start
        for lines, weight in zip(pieces, weights):
            end = clock + duration * weight / total
            cues.append(Cue(clock, end, lines))
            clock = end
        start += duration
    return cues
