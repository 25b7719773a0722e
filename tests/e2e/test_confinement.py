"""Confinement and bounded work for what a user brings: voice phrases, template folders,
`templates copy`, and themes (external links, zip bombs, corrupt XML), and templates that
loop or recurse without end. Each test reproduces an attack from issue 13."""

from __future__ import annotations

import io
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from _support import SEED, TEMPLATES, run
from click.testing import Result

DEFAULT_THEME = TEMPLATES / "themes" / "default.pptx"
SECRET = "s3cr3t-deckcast-confinement"


def one_line(result: Result) -> str:
    """The CLI's message for a refused command: one line, no traceback."""
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def every_output(folder: Path) -> str:
    if not folder.exists():
        return ""
    texts = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".pptx":
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    data = b"".join(z.read(n) for n in z.namelist())
            texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts)


# --------------------------------------------------------------------------- finding 3: voice phrases


def _hostile_pack(tmp_path: Path, phrase: str) -> Path:
    """A template folder whose narration passes the episode object to say(), and a voice
    whose `part` phrase is `phrase`."""
    pack = tmp_path / "pack"
    (pack / "script").mkdir(parents=True)
    (pack / "voices").mkdir()
    narration = (TEMPLATES / "script" / "narration.j2").read_text(encoding="utf-8")
    assert 'say("part", title=slide.title)' in narration
    (pack / "script" / "narration.j2").write_text(
        narration.replace('say("part", title=slide.title)', 'say("part", title=episode)'), encoding="utf-8"
    )
    voice = (TEMPLATES / "voices" / "dafei.yaml").read_text(encoding="utf-8")
    voice = re.sub(r"(?ms)^part:\n(?:  - .*?\n)+", lambda _: f"part:\n  - '{phrase}'\n", voice)
    assert phrase in voice
    (pack / "voices" / "evil.yaml").write_text(voice, encoding="utf-8")
    return pack


def test_voice_phrase_cannot_reach_through_an_object_to_the_environment(tmp_path, out, monkeypatch):
    monkeypatch.setenv("SECRET", SECRET)
    pack = _hostile_pack(
        tmp_path, "{title.__init__.__globals__[dataclasses].sys.modules[os].environ[SECRET]}"
    )
    result = run("build", SEED, "-o", out, "--only", "script,deck", "--templates", pack, "--voice", "evil")
    assert SECRET not in result.output and SECRET not in every_output(out)
    assert result.exit_code == 2
    line = one_line(result)
    assert "evil.yaml" in line and "part" in line


def test_voice_phrase_fields_take_only_text_and_numbers(tmp_path, out, monkeypatch):
    """A well-formed `{title}` given an object by a template is refused, not rendered."""
    monkeypatch.setenv("SECRET", SECRET)
    pack = _hostile_pack(tmp_path, "接下來是「{title}」。")
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack, "--voice", "evil")
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert "evil.yaml" in line and "title" in line
    assert not out.exists()


@pytest.mark.parametrize(
    "phrase", ["{text!r}", "{text:>40}", "{0}", "{text[0]}", "{text.upper}", "{}", "{text", "text}"]
)
def test_voice_phrase_with_more_than_a_plain_field_is_refused_on_loading(tmp_path, out, phrase):
    pack = _hostile_pack(tmp_path, phrase)
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack, "--voice", "evil")
    assert result.exit_code == 2, result.output
    assert "evil.yaml" in one_line(result)


def test_bundled_voices_still_fill_every_phrase():
    from generator.plan.voice import available_voices, load_voice

    for path in available_voices().values():
        load_voice(path)  # every bundled phrase passes the plain-field check


def test_phrase_filling_is_plain_substitution():
    from generator.errors import UsageError
    from generator.plan.narration import _fill, _text_fields

    assert (
        _fill("{speaker}認為，{text} {{literal}}", {"speaker": "阿曼達", "text": "對齊很難。"})
        == "阿曼達認為，對齊很難。 {literal}"
    )
    assert _fill("第{n}個問題", _text_fields({"n": 3}, "question")) == "第3個問題"
    assert _text_fields({"a": 1.5, "b": "x"}, "k") == {"a": "1.5", "b": "x"}
    for value in (object(), True, None, ["x"], {"x": 1}):
        with pytest.raises(UsageError, match="title"):
            _text_fields({"title": value}, "part", "voice.yaml")
    with pytest.raises(UsageError, match="unknown"):
        _fill("{nope}", {"text": "x"})
    with pytest.raises(UsageError, match="plain name"):
        _fill("{text.upper}", {"text": "x"})


# --------------------------------------------------------------------------- finding 4: symlinks out of the folders


