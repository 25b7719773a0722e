"""Whole-process benchmark of the deckcast CLI, against the project's performance targets.

    python -m bench.run             # full run: ~7 min on 2 cores
    python -m bench.run --quick     # no 2,000-section source, fewer repeats: ~2 min
    python -m bench.run --no-profile --wait-quiet 0 --sizes 100,500
    python -m bench.run --report bench/results.json   # print a saved run again

Measures, each as whole processes (wall time from spawn to exit, peak RSS from wait4):
  1. `deckcast --help` (median of 7);
  2. for the seed and generated transcripts of 100, 500 and 2,000 sections (bench.sources):
     `inspect --json`, `build --only deck|script|handout` and the full build, all with --force;
  3. the deck alone vs bench/bare_pptx.py (bare python-pptx writing the same slides, titles,
     bullets and notes, read back from deckcast's deck.pptx before timing) on seed and 500;
  4. pandoc Markdown -> pptx vs the deck alone on the 500-section source;
  5. linearity of the full build, and of each output alone, over 100 / 500 / 2,000 sections;
  6. a batch of 8 seed copies with --jobs 1 vs the default (one job per core), then a
     rebuild without --force (everything up to date);
  7. `deckcast watch` on the seed: the rebuild time after each save.
Where a target is missed, the slow case is profiled in-process with cProfile (bench.profile).

Prints a table and writes bench/results.json (git-ignored). Not part of the test pass.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .baselines import ensure_pandoc, pandoc_version, plan_markdown, read_plan
from .report import report
from .sources import transcript_source
from .targets import COMMANDS, TARGETS, verdicts
from .timing import Quiet, measure, ok, run_once

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"
RESULTS = ROOT / "bench" / "results.json"


def deckcast_exe() -> str:
    exe = Path(sys.executable).parent / "deckcast"
    return str(exe) if exe.exists() else (shutil.which("deckcast") or "deckcast")


# ---------------------------------------------------------------- the benchmark


def fit_line(xs: list[float], ys: list[float]) -> dict:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=False))
    slope = sxy / sxx
    intercept = my - slope * mx
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=False))
    ss_tot = sum((y - my) ** 2 for y in ys)
    import math

    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    lmx, lmy = sum(lx) / n, sum(ly) / n
    exponent = sum((a - lmx) * (b - lmy) for a, b in zip(lx, ly, strict=False)) / sum(
        (a - lmx) ** 2 for a in lx
    )
    return {
        "sections": xs,
        "seconds": [round(y, 3) for y in ys],
        "slope_s_per_100": slope * 100,
        "intercept_s": intercept,
        "r2": 1 - ss_res / ss_tot if ss_tot else 1.0,
        "loglog_exponent": exponent,
    }


def environment() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    import pptx

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
        "git_head": git("rev-parse", "--short", "HEAD"),
        "git_dirty": git("status", "--short", "--", "generator", "templates").splitlines(),
        "python_pptx": pptx.__version__,
        "pandoc": pandoc_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip 2,000 sections, fewer repeats")
    parser.add_argument(
        "--no-profile", action="store_true", help="do not profile the cases that miss a target"
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=180.0,
        metavar="S",
        help="wait up to S seconds in all for other processes to go idle before measurements",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    parser.add_argument(
        "--sizes",
        default=None,
        metavar="N,N,...",
        help="generated source sizes in sections (default 100,500,2000; --quick 100,500)",
    )
    parser.add_argument(
        "--report", type=Path, metavar="JSON", help="only print the table of a saved results file"
    )
    ns = parser.parse_args()
    if ns.report:
        report(json.loads(ns.report.read_text(encoding="utf-8")))
        return
    quick = ns.quick
    began = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f}s] {msg}", file=sys.stderr, flush=True)

    exe = deckcast_exe()
    quiet = Quiet(ns.wait_quiet, log)
    results: dict = {"quick": quick, "environment": environment(), "targets": TARGETS, "cases": {}}
    cases = results["cases"]
    sizes = [int(x) for x in ns.sizes.split(",")] if ns.sizes else ([100, 500] if quick else [100, 500, 2000])
    mid = 500 if 500 in sizes else sizes[-1]  # the size compared with bare python-pptx and pandoc
    repeats = {"seed": 3 if quick else 5}
    for n in sizes:
        repeats[n] = (3 if quick else 5) if n <= 100 else (1 if quick else 3) if n <= 500 else 2

    with tempfile.TemporaryDirectory(prefix="deckcast-bench-") as tmp_name:
        tmp = Path(tmp_name)
        sources = {"seed": SEED}
        for n in sizes:
            path = tmp / f"generated-{n}.txt"
            path.write_text(transcript_source(n), encoding="utf-8")
            sources[n] = path

        # 1. CLI start
        log("deckcast --help x7")
        quiet.wait()
        cases["help"] = measure([exe, "--help"], tmp, 7)

        # 2. each source x each command
        for key, path in sources.items():
            label = "seed" if key == "seed" else f"{key} sections"
            cases[label] = {"source": str(path), "bytes": path.stat().st_size}
            biggest = key != "seed" and key == max(sizes) and key > 500
            order = (
                COMMANDS if not biggest else [COMMANDS[0], COMMANDS[2], COMMANDS[3], COMMANDS[4], COMMANDS[1]]
            )
            for name, only in order:
                if only is None:
                    cmd = [exe, "inspect", str(path), "--json"]
                else:
                    out_dir = tmp / "out" / str(key) / (only or "all")
                    cmd = [exe, "build", str(path), "-o", str(out_dir), "--force"] + (
                        ["--only", only] if only else []
                    )
                runs = repeats[key]
                if biggest and name == "build --only deck":
                    full = cases[label]["build (all outputs)"]
                    if ok(full) and full["median_s"] > 60:
                        cases[label][name] = {
                            "skipped": f"the full build took {full['median_s']:.0f} s; "
                            "the deck alone is most of it (see the profile)"
                        }
                        log(f"{label}: {name}: skipped (full build {full['median_s']:.0f} s)")
                        continue
                if biggest and name != "build (all outputs)":
                    runs = 1
                log(f"{label}: {name} (up to {runs} runs)")
                quiet.wait()
                cases[label][name] = measure(cmd, tmp, runs)
                m = cases[label][name]
                log(
                    f"  median {m['median_s']:.2f} s, peak {m['peak_rss_mb']:.0f} MB"
                    if ok(m)
                    else f"  FAILED: {m['failed']}"
                )

        # 3. deck writer vs bare python-pptx
        results["bare_pptx"] = {}
        for key in ("seed", mid):
            label = "seed" if key == "seed" else f"{key} sections"
            deck = tmp / "out" / str(key) / "deck" / "deck.pptx"
            if not deck.is_file():
                results["bare_pptx"][label] = {"skipped": "deckcast did not write a deck"}
                continue
            plan = read_plan(deck)
            plan_path = tmp / f"plan-{key}.json"
            plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
            log(f"{label}: bare python-pptx, {len(plan['slides'])} slides")
            quiet.wait()
            bare = measure(
                [
                    sys.executable,
                    str(ROOT / "bench" / "bare_pptx.py"),
                    str(plan_path),
                    str(tmp / f"bare-{key}.pptx"),
                ],
                tmp,
                repeats[key],
            )
            ours = cases[label]["build --only deck"]
            results["bare_pptx"][label] = {
                "slides": len(plan["slides"]),
                "deckcast": ours,
                "bare": bare,
                "ratio": ours["median_s"] / bare["median_s"] if ok(ours) and ok(bare) else None,
            }

        # 4. pandoc on the 500-section content
        pandoc = ensure_pandoc(log)
        if pandoc and (tmp / f"plan-{mid}.json").is_file():
            plan = json.loads((tmp / f"plan-{mid}.json").read_text(encoding="utf-8"))
            md = tmp / f"in-{mid}.md"
            md.write_text(plan_markdown(plan), encoding="utf-8")
            log(f"{mid} sections: pandoc in.md -o out.pptx")
            quiet.wait()
            timing = measure([pandoc, str(md), "-o", str(tmp / f"pandoc-{mid}.pptx")], tmp, repeats[mid])
            from pptx import Presentation

            ours = cases[f"{mid} sections"]["build --only deck"]
            results["pandoc"] = {
                "sections": mid,
                "version": pandoc_version(),
                "markdown_bytes": md.stat().st_size,
                "slides": len(Presentation(str(tmp / f"pandoc-{mid}.pptx")).slides) if ok(timing) else None,
                "pandoc": timing,
                "deckcast_deck": ours,
                "ratio_deckcast_to_pandoc": ours["median_s"] / timing["median_s"]
                if ok(ours) and ok(timing)
                else None,
            }
        else:
            results["pandoc"] = {
                "skipped": "pandoc is not installed and could not be installed"
                if not pandoc
                else f"no {mid}-section deck to compare with"
            }

        # 5. linearity of the full build
        xs = [n for n in sizes if ok(cases[f"{n} sections"]["build (all outputs)"])]
        ys = [cases[f"{n} sections"]["build (all outputs)"]["median_s"] for n in xs]
        results["linearity"] = (
            fit_line([float(x) for x in xs], ys) if len(xs) >= 2 else {"skipped": "fewer than 2 sizes built"}
        )
        results["linearity_by_output"] = {}
        for name in ("build --only deck", "build --only script", "build --only handout"):
            xs = [n for n in sizes if ok(cases[f"{n} sections"].get(name))]
            if len(xs) >= 2:
                results["linearity_by_output"][name] = fit_line(
                    [float(x) for x in xs], [cases[f"{n} sections"][name]["median_s"] for n in xs]
                )

        # 6. batch of 8 seed copies
        batch_src = tmp / "batch" / "content"
        batch_src.mkdir(parents=True)
        for i in range(1, 9):
            shutil.copyfile(SEED, batch_src / f"episode-{i}.txt")
        batch_out = tmp / "batch" / "output"
        runs = 1 if quick else 3
        log(f"batch of 8: --jobs 1 (x{runs})")
        quiet.wait()
        serial = measure(
            [exe, "build", str(batch_src), "-o", str(batch_out), "--force", "--jobs", "1"], tmp, runs
        )
        log(f"batch of 8: default jobs = {os.cpu_count()} cores (x{runs})")
        quiet.wait()
        parallel = measure([exe, "build", str(batch_src), "-o", str(batch_out), "--force"], tmp, runs)
        log("batch of 8: again without --force")
        stdout = tmp / "batch" / "uptodate.txt"
        quiet.wait()
        again = run_once([exe, "build", str(batch_src), "-o", str(batch_out)], tmp, stdout)
        lines = stdout.read_text(encoding="utf-8").splitlines()
        fresh = sum(1 for line in lines if line.startswith("up to date"))
        results["batch"] = {
            "episodes": 8,
            "jobs_1": serial,
            "jobs_default": parallel,
            "default_jobs": os.cpu_count(),
            "speedup": serial["median_s"] / parallel["median_s"] if ok(serial) and ok(parallel) else None,
            "up_to_date_run": {
                "wall_s": again["wall_s"],
                "peak_rss_mb": again["rss_mb"],
                "up_to_date": fresh,
                "summary": again["stderr"].strip()[-200:],
            },
        }

        # 7. what a user iterating on an episode waits for: `deckcast watch` rebuilding the seed
        log("watch: seed rebuilt after each save")
        quiet.wait()
        results["watch"] = watch_rebuilds(exe, tmp, saves=3 if quick else 6)

        # targets
        results["verdicts"] = verdicts(results)

        # profiles of what missed
        if not ns.no_profile:
            results["profiles"] = {}
            for name, args in profile_cases(results, sources, tmp, quick):
                log(f"profiling {name} in-process (cProfile)")
                out = tmp / f"profile-{len(results['profiles'])}.json"
                subprocess.run(
                    [sys.executable, "-m", "bench.profile", "--top", "15", "--json", str(out), *args],
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                )
                results["profiles"][name] = json.loads(out.read_text(encoding="utf-8"))

    results["elapsed_s"] = time.perf_counter() - began
    results["environment"]["loadavg_at_end"] = os.getloadavg()
    ns.output.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    report(results)
    print(
        f"\nwrote {ns.output.relative_to(ROOT) if ns.output.is_relative_to(ROOT) else ns.output} "
        f"in {results['elapsed_s']:.0f} s"
    )


def watch_rebuilds(exe: str, tmp: Path, saves: int) -> dict:
    """Start `deckcast watch` on a copy of the seed, save a change after each build, and
    collect the build times it reports (the first build, then one per save)."""
    import re

    folder = tmp / "watch"
    folder.mkdir()
    src = folder / "episode.txt"
    shutil.copyfile(SEED, src)
    cmd = [
        exe,
        "watch",
        str(src),
        "-o",
        str(folder / "out"),
        "--interval",
        "0.1",
        "--max-builds",
        str(saves + 1),
    ]
    times = []
    with subprocess.Popen(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        for line in proc.stdout:
            found = re.search(r"built -> .*\(([\d.]+) s\)", line)
            if not found:
                continue
            times.append(float(found.group(1)))
            if len(times) <= saves:
                time.sleep(0.3)  # a distinct modification time
                with open(src, "a", encoding="utf-8") as f:
                    f.write(f"*   修改 {len(times)}\n")
    rebuilds = times[1:]
    return {
        "first_s": times[0] if times else None,
        "rebuilds_s": rebuilds,
        "median_rebuild_s": statistics.median(rebuilds) if rebuilds else None,
    }


def profile_cases(results: dict, sources: dict, tmp: Path, quick: bool) -> list[tuple[str, list[str]]]:
    """The slow case behind each missed target, as deckcast arguments (smaller where the
    full size would take too long under the profiler; the hot spots are the same)."""
    missed = {v["target"] for v in results["verdicts"] if v["met"] is False}
    todo: list[tuple[str, list[str]]] = []
    seed = str(sources["seed"])
    if any(t.startswith("seed full build") for t in missed):
        todo.append(("seed full build", ["build", seed, "-o", str(tmp / "prof-seed"), "--force"]))
        # In a full build the handout is laid out in a forked child, out of the profiler's sight.
        todo.append(
            (
                "seed --only handout",
                ["build", seed, "-o", str(tmp / "prof-seed-h"), "--force", "--only", "handout"],
            )
        )
    if any(t.startswith("deck alone") and "(seed)" in t for t in missed):
        todo.append(
            ("seed --only deck", ["build", seed, "-o", str(tmp / "prof-seed-d"), "--force", "--only", "deck"])
        )
    if any(t.startswith(("deck alone", "deck faster", "2,000")) and "(seed)" not in t for t in missed):
        n = 100 if quick and 100 in sources else max(k for k in sources if k != "seed" and k <= 500)
        todo.append(
            (
                f"{n} sections --only deck (stands in for the 500/2,000-section targets: the deck is "
                "most of the full build)",
                ["build", str(sources[n]), "-o", str(tmp / f"prof-{n}"), "--force", "--only", "deck"],
            )
        )
    if any(t.startswith("deckcast --help") for t in missed):
        todo.append(("deckcast --help", ["--help"]))
    return todo


if __name__ == "__main__":
    main()
