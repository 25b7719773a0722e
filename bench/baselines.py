"""What the baselines of bench.run are given: deckcast's own deck read back as a plan (for bare
python-pptx, bench/bare_pptx.py), the same plan as pandoc Markdown, and pandoc itself."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

THEME = Path(__file__).resolve().parent.parent / "templates" / "themes" / "default.pptx"


def read_plan(deck: Path) -> dict[str, Any]:
    """Titles, body paragraphs (text, level), notes and layout name of every slide of a deck."""
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    title_types = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    body_types = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
    slides = []
    for slide in Presentation(str(deck)).slides:
        item: dict[str, Any] = {"layout": slide.slide_layout.name, "title": "", "body": [], "notes": ""}
        for ph in slide.placeholders:
            kind = ph.placeholder_format.type
            if kind in title_types:
                item["title"] = ph.text_frame.text
            elif kind in body_types:
                item["body"] = [[p.text, p.level] for p in ph.text_frame.paragraphs if p.text]
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            item["notes"] = slide.notes_slide.notes_text_frame.text
        slides.append(item)
    return {"theme": str(THEME), "slides": slides}


def plan_markdown(plan: dict[str, Any]) -> str:
    """The same slides as pandoc Markdown: `#` for dividers, `##` per slide, bullets, notes."""
    slides = plan["slides"]
    first = slides[0]
    lines = ["---", f"title: {json.dumps(first['title'], ensure_ascii=False)}"]
    if first["body"]:
        lines.append(f"subtitle: {json.dumps(first['body'][0][0], ensure_ascii=False)}")
    lines += ["---", ""]
    for item in slides[1:]:
        title = item["title"].replace("#", "\\#") or "—"
        if item["layout"] == "Section Header":
            lines += [f"# {title}", ""]
            continue
        lines += [f"## {title}", ""]
        for text, level in item["body"]:
            lines.append("  " * level + "- " + text.replace("\n", " "))
        if item["notes"]:
            lines += ["", "::: notes", item["notes"], ":::"]
        lines.append("")
    return "\n".join(lines)


def pandoc_version() -> str | None:
    """The first line of `pandoc --version`, or None without pandoc."""
    exe = shutil.which("pandoc")
    if not exe:
        return None
    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
    return out.stdout.splitlines()[0] if out.stdout else exe


def ensure_pandoc(log: Callable[[str], None]) -> str | None:
    """The pandoc executable, installed with apt-get if missing (None if that fails)."""
    if shutil.which("pandoc"):
        return shutil.which("pandoc")
    log("pandoc missing: apt-get install -y pandoc")
    try:
        subprocess.run(["apt-get", "install", "-y", "pandoc"], capture_output=True, check=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        log(f"  could not install pandoc: {exc}")
        return None
    return shutil.which("pandoc")
