"""Where a deckcast command spends its time: runs the CLI in this process under cProfile.

    python -m bench.profile build SRC -o DIR --force --only deck
    python -m bench.profile --top 25 --json out.json build SRC -o DIR --force

Prints the wall time, then the top functions by own time (tottime) and by cumulative time,
and a per-stage breakdown (read, plan, fit, narration, deck writer, script, handout,
save). With --json, writes the same numbers for bench.run to pick up.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

# Stages of a build, by the function that is the stage (file suffix, function name).
STAGES = [
    ("imports (all, wherever they happen)", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("read source", "generator/readers/__init__.py", "read_episode"),
    ("open theme", "generator/deck/theme.py", "open_theme"),
    ("render slide plan (Jinja+YAML)", "generator/plan/slides.py", "render_plan"),
    ("fit slides", "generator/plan/slides.py", "fit_slides"),
    ("narration", "generator/plan/narration.py", "narrate_slides"),
    ("deck writer (python-pptx)", "generator/writers/deck.py", "write_deck"),
    ("  add_slide", "pptx/slide.py", "add_slide"),
    ("  notes_slide", "pptx/slide.py", "notes_slide"),
    ("  prs.save", "pptx/presentation.py", "save"),
    ("  save (zip)", "generator/writers/deck.py", "_save"),
    ("script writer", "generator/writers/script.py", "write"),
    ("handout writer", "generator/writers/handout/__init__.py", "write"),
    ("waiting for the forked handout", "generator/build.py", "result"),
]


def _name(func: tuple) -> str:
    file, line, name = func
    short = file
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in file:
            short = file.split(marker, 1)[1]
            break
    return f"{short}:{line}({name})"


def profile(args: list[str], top: int = 20) -> dict:
    from generator.cli import main

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    try:
        main.main(args, prog_name="deckcast", standalone_mode=False)
    except SystemExit:
        pass
    finally:
        profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    raw = stats.stats  # func -> (primitive calls, calls, tottime, cumtime, callers)

    def rows(key: int) -> list[dict]:
        ordered = sorted(raw.items(), key=lambda kv: kv[1][key], reverse=True)[:top]
        return [
            {"function": _name(f), "calls": v[1], "tottime": round(v[2], 3), "cumtime": round(v[3], 3)}
            for f, v in ordered
        ]

    stages = []
    for label, file, name in STAGES:
        hits = [v for f, v in raw.items() if f[0].endswith(file) and f[2] == name]
        if hits:
            stages.append(
                {
                    "stage": label,
                    "calls": sum(v[1] for v in hits),
                    "cumtime": round(max(v[3] for v in hits), 3),
                }
            )
    return {
        "args": args,
        "wall_s": round(wall, 3),
        "profiled_total_s": round(stats.total_tt, 3),
        "stages": stages,
        "by_tottime": rows(2),
        "by_cumtime": rows(3),
    }


def show(result: dict, out=sys.stdout) -> None:
    print(f"deckcast {' '.join(result['args'])}", file=out)
    print(f"wall {result['wall_s']:.2f} s under cProfile (profiler overhead included)", file=out)
    print("\nstages (cumulative s):", file=out)
    for s in result["stages"]:
        print(f"  {s['stage']:<34} {s['cumtime']:>8.2f}  ({s['calls']} calls)", file=out)
    for title, key in (("own time (tottime)", "by_tottime"), ("cumulative", "by_cumtime")):
        print(f"\ntop functions by {title}:", file=out)
        print(f"  {'tottime':>8} {'cumtime':>8} {'calls':>9}  function", file=out)
        for r in result[key]:
            print(f"  {r['tottime']:>8.2f} {r['cumtime']:>8.2f} {r['calls']:>9}  {r['function']}", file=out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="the deckcast command line, without `deckcast`"
    )
    ns = parser.parse_args()
    args = ns.args[1:] if ns.args[:1] == ["--"] else ns.args
    result = profile(args, ns.top)
    buffer = io.StringIO()
    show(result, buffer)
    print(buffer.getvalue(), end="")
    if ns.json:
        ns.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
