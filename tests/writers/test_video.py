"""The video writer (generator/writers/video.py): the seed's episode.mp4 made from a voicing of
tones ffmpeg generates (a different length per slide, so no engine is needed), and asserted
from the file itself through ffmpeg's own probe (`ffmpeg -i`, and its ffmetadata and SRT
output): H.264 1920x1080 yuv420p, AAC, one mov_text track with script.srt's cues, the parts as
chapters at chapters.txt's starts, the length of the clips; a frame from the middle of a slide's
clip is that slide's image; two builds give the same bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from _support import SEED, read
from PIL import Image, ImageChops, ImageStat

from generator.errors import UsageError
from generator.media.ffmpeg import ffmpeg
from generator.media.voicing import Clip, Voicing
from generator.plan.production import Production, produce
from generator.writers import script, video

pytestmark = [
    pytest.mark.slow,
    pytest.mark.needs_soffice,
    pytest.mark.skipif(
        not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftoppm"),
        reason="LibreOffice or pdftoppm not installed: the video's slides cannot be drawn",
    ),
]


def _seconds(number: int) -> float:
    return 1.25 + (number * 7 % 5) * 0.5  # 1.25 to 3.25 s, a different length for neighbours


@pytest.fixture(scope="module")
def voiced(tmp_path_factory: pytest.TempPathFactory) -> Production:
    """The seed's production with a tone per slide (shorter than its clip, as a voice with a
    pause after it is) and the narration timed by the clips."""
    production = produce(read(SEED))
    folder = tmp_path_factory.mktemp("clips")
    clips = []
    for slide in production.slides:
        seconds = _seconds(slide.number)
        wav = folder / f"slide-{slide.number:02d}.wav"
        tone = f"sine=f={220 + 20 * slide.number}:d={seconds - 0.3:.2f}:sample_rate=22050"
        _ffmpeg("-f", "lavfi", "-i", tone, "-ac", "1", "-c:a", "pcm_s16le", str(wav))
        clips.append(Clip(slide.number, wav, seconds))
    voicing = Voicing("tones", tuple(clips))
    return replace(
        production, voicing=voicing, narration=replace(production.narration, seconds=voicing.seconds)
    )


@pytest.fixture(scope="module")
def made(voiced: Production, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("video")
    result = video.write(voiced, out)
    assert result.files == ("episode.mp4",)
    assert result.stats["video_seconds"] == pytest.approx(voiced.voicing.total)  # type: ignore[union-attr]
    assert sorted(p.name for p in out.iterdir()) == ["episode.mp4"]  # its work folder is gone
    return out / "episode.mp4"


def _ffmpeg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-y", *args], capture_output=True, text=True)


def _streams(mp4: Path) -> list[str]:
    return [line.strip() for line in _ffmpeg("-i", str(mp4)).stderr.splitlines() if "Stream #" in line]


def _duration(mp4: Path) -> float:
    found = re.search(r"Duration: (\d+):(\d+):([\d.]+)", _ffmpeg("-i", str(mp4)).stderr)
    assert found, "no duration"
    h, m, s = found.groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


def _chapters(mp4: Path) -> list[tuple[float, str]]:
    """(start in seconds, title) of each chapter, from ffmpeg's metadata output of the file."""
    text = _ffmpeg("-loglevel", "error", "-i", str(mp4), "-f", "ffmetadata", "-").stdout
    out = []
    for block in text.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        num, den = fields["TIMEBASE"].split("/")
        out.append((int(fields["START"]) * int(num) / int(den), fields["title"]))
    return out


def test_streams_are_h264_aac_and_one_mov_text_track(made: Path):
    streams = _streams(made)
    video_streams = [s for s in streams if "Video:" in s]
    assert len(video_streams) == 1
    assert "h264 (High)" in video_streams[0] and "yuv420p" in video_streams[0]
    assert "1920x1080" in video_streams[0]
    assert [s for s in streams if "Audio:" in s][0].count("aac") >= 1
    subtitles = [s for s in streams if "Subtitle:" in s]
    assert len(subtitles) == 1 and "mov_text" in subtitles[0]


