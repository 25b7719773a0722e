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
  4b. issue 19's ratios, each pair measured interleaved in one run: the seed's deck alone vs
     bare python-pptx (the floor), and a plain Markdown talk (bench.markdown: `##` sections
     with bullets) of each size, `build --only deck` vs `pandoc --slide-level=2 -o x.pptx`;
  5. linearity of the full build, and of each output alone, over 100 / 500 / 2,000 sections;
  6. a batch of 8 seed copies with --jobs 1 vs the default (one job per core), then a
     rebuild without --force (everything up to date);
  7. `deckcast watch` on the seed: the rebuild time after each save.
Where a target is missed, the slow case is profiled in-process with cProfile (bench.profile).

Prints a table and writes bench/results.json (git-ignored). Not part of the test pass.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .baselines import ensure_pandoc, pandoc_version, plan_markdown, read_plan
from .markdown import plain_markdown
from .report import report
from .sources import transcript_source
from .targets import COMMANDS, TARGETS, verdicts
from .timing import Quiet, measure, measure_side_by_side, ok, run_once

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"
RESULTS = ROOT / "bench" / "results.json"

# The sections of a run are one function each below; bench.timing times the processes, bench.targets
# judges the run against the targets, bench.report prints it.

SourceKey = str | int  # "seed", or the size of a generated source in sections


@dataclass(frozen=True)
class Bench:
    """What every section of one run shares: the deckcast executable, the scratch folder, the
    sources and how often each is measured, the wait for quiet cores, and the log."""

    exe: str
    tmp: Path
    quick: bool
    sizes: list[int]
    mid: int  # the size compared with bare python-pptx and pandoc
    repeats: dict[SourceKey, int]
    sources: dict[SourceKey, Path]
    quiet: Quiet
    log: Callable[[str], None]


def deckcast_exe() -> str:
    exe = Path(sys.executable).parent / "deckcast"
    return str(exe) if exe.exists() else (shutil.which("deckcast") or "deckcast")


def source_label(key: SourceKey) -> str:
    return "seed" if key == "seed" else f"{key} sections"


# ---------------------------------------------------------------- the command line


def parse_args() -> argparse.Namespace:
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
    return parser.parse_args()


def main() -> None:
    ns = parse_args()
    if ns.report:
        report(json.loads(ns.report.read_text(encoding="utf-8")))
        return
    began = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f}s] {msg}", file=sys.stderr, flush=True)

    exe = deckcast_exe()
    # An installed deckcast has its bytecode compiled; with PYTHONDONTWRITEBYTECODE set (as on
    # the shared machines) every process would otherwise compile the generator again.
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    quiet = Quiet(ns.wait_quiet, log)
    results: dict[str, Any] = {
        "quick": ns.quick,
        "environment": environment(),
        "targets": TARGETS,
        "cases": {},
    }
    sizes = (
        [int(x) for x in ns.sizes.split(",")] if ns.sizes else ([100, 500] if ns.quick else [100, 500, 2000])
    )
    with tempfile.TemporaryDirectory(prefix="deckcast-bench-") as tmp_name:
        tmp = Path(tmp_name)
        bench = Bench(
            exe=exe,
            tmp=tmp,
            quick=ns.quick,
            sizes=sizes,
            mid=500 if 500 in sizes else sizes[-1],
            repeats=repeats(sizes, ns.quick),
            sources=write_sources(tmp, sizes),
            quiet=quiet,
            log=log,
        )
        run_sections(bench, results, profile=not ns.no_profile)

    results["elapsed_s"] = time.perf_counter() - began
    results["environment"]["loadavg_at_end"] = os.getloadavg()
    ns.output.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    report(results)
    print(
        f"\nwrote {ns.output.relative_to(ROOT) if ns.output.is_relative_to(ROOT) else ns.output} "
        f"in {results['elapsed_s']:.0f} s"
    )


def repeats(sizes: list[int], quick: bool) -> dict[SourceKey, int]:
    """How many processes each source is measured with (fewer for the big ones)."""
    out: dict[SourceKey, int] = {"seed": 3 if quick else 5}
    for n in sizes:
        out[n] = (3 if quick else 5) if n <= 100 else (1 if quick else 3) if n <= 500 else 2
    return out


