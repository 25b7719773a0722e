"""Try deckcast on many kinds of bad input and fault and print what each gives, as a
Markdown table.

    python tools/bad_input_table.py [--only SUBSTRING]

Each case runs the real CLI in a fresh process, in a folder of its own that may hold an
earlier build's outputs. The table records the exit code, the seconds taken, the first line
of output, whether a traceback appeared, and what changed on disk: files that are new
(outside the output folder, or inside it for a failed build), files that changed and files
that were lost. A failed build must leave the folder exactly as it was."""

from __future__ import annotations

import argparse
import codecs
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"
NATIVE = ROOT / "content" / "ai-alignment-salon.native.md"
THEME = ROOT / "templates" / "themes" / "default.pptx"


@dataclass
class Case:
    name: str
    source: bytes | None = None  # written to case/src.md; None: no source file
    args: list[str] = field(default_factory=list)  # after `build case/src.md -o case/out`
    setup: Callable[[Path], list[str] | None] | None = None  # may return a whole argv instead
    env: dict[str, str] = field(default_factory=dict)
    prebuilt: bool = False  # case/out holds an earlier build of the seed
    interrupt: tuple[int, float] | None = None  # (signal, seconds after start)
    timeout: float = 120


def _zip_with(path: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(THEME) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            out.writestr(item, replace.get(item.filename, original.read(item.filename)))
        for name, data in (add or {}).items():
            out.writestr(name, data)


def _external_theme(case: Path) -> list[str]:
    with zipfile.ZipFile(THEME) as z:
        rels_name = next(n for n in z.namelist() if n.startswith("ppt/slideLayouts/_rels/"))
        rels = z.read(rels_name).decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdX9" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/image" Target="http://example.invalid/track.png" '
        'TargetMode="External"/></Relationships>',
    )
    _zip_with(case / "linked.pptx", {rels_name: rels.encode()})
    return ["--theme", str(case / "linked.pptx")]


def _corrupt_theme(case: Path) -> list[str]:
    _zip_with(case / "corrupt.pptx", {"ppt/presentation.xml": b"<p:presentation><unclosed"})
    return ["--theme", str(case / "corrupt.pptx")]


