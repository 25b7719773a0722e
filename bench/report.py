"""The printed report of a bench.run results file: one printer per section of the run, then the
disturbed runs, the targets and the profiles of what missed."""

from __future__ import annotations

from typing import Any

from .targets import COMMANDS
from .timing import ok


def report(results: dict[str, Any]) -> None:
    """Print the whole report of one run."""
    _print_environment(results["environment"])
    _print_help(results["cases"]["help"])
    _print_commands(results["cases"], results["environment"])
    _print_bare_pptx(results["bare_pptx"])
    _print_pandoc(results["pandoc"])
    _print_side_by_side(results)
    _print_linearity(results)
    _print_batch(results["batch"])
    _print_watch(results.get("watch"))
    _print_disturbed(results)
    _print_targets(results["verdicts"])
    _print_profiles(results.get("profiles") or {})


def _median_or_why(m: Any, unit: float = 1.0, fmt: str = "{:.2f} s") -> str:
    """A measurement's median, or why it has none (failed, skipped, not run)."""
    if ok(m):
        return fmt.format(m["median_s"] * unit)
    if isinstance(m, dict) and "failed" in m:
        return f"FAILED ({m['failed']})"
    return (m or {}).get("skipped", "not run") if isinstance(m, dict) else "not run"


def _source_labels(cases: dict[str, Any]) -> list[str]:
    return [k for k in cases if k != "help"]


def _print_environment(env: dict[str, Any]) -> None:
    print(
        f"deckcast benchmark — {env['cpus']} cores, Python {env['python']}, python-pptx {env['python_pptx']}, "
        f"git {env['git_head']}{' (generator/templates modified)' if env['git_dirty'] else ''}, "
        f"load average at start {env['loadavg_at_start'][0]:.2f}, at end {env.get('loadavg_at_end', [0])[0]:.2f} "
        f"(1 min; other processes share the cores)"
    )


def _print_help(h: dict[str, Any]) -> None:
    print(
        f"\n1. deckcast --help: median {_median_or_why(h, 1000, '{:.0f} ms')}"
        + (
            f" (min {h['min_s'] * 1000:.0f}, max {h['max_s'] * 1000:.0f}, {h['runs']} runs), "
            f"peak {h['peak_rss_mb']:.0f} MB"
            if ok(h)
            else ""
        )
    )


def _print_commands(cases: dict[str, Any], env: dict[str, Any]) -> None:
    print("\n2. whole-process wall time (median) and peak RSS, every build with --force")
    print(
        f"{'source':<14} {'bytes':>9}  {'command':<22} {'median':>9} {'min':>8} {'max':>8} {'runs':>4} "
        f"{'CPU':>8} {'peak RSS':>9} {'other load':>10}"
    )
    for label in _source_labels(cases):
        c = cases[label]
        for name, _ in COMMANDS:
            m = c.get(name)
            if m is not None:
                print(_command_row(label, c["bytes"], name, m))
    print(
        "  (CPU = user+sys of the process and its children; other load = the largest share of the "
        f"{env['cpus']} cores that other processes used during one of the runs)"
    )


def _command_row(label: str, size: int, name: str, m: dict[str, Any]) -> str:
    if not ok(m):
        return f"{label:<14} {size:>9}  {name:<22} {_median_or_why(m)}"
    return (
        f"{label:<14} {size:>9}  {name:<22} {m['median_s']:>8.2f}s {m['min_s']:>7.2f}s "
        f"{m['max_s']:>7.2f}s {m['runs']:>4} {m['cpu_median_s']:>7.2f}s {m['peak_rss_mb']:>6.0f} MB "
        f"{m['foreign_load'] * 100:>9.0f}%"
    )


def _print_bare_pptx(bare_pptx: dict[str, dict[str, Any]]) -> None:
    print("\n3. deck alone vs bare python-pptx (same slides, titles, bullets, notes)")
    for label, row in bare_pptx.items():
        if row.get("ratio") is None:
            print(f"  {label:<14} {row.get('skipped') or _median_or_why(row.get('bare'))}")
            continue
        print(
            f"  {label:<14} {row['slides']:>5} slides: deckcast {row['deckcast']['median_s']:.2f} s "
            f"({row['deckcast']['peak_rss_mb']:.0f} MB), bare {row['bare']['median_s']:.2f} s "
            f"({row['bare']['peak_rss_mb']:.0f} MB, {row['bare']['runs']} runs) -> {row['ratio']:.2f}x"
        )


def _print_pandoc(p: dict[str, Any]) -> None:
    print(f"\n4. pandoc vs deckcast deck, {p.get('sections', 500)} sections")
    if p.get("ratio_deckcast_to_pandoc") is None:
        print(f"  {p.get('skipped') or _median_or_why(p.get('pandoc'))}")
        return
    print(
        f"  {p['version']}: {p['slides']} slides from {p['markdown_bytes']} bytes of Markdown in "
        f"{p['pandoc']['median_s']:.2f} s ({p['pandoc']['peak_rss_mb']:.0f} MB, {p['pandoc']['runs']} runs); "
        f"deckcast deck {p['deckcast_deck']['median_s']:.2f} s -> deckcast takes "
        f"{p['ratio_deckcast_to_pandoc']:.2f}x pandoc's time"
    )


