"""The everyday commands: new, themes, voices, templates copy, watch (CliRunner), with their
error paths."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.readers import read_episode

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_new_scaffolds_a_native_source_that_builds(tmp_path):
    folder = tmp_path / "content"
    result = run("new", "my-talk", "--dir", folder)
    assert result.exit_code == 0, result.output
    source = folder / "my-talk.md"
    text = source.read_text(encoding="utf-8")
    assert text.startswith("---\n# deckcast episode source") and "language: zh-Hant" in text
    assert text.count("#") > 10  # every field is explained in a comment
    episode, _ = read_episode(source)
    kinds = [s.kind.value for s in episode.sections]
    assert kinds == ["intro", "viewpoint", "qa", "summary"]
    assert episode.speakers[0].id == "guest-one" and episode.questions[0].answers[0].speaker == "guest-one"
    built = run("build", source, "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "deck.pptx").is_file() and (tmp_path / "out" / "handout.pdf").is_file()
    script = (tmp_path / "out" / "script.md").read_text(encoding="utf-8")
    assert "{kind" not in script and "來賓姓名的觀點" in script  # headings are real titles


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


def test_templates_copy_then_build_with_them(tmp_path):
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
    built = run("build", SEED, "-o", tmp_path / "out", "--only", "script", "--templates", folder)
    assert built.exit_code == 0, built.output
    assert (
        (tmp_path / "out" / "script.md").read_text(encoding="utf-8").startswith("# 自訂：AI 對齊到底有多難？")
    )


def test_watch_rebuilds_on_save(tmp_path):
    source = tmp_path / "ep.md"
    source.write_text("# 第一版\n\n- 一個要點\n", encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    result = {}

    def watch():
        result["r"] = runner.invoke(
            main,
            [
                "watch",
                str(source),
                "-o",
                str(out),
                "--only",
                "script",
                "--interval",
                "0.1",
                "--max-builds",
                "2",
            ],
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


def test_watch_keeps_going_after_a_bad_save(tmp_path):
    source = tmp_path / "ep.md"
    source.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "watch",
            str(source),
            "-o",
            str(tmp_path / "out"),
            "--only",
            "script",
            "--interval",
            "0.1",
            "--max-builds",
            "1",
        ],
    )
    assert result.exit_code == 0
    assert "error:" in result.output and "source is empty" in result.output


def test_watch_needs_an_existing_source(tmp_path):
    result = run("watch", tmp_path / "missing.md")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_check_command_passes_the_seed_and_fails_targets(tmp_path):
    ok = run("check", SEED)
    assert ok.exit_code == 0 and "0 errors" in ok.output
    strict = run("check", SEED, "--max-slides", "10")
    assert strict.exit_code == 1 and "more than the 10 allowed" in strict.output
    built = run("build", SEED, "-o", tmp_path / "out", "--only", "deck")
    assert built.exit_code == 0
    deck = run("check", tmp_path / "out" / "deck.pptx")
    assert deck.exit_code == 0 and "24 slides" in deck.output


def test_check_command_error_paths(tmp_path):
    assert run("check", tmp_path / "missing.pptx").exit_code == 2
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = run("check", empty)
    assert result.exit_code == 1 and "source is empty" in result.output


def test_preview_command(tmp_path):
    import shutil as sh

    if not (sh.which("soffice") and sh.which("pdftoppm")):
        import pytest

        pytest.skip("preview needs LibreOffice (soffice) and pdftoppm; not installed here")
    result = run("preview", SEED, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "preview"
    assert len(list(folder.glob("slide-*.png"))) == 24
    assert (folder / "handout.png").is_file() and (folder / "contact-sheet.png").is_file()


def test_preview_without_tools_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("preview", SEED, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "apt-get install" in result.output
    assert not (tmp_path / "out").exists()


def test_edited_user_template_is_used_by_the_next_process(tmp_path):
    """Compiled templates are cached between runs (Jinja's bytecode cache); an edit to a user
    template must still show in the very next build, in a new process."""
    import subprocess
    import sys

    templates = tmp_path / "tpl"
    (templates / "script").mkdir(parents=True)
    chapters = templates / "script" / "chapters.txt.j2"

    def build(marker: str) -> str:
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

    assert build("FIRST\n").startswith("FIRST\n")
    assert build("SECOND\n").startswith("SECOND\n")
