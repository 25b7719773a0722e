"""deck.html benchmark: the writer as whole processes beside the pptx it draws alike, and
`deckcast serve`'s save-to-screen time in a real browser.

    python -m bench.html            # seed and a generated 500-section transcript
    python -m bench.html --quick    # seed only, fewer repeats

Measures:
  1. `deckcast build SOURCE --only html --force` and, side by side in alternation, `--only deck`
     (the same slide plan written as deck.pptx: the baseline), median wall time and peak memory
     of whole processes, on the seed and on 500 sections; the ratio html / deck and the file's size;
  2. serve: the seed served in this process (generator.serve.Serving, polling every 0.1 s as
     the CLI does) and opened in headless chromium; the source is saved with a changed slide
     title, and the time from the save to the deck frame showing the new title is taken (the
     next save once every build of the last one is done), for
     for serve's default outputs (script, handout, html: what its page shows), for every
     output (deck.pptx too) and for `--only script,html`.
     Goal: under 1 s on the seed.

Prints a table and writes bench/results-html.json (git-ignored).
"""

from __future__ import annotations

import json
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .sources import transcript_source
from .timing import run_once

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"
RESULTS = ROOT / "bench" / "results-html.json"


def _exe() -> str:
    return str(Path(sys.executable).with_name("deckcast"))


def writer_side_by_side(source: Path, tmp: Path, runs: int) -> dict[str, Any]:
    """html and deck alternately, `runs` each, after one warm-up of each."""
    times: dict[str, list[float]] = {"html": [], "deck": []}
    rss: dict[str, list[float]] = {"html": [], "deck": []}
    for i in range(runs + 1):
        for output in ("html", "deck"):
            out = tmp / f"{source.stem}-{output}"
            result = run_once(
                [_exe(), "build", str(source), "-o", str(out), "--only", output, "--force"], tmp
            )
            if i:  # the first round warms the caches (compiled templates, fonts) and is not counted
                times[output].append(result["wall_s"])
                rss[output].append(result["rss_mb"])
    html, deck = statistics.median(times["html"]), statistics.median(times["deck"])
    size = (tmp / f"{source.stem}-html" / "deck.html").stat().st_size
    return {
        "html_s": round(html, 3),
        "deck_s": round(deck, 3),
        "ratio": round(html / deck, 2),
        "html_rss_mb": round(max(rss["html"]), 1),
        "deck_rss_mb": round(max(rss["deck"]), 1),
        "html_mb": round(size / 1e6, 2),
    }


def save_to_screen(outputs: list[str], tmp: Path, saves: int) -> dict[str, Any]:
    """Seconds from saving the seed to the served page's deck showing the change, `saves` times."""
    sys.path.insert(0, str(ROOT / "tests"))
    from _browser import chromium_path, wait_until
    from playwright.sync_api import sync_playwright

    from generator.build import Options, warm_up
    from generator.serve import Serving

    source = tmp / f"serve-{len(outputs)}" / SEED.name
    source.parent.mkdir()
    shutil.copy(SEED, source)
    warm_up(outputs)
    serving = Serving(source, source.parent / "out", outputs, Options(), "127.0.0.1", 0)
    serving.start()
    stop, idle = threading.Event(), threading.Event()
    builds: list[float] = []

    def loop() -> None:
        count = 0
        while not stop.is_set():
            started = time.perf_counter()
            if serving.poll(lambda message, err=False: None, count):
                count += 1
                builds.append(time.perf_counter() - started)
                idle.clear()
            else:
                idle.set()  # every build of the last save is done (the handout's too)
            time.sleep(0.1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    seconds: list[float] = []
    text = source.read_text(encoding="utf-8")
    deck = "document.getElementById('deck-frame').contentWindow"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(serving.url)
        wait_until(page, "Number(document.body.dataset.loaded) > 0", timeout=60)
        wait_until(page, f"{deck}.deckcast && {deck}.deckcast.count() > 0")
        page.evaluate(f"{deck}.deckcast.go(8)")
        for n in range(1, saves + 1):
            marker = f"價值觀植入（第{n}版）"
            saved = time.perf_counter()
            source.write_text(text.replace("價值觀植入", marker), encoding="utf-8")
            idle.clear()
            wait_until(
                page,
                f"(() => {{ try {{ const s = {deck}.document.querySelector('#deck > .slide.on');"
                f" return s && s.textContent.includes({json.dumps(marker)}); }} catch (e) {{ return false; }} }})()",
                timeout=30,
            )
            seconds.append(time.perf_counter() - saved)
            time.sleep(0.3)
            idle.wait(30)  # the next save comes after this one's builds, as a writer's saves do
        browser.close()
    stop.set()
    thread.join()
    serving.stop()
    return {
        "outputs": ",".join(outputs),
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
        "rebuild_s": round(statistics.median(builds[1:]), 3) if len(builds) > 1 else None,
        "saves": saves,
    }


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    results: dict[str, Any] = {"machine": f"{platform.machine()}, {platform.python_version()}", "writer": {}}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sources = {"seed": SEED}
        if not quick:
            big = tmp / "sections-500.txt"
            big.write_text(transcript_source(500), encoding="utf-8")
            sources["500 sections"] = big
        for label, source in sources.items():
            results["writer"][label] = writer_side_by_side(source, tmp, 3 if quick else 5)
        results["serve"] = [
            save_to_screen(["script", "handout", "html"], tmp, 3 if quick else 5),
            save_to_screen(["deck", "script", "handout", "html"], tmp, 3 if quick else 5),
            save_to_screen(["script", "html"], tmp, 3 if quick else 5),
        ]
    print(f"{'source':<14} {'html s':>8} {'deck s':>8} {'ratio':>6} {'html MB':>8} {'RSS MB html/deck':>17}")
    for label, row in results["writer"].items():
        print(
            f"{label:<14} {row['html_s']:>8.2f} {row['deck_s']:>8.2f} {row['ratio']:>6.2f} "
            f"{row['html_mb']:>8.2f} {row['html_rss_mb']:>8.0f}/{row['deck_rss_mb']:<8.0f}"
        )
    for row in results["serve"]:
        print(
            f"serve ({row['outputs']}): save to screen median {row['median_s']:.2f} s, "
            f"max {row['max_s']:.2f} s (rebuild {row['rebuild_s']} s), goal < 1 s"
        )
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
