"""The voice track: the clips loudness-normalised and AAC-encoded, one segment per clip, each
kept in the clip cache, and joined frame by frame into one AAC stream (episode.m4a's, and the
video's). Editing one slide re-encodes one segment; the rest is copied.

Why it can be joined without re-encoding: an AAC frame is 1024 samples, and a frame depends on
its neighbours only through the overlap of their windows. Each clip ends in its pause (digital
silence, at least `FRAME + LEAD` samples) and every clip starts on a multiple of 1024 samples
(voicing pads each clip's pause to that), so a segment is cut `LEAD` samples before its clip
starts, inside the silence: it begins with LEAD samples of silence and ends in silence. Its
first frame (the encoder's priming, decoded as silence) is dropped when it follows another
segment, and where two segments meet the windows overlap only silence. The joined stream
decodes to the same samples as one encode of the whole, within the coder's own noise. Clips
that do not meet that (no pause, or not aligned: clips made outside `voice_slides`) are put in
one segment with their neighbours, which is always right, only cached less well.

Loudness (EBU R128) is measured per clip too: ffmpeg's ebur128 gives the loudness of every
400 ms block at 100 ms steps, the clip's blocks are cached, and the episode's integrated
loudness is gated over all of them (ITU-R BS.1770: the -70 LUFS absolute gate, then 10 LU
below the mean), as one measurement of the joined audio would be. The gains are rounded to
0.1 dB, so an edit that barely moves the loudness keeps every other segment."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import tempfile
import wave
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import ffmpeg
from .kept import keep, used
from .loudness import MAX_GAIN_DB, SILENT_LUFS, TARGET_LUFS, gain_filter
from .voicing import RATE, Clip

FRAME = 1024  # samples in one AAC frame
LEAD = FRAME  # the silence a segment starts with, taken from the pause before it
PRIMING = FRAME  # the encoder's delay: the stream's first frame, skipped by players (edit list)
BLOCK_LEAD = 0.3  # s of silence measured before each clip: the blocks that start before it
MAKE_UP = 4  # times the gain is corrected for what the limiter took, at most
MEASURE_BATCH = 12  # clips measured by one ffmpeg process
VERSION = "track 1"  # part of every cached segment's and measurement's name
# Mono speech at 96 kb/s; AAC's fast coder (the default two-loop one takes 3 times as long).
AAC = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k", "-ar", str(RATE), "-ac", "1"]


@dataclass(frozen=True)
class Track:
    """The joined AAC stream, in an MP4 of its own (its priming in the edit list), and what
    it holds."""

    path: Path
    samples: int  # at RATE, without the priming
    gain: float  # dB, applied before the limiter
    made: int  # segments encoded by this build (the rest came from the cache)

    def input_args(self) -> list[str]:
        return ["-i", str(self.path)]


@dataclass(frozen=True)
class _Slot:
    """One clip on the timeline: its file as mono 16-bit PCM at RATE, where it starts and how
    many samples it fills (its file cut or padded with silence to that)."""

    clip: Clip
    path: Path
    start: int
    length: int
    digest: str


@dataclass(frozen=True)
class _Segment:
    slots: tuple[_Slot, ...]
    begin: int  # on the timeline, samples
    end: int

    @property
    def first(self) -> bool:
        return self.begin == 0


def voice_track(clips: Sequence[Clip], target: Path, work: Path, cache: Path | None, jobs: int = 1) -> Track:
    """The clips as one loudness-normalised AAC stream in `target` (an MP4 with nothing else:
    writers copy the stream from it). Segments and loudness measurements are kept in `cache`
    (None: only in `work`, for this build)."""
    store = _store(cache, work)
    slots = _slots(clips, work, jobs)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        gain = _gain(slots, store, pool, work)
        segments = _segments(slots)
        files = list(pool.map(lambda s: _encoded(s, gain, store, work), segments))
    joined = work / "voice.aac"
    _join(segments, [path for path, _ in files], joined)
    # The priming marked as before the start: the MP4 muxer writes the edit list players skip
    # it by. Put in an MP4 of its own first: muxed with chapters straight from the ADTS reader's
    # 1/28224000 clock, ffmpeg's MP4 muxer writes broken chapters.
    args = ["-itsoffset", f"-{PRIMING / RATE:.9f}", "-f", "aac", "-i", str(joined), "-c:a", "copy"]
    ffmpeg.run(
        [*args, "-map_metadata", "-1", "-fflags", "+bitexact", "-f", "mp4", str(target)], "the voice track"
    )
    total = slots[-1].start + slots[-1].length if slots else 0
    return Track(target, total, gain, sum(made for _, made in files))


def gain_of(clips: Sequence[Clip], work: Path, cache: Path | None, jobs: int = 1) -> float:
    """The gain (dB, before the limiter) that brings the clips, joined, to the target."""
    store = _store(cache, work)
    slots = _slots(clips, work, jobs)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return _gain(slots, store, pool, work)


def joined_pcm(clips: Sequence[Clip], target: Path, work: Path, jobs: int = 1) -> Path:
    """The clips one after another as one mono 16-bit WAV at RATE in `target`, each cut or
    padded with silence to its duration on the running total (what the segments hold,
    unencoded: for an encoder whose frames cannot be joined, MP3's). Streamed."""
    slots = _slots(clips, work, jobs)
    end = slots[-1].start + slots[-1].length if slots else 0
    _write_pcm(_Segment(tuple(slots), 0, end), target)
    return target


def _store(cache: Path | None, work: Path) -> Path:
    store = (cache / "segments") if cache else work / "segments"
    store.mkdir(parents=True, exist_ok=True)
    return store


# --------------------------------------------------------------------------- the timeline


def _slots(clips: Sequence[Clip], work: Path, jobs: int) -> list[_Slot]:
    """Each clip's place: from the running total of durations, in samples (so rounding never
    accumulates), its file converted when it is not mono 16-bit PCM at RATE."""
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        paths = list(pool.map(lambda c: _as_mono16(c, work), clips))
    out, at, start = [], 0.0, 0
    for clip, path in zip(clips, paths, strict=True):
        at += clip.seconds
        end = round(at * RATE)
        out.append(_Slot(clip, path, start, end - start, _digest(path)))
        start = end
    return out


def _segments(slots: list[_Slot]) -> list[_Segment]:
    """Slots grouped into segments that start LEAD samples before a clip aligned to FRAME and
    follow LEAD + FRAME samples of silence; a clip that cannot start one joins the one before."""
    if not slots:
        return []
    cuts = [0]
    for before, slot in zip(slots, slots[1:], strict=False):
        cut = slot.start - LEAD
        fits = slot.start % FRAME == 0 and cut - FRAME >= max(before.start, cuts[-1] + FRAME)
        if fits and _silent_tail(before, slot.start - (cut - FRAME)):
            cuts.append(cut)
    ends = [*cuts[1:], slots[-1].start + slots[-1].length]
    out = []
    for begin, end in zip(cuts, ends, strict=True):
        inside = tuple(s for s in slots if s.start + s.length > begin and s.start < end)
        out.append(_Segment(inside, begin, end))
    return out


def _silent_tail(slot: _Slot, samples: int) -> bool:
    """Whether the last `samples` of the slot are digital silence (a padded tail is)."""
    with wave.open(str(slot.path), "rb") as clip:
        have = clip.getnframes()
        begin = slot.length - samples
        if have <= begin:
            return True
        clip.setpos(begin)
        data = clip.readframes(min(samples, have - begin))
    return not data.strip(b"\0")


# --------------------------------------------------------------------------- loudness


def _gain(slots: list[_Slot], store: Path, pool: ThreadPoolExecutor, work: Path) -> float:
    """The gain to the target: measured, then measured again through the limiter (which takes
    some loudness off peaky voices, espeak-ng's about 1 LU, more the more it lifts) and
    corrected, up to MAKE_UP times while it is more than 0.2 LU off: first by the difference,
    then along the line through the last two measurements (the limiter gives back less than
    the gain added)."""

    def loudness(before: str) -> float | None:
        blocks = _measured(slots, before, store, pool, work)
        return _integrated([b for found in blocks for b in found])

    first = loudness("")
    if first is None:
        return 0.0
    gain = round(min(MAX_GAIN_DB, TARGET_LUFS - first), 1)
    tried: list[tuple[float, float]] = []
    for _ in range(MAKE_UP):
        through = loudness(gain_filter(gain) + ",")
        if through is None or abs(TARGET_LUFS - through) <= 0.2:
            break
        tried.append((gain, through))
        slope = 1.0
        if len(tried) >= 2 and tried[-1][0] != tried[-2][0]:
            (g0, l0), (g1, l1) = tried[-2:]
            slope = min(1.0, max(0.2, (l1 - l0) / (g1 - g0)))
        step = round(min(MAX_GAIN_DB, gain + (TARGET_LUFS - through) / slope), 1)
        if step == gain or any(step == g for g, _ in tried):
            break
        gain = step
    return gain


def _integrated(blocks: list[float]) -> float | None:
    """BS.1770's gated loudness of 400 ms blocks (their momentary loudness, LUFS); None for
    silence."""
    loud = [b for b in blocks if b > -70.0]
    if not loud:
        return None
    relative = _mean(loud) - 10.0
    gated = [b for b in loud if b > relative]
    value = _mean(gated) if gated else None
    return None if value is None or value <= SILENT_LUFS else value


def _mean(blocks: list[float]) -> float:
    power = sum(10 ** ((b + 0.691) / 10) for b in blocks) / len(blocks)
    return -0.691 + 10 * math.log10(power)


def _measured(
    slots: list[_Slot], before: str, store: Path, pool: ThreadPoolExecutor, work: Path
) -> list[list[float]]:
    """Each slot's momentary loudness every 100 ms, with BLOCK_LEAD of silence before it (the
    pause it follows), through the filters `before`; cached by the clip's digest. The slots
    not in the cache are measured MEASURE_BATCH to an ffmpeg process (each with its own
    filters, so a clip measures the same alone or with others)."""
    keys = [store / f"{_key(VERSION, 'r128', s.digest, s.length, before)}.json" for s in slots]
    found: list[list[float] | None] = [_cached_blocks(path) for path in keys]
    missing = [k for k, blocks in enumerate(found) if blocks is None]
    batches = [missing[k : k + MEASURE_BATCH] for k in range(0, len(missing), MEASURE_BATCH)]
    measured = pool.map(lambda batch: _measure([slots[k] for k in batch], before, work), batches)
    for batch, results in zip(batches, measured, strict=True):
        for k, blocks in zip(batch, results, strict=True):
            keep(keys[k], json.dumps(blocks).encode())
            found[k] = blocks
    return [blocks or [] for blocks in found]


def _cached_blocks(path: Path) -> list[float] | None:
    try:
        blocks = [float(b) for b in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None
    used(path)
    return blocks


def _measure(slots: list[_Slot], before: str, work: Path) -> list[list[float]]:
    """One ffmpeg process: each slot through its own chain into its own list of blocks."""
    folder = Path(tempfile.mkdtemp(prefix=".r128-", dir=work))
    lead = round(BLOCK_LEAD * RATE)
    inputs: list[str] = []
    graph, outputs = [], []
    for k, slot in enumerate(slots):
        inputs += ["-i", str(slot.path)]
        log = filter_path(folder / f"{k}.txt")
        chain = f"apad,atrim=end_sample={slot.length},adelay={lead}S:all=1,{before}"
        chain += f"ebur128=metadata=1,ametadata=mode=print:key=lavfi.r128.M:file='{log}'"
        graph.append(f"[{k}:a]{chain}[m{k}]")
        outputs += ["-map", f"[m{k}]", "-f", "null", "-"]
    what = f"the loudness of slide {slots[0].clip.slide}" + (
        f" to {slots[-1].clip.slide}" if len(slots) > 1 else ""
    )
    ffmpeg.run([*inputs, "-filter_complex", ";".join(graph), *outputs], what)
    out = []
    for k in range(len(slots)):
        text = (folder / f"{k}.txt").read_text(encoding="utf-8")
        out.append([float(line.split("=", 1)[1]) for line in text.splitlines() if "r128.M=" in line])
    return out


def filter_path(path: Path) -> str:
    """A path inside a quoted filter option: quotes, colons and backslashes escaped."""
    return str(path.resolve()).replace("\\", "\\\\").replace("'", "'\\\\\\''").replace(":", "\\:")


# --------------------------------------------------------------------------- segments


def _encoded(segment: _Segment, gain: float, store: Path, work: Path) -> tuple[Path, bool]:
    """The segment's AAC frames (ADTS), from the cache or encoded now: (path, encoded now)."""
    said = [(s.digest, s.start - segment.begin, s.length) for s in segment.slots]
    key = _key(VERSION, AAC, gain, segment.end - segment.begin, said)
    path = store / f"{key}.aac"
    if path.is_file() and _frames_ok(path, segment):
        used(path)
        return path, False
    with tempfile.TemporaryDirectory(prefix=".segment-", dir=work) as folder:
        pcm = Path(folder) / "segment.wav"
        _write_pcm(segment, pcm)
        made = Path(folder) / "segment.aac"
        what = f"the voice of slide {segment.slots[0].clip.slide}"
        args = [
            "-i",
            str(pcm),
            "-af",
            gain_filter(gain),
            *AAC,
            "-fflags",
            "+bitexact",
            "-flags:a",
            "+bitexact",
        ]
        ffmpeg.run([*args, "-f", "adts", str(made)], what)
        if not _frames_ok(made, segment):
            raise RuntimeError(f"{what}: the AAC encoder gave an unexpected number of frames")
        keep(path, made.read_bytes())
    return path, True


def _write_pcm(segment: _Segment, target: Path) -> None:
    """The segment's samples as mono 16-bit PCM: each slot's file from the segment's begin to
    its end, cut or padded with silence, streamed."""
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        at = segment.begin
        for slot in segment.slots:
            if slot.start > at:
                _silence(out, slot.start - at)
                at = slot.start
            stop = min(slot.start + slot.length, segment.end)
            skip = at - slot.start
            with wave.open(str(slot.path), "rb") as clip:
                have = clip.getnframes()
                if skip < have:
                    clip.setpos(skip)
                    left = min(stop - at, have - skip)
                    while left > 0:
                        chunk = clip.readframes(min(left, 1 << 16))
                        if not chunk:
                            break
                        out.writeframesraw(chunk)
                        left -= len(chunk) // 2
                        at += len(chunk) // 2
            _silence(out, stop - at)
            at = stop
        _silence(out, segment.end - at)


def _silence(out: wave.Wave_write, frames: int) -> None:
    while frames > 0:
        size = min(frames, 1 << 16)
        out.writeframesraw(b"\0\0" * size)
        frames -= size


def _frames(path: Path) -> Iterator[bytes]:
    """The ADTS frames of a file, each with its header."""
    data = path.read_bytes()
    at = 0
    while at + 7 <= len(data):
        if data[at] != 0xFF or data[at + 1] & 0xF0 != 0xF0:
            raise RuntimeError(f"{path.name}: not an ADTS stream at byte {at}")
        size = ((data[at + 3] & 3) << 11) | (data[at + 4] << 3) | (data[at + 5] >> 5)
        if size < 7:
            raise RuntimeError(f"{path.name}: a broken ADTS frame at byte {at}")
        yield data[at : at + size]
        at += size


def _wanted(segment: _Segment) -> int:
    """The frames a segment keeps: its samples' frames, and the priming in the first."""
    return -(-(segment.end - segment.begin) // FRAME) + (1 if segment.first else 0)


def _frames_ok(path: Path, segment: _Segment) -> bool:
    try:
        return sum(1 for _ in _frames(path)) >= 1 + -(-(segment.end - segment.begin) // FRAME)
    except (OSError, RuntimeError):
        return False


def _join(segments: list[_Segment], files: list[Path], target: Path) -> None:
    """The segments' frames in order: a segment after another leaves out its priming frame,
    and every segment stops at its last sample's frame (the encoder's flush is left out)."""
    with open(target, "wb") as out:
        for segment, path in zip(segments, files, strict=True):
            frames = list(_frames(path))
            skip = 0 if segment.first else 1
            out.write(b"".join(frames[skip : skip + _wanted(segment)]))


# --------------------------------------------------------------------------- files


def _as_mono16(clip: Clip, work: Path) -> Path:
    """The clip's file when it is mono 16-bit PCM at RATE, else a converted copy in `work`."""
    with contextlib.suppress(wave.Error, EOFError, OSError), wave.open(str(clip.path), "rb") as held:
        if (held.getnchannels(), held.getsampwidth(), held.getframerate()) == (1, 2, RATE):
            return clip.path
    converted = work / f"clip-{clip.slide}.wav"
    args = ["-i", str(clip.path), "-ac", "1", "-ar", str(RATE), "-c:a", "pcm_s16le", "-f", "wav"]
    ffmpeg.run([*args, str(converted)], f"the voice of slide {clip.slide} ({clip.path.name})", timeout=120.0)
    return converted


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _key(*parts: object) -> str:
    from .. import __version__

    return hashlib.sha256(json.dumps([__version__, *parts], default=str).encode()).hexdigest()[:40]
