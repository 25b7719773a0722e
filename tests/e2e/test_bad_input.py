"""Input that cannot be read: a clear SourceError naming the file (and line where there is
one), through the library and through the CLI (one line, non-zero exit, nothing written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import run, source
from click.testing import Result

from generator.errors import DeckcastError, SourceError, UsageError
from generator.readers import read_episode
from generator.writers.native import to_native

VALID_NATIVE = """---
title: A valid title
language: en
speakers:
  - {id: ana, name: Ana Silva}
---

# Opening {kind=intro}

- Hello.

# Ana's view {kind=viewpoint speaker=ana}

- A point.
"""

# name -> (file bytes, expected message fragment, expected line or None)
BAD = {
    "empty": (b"", "source is empty", None),
    "blank": (b"  \n\n\t \r\n", "source is empty", None),
    "binary": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4,
        "not a text file",
        None,
    ),
    "invalid-utf8": (
        "**引言**\n\n*   大家好\n".encode() + b"*   \xe4\xb8 broken\n" + "*   後面\n".encode(),
        "not valid UTF-8 (byte 0xe4)",
        4,
    ),
    "latin1": (
        "# Caf\u00e9 notes\n\n- cr\u00e8me br\u00fbl\u00e9e\n".encode("latin-1"),
        "not valid UTF-8",
        1,
    ),
    "bad-utf16": (b"\xff\xfe" + "# ok\n".encode("utf-16-le") + b"\x00\xd8", "not valid UTF-16", None),
    "only-chatter": (
        "好的，我將盡力將文稿整理得更清晰。\n\n希望這個版本對您有幫助！\n\n[model=gpt-4o,0]\n".encode(),
        "only assistant chatter",
        None,
    ),
    "only-chatter-en": (
        b"Sure! Here's the cleaned-up transcript:\n\nLet me know if you'd like changes.\n",
        "only assistant chatter",
        None,
    ),
    "only-rules": (b"---\n***\n___\n", "no content", None),
    "bad-yaml": (b"---\ntitle: ok\nshow: [unclosed\nlanguage: en\n---\n# A\n- b\n", "front matter", 4),
    "bad-yaml-indent": (b"---\ntitle: ok\n  bad: indent\n---\n# A\n- b\n", "front matter", 3),
    "yaml-not-mapping": (b"---\n- a\n- b\n---\n# A\n- b\n", "front matter must be a mapping", 2),
    "yaml-unknown-language": (
        b"---\ntitle: x\nlanguage: klingon\n---\n# A\n- b\n",
        "unknown language 'klingon'",
        3,
    ),
    "yaml-bad-speaker-key": (
        b"---\ntitle: x\nspeakers:\n  - name: A\n    mood: happy\n---\n# A\n- b\n",
        "unknown speaker key 'mood'",
        4,
    ),
    "yaml-speaker-no-name": (
        b"---\ntitle: x\nspeakers:\n  - {id: a}\n---\n# A\n- b\n",
        "needs at least a `name`",
        4,
    ),
    "yaml-title-list": (b"---\ntitle: [a, b]\n---\n# A\n- b\n", "'title' must be text", 2),
    "unknown-kind": (
        VALID_NATIVE.replace("# Opening {kind=intro}", "# Opening {kind=keynote}").encode(),
        "unknown section kind 'keynote'",
        8,
    ),
    "unknown-speaker": (
        VALID_NATIVE.replace("speaker=ana", "speaker=bob").encode(),
        "unknown speaker 'bob'",
        12,
    ),
    "native-no-body": (b"---\ntitle: x\n---\n\n", "no sections", None),
    "headings-only": (b"# Title\n\n## One\n\n## Two\n", "no sections", None),
}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.md"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", list(BAD))
def test_bad_source_raises_source_error(name, tmp_path):
    data, message, line = BAD[name]
    path = write(tmp_path, name, data)
    with pytest.raises(SourceError) as info:
        read_episode(path)
    err = info.value
    assert message in err.message
    assert err.path == str(path)
    assert err.line == line
    where = f"{path}:{line}: " if line else f"{path}: "
    assert str(err) == where + err.message
    assert "\n" not in str(err)


def test_valid_native_base_is_valid(tmp_path):
    e, notes = read_episode(write(tmp_path, "ok", VALID_NATIVE.encode()))
    assert [s.speaker for s in e.sections] == [None, "ana"]
    assert notes == []


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="cannot read source"):
        read_episode(tmp_path / "nope.md")


def test_directory_as_source(tmp_path):
    with pytest.raises(SourceError) as info:
        read_episode(tmp_path)
    assert info.value.path == str(tmp_path)


def test_bullets_without_headings(tmp_path):
    path = write(tmp_path, "bullets", b"- first point\n- second point\n  - nested detail\n- third point\n")
    with pytest.raises(SourceError, match="no sections"):
        read_episode(path)


def test_size_limit(tmp_path):
    path = write(tmp_path, "big", b"# Title\n\n" + b"- a point that repeats\n" * 200)
    read_episode(path)  # fine under the default limit
    with pytest.raises(SourceError, match=r"over the .* limit") as info:
        read_episode(path, max_bytes=1024)
    assert info.value.path == str(path)
    read_episode(path, max_bytes=path.stat().st_size)  # the limit itself is allowed


def test_too_many_sections(tmp_path):
    path = write(tmp_path, "many", "".join(f"# Heading {i}\n- point {i}\n" for i in range(5001)).encode())
    with pytest.raises(SourceError, match="5001 sections is over the limit of 5000"):
        read_episode(path)


def test_control_characters_removed_with_warning(tmp_path):
    data = (
        "**引言**\n\n*   大家好\x07，這裡是測試\x1b[0m節目，我是小明。\n*   本期探討\x0b控制字元。\n\n"
        "**總結**\n\n*   結束\x7f了。\n"
    )
    path = write(tmp_path, "control", data.encode())
    e, notes = read_episode(path)
    warnings = [(n.level, n.line, n.message) for n in notes]
    assert warnings == [
        ("warning", 3, "removed 2 control character(s)"),
        ("warning", 4, "removed 1 control character(s)"),
        ("warning", 8, "removed 1 control character(s)"),
    ]
    assert all(n.path == str(path) for n in notes)
    assert str(notes[0]) == f"{path}:3: warning: removed 2 control character(s)"
    assert e.host.greeting == "大家好，這裡是測試[0m節目，我是小明。"
    assert e.sections[0].topics[0].points[0].text == "本期探討控制字元。"
    assert [p.text for p in e.summary] == ["結束了。"]


def test_front_matter_unknown_key_is_a_warning(tmp_path):
    path = write(
        tmp_path, "unknown-key", VALID_NATIVE.replace("language: en", "language: en\nmood: sunny").encode()
    )
    e, notes = read_episode(path)
    assert [(n.level, n.line) for n in notes] == [("warning", 4)]
    assert "unknown key 'mood'" in notes[0].message


def test_errors_are_deckcast_errors():
    assert issubclass(SourceError, DeckcastError) and issubclass(UsageError, DeckcastError)
    assert SourceError("x").exit_code == 1 and UsageError("x").exit_code == 2


# --- the same through the CLI -------------------------------------------------------------------


def assert_one_line_error(result: Result, path: Path, line: int | None = None, code: int = 1) -> None:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("deckcast: error: ")
    assert str(path) in lines[0]
    if line:
        assert f"{path}:{line}: " in lines[0]
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("name", list(BAD))
def test_cli_inspect_bad_source(name, tmp_path):
    data, message, line = BAD[name]
    path = write(tmp_path, name, data)
    result = run("inspect", "--json", path)
    assert_one_line_error(result, path, line)
    assert message in result.stderr


@pytest.mark.parametrize("name", list(BAD))
def test_cli_build_bad_source_writes_nothing(name, tmp_path, out):
    data, message, line = BAD[name]
    src = tmp_path / "src"
    src.mkdir()
    path = write(src, name, data)
    result = run("build", path, "-o", out)
    assert_one_line_error(result, path, line)
    assert not out.exists() or list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]  # no staging folders left behind


@pytest.mark.parametrize("name", ["empty", "invalid-utf8", "unknown-kind"])
def test_cli_import_bad_source_writes_nothing(name, tmp_path):
    data, _, line = BAD[name]
    path = write(tmp_path, name, data)
    target = tmp_path / "native.md"
    result = run("import", path, "-o", target)
    assert_one_line_error(result, path, line)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_cli_missing_source(tmp_path, out):
    missing = tmp_path / "missing.md"
    result = run("inspect", missing)
    assert_one_line_error(result, missing)
    result = run("build", missing, "-o", out)
    assert_one_line_error(result, missing, code=2)
    assert not out.exists()


def test_cli_bullets_without_headings(tmp_path, out):
    path = write(tmp_path, "bullets", b"- first point\n- second point\n")
    result = run("build", path, "-o", out)
    assert_one_line_error(result, path)
    assert not out.exists()


def test_cli_real_file_over_size_limit(tmp_path, out):
    path = tmp_path / "huge.md"
    chunk = ("- " + "擴展監督的研究方向 " * 20 + "\n").encode()
    with path.open("wb") as handle:
        handle.write(b"# Huge\n\n")
        while handle.tell() < 11 * 1024 * 1024:
            handle.write(chunk * 1000)
    result = run("build", path, "-o", out)
    assert_one_line_error(result, path)
    assert "MB limit" in result.stderr and "11." in result.stderr
    assert not out.exists()


def test_cli_control_characters_warn_but_succeed(tmp_path):
    path = write(tmp_path, "control", b"# Notes\n\n- one\x07 point\n- two\n")
    result = run("inspect", path)
    assert result.exit_code == 0, result.output
    assert f"{path}:3: warning: removed 1 control character(s)" in result.stderr
    assert "one point" in result.stdout
    target = tmp_path / "clean.md"
    result = run("import", path, "-o", target)
    assert result.exit_code == 0, result.output
    assert f"{path}:3: warning: removed 1 control character(s)" in result.stderr
    assert "\x07" not in target.read_text(encoding="utf-8")
    assert read_episode(target)[1] == []


def test_cli_bad_chinese_option(tmp_path):
    result = run("inspect", "--chinese", "pinyin", source("native-en.md"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_debug_shows_the_exception(tmp_path):
    path = write(tmp_path, "empty", b"")
    result = run("--debug", "inspect", path)
    assert result.exit_code != 0
    assert isinstance(result.exception, SourceError)


def test_impossible_date_in_front_matter_is_a_clean_error(tmp_path):
    # Found by the atheris fuzzer: PyYAML raises ValueError, not YAMLError, for 2024-02-31.
    source = tmp_path / "bad-date.md"
    source.write_text("---\ntitle: T\ndate: 2024-02-31\n---\n# A\n\n- b\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_episode(source)
    assert "front matter" in str(caught.value) and "bad-date.md" in str(caught.value)


def test_line_separators_and_c1_controls_read_as_in_an_editor(tmp_path):
    """NEL, LINE/PARAGRAPH SEPARATOR are spaces (YAML and Python would break lines there);
    other C1 controls are removed with a warning. Found by hypothesis: a greeting with NEL did
    not survive `deckcast import` (the front matter's YAML read it as a line break)."""
    path = tmp_path / "nel.md"
    path.write_text(
        "# Notes\n\n大家好，這裡是最佳拍檔，我是大飛。\x85今天\u2028聊\u2029聊\x90。\n\n- a\n",
        encoding="utf-8",
    )
    episode, notes = read_episode(path)
    assert episode.host.greeting == "大家好，這裡是最佳拍檔，我是大飛。 今天 聊 聊。"
    assert [(n.line, n.message) for n in notes] == [(3, "removed 1 control character(s)")]
    native = tmp_path / "native.md"
    native.write_text(to_native(episode), encoding="utf-8")
    assert read_episode(native)[0] == episode


@pytest.mark.parametrize("name_line", ["    name: #i Hua", "    name:", "    name: '  '"])
def test_speaker_without_a_name_is_a_clean_error(tmp_path, name_line):
    # Found by the atheris fuzzer in CI: `name: #i Hua` is a YAML comment, so the name was
    # None and building the speaker aliases crashed.
    source = tmp_path / "no-name.md"
    source.write_text(
        "---\ntitle: T\nspeakers:\n  - id: li\n" + name_line + "\n---\n# A\n\n- b\n", encoding="utf-8"
    )
    with pytest.raises(SourceError) as caught:
        read_episode(source)
    assert str(caught.value) == f"{source}:4: front matter: each speaker needs a `name` with text"
