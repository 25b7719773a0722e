"""Builds that are stopped from outside (SIGKILL, SIGTERM, Ctrl-C) leave nothing running and
nothing half-written; a Dask scheduler that does not answer is a one-line error, not a hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _support import ROOT, SEED

from generator import batch
from generator.errors import UsageError


def _deckcast(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _staging_left(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".deckcast-*") if p.is_dir()]


def _wait_for_children(process: subprocess.Popen, timeout: float = 20) -> None:
    """Until the build has forked its handout process (or finished)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        if children.is_file() and children.read_text().split():
            return
        time.sleep(0.02)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_the_handout_process_dies_with_a_killed_build(tmp_path):
    out = tmp_path / "killed-build-out"
    process = _deckcast("build", str(SEED), "-o", str(out), "--force")
    _wait_for_children(process)
    process.kill()
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while _processes_mentioning(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_mentioning(str(out)) == []


def test_sigterm_unwinds_the_build(tmp_path, out):
    process = _deckcast("build", str(SEED), "-o", str(out), "--force")
    _wait_for_children(process)
    time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    if process.returncode == 0:
        pytest.skip("the build finished before the signal arrived")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert not _staging_left(tmp_path)
    if out.exists():  # the signal came after the commit: then the whole new set is there
        assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
            [
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
        )


def test_an_interrupt_inside_exec_d_code_still_exits_130(tmp_path):
    """Under `python -m`, CPython 3.11 kills a process with SIGINT at exit (status -2) when a
    KeyboardInterrupt went through code run from a string (a dataclass being made while a
    module is imported), even once it was handled: the SIGTERM test caught it so. The
    interrupted program (`run`, what `deckcast` and `python -m generator.cli` call) must
    still end with 130 and one line."""
    process = _program(
        tmp_path,
        "from generator.readers import decoding\n"
        "def check(*args, **kwargs):\n"
        "    exec('raise KeyboardInterrupt')\n"
        "decoding.check_source = check\n",
        "build",
        str(SEED),
        "-o",
        str(tmp_path / "out"),
    )
    assert process.returncode == 130, (process.returncode, process.stderr)
    assert process.stderr.strip().splitlines() == [
        "deckcast: interrupted; nothing was changed by the unfinished build"
    ]
    assert not (tmp_path / "out").exists()


def test_a_signal_after_the_build_finished_is_ignored(tmp_path):
    """A SIGTERM that lands once the command is done, as the process ends, cannot undo the
    build: the exit stays 0, not an interrupt or a death by signal."""
    process = _program(
        tmp_path,
        "import os, signal, time\n"
        "ending = cli._exit_without_teardown\n"
        "def late(code):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(0.2)  # a handler that raises would run here\n"
        "    ending(code)\n"
        "cli._exit_without_teardown = late\n",
        "build",
        str(SEED),
        "-o",
        str(tmp_path / "out"),
        "--only",
        "script",
    )
    assert process.returncode == 0, (process.returncode, process.stderr)
    assert "KeyboardInterrupt" not in process.stderr and "interrupted" not in process.stderr
    assert (tmp_path / "out" / "script.md").is_file()


def _program(tmp_path: Path, setup: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The deckcast program (`cli.run`) under `python -m`, with `setup` run first."""
    (tmp_path / "program_under_test.py").write_text(
        "from generator import cli\n" + setup + "cli.run()\n", encoding="utf-8"
    )
    return subprocess.run(
        [sys.executable, "-m", "program_under_test", *args],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_ctrl_c_in_a_parallel_batch_is_one_line_and_cleans_up(tmp_path, out):
    sources = tmp_path / "sources"
    sources.mkdir()
    for n in range(8):  # about 4 s of work on 2 workers: the signal lands in the middle
        (sources / f"episode-{n}.txt").write_bytes(SEED.read_bytes())
    process = _deckcast("build", str(sources), "-o", str(out), "-j", "2", start_new_session=True)
    deadline = time.monotonic() + 30
    while (
        process.poll() is None and time.monotonic() < deadline and not (out.exists() and _staging_left(out))
    ):
        time.sleep(0.02)  # until a worker is writing an episode
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the batch did not stop after Ctrl-C")
    if process.returncode == 0:
        pytest.skip("the batch finished before the signal arrived")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) <= 2, stderr
    assert not _staging_left(out) if out.exists() else True


def _in_fresh_interpreter(code: str) -> str:
    """Dask keeps a global event loop and threads that a connection given up on leaves
    running; each Dask case gets an interpreter of its own so none disturbs the next."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


@pytest.mark.slow
def test_a_scheduler_that_never_answers_is_a_one_line_error():
    pytest.importorskip("distributed")
    out = _in_fresh_interpreter("""
import socket, threading, time
from distributed import Client
from generator import batch
from generator.errors import UsageError
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(4)
accepted = []  # kept, or the accepted connection is closed at once
threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
batch.CONNECT_SECONDS = 1.0
started = time.monotonic()
try:
    batch._connect(Client, f"tcp://127.0.0.1:{server.getsockname()[1]}")
except UsageError as exc:
    print(f"{time.monotonic() - started:.1f} {exc}")
""")
    seconds, message = out.split(" ", 1)
    assert "did not answer" in message and float(seconds) < 15


@pytest.mark.parametrize("address", ["foo://x:1", "tcp://nohost", ":::"])
def test_a_malformed_scheduler_address_is_a_usage_error(address):
    pytest.importorskip("distributed")
    from distributed import Client

    with pytest.raises(UsageError, match="not a Dask address"):
        batch._connect(Client, address)


def test_a_scheduler_without_workers_is_a_one_line_error():
    pytest.importorskip("distributed")
    out = _in_fresh_interpreter("""
from distributed import Client, LocalCluster
from generator import batch
from generator.errors import UsageError
batch.WORKERS_SECONDS = 1.0
with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
    try:
        batch._connect(Client, cluster.scheduler_address)
    except UsageError as exc:
        print(exc)
""")
    assert "has no workers" in out
