"""What a subtitle cue must be for players and upload forms to accept it, as pure code: the
limits, an SRT/WebVTT parser that keeps line numbers, and `violations`, which lists every
rule a file breaks. `writers/subtitles.py` builds cues to these limits; `deckcast check` and
the tests read real files back through them.

The limits are Netflix's Timed Text Style Guide, which most subtitle guides copy:
- General Requirements: an event lasts at least 5/6 s (20 frames at 24 fps) and at most 7 s,
  with at least 2 frames between events, and has at most 2 lines.
- Reading speed, adult programmes: English Template 17 characters a second (200 words a
  minute; the English (USA) guide allows up to 20 — we keep the stricter 17); Traditional
  Chinese and Simplified Chinese (PRC) guides up to 9 characters a second.
- Line length: the English Template's 42 characters. For Chinese the guides say 16
  characters; deckcast keeps its documented 18 (README, "What a build writes").
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MIN_SECONDS = 5 / 6
MAX_SECONDS = 7.0
MIN_GAP_SECONDS = 2 / 24  # 2 frames at 24 fps
MAX_LINES = 2
LINE_UNITS = 18.0  # a line holds 18 wide (CJK) characters; any other character counts 18/42
LATIN_LINE = 42
CJK_CPS = 9.0  # Netflix Traditional / Simplified Chinese, adult programmes
LATIN_CPS = 17.0  # Netflix English Template, adult programmes
SLACK = 0.0015  # times are written in whole milliseconds

# Marks that belong to the word before them (never start a line) or after them (never end one).
# Straight quotes are both; which one a straight quote is follows from what is beside it.
CLOSING = set("，。、！？；：」』）》〉】〕］｝”’,.!?;:)]}")
OPENING = set("「『（《〈【〔［｛“‘([{")
STRAIGHT = set("\"'")


@dataclass(frozen=True)
class Subtitle:
    number: int  # 1-based position in the file
    start: float
    end: float
    lines: tuple[str, ...]
    line: int = 0  # the file line of the timing line (0: not from a file)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Violation:
    cue: int | None  # the cue's number; None: the file as a whole
    line: int  # the file line it is on (0 when unknown)
    rule: str  # short name: duration, gap, lines, length, speed, letter, closing, opening, format
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}cue {self.cue}: {self.message}" if self.cue else f"{where}{self.message}"


# --------------------------------------------------------------------------- measures


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def line_units(line: str) -> float:
    """Width of a line in wide characters: a wide/full-width character is 1, others 18/42."""
    wide = sum(1 for ch in line if _wide(ch))
    return wide + (len(line) - wide) * LINE_UNITS / LATIN_LINE


def reading_floor(text: str) -> float:
    """The shortest time the reading-speed caps allow for text: each wide character at 9 a
    second, every other character (spaces and punctuation included) at 17; line breaks free."""
    text = text.replace("\n", "")
    wide = sum(1 for ch in text if _wide(ch))
    return wide / CJK_CPS + (len(text) - wide) / LATIN_CPS


def starts_with_closing(text: str) -> bool:
    if not text:
        return False
    if text[0] in STRAIGHT:  # a closing straight quote has no word right after it
        return len(text) == 1 or not (text[1].isalnum() or text[1] in OPENING)
    return text[0] in CLOSING


def ends_with_opening(text: str) -> bool:
    if not text:
        return False
    if text[-1] in STRAIGHT:  # an opening straight quote has no word right before it
        return len(text) == 1 or text[-2].isspace() or text[-2] in OPENING
    return text[-1] in OPENING


def has_letter(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --------------------------------------------------------------------------- parsing

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
_VTT_TAG = re.compile(r"</?(?:[a-z]+)(?:\.[\w.-]+)?(?:\s[^>]*)?>|<\d[\d:.]*>")


def _seconds(h, m, s, ms) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse(text: str) -> tuple[list[Subtitle], list[Violation]]:
    """The cues of an SRT or WebVTT file, each with the file line of its timing line, and the
    blocks that are not cues (a missing or malformed timing line) as `format` violations.
    VTT text is given as shown: entities decoded, tags (<i>, <v Name>, <c.x>) removed."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    vtt = lines[0].startswith("WEBVTT")
    cues: list[Subtitle] = []
    problems: list[Violation] = []
    i = 0
    if vtt:  # the header runs to the first blank line
        while i < len(lines) and lines[i].strip():
            i += 1
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        first = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        if vtt and re.match(r"^(NOTE|STYLE|REGION)\b", block[0]):
            continue
        at = next((k for k, line in enumerate(block[:2]) if _TIMING.match(line)), None)
        if at is None:
            problems.append(
                Violation(
                    None,
                    first + 1,
                    "format",
                    f"a block without a timing line `start --> end`: {block[0][:40]!r}",
                )
            )
            continue
        g = _TIMING.match(block[at]).groups()
        payload = block[at + 1 :]
        if vtt:
            payload = [html.unescape(_VTT_TAG.sub("", line)) for line in payload]
        cues.append(
            Subtitle(len(cues) + 1, _seconds(*g[:4]), _seconds(*g[4:]), tuple(payload), first + at + 1)
        )
    return cues, problems