def test_length_is_the_clips(made: Path, voiced: Production):
    assert voiced.voicing is not None
    assert _duration(made) == pytest.approx(voiced.voicing.total, abs=0.5)


def test_chapters_are_the_parts_at_chapters_txt_starts(made: Path, voiced: Production):
    expected = script.chapters_of(voiced, script.blocks_of(voiced))
    found = _chapters(made)
    assert [title for _, title in found] == [c.title for c in expected]
    assert len(found) >= 5  # the seed's opening, parts and Q&A
    for (start, _), chapter in zip(found, expected, strict=True):
        assert start == pytest.approx(chapter.start, abs=0.05)


def test_subtitle_track_is_script_srt(made: Path, voiced: Production, tmp_path: Path):
    script.write(voiced, tmp_path)
    written = _cues((tmp_path / "script.srt").read_text(encoding="utf-8"))
    extracted = _cues(_ffmpeg("-loglevel", "error", "-i", str(made), "-map", "0:s", "-f", "srt", "-").stdout)
    assert len(extracted) == len(written) > 20
    for (start, end, text), (s, e, t) in zip(extracted, written, strict=True):
        assert (start, end) == pytest.approx((s, e), abs=0.002)
        assert text == t


def _cues(srt: str) -> list[tuple[float, float, str]]:
    out = []
    for block in srt.strip().replace("\r\n", "\n").split("\n\n"):
        lines = block.splitlines()
        start, end = (_srt_seconds(t) for t in lines[1].split(" --> "))
        out.append((start, end, "\n".join(lines[2:])))
    return out


def _srt_seconds(stamp: str) -> float:
    h, m, rest = stamp.strip().split(":")
    return int(h) * 3600 + int(m) * 60 + float(rest.replace(",", "."))


@pytest.fixture(scope="module")
def slide_images(voiced: Production, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ...]:
    """The slides drawn as the writer draws them, to compare the video's frames with."""
    from generator.media.frames import slide_images as draw
    from generator.writers.deck import write_deck

    deck = write_deck(voiced.slides, voiced.episode, voiced.theme)
    return draw(deck, len(voiced.slides), tmp_path_factory.mktemp("slides"))


@pytest.mark.parametrize("number", [2, 7, 13, 18, 23])
def test_frame_in_the_middle_of_a_slides_clip_is_that_slide(
    number: int, made: Path, voiced: Production, slide_images: tuple[Path, ...], tmp_path: Path
):
    assert voiced.voicing is not None
    start = voiced.voicing.starts()[number - 1]
    middle = start + voiced.voicing.clips[number - 1].seconds / 2
    frame = tmp_path / "frame.png"
    _ffmpeg("-loglevel", "error", "-ss", f"{middle:.3f}", "-i", str(made), "-frames:v", "1", str(frame))
    shown = Image.open(frame).convert("RGB")
    assert shown.size == (1920, 1080)
    same = _difference(shown, slide_images[number - 1])
    before, after = _difference(shown, slide_images[number - 2]), _difference(shown, slide_images[number])
    assert same < 2.0, same  # H.264 and the colour conversion, nothing more
    assert min(before, after) > 3 * same + 1.0, (same, before, after)


def _difference(frame: Image.Image, still: Path) -> float:
    """Mean absolute difference per channel, 0-255."""
    with Image.open(still) as image:
        return sum(ImageStat.Stat(ImageChops.difference(frame, image.convert("RGB"))).mean) / 3


def test_two_builds_give_the_same_bytes(made: Path, voiced: Production, tmp_path: Path):
    video.write(voiced, tmp_path)
    assert (tmp_path / "episode.mp4").read_bytes() == made.read_bytes()


