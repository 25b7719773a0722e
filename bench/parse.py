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

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"


def generated_source(target_bytes: int) -> str:
    """A transcript-shaped source of about target_bytes: roster, viewpoints, Q&A, summary."""
    names = [("林怡君", "Lin Yijun"), ("陳志明", "Chen Zhiming"), ("王美玲", "Wang Meiling"), ("張家豪", "Zhang Jiahao")]
    head = ["好的，以下是整理後的文稿。", "", "**引言**", "", "*   大家好，這裡是科技早知道，我是阿哲。", "",
            "**專家介紹**", ""]
    head += [f"*   **{n}（{a}）：**研究員" for n, a in names]
    body, i = [], 0
    while sum(len(x.encode()) for x in body) < target_bytes:
        n, a = names[i % len(names)]
        body += ["", f"**{i + 1}. {n}（{a}）**", ""]
        for t in range(3):
            body.append(f"*   **第{t + 1}個觀點：**")
            body += [f"    *   這是第{i}段的第{t}個要點，說明模型的行為與人類的價值觀如何對齊。" for _ in range(3)]
        i += 1
    tail = ["", "**觀眾提問環節**", "", "*   **問題 1：** 這樣做安全嗎？", f"    *   **{names[0][0]}的回應：**需要更多研究。",
            "", "**總結**", "", "*   對齊仍是難題。", "*   感謝大家的觀看，我們下期再見", "", "希望對您有幫助！"]
    return "\n".join(head + body + tail) + "\n"


def time_reads(path: Path, runs: int) -> tuple[float, float]:
    from generator.readers import read_episode

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_episode(path)
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def first_read_in_fresh_process(path: Path) -> float:
    code = ("import time,sys; from generator.readers import read_episode; t=time.perf_counter(); "
            "read_episode(sys.argv[1]); print(time.perf_counter()-t)")
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
