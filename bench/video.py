"""Video benchmark: the seed's episode.mp4 end to end, split into its stages.

    python -m bench.video            # espeak-ng voices the seed (tones when it is missing)
    python -m bench.video --tones    # a generated tone per slide, as long as the reading estimate

Stages, each timed on its own, in one process, every cache empty (one run: the stages take
seconds, not milliseconds):
  - synthesis: the narration voiced into clips (generator.media.voicing.voice_slides with
    espeak-ng, 2 jobs, into an empty clip cache), or the tones made with ffmpeg;
  - slide rendering: the deck drawn by LibreOffice to PDF and rasterised to 1920x1080 stills;
  - encoding: the picture (a segment per slide) and the voice (a segment per clip) encoded and
    put together with subtitles and chapters;
  - the whole video writer again, every segment cached (the deck still drawn by LibreOffice).
Then whole `deckcast build --only script,video` processes (espeak-ng only): cold (clips
cached, nothing else), warm (--force, everything cached) and after one slide's text is edited.

Prints a table and writes bench/results-video.json (git-ignored). Goals (issue 18): under 30 s
for synthesis + rendering + encoding on the 2-core machine, the one-slide edit under 5 s.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"
RESULTS = ROOT / "bench" / "results-video.json"


def _voiced(production, work: Path, tones: bool):
    """The production with its clips, and how they were made."""
    from generator.media.voicing import Clip, Voicing

    if not tones and shutil.which("espeak-ng"):
        from generator.media.voicing import TtsOptions, voice_slides

        voicing = voice_slides(production, TtsOptions("espeak-ng", cache=work / "cache"), jobs=2)
        how = "espeak-ng"
    else:
        from generator.media.ffmpeg import ffmpeg

        clips = []
        for slide, seconds in zip(production.slides, production.narration.seconds, strict=True):
            wav = work / f"tone-{slide.number}.wav"
            tone = f"sine=f={200 + 10 * slide.number}:d={seconds:.2f}:sample_rate=44100"
            subprocess.run([ffmpeg(), "-loglevel", "error", "-f", "lavfi", "-i", tone, str(wav)], check=True)
            clips.append(Clip(slide.number, wav, round(seconds, 2)))
        voicing, how = Voicing("tones", tuple(clips)), "tones"
    narration = replace(production.narration, seconds=voicing.seconds)
    return replace(production, voicing=voicing, narration=narration), how


EDIT = ("會令人感到恐懼", "會讓人感到恐懼")  # one point of one slide, as bench.audio edits it


def _builds(work: Path) -> dict[str, float]:
    """Whole build processes of a copy of the seed: cold, warm and after a one-slide edit."""
    source = work / SEED.name
    shutil.copy(SEED, source)
    env = {**os.environ, "DECKCAST_CACHE": str(work / "build-cache")}
    command = [sys.executable, "-m", "generator.cli", "build", str(source), "-o", str(work / "build")]
    command += ["-q", "--only", "script,video"]

    def build(*extra: str) -> float:
        started = time.perf_counter()
        subprocess.run([*command, *extra], check=True, env=env, cwd=ROOT)
        return time.perf_counter() - started

    build()  # the clips made: the cold build below starts with them in the cache
    shutil.rmtree(work / "build-cache" / "clips" / "frames", ignore_errors=True)
    shutil.rmtree(work / "build-cache" / "clips" / "pictures", ignore_errors=True)
    shutil.rmtree(work / "build-cache" / "clips" / "segments", ignore_errors=True)
    out = {"build, clips cached, nothing else": build("--force")}
    out["build, warm (--force)"] = build("--force")
    text = source.read_text(encoding="utf-8")
    assert EDIT[0] in text, "the benchmark's edit no longer matches the seed"
    source.write_text(text.replace(EDIT[0], EDIT[1], 1), encoding="utf-8")
    out["build after a one-slide edit"] = build()
    return out


def main(argv: list[str]) -> int:
    from generator.media import frames, mux
    from generator.plan.production import produce
    from generator.readers import read_episode
    from generator.writers import video
    from generator.writers.deck import write_deck
    from generator.writers.script import srt_text

    episode, _ = read_episode(SEED)
    production = produce(episode)
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="deckcast-bench-video-") as name:
        work = Path(name)
        started = time.perf_counter()
        production, how = _voiced(production, work, "--tones" in argv)
        times[f"synthesis ({how})"] = time.perf_counter() - started
        assert production.voicing is not None
        (work / "stills").mkdir()
        cache = work / "cache"
        started = time.perf_counter()
        deck = write_deck(production.slides, production.episode, production.theme)
        images = frames.slide_images(deck, len(production.slides), work / "stills", cache)
        times["slide rendering"] = time.perf_counter() - started
        from generator.deck.theme import fonts_for

        latin, east_asian = fonts_for(production.theme, episode.language)["minor"]
        film = mux.Film(  # as the video writer makes it, so its second run finds the segments
            images=images,
            clips=production.voicing.clips,
            chapters=video._chapters(production),
            title=episode.title,
            artist=episode.host.name or episode.show or "",
            language=episode.language,
            subtitles=srt_text(production),
            font=latin if episode.language == "en" else east_asian,
            cache=cache,
        )
        (work / "mux").mkdir()
        started = time.perf_counter()
        mux.assemble(film, work / "episode.mp4", work / "mux", jobs=os.cpu_count() or 1)
        times["encoding"] = time.perf_counter() - started
        times["end to end (the three above)"] = sum(times.values())
        (work / "out").mkdir()
        started = time.perf_counter()
        video.write(replace(production, voicing=replace(production.voicing, cache=cache)), work / "out")
        times["video writer again (segments cached)"] = time.perf_counter() - started
        size = (work / "out" / "episode.mp4").stat().st_size
        if how == "espeak-ng":
            times.update(_builds(work))
    seconds = production.voicing.total
    print(
        f"seed: {len(production.slides)} slides, {seconds:.1f} s of narration, episode.mp4 {size / 1e6:.1f} MB"
    )
    for stage, took in times.items():
        print(f"  {stage:<40} {took:6.2f} s")
    RESULTS.write_text(
        json.dumps(
            {
                "machine": platform.machine(),
                "slides": len(production.slides),
                "seconds": seconds,
                "times": times,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