def _bomb_theme(case: Path) -> list[str]:
    with (
        zipfile.ZipFile(THEME) as original,
        zipfile.ZipFile(case / "bomb.pptx", "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in original.infolist():
            out.writestr(item, original.read(item.filename))
        with out.open("ppt/media/zeros.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 24)
            for _ in range(64):  # 1 GiB of zeros, about 1 MB compressed
                member.write(block)
    return ["--theme", str(case / "bomb.pptx")]


def _voice_attack(case: Path) -> list[str]:
    templates = case / "templates"
    (templates / "script").mkdir(parents=True)
    narration = (ROOT / "templates" / "script" / "narration.j2").read_text(encoding="utf-8")
    (templates / "script" / "narration.j2").write_text(
        narration + '\n{{ say("part", title=episode) }}\n', encoding="utf-8"
    )
    voice = (ROOT / "templates" / "voices" / "dafei.yaml").read_text(encoding="utf-8")
    attack = "{title.__init__.__globals__[dataclasses].sys.modules[os].environ[SECRET]}"
    voice = voice.replace("part:", f'part:\n  - "{attack}"', 1)
    (case / "attack.yaml").write_text(voice, encoding="utf-8")
    return ["--templates", str(templates), "--voice", str(case / "attack.yaml"), "--only", "script"]


def _include_leak(case: Path) -> list[str]:
    templates = case / "templates"
    (templates / "script").mkdir(parents=True)
    (templates / "leak.txt").symlink_to("/etc/hostname")
    (templates / "script" / "chapters.txt.j2").write_text('{% include "leak.txt" %}\n', encoding="utf-8")
    return ["--templates", str(templates), "--only", "script"]


def _endless_template(case: Path) -> list[str]:
    templates = case / "templates"
    (templates / "script").mkdir(parents=True)
    (templates / "script" / "chapters.txt.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    return ["--templates", str(templates), "--only", "script"]


def _recursive_template(case: Path) -> list[str]:
    templates = case / "templates"
    (templates / "script").mkdir(parents=True)
    (templates / "script" / "chapters.txt.j2").write_text(
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}\n", encoding="utf-8"
    )
    return ["--templates", str(templates), "--only", "script"]


def _copy_through_link(case: Path) -> list[str]:
    outside = case / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    folder = case / "mine"
    (folder / "script").mkdir(parents=True)
    (folder / "script" / "chapters.txt.j2").symlink_to(outside)
    return ["templates", "copy", str(folder), "--force"]


def _silent_port(case: Path) -> list[str]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    threading.Thread(target=lambda: [server.accept() for _ in range(8)], daemon=True).start()
    return ["--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{server.getsockname()[1]}"]


def _fifo_source(case: Path) -> list[str]:
    os.mkfifo(case / "src.md")
    return []


def _sparse_source(case: Path) -> list[str]:
    with (case / "src.md").open("wb") as handle:
        handle.truncate(2 * 1024**3)
    return []


def _fifo_record(case: Path) -> list[str]:
    (case / "out").mkdir()
    os.mkfifo(case / "out" / ".deckcast-build.json")
    return []


def _damaged_record(case: Path) -> list[str]:
    (case / "out" / ".deckcast-build.json").write_text("[1, 2, 3]", encoding="utf-8")
    return []


def _own_script(case: Path) -> list[str]:
    (case / "script.md").write_bytes(NATIVE.read_bytes())
    return ["build", str(case / "script.md"), "-o", str(case)]


def _foreign_file(case: Path) -> list[str]:
    (case / "out").mkdir()
    (case / "out" / "deck.pptx").write_bytes(b"someone's own deck")
    return []


def _folder_in_the_way(case: Path) -> list[str]:
    (case / "out" / "handout.pdf").unlink()
    (case / "out" / "handout.pdf").mkdir()
    return ["--force"]


def _shm_output(case: Path) -> list[str]:
    target = Path(tempfile.mkdtemp(dir="/dev/shm")) if os.access("/dev/shm", os.W_OK) else case / "elsewhere"
    (case / "out").symlink_to(target)
    return []


def _dangling_output(case: Path) -> list[str]:
    (case / "out").symlink_to(case / "nowhere")
    return []


def _batch(case: Path) -> list[str]:
    folder = case / "sources"
    folder.mkdir()
    for n in range(4):
        (folder / f"e{n}.txt").write_bytes(SEED.read_bytes())
    return ["build", str(folder), "-o", str(case / "out"), "-j", "2"]


def _forum(speakers: int, questions: int) -> str:
    """A long forum transcript: a roster of many speakers with roles, and many questions."""
    roster = "".join(
        f"* **講者{n}號（Speaker {n}）：** 某大學某研究所的研究員，專長為第{n}類問題\n"
        for n in range(1, speakers + 1)
    )
    asked = "".join(
        f"* **問題 {n}：** 第{n}個問題是什麼？\n  * **講者{n}號的回應：** 這是第{n}個回答。\n"
        for n in range(1, questions + 1)
    )
    return (
        "**引言**\n\n* 歡迎收看論壇，我是主持人。\n\n**專家介紹**\n\n"
        + roster
        + "\n**討論**\n\n* 這是一場很長的論壇。\n\n**觀眾提問環節**\n\n"
        + asked
        + "\n**總結**\n\n* 謝謝大家。\n"
    )


def _talk(image: str | None, extra: str = "") -> bytes:
    picture = f"![chart]({image})\n" if image else ""
    return f"---\ntitle: T\nlanguage: en\n---\n\n# A\n\n- a point\n{extra}\n{picture}".encode()


def _quiet(prepare: Callable[[Path], object]) -> Callable[[Path], None]:
    def setup(case: Path) -> None:
        prepare(case)

    return setup


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), "white").save(path)


def _symlink_out(case: Path) -> None:
    _png(case.parent / "target.png")
    os.symlink(case.parent / "target.png", case / "link.png")


def _bomb(path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))


