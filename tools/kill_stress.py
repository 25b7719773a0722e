"""SIGKILL real builds at random moments and check that the output folder always recovers to
one whole set of files, with no staging folder and no process left behind.

    python tools/kill_stress.py [--runs 50] [--seed 1]

Two sources (A: the bundled transcript, B: another test episode) are built alternately into
one folder; each build is killed after a random delay: half of them between 0 and the time a whole
build takes (so some land while reading, some while writing), half aimed at the commit (the
build runs with each commit step stretched to 40 ms and is killed at a random moment after
its journal appears: during the moves, the record or the clean-up; those that leave the
journal behind are counted).
After each kill the next command is a build of A: when it starts, the folder must hold A's
or B's set exactly (checked by hashing, before that build rebuilds), and when it is done
the folder holds A's set with no `.deckcast-stage-*` folder and no build process alive.
Prints the counts and exits 1 on any mixed set, stale folder or stray process."""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
A = ROOT / "content" / "ai-alignment-salon.txt"
B = ROOT / "tests" / "sources" / "zh-hant-crlf.txt"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


# The same CLI with each step of the commit stretched to 40 ms, so that a kill can be aimed
# at the moves themselves (they take well under a millisecond otherwise).
PAUSE = 0.04
_SLOW_COMMIT = (
    "import sys, time; import generator.commit as c; "
    f"c.after_step = lambda step: time.sleep({PAUSE}); "
    "from generator.cli import main; sys.argv[0] = 'deckcast'; main()"
)


def _slow_cli(*args: str) -> list[str]:
    return [sys.executable, "-c", _SLOW_COMMIT, *args]


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def _stray(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _recover_only(out: Path) -> None:
    """What the next build does first, without building: finish or discard the killed one."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from generator.commit import "
            "folder_lock, recover; p = Path(sys.argv[1]); l = folder_lock(p); l.__enter__(); recover(p)",
            str(out),
        ],
        cwd=ROOT,
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sets = {}
        for name, source in (("A", A), ("B", B)):
            started = time.perf_counter()
            subprocess.run(_cli("build", str(source), "-o", str(tmp / name), "-q"), cwd=ROOT, check=True)
            sets[name] = (_digests(tmp / name), time.perf_counter() - started)
        span = max(seconds for _, seconds in sets.values())
        out = tmp / "out"
        subprocess.run(_cli("build", str(A), "-o", str(out), "-q"), cwd=ROOT, check=True)
        counts = {"A": 0, "B": 0, "mixed": 0, "stale": 0, "stray": 0, "finished": 0, "during commit": 0}
        for run in range(args.runs):
            source = B if run % 2 == 0 else A
            # half the kills at any moment of a build, half aimed at its commit
            aimed = run % 4 >= 2
            command = (_slow_cli if aimed else _cli)("build", str(source), "-o", str(out), "-q", "--force")
            process = subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            started = time.perf_counter()
            if aimed:  # wait for the commit to start (its staging is hashed), then a moment into it
                while process.poll() is None and not (out / ".deckcast-journal.json").exists():
                    time.sleep(0.002)
                time.sleep(rng.uniform(0, PAUSE * 10))
            else:
                time.sleep(rng.uniform(0, span))
            delay = time.perf_counter() - started
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            else:
                counts["finished"] += 1
            process.wait()
            time.sleep(0.2)  # the kernel delivers the handout child's death signal
            if _stray(str(out)):
                counts["stray"] += 1
            if (out / ".deckcast-journal.json").exists():
                counts["during commit"] += 1
            _recover_only(out)
            now = _digests(out)
            state = next((name for name, (digests, _) in sets.items() if digests == now), "mixed")
            counts[state] += 1
            subprocess.run(_cli("build", str(A), "-o", str(out), "-q"), cwd=ROOT, check=True)
            if [p for p in out.iterdir() if p.name.startswith(".deckcast-stage-")] or _digests(out) != sets[
                "A"
            ][0]:
                counts["stale"] += 1
            print(f"run {run + 1:>3}: killed after {delay:.2f} s -> {state}", flush=True)
    print(
        f"\n{args.runs} kills over 0-{span:.2f} s: whole old/new set A={counts['A']} B={counts['B']}, "
        f"mixed={counts['mixed']}, stale staging after the next build={counts['stale']}, "
        f"stray processes={counts['stray']}, kills inside the commit (journal left)={counts['during commit']}, "
        f"builds that finished before the kill={counts['finished']}"
    )
    return 1 if counts["mixed"] or counts["stale"] or counts["stray"] else 0


if __name__ == "__main__":
    sys.exit(main())
