"""The audio output (issue 18), asserted from the files themselves: episode.m4a's stream,
duration, chapters and tags read back with ffmpeg's own probe, its loudness measured (EBU
R128), and the script's subtitles and chapters re-timed to the clips that were spoken."""

from __future__ import annotations

import pytest
from _media import clock_seconds, loudness, probe
from _support import CONTENT, SEED, build

from generator import subtitle_rules
from generator.build import Options
from generator.media.tts import TtsOptions
from generator.media.voicing import Voicing, voice_slides
from generator.plan.production import produce
from generator.readers import read_episode

SMALL = CONTENT / "shipping-reliable-software.md"


def _clips(source, cache) -> tuple[Voicing, float]:
    """(the clips, the reading estimate) for the source, from the same clip cache."""
    production = produce(read_episode(source)[0])
    return voice_slides(production, TtsOptions(cache=cache)), production.narration.total_seconds


def _check_episode(out, source, cache) -> None:
    voicing, estimate = _clips(source, cache)
    total = voicing.total
    found = probe(out / "episode.m4a")
    assert [s.split(",")[0] for s in found.streams if s.startswith("Audio")] == [
        "Audio: aac (LC) (mp4a / 0x6134706D)"
    ]
    assert found.duration == pytest.approx(total, abs=0.5)
    chapters = [
        line.split(" ", 1) for line in (out / "chapters.txt").read_text(encoding="utf-8").splitlines()
    ]
    assert [title for _, title in chapters] == [title for _, _, title in found.chapters]
    for (clock, _), (start, _, _) in zip(chapters, found.chapters, strict=True):
        assert clock_seconds(clock) == round(start)  # chapters.txt writes whole seconds
    assert found.chapters[-1][1] == pytest.approx(total, abs=0.05)
    assert loudness(out / "episode.m4a") == pytest.approx(-16, abs=1.5)
    cues, bad = subtitle_rules.parse((out / "script.srt").read_text(encoding="utf-8"))
    # the voice's end (where its last words end, before the last pause), not the estimate
    assert cues[-1].end == pytest.approx(total - voicing.clips[-1].pause, abs=0.01)
    assert abs(total - estimate) > 1
    starts = voicing.starts()
    for cue in cues:  # every cue starts while its slide's voice speaks, not in the pause after it
        slide = max(k for k, start in enumerate(starts) if start <= cue.start + 0.001)  # ms-rounded
        clip = voicing.clips[slide]
        assert cue.start < starts[slide] + clip.seconds - clip.pause, (cue, slide)
    assert bad == [] and subtitle_rules.violations(cues) == []  # the rules hold with real durations


def test_the_small_talk_with_espeak(tmp_path, cache):
    out = build(SMALL, tmp_path / "a", "--only", "script,audio", "--tts", "espeak-ng")
    _check_episode(out, SMALL, cache)
    tags = probe(out / "episode.m4a").tags
    assert (tags["title"], tags["artist"], tags["album"], tags["genre"]) == (
        "Shipping Reliable Software",
        "Sam",
        "Deep Field",
        "Podcast",
    )
    again = build(SMALL, tmp_path / "b", "--only", "script,audio", "--force")
    assert (again / "episode.m4a").read_bytes() == (out / "episode.m4a").read_bytes()  # same bytes


def test_mp3_with_id3_chapters(tmp_path, cache):
    out = build(SMALL, tmp_path / "o", "--only", "audio", "--audio-format", "mp3")
    found = probe(out / "episode.mp3")
    assert any(s.startswith("Audio: mp3") for s in found.streams)
    assert len(found.chapters) == 5 and found.chapters[0][2] == "Intro"
    assert not (out / "episode.m4a").exists()
    # --only audio writes the script too, re-timed: its chapters are the audio's
    chapters = (out / "chapters.txt").read_text(encoding="utf-8").splitlines()
    assert [clock_seconds(line.split(" ", 1)[0]) for line in chapters] == [
        round(c[0]) for c in found.chapters
    ]


def test_a_plain_build_writes_no_audio(tmp_path):
    out = build(SMALL, tmp_path / "o", "--only", "script")
    assert not (out / "episode.m4a").exists()


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_the_seed_with_espeak_as_podcast_and_video(tmp_path, cache):
    """The issue's own case: the seed voiced by espeak-ng, as episode.m4a and episode.mp4 from
    one build, both read back from the files: the video's streams, its chapters equal to the
    podcast's (and so to the re-timed chapters.txt), the same length and the same loudness."""
    out = build(SEED, tmp_path / "o", "--only", "script,audio,video")
    _check_episode(out, SEED, cache)
    podcast, video = probe(out / "episode.m4a"), probe(out / "episode.mp4")
    kinds = [s.split(":")[0] for s in video.streams]
    assert kinds in (["Video", "Audio", "Subtitle"], ["Video", "Audio", "Subtitle", "Data"]), video.streams
    # (the Data track, where there is one, is the QuickTime chapter text track ffmpeg adds)
    assert "h264" in video.streams[0] and "1920x1080" in video.streams[0] and "yuv420p" in video.streams[0]
    assert "aac" in video.streams[1] and "mov_text" in video.streams[2]
    assert [c[2] for c in video.chapters] == [c[2] for c in podcast.chapters]
    for (start, _, _), (other, _, _) in zip(video.chapters, podcast.chapters, strict=True):
        assert start == pytest.approx(other, abs=0.05)
    assert video.duration == pytest.approx(podcast.duration, abs=0.5)
    assert loudness(out / "episode.mp4") == pytest.approx(loudness(out / "episode.m4a"), abs=1.0)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """This test's own clip cache (the folder the build takes from DECKCAST_CACHE)."""
    monkeypatch.setenv("DECKCAST_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "clips"


def test_options_carry_the_tts_into_the_build_key():
    from generator.cache import input_key

    plain = input_key(SMALL, ["audio"], Options())
    other = input_key(SMALL, ["audio"], Options(tts=TtsOptions(engine="none")))
    assert plain and plain != other