def test_include_does_not_follow_a_symlink_out_of_the_template_folder(tmp_path, out):
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET, encoding="utf-8")
    pack = tmp_path / "pack"
    (pack / "script").mkdir(parents=True)
    (pack / "leak.txt").symlink_to(outside)
    (pack / "script" / "script.txt.j2").write_text('{% include "leak.txt" %}', encoding="utf-8")
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack)
    assert SECRET not in result.output and SECRET not in every_output(out)
    assert result.exit_code == 2
    assert "leak.txt" in one_line(result)


def test_a_template_that_is_a_symlink_out_of_the_folder_is_refused(tmp_path, out):
    outside = tmp_path / "elsewhere.j2"
    outside.write_text(SECRET, encoding="utf-8")
    pack = tmp_path / "pack"
    (pack / "script").mkdir(parents=True)
    (pack / "script" / "script.txt.j2").symlink_to(outside)
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack)
    assert SECRET not in result.output and SECRET not in every_output(out)
    assert result.exit_code == 2 and "script.txt.j2" in one_line(result)


def test_symlinks_inside_the_template_folder_still_work(tmp_path, out):
    real = tmp_path / "real-pack"
    (real / "script").mkdir(parents=True)
    (real / "parts").mkdir()
    (real / "parts" / "body.txt").write_text("inside the pack", encoding="utf-8")
    (real / "script" / "linked.txt").symlink_to(real / "parts" / "body.txt")
    (real / "script" / "script.txt.j2").write_text('{% include "script/linked.txt" %}', encoding="utf-8")
    pack = tmp_path / "pack"
    pack.symlink_to(real)  # the folder given may itself be a link
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack)
    assert result.exit_code == 0, result.output
    assert (out / "script.txt").read_text(encoding="utf-8") == "inside the pack"


# --------------------------------------------------------------------------- finding 5: templates copy


def test_templates_copy_force_never_writes_through_a_symlink(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "mine"
    (folder / "script").mkdir(parents=True)
    (folder / "script" / "script.md.j2").symlink_to(victim)
    (folder / "script" / "script.txt.j2").symlink_to(tmp_path / "dangling-target")
    result = run("templates", "copy", folder, "--force")
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "dangling-target").exists()
    for name in ("script.md.j2", "script.txt.j2"):
        copied = folder / "script" / name
        assert not copied.is_symlink() and copied.read_bytes() == (TEMPLATES / "script" / name).read_bytes()


def test_templates_copy_without_force_counts_a_dangling_link_as_a_clash(tmp_path):
    folder = tmp_path / "mine"
    (folder / "script").mkdir(parents=True)
    (folder / "script" / "script.md.j2").symlink_to(tmp_path / "would-be-created")
    result = run("templates", "copy", folder)
    assert result.exit_code == 2 and "--force" in one_line(result)
    assert not (tmp_path / "would-be-created").exists()


def test_templates_copy_refuses_a_subfolder_that_links_out(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "script").symlink_to(elsewhere)
    result = run("templates", "copy", folder, "--force")
    assert result.exit_code == 2 and "script" in one_line(result)
    assert list(elsewhere.iterdir()) == []


# --------------------------------------------------------------------------- finding 5: external links in a theme

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rewrite(
    theme: Path, out: Path, edits: dict[str, callable], extra: dict[str, bytes] | None = None, **kwargs
) -> Path:
    with zipfile.ZipFile(theme) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, **kwargs) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename in edits:
                body = edits[item.filename](body)
            dst.writestr(item, body)
        for name, body in (extra or {}).items():
            dst.writestr(name, body)
    return out


def _add_rels(rels: bytes, *entries: str) -> bytes:
    return rels.replace(b"</Relationships>", "".join(entries).encode() + b"</Relationships>")