def write_sources(tmp: Path, sizes: list[int]) -> dict[SourceKey, Path]:
    """The seed, and a generated transcript of each size written into the scratch folder."""
    sources: dict[SourceKey, Path] = {"seed": SEED}
    for n in sizes:
        path = tmp / f"generated-{n}.txt"
        path.write_text(transcript_source(n), encoding="utf-8")
        sources[n] = path
    return sources


def run_sections(bench: Bench, results: dict[str, Any], profile: bool) -> None:
    """Every section of the benchmark in turn, each adding its part to `results`."""
    cases = results["cases"]
    # 1. CLI start
    bench.log("deckcast --help x7")
    bench.quiet.wait()
    cases["help"] = measure([bench.exe, "--help"], bench.tmp, 7)
    # 2. each source x each command
    for key, path in bench.sources.items():
        measure_source(bench, cases, key, path)
    # 3. deck writer vs bare python-pptx
    results["bare_pptx"] = {
        source_label(key): bare_pptx_row(bench, cases, key) for key in ("seed", bench.mid)
    }
    # 4. pandoc on the 500-section content
    results["pandoc"] = pandoc_row(bench, cases)
    # 4b. the ratios of issue 19, side by side
    results["seed_floor"] = seed_floor(bench)
    results["plain_markdown"] = {str(n): plain_markdown_row(bench, n) for n in bench.sizes}
    # 5. linearity of the full build
    results["linearity"] = full_build_linearity(bench, cases)
    results["linearity_by_output"] = linearity_by_output(bench, cases)
    # 6. batch of 8 seed copies
    results["batch"] = measure_batch(bench)
    # 7. what a user iterating on an episode waits for: `deckcast watch` rebuilding the seed
    bench.log("watch: seed rebuilt after each save")
    bench.quiet.wait()
    results["watch"] = watch_rebuilds(bench.exe, bench.tmp, saves=3 if bench.quick else 6)
    # targets
    results["verdicts"] = verdicts(results)
    # profiles of what missed
    if profile:
        results["profiles"] = run_profiles(bench, results)


# ---------------------------------------------------------------- 2. each source x each command


def measure_source(bench: Bench, cases: dict[str, Any], key: SourceKey, path: Path) -> None:
    """Every command of COMMANDS on one source (the biggest: the full build first, once each)."""
    label = source_label(key)
    row: dict[str, Any] = {"source": str(path), "bytes": path.stat().st_size}
    cases[label] = row
    biggest = isinstance(key, int) and key == max(bench.sizes) and key > 500
    order = COMMANDS if not biggest else [COMMANDS[0], COMMANDS[2], COMMANDS[3], COMMANDS[4], COMMANDS[1]]
    for name, only in order:
        if biggest and name == "build --only deck" and skip_big_deck(bench, row, label, name):
            continue
        runs = 1 if biggest and name != "build (all outputs)" else bench.repeats[key]
        bench.log(f"{label}: {name} (up to {runs} runs)")
        bench.quiet.wait()
        m = row[name] = measure(command_line(bench, key, path, only), bench.tmp, runs)
        bench.log(
            f"  median {m['median_s']:.2f} s, peak {m['peak_rss_mb']:.0f} MB"
            if ok(m)
            else f"  FAILED: {m['failed']}"
        )


def command_line(bench: Bench, key: SourceKey, path: Path, only: str | None) -> list[str]:
    """`inspect --json` (only None), or a forced build of one output ("" for all of them)."""
    if only is None:
        return [bench.exe, "inspect", str(path), "--json"]
    out_dir = bench.tmp / "out" / str(key) / (only or "all")
    return [bench.exe, "build", str(path), "-o", str(out_dir), "--force"] + (["--only", only] if only else [])


def skip_big_deck(bench: Bench, row: dict[str, Any], label: str, name: str) -> bool:
    """Skip the deck alone when the full build already took over a minute (recorded as skipped)."""
    full = row["build (all outputs)"]
    if not (ok(full) and full["median_s"] > 60):
        return False
    row[name] = {
        "skipped": f"the full build took {full['median_s']:.0f} s; the deck alone is most of it (see the profile)"
    }
    bench.log(f"{label}: {name}: skipped (full build {full['median_s']:.0f} s)")
    return True


# ---------------------------------------------------------------- 3. and 4. the baselines


