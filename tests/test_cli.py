"""The command line: inspect, import, --version, and build in a project folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _support import ALL_SOURCES, ROOT, SEED, SEED_NATIVE, read, run, source
from click.testing import Result

from generator import __version__
from generator.readers import read_episode
from generator.writers.native import to_native


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    assert "error:" not in result.output
    return result


def test_version():
    result = ok(run("--version"))
    assert result.stdout.strip() == f"deckcast, version {__version__}"
    assert ok(run("-V")).stdout == result.stdout


def test_help():
    result = ok(run("--help"))
    for command in ("build", "inspect", "import"):
        assert command in result.stdout


def test_inspect_json_on_seed():
    result = ok(run("inspect", "--json", SEED))
    data = json.loads(result.stdout)
    for key in ("title", "show", "host", "language", "speakers", "sections", "questions", "summary"):
        assert key in data, key
    assert data["title"] == "AI 對齊到底有多難？"
    assert data["show"] == "最佳拍檔"
    assert data["host"] == {
        "name": "大飛",
        "greeting": "大家好，這裡是最佳拍檔，我是大飛。",
        "sign_off": "感謝大家的觀看，我們下期再見",
        "co_hosts": [],
    }
    assert data["language"] == "zh-Hant"
    assert isinstance(data["speakers"], list) and len(data["speakers"]) == 4
    assert all(isinstance(s, dict) and s["name"] for s in data["speakers"])
    assert [s["alt_name"] for s in data["speakers"]] == [
        "Alex Tamkin",
        "Josh Batson",
        "Amanda Askell",
        "Jan Leike",
    ]
    assert isinstance(data["questions"], list) and len(data["questions"]) == 3
    assert [[a["speaker"] for a in q["answers"]] for q in data["questions"]] == [
        ["amanda-askell"],
        ["alex-tamkin", "amanda-askell"],
        ["jan-leike", "amanda-askell"],
    ]
    assert len(data["summary"]) == 3
    assert [s["kind"] for s in data["sections"]].count("viewpoint") == 3
    # The chatter note goes to stderr, so stdout stays valid JSON.
    assert "dropped assistant chatter" in result.stderr


@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: p.name)
def test_inspect_json_every_source(path):
    data = json.loads(ok(run("inspect", "--json", path)).stdout)
    assert data["sections"]
    assert data["title"] == read(path).title


def test_inspect_outline():
    out = ok(run("inspect", SEED)).stdout
    assert "show:     最佳拍檔" in out
    assert "[qa] 觀眾提問環節" in out
    assert "Q2. 模型如何與社會進行互動關聯" in out


def test_inspect_chinese_option():
    data = json.loads(ok(run("inspect", "--json", "--chinese", "hans", SEED)).stdout)
    assert data["language"] == "zh-Hans"
    assert data["show"] == "最佳拍档"


def test_import_writes_native_that_reads_back_equal(tmp_path):
    target = tmp_path / "sub" / "salon.md"
    result = ok(run("import", SEED, "-o", target))
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert read_episode(target)[0] == read(SEED)
    assert read_episode(target)[1] == []
    assert text == to_native(read(SEED))
    assert [p.name for p in target.parent.iterdir()] == ["salon.md"]  # no temporary file left


def test_import_to_stdout():
    result = ok(run("import", source("en-long-run.md")))
    assert result.stdout == to_native(read(source("en-long-run.md")))


@pytest.mark.parametrize("path", ALL_SOURCES + [SEED_NATIVE], ids=lambda p: p.name)
def test_import_every_source(path, tmp_path):
    target = tmp_path / "native.md"
    ok(run("import", path, "-o", target))
    assert read(target) == read(path)


def test_import_onto_a_folder(tmp_path):
    result = run("import", SEED, "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("deckcast: error: ") and len(result.stderr.splitlines()) == 1


def _check_build_output(result: Result, root: Path) -> list[str]:
    """Each `built SRC -> DIR/: files` line names files that exist; returns the sources built."""
    built = []
    for line in result.stdout.splitlines():
        found = re.match(r"^built (\S+) -> (.+)/: (.+)$", line)
        if found:
            out_dir = root / found[2]
            for name in found[3].split(", "):
                assert (out_dir / name).is_file(), (out_dir, name)
                assert (out_dir / name).stat().st_size > 0
            built.append(found[1])
        else:
            found = re.match(r"^read (\S+): ", line)
            assert found, line
            built.append(found[1])
    return built


def test_build_without_argument_in_project_folder(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    shutil.copy(SEED, project / "content")
    shutil.copy(SEED_NATIVE, project / "content")
    (project / "content" / "README.md").write_text("# not a source\n")
    monkeypatch.chdir(project)
    result = ok(run("build"))
    assert sorted(_check_build_output(result, project)) == [
        "content/ai-alignment-salon.native.md",
        "content/ai-alignment-salon.txt",
    ]
    # Outputs, if any, go under output/<slug>/ and nowhere else.
    assert sorted(p.name for p in project.iterdir()) in (["content"], ["content", "output"])
    if (project / "output").exists():
        assert {p.name for p in (project / "output").iterdir()} <= {
            "ai-alignment-salon",
            "ai-alignment-salon-native",
        }
        assert not [p for p in (project / "output").iterdir() if p.name.startswith(".")]


def test_build_verbose_lists_dropped_chatter(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    shutil.copy(SEED, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    result = ok(run("build", "-v"))
    assert (
        "content/ai-alignment-salon.txt: info: dropped assistant chatter: lines 1–4, lines 90–101"
        in result.stderr
    )
    quiet = ok(run("build"))
    assert "dropped assistant chatter" not in quiet.stderr


def test_build_one_source_into_folder(tmp_path, out):
    result = ok(run("build", source("zh-hans-podcast.md"), "-o", out))
    assert _check_build_output(result, tmp_path) == [str(source("zh-hans-podcast.md"))]
    if result.stdout.startswith("built"):  # one SOURCE with -o: the files go straight into out/
        assert f"-> {out}/: " in result.stdout
        assert out.is_dir() and list(out.iterdir())


def test_build_without_content_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 2
    assert result.stderr.startswith("deckcast: error: ") and len(result.stderr.splitlines()) == 1
    assert "content/" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_build_unknown_output(out):
    result = run("build", SEED, "--only", "poster", "-o", out)
    assert result.exit_code == 2
    assert "poster" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_build_two_sources_into_one_folder_is_refused(tmp_path, out):
    a = tmp_path / "a" / "talk.md"
    b = tmp_path / "b" / "talk.txt"
    for path in (a, b):
        path.parent.mkdir()
        shutil.copy(source("en-solo-talk.md"), path)
    result = run("build", a, b, "-o", out)
    assert result.exit_code == 2
    assert "would both build into" in result.stderr
    assert not out.exists()


# What a deck-only build must not import: the other outputs' writers and what they need,
# the voice engines, and the commands it does not run (each costs start-up time).
NOT_FOR_A_DECK = (
    "generator.media.voicing",
    "generator.writers.handout",
    "generator.writers.slideshow",
    "generator.writers.script",
    "generator.check",
    "generator.serve",
    "generator.watch",
    "weasyprint",
    "pygments",
    "uharfbuzz",
    "markdown_it",  # the seed is a transcript
    "concurrent.futures",
)


def test_a_deck_only_build_imports_only_what_the_deck_needs(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\nfrom generator.cli import main\n"
        "try:\n    main.main(sys.argv[1:], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules))"
    )
    args = ["build", str(SEED), "-o", str(tmp_path / "out"), "--only", "deck", "-q"]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert (tmp_path / "out" / "deck.pptx").is_file()
    assert not [m for m in NOT_FOR_A_DECK if m in loaded]


def _exit_with(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "ends.py"
    script.write_text("import sys, threading, time\nfrom generator import cli\n" + body, encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_the_exit_skips_teardown_but_keeps_status_and_output(tmp_path):
    done = _exit_with(tmp_path, "print('written')\ncli._exit_without_teardown(3)\n")
    assert (done.returncode, done.stdout) == (3, "written\n")  # a pipe: buffered, then flushed
    done = _exit_with(tmp_path, "cli._exit_without_teardown('deckcast: error: x')\n")
    assert (done.returncode, done.stderr) == (1, "deckcast: error: x\n")
    assert _exit_with(tmp_path, "cli._exit_without_teardown(None)\n").returncode == 0


def test_the_exit_waits_for_a_thread_still_at_work(tmp_path):
    mark = tmp_path / "finished"
    done = _exit_with(
        tmp_path,
        f"threading.Thread(target=lambda: (time.sleep(0.3), open({str(mark)!r}, 'w').close())).start()\n"
        "cli._exit_without_teardown(0)\n",
    )
    assert done.returncode == 0 and mark.is_file()