def _linked_theme(tmp_path: Path) -> Path:
    layout, layout_rels = "ppt/slideLayouts/slideLayout1.xml", "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
    master, master_rels = "ppt/slideMasters/slideMaster1.xml", "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    image = f"{R}/image"
    link = f"{R}/hyperlink"
    tracker, external = "http://tracker.invalid", 'TargetMode="External"'

    def layout_xml(body: bytes) -> bytes:
        bg = b'<a:solidFill><a:schemeClr val="tx2"/></a:solidFill><a:effectLst/></p:bgPr>'
        assert bg in body
        body = body.replace(
            bg,
            b'<a:blipFill><a:blip r:link="rId90"/><a:stretch><a:fillRect/></a:stretch>'
            b"</a:blipFill><a:effectLst/></p:bgPr>",
        )
        disc = b'<p:cNvPr id="2" name="Disc"/>'
        assert disc in body
        return body.replace(disc, b'<p:cNvPr id="2" name="Disc"><a:hlinkClick r:id="rId91"/></p:cNvPr>')

    def master_xml(body: bytes) -> bytes:
        marker = b'<p:cNvPr id="1" name=""/>'
        assert marker in body
        return body.replace(marker, b'<p:cNvPr id="1" name=""><a:hlinkHover r:id="rId92"/></p:cNvPr>', 1)

    return _rewrite(
        DEFAULT_THEME,
        tmp_path / "linked.pptx",
        {
            layout: layout_xml,
            layout_rels: lambda b: _add_rels(
                b,
                f'<Relationship Id="rId90" Type="{image}" Target="{tracker}/pixel.png" {external}/>',
                f'<Relationship Id="rId91" Type="{link}" Target="{tracker}/click" {external}/>',
            ),
            master: master_xml,
            master_rels: lambda b: _add_rels(
                b,
                f'<Relationship Id="rId92" Type="{link}" Target="file:///etc/hostname" {external}/>',
            ),
        },
    )


def _dangling_references(deck: bytes) -> list[str]:
    """r:id / r:link / r:embed values with no relationship of that id in the part's rels."""
    found = []
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        names = set(z.namelist())
        for name in names:
            if not name.endswith(".xml") or "_rels" in name:
                continue
            folder, base = name.rsplit("/", 1) if "/" in name else ("", name)
            rels_name = f"{folder}/_rels/{base}.rels"
            ids = (
                set(re.findall(r'Id="([^"]+)"', z.read(rels_name).decode())) if rels_name in names else set()
            )
            for used in re.findall(r'\br:(?:id|link|embed|pict)="([^"]*)"', z.read(name).decode()):
                if used not in ids:
                    found.append(f"{name}: {used}")
    return found


def test_external_links_in_a_theme_are_dropped_with_a_warning(tmp_path, out):
    theme = _linked_theme(tmp_path)
    result = run("build", SEED, "-o", out, "--only", "deck", "--theme", theme)
    assert result.exit_code == 0, result.output
    assert re.search(r"warning: linked.pptx: .*external", result.output), result.output
    deck = (out / "deck.pptx").read_bytes()
    text = every_output(out)
    assert "tracker.invalid" not in text and "/etc/hostname" not in text
    assert 'TargetMode="External"' not in text  # the seed itself has no links
    assert _dangling_references(deck) == []


def test_check_template_reports_the_dropped_links(tmp_path):
    result = run("check-template", _linked_theme(tmp_path))
    assert result.exit_code == 0, result.output
    assert "external" in result.output


def test_a_theme_without_external_links_gives_the_same_deck(tmp_path):
    copy = tmp_path / "plain.pptx"
    shutil.copyfile(DEFAULT_THEME, copy)
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("build", SEED, "-o", a, "--only", "deck").exit_code == 0
    result = run("build", SEED, "-o", b, "--only", "deck", "--theme", copy)
    assert result.exit_code == 0 and "warning:" not in result.output
    assert (a / "deck.pptx").read_bytes() == (b / "deck.pptx").read_bytes()


# --------------------------------------------------------------------------- finding 9/16: zip bombs, corrupt XML


