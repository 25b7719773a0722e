"""Record (or check) the SHA-256 of every output of every bundled and test source (and of two
generated ones: a plain Markdown talk and an LLM-style transcript, the benchmark's shapes),
so a refactoring can show that it changed no byte. For the deck, the hash of its parts (each
member's name and bytes, in order) is recorded too: a change of the zip container alone (a
deflate level) shows as `deck.pptx` differing while `deck.pptx parts` stays the same.

    python tools/golden_outputs.py            # check against tests/golden/outputs.json
    python tools/golden_outputs.py --update   # write it anew (say why in the commit)

`tests/test_golden_outputs.py` runs the check. The handout PDF depends on the PDF library
and the fonts it finds, so the file also records the versions of the libraries that shape the
bytes; where they differ, the PDFs are left out of the comparison (and that is said)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "outputs.json"
LIBRARIES = ("python-pptx", "weasyprint", "uharfbuzz", "noto-cjk-sans-otc", "opencc", "jinja2", "PyYAML")


def sources() -> list[Path]:
    return [
        p
        for folder in (ROOT / "content", ROOT / "tests" / "sources", ROOT / "tests" / "sources" / "layouts")
        for p in sorted(folder.iterdir())
        if p.suffix in (".md", ".txt")
    ]


def generated(folder: Path) -> list[Path]:
    """The benchmark's source shapes, small: a plain Markdown talk and a transcript."""
    sys.path.insert(0, str(ROOT))
    from bench.markdown import plain_markdown
    from bench.sources import transcript_source

    made = {"plain-30.md": plain_markdown(30), "transcript-30.txt": transcript_source(30)}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in made.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in made]


def source_names() -> set[str]:
    return {f"{p.parent.name}/{p.name}" for p in sources()} | {
        f"generated/{name}" for name in ("plain-30.md", "transcript-30.txt")
    }


def parts_hash(deck: Path) -> str:
    """SHA-256 over the deck's members, name and bytes, in the zip's order."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(deck) as archive:
        for info in archive.infolist():
            digest.update(info.filename.encode() + b"\0" + archive.read(info) + b"\0")
    return digest.hexdigest()


def libraries() -> dict[str, str]:
    return {name: version(name) for name in LIBRARIES}


def build_all() -> dict[str, dict[str, str]]:
    """source name -> {output file -> sha256}, each source built as the CLI builds it."""
    from generator.build import Options, build_episode, choose_outputs

    found: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n, source in enumerate(sources() + generated(Path(tmp) / "generated")):
            out = Path(tmp) / str(n)
            build_episode(source, out, choose_outputs(None), Options())
            hashes = {
                p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.iterdir())
                if p.is_file() and not p.name.startswith(".")
            }
            if (out / "deck.pptx").is_file():
                hashes["deck.pptx parts"] = parts_hash(out / "deck.pptx")
            found[f"{source.parent.name}/{source.name}"] = hashes
    return found


def differences(recorded: dict, now: dict, same_libraries: bool) -> list[str]:
    problems = []
    for name in sorted(set(recorded) | set(now)):
        old, new = recorded.get(name, {}), now.get(name, {})
        for file in sorted(set(old) | set(new)):
            if file.endswith(".pdf") and not same_libraries:
                continue
            if old.get(file) != new.get(file):
                problems.append(
                    f"{name}: {file} {'differs' if file in old and file in new else 'missing or new'}"
                )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    now = build_all()
    if args.update:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(
            json.dumps({"libraries": libraries(), "outputs": now}, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {GOLDEN}: {sum(len(v) for v in now.values())} files of {len(now)} sources")
        return 0
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    problems = differences(recorded["outputs"], now, recorded["libraries"] == libraries())
    print("\n".join(problems) or "every output is byte-identical")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
