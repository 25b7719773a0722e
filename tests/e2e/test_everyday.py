"""The everyday commands: new, themes, voices, templates copy, watch (CliRunner), with their
error paths."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from _support import SEED, run
from click.testing import Result

from generator.readers import read_episode


def test_new_scaffolds_a_native_source_that_builds(tmp_path, out):
    folder = tmp_path / "content"
    result = run("new", "my-talk", "--dir", folder)
    assert result.exit_code == 0, result.output
    source = folder / "my-talk.md"
    text = source.read_text(encoding="utf-8")
    assert text.startswith("---\n# deckcast episode source") and "language: zh-Hant" in text
    assert text.count("#") > 10  # every field is explained in a comment
    episode, _ = read_episode(source)
    kinds = [s.kind.value for s in episode.sections]
    assert kinds == ["intro", "viewpoint", "other", "other", "qa", "summary"]
    assert episode.speakers[0].id == "guest-one" and episode.questions[0].answers[0].speaker == "guest-one"
    built = run("build", source, "-o", out)
    assert built.exit_code == 0, built.output
    assert (out / "deck.pptx").is_file() and (out / "handout.pdf").is_file()
    script = (out / "script.md").read_text(encoding="utf-8")
    assert "{kind" not in script and "來賓姓名的觀點" in script  # headings are real titles


def test_new_shows_the_rich_syntax_and_every_piece_reaches_the_deck(tmp_path, out):
    """The scaffold's body uses inline markup, a link, hand-written notes (a `::: notes` block
    and a comment), a table and columns; each arrives in the deck as what it is."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    assert run("new", "rich", "--dir", tmp_path, "--language", "en").exit_code == 0
    source = tmp_path / "rich.md"
    text = source.read_text(encoding="utf-8")
    for syntax in (
        "**bold**",
        "*italic*",
        "`code`",
        "](https://",
        "::: notes",
        "<!--",
        "| --",
        ":::: columns",
    ):
        assert syntax in text.replace("|:--", "| --"), syntax
    assert "![alt text](images/chart.png" in text  # shown in a comment: the file does not exist
    assert run("build", source, "-o", out).exit_code == 0
    slides = list(Presentation(str(out / "deck.pptx")).slides)
    runs = [
        r
        for s in slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    ]
    assert any(r.font.bold for r in runs if r.text == "bold") and any(
        r.font.italic for r in runs if r.text == "italic"
    )
    assert any(r.hyperlink.address == "https://example.com" for r in runs)
    tables = [sh for s in slides for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.TABLE]
    assert len(tables) == 1 and len(tables[0].table.rows) == 3
    notes = {s.notes_slide.notes_text_frame.text for s in slides}
    assert "What to say on the table slide can also go in a comment." in notes
    assert any(n.startswith("What the host says on this slide") for n in notes)
    script = (out / "script.md").read_text(encoding="utf-8")
    assert "https://example.com" in script.split("## Links")[-1] and "**" not in script


def test_new_in_english_and_simplified(tmp_path):
    for language in ("en", "zh-Hans"):
        result = run("new", f"t-{language}", "--dir", tmp_path, "--language", language)
        assert result.exit_code == 0
        episode, _ = read_episode(tmp_path / f"t-{language}.md")
        assert episode.language == language


def test_new_refuses_an_existing_file_and_a_bad_slug(tmp_path):
    assert run("new", "dup", "--dir", tmp_path).exit_code == 0
    again = run("new", "dup", "--dir", tmp_path)
    assert again.exit_code == 2 and "already exists" in again.output
    bad = run("new", "../escape", "--dir", tmp_path)
    assert bad.exit_code == 2 and "SLUG" in bad.output
    assert not (tmp_path.parent / "escape.md").exists()


def test_themes_and_voices_list_what_is_bundled(tmp_path):
    themes = run("themes")
    assert themes.exit_code == 0 and "default" in themes.output and "dark" in themes.output
    voices = run("voices")
    assert voices.exit_code == 0
    for name in ("dafei", "neutral-zh-hans", "english"):
        assert name in voices.output
    assert "大家好，這裡是最佳拍檔，我是大飛。" in voices.output


def test_templates_copy_then_build_with_them(tmp_path, out):
    folder = tmp_path / "tpl"
    result = run("templates", "copy", folder)
    assert result.exit_code == 0, result.output
    assert (folder / "deck" / "slides.yaml.j2").is_file() and (folder / "voices" / "dafei.yaml").is_file()
    again = run("templates", "copy", folder)
    assert again.exit_code == 2 and "--force" in again.output
    assert run("templates", "copy", folder, "--force").exit_code == 0
    md = folder / "script" / "script.md.j2"
    md.write_text(
        md.read_text(encoding="utf-8").replace("# {{ episode.title }}", "# 自訂：{{ episode.title }}"),
        encoding="utf-8",
    )
    voices = run("voices", "--templates", folder)
    assert "dafei" in voices.output
    built = run("build", SEED, "-o", out, "--only", "script", "--templates", folder)
    assert built.exit_code == 0, built.output
    assert (out / "script.md").read_text(encoding="utf-8").startswith("# 自訂：AI 對齊到底有多難？")


def test_watch_rebuilds_on_save(tmp_path, out):
    source = tmp_path / "ep.md"
    source.write_text("# 第一版\n\n- 一個要點\n", encoding="utf-8")
    result: dict[str, Result] = {}

    def watch() -> None:
        result["r"] = run(
            "watch", source, "-o", out, "--only", "script", "--interval", 0.1, "--max-builds", 2
        )

    thread = threading.Thread(target=watch)
    thread.start()
    deadline = time.time() + 30
    while not (out / "script.md").exists() and time.time() < deadline:
        time.sleep(0.1)
    assert "第一版" in (out / "script.md").read_text(encoding="utf-8")
    time.sleep(0.2)
    source.write_text("# 第二版\n\n- 改過的要點\n", encoding="utf-8")
    thread.join(timeout=30)
    assert not thread.is_alive()
    output = result["r"].output
    assert output.count("built ->") == 2, output
    assert "第二版" in (out / "script.md").read_text(encoding="utf-8")


def test_watch_keeps_going_after_a_bad_save(tmp_path, out):
    source = tmp_path / "ep.md"
    source.write_text("", encoding="utf-8")
    result = run("watch", source, "-o", out, "--only", "script", "--interval", 0.1, "--max-builds", 1)
    assert result.exit_code == 0
    assert "error:" in result.output and "source is empty" in result.output


def test_watch_needs_an_existing_source(tmp_path):
    result = run("watch", tmp_path / "missing.md")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_edited_user_template_is_used_by_the_next_process(tmp_path):
    """Compiled templates are cached between runs (Jinja's bytecode cache); an edit to a user
    template must still show in the very next build, in a new process."""
    templates = tmp_path / "tpl"
    (templates / "script").mkdir(parents=True)
    chapters = templates / "script" / "chapters.txt.j2"

    def build_in_a_new_process(marker: str) -> str:
        chapters.write_text(marker + "{% for c in chapters %}{{ c.title }}\n{% endfor %}", encoding="utf-8")
        out = tmp_path / marker
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from generator.cli import main; main()",
                "build",
                str(SEED),
                "-o",
                str(out),
                "--only",
                "script",
                "--templates",
                str(templates),
            ],
            check=True,
            capture_output=True,
        )
        return (out / "chapters.txt").read_text(encoding="utf-8")

    assert build_in_a_new_process("FIRST\n").startswith("FIRST\n")
    assert build_in_a_new_process("SECOND\n").startswith("SECOND\n")
