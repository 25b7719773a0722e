"""Rich Markdown decks against text-only ones of the same size (issue 16), as ratios
measured side by side in one run: a hand-written talk of N `##` slides with bullets, and
the same talk with an image on every tenth slide and a table on every twentieth.

    python bench/rich.py [--slides 500] [--runs 3]

Prints the median wall time of `deckcast build --only deck --force` for each, the time per
slide, their ratio, and how many media parts the rich deck stores (one image used on
every tenth slide must be stored once)."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def talk(slides: int, rich: bool) -> str:
    out = ["---", "title: Bench talk", "language: en", "---", "", "# Talk", ""]
    for n in range(slides):
        out += [
            f"## Slide {n}",
            "",
            f"- The first point of slide {n}, a sentence of ordinary length.",
            "- A second point with **bold** and a [link](https://example.org).",
            "",
        ]
        if rich and n % 10 == 0:
            out += ["![a chart](chart.png)", ""]
        if rich and n % 20 == 5:
            out += [
                "| Team | Deploys | Share |",
                "|---|---:|:---:|",
                "| A | 12 | 40% |",
                "| B | 8 | 30% |",
                "",
            ]
    return "\n".join(out)


def median_build(source: Path, runs: int) -> float:
    exe = Path(sys.executable).with_name("deckcast")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [
                str(exe),
                "build",
                str(source),
                "-o",
                str(source.parent / ("out-" + source.stem)),
                "--only",
                "deck",
                "--force",
                "-q",
            ],
            check=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--slides", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    ns = parser.parse_args()
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="deckcast-bench-rich-") as name:
        folder = Path(name)
        Image.new("RGB", (800, 400), "#13807F").save(folder / "chart.png")
        plain, rich = folder / "plain.md", folder / "rich.md"
        plain.write_text(talk(ns.slides, False), encoding="utf-8")
        rich.write_text(talk(ns.slides, True), encoding="utf-8")
        results = {}
        for _ in range(ns.runs):  # interleaved, so both see the same machine
            for source in (plain, rich):
                results.setdefault(source.stem, []).append(median_build(source, 1))
        deck = folder / "out-rich" / "deck.pptx"
        media = [n for n in zipfile.ZipFile(deck).namelist() if n.startswith("ppt/media/")]
        slides = sum(1 for n in zipfile.ZipFile(deck).namelist() if n.startswith("ppt/slides/slide"))
        plain_s, rich_s = statistics.median(results["plain"]), statistics.median(results["rich"])
        plain_slides = sum(
            1
            for n in zipfile.ZipFile(folder / "out-plain" / "deck.pptx").namelist()
            if n.startswith("ppt/slides/slide")
        )
        print(f"{ns.slides} sections, median of {ns.runs} interleaved runs each")
        print(
            f"  text only: {plain_s:.2f} s for {plain_slides} slides ({plain_s / plain_slides * 1000:.2f} ms a slide)"
        )
        print(f"  rich:      {rich_s:.2f} s for {slides} slides ({rich_s / slides * 1000:.2f} ms a slide)")
        print(f"  per-slide ratio rich / text-only: {(rich_s / slides) / (plain_s / plain_slides):.2f}")
        print(f"  media parts in the rich deck: {len(media)} (one image used on {ns.slides // 10} slides)")


if __name__ == "__main__":
    main()
