"""The voice engines and the clip cache (issue 18): clips made by each engine, normalised to
one WAV format with the voice's pauses; unchanged slides reused from the cache, counted by the
calls the engine gets; every fault one line naming the slide (or the file), nothing written."""

from __future__ import annotations

import shutil
import sys
import wave
from dataclasses import replace
from pathlib import Path

import pytest
from _media import tone, wav_seconds
from _support import CONTENT, SEED, run

from generator.build import Options, build_episode
from generator.errors import UsageError
from generator.media.engines import take_name
from generator.media.tts import TtsOptions
from generator.media.voicing import ALIGN, RATE, pauses_of, voice_slides
from generator.plan.production import produce
from generator.readers import read_episode

SMALL = CONTENT / "shipping-reliable-software.md"  # 12 slides, about 70 s read
SLIDES = 12
# A stand-in TTS program: 30 ms of a tone per character of the text file, each call logged.
FAKE_TTS = """
import math, sys, wave
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
text = open(args["--in"], encoding="utf-8").read().strip()
with open(args["--log"], "a", encoding="utf-8") as log:
    log.write(text[:30].replace("\\n", " ") + "\\n")
frames = int(16000 * 0.03 * len(text))
with wave.open(args["--out"], "wb") as out:
    out.setnchannels(1); out.setsampwidth(2); out.setframerate(16000)
    out.writeframes(b"".join(int(8000 * math.sin(k / 5)).to_bytes(2, "little", signed=True) for k in range(frames)))
"""


@pytest.fixture(scope="module")
def small():
    episode, _ = read_episode(SMALL)
    return produce(episode)


def fake_tts(tmp_path: Path) -> tuple[str, Path]:
    script, log = tmp_path / "fake_tts.py", tmp_path / "calls.log"
    script.write_text(FAKE_TTS, encoding="utf-8")
    return f"{sys.executable} {script} --in {{text_file}} --out {{wav}} --log {log}", log