def bare_pptx_row(bench: Bench, cases: dict[str, Any], key: SourceKey) -> dict[str, Any]:
    """Bare python-pptx writing the slides of deckcast's deck of one source, against the deck alone."""
    label = source_label(key)
    deck = bench.tmp / "out" / str(key) / "deck" / "deck.pptx"
    if not deck.is_file():
        return {"skipped": "deckcast did not write a deck"}
    plan = read_plan(deck)
    plan_path = bench.tmp / f"plan-{key}.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    bench.log(f"{label}: bare python-pptx, {len(plan['slides'])} slides")
    bench.quiet.wait()
    bare = measure(
        [
            sys.executable,
            str(ROOT / "bench" / "bare_pptx.py"),
            str(plan_path),
            str(bench.tmp / f"bare-{key}.pptx"),
        ],
        bench.tmp,
        bench.repeats[key],
    )
    ours = cases[label]["build --only deck"]
    return {
        "slides": len(plan["slides"]),
        "deckcast": ours,
        "bare": bare,
        "ratio": ours["median_s"] / bare["median_s"] if ok(ours) and ok(bare) else None,
    }


def pandoc_row(bench: Bench, cases: dict[str, Any]) -> dict[str, Any]:
    """pandoc turning the mid-size deck's slides (as Markdown) into a pptx, against the deck alone."""
    mid = bench.mid
    pandoc = ensure_pandoc(bench.log)
    plan_path = bench.tmp / f"plan-{mid}.json"
    if not pandoc:
        return {"skipped": "pandoc is not installed and could not be installed"}
    if not plan_path.is_file():
        return {"skipped": f"no {mid}-section deck to compare with"}
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    md = bench.tmp / f"in-{mid}.md"
    md.write_text(plan_markdown(plan), encoding="utf-8")
    bench.log(f"{mid} sections: pandoc in.md -o out.pptx")
    bench.quiet.wait()
    out = bench.tmp / f"pandoc-{mid}.pptx"
    timing = measure([pandoc, str(md), "-o", str(out)], bench.tmp, bench.repeats[mid])
    from pptx import Presentation

    ours = cases[f"{mid} sections"]["build --only deck"]
    return {
        "sections": mid,
        "version": pandoc_version(),
        "markdown_bytes": md.stat().st_size,
        "slides": len(Presentation(str(out)).slides) if ok(timing) else None,
        "pandoc": timing,
        "deckcast_deck": ours,
        "ratio_deckcast_to_pandoc": ours["median_s"] / timing["median_s"]
        if ok(ours) and ok(timing)
        else None,
    }


# ---------------------------------------------------------------- 4b. the ratios of issue 19


def seed_floor(bench: Bench) -> dict[str, Any]:
    """The seed's deck alone against bare python-pptx writing the same slides, interleaved."""
    plan_path = bench.tmp / "plan-seed.json"
    if not plan_path.is_file():
        return {"skipped": "no seed deck to read the slides from"}
    runs = 5 if bench.quick else 9
    bench.log(f"seed: deck alone and bare python-pptx, interleaved x{runs}")
    bench.quiet.wait()
    m = measure_side_by_side(
        {
            "deckcast": command_line(bench, "seed", bench.sources["seed"], "deck"),
            "bare": [
                sys.executable,
                str(ROOT / "bench" / "bare_pptx.py"),
                str(plan_path),
                str(bench.tmp / "bare-seed.pptx"),
            ],
        },
        bench.tmp,
        runs,
    )
    return _with_ratio(m, "deckcast", "bare")


def plain_markdown_row(bench: Bench, sections: int) -> dict[str, Any]:
    """A plain Markdown talk of `sections` `##` sections: the deck alone vs pandoc, interleaved."""
    pandoc = ensure_pandoc(bench.log)
    if not pandoc:
        return {"skipped": "pandoc is not installed and could not be installed"}
    md = bench.tmp / f"plain-{sections}.md"
    md.write_text(plain_markdown(sections), encoding="utf-8")
    runs = bench.repeats[sections] if sections <= 500 else (1 if bench.quick else 2)
    out = bench.tmp / "out" / f"plain-{sections}"
    bench.log(f"plain Markdown, {sections} sections: deck alone and pandoc, interleaved x{runs}")
    bench.quiet.wait()
    m = measure_side_by_side(
        {
            "deckcast": [bench.exe, "build", str(md), "-o", str(out), "--force", "--only", "deck"],
            "pandoc": [
                pandoc,
                "--slide-level=2",
                str(md),
                "-o",
                str(bench.tmp / f"pandoc-plain-{sections}.pptx"),
            ],
        },
        bench.tmp,
        runs,
    )
    row = _with_ratio(m, "deckcast", "pandoc")
    row["markdown_bytes"] = md.stat().st_size
    deck = out / "deck.pptx"
    if deck.is_file():
        from pptx import Presentation

        row["slides"] = len(Presentation(str(deck)).slides)
    return row


