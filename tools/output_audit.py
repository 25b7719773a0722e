"""Count, over every bundled and test source, the faults issue 14 names in what a build says
and shows: subtitle cues too short or too long, cues without a letter or digit, relational
connectives the source does not carry, doubled attribution verbs, doubled sentence-final
punctuation, and Simplified characters left in Traditional output.

    python tools/output_audit.py [SOURCE ...]

Each source is built (script and deck) into a temporary folder with the real CLI; the
counts come from the files a user gets (script.txt, script.srt, the deck's text)."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    p
    for folder in (ROOT / "content", ROOT / "tests" / "sources")
    for p in sorted(folder.iterdir())
    if p.suffix in (".md", ".txt")
]

RELATIONAL = [
    "例如",
    "比如",
    "舉例來說",
    "举例来说",
    "因此",
    "所以",
    "但是",
    "然而",
    "不過",
    "不过",
    "尤其",
    "特別是",
    "特别是",
    "For example",
    "for example",
    "Therefore",
    "therefore",
    "However",
    "however",
    "In particular",
    "in particular",
    "Especially",
    "especially",
]
_SAYING = "認為|认为|表示|指出|提到|強調|强调|說|说|覺得|觉得|主張|主张"
DOUBLED_ATTRIBUTION = re.compile(
    rf"(?:{_SAYING})[，,]\s*(?:她|他|其|我們|我们|我)?(?:也)?(?:{_SAYING})"
    r"|\b(?:thinks|says|argues|believes|notes)(?:,| that) (?:she|he|they|we) "
    r"(?:thinks?|says?|argues?|believes?|notes?)\b"
)
DOUBLED_PUNCTUATION = re.compile(r"[？！?!。][。.]|。。|，。|[.?!]\.(?!\.)")
# Characters OpenCC changes on their own that are right in Traditional text as these sources
# use them (傑弗里, 公里, 干擾, 台灣, 雇用): not Simplified leftovers. (特征 is: the word list in
# generator/text/chinese.py turns it into 特徵.)
BOTH_SCRIPTS = set("里干台雇")
_CUE_TIME = re.compile(r"(\d+):(\d+):(\d+)[,.](\d+) --> (\d+):(\d+):(\d+)[,.](\d+)")


def _seconds(h, m, s, ms) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def cues(srt: str) -> list[tuple[float, float, str]]:
    found = []
    for block in re.split(r"\n\s*\n", srt.strip()):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            match = _CUE_TIME.search(line)
            if match:
                g = match.groups()
                found.append((_seconds(*g[:4]), _seconds(*g[4:]), "\n".join(lines[i + 1 :])))
                break
    return found


def _deck_text(deck: Path) -> str:
    with zipfile.ZipFile(deck) as z:
        return " ".join(
            re.sub(r"<[^>]+>", " ", z.read(n).decode())
            for n in z.namelist()
            if n.startswith("ppt/slides/slide") and n.endswith(".xml")
        )


def _simplified_only(text: str) -> list[str]:
    import opencc

    convert = opencc.OpenCC("s2tw").convert
    return [c for c in set(text) if "\u4e00" <= c <= "\u9fff" and convert(c) != c and c not in BOTH_SCRIPTS]


def audit(source: Path, folder: Path) -> dict[str, int]:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "build",
            str(source),
            "-o",
            str(folder),
            "-q",
            "--only",
            "deck,script",
            "--force",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    script = (folder / "script.txt").read_text(encoding="utf-8")
    srt = cues((folder / "script.srt").read_text(encoding="utf-8"))
    source_text = source.read_text(encoding="utf-8-sig", errors="replace")
    # each clause once (the title's sentence is said on the title and the intro slide), and
    # the source's own marks count for the phrase they stand for ("e.g." for "for example")
    said = "\n".join(dict.fromkeys(re.split(r"(?<=[。！？.!?，,])\s*", script)))
    marked = source_text + " for example" * len(re.findall(r"\be\.g\.|例：|例:", source_text))
    unsupported = sum(max(0, said.count(c) - marked.count(c)) for c in RELATIONAL)
    traditional = len(re.findall(r"[們這說為個來還點當對會過]", script)) > len(
        re.findall(r"[们这说为个来还点当对会过]", script)
    )
    leftover = _simplified_only(script + _deck_text(folder / "deck.pptx")) if traditional else []
    return {
        "cues": len(srt),
        "cue<0.7s": sum(1 for a, b, _ in srt if b - a < 0.7),
        "cue>7.5s": sum(1 for a, b, _ in srt if b - a > 7.5),
        "no letter": sum(1 for _, _, t in srt if not any(ch.isalnum() for ch in t)),
        "relational": unsupported,
        "2x attribution": len(DOUBLED_ATTRIBUTION.findall(script)),
        "2x punctuation": len(DOUBLED_PUNCTUATION.findall(script)),
        "simplified left": len(leftover),
    }


def main() -> None:
    sources = [Path(a) for a in sys.argv[1:]] or SOURCES
    totals: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for n, source in enumerate(sources):
            counts = audit(source, Path(tmp) / str(n))
            rows.append((source.name, counts))
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
    keys = list(totals)
    print("| source | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for name, counts in rows + [("**all**", totals)]:
        print(f"| {name} | " + " | ".join(str(counts[k]) for k in keys) + " |")


if __name__ == "__main__":
    main()
