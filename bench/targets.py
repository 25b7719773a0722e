"""What bench.run measures and against what: the commands timed on every source, the project's
performance targets, and the verdict of a run on each target."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .timing import ok

TARGETS = {  # issue 19's: --help, the seed's full build, peak memory at 2,000 sections, ratios
    "help_s": 0.100,
    "seed_full_s": 1.0,
    "deck_vs_bare": 1.3,
    "big_full_s": 20.0,
    "big_full_mb": 300.0,
    "plain_vs_pandoc": 1.0,
}
COMMANDS = [  # label -> deckcast arguments after the source (build ones get -o DIR --force)
    ("inspect --json", None),
    ("build --only deck", "deck"),
    ("build --only script", "script"),
    ("build --only handout", "handout"),
    ("build (all outputs)", ""),
]


@dataclass(frozen=True)
class Verdict:
    """One target: what was measured, whether it was met (None: not measurable here), by how much."""

    target: str
    measured: str
    met: bool | None
    gap: str = ""


def verdicts(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The verdict on every target, as the results file records them."""
    cases = results["cases"]
    found = [
        _help_verdict(cases["help"]),
        _seed_verdict(cases["seed"]["build (all outputs)"]),
        *_bare_pptx_verdicts(results["bare_pptx"]),
        _seed_floor_verdict(results.get("seed_floor")),
        _pandoc_verdict(results["pandoc"]),
        *_plain_markdown_verdicts(results.get("plain_markdown", {})),
        *_big_build_verdicts(cases.get("2000 sections", {}).get("build (all outputs)")),
    ]
    return [asdict(v) for v in found]


def _why(m: object) -> str:
    """Why a measurement has no time: it failed, was skipped or did not run."""
    if not isinstance(m, dict):
        return "not run"
    return f"FAILED: {m['failed']}" if "failed" in m else m.get("skipped", "not run")


def _help_verdict(h: dict[str, Any]) -> Verdict:
    target = f"deckcast --help < {TARGETS['help_s'] * 1000:.0f} ms"
    if not ok(h):
        return Verdict(target, _why(h), False)
    return Verdict(
        target,
        f"{h['median_s'] * 1000:.0f} ms",
        h["median_s"] < TARGETS["help_s"],
        f"{(h['median_s'] - TARGETS['help_s']) * 1000:+.0f} ms",
    )


def _seed_verdict(seed: dict[str, Any]) -> Verdict:
    target = f"seed full build < {TARGETS['seed_full_s']} s"
    if not ok(seed):
        return Verdict(target, _why(seed), False)
    return Verdict(
        target,
        f"{seed['median_s']:.2f} s",
        seed["median_s"] < TARGETS["seed_full_s"],
        f"{seed['median_s'] - TARGETS['seed_full_s']:+.2f} s",
    )


def _bare_pptx_verdicts(bare_pptx: dict[str, dict[str, Any]]) -> list[Verdict]:
    found = []
    for label, row in bare_pptx.items():
        target = f"deck alone <= 1.3x bare python-pptx ({label})"
        if row.get("ratio") is None:
            found.append(
                Verdict(
                    target, _why(row.get("deckcast") if ok(row.get("bare")) else row.get("bare", row)), None
                )
            )
            continue
        found.append(
            Verdict(
                target,
                f"{row['ratio']:.2f}x ({row['deckcast']['median_s']:.2f} s vs {row['bare']['median_s']:.2f} s)",
                row["ratio"] <= TARGETS["deck_vs_bare"],
                f"{row['ratio'] - TARGETS['deck_vs_bare']:+.2f}x",
            )
        )
    return found


def _seed_floor_verdict(row: dict[str, Any] | None) -> Verdict:
    target = f"seed deck <= {TARGETS['deck_vs_bare']}x bare python-pptx (interleaved)"
    if not row or row.get("ratio") is None:
        return Verdict(target, _why(row), None)
    return Verdict(
        target,
        f"{row['ratio']:.2f}x ({row['deckcast']['median_s']:.2f} s vs {row['bare']['median_s']:.2f} s)",
        row["ratio"] <= TARGETS["deck_vs_bare"],
        f"{row['ratio'] - TARGETS['deck_vs_bare']:+.2f}x",
    )


def _plain_markdown_verdicts(rows: dict[str, dict[str, Any]]) -> list[Verdict]:
    found = []
    for sections, row in rows.items():
        target = f"plain Markdown deck <= {TARGETS['plain_vs_pandoc']}x pandoc ({sections} sections)"
        if row.get("ratio") is None:
            found.append(Verdict(target, _why(row.get("deckcast", row)), None))
            continue
        found.append(
            Verdict(
                target,
                f"{row['ratio']:.2f}x ({row['deckcast']['median_s']:.2f} s vs {row['pandoc']['median_s']:.2f} s)",
                row["ratio"] <= TARGETS["plain_vs_pandoc"],
                f"{row['ratio'] - TARGETS['plain_vs_pandoc']:+.2f}x",
            )
        )
    return found


def _pandoc_verdict(p: dict[str, Any]) -> Verdict:
    if p.get("ratio_deckcast_to_pandoc") is None:
        return Verdict(
            f"deck faster than pandoc ({p.get('sections', 500)} sections)",
            p.get("skipped") or _why(p.get("pandoc")),
            None,
        )
    return Verdict(
        f"deck faster than pandoc ({p['sections']} sections)",
        f"{p['deckcast_deck']['median_s']:.2f} s vs pandoc {p['pandoc']['median_s']:.2f} s",
        p["ratio_deckcast_to_pandoc"] < 1,
        f"{p['ratio_deckcast_to_pandoc']:.2f}x pandoc's time",
    )


def _big_build_verdicts(big: dict[str, Any] | None) -> list[Verdict]:
    time_target = f"2,000-section full build < {TARGETS['big_full_s']:.0f} s"
    memory_target = f"2,000-section full build < {TARGETS['big_full_mb']:.0f} MB peak"
    if big is None:
        return [
            Verdict(time_target, "not run (--quick)", None),
            Verdict(memory_target, "not run (--quick)", None),
        ]
    if not ok(big):
        return [Verdict(time_target, _why(big), False), Verdict(memory_target, _why(big), False)]
    return [
        Verdict(
            time_target,
            f"{big['median_s']:.1f} s",
            big["median_s"] < TARGETS["big_full_s"],
            f"{big['median_s'] - TARGETS['big_full_s']:+.1f} s",
        ),
        Verdict(
            memory_target,
            f"{big['peak_rss_mb']:.0f} MB",
            big["peak_rss_mb"] < TARGETS["big_full_mb"],
            f"{big['peak_rss_mb'] - TARGETS['big_full_mb']:+.0f} MB",
        ),
    ]
