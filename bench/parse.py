"""Reader benchmark: how long a source takes to become an Episode.

    python -m bench.parse            # seed + a generated 500 KB source

Reports the first read in a fresh process (OpenCC dictionaries load then), and the median
of later reads (dictionaries cached), as a batch build sees them.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .sources import generated_source

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"


def time_reads(path: Path, runs: int) -> tuple[float, float]:
    from generator.readers import read_episode

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_episode(path)
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def first_read_in_fresh_process(path: Path) -> float:
    code = (
        "import time,sys; from generator.readers import read_episode; t=time.perf_counter(); "
        "read_episode(sys.argv[1]); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "generated-500k.txt"
        big.write_text(generated_source(500_000), encoding="utf-8")
        rows = []
        for label, path, runs in (("seed", SEED, 21), ("500 KB", big, 5)):
            fresh = statistics.median(first_read_in_fresh_process(path) for _ in range(3))
            _, warm = time_reads(path, runs)
            rows.append((label, path.stat().st_size, fresh, warm))
    print(f"{'source':<8} {'bytes':>9} {'first read (fresh process)':>27} {'median warm read':>17}")
    for label, size, fresh, warm in rows:
        print(f"{label:<8} {size:>9} {fresh * 1000:>24.1f} ms {warm * 1000:>14.1f} ms")


if __name__ == "__main__":
    main()