def _declared_size(path: Path, member: str, size: int) -> Path:
    """Rewrite the central directory entry of `member` to declare `size` uncompressed bytes
    (what a bomb declares; nothing that big is written)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = 0
    while True:
        at = data.find(b"PK\x01\x02", at)
        assert at >= 0
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == name:
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
            break
        at += 4
    path.write_bytes(bytes(data))
    return path


@pytest.fixture()
def bombs(tmp_path: Path) -> dict[str, Path]:
    declared = _declared_size(
        _rewrite(DEFAULT_THEME, tmp_path / "declared.pptx", {}, {"ppt/media/bomb.bin": bytes(1 << 20)}),
        "ppt/media/bomb.bin",
        0xFFFFFFF0,
    )
    ratio = _rewrite(DEFAULT_THEME, tmp_path / "ratio.pptx", {}, {"ppt/media/zeros.bin": bytes(64 << 20)})
    many = _rewrite(
        DEFAULT_THEME, tmp_path / "many.pptx", {}, {f"ppt/media/x{i}.bin": b"" for i in range(10_050)}
    )
    assert ratio.stat().st_size < 1 << 20
    return {"declared": declared, "ratio": ratio, "many": many}


@pytest.mark.parametrize("kind", ["declared", "ratio", "many"])
@pytest.mark.parametrize("command", ["build", "check", "check-template"])
def test_a_zip_bomb_theme_is_refused_before_it_is_read(bombs, out, kind, command):
    theme = bombs[kind]
    start = time.monotonic()
    if command == "build":
        result = run("build", SEED, "-o", out, "--only", "deck", "--theme", theme)
    elif command == "check":
        result = run("check", theme)
    else:
        result = run("check-template", theme)
    assert time.monotonic() - start < 20
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert theme.name in line and re.search(r"uncompressed|compress|members", line), line
    assert not out.exists()


@pytest.mark.parametrize(
    "part",
    [
        "ppt/slideLayouts/slideLayout2.xml",
        "ppt/theme/theme1.xml",
        "ppt/presentation.xml",
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
    ],
)
def test_corrupt_xml_in_a_theme_is_one_line_naming_the_part(tmp_path, out, part):
    theme = _rewrite(DEFAULT_THEME, tmp_path / "corrupt.pptx", {part: lambda b: b[: len(b) // 2]})
    for args in (
        ("build", SEED, "-o", out, "--only", "deck", "--theme", theme),
        ("check", theme),
        ("check-template", theme),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        line = one_line(result)
        assert "corrupt.pptx" in line and part.rsplit("/", 1)[1] in line, line


# --------------------------------------------------------------------------- findings 12/16: render budget


def _template_pack(tmp_path: Path, name: str, body: str) -> Path:
    pack = tmp_path / "pack"
    (pack / name).parent.mkdir(parents=True, exist_ok=True)
    (pack / name).write_text(body, encoding="utf-8")
    return pack


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% set xs = range(100000)|list %}{% for i in xs %}{% for j in xs %}{% endfor %}{% endfor %}",
        pytest.param(
            "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
            marks=pytest.mark.slow,
        ),
        "{{ 7 ** (10 ** 12) }}",
        "{{ 'x' * 10 ** 10 }}",
    ],
    ids=["nested-range", "nested-list", "nested-output", "power", "repeat"],
)
def test_a_template_that_never_ends_is_stopped(tmp_path, out, body):
    pack = _template_pack(tmp_path, "script/script.txt.j2", body)
    start = time.monotonic()
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack)
    assert time.monotonic() - start < 20
    assert result.exit_code == 2, result.output
    assert "script.txt.j2" in one_line(result)
    assert not out.exists()


def test_a_narration_template_that_never_ends_is_stopped(tmp_path, out):
    narration = (TEMPLATES / "script" / "narration.j2").read_text(encoding="utf-8")
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    pack = _template_pack(
        tmp_path,
        "script/narration.j2",
        narration.replace('{% if slide.kind == "title" %}', loop + '{% if slide.kind == "title" %}', 1),
    )
    start = time.monotonic()
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack)
    assert time.monotonic() - start < 20
    assert result.exit_code == 2, result.output
    assert "narration.j2" in one_line(result)


@pytest.mark.parametrize(
    "name,body",
    [
        ("script/script.txt.j2", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"),
        (
            "script/narration.j2",
            "{% macro narrate(slide, bullets, speaker, episode, voice, items) %}{{ narrate(slide, "
            "bullets, speaker, episode, voice, items) }}{% endmacro %}",
        ),
        (
            "script/script.txt.j2",
            "{% set s = namespace(x='x' * 1000) %}{% for i in range(64) %}{% set s.x = s.x ~ s.x %}"
            "{% endfor %}{{ s.x|length }}",
        ),
    ],
    ids=["recursive-macro", "recursive-narration", "doubling"],
)
def test_template_recursion_and_memory_errors_are_one_line(tmp_path, out, name, body):
    pack = _template_pack(tmp_path, name, body)
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack)
    assert result.exit_code == 2, result.output
    assert Path(name).name in one_line(result)


def test_template_syntax_errors_in_the_narration_are_one_line(tmp_path, out):
    pack = _template_pack(tmp_path, "script/narration.j2", "{% macro narrate( %}")
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", pack)
    assert result.exit_code == 2, result.output
    assert "narration.j2" in one_line(result)


def test_a_copy_of_the_bundled_templates_renders_the_same_bytes(tmp_path):
    """User templates are metered (their loops and values pass through the budget): a copy of
    the bundled ones must still give exactly the bundled outputs."""
    pack = tmp_path / "pack"
    assert run("templates", "copy", pack).exit_code == 0
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("build", SEED, "-o", a).exit_code == 0
    result = run("build", SEED, "-o", b, "--templates", pack)
    assert result.exit_code == 0, result.output
    for path in sorted(a.iterdir()):
        if not path.name.startswith("."):
            assert path.read_bytes() == (b / path.name).read_bytes(), path.name
