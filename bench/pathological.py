"""The pathological inputs of issue 13, each through the real CLI in a process of its own.

    python -m bench.pathological                  # every case, about 3-5 minutes
    python -m bench.pathological -k bullets       # the cases whose name has "bullets"
    python -m bench.pathological --timeout 300

Each case is a generated source built with `deckcast build SRC -o DIR --force` (the handout
cases also with `--only handout`), killed after --timeout seconds. Prints one row per run:
the case, what was built, the exit code, wall seconds, peak RSS (of the process and its
children, from wait4), how busy the cores were with other work meanwhile, and the first
line the build printed (for a build that succeeded, its summary row: files, slides, reading
time, handout, warnings). The goal is every run under 2 s (reading 4 MB takes longer); a
refusal in one line is a fine result for a source past a limit. Not part of the test pass.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .sources import transcript_source
from .timing import cpu_busy

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\ntitle: T\n---\n"


def _bullets(count: int, text: str = "a") -> str:
    return "# T\n\n" + f"- {text}\n" * count


def _roster(speakers: int) -> str:
    lines = ["**引言**", "", "*   大家好，這裡是科技早知道，我是阿哲。", "", "**專家介紹**", ""]
    lines += [f"*   **講者{i}（Speaker {i}）：**研究員，研究方向第{i}項" for i in range(speakers)]
    lines += [
        "",
        "**1. 講者1（Speaker 1）**",
        "",
        "*   **觀點：**模型需要對齊。",
        "",
        "**總結**",
        "",
        "*   對齊仍是難題。",
        "",
    ]
    return "\n".join(lines)


def _questions(count: int) -> str:
    return "# 觀眾提問環節\n\n" + "".join(
        f"- **問題 {n}：** 第{n}個問題是什麼？\n  - **大飛：** 這是第{n}個回答。\n"
        for n in range(1, count + 1)
    )


HANDOUT, FULL = ["handout"], [""]
# name -> (source text, what to build: "handout" = --only handout, "" = every output)
CASES = {
    "the seed (for comparison)": (
        lambda: (ROOT / "content" / "ai-alignment-salon.txt").read_bytes(),
        HANDOUT + FULL,
    ),
    "300 one-letter bullets": (lambda: _bullets(300), HANDOUT + FULL),
    "1,500 one-letter bullets": (lambda: _bullets(1500), HANDOUT + FULL),
    "6,000 one-letter bullets": (lambda: _bullets(6000), HANDOUT + FULL),
    "2,000 sections (bench.sources)": (lambda: transcript_source(2000), HANDOUT),
    "200 questions": (lambda: _questions(200), HANDOUT),
    "150 speakers": (lambda: _roster(150), HANDOUT),
    "1 million one-word bullets": (lambda: _bullets(1_000_000, "x"), FULL),
    "38 a= pairs in a heading's {…}": (lambda: FRONT + "# T {" + "a=" * 38 + " x\n\n- p\n", FULL),
    "# heading, 2 KB of spaces, x": (lambda: "# " + " " * 2048 + "x\n\n- p\n", FULL),
    "# heading, 5 KB of spaces, x": (lambda: "# " + " " * 5120 + "x\n\n- p\n", FULL),
    "500 KB of repeated 這裡是": (lambda: "# 引言\n\n" + "這裡是" * 57_000 + "\n\n# B\n\n- p\n", FULL),
    "500 KB of repeated 'this is '": (lambda: "# Intro\n\n" + "this is " * 64_000 + "\n\n# B\n\n- p\n", FULL),
    "**Q + 50,000 spaces": (lambda: "# Q&A\n\n**Q" + " " * 50_000 + "x**\n\n- a\n", FULL),
    "1,000-level nested bullets": (
        lambda: "# A\n\n" + "".join(" " * (2 * i) + f"- level {i}\n" for i in range(1000)),
        FULL,
    ),
    "100 KB: one line": (lambda: "# 長行\n\n- " + "長" * 34_000 + "\n", HANDOUT + FULL),
    "100 KB: one-word bullets": (lambda: _bullets(20_000, "word"), HANDOUT + FULL),
    "100 KB: sections": (lambda: "".join(f"# 第{i}節\n\n- 要點\n\n" for i in range(4500)), FULL),
    "100 KB: questions": (lambda: _questions(1700), HANDOUT + FULL),
    # inline Markdown that markdown-it-py tokenizes slowly (issue 16); past 10,000 markup
    # characters a paragraph is shown as written, with a warning
    "markup: 50,000 & in a bullet": (lambda: _bullets(1, "&" * 50_000), FULL),
    "markup: 50,000 < in a bullet": (lambda: _bullets(1, "<" * 50_000), FULL),
    "markup: 50,000 [ in a native bullet": (lambda: FRONT + _bullets(1, "[" * 50_000), FULL),
    "markup: 25,000 ![ in a bullet": (lambda: _bullets(1, "![" * 25_000), FULL),
    "markup: 16,000 \\`` in a bullet": (lambda: _bullets(1, "\\``" * 16_000), FULL),
    "markup: 12,500 **_* in a bullet": (lambda: _bullets(1, "**_* " * 12_500), FULL),
    "markup: 1 MB of **_* in a bullet": (lambda: _bullets(1, "**_* " * 200_000), FULL),
    "markup: 640 KB of a& in a bullet": (lambda: _bullets(1, "a&" * 320_000), FULL),
    "markup: 9,999 [ in a bullet (the limit)": (lambda: _bullets(1, "[" * 9_999), FULL),
    "markup: 100 bullets of 9,999 [": (lambda: _bullets(100, "[" * 9_999), FULL),
    "markup: a paragraph of 200,000 lines": (lambda: FRONT + "# T\n\n" + "word\n" * 200_000, FULL),
    "markup: quotes nested 1..120 deep": (
        lambda: FRONT + "# T\n\n" + "".join("> " * i + "a\n" for i in range(1, 121)),
        FULL,
    ),
}


def run(cmd: list[str], timeout: float) -> dict:
    """One process (in a session of its own, killed whole at the timeout): exit code, wall
    seconds, peak RSS in MB and the first line it printed."""
    with tempfile.TemporaryFile() as log:
        busy = cpu_busy()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        code, usage = None, None
        while code is None:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
            elif time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, _, usage = os.wait4(proc.pid, 0)
                code = "timeout"
            else:
                time.sleep(0.02)
        proc.returncode = -1  # reaped here, not by Popen
        wall = time.perf_counter() - start
        busy = cpu_busy() - busy
        log.seek(0)
        lines = [line for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    first = lines[0] if lines else ""
    if code == 0 and len(lines) > 1:  # "built … -> …", and the summary row says what was made
        first = " ".join(lines[-1].split()[1:])
    cpu = usage.ru_utime + usage.ru_stime
    other = max(0.0, busy - cpu) / (wall * (os.cpu_count() or 1))  # other work's share of the cores
    return {"code": code, "seconds": wall, "rss_mb": usage.ru_maxrss / 1024, "other": other, "first": first}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="only the cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a build is killed")
    args = parser.parse_args(argv)
    print(_header(), flush=True)
    with tempfile.TemporaryDirectory(prefix="deckcast-pathological-") as tmp:
        for n, (name, (make, builds)) in enumerate(CASES.items()):
            if args.k.lower() not in name.lower():
                continue
            src = Path(tmp) / f"case{n}.md"
            text = make()
            src.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            for only in builds:
                cmd = [
                    sys.executable,
                    "-m",
                    "generator.cli",
                    "build",
                    str(src),
                    "-o",
                    str(Path(tmp) / f"out{n}{only}"),
                    "--force",
                ] + (["--only", only] if only else [])
                result = run(cmd, args.timeout)
                result["first"] = result["first"].replace(str(src), "SRC").replace(tmp, "TMP")
                print(_row(name, f"{src.stat().st_size:,} B", only or "all", result), flush=True)


def _header() -> str:
    return f"{'case':36} {'size':>12} {'build':8} {'exit':>7} {'seconds':>8} {'peak MB':>8} {'other':>5}  first line"


def _row(name: str, size: str, only: str, r: dict) -> str:
    first = r["first"] if len(r["first"]) <= 110 else r["first"][:109] + "…"
    return (
        f"{name:36} {size:>12} {only:8} {r['code']!s:>7} {r['seconds']:8.2f} {r['rss_mb']:8.0f} "
        f"{r['other']:5.0%}  {first}"
    )


if __name__ == "__main__":
    main()