# --------------------------------------------------------------------------- the rules


def violations(cues: list[Subtitle]) -> list[Violation]:
    """Every rule each cue breaks, in cue order: duration, gap to the next cue, lines, line
    length, reading speed, a letter or digit, and closing/opening marks at line edges."""
    out: list[Violation] = []
    for n, cue in enumerate(cues):
        out += _cue_violations(cue)
        if n + 1 < len(cues):
            out += _gap_violations(cue, cues[n + 1])
    return out


def _line_violations(k: int, line: str) -> list[tuple[str, str]]:
    """The rules one subtitle line (the k-th of its cue) breaks, as (rule, message)."""
    out = []
    width = line_units(line)
    if width > LINE_UNITS + 1e-9:
        limit = (
            f"{LATIN_LINE} characters"
            if not any(_wide(ch) for ch in line)
            else f"{LINE_UNITS:g} CJK characters"
        )
        out.append(("length", f"line {k + 1} is too long ({width:.1f} units; at most {limit}): {line!r}"))
    if starts_with_closing(line.strip()):
        out.append(("closing", f"line {k + 1} starts with a closing mark {line.strip()[0]!r}: {line!r}"))
    if ends_with_opening(line.strip()):
        out.append(("opening", f"line {k + 1} ends with an opening mark {line.strip()[-1]!r}: {line!r}"))
    return out


def _cue_violations(cue: Subtitle) -> list[Violation]:
    out = []

    def add(rule: str, message: str, line: int = 0) -> None:
        out.append(Violation(cue.number, line or cue.line, rule, message))

    shown = cue.end - cue.start
    if shown < MIN_SECONDS - SLACK:
        add("duration", f"on screen {shown:.3f} s, under the minimum 5/6 s (0.833 s)")
    if shown > MAX_SECONDS + SLACK:
        add("duration", f"on screen {shown:.3f} s, over the maximum {MAX_SECONDS:g} s")
    if not cue.lines or not any(line.strip() for line in cue.lines):
        add("letter", "no text")
        return out
    if not has_letter(cue.text):
        add("letter", f"no letter or digit: {cue.text!r}")
    if len(cue.lines) > MAX_LINES:
        add("lines", f"{len(cue.lines)} lines, more than {MAX_LINES}")
    for k, line in enumerate(cue.lines):
        for rule, message in _line_violations(k, line):
            add(rule, message, cue.line + 1 + k if cue.line else 0)
    floor = reading_floor(cue.text)
    if shown > 0 and shown < floor - SLACK:
        add(
            "speed",
            f"reads at {len(cue.text.replace(chr(10), '')) / shown:.1f} characters a second: "
            f"{floor:.2f} s needed at {CJK_CPS:g} (CJK) / {LATIN_CPS:g} (other) a second, {shown:.3f} s given",
        )
    return out


def _gap_violations(cue: Subtitle, after: Subtitle) -> list[Violation]:
    gap = after.start - cue.end
    if after.start < cue.start - SLACK:
        return [Violation(after.number, after.line, "gap", f"starts before cue {cue.number} does")]
    if gap < -SLACK:
        return [Violation(after.number, after.line, "gap", f"overlaps cue {cue.number} by {-gap:.3f} s")]
    if gap < MIN_GAP_SECONDS - SLACK:
        return [
            Violation(
                after.number,
                after.line,
                "gap",
                f"starts {gap:.3f} s after cue {cue.number} ends; "
                f"at least 2 frames (0.083 s) are needed between cues",
            )
        ]
    return []