def _print_side_by_side(results: dict[str, Any]) -> None:
    """Issue 19's ratios: each pair of commands measured interleaved in the same run."""
    print("\n4b. side by side (interleaved runs, medians)")
    floor = results.get("seed_floor") or {}
    if floor.get("ratio") is not None:
        print(
            f"  seed deck alone {floor['deckcast']['median_s']:.3f} s vs bare python-pptx "
            f"{floor['bare']['median_s']:.3f} s ({floor['bare']['runs']} runs each) -> {floor['ratio']:.2f}x"
        )
    for sections, row in (results.get("plain_markdown") or {}).items():
        if row.get("ratio") is None:
            print(f"  plain Markdown {sections}: {row.get('skipped') or _median_or_why(row.get('deckcast'))}")
            continue
        print(
            f"  plain Markdown {sections:>5} sections ({row.get('slides', '?')} slides, "
            f"{row['markdown_bytes']} bytes): "
            f"deck {row['deckcast']['median_s']:.2f} s ({row['deckcast']['peak_rss_mb']:.0f} MB) vs "
            f"pandoc --slide-level=2 {row['pandoc']['median_s']:.2f} s ({row['pandoc']['runs']} runs each) "
            f"-> {row['ratio']:.2f}x"
        )


def _print_linearity(results: dict[str, Any]) -> None:
    lin = results["linearity"]
    if "skipped" in lin:
        print(f"\n5. linearity: {lin['skipped']}")
    else:
        print(
            "\n5. full build vs sections: "
            + ", ".join(f"{int(x)}: {y:.2f} s" for x, y in zip(lin["sections"], lin["seconds"], strict=False))
        )
        print(
            f"  linear fit: {lin['slope_s_per_100']:.2f} s per 100 sections (intercept {lin['intercept_s']:.2f} s), "
            f"R² = {lin['r2']:.4f}; log-log exponent {lin['loglog_exponent']:.2f} (1 = linear, 2 = quadratic)"
        )
    for name, fit in results.get("linearity_by_output", {}).items():
        print(
            f"  {name}: {fit['slope_s_per_100']:.2f} s per 100 sections (intercept {fit['intercept_s']:.2f} s), "
            f"R² = {fit['r2']:.4f}, log-log exponent {fit['loglog_exponent']:.2f}"
        )


def _print_batch(b: dict[str, Any]) -> None:
    speed = f"{b['speedup']:.2f}x" if b.get("speedup") else "n/a"
    print(
        f"\n6. batch of {b['episodes']} seed copies: --jobs 1 {_median_or_why(b['jobs_1'])}, "
        f"default (--jobs {b['default_jobs']}) {_median_or_why(b['jobs_default'])} -> speed-up {speed}; "
        f"rebuild without --force {b['up_to_date_run']['wall_s']:.2f} s, "
        f"{b['up_to_date_run']['up_to_date']}/{b['episodes']} up to date"
    )


def _print_watch(w: dict[str, Any] | None) -> None:
    if w and w.get("median_rebuild_s") is not None:
        print(
            f"\n7. deckcast watch on the seed (all outputs): first build {w['first_s']:.2f} s, then a rebuild after "
            f"each save: median {w['median_rebuild_s']:.2f} s ({', '.join(f'{t:.2f}' for t in w['rebuilds_s'])})"
        )


def _print_disturbed(results: dict[str, Any]) -> None:
    """The runs during which other processes kept more than 15% of the cores busy."""
    cases, p, b = results["cases"], results["pandoc"], results["batch"]
    measured = [("--help", cases["help"])]
    measured += [
        (f"{label} / {name}", m) for label in _source_labels(cases) for name, m in cases[label].items()
    ]
    measured += [
        (f"bare python-pptx {label}", row.get("bare")) for label, row in results["bare_pptx"].items()
    ]
    measured += [
        ("pandoc", p.get("pandoc")),
        ("batch --jobs 1", b["jobs_1"]),
        ("batch default jobs", b["jobs_default"]),
    ]
    disturbed = [
        f"{name} ({m['foreign_load'] * 100:.0f}%)"
        for name, m in measured
        if isinstance(m, dict) and m.get("foreign_load", 0) > 0.15
    ]
    if disturbed:
        print(
            "\nruns disturbed by other processes (>15% of the cores busy with other work): "
            + "; ".join(disturbed)
        )


def _print_targets(verdicts: list[dict[str, Any]]) -> None:
    print("\ntargets")
    for v in verdicts:
        mark = {True: "met", False: "MISSED", None: "n/a"}[v["met"]]
        gap = f"  (gap {v['gap']})" if v["met"] is False and v["gap"] else ""
        print(f"  {mark:<7} {v['target']:<52} {v['measured']}{gap}")


def _print_profiles(profiles: dict[str, Any]) -> None:
    for name, prof in profiles.items():
        print(f"\nprofile: {name} — {prof['wall_s']:.2f} s under cProfile")
        for st in prof["stages"]:
            print(f"    {st['stage']:<38} {st['cumtime']:>8.2f} s  ({st['calls']} calls)")
        print("  top by own time:")
        for r in prof["by_tottime"][:10]:
            print(
                f"    {r['tottime']:>7.2f} s own {r['cumtime']:>7.2f} s cum {r['calls']:>9}  {r['function']}"
            )
