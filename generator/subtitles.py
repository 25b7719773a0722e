"""Subtitle cues from the narration: lines filled to at most 18 CJK characters (or 42 Latin
ones), never breaking a word or starting a line with closing punctuation; two lines a cue,
cues never spanning sentences; timed at the voice's reading rate so each slide's cues end
exactly where its narration does."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def units(text: str) -> float:
    return sum(1.0 if _CJK.match(ch) else LINE_UNITS / 42.0 for ch in text)


def sentences(text: str) -> list[str]:
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def fill_lines(sentence: str, limit: float = LINE_UNITS) -> list[str]:
    """Greedy line filling: CJK breaks anywhere, Latin at spaces; kinsoku both ways."""
    tokens = [t for t in _TOKEN.findall(sentence)]
    lines: list[list[str]] = [[]]
    for token in tokens:
        line = lines[-1]
        if not line and not token.strip():
            continue
        if units("".join(line) + token.rstrip()) <= limit:
            line.append(token)
            continue
        if units(token.rstrip()) > limit:  # one word longer than a line: cut it
            for ch in token:
                if units("".join(lines[-1]) + ch) > limit:
                    lines.append([])
                lines[-1].append(ch)
            continue
        carry: list[str] = []
        # A closing mark may not start the next line, an opening one may not end this one.
        while line and (token.strip()[:1] in _CLOSING and not carry or line[-1].strip()[-1:] in _OPENING):
            carry.insert(0, line.pop())
            if not (line and line[-1].strip()[-1:] in _OPENING):
                break
        if not line:  # nothing could move: keep the mark on this line rather than loop
            line.extend(carry)
            carry = []
            lines.append([token])
            continue
        lines.append(carry + [token])
    return [("".join(l)).strip() for l in lines if "".join(l).strip()]


def cue_texts(text: str) -> list[tuple[str, ...]]:
    """Each cue as its lines: sentence by sentence, two lines at a time."""
    cues = []
    for sentence in sentences(text):
        lines = fill_lines(sentence)
        if len(lines) > 1:  # even out the lines, so a sentence does not end on a stub
            slots = MAX_LINES * -(-len(lines) // MAX_LINES)
            balanced = fill_lines(sentence, min(LINE_UNITS, units(sentence) / slots + 2))
            if len(balanced) <= slots:
                lines = balanced
        for i in range(0, len(lines), MAX_LINES):
            cues.append(tuple(lines[i:i + MAX_LINES]))
    return cues


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
