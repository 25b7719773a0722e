"""The output folder's commit protocol: a build stopped at any step of its commit leaves the
old set or the new set, whole, once the next command has run; nothing that deckcast did not
write is ever replaced."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from _support import SEED, SEED_NATIVE, run, source
from pptx import Presentation

from generator import commit
from generator.build import EpisodeResult, Options, build_episode

OLD = SEED
NEW = source("zh-hant-crlf.txt")
OUTPUTS = ["deck", "script"]


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """The files each source builds to (builds are the same in any folder)."""
    found = {}
    for name, path in (("old", OLD), ("new", NEW)):
        folder = tmp_path_factory.mktemp(name)
        build_episode(path, folder, OUTPUTS)
        found[name] = _digests(folder)
    assert set(found["old"]) == set(found["new"]) and all(
        found["old"][f] != found["new"][f] for f in found["old"]
    )
    return found


def _steps(tmp_path: Path) -> list[str]:
    seen: list[str] = []
    commit.after_step = seen.append
    try:
        build_episode(NEW, tmp_path / "probe", OUTPUTS)
    finally:
        commit.after_step = None
    return seen


def _killed_at(step: str, source: Path, out: Path) -> int:
    """Build in a forked child that dies (os._exit, as under SIGKILL: no clean-up runs)
    right after `step`; returns the child's exit status."""
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:

            def stop(name: str) -> None:
                if name == step:
                    os._exit(137)

            commit.after_step = stop
            build_episode(source, out, OUTPUTS, Options(), force=True)
        except BaseException:
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _build_seeing_recovery(source: Path, out: Path) -> tuple[EpisodeResult, dict[str, str]]:
    """Build SOURCE into OUT; returns the result and the folder's files right after recovery."""
    seen: list[dict[str, str]] = []
    original = commit.recover

    def recover_and_look(folder: Path) -> None:
        original(folder)
        seen.append(_digests(folder))

    commit.recover = recover_and_look
    try:
        result = build_episode(source, out, OUTPUTS)
    finally:
        commit.recover = original
    return result, seen[0]


@pytest.mark.slow
def test_a_kill_at_every_step_of_the_commit_leaves_one_whole_set(tmp_path, sets):
    steps = _steps(tmp_path)
    assert steps[:2] == ["staged", "journal"] and steps[-2:] == ["record", "journal removed"]
    assert len([s for s in steps if s.startswith("moved ")]) == len(sets["old"])
    for n, step in enumerate(steps):
        out = tmp_path / f"out{n}"
        build_episode(OLD, out, OUTPUTS)
        assert _killed_at(step, NEW, out) == 137, step
        # the next command in that folder: a build of the old source. It first finishes
        # (or discards) what the killed build left, so the folder holds one whole set...
        result, recovered = _build_seeing_recovery(OLD, out)
        expected = "old" if step == "staged" else "new"  # the journal is the point of no return
        assert recovered == sets[expected], f"killed after {step}: a mixed set"
        # ... which is "up to date" only when it is the old source's set, and is then rebuilt
        assert result.up_to_date == (expected == "old"), step
        assert _digests(out) == sets["old"], step
        assert not [p for p in out.iterdir() if p.name.startswith(commit.STAGE_PREFIX)], step
        assert not (out / commit.JOURNAL).exists()


def test_recovery_alone_completes_the_interrupted_commit(out, sets):
    build_episode(OLD, out, OUTPUTS)
    assert _killed_at("moved script.md", NEW, out) == 137
    assert (out / commit.JOURNAL).is_file()
    with commit.folder_lock(out):
        commit.recover(out)
    assert _digests(out) == sets["new"]
    # the new set is now recorded: building the new source again is up to date
    assert build_episode(NEW, out, OUTPUTS).up_to_date


def test_a_kill_before_the_journal_leaves_the_old_set_and_is_swept(out, sets):
    build_episode(OLD, out, OUTPUTS)
    assert _killed_at("staged", NEW, out) == 137
    assert [p for p in out.iterdir() if p.name.startswith(commit.STAGE_PREFIX)]  # left by the kill
    assert _digests(out) == sets["old"]
    assert build_episode(OLD, out, OUTPUTS).up_to_date  # still the old, whole set
    assert not [p for p in out.iterdir() if p.name.startswith(commit.STAGE_PREFIX)]


def test_an_edited_output_is_not_up_to_date(out):
    build_episode(OLD, out, OUTPUTS)
    (out / "script.md").write_text("edited", encoding="utf-8")
    result = build_episode(OLD, out, OUTPUTS)
    assert not result.up_to_date and "script.md" in result.files


