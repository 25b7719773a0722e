"""Subtitle cues from the narration for the script writer, built to the rules in
`generator/subtitle_rules.py`: lines filled to at most 18 CJK characters (or 42 Latin ones),
never breaking a word, closing marks kept with the word before them and opening ones with the
word after; two lines a cue, cut at sentences, then clauses; no cue without a letter or digit.
Timed at the voice's reading rate, then adjusted: a cue too short to read is merged into a
neighbour (or given time from one), one over 7 s is split at a clause, 2 frames part every
cue, and the last ends at the script's estimated length."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import subtitle_rules as rules
from ..text.scripts import WIDE_MARKS, WIDE_RANGES

LINE_UNITS = rules.LINE_UNITS  # a line holds 18 CJK characters; a Latin character counts 18/42
MAX_LINES = rules.MAX_LINES
_CJK = re.compile(f"[{WIDE_RANGES}{WIDE_MARKS}]")  # counts as a full-width character on a line
# Closing marks that may follow a sentence's final punctuation and belong to it.
_AFTER_END = r"(?:[”’」』）)》〉\]]|[\"'](?=\s|$|[.,。，])|\.(?=\s|$))*"
# Abbreviations and initials whose full stop does not end a sentence.
_NOT_END = (
    r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bProf)(?<!\bSt)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\b[A-Z])"
)
# A sentence ends at 。！？ (and . ! ? before a space) unless list punctuation follows.
_SENTENCE = re.compile(
    rf".+?(?:[。！？!?；;…]+{_AFTER_END}(?![、，,：:」』）)》〉])(?![^《〈]*[》〉])"
    rf"|{_NOT_END}\.{_AFTER_END}(?=\s)|$)",
    re.S,
)
# A token: a Latin word with the quotes and brackets around it and the space after it, a run
# of spaces, or one character. At most 8 opening marks before the word: unbounded, every
# position of a long run of `[` read the rest of the run again (quadratic).
_TOKEN = re.compile(r"[(\"'“‘\[]{0,8}[A-Za-z0-9][A-Za-z0-9'’.,:;!?%&/()\-\"”\]]*\s*|\s+|.", re.S)
_CLOSING = rules.CLOSING | set("…%")
_OPENING = rules.OPENING
_CLOSERS = r"[”’」』）)》\]\"']*"  # closing marks that stay with the clause mark before them


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
    """The sentences of text. A piece without a letter or digit (`".` after a question that
    ends inside quotation marks) and closing marks a split left at a sentence's start belong
    to the sentence before."""
    out: list[str] = []
    for piece in (m.group(0).strip() for m in _SENTENCE.finditer(text)):
        if not piece:
            continue
        lead = len(piece) - len(piece.lstrip("".join(_CLOSING - set("…")) + "\"'"))
        if out and not rules.has_letter(piece):
            out[-1] += piece
        elif out and lead and rules.starts_with_closing(piece):
            out[-1] += piece[:lead].rstrip()
            out.append(piece[lead:].strip())
        else:
            out.append(piece)
    if len(out) > 1 and not rules.has_letter(out[0]):  # nothing before it to join
        first = out.pop(0)
        out[0] = first + out[0]
    return out


def _opens_with_closing(token: str) -> bool:
    return token.strip()[:1] in _CLOSING or rules.starts_with_closing(token.strip())


def _ends_opening(token: str) -> bool:
    return token.strip()[-1:] in _OPENING or rules.ends_with_opening(token.strip())


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
        # Move words down until the break is allowed: the next line may not start with a
        # closing mark, this one may not end with an opening mark.
        while line and (_opens_with_closing(carry[0] if carry else token) or _ends_opening(line[-1])):
            moved = line.pop()
            widths[-1] -= _width(moved)
            carry.insert(0, moved)
        if not line:  # nothing could move: keep the marks on this line rather than loop
            line.extend(carry)
            widths[-1] += sum(_width(t) for t in carry)
            lines.append([token])
            widths.append(token_width)
            continue
        lines.append(carry + [token])
        widths.append(sum(_width(t) for t in carry) + token_width)
    joined = ("".join(line).strip() for line in lines)
    return [text for text in joined if text]


_CLAUSE = re.compile(rf".+?(?:[，、；：,;:]+{_CLOSERS}(?=.)|$)", re.S)


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
    marks = [m.end() for m in re.finditer(rf"[，、；：,;:]+{_CLOSERS}", text) if m.end() < len(text)]
    for cut in sorted(marks, key=lambda i: abs(units(text[:i]) - units(text[i:]))):
        left, right = text[:cut].strip(), text[cut:].strip()
        if units(left) <= LINE_UNITS and units(right) <= LINE_UNITS:
            return left, right
    return None


def _fits_cleanly(text: str) -> bool:
    return units(text.strip()) <= LINE_UNITS or _clean_split(text) is not None


def cue_strings(text: str) -> list[str]:
    """The text of each cue. Cues hold whole sentences where they fit, else whole clauses
    (cut at ，、；：); only a clause longer than a cue is cut inside, two lines at a time."""
    cues: list[str] = []
    for sentence in sentences(text):
        if _fits_cleanly(sentence):
            cues.append(sentence.strip())
            continue
        current = ""
        for clause in (m.group(0) for m in _CLAUSE.finditer(sentence) if m.group(0).strip()):
            joined = _join(current, clause)
            if current and _fits_cleanly(joined):
                current = joined
                continue
            if current:
                cues.append(current.strip())
            if _fits(clause):
                current = clause
                continue
            clause = clause.strip()
            spans = _spans(clause, _lines(clause))
            cues += [
                clause[spans[i][0] : spans[min(i + MAX_LINES, len(spans)) - 1][1]]
                for i in range(0, len(spans), MAX_LINES)
            ]
            current = ""
        if current:
            cues.append(current.strip())
    return cues


def _spans(text: str, lines: list[str]) -> list[tuple[int, int]]:
    """Where each line (a stripped run of the text's tokens, in order) sits in text."""
    out, at = [], 0
    for line in lines:
        at = text.index(line, at)
        out.append((at, at + len(line)))
        at += len(line)
    return out


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


# Times are whole milliseconds, as the files write them, so the rules hold exactly.
MIN_MS = -int(-rules.MIN_SECONDS * 1000 // 1)  # 834
MAX_MS = int(rules.MAX_SECONDS * 1000)
GAP_MS = -int(-rules.MIN_GAP_SECONDS * 1000 // 1)  # 84


@dataclass(frozen=True)
class _Piece:
    """A cue before its final timing: its slide, text, lines and the time its narration
    takes (start, end in ms, back to back with its neighbours)."""

    slide: int
    text: str
    lines: tuple[str, ...]
    start: int
    end: int


def timed_cues(
    texts: list[str], seconds: list[float], reading, pauses: list[float] | None = None
) -> list[Cue]:
    """Cues for every slide's narration. Each slide's cues first share its time in proportion
    to their own reading time; then a cue too short (under 5/6 s, or under its reading-speed
    floor) is merged into a neighbour on its slide when the two fit in one cue, one over 7 s is
    split, and the times are moved as little as possible to give every cue its minimum and
    2 frames before the next. The total stays: the last cue ends where the narration does.

    `pauses` (voiced narration: the silence each slide's clip ends in) are left out of the
    share: the cues share the speech, and a slide's last cue ends with its speech (or its
    minimum), so no words are shown over the pause."""
    pieces: list[_Piece] = []
    start = 0.0
    quiet = list(pauses or [])
    for slide, (text, duration) in enumerate(zip(texts, seconds, strict=False)):
        strings = cue_strings(text)
        weights = [max(reading(cue), 1e-9) for cue in strings]
        total, done = sum(weights), 0.0
        speech = max(duration - (quiet[slide] if slide < len(quiet) else 0.0), duration / 2)
        for cue, weight in zip(strings, weights, strict=False):
            a = _ms(start + speech * done / total)
            done += weight
            pieces.append(_Piece(slide, cue, _as_cue(cue), a, _ms(start + speech * done / total)))
        start += duration
    pieces = _merge_short(pieces)
    pieces = [part for piece in pieces for part in _split_long(piece, reading)]
    return _retime(pieces, _ms(start), speech_ends=bool(quiet))


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def _need(piece: _Piece, last: bool) -> int:
    """The time a cue's slot must have: 5/6 s or what the reading-speed cap asks, whichever
    is more, and the 2-frame gap before the next cue."""
    return MIN_MS + _extra(piece) + (0 if last else GAP_MS)


def _extra(piece: _Piece) -> int:
    """What the reading-speed cap asks beyond 5/6 s."""
    floor = -int(-rules.reading_floor("\n".join(piece.lines)) * 1000 // 1)
    return max(0, floor - MIN_MS)


def _needs(pieces: list[_Piece], total: int) -> list[int]:
    """Each cue's `_need`, when the total allows them all. When it does not (narration that
    reads faster than the cap from end to end), the total wins, then 5/6 s and the gaps; the
    reading-speed shares shrink alike."""
    n = len(pieces)
    base = [MIN_MS + (0 if k == n - 1 else GAP_MS) for k in range(n)]
    extra = [_extra(p) for p in pieces]
    room = total - sum(base)
    if room < 0:  # more cues than time: even the minimums shrink alike
        return [b * total // sum(base) for b in base]
    if sum(extra) > room:
        extra = [x * room // sum(extra) for x in extra]
    return [b + x for b, x in zip(base, extra, strict=False)]


def _merge_short(pieces: list[_Piece]) -> list[_Piece]:
    """Each cue too short to read joins a neighbour on its slide (slides change the picture, so
    a cue does not cross one) when the pair fits in two lines and 7 s: the next cue for a
    cue that ends mid-sentence, the previous one for a sentence's tail."""
    out = list(pieces)
    i = 0
    while i < len(out):
        piece = out[i]
        if piece.end - piece.start >= _need(piece, i == len(out) - 1):
            i += 1
            continue
        tail = piece.text.rstrip("”’」』）)》〉]\"' ")[-1:] in "。！？!?.…"
        merged = None
        for j in (i - 1, i + 1) if tail else (i + 1, i - 1):
            if not 0 <= j < len(out) or out[j].slide != piece.slide:
                continue
            a, b = out[min(i, j)], out[max(i, j)]
            text = _join(a.text, b.text)
            lines = _as_cue(text)
            if len(lines) <= MAX_LINES and b.end - a.start <= MAX_MS:
                merged = min(i, j), _Piece(a.slide, text, lines, a.start, b.end)
                break
        if merged is None:
            i += 1
            continue
        at, out[at : at + 2] = merged[0], [merged[1]]
        i = at  # the merged cue may still be short
    return out


def _split_long(piece: _Piece, reading) -> list[_Piece]:
    """A cue whose narration takes over 7 s, cut in two (and again if need be): at a clause
    mark, else at its line break, else at any word or CJK character, the cut that leaves both
    halves between the minimum and 7 s and shares the time most evenly."""
    if piece.end - piece.start <= MAX_MS:
        return [piece]
    text = piece.text
    best = None
    for rank, cut in _cuts(text, piece.lines):
        left, right = text[:cut].strip(), text[cut:].strip()
        wl, wr = max(reading(left), 1e-9), max(reading(right), 1e-9)
        middle = piece.start + int(round((piece.end - piece.start) * wl / (wl + wr)))
        halves = (middle - piece.start, piece.end - middle)
        within = all(MIN_MS + GAP_MS <= h <= MAX_MS for h in halves)
        key = (not within, rank if within else 0, abs(halves[0] - halves[1]))
        if best is None or key < best[0]:
            best = key, left, right, middle
    if best is None:  # no legal cut (one long word): leave it whole
        return [piece]
    _, left, right, middle = best
    return _split_long(_Piece(piece.slide, left, _as_cue(left), piece.start, middle), reading) + _split_long(
        _Piece(piece.slide, right, _as_cue(right), middle, piece.end), reading
    )


def _cuts(text: str, lines: tuple[str, ...]):
    """(rank, position) of every place text may be cut into two cues: 0 after a clause mark,
    1 at the line break, 2 between words or CJK characters; never leaving a closing mark to
    start a cue, an opening one to end it, or a half without a letter or digit."""
    clauses = {m.end() for m in re.finditer(rf"[，、；：,;:]+{_CLOSERS}\s*", text)}
    spans = _spans(text, list(lines))
    breaks = {spans[1][0]} if len(spans) > 1 else set()
    for at in range(1, len(text)):
        before, here = text[at - 1], text[at]
        if here.isspace() or not (before.isspace() or _CJK.match(before) or _CJK.match(here)):
            continue
        left, right = text[:at].strip(), text[at:].strip()
        if not (rules.has_letter(left) and rules.has_letter(right)):
            continue
        if _opens_with_closing(right) or _ends_opening(left):
            continue
        yield (0 if at in clauses else 1 if at in breaks else 2), at


def _retime(pieces: list[_Piece], total: int, speech_ends: bool = False) -> list[Cue]:
    """Final times: each cue starts where its narration does unless an earlier cue needs the
    time (then it starts as soon as that one has its minimum), and never so late that the
    cues after it could not all have theirs before `total`. A cue shows until 2 frames before
    the next, for at most 7 s; the last ends at `total`. With `speech_ends`, a slide's last
    cue ends where its narration does (when that leaves it its minimum)."""
    n = len(pieces)
    if not n:
        return []
    need = _needs(pieces, total)
    rest = [0] * (n + 1)  # rest[k]: what the cues from k on need
    for k in range(n - 1, -1, -1):
        rest[k] = rest[k + 1] + need[k]
    bounds = [0]
    for k in range(1, n):
        bounds.append(min(max(pieces[k].start, bounds[-1] + need[k - 1]), total - rest[k]))
    bounds.append(total)
    cues = []
    for k, piece in enumerate(pieces):
        end = bounds[k + 1] if k == n - 1 else bounds[k + 1] - GAP_MS
        if speech_ends and (k == n - 1 or pieces[k + 1].slide != piece.slide):
            shortest = bounds[k] + need[k] - (0 if k == n - 1 else GAP_MS)
            end = min(end, max(piece.end, shortest))
        cues.append(Cue(bounds[k] / 1000, min(end, bounds[k] + MAX_MS) / 1000, piece.lines))
    return cues
