"""Handout benchmark: how long handout.html + handout.pdf take, and how the page was fitted.

    python -m bench.handout            # seed + a generated 500 KB source
    python -m bench.handout --seed     # the seed only

For each source:
  - in a fresh process, the first render_handout() call (WeasyPrint is imported, fonts are
    configured then), and the median of 5 warm calls after it; reading the source is not
    timed, only the handout;
  - the wall time of a whole `deckcast build SOURCE --only handout` process (median of 3);
  - the render passes the fitting loop needed and the fit it chose (body size, sub-points,
    points cut), the PDF's pages and size.

Prints a table and writes bench/results-handout.json (git-ignored).
"""

from __future__ import annotations

import io
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"
RESULTS = ROOT / "bench" / "results-handout.json"
WARM_RUNS = 5
PROCESS_RUNS = 3

_SUBJECTS = [
    "模型",
    "研究團隊",
    "監督系統",
    "對齊方法",
    "評測基準",
    "開源社區",
    "推理能力",
    "安全策略",
    "訓練資料",
    "人類回饋",
]
_VERBS = [
    "需要更仔細地檢查",
    "可以逐步改善",
    "往往低估了",
    "正在重新定義",
    "必須公開說明",
    "難以長期維持",
    "應該優先處理",
    "會直接影響",
]
_OBJECTS = [
    "長期風險與短期收益之間的平衡",
    "模型在陌生場景中的行為",
    "價值觀衝突時的取捨",
    "資料來源的多樣性與品質",
    "部署之後的持續監測",
    "可解釋性工具的可靠程度",
    "使用者的信任與期待",
    "跨語言情境下的一致表現",
]
_NAMES = [
    ("林怡君", "Lin Yijun"),
    ("陳志明", "Chen Zhiming"),
    ("王美玲", "Wang Meiling"),
    ("張家豪", "Zhang Jiahao"),
]


def _sentence(n: int) -> str:
    return (
        f"{_SUBJECTS[n % len(_SUBJECTS)]}{_VERBS[(n // 3) % len(_VERBS)]}"
        f"{_OBJECTS[(n // 7) % len(_OBJECTS)]}，第{n}號案例說明了這一點。"
    )


def big_source(target_bytes: int = 500_000, questions: int = 12) -> str:
    """A transcript-shaped Traditional Chinese source of about target_bytes: intro, roster,
    hundreds of viewpoint sections (three labelled topics of three points each), Q&A, summary."""
    head = [
        "好的，以下是整理後的文稿。",
        "",
        "**引言**",
        "",
        "*   大家好，這裡是科技早知道，我是阿哲。",
        "*   本期探討大型模型的對齊與評測。",
        "",
        "**專家介紹**",
        "",
    ]
    head += [f"*   **{name}（{alt}）：**研究員" for name, alt in _NAMES]
    qa = ["", "**觀眾提問環節**", ""]
    for q in range(questions):
        qa.append(f"*   **問題 {q + 1}：** {_sentence(q * 11)[:-1]}嗎？")
        qa.append(f"    *   **{_NAMES[q % 4][0]}的回應：**{_sentence(q * 13 + 5)}")
    tail = [
        "",
        "**總結**",
        "",
        "*   對齊仍是難題。",
        "*   評測需要持續更新。",
        "*   感謝大家的觀看，我們下期再見",
        "",
    ]
    body: list[str] = []
    size, i, n = len("\n".join(head + qa + tail).encode()), 0, 0
    while size < target_bytes:
        name, alt = _NAMES[i % 4]
        lines = ["", f"**{i + 1}. {name}（{alt}）**", ""]
        for t in range(3):
            lines.append(f"*   **第{i + 1}段觀點{t + 1}：**")
            for _ in range(3):
                lines.append(f"    *   {_sentence(n)}")
                n += 1
        body += lines
        size += len("\n".join(lines).encode()) + 1
        i += 1
    return "\n".join(head + body + qa + tail) + "\n"


def worker(path: str) -> None:
    """In a fresh process: first call and warm calls of render_handout; prints JSON."""
    from pypdf import PdfReader

    from generator.readers import read_episode
    from generator.writers.handout import render_handout

    episode, _ = read_episode(path)
    times, result = [], None
    for _ in range(1 + WARM_RUNS):
        start = time.perf_counter()
        result = render_handout(episode)
        times.append(time.perf_counter() - start)
    fit = result.fit
    print(
        json.dumps(
            {
                "first_s": times[0],
                "warm_median_s": statistics.median(times[1:]),
                "warm_s": times[1:],
                "passes": result.passes,
                "fit": {"base_pt": fit.base_pt, "details": fit.details, "dropped": fit.dropped},
                "pages": len(PdfReader(io.BytesIO(result.pdf)).pages),
                "pdf_bytes": len(result.pdf),
                "html_bytes": len(result.html.encode()),
                "warnings": result.warnings,
            }
        )
    )


def in_process(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.handout", "--worker", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def whole_build(path: Path) -> dict:
    deckcast = shutil.which("deckcast", path=str(Path(sys.executable).parent)) or shutil.which("deckcast")
    times, output = [], ""
    for _ in range(PROCESS_RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            done = subprocess.run(
                [deckcast, "build", str(path), "-o", tmp, "--only", "handout"], capture_output=True, text=True
            )
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(f"build of {path} failed: {done.stderr.strip()}")
            output = done.stdout + done.stderr
    return {"median_s": statistics.median(times), "runs_s": times, "output": output.strip().splitlines()}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--worker"]:
        worker(argv[1])
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sources = [("seed", SEED)]
        if "--seed" not in argv:
            big = Path(tmp) / "generated-500k.txt"
            big.write_text(big_source(500_000), encoding="utf-8")
            sources.append(("500 KB", big))
        for label, path in sources:
            row = {
                "source": label,
                "path": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name),
                "bytes": path.stat().st_size,
            }
            row.update(in_process(path))
            row["build_process"] = whole_build(path)
            rows.append(row)
    print(
        f"{'source':<7} {'bytes':>7} {'first call':>11} {'warm median':>12} {'build process':>14} "
        f"{'passes':>6} {'fit':<28} {'pages':>5} {'pdf bytes':>9}"
    )
    for r in rows:
        fit = r["fit"]
        fit_text = f"{fit['base_pt']} pt, {'sub-points' if fit['details'] else 'no sub-points'}" + (
            f", {fit['dropped']} cut" if fit["dropped"] else ""
        )
        print(
            f"{r['source']:<7} {r['bytes']:>7} {r['first_s'] * 1000:>8.0f} ms {r['warm_median_s'] * 1000:>9.0f} ms "
            f"{r['build_process']['median_s'] * 1000:>11.0f} ms {r['passes']:>6} {fit_text:<28} {r['pages']:>5} "
            f"{r['pdf_bytes']:>9}"
        )
        for w in r["warnings"]:
            print(f"        {w}")
    RESULTS.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "warm_runs": WARM_RUNS,
                "process_runs": PROCESS_RUNS,
                "results": rows,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
