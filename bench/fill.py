"""How full the content slides are (issue 17): for the bundled sources and the test sources,
the share of content slides whose content spans under 40% of the body area, read from the
built deck as `deckcast check` reads it (generator/check/fill.py). Slides of one statement or
quote are sparse on purpose and not counted.

    python bench/fill.py [--tree PATH]...

Each --tree is a checkout of deckcast with its own venv (`PATH/.venv`); the same sources
are built with each and measured with this tree's reader of the deck, so "before" (an older
checkout) and "after" are told apart side by side. With no --tree, this tree alone."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "content" / "ai-alignment-salon.txt",
    ROOT / "content" / "shipping-reliable-software.md",
    ROOT / "tests" / "sources" / "zh-hant-two-hosts.txt",
    ROOT / "tests" / "sources" / "en-solo-talk.md",
    ROOT / "tests" / "sources" / "zh-hans-podcast.md",
    ROOT / "tests" / "sources" / "numbered-experts.txt",
]
SPARSE = 0.4
# Slides sparse on purpose: one statement or quote (their text boxes are named so). Covers
# and dividers have no body area and are not counted by the reader.
DELIBERATE = ("Statement ", "Quote ")


def measure(deck: Path) -> tuple[int, list[tuple[int, float]]]:
    from pptx import Presentation

    from generator.check.fill import slide_fills

    prs = Presentation(str(deck))
    fills = slide_fills(prs)
    deliberate = {
        n for n, slide in enumerate(prs.slides, 1) if any(s.name.startswith(DELIBERATE) for s in slide.shapes)
    }
    counted = [(n, f) for n, f in enumerate(fills, 1) if f is not None and n not in deliberate]
    return len(counted), [(n, f) for n, f in counted if f < SPARSE]


def build(tree: Path, source: Path, out: Path) -> Path:
    exe = tree / ".venv" / "bin" / "deckcast"
    subprocess.run(
        [str(exe), "build", str(source), "-o", str(out), "--only", "deck", "--force", "-q"],
        check=True,
        cwd=tree,
        capture_output=True,
    )
    return out / "deck.pptx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", type=Path, default=[])
    args = parser.parse_args()
    trees = args.tree or [ROOT]
    sys.path.insert(0, str(ROOT))
    print(f"{'source':<34}" + "".join(f"{t.name + ' (under 40%)':>30}" for t in trees))
    totals = [[0, 0] for _ in trees]
    with tempfile.TemporaryDirectory() as tmp:
        for source in SOURCES:
            cells = []
            for i, tree in enumerate(trees):
                deck = build(tree, source, Path(tmp) / f"{i}-{source.stem}")
                counted, sparse = measure(deck)
                totals[i][0] += counted
                totals[i][1] += len(sparse)
                slides = " ".join(str(n) for n, _ in sparse)
                cells.append(f"{len(sparse)}/{counted} [{slides}]")
            print(f"{source.name:<34}" + "".join(f"{c:>30}" for c in cells))
    print(f"{'all':<34}" + "".join(f"{f'{s}/{c} = {s / max(c, 1):.0%}':>30}" for c, s in totals))


if __name__ == "__main__":
    main()