def _with_ratio(m: dict[str, dict[str, Any]], ours: str, theirs: str) -> dict[str, Any]:
    row: dict[str, Any] = dict(m)
    row["ratio"] = (
        m[ours]["median_s"] / m[theirs]["median_s"] if ok(m.get(ours)) and ok(m.get(theirs)) else None
    )
    return row


# ---------------------------------------------------------------- 5. linearity


def fit_line(xs: list[float], ys: list[float]) -> dict[str, Any]:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=False))
    slope = sxy / sxx
    intercept = my - slope * mx
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=False))
    ss_tot = sum((y - my) ** 2 for y in ys)
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


def full_build_linearity(bench: Bench, cases: dict[str, Any]) -> dict[str, Any]:
    """The full build's time fitted against the generated sources' sizes."""
    xs = [n for n in bench.sizes if ok(cases[f"{n} sections"]["build (all outputs)"])]
    ys = [cases[f"{n} sections"]["build (all outputs)"]["median_s"] for n in xs]
    return fit_line([float(x) for x in xs], ys) if len(xs) >= 2 else {"skipped": "fewer than 2 sizes built"}


def linearity_by_output(bench: Bench, cases: dict[str, Any]) -> dict[str, Any]:
    """The same fit for each output built alone (where at least two sizes were measured)."""
    fits = {}
    for name in ("build --only deck", "build --only script", "build --only handout"):
        xs = [n for n in bench.sizes if ok(cases[f"{n} sections"].get(name))]
        if len(xs) >= 2:
            fits[name] = fit_line(
                [float(x) for x in xs], [cases[f"{n} sections"][name]["median_s"] for n in xs]
            )
    return fits


# ---------------------------------------------------------------- 6. batch, 7. watch


def measure_batch(bench: Bench) -> dict[str, Any]:
    """8 seed copies built with --jobs 1, then with the default jobs, then again without --force."""
    exe, tmp, log, quiet = bench.exe, bench.tmp, bench.log, bench.quiet
    batch_src = tmp / "batch" / "content"
    batch_src.mkdir(parents=True)
    for i in range(1, 9):
        shutil.copyfile(SEED, batch_src / f"episode-{i}.txt")
    batch_out = tmp / "batch" / "output"
    runs = 1 if bench.quick else 3
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
    return {
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


def watch_rebuilds(exe: str, tmp: Path, saves: int) -> dict[str, Any]:
    """Start `deckcast watch` on a copy of the seed, save a change after each build, and
    collect the build times it reports (the first build, then one per save)."""
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
    times: list[float] = []
    with subprocess.Popen(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None  # stdout=PIPE
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


# ---------------------------------------------------------------- the machine, the profiles


def environment() -> dict[str, Any]:
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


def run_profiles(bench: Bench, results: dict[str, Any]) -> dict[str, Any]:
    """Each case of profile_cases in-process under cProfile (bench.profile), by name."""
    profiles: dict[str, Any] = {}
    for name, args in profile_cases(results, bench.sources, bench.tmp, bench.quick):
        bench.log(f"profiling {name} in-process (cProfile)")
        out = bench.tmp / f"profile-{len(profiles)}.json"
        subprocess.run(
            [sys.executable, "-m", "bench.profile", "--top", "15", "--json", str(out), *args],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        profiles[name] = json.loads(out.read_text(encoding="utf-8"))
    return profiles


def profile_cases(
    results: dict[str, Any], sources: dict[SourceKey, Path], tmp: Path, quick: bool
) -> list[tuple[str, list[str]]]:
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
        n = 100 if quick and 100 in sources else max(k for k in sources if isinstance(k, int) and k <= 500)
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