def cases() -> list[Case]:
    seed = SEED.read_text(encoding="utf-8")
    native = NATIVE.read_text(encoding="utf-8")
    head = native.split("\n---\n", 1)[0] + "\n"  # front matter without its closing fence
    return [
        # what the source holds
        Case("empty file", b""),
        Case("only whitespace", b"  \n\t\n"),
        Case("binary (PNG header)", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        Case("invalid UTF-8 (Big5 bytes)", "# 標題\n\n- 要點\n".encode() + "- 中文\n".encode("big5")),
        Case("UTF-16 with BOM (the seed)", codecs.BOM_UTF16_LE + seed.encode("utf-16-le")),
        Case("only chatter", "好的，我來整理。\n\n希望对您有帮助！\n[model=x]\n".encode()),
        Case("no sections (bullets only)", b"- a\n- b\n"),
        Case(
            "control characters in the seed",
            seed.replace("大飛", "大\x07飛").replace("核心", "核\x1b心").encode(),
        ),
        Case(
            "bidi override characters",
            seed.replace("大飛", "大\u202e飛\u202c").replace("核心", "核\u2066心").encode(),
        ),
        Case("template syntax in content", b"# {{ 7*7 }} {% raw %}\n\n- {{ 7*7 }} {# c #}\n"),
        Case(
            "HTML and XML-breakers in content",
            b"# <script>alert(1)</script>\n\n- ]]> and --> and &amp;\n",
        ),
        Case("bad YAML front matter", b"---\ntitle: [unclosed\n---\n# A\n\n- b\n"),
        Case("front matter !!set", b"---\ntitle: T\ntags: !!set {a, b, c, d}\n---\n# A\n\n- b\n"),
        Case("front matter !!binary", b"---\ntitle: !!binary aGVsbG8=\n---\n# A\n\n- b\n"),
        Case("front matter duplicate key", b"---\ntitle: T\ntitle: U\n---\n# A\n\n- b\n"),
        Case("front matter .nan as a date", b"---\ntitle: T\ndate: .nan\n---\n# A\n\n- b\n"),
        Case("unknown section kind", b"---\ntitle: T\n---\n# A {kind=movie}\n\n- b\n"),
        Case("unknown speaker id", b"---\ntitle: T\n---\n# A {kind=viewpoint speaker=nobody}\n\n- b\n"),
        Case("1,000-level nesting", ("# A\n\n" + "".join("  " * i + "- x\n" for i in range(1000))).encode()),
        # pathological shapes (each once took minutes)
        Case("38 attribute pairs in a heading", ("# T {" + " a=1" * 38 + "\n\n- b\n").encode()),
        Case("heading with 5 KB of spaces", ("#" + " " * 5000 + "x\n\n- b\n").encode()),
        Case("500 KB of repeated 這裡是", ("# A\n\n" + "這裡是" * 60_000 + "\n").encode()),
        Case("500 KB of repeated 'this is '", ("# A\n\n" + "this is " * 64_000 + "\n").encode()),
        Case("**Q and 50,000 spaces", ("# A\n\n**Q" + " " * 50_000 + "\n").encode()),
        Case(
            "sentence ending inside quotation marks",
            ('# Intro\n\n- She asked "and when?". Nobody knew.\n- Then \u201cwhy?\u201d. Later.\n').encode(),
        ),
        Case("150-speaker roster, 60 questions", _forum(150, 60).encode()),
        Case("1,500 one-letter bullets", ("# A\n\n" + "- x\n" * 1500).encode()),
        Case("1 million one-word bullets", ("# A\n\n" + "- word\n" * 1_000_000).encode(), timeout=300),
        Case("a single 100 KB line", ("# 長行\n\n- " + "長" * 34_000 + "\n").encode()),
        Case("10,000 sections", "".join(f"# 第{i}節\n\n- 要點\n\n" for i in range(10_000)).encode()),
        Case("20 MB source", b"# T\n\n" + b"- point\n" * (20 * 1024 * 1024 // 8)),
        Case("2 GB sparse source", setup=_sparse_source),
        Case("a FIFO as the source", setup=_fifo_source),
        Case("/dev/zero as the source", setup=lambda case: ["build", "/dev/zero", "-o", str(case / "out")]),
        Case("missing source file", setup=lambda case: ["build", str(case / "nope.md")]),
        Case("front matter only", head.encode()),
        # the output folder
        Case("source named script.md built into its own folder", setup=_own_script),
        Case("a file deckcast did not write in the output folder", seed.encode(), setup=_foreign_file),
        Case(
            "output file that is a folder (handout.pdf/)",
            seed.encode(),
            setup=_folder_in_the_way,
            prebuilt=True,
        ),
        Case("--only deck,deck over an earlier build", seed.encode(), ["--only", "deck,deck"], prebuilt=True),
        Case(
            "output path is a file",
            seed.encode(),
            setup=lambda case: [(case / "out").write_text("a file"), []][1],
        ),
        Case("output folder a link to another file system", seed.encode(), setup=_shm_output),
        Case("output folder a dangling link", seed.encode(), setup=_dangling_output),
        Case("unwritable output directory", seed.encode(), ["-o", "/proc/deckcast/out"]),
        Case("a FIFO as the build record", seed.encode(), setup=_fifo_record),
        Case("a damaged build record", seed.encode(), setup=_damaged_record, prebuilt=True),
        Case(
            "edited output, then rebuilt",
            seed.encode(),
            setup=lambda case: [(case / "out" / "script.md").write_text("edited"), []][1],
            prebuilt=True,
        ),
        # options
        Case("unknown --only output", seed.encode(), ["--only", "video"]),
        Case("--minutes longer than the content", seed.encode(), ["--minutes", "30"]),
        Case("--minutes nan", seed.encode(), ["--minutes", "nan"]),
        Case("--max-source-mb inf", seed.encode(), ["--max-source-mb", "inf"]),
        Case("--max-source-mb nan", seed.encode(), ["--max-source-mb", "nan"]),
        Case("unknown --theme", seed.encode(), ["--theme", "neon"]),
        Case(
            "a .pptx theme that is not a zip",
            seed.encode(),
            setup=lambda case: [
                (case / "bad.pptx").write_text("not a zip"),
                ["--theme", str(case / "bad.pptx")],
            ][1],
        ),
        Case("a theme with corrupt XML", seed.encode(), setup=_corrupt_theme),
        Case("a theme zip bomb (1 GiB member in 1 MB)", seed.encode(), setup=_bomb_theme),
        Case("a theme with an external relationship", seed.encode(), setup=_external_theme, prebuilt=True),
        # templates and voices
        Case(
            "voice phrase reaching os.environ",
            seed.encode(),
            setup=_voice_attack,
            env={"SECRET": "hunter2-secret"},
        ),
        Case("template include through a symlink", seed.encode(), setup=_include_leak),
        Case("template with nested 100,000-loops", seed.encode(), setup=_endless_template),
        Case("template with endless recursion", seed.encode(), setup=_recursive_template),
        Case("templates copy --force through a symlink", setup=_copy_through_link),
        # batches and executors
        Case("Dask scheduler that never answers", seed.encode(), setup=_silent_port, timeout=90),
        Case("malformed Dask address", seed.encode(), ["--executor", "dask", "--scheduler", "foo://x:1"]),
        Case("SIGTERM mid-build", seed.encode(), ["--force"], prebuilt=True, interrupt=(signal.SIGTERM, 0.6)),
        Case("Ctrl-C in a parallel batch", setup=_batch, interrupt=(signal.SIGINT, 1.5)),
        # images and links in a hand-written Markdown talk (issue 16)
        *(
            Case(f"image: {name}", _talk(reference), setup=_quiet(prepare) if prepare else None)
            for name, reference, prepare in (
                ("outside the folder (../)", "../outside.png", lambda c: _png(c.parent / "outside.png")),
                ("absolute path", "/etc/hostname", None),
                ("symlink out of the folder", "link.png", _symlink_out),
                ("missing file", "missing.png", None),
                (
                    "a text file named .png",
                    "text.png",
                    lambda c: (c / "text.png").write_text("not a picture"),
                ),
                ("20,000 x 20,000 PNG header", "bomb.png", lambda c: _bomb(c / "bomb.png")),
                ("remote URL", "https://example.org/chart.png", None),
                ("SVG", "drawing.svg", lambda c: (c / "drawing.svg").write_text("<svg/>")),
            )
        ),
        Case("link: javascript:", _talk(None, "- [click me](javascript:alert(1)) and more\n")),
    ]


def _snapshot(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            found[str(path.relative_to(folder))] = "link" if path.is_symlink() else "folder"
        else:
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    outside = folder / "outside.txt"
    if outside.is_file():  # the file a symlink attack would write through
        found["outside.txt"] = hashlib.sha256(outside.read_bytes()).hexdigest()
    return found


def _changes(before: dict[str, str], after: dict[str, str], failed: bool) -> str:
    new = [k for k in after if k not in before and (failed or not k.startswith("out/"))]
    lost = [k for k in before if k not in after]
    changed = [
        k for k in before if k in after and before[k] != after[k] and (failed or not k.startswith("out/"))
    ]
    parts = [
        f"{len(new)} new ({', '.join(new[:2])})" if new else "",
        f"{len(changed)} changed ({', '.join(changed[:2])})" if changed else "",
        f"{len(lost)} lost ({', '.join(lost[:2])})" if lost else "",
    ]
    return "; ".join(p for p in parts if p) or "nothing new, nothing lost"


def run_case(case: Case, folder: Path) -> tuple:
    folder.mkdir()
    src, out = folder / "src.md", folder / "out"
    if case.source is not None:
        src.write_bytes(case.source)
    if case.prebuilt:
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "build", str(SEED), "-o", str(out), "-q"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    argv = ["build", str(src), "-o", str(out), *case.args]
    if case.setup:
        extra = case.setup(folder) or []
        argv = extra if extra and extra[0] in ("build", "templates") else argv + extra
    before = _snapshot(folder)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **case.env}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    if case.interrupt:
        time.sleep(case.interrupt[1])
        if process.poll() is None:
            os.killpg(process.pid, case.interrupt[0])
    try:
        stdout, stderr = process.communicate(timeout=case.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        stderr = f"(still running after {case.timeout:g} s: killed) " + stderr
    seconds = time.perf_counter() - started
    output = (stderr + stdout).strip()
    first = output.splitlines()[0] if output else ""
    leaked = (
        any(
            v in output or any(v in p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
            for v in case.env.values()
        )
        if out.is_dir() and case.env
        else False
    )
    after = _snapshot(folder)
    changes = _changes(before, after, process.returncode != 0) + ("; SECRET LEAKED" if leaked else "")
    first = first.replace(str(folder) + "/", "").replace("|", "\\|")[:140]
    return case.name, process.returncode, seconds, first, "Traceback" in output, changes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        for n, case in enumerate(cases()):
            if args.only and args.only.lower() not in case.name.lower():
                continue
            rows.append(run_case(case, Path(tmp_name) / f"case{n}"))
            print(f"  {rows[-1][0]}: exit {rows[-1][1]} in {rows[-1][2]:.1f} s", file=sys.stderr, flush=True)
    print(f"{len(rows)} cases\n")
    print("| input or fault | exit | seconds | first line of output | traceback | on disk |")
    print("|---|---|---|---|---|---|")
    for name, code, seconds, first, trace, changes in rows:
        print(f"| {name} | {code} | {seconds:.1f} | {first} | {'yes' if trace else 'no'} | {changes} |")


if __name__ == "__main__":
    main()