def test_without_a_voice_it_says_to_choose_one(voiced: Production, tmp_path: Path):
    with pytest.raises(UsageError, match="--tts ENGINE"):
        video.write(replace(voiced, voicing=None), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_burned_subtitles_are_drawn_in_a_box_over_the_bottom_of_the_slide(
    voiced: Production, slide_images: tuple[Path, ...], tmp_path: Path
):
    """--burn-subtitles (production.burn_subtitles): the frame in the middle of a cue differs
    from the slide in the bottom band only, where the cue's box is, and the soft track stays."""
    burned = replace(voiced, burn_subtitles=True)
    video.write(burned, tmp_path)
    mp4 = tmp_path / "episode.mp4"
    assert sum("mov_text" in s for s in _streams(mp4)) == 1
    assert voiced.voicing is not None
    starts = voiced.voicing.starts()
    number = 8  # a light content slide: its first cue
    cue = next(
        c for c in _cues(script_srt_text(burned)) if starts[number - 1] - 0.001 <= c[0] < starts[number]
    )
    frame = tmp_path / "frame.png"
    # a still's frame lasts until the next one: seek to the cue's own frame, at its start
    _ffmpeg("-loglevel", "error", "-ss", f"{cue[0]:.3f}", "-i", str(mp4), "-frames:v", "1", str(frame))
    shown = Image.open(frame).convert("RGB")
    with Image.open(slide_images[number - 1]) as still:
        slide = still.convert("RGB")
    band, top = (0, 1080 - 300, 1920, 1080), (0, 0, 1920, 600)
    assert _changed(shown.crop(band), slide.crop(band)) > 0.01  # the words and their box
    assert _changed(shown.crop(top), slide.crop(top)) < 0.001  # the slide itself untouched


def _changed(frame: Image.Image, still: Image.Image) -> float:
    """The share of pixels that differ clearly (more than 64 of 255 in some channel)."""
    difference = ImageChops.difference(frame, still).convert("L").point(lambda v: 255 if v > 64 else 0)
    return ImageStat.Stat(difference).mean[0] / 255


def script_srt_text(production: Production) -> str:
    from generator.writers.script import srt_text

    return srt_text(production)


def test_with_a_cache_an_edit_draws_one_slide_and_encodes_one_segment(
    made: Path, voiced: Production, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The clip cache keeps each slide's image and picture segment: a second build draws and
    encodes nothing, and gives the bytes of a build without a cache; after one slide's title
    changes, LibreOffice is asked for that page only, and one image and one segment are new.
    The page drawn alone is the page drawn with the others (its slide number too)."""
    from generator import preview

    assert voiced.voicing is not None
    cache = tmp_path / "cache"
    cached = replace(voiced, voicing=replace(voiced.voicing, cache=cache))
    asked: list[str | None] = []
    real = preview._to_pdf

    def to_pdf(*args, **kwargs):
        asked.append(args[3] if len(args) > 3 else kwargs.get("pages"))
        return real(*args, **kwargs)

    monkeypatch.setattr(preview, "_to_pdf", to_pdf)
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        video.write(cached, tmp_path / name)
    assert asked == [None]  # the second build drew nothing
    first = (tmp_path / "first" / "episode.mp4").read_bytes()
    assert first == (tmp_path / "second" / "episode.mp4").read_bytes() == made.read_bytes()
    images = set((cache / "frames").iterdir())
    pictures = set((cache / "pictures").iterdir())
    assert len(images) == len(pictures) == len(voiced.slides)

    number = 9
    slides = list(cached.slides)
    slides[number - 1] = replace(slides[number - 1], title=slides[number - 1].title + " (edited)")
    edited = replace(cached, slides=slides)
    (tmp_path / "edited").mkdir()
    video.write(edited, tmp_path / "edited")
    assert asked == [None, str(number)]  # that page only
    new_images = set((cache / "frames").iterdir()) - images
    assert len(new_images) == 1 and len(set((cache / "pictures").iterdir()) - pictures) == 1
    from generator.media.frames import slide_images as draw
    from generator.writers.deck import write_deck

    (tmp_path / "all").mkdir()
    everything = draw(write_deck(edited.slides, edited.episode, edited.theme), len(slides), tmp_path / "all")
    with Image.open(next(iter(new_images))) as alone, Image.open(everything[number - 1]) as among:
        assert _changed(alone.convert("RGB"), among.convert("RGB")) < 0.0005
