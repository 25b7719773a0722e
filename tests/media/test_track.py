"""The voice track (generator/media/track.py): clips encoded as cached AAC segments and joined
frame by frame. Asserted on the decoded audio: exactly the clips' length, the same samples as
one encode of the whole within the coder's noise (and no click where segments meet), the
loudness of the whole from the clips' cached measurements, one segment re-encoded after one
clip changed, and clips that cannot be cut between (no pause) still right in one segment."""

from __future__ import annotations

import array
import math
import subprocess
import wave
from pathlib import Path

import pytest

from generator.media import track
from generator.media.ffmpeg import ffmpeg
from generator.media.loudness import gain_filter, measure
from generator.media.voicing import ALIGN, RATE, Clip

pytestmark = pytest.mark.slow


def _clip(folder: Path, slide: int, speech: float, pause: float, *, aligned: bool = True) -> Clip:
    """A clip like voicing makes: a warbling tone (louder and quieter, as a voice is), padded
    to whole AAC frames when `aligned`, then `pause` seconds of digital silence."""
    n = round(speech * RATE)
    if aligned:
        n = -(-n // ALIGN) * ALIGN
    quiet = round(pause * RATE / ALIGN) * ALIGN if aligned else round(pause * RATE)
    f = 180 + 35 * slide
    samples = array.array(
        "h",
        (
            int(
                9000
                * (0.6 + 0.4 * math.sin(2 * math.pi * 3 * k / RATE))
                * math.sin(2 * math.pi * f * k / RATE)
            )
            if k < n - 2000
            else 0
            for k in range(n)
        ),
    )
    path = folder / f"clip-{slide:02d}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes() + bytes(2 * quiet))
    return Clip(slide, path, (n + quiet) / RATE, quiet / RATE)


def _pcm(path: Path) -> array.array[int]:
    done = subprocess.run(
        [ffmpeg(), "-loglevel", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        capture_output=True,
        check=True,
    )
    out = array.array("h")
    out.frombytes(done.stdout)
    return out


def _rms(values: list[int]) -> float:
    return math.sqrt(sum(v * v for v in values) / max(1, len(values)))


@pytest.fixture
def clips(tmp_path: Path) -> list[Clip]:
    folder = tmp_path / "clips"
    folder.mkdir()
    return [_clip(folder, k, 1.0 + 0.37 * (k % 4), 0.6 if k % 3 else 1.2) for k in range(1, 9)]


def test_joined_segments_decode_as_one_encode_of_the_whole(clips: list[Clip], tmp_path: Path):
    work = tmp_path / "work"
    work.mkdir()
    made = track.voice_track(clips, tmp_path / "voice.m4a", work, tmp_path / "cache", jobs=2)
    assert made.made == len(clips)  # one segment per clip
    total = sum(round(c.seconds * RATE) for c in clips)
    assert made.samples == total
    joined = _pcm(made.path)
    assert len(joined) == total  # the priming is skipped, nothing added at the joins

    listing = tmp_path / "clips.txt"
    listing.write_text("".join(f"file '{c.path}'\n" for c in clips), encoding="utf-8")
    whole = tmp_path / "whole.m4a"
    subprocess.run(
        [ffmpeg(), "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", str(listing)]
        + ["-af", gain_filter(made.gain), *track.AAC, str(whole)],
        check=True,
    )
    reference = _pcm(whole)
    assert len(reference) == total
    difference = [a - b for a, b in zip(joined, reference, strict=True)]
    assert _rms(difference) < _rms(list(reference)) / 30  # within the coder's own noise (> 30 dB)
    starts, at = [], 0
    for clip in clips:
        starts.append(at)
        at += round(clip.seconds * RATE)
    for start in starts[1:]:  # where segments meet (LEAD before a clip): silence, no click
        assert max(abs(v) for v in joined[start - 3 * ALIGN : start - 8]) < 64, start
        near = slice(start - 2 * ALIGN, start + 2 * ALIGN)
        assert _rms([a - b for a, b in zip(joined[near], reference[near], strict=True)]) < 300, start


def test_the_gain_brings_the_whole_to_the_target(clips: list[Clip], tmp_path: Path):
    work = tmp_path / "work"
    work.mkdir()
    listing = tmp_path / "clips.txt"
    listing.write_text("".join(f"file '{c.path}'\n" for c in clips), encoding="utf-8")
    inputs = ["-f", "concat", "-safe", "0", "-i", str(listing)]
    store = tmp_path / "cache"
    store.mkdir()
    slots = track._slots(clips, work, 1)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        blocks = [b for found in track._measured(slots, "", store, pool, work) for b in found]
    alone = track._measure(slots[2:3], "", work)[0]  # one clip alone measures as it does with others
    assert alone == track._measure(slots, "", work)[2]
    whole = measure(inputs)
    assert whole is not None
    assert track._integrated(blocks) == pytest.approx(whole, abs=0.15)  # the clips' blocks, gated together
    made = track.voice_track(clips, tmp_path / "voice.m4a", work, store, jobs=2)
    after = measure(["-i", str(made.path)])
    assert after == pytest.approx(-16.0, abs=0.5)


def test_one_changed_clip_re_encodes_one_segment(clips: list[Clip], tmp_path: Path):
    cache = tmp_path / "cache"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first = track.voice_track(clips, tmp_path / "a.m4a", tmp_path / "a", cache, jobs=2)
    changed = list(clips)
    changed[4] = _clip(clips[4].path.parent, 40, 1.5, 0.6)  # another tone for slide 5
    changed[4] = Clip(5, changed[4].path, changed[4].seconds, changed[4].pause)
    second = track.voice_track(changed, tmp_path / "b.m4a", tmp_path / "b", cache, jobs=2)
    if second.gain == first.gain:  # the loudness barely moved: the other segments are kept
        assert second.made == 1
    else:
        assert second.made == len(clips)
    assert len(_pcm(second.path)) == sum(round(c.seconds * RATE) for c in changed)
    again = track.voice_track(changed, tmp_path / "c.m4a", tmp_path / "b", cache, jobs=2)
    assert again.made == 0 and again.path.read_bytes() == second.path.read_bytes()  # same bytes


def test_a_broken_cached_segment_is_encoded_again(clips: list[Clip], tmp_path: Path):
    cache = tmp_path / "cache"
    (tmp_path / "a").mkdir()
    good = track.voice_track(clips, tmp_path / "a.m4a", tmp_path / "a", cache, jobs=2)
    segment = sorted((cache / "segments").glob("*.aac"))[0]
    segment.write_bytes(segment.read_bytes()[:100])  # cut short, as a full disk leaves it
    again = track.voice_track(clips, tmp_path / "b.m4a", tmp_path / "a", cache, jobs=2)
    assert again.made == 1 and again.path.read_bytes() == good.path.read_bytes()


def test_clips_without_a_pause_are_one_segment_and_still_exact(tmp_path: Path):
    folder = tmp_path / "clips"
    folder.mkdir()
    # not aligned, no silence at the end: nowhere to cut between them
    clips = [_clip(folder, k, 0.9 + 0.11 * k, 0.0, aligned=False) for k in range(1, 5)]
    for clip in clips:  # sound to the very last sample
        with wave.open(str(clip.path), "rb") as held:
            frames = held.getnframes()
        samples = array.array("h", (int(6000 * math.sin(k / 7)) for k in range(frames)))
        with wave.open(str(clip.path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(samples.tobytes())
    work = tmp_path / "work"
    work.mkdir()
    made = track.voice_track(clips, tmp_path / "voice.m4a", work, None, jobs=2)
    assert made.made == 1
    total = sum(round(c.seconds * RATE) for c in clips)
    decoded = _pcm(made.path)
    assert total <= len(decoded) < total + ALIGN  # the last frame's padding at most


def test_the_cache_forgets_what_no_build_used_for_a_month(clips: list[Clip], tmp_path: Path):
    """kept.prune: files untouched for 30 days go; a file a build reused is marked as used
    (its time set to now) and stays; a killed build's staging file goes after a day."""
    import os
    import time

    from generator.media import kept

    cache = tmp_path / "cache"
    (tmp_path / "a").mkdir()
    track.voice_track(clips, tmp_path / "a.m4a", tmp_path / "a", cache, jobs=2)
    files = sorted((cache / "segments").iterdir())
    month = time.time() - 31 * 86400
    for path in files:
        os.utime(path, (month, month))
    left = cache / "segments" / ".keep-abc"
    left.write_bytes(b"half")
    os.utime(left, (time.time() - 2 * 86400,) * 2)
    (tmp_path / "b").mkdir()
    reused = track.voice_track(clips[:4], tmp_path / "b.m4a", tmp_path / "b", cache, jobs=2)
    assert reused.made <= 1  # the last of four is a last segment: encoded alone
    removed = kept.prune(cache)
    still = set((cache / "segments").iterdir())
    assert left not in still and removed >= 1
    assert 0 < len(still) < len(files)  # what the second build used stays, the rest went
    assert all(p.stat().st_mtime > month + 86400 for p in still)
