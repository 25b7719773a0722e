"""Whole-build robustness: atomic outputs, content as data in every output, determinism of
every file, limits, and any text in -> outputs or the project's own error."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from _support import SEED, build, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from generator.build import Options, build_episode, choose_outputs
from generator.errors import DeckcastError, UsageError
from generator.writers import BaseProduction, WriteResult
from generator.writers import handout as handout_writer
from generator.writers import script as script_writer

OUTPUTS = [
    "deck.pptx",
    "script.md",
    "script.txt",
    "script.srt",
    "script.vtt",
    "chapters.txt",
    "handout.html",
    "handout.pdf",
    "deck.html",
]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_build_writes_every_output(seed_build):
    assert sorted(p.name for p in seed_build.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS)
    assert (seed_build / ".deckcast-build.json").is_file()  # the cache record


def test_every_output_is_byte_identical_on_rebuild(seed_build, tmp_path):
    again = tmp_path / "again"
    assert run("build", SEED, "-o", again).exit_code == 0
    assert snapshot(again) == snapshot(seed_build)


def test_failure_in_last_writer_leaves_previous_outputs_untouched(seed_build, tmp_path, out, monkeypatch):
    shutil.copytree(seed_build, out)
    before = snapshot(out)

    def failing_handout(production: BaseProduction, directory: Path) -> WriteResult:
        (directory / "handout.html").write_text("half written")
        raise UsageError("injected failure in the handout writer")

    monkeypatch.setattr(handout_writer, "write", failing_handout)
    result = run("build", SEED, "-o", out, "--force")
    assert result.exit_code == 2
    assert "injected failure" in result.output and "Traceback" not in result.output
    assert snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".deckcast-")]


def test_unexpected_exception_in_a_writer_is_one_line_and_atomic(tmp_path, out, monkeypatch):

    def broken(production: BaseProduction, directory: Path) -> WriteResult:
        raise RuntimeError("boom")

    monkeypatch.setattr(script_writer, "write", broken)
    result = run("build", SEED, "-o", out)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("deckcast: internal error:")
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".deckcast-")]


HOSTILE = """# 注入測試 {{ 7*7 }}

- 大家好，這裡是測試台，我是阿明。
- 模板 {{ 7*7 }} 與 {% raw %} 原樣保留
- 腳本 <script>alert(1)</script> 不會執行
- 結尾 ]]> 與 --> 都是文字

# 總結

- 內容就是資料 {{ 7*7 }}
"""
LITERALS = ["{{ 7*7 }}", "{% raw %}", "<script>alert(1)</script>", "]]>", "-->"]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.md"
    source.write_text(HOSTILE, encoding="utf-8")
    return build(source, folder / "out")


def _deck_text(path: Path) -> str:
    prs = Presentation(str(path))
    parts = []
    for slide in prs.slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def test_content_is_data_in_every_output(hostile_build):
    texts = {
        "deck.pptx": _deck_text(hostile_build / "deck.pptx"),
        "script.md": (hostile_build / "script.md").read_text(encoding="utf-8"),
        "script.txt": (hostile_build / "script.txt").read_text(encoding="utf-8"),
        "script.srt": (hostile_build / "script.srt").read_text(encoding="utf-8").replace("\n", ""),
        "handout.pdf": "".join(p.extract_text() for p in PdfReader(hostile_build / "handout.pdf").pages),
    }
    for name, text in texts.items():
        flat = "".join(text.split())
        for literal in LITERALS:
            assert "".join(literal.split()) in flat, (name, literal)
        assert "49" not in text, name
    html = (hostile_build / "handout.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html and "]]&gt;" in html and "--&gt;" in html
    deck = (hostile_build / "deck.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in deck and deck.count("<script>") == 1  # its own
    assert "{{ 7*7 }}" in deck and "{% raw %}" in deck and "]]&gt;" in deck and "--&gt;" in deck
    vtt = (hostile_build / "script.vtt").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in vtt.replace("\n", "") and "<script>" not in vtt
    assert "--&gt;" in vtt


def test_oversized_source_is_refused_and_limit_is_configurable(tmp_path, out):
    source = tmp_path / "big.md"
    source.write_text("# 標題\n\n" + "- 一個要點\n" * 20000, encoding="utf-8")  # ~0.3 MB
    result = run("build", source, "-o", out, "--max-source-mb", "0.1")
    assert result.exit_code == 1 and "limit" in result.output and str(source) in result.output
    assert not out.exists()


def test_too_many_sections_is_refused(tmp_path):
    source = tmp_path / "many.md"
    source.write_text("".join(f"# 第{i}節\n\n- 要點\n\n" for i in range(10_000)), encoding="utf-8")
    result = run("inspect", source)
    assert result.exit_code == 1 and "over the limit of 5000" in result.output


def test_output_path_that_is_a_file(tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder")
    result = run("build", SEED, "-o", target, "--only", "script")
    assert result.exit_code == 2 and "is a file" in result.output
    assert target.read_text() == "not a folder"


def test_unwritable_output_folder(tmp_path):
    result = run("build", SEED, "-o", "/proc/deckcast-cannot-write/out", "--only", "script")
    assert result.exit_code == 2 and "cannot write" in result.output and "Traceback" not in result.output


def test_user_template_cannot_reach_outside_its_folders(tmp_path, out):
    templates = tmp_path / "templates" / "script"
    templates.mkdir(parents=True)
    (templates / "script.txt.j2").write_text('{% include "../../../../../etc/passwd" %}')
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", tmp_path / "templates")
    assert result.exit_code == 2 and "template error" in result.output
    assert not out.exists()


def test_user_template_is_sandboxed(tmp_path, out):
    templates = tmp_path / "templates" / "script"
    templates.mkdir(parents=True)
    (templates / "script.txt.j2").write_text("{{ episode.__class__.__mro__[1].__subclasses__() }}")
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", tmp_path / "templates")
    assert result.exit_code == 2 and "template error" in result.output


markdownish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "# 標題",
                "## Part",
                "**問題 1：**",
                "- ",
                "* ",
                "  - ",
                "\t",
                "**標籤：**",
                "---",
                "大家好，這裡是測試台，我是阿明。",
                "感謝收聽，下期再見",
                "{{ 7*7 }}",
                "<b>",
                "\x00",
                "Question 1:",
                "**Amy:**",
                "{kind=qa}",
                "\\",
                "「",
                "”",
            ]
        ),
        st.text(min_size=0, max_size=30),
    ),
    min_size=0,
    max_size=25,
).map("\n".join)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=markdownish)
def test_any_text_builds_every_output_or_fails_cleanly(tmp_path, text):
    source = tmp_path / "any.md"
    source.write_bytes(text.encode("utf-8", "surrogatepass"))
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    try:
        result = build_episode(source, out, choose_outputs(None), Options())
    except DeckcastError:
        assert not out.exists() or not any(out.iterdir())
        return
    assert sorted(result.files) == sorted(OUTPUTS)
    assert len(PdfReader(io.BytesIO((out / "handout.pdf").read_bytes())).pages) == 1
