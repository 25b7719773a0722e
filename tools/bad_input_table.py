"""Try deckcast on many kinds of bad input and print what each gives, as a Markdown table.

    python tools/bad_input_table.py

Each case runs the real CLI in a fresh process (`deckcast build SOURCE -o OUT`), and the
table records the exit code, the first line of output, whether a traceback appeared, and
whether anything was written."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "content" / "ai-alignment-salon.txt"


def cases(tmp: Path):
    seed = SEED.read_text(encoding="utf-8")
    yield "empty file", b"", None
    yield "only whitespace", b"  \n\t\n", None
    yield "binary (PNG header)", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), None
    yield "invalid UTF-8 (Big5 bytes)", "# 標題\n\n- 要點\n".encode("utf-8") + "- 中文\n".encode("big5"), None
    yield "UTF-16 with BOM (the seed)", codecs.BOM_UTF16_LE + seed.encode("utf-16-le"), None
    yield "only chatter", "好的，我來整理。\n\n希望对您有帮助！\n[model=x]\n".encode(), None
    yield "no sections (bullets only)", b"- a\n- b\n", None
    yield "control characters in the seed", seed.replace("大飛", "大\x07飛").replace("核心", "核\x1b心").encode(), None
    yield "20 MB source", b"# T\n\n" + b"- " + b"x" * 100 + b"\n" * 0 + (b"- point\n" * (20 * 1024 * 1024 // 8)), None
    yield "10,000 sections", "".join(f"# 第{i}節\n\n- 要點\n\n" for i in range(10_000)).encode(), None
    yield "a single 100 KB line", ("# 長行\n\n- " + "長" * 34_000 + "\n").encode(), None
    yield "template syntax in content", "# {{ 7*7 }} {% raw %}\n\n- {{ 7*7 }} {# c #}\n".encode(), None
    yield "HTML and XML-breakers in content", "# <script>alert(1)</script>\n\n- ]]> and --> and &amp;\n".encode(), None
    yield "bad YAML front matter", "---\ntitle: [unclosed\n---\n# A\n\n- b\n".encode(), None
    yield "unknown section kind", "---\ntitle: T\n---\n# A {kind=movie}\n\n- b\n".encode(), None
    yield "unknown speaker id", "---\ntitle: T\n---\n# A {kind=viewpoint speaker=nobody}\n\n- b\n".encode(), None
    yield "missing source file", None, ["build", str(tmp / "nope.md")]
    yield "output path is a file", seed.encode(), "file-output"
    yield "unwritable output directory", seed.encode(), ["-o", "/proc/deckcast/out"]
    yield "unknown --only output", seed.encode(), ["--only", "video"]
    yield "--minutes longer than the content", seed.encode(), ["--minutes", "30"]
    yield "unknown --theme", seed.encode(), ["--theme", "neon"]
    yield "a .pptx theme that is not a zip", seed.encode(), "bad-theme"


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for n, (name, data, extra) in enumerate(cases(tmp)):
            source, out = tmp / f"case{n}.md", tmp / f"out{n}"
            args = ["build", str(source), "-o", str(out)]
            if data is not None:
                source.write_bytes(data)
            if isinstance(extra, list):
                args = extra if extra[0] == "build" else args + extra
            elif extra == "file-output":
                out.write_text("a file")
                args[-1] = str(out)
            elif extra == "bad-theme":
                bad = tmp / "bad.pptx"
                bad.write_text("not a zip")
                args += ["--theme", str(bad)]
            proc = subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                                  env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=300)
            output = (proc.stderr + proc.stdout).strip()
            first = output.splitlines()[0] if output else ""
            written = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
            rows.append((name, proc.returncode, first.replace(str(tmp) + "/", "").replace("|", "\\|")[:150],
                         "Traceback" in output, ", ".join(written) if len(written) < 4 else f"{len(written)} files"))
    print("| input | exit | first line of output | traceback | written |")
    print("|---|---|---|---|---|")
    for name, code, first, trace, written in rows:
        print(f"| {name} | {code} | {first} | {'yes' if trace else 'no'} | {written or '-'} |")


if __name__ == "__main__":
    main()
