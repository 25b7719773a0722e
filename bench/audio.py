"""Audio benchmark: the seed's episode.m4a end to end with espeak-ng, split into synthesis
(the 24 clips, a cold clip cache, one espeak-ng process per core) and encoding (the clips
measured and AAC-encoded as cached segments, joined); then a whole `deckcast build --only script,audio` process
cold, warm (every clip cached, --force) and after one slide's text is edited (one clip made).

    python -m bench.audio

Goal (issue 18): the one-slide edit rebuilt in under 5 s on the 2-core machine.
Prints the numbers and writes bench/results-audio.json (git-ignored).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"
EDIT = ("會令人感到恐懼", "會讓人感到恐懼")  # one point of one slide


def _in_process(work: Path) -> dict[str, float]:
    from generator.media.voicing import TtsOptions, voice_slides
    from generator.plan.production import produce
    from generator.readers import read_episode
    from generator.writers import audio

    production = produce(read_episode(SEED)[0])
    started = time.perf_counter()
    voicing = voice_slides(production, TtsOptions(cache=work / "cache-a"), jobs=os.cpu_count() or 1)
    synthesis = time.perf_counter() - started
    from dataclasses import replace

    voiced = replace(
        production, voicing=voicing, narration=replace(production.narration, seconds=voicing.seconds)
    )
    (work / "out-a").mkdir()
    started = time.perf_counter()
    audio.write(voiced, work / "out-a")
    encoding = time.perf_counter() - started
    return {
        "synthesis_s": synthesis,
        "encoding_s": encoding,
        "clips": len(voicing.clips),
        "audio_s": voicing.total,
    }


def _build(source: Path, out: Path, cache: Path, *extra: str) -> float:
    env = {**os.environ, "DECKCAST_CACHE": str(cache)}
    command = [sys.executable, "-m", "generator.cli", "build", str(source), "-o", str(out), "-q"]
    started = time.perf_counter()
    subprocess.run([*command, "--only", "script,audio", *extra], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        numbers = _in_process(work)
        source = work / SEED.name
        shutil.copy(SEED, source)
        text = source.read_text(encoding="utf-8")
        assert EDIT[0] in text, "the benchmark's edit no longer matches the seed"
        numbers["build_cold_s"] = _build(source, work / "out", work / "cache")
        numbers["build_warm_s"] = _build(source, work / "out", work / "cache", "--force")
        source.write_text(text.replace(EDIT[0], EDIT[1], 1), encoding="utf-8")
        numbers["build_one_slide_edit_s"] = _build(source, work / "out", work / "cache")
        made = len(list((work / "cache" / "clips").glob("*.wav")))
        numbers["clips_in_cache_after_edit"] = made
    for name, value in numbers.items():
        print(f"{name:<28} {value:8.2f}" if isinstance(value, float) else f"{name:<28} {value:8d}")
    (ROOT / "bench" / "results-audio.json").write_text(json.dumps(numbers, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
