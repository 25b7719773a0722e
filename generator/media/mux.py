"""The video assembled by ffmpeg: each slide's image shown for exactly its clip's duration, the
clips joined into one voice track (loudness-normalised to -16 LUFS, as podcasts are), soft
subtitles (mov_text), chapters and the episode's title, in an MP4 that browsers, QuickTime
and video platforms play (H.264 High yuv420p in BT.709, AAC, the index at the front).

Timing is exact to the millisecond: the images go through ffmpeg's concat demuxer with each
entry's `duration` (the images opened at a 1/1000 s time base, so nothing is rounded to a
frame rate) and encoded with variable frame rate; each slide is repeated at least once a
second (and, when subtitles are burned in, at every cue's start and end), so players can seek
and burned cues appear on time. The voice is episode.m4a's track (generator/media/track.py:
each clip cut or padded with silence to its duration, on the same running total of
milliseconds' samples), so it is exactly as long as the pictures. The same
inputs give the same bytes (`bitexact`, no creation time, only our own metadata)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import ffmpeg
from .frames import HEIGHT, WIDTH
from .kept import keep, used
from .track import Track, filter_path, voice_track
from .voicing import Clip

FRAME_MS = 1000  # the longest a frame is shown before the slide is repeated
# Threads of each slide's encoder, the same on every machine: x264's output depends on its
# thread count, and a slide's segment must be the same bytes whether it was encoded alone
# (after an edit) or beside others. Two is twice as fast for the one slide an edit changes.
X264_THREADS = 2
LANGUAGES = {"en": "eng", "zh-Hant": "chi", "zh-Hans": "chi"}  # ISO 639-2, as MP4 tags streams


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds on the episode's timeline
    title: str


@dataclass(frozen=True)
class Film:
    """What goes into one episode.mp4."""

    images: tuple[Path, ...]  # one per slide (any image ffmpeg reads; drawn at WIDTH x HEIGHT)
    clips: tuple[Clip, ...]  # one per slide, in the same order
    chapters: tuple[Chapter, ...]
    title: str
    artist: str
    language: str  # the episode's: en, zh-Hant, zh-Hans
    subtitles: str = ""  # SRT text on the clips' timeline ('' for none)
    burn: bool = False  # draw the subtitles into the picture too (libass)
    font: str | None = None  # the face burned subtitles are drawn in
    cache: Path | None = None  # where the voice's encoded segments are kept (the clip cache)


def assemble(film: Film, target: Path, work: Path, jobs: int = 1, voice: Future[Track] | None = None) -> None:
    """Write `target` (an .mp4) from `film`, using the empty folder `work` for the inputs
    ffmpeg reads (the caller removes it). The picture and the voice are encoded by two ffmpeg
    processes at once (the voice's loudness filter runs on one core; in one process it held
    the picture back), then put together with the subtitles and chapters without re-encoding."""
    if len(film.images) != len(film.clips):
        raise ValueError(f"{len(film.images)} slide images for {len(film.clips)} clips")
    ends = _ends_ms(film.clips)
    soft = bool(film.subtitles.strip())
    if soft:
        (work / "subtitles.srt").write_text(film.subtitles, encoding="utf-8")
    (work / "metadata.txt").write_text(_ffmetadata(film, ends[-1] if ends else 0), encoding="utf-8")
    timeout = 600.0 + sum(c.seconds for c in film.clips)
    # The picture (one cached segment per slide) is encoded while the voice track (as
    # episode.m4a has it, from its cached segments) is made, unless the caller started it.
    with ThreadPoolExecutor(1) as pool:
        if voice is None:
            voice = pool.submit(voice_track, film.clips, work / "voice.m4a", work, film.cache, jobs)
        _picture(film, ends, work, jobs, timeout)
        track = voice.result()
    args = ["-i", str(work / "picture.mp4"), *track.input_args(), "-f", "ffmetadata"]
    args += [
        "-i",
        str(work / "metadata.txt"),
        *(["-f", "srt", "-i", str(work / "subtitles.srt")] if soft else []),
    ]
    args += ["-map", "0:v", "-map", "1:a", *(["-map", "3:s"] if soft else []), "-c:v", "copy", "-c:a", "copy"]
    args += ["-map_metadata", "2", "-map_chapters", "2", "-metadata:s:a:0", f"language={_language(film)}"]
    if soft:
        # on a millisecond clock: on the one ffmpeg picks beside 44.1 kHz audio (1/441000000)
        # the MP4 muxer overflows the chapter track's durations and writes broken chapters
        args += [
            "-c:s",
            "mov_text",
            "-time_base:s",
            "1/1000",
            "-metadata:s:s:0",
            f"language={_language(film)}",
        ]
    args += ["-video_track_timescale", "1000", "-movflags", "+faststart", *_PLAIN[2:], str(target)]
    ffmpeg.run(args, "the video", timeout)


def _picture(film: Film, ends: list[int], work: Path, jobs: int, timeout: float) -> Path:
    """work/picture.mp4: each slide's segment (its image for its clip's duration, with its
    burned cues), from the cache or encoded now, joined without re-encoding. Each segment
    starts with a key frame, and all are encoded alike, so they join as one stream; the
    concat demuxer's `outpoint` ends each at its slide's end (leaving out the repeat of its
    image that closes it) and starts the next there, to the millisecond."""
    store = (film.cache / "pictures") if film.cache else work / "pictures"
    store.mkdir(parents=True, exist_ok=True)
    starts = [0, *ends[:-1]]
    cues = sorted(set(_cue_times(film.subtitles))) if film.burn else []
    slides = list(enumerate(zip(film.images, starts, ends, strict=True)))

    def segment(job: tuple[int, tuple[Path, int, int]]) -> Path:
        k, (image, start, end) = job
        inside = [t - start for t in cues if start < t < end]
        burned = _srt_between(film.subtitles, start, end) if film.burn else ""
        key = _key(
            _identity(image),
            end - start,
            inside,
            burned,
            _TO_YUV,
            _video_args(film, None),
            film.font,
            X264_THREADS,
        )
        path = store / f"{key}.mp4"
        if path.is_file() and path.stat().st_size > 0:
            used(path)
            return path
        folder = Path(tempfile.mkdtemp(prefix=f".picture-{k + 1}-", dir=work))
        frame = folder / "slide.yuv"
        what = f"the video's slide {k + 1}"
        ffmpeg.run(["-i", str(image), "-vf", _TO_YUV, "-frames:v", "1", "-f", "rawvideo", str(frame)], what)
        listing = folder / "slide.ffconcat"
        listing.write_text(_concat_list(frame, end - start, inside), encoding="utf-8")
        srt = None
        if burned:
            srt = folder / "cues.srt"
            srt.write_text(burned, encoding="utf-8")
        args = ["-f", "concat", "-safe", "0", "-i", str(listing), "-map", "0:v", *_video_args(film, srt)]
        made = folder / "slide.mp4"
        ffmpeg.run([*args, "-threads", str(X264_THREADS), *_PLAIN, str(made)], what, timeout)
        keep(path, made.read_bytes())  # the cache may be on another disk than the output
        shutil.rmtree(folder, ignore_errors=True)
        return path

    with ThreadPoolExecutor(max(1, jobs // X264_THREADS)) as pool:
        segments = list(pool.map(segment, slides))
    lines = ["ffconcat version 1.0"]
    for k, (path, start, end) in enumerate(zip(segments, starts, ends, strict=True)):
        lines.append(_file_line(path))
        if k + 1 < len(segments):  # the last keeps its closing frame: it holds the end time
            lines.append(f"outpoint {(end - start) / 1000:.3f}")
    (work / "pictures.ffconcat").write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = work / "picture.mp4"
    args = [
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        str(work / "pictures.ffconcat"),
        "-map",
        "0:v",
        "-c:v",
        "copy",
    ]
    ffmpeg.run(
        [*args, "-video_track_timescale", "1000", *_PLAIN, str(target)], "the video's picture", timeout
    )
    return target


def _srt_between(srt: str, start: int, end: int) -> str:
    """The cues of `srt` (as deckcast writes it) shown between `start` and `end` (ms), cut to
    that time and moved to start at 0, numbered from 1."""
    out, number = [], 0
    for block in srt.replace("\r\n", "\n").split("\n\n"):
        lines = block.strip("\n").splitlines()
        times = next((k for k, line in enumerate(lines) if " --> " in line), None)
        if times is None:
            continue
        a, b = (_ms(stamp) for stamp in lines[times].split(" --> "))
        if b <= start or a >= end:
            continue
        number += 1
        span = f"{_stamp(max(a, start) - start)} --> {_stamp(min(b, end) - start)}"
        out.append("\n".join([str(number), span, *lines[times + 1 :]]))
    return "\n\n".join(out) + ("\n" if out else "")


def _ms(stamp: str) -> int:
    h, m, rest = stamp.strip().split(":")
    s, ms = rest.split(",")
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def _stamp(ms: int) -> str:
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def _identity(image: Path) -> str:
    """What an image is: its name when the frames cache named it by a hash of what it shows,
    else a hash of its bytes."""
    if re.fullmatch(r"[0-9a-f]{40}", image.stem):
        return image.stem
    return hashlib.sha256(image.read_bytes()).hexdigest()


def _key(*parts: object) -> str:
    from .. import __version__

    return hashlib.sha256(json.dumps([__version__, *parts], default=str).encode()).hexdigest()[:40]


# Every file made: no creation time, no version strings, no metadata of the inputs (the last
# step keeps only its own: the metadata file's title, artist and chapters).
_PLAIN = ["-map_metadata", "-1", "-fflags", "+bitexact", "-f", "mp4"]


# A slide's image as the encoder takes it: BT.709 limited-range YUV 4:2:0, converted once
# per slide (the segment repeats the converted frame, not the conversion).
_TO_YUV = f"scale={WIDTH}:{HEIGHT}:out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p"


def _video_args(film: Film, burned: Path | None) -> list[str]:
    """H.264 for stills, from _TO_YUV's frames: variable frame rate on a millisecond clock, no
    B-frames (so the frames' times are exactly the slides'), BT.709 as HD players assume."""
    chain = "setparams=colorspace=bt709:color_primaries=bt709:color_trc=bt709:range=tv"
    if burned is not None:
        face = f"FontName={_escape_style(film.font)}," if film.font else ""
        # libass sizes an SRT on a 288-line canvas: 18 is 1/16 of the picture's height; an
        # opaque box (BorderStyle 3) keeps the words readable over the slide's own text.
        box = "FontSize=18,BorderStyle=3,Outline=1,Shadow=0,BackColour=&H60000000,OutlineColour=&H60000000,MarginV=10"
        style = f":force_style='{face}{box}'"
        chain = f"subtitles=filename='{filter_path(burned)}':charenc=UTF-8{style},{chain}"
    return [
        *("-vf", chain, "-fps_mode", "vfr", "-enc_time_base:v", "1:1000", "-video_track_timescale", "1000"),
        *("-c:v", "libx264", "-tune", "stillimage", "-preset", "veryfast", "-crf", "20"),
        *("-profile:v", "high", "-level:v", "4.0", "-bf", "0", "-g", "30", "-flags:v", "+bitexact"),
    ]


def _ends_ms(clips: tuple[Clip, ...]) -> list[int]:
    """Where each slide ends on the timeline, in whole milliseconds of the running total (so
    rounding never accumulates)."""
    out, at = [], 0.0
    for clip in clips:
        at += clip.seconds
        out.append(round(at * 1000))
    return out


def _concat_list(image: Path, end: int, cues: Iterable[int]) -> str:
    """The concat demuxer's list for one slide: its frame (raw WIDTHxHEIGHT YUV 4:2:0) from 0
    to `end` ms, cut into entries no longer than FRAME_MS and at every time in `cues`; the
    frame again at the end (an entry's `duration` is otherwise not kept)."""
    raw = [f"option video_size {WIDTH}x{HEIGHT}", "option pixel_format yuv420p", "option framerate 1000"]
    cuts = {0, *range(0, end, FRAME_MS), *(t for t in cues if 0 < t < end)}
    marks = sorted(cuts) + [end]
    lines = ["ffconcat version 1.0"]
    for a, b in zip(marks, marks[1:], strict=False):
        if b > a:
            lines += [_file_line(image), *raw, f"duration {(b - a) / 1000:.3f}"]
    lines += [_file_line(image), *raw]
    return "\n".join(lines) + "\n"


def _file_line(path: Path) -> str:
    return "file '" + str(path.resolve()).replace("'", "'\\''") + "'"


def _cue_times(srt: str) -> Iterator[int]:
    """Every cue's start and end in milliseconds (the SRT deckcast wrote: HH:MM:SS,mmm)."""
    for line in srt.splitlines():
        if " --> " in line:
            for stamp in line.split(" --> "):
                yield _ms(stamp)


def _ffmetadata(film: Film, total_ms: int) -> str:
    """The episode's title and artist and one chapter per part, in ffmpeg's metadata format."""
    lines = [";FFMETADATA1", f"title={_escape_meta(film.title)}", f"artist={_escape_meta(film.artist)}"]
    starts = [round(c.start * 1000) for c in film.chapters]
    for chapter, start, end in zip(film.chapters, starts, [*starts[1:], total_ms], strict=True):
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}"]
        lines.append(f"title={_escape_meta(chapter.title)}")
    return "\n".join(lines) + "\n"


def _escape_meta(text: str) -> str:
    for mark in ("\\", "=", ";", "#"):
        text = text.replace(mark, "\\" + mark)
    return text.replace("\n", "\\\n")


def _escape_style(text: str) -> str:
    return "".join(ch for ch in text if ch not in "',:=\\[];")


def _language(film: Film) -> str:
    return LANGUAGES.get(film.language, "und")
