"""Pathological sources through the readers: each regex's worst case and other hostile shapes.

    python -m bench.readers                  # every case, about 100 KB each
    python -m bench.readers --scale 0.1      # the same shapes at a tenth of the size
    python -m bench.readers greeting attrs   # only the cases whose name contains a word

Times `generator.readers.read_text` in-process (median of 3) on each generated source and
prints a table. The goal: each case under 1 s, the 500 KB greeting cases under 2 s. A case
may end in a located error (deep nesting, duplicate keys); the table says which. Not part
of the test pass; tests/test_reader_hardening.py holds the same cases at a size that the
old, backtracking patterns could not have read in time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from generator.errors import SourceError
from generator.readers import read_text

KB = 1024
FRONT = "---\ntitle: Bench\nlanguage: en\n---\n\n"


def _fill(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode()))


def _nested(levels: int, step: int) -> str:
    return "".join(" " * (step * i) + f"- level {i}\n" for i in range(levels))


def cases(size: int) -> dict[str, Callable[[], str]]:
    """Case name -> a function making its source (about `size` bytes unless named otherwise)."""
    spaces = " " * size
    return {
        # native `{…}` attributes (the regex was exponential in the number of `a=` pairs)
        "attrs: {a=a=…}": lambda: FRONT + "# H {" + _fill("a=", size) + "}\n\n- p\n",
        "attrs: {a=a=… x (no close)": lambda: FRONT + "# H {" + _fill("a=", size) + " x\n\n- p\n",
        "attrs: {{{{…}": lambda: FRONT + "# H " + _fill("{", size) + "}\n\n- p\n",
        "attrs: {a=x{a=x… @ {b=c}": lambda: FRONT + "# H " + _fill("{a=x", size) + " @ {kind=qa}\n\n- p\n",
        'attrs: {a="x"yyy…}': lambda: FRONT + '# H {a="x"' + _fill("y", size) + "}\n\n- p\n",
        "attrs: spaces before {": lambda: FRONT + "# H" + spaces + "x {kind=qa}\n\n- p\n",
        "attrs: many headings": lambda: FRONT + _fill('# H {kind=other .x a="b c"}\n\n- p\n', size),
        # `#` headings (cubic in a run of spaces)
        "atx: # a<spaces>b": lambda: "# a" + spaces + "b\n\n- p\n",
        "atx: # ####…x": lambda: "# " + _fill("#", size) + "x\n\n- p\n",
        "atx: # a # # # …": lambda: "# a" + _fill(" #", size) + " x\n\n- p\n",
        "atx: 50k-space heading": lambda: "#" + " " * 50_000 + "x\n\n- p\n",
        # bold lines and labels
        "bold: **a**<spaces>x": lambda: "**a**" + spaces + "x\n\n# H\n\n- p\n",
        "bold: **a<spaces>**": lambda: "**a" + spaces + "**\n\n- p\n",
        "label: - **a<spaces>x：** y": lambda: "# H\n\n- **a" + spaces + "x：** y\n",
        "Q&A: **Q<50k spaces>x**": lambda: "# Q&A\n\n**Q" + " " * 50_000 + "x**\n\n- a\n",
        "Q&A: - **Q<spaces>x**": lambda: "# Q&A\n\n- **Q" + spaces + "x**\n",
        "Q&A: - Q<spaces>x": lambda: "# Q&A\n\n- Q" + spaces + "x\n",
        "Q&A: ### 問題<spaces>x": lambda: "# 觀眾提問環節\n\n### 問題" + spaces + "x\n\n- a\n",
        "Q&A: answers **a<spaces>x**": lambda: "# Q&A\n\n- **Question 1:** q\n  - **a" + spaces + "x:** y\n",
        # greetings (quadratic on a paragraph of repeated leads)
        "greeting: 這裡是 ×500 KB": lambda: "# 引言\n\n" + _fill("這裡是", 500 * KB) + "\n\n# B\n\n- p\n",
        "greeting: 我是 ×500 KB": lambda: "# 引言\n\n" + _fill("我是", 500 * KB) + "\n\n# B\n\n- p\n",
        "greeting: 'this is ' ×500 KB": lambda: (
            "# Intro\n\n" + _fill("this is ", 500 * KB) + "\n\n# B\n\n- p\n"
        ),
        "greeting: 這裡是， ×500 KB": lambda: "# 引言\n\n" + _fill("這裡是，", 500 * KB) + "\n\n# B\n\n- p\n",
        "greeting: 我是a，歡迎收聽 …」x": lambda: (
            "# 引言\n\n我是a，歡迎收聽" + _fill(" 我是b", size) + "」x\n\n# B\n\n- p\n"
        ),
        "greeting: many short points": lambda: "# 引言\n\n" + _fill("- 這裡是一個節目\n", size),
        # speakers: brackets, roster and answer splits
        "speakers: heading a<spaces>(b)": lambda: "# a" + spaces + "(Amanda Askell)\n\n- p\n",
        "speakers: roster a<spaces>b": lambda: "# Speakers\n\n- a" + spaces + "b\n\n# B\n\n- p\n",
        "speakers: answer a<spaces>x": lambda: "# Q&A\n\n- **Q1:** q\n  - **a" + spaces + "x:** y\n",
        # bullets and other line shapes
        "lines: many short bullets": lambda: "# H\n\n" + _fill("- a\n", size),
        "lines: many blank lines": lambda: "# H\n\n- a\n" + _fill("\n", size),
        "lines: one long paragraph": lambda: "# H\n\n" + _fill("word ", size) + "\n",
        "lines: one long bullet": lambda: "# H\n\n- " + _fill("word ", size) + "\n",
        "lines: - <spaces>x": lambda: "# H\n\n-" + spaces + "x\n",
        "lines: wrapped bullet, many lines": lambda: "# H\n\n- a\n" + _fill("  b\n", size),
        "lines: rules * * * …x": lambda: "# H\n\n" + _fill("* ", size) + "x\n",
        "lines: 1<spaces>x numbered": lambda: "**1" + spaces + "x**\n\n- p\n",
        "lines: nested emphasis": lambda: (
            "# H\n\n- " + _fill("**__", size // 2) + "a" + _fill("__**", size // 2) + "\n"
        ),
        "lines: many headings": lambda: _fill("# H\n- p\n", size),
        "lines: control and bidi characters": lambda: "# H\n\n" + _fill("- a\x01\u202e\n", size),
        "lines: Topic:<spaces>": lambda: "# Topic:" + spaces + "x\n\n- p\n",
        # nesting
        "nesting: 1,000 levels (2 spaces)": lambda: "# H\n\n" + _nested(1000, 2),
        "nesting: 1,000 levels (1 space)": lambda: "# H\n\n" + _nested(1000, 1),
        "nesting: 50 levels, native": lambda: FRONT + "# H\n\n" + _nested(50, 2),
        # front matter
        "front matter: 100 KB of keys": lambda: (
            "---\ntitle: t\nspeakers:\n" + _fill("  - {name: A B}\n", size) + "---\n\n# H\n\n- p\n"
        ),
        "front matter: duplicate key at the end": lambda: (
            "---\n" + _fill("title: t\n", size) + "---\n\n# H\n\n- p\n"
        ),
    }


def _run(make: Callable[[], str], repeats: int) -> tuple[float, int, str]:
    text = make()
    times, outcome = [], ""
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            episode, _ = read_text(text, "bench.md")
            outcome = f"{len(episode.sections)} section(s)"
        except SourceError as exc:
            outcome = f"error: {exc}"[:60]
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(text.encode()), outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="run only the cases whose name contains one of these words")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (1: about 100 KB a case)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    chosen = {
        name: make
        for name, make in cases(int(100 * KB * args.scale)).items()
        if not args.only or any(word in name for word in args.only)
    }
    print(f"{'case':44} {'size':>8} {'median':>9}  result")
    slowest = 0.0
    for name, make in chosen.items():
        seconds, size, outcome = _run(make, args.repeats)
        goal = 2.0 if size > 200 * KB else 1.0
        slowest = max(slowest, seconds / goal)
        flag = "" if seconds < goal else f"  SLOW (goal {goal:g} s)"
        print(f"{name:44} {size / KB:7.0f}K {seconds:8.3f}s  {outcome}{flag}", flush=True)
    print(f"\nslowest against its goal: {slowest:.0%}")
    return 0 if slowest < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