def calls(log: Path) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def test_espeak_clips_are_one_format_with_the_voice_pauses(small, tmp_path):
    voicing = voice_slides(small, TtsOptions(cache=tmp_path), jobs=2)
    assert voicing.engine == "espeak-ng" and voicing.made == SLIDES == len(voicing.clips)
    pauses = pauses_of(small)
    # parts 0 0 1 2 2 2 3 3 3 3 4 -: the part pause before each new chapter, else the slide pause
    assert pauses == [0.6, 1.2, 1.2, 0.6, 0.6, 1.2, 0.6, 0.6, 0.6, 1.2, 0.6, 0.6]
    for clip, pause in zip(voicing.clips, pauses, strict=True):
        with wave.open(str(clip.path), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
            w.setpos(w.getnframes() - int(pause * RATE) + 10)
            assert set(w.readframes(int(pause * RATE) - 20)) == {0}  # the pause is silence
        assert clip.seconds == pytest.approx(wav_seconds(clip.path))
        assert clip.pause == pytest.approx(pause, abs=ALIGN / RATE / 2)  # to the nearest AAC frame
        # every clip is a whole number of AAC frames, so the voice track can be cut between them
        assert round(clip.seconds * RATE) % ALIGN == 0 and round(clip.pause * RATE) % ALIGN == 0
    # espeak-ng speaks at the voice's rate: near the reading estimate, not at its own 175 wpm
    assert 0.8 < voicing.total / small.narration.total_seconds < 1.5


def test_none_is_silence_of_the_reading_length(small, tmp_path):
    voicing = voice_slides(small, TtsOptions(engine="none", cache=tmp_path))
    speech = [c.seconds - c.pause for c in voicing.clips]
    assert speech == pytest.approx(small.narration.seconds, abs=ALIGN / RATE)  # padded to an AAC frame


def test_the_cache_resynthesises_only_the_edited_slide(tmp_path):
    command, log = fake_tts(tmp_path)
    options = Options(tts=TtsOptions(engine="command", command=command, cache=tmp_path / "cache"))
    shutil.copytree(CONTENT / "images", tmp_path / "images")
    source = tmp_path / "talk.md"
    source.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    build_episode(source, tmp_path / "out", ["script", "audio"], options)
    assert calls(log) == SLIDES
    build_episode(source, tmp_path / "out", ["script", "audio"], options, force=True)
    assert calls(log) == SLIDES  # every clip from the cache
    edited = SMALL.read_text(encoding="utf-8").replace(
        "reach users in about a day", "reach users within a day"
    )
    source.write_text(edited, encoding="utf-8")
    build_episode(source, tmp_path / "out", ["script", "audio"], options)
    assert calls(log) == SLIDES + 1
    assert log.read_text(encoding="utf-8").splitlines()[-1] == "One-day changes reach users wi"


def _takes(folder: Path, suffixes: dict[int, str] | None = None) -> Path:
    folder.mkdir()
    for slide in range(1, SLIDES + 1):
        tone(folder / take_name(slide, (suffixes or {}).get(slide, ".wav")), 1, 300 + 20 * slide)
    return folder


def test_recordings_are_the_hosts_own_takes_in_any_format(small, tmp_path):
    takes = _takes(tmp_path / "takes", {2: ".flac", 3: ".mp3", 4: ".m4a"})
    voicing = voice_slides(small, TtsOptions(engine="recordings", recordings=takes, cache=tmp_path / "c"))
    for clip in voicing.clips:
        assert clip.seconds - clip.pause == pytest.approx(1.0, abs=0.06)  # mp3/aac pad a frame or so


def test_takes_may_be_named_by_the_cue_or_number_and_title(small, tmp_path):
    """As a host names files in a recorder: script.md's cue ("Slide 3"), or the number and the
    slide's title; the same sound as slide-NN.wav gives the same clips."""
    plain = _takes(tmp_path / "plain")
    named = tmp_path / "named"
    named.mkdir()
    for k, take in enumerate(sorted(plain.iterdir()), 1):
        title = small.slides[k - 1].title.replace("/", " ")
        shutil.copy(take, named / (f"Slide {k}.wav" if k % 2 else f"{k:02d} {title}.wav"))
    first = voice_slides(small, TtsOptions(engine="recordings", recordings=plain, cache=tmp_path / "c"))
    second = voice_slides(small, TtsOptions(engine="recordings", recordings=named, cache=tmp_path / "c"))
    assert [c.path for c in second.clips] == [c.path for c in first.clips] and second.made == 0
    shutil.copy(named / "Slide 3.wav", named / "3 again.wav")
    message = _fails(small, tmp_path, engine="recordings", recordings=named)
    assert message.startswith("slide 3: 2 recordings could be its take (3 again.wav, Slide 3.wav)")


def test_a_missing_take_names_the_slide_and_the_file_and_nothing_is_written(tmp_path):
    takes = _takes(tmp_path / "takes")
    (takes / "slide-07.wav").unlink()
    result = run("build", SMALL, "-o", tmp_path / "out", "--only", "script,audio", "--recordings", takes)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and "slide 7: no recording: expected slide-07.wav" in line and str(takes) in line
    assert not (tmp_path / "out").exists() or not [p for p in (tmp_path / "out").iterdir()]


def test_a_corrupt_take_names_the_file_and_why(tmp_path):
    takes = _takes(tmp_path / "takes")
    (takes / "slide-02.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunk" * 10)
    out = tmp_path / "out"
    result = run("build", SMALL, "-o", out, "--only", "script,audio", "--recordings", takes)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert (
        "\n" not in line
        and f"{takes / 'slide-02.wav'}: slide 2: this recording cannot be read as audio" in line
    )
    assert not out.exists() or not [p for p in out.iterdir()]


def test_list_takes_prints_the_files_recordings_expects():
    result = run("build", SMALL, "--list-takes")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].endswith("12 takes") and lines[1].split()[0] == "slide-01.wav"
    assert lines[12].split()[0] == "slide-12.wav" and "That's all for this episode" in lines[12]