def test_a_source_named_like_an_output_is_never_overwritten(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    source = folder / "script.md"
    text = SEED_NATIVE.read_bytes()
    source.write_bytes(text)
    result = run("build", source, "-o", folder)
    assert result.exit_code == 2
    assert "would replace the source itself" in result.output and "Traceback" not in result.output
    assert source.read_bytes() == text
    assert sorted(p.name for p in folder.iterdir()) == ["script.md"]


def test_files_deckcast_did_not_write_are_never_replaced(out):
    out.mkdir()
    (out / "deck.pptx").write_bytes(b"my own deck")
    result = run("build", OLD, "-o", out, "--only", "deck")
    assert result.exit_code == 2 and "was not written by deckcast" in result.output
    assert (out / "deck.pptx").read_bytes() == b"my own deck"


def test_a_folder_in_the_way_fails_before_anything_moves(out, sets):
    build_episode(OLD, out, OUTPUTS)
    (out / "script.md").unlink()
    (out / "script.md").mkdir()
    result = run("build", NEW, "-o", out, "--only", "deck,script")
    assert result.exit_code == 2 and "a folder is in the way" in result.output
    old = {k: v for k, v in sets["old"].items() if k != "script.md"}
    assert _digests(out) == old  # nothing was replaced


def test_only_the_same_output_twice_builds_it_once(out):
    result = run("build", OLD, "-o", out, "--only", "deck,deck")
    assert result.exit_code == 0, result.output
    assert len(Presentation(str(out / "deck.pptx")).slides) == 24


def test_output_folder_on_another_file_system_or_under_a_read_only_parent(tmp_path):
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        target = Path(os.path.realpath(shm)) / f"deckcast-test-{os.getpid()}"
        target.mkdir()
        try:
            (tmp_path / "link").symlink_to(target)
            result = run("build", OLD, "-o", tmp_path / "link", "--only", "deck")
            assert result.exit_code == 0, result.output
            assert (target / "deck.pptx").is_file()
        finally:
            shutil.rmtree(target)
    # Nothing is made in the parent folder (a read-only parent with a writable output folder
    # works): the staging folder lives inside the output folder.
    parent = tmp_path / "parent"
    out = parent / "out"
    out.mkdir(parents=True)
    during: list[list[str]] = []
    commit.after_step = lambda step: during.append(sorted(p.name for p in parent.iterdir()))
    try:
        build_episode(OLD, out, ["deck"])
    finally:
        commit.after_step = None
    assert during and all(names == ["out"] for names in during)


def test_a_broken_link_as_output_folder_is_one_line(tmp_path, out):
    out.symlink_to(tmp_path / "nowhere")
    result = run("build", OLD, "-o", out)
    assert result.exit_code == 2 and "symbolic link to nothing" in result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize("record", ["[1, 2]", '{"files": "deck.pptx"}', "not json", '{"files": ["../x"]}'])
def test_a_damaged_build_record_is_named(out, record):
    build_episode(OLD, out, ["deck"])
    (out / commit.RECORD).write_text(record, encoding="utf-8")
    result = run("build", OLD, "-o", out, "--only", "deck")
    assert result.exit_code == 2, result.output
    assert commit.RECORD in result.output and "damaged" in result.output and "internal" not in result.output


def test_a_fifo_as_the_build_record_does_not_hang(out):
    out.mkdir()
    os.mkfifo(out / commit.RECORD)
    result = run("build", OLD, "-o", out, "--only", "deck")
    assert result.exit_code == 2 and "not a deckcast build record" in result.output


def test_record_lists_hashes_of_what_was_written(out):
    build_episode(OLD, out, OUTPUTS)
    record = json.loads((out / commit.RECORD).read_text(encoding="utf-8"))
    assert record["sha256"] == _digests(out)


@pytest.mark.parametrize(
    "option",
    [["--minutes", "nan"], ["--minutes", "inf"], ["--max-source-mb", "nan"], ["--max-source-mb", "inf"]],
)
def test_non_finite_numbers_are_usage_errors(out, option):
    result = run("build", OLD, "-o", out, *option)
    assert result.exit_code == 2 and "internal" not in result.output
    assert not out.exists()


def test_a_full_disk_is_one_line_naming_the_folder_and_leaves_nothing(tmp_path):
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(tiny)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here to fill it: {mounted.stderr.decode().strip()}")
    try:
        result = run("build", OLD, "-o", tiny / "out")
        assert result.exit_code == 2, result.output
        assert f"cannot write into {tiny / 'out'}: No space left on device" in result.output
        assert list(tiny.iterdir()) == []
    finally:
        subprocess.run(["umount", str(tiny)], check=True)


def test_a_signal_during_cleanup_waits_until_the_staging_folder_is_gone(tmp_path, monkeypatch):
    """SIGTERM arriving while the staging folder is being removed (the build already done) used
    to stop the removal half way and leave the folder behind; now the removal is finished and
    the interrupt raised after it."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    real_rmtree = shutil.rmtree

    calls = []

    def interrupted_rmtree(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGTERM)  # the handler raises KeyboardInterrupt here
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(commit.shutil, "rmtree", interrupted_rmtree)
    try:
        with pytest.raises(KeyboardInterrupt), commit.Staging(tmp_path / "out") as staging:
            (staging.path / "deck.pptx").write_bytes(b"x")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not list((tmp_path).rglob(".deckcast-stage-*"))
