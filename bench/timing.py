"""Whole-process timing for the benchmarks: one process's wall time, CPU time, peak RSS and the
load other processes put on the machine meanwhile, the median of several, and the wait for quiet cores."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

MB = 1024  # ru_maxrss is in KiB on Linux


def cpu_busy() -> float:
    """Seconds of CPU time the whole machine has spent busy (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run_once(cmd: list[str], cwd: Path, stdout_path: Path | None = None) -> dict[str, Any]:
    """One process: wall seconds, CPU seconds (user + sys, with its children), peak RSS in MB
    (the largest of it and its children), and how busy the machine was with other work
    meanwhile (share of all cores, from /proc/stat minus this process's own CPU time)."""
    with contextlib.ExitStack() as files:
        out: IO[bytes] | int = (
            files.enter_context(open(stdout_path, "wb")) if stdout_path else subprocess.DEVNULL
        )
        err = files.enter_context(tempfile.TemporaryFile())
        busy = cpu_busy()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        busy = cpu_busy() - busy
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{stderr[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    foreign = max(0.0, busy - cpu) / (wall * (os.cpu_count() or 1)) if wall > 0 else 0.0
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "rss_mb": usage.ru_maxrss / MB,
        "foreign_load": foreign,
        "stderr": stderr,
    }


class Quiet:
    """Waits, before a measurement, until other processes leave the cores alone (at most
    `budget` seconds in all), so a concurrent test run disturbs as few timings as possible."""

    def __init__(self, budget: float, log: Callable[[str], None]) -> None:
        self.left, self.log = budget, log

    def wait(self) -> None:
        waited = 0.0
        while self.left > 0:
            busy = cpu_busy()
            time.sleep(1.0)
            share = (cpu_busy() - busy) / (os.cpu_count() or 1)
            if not share > 0.25:  # (nan: cannot tell, do not wait)
                break
            self.left -= 1.0
            waited += 1.0
        if waited:
            self.log(
                f"  waited {waited:.0f} s for other processes to leave the cores ({self.left:.0f} s of waiting left)"
            )


def measure(
    cmd: list[str], cwd: Path, runs: int, slow_s: float = 20.0, very_slow_s: float = 60.0
) -> dict[str, Any]:
    """Median of `runs` processes; fewer when one run is slow (at most 3 over slow_s, 1 over very_slow_s)."""
    walls: list[float] = []
    cpus: list[float] = []
    rss: list[float] = []
    foreign: list[float] = []
    for i in range(runs):
        try:
            r = run_once(cmd, cwd)
        except RuntimeError as exc:  # a failed command is a result too: record it, go on
            lines = [x for x in str(exc).splitlines() if x.strip()]
            return {
                "cmd": [str(c) for c in cmd],
                "failed": lines[-1] if lines else str(exc),
                "runs": len(walls) + 1,
            }
        walls.append(r["wall_s"])
        cpus.append(r["cpu_s"])
        rss.append(r["rss_mb"])
        foreign.append(r["foreign_load"])
        if walls[0] > very_slow_s or (walls[0] > slow_s and i + 1 >= 3):
            break
    return {
        "cmd": [str(c) for c in cmd],
        "runs": len(walls),
        "median_s": statistics.median(walls),
        "min_s": min(walls),
        "max_s": max(walls),
        "walls_s": [round(w, 4) for w in walls],
        "cpu_median_s": statistics.median(cpus),
        "peak_rss_mb": max(rss),
        "foreign_load": round(max(foreign), 3),
    }


def ok(m: object) -> bool:
    """A measurement that ran (not skipped, not failed)."""
    return isinstance(m, dict) and "median_s" in m


def measure_side_by_side(cmds: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, dict[str, Any]]:
    """Each command `runs` times, interleaved (a, b, a, b, ...), so a change of load on the shared
    cores falls on all of them alike; the median of each, and the ratio of the first to each other."""
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            try:
                found[name].append(run_once(cmd, cwd))
            except RuntimeError as exc:
                lines = [x for x in str(exc).splitlines() if x.strip()]
                return {name: {"cmd": [str(c) for c in cmd], "failed": lines[-1] if lines else str(exc)}}
    return {
        name: {
            "cmd": [str(c) for c in cmds[name]],
            "runs": len(rs),
            "median_s": statistics.median(r["wall_s"] for r in rs),
            "min_s": min(r["wall_s"] for r in rs),
            "max_s": max(r["wall_s"] for r in rs),
            "walls_s": [round(r["wall_s"], 4) for r in rs],
            "cpu_median_s": statistics.median(r["cpu_s"] for r in rs),
            "peak_rss_mb": max(r["rss_mb"] for r in rs),
            "foreign_load": round(max(r["foreign_load"] for r in rs), 3),
        }
        for name, rs in found.items()
    }