def _fails(small, tmp_path, **options) -> str:
    with pytest.raises(UsageError) as caught:
        voice_slides(small, TtsOptions(cache=tmp_path / "c", **options))
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_engine_faults_are_one_line_naming_the_slide(small, tmp_path, monkeypatch):
    python = sys.executable
    hang = f"{python} -c 'import time; time.sleep(30)' {{wav}}"
    assert _fails(small, tmp_path, engine="command", command=hang, timeout=0.5) == (
        f"slide 1: the --tts-command program ({python}) took more than 0.5 s and was stopped"
    )
    crash = f"{python} -c 'import sys; sys.exit(\"no voice for this\")' {{wav}}"
    assert _fails(small, tmp_path, engine="command", command=crash).endswith("failed: no voice for this")
    empty = f"{python} -c 'import sys; open(sys.argv[1], \"w\")' {{wav}}"
    assert _fails(small, tmp_path, engine="command", command=empty) == "slide 1: command wrote no audio"
    junk = f'{python} -c \'import sys; open(sys.argv[1], "w").write("not audio")\' {{wav}}'
    assert _fails(small, tmp_path, engine="command", command=junk).startswith(
        "slide 1: command wrote audio that cannot be read"
    )
    assert "needs --tts-command" in _fails(small, tmp_path, engine="command")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert _fails(small, tmp_path) == (
        "--tts espeak-ng: espeak-ng is not installed: "
        "apt-get install espeak-ng (Debian/Ubuntu), brew install espeak-ng (macOS)"
    )
    assert "--tts piper needs --tts-model" in _fails(small, tmp_path, engine="piper")
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"x")
    assert _fails(small, tmp_path, engine="piper", model=model) == (
        "--tts piper: Piper is not installed: pip install piper-tts"
    )


def test_a_voice_file_names_its_engine_and_pauses(tmp_path):
    from generator.plan.voice import load_voice

    text = (Path(__file__).parents[2] / "templates" / "voices" / "english.yaml").read_text(encoding="utf-8")
    voice = tmp_path / "quiet.yaml"
    voice.write_text(text + "tts: none\npause:\n  slide: 0.25\n  part: 2\n", encoding="utf-8")
    loaded = load_voice(voice)
    assert (loaded.tts, loaded.pause_slide, loaded.pause_part) == ("none", 0.25, 2.0)
    out = tmp_path / "out"
    options = Options(voice=str(voice), tts=TtsOptions(cache=tmp_path / "c"))
    build_episode(SMALL, out, ["script", "audio"], options)
    assert (out / "episode.m4a").is_file()
    voice.write_text(text + "pause:\n  slide: -1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="between 0 and 10 seconds"):
        load_voice(voice)


def test_a_chinese_voice_may_be_spoken_in_cantonese(tmp_path):
    """`spoken: yue` in a Chinese voice file: espeak-ng speaks Cantonese (its `yue` voice),
    a different sound from the Mandarin default and so other clips; `yue` for an English voice
    is an error naming the file."""
    from generator.plan.voice import load_voice

    text = (Path(__file__).parents[2] / "templates" / "voices" / "dafei.yaml").read_text(encoding="utf-8")
    cantonese = tmp_path / "cantonese.yaml"
    cantonese.write_text(text + "\nspoken: yue\n", encoding="utf-8")
    assert load_voice(cantonese).spoken == "yue"
    production = produce(read_episode(SEED)[0])
    first = replace(
        production,
        slides=production.slides[:2],
        narration=replace(
            production.narration,
            texts=production.narration.texts[:2],
            seconds=production.narration.seconds[:2],
        ),
    )
    yue = replace(first, voice=load_voice(cantonese))
    mandarin = voice_slides(first, TtsOptions(cache=tmp_path / "c"))
    spoken = voice_slides(yue, TtsOptions(cache=tmp_path / "c"))
    assert spoken.made == 2  # not the Mandarin clips from the cache
    for a, b in zip(mandarin.clips, spoken.clips, strict=True):
        assert a.path != b.path and a.path.read_bytes() != b.path.read_bytes()
    english = tmp_path / "english.yaml"
    english.write_text(
        (Path(__file__).parents[2] / "templates" / "voices" / "english.yaml").read_text(encoding="utf-8")
        + "\nspoken: yue\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match="voice `spoken` must be en for an English voice"):
        load_voice(english)
