"""Batch builds: the content-hash cache, parallel episodes, and a Dask cluster."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _support import SEED, run, source

from generator import batch


def state(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_unchanged_episode_is_up_to_date_and_writes_nothing(tmp_path, out):
    first = run("build", SEED, "-o", out, "--only", "deck,script")
    assert first.exit_code == 0 and first.output.startswith("built ")
    before = state(out)
    second = run("build", SEED, "-o", out, "--only", "deck,script")
    assert second.exit_code == 0
    assert second.output.startswith("up to date ") and "inputs unchanged" in second.output
    assert state(out) == before  # not one file touched
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".deckcast-")]


@pytest.mark.parametrize("change", ["source", "option", "force", "missing-output", "template"])
def test_changed_inputs_rebuild(tmp_path, out, change):
    source = tmp_path / "ep.txt"
    shutil.copy(SEED, source)
    args = ["build", source, "-o", out, "--only", "script"]
    assert run(*args).exit_code == 0
    extra: list = []
    if change == "source":
        source.write_text(source.read_text(encoding="utf-8") + "\n* 多一個要點\n", encoding="utf-8")
    elif change == "option":
        extra = ["--voice", "english"]
    elif change == "force":
        extra = ["--force"]
    elif change == "missing-output":
        (out / "script.srt").unlink()
    elif change == "template":
        templates = tmp_path / "templates" / "script"
        templates.mkdir(parents=True)
        (templates / "chapters.txt.j2").write_text(
            "{% for c in chapters %}{{ clock(c.start) }} * {{ c.title }}\n{% endfor %}"
        )
        extra = ["--templates", tmp_path / "templates"]
        assert run(*args, *extra).output.startswith("built ")
        (templates / "chapters.txt.j2").write_text(
            "{% for c in chapters %}{{ clock(c.start) }} - {{ c.title }}\n{% endfor %}"
        )
        result = run(*args, *extra)
        assert result.output.startswith("built "), "an edited template must rebuild"
        assert " - " in (out / "chapters.txt").read_text(encoding="utf-8")
        return
    result = run(*args, *extra)
    assert result.exit_code == 0 and result.output.startswith("built "), result.output


def test_an_edited_picture_rebuilds_and_its_new_bytes_are_shown(tmp_path, out):
    """The pictures a build showed are part of its key (kept in the build record): editing
    only a picture rebuilds, and the deck then holds the new picture; leaving it alone stays
    up to date."""
    import zipfile

    from _support import CONTENT

    shutil.copytree(CONTENT / "images", tmp_path / "images")
    talk = tmp_path / "talk.md"
    shutil.copy(CONTENT / "shipping-reliable-software.md", talk)
    args = ["build", talk, "-o", out, "--only", "deck"]
    assert run(*args).output.startswith("built ")
    assert run(*args).output.startswith("up to date ")
    picture = sorted((tmp_path / "images").glob("*.png"))[0]
    from PIL import Image

    with Image.open(picture) as image:
        Image.new("RGB", image.size, (200, 30, 30)).save(picture)
    result = run(*args)
    assert result.exit_code == 0 and result.output.startswith("built "), result.output
    with zipfile.ZipFile(out / "deck.pptx") as deck:
        media = [deck.read(n) for n in deck.namelist() if n.startswith("ppt/media/")]
    assert picture.read_bytes() in media  # the new picture, as it is on disk
    assert run(*args).output.startswith("up to date ")


def _batch_folder(tmp_path: Path, copies: int) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for i in range(copies):
        shutil.copy(SEED, folder / f"ep{i:02d}.txt")
    shutil.copy(source("en-long-run.md"), folder / "english.md")
    return folder


def test_parallel_batch_builds_every_episode_like_a_serial_one(tmp_path):
    folder = _batch_folder(tmp_path, 3)
    serial = run("build", folder, "-o", tmp_path / "serial", "--jobs", "1", "--only", "deck,script")
    parallel = run("build", folder, "-o", tmp_path / "parallel", "--jobs", "2", "--only", "deck,script")
    assert serial.exit_code == 0 and parallel.exit_code == 0, parallel.output
    assert "4 episodes: 4 built, 0 up to date, 0 failed" in parallel.output
    names = sorted(p.name for p in (tmp_path / "parallel").iterdir())
    assert names == ["english", "ep00", "ep01", "ep02"]
    for name in names:
        a, b = tmp_path / "serial" / name, tmp_path / "parallel" / name
        assert {p.name: p.read_bytes() for p in a.iterdir()} == {p.name: p.read_bytes() for p in b.iterdir()}
    again = run("build", folder, "-o", tmp_path / "parallel", "--jobs", "2", "--only", "deck,script")
    assert "4 episodes: 0 built, 4 up to date, 0 failed" in again.output


def test_a_bad_episode_in_a_batch_fails_alone(tmp_path, out):
    folder = _batch_folder(tmp_path, 1)
    (folder / "broken.md").write_bytes(b"")
    result = run("build", folder, "-o", out, "--jobs", "2", "--only", "script")
    assert result.exit_code == 1
    assert "broken.md: source is empty" in result.output
    assert "3 episodes: 2 built, 0 up to date, 1 failed" in result.output
    assert (out / "ep00" / "script.md").is_file()


@pytest.mark.slow
def test_dask_executor_builds_on_a_local_cluster(tmp_path, out):
    distributed = pytest.importorskip("distributed")
    folder = _batch_folder(tmp_path, 2)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        result = run(
            "build",
            folder,
            "-o",
            out,
            "--executor",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            "--only",
            "deck,script",
        )
    assert result.exit_code == 0, result.output
    assert "3 episodes: 3 built" in result.output
    for name in ("ep00", "ep01", "english"):
        assert (out / name / "deck.pptx").is_file()


@pytest.mark.slow
def test_dask_executor_errors_are_one_line(tmp_path, out):
    pytest.importorskip("distributed")
    folder = _batch_folder(tmp_path, 1)
    no_scheduler = run("build", folder, "-o", out, "--executor", "dask")
    assert no_scheduler.exit_code == 2 and "--scheduler" in no_scheduler.output
    unreachable = run("build", folder, "-o", out, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert unreachable.exit_code == 2 and "cannot reach the Dask scheduler" in unreachable.output


def test_a_ctrl_c_while_jobs_are_submitted_is_not_lost():
    """The workers fork while jobs are submitted, so Ctrl-C is only noted then; it used to be
    ignored, and a batch whose first workers were already building ran to its end."""
    import os
    import signal

    class Pool:
        submitted: list[object] = []

        def submit(self, fn, job):
            if not self.submitted:
                os.kill(os.getpid(), signal.SIGINT)
            self.submitted.append(job)
            return object()

    pool = Pool()
    with pytest.raises(KeyboardInterrupt):
        batch._submit_ignoring_ctrl_c(pool, ["a", "b", "c"])  # type: ignore[arg-type]
    assert pool.submitted == ["a", "b", "c"]  # every job was handed over before it was raised
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
