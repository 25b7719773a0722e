"""Building many episodes: which sources, each into which folder, and the builds run in
parallel on this machine (a process pool), or on a Dask cluster (`--executor dask --scheduler
ADDR`). Each job is one episode; a failed episode is reported and the others still build."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

from .build import DEFAULT_OUTPUT, Options, build_episode, choose_outputs, discover_sources, output_folder
from .errors import DeckcastError, UsageError

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

DEFAULT_CONTENT = Path("content")  # what `deckcast build` builds when no source is named


@dataclass(frozen=True)
class Job:
    source: Path
    out_dir: Path
    outputs: tuple[str, ...]
    options: Options
    force: bool = False


@dataclass(frozen=True)
class JobResult:
    """One episode's build as plain data (it crosses process and machine boundaries)."""

    source: Path
    out_dir: Path
    files: list[str] = field(default_factory=list)
    up_to_date: bool = False
    notes: list[tuple[str, str]] = field(default_factory=list)  # (level, text)
    summary: str = ""
    stats: dict[str, object] = field(default_factory=dict)
    error: str | None = None
    exit_code: int = 0


Progress = Callable[[JobResult], None]


def plan_jobs(
    sources: Sequence[Path], output: Path | None, only: str | None, options: Options, force: bool = False
) -> list[Job]:
    """The jobs of one `deckcast build`: every source named (or found under content/ when
    none is), the outputs asked for, and the folder each one builds into."""
    if not sources:
        if not DEFAULT_CONTENT.is_dir():
            raise UsageError("no SOURCE given and no content/ folder here; name a source file or folder")
        sources = (DEFAULT_CONTENT,)
    files = discover_sources(list(sources))
    outputs = tuple(choose_outputs(only))
    targets = output_folders(files, output)
    return [Job(f, targets[f], outputs, options, force) for f in files]


def output_folders(files: list[Path], output: Path | None) -> dict[Path, Path]:
    """One source with a folder named: its files go straight in. Otherwise one sub-folder
    each, named by the source's slug, under that folder or output/. Two sources that would
    share a folder are refused."""
    single = len(files) == 1 and output is not None
    root = output or DEFAULT_OUTPUT
    targets = {f: (root if single else output_folder(f, root)) for f in files}
    seen: dict[Path, Path] = {}
    for f, target in targets.items():
        if target in seen:
            raise UsageError(f"{seen[target]} and {f} would both build into {target}; rename one")
        seen[target] = f
    return targets


def run_job(job: Job) -> JobResult:
    """Build one episode; the project's errors come back as data, not exceptions."""
    try:
        result = build_episode(job.source, job.out_dir, list(job.outputs), job.options, job.force)
    except DeckcastError as exc:
        return JobResult(job.source, job.out_dir, error=str(exc), exit_code=exc.exit_code)
    e = result.episode
    summary = (
        ""
        if e is None
        else f"{len(e.sections)} sections, {len(e.speakers)} speakers, {len(e.questions)} questions"
    )
    return JobResult(
        job.source,
        job.out_dir,
        result.files,
        result.up_to_date,
        [(d.level, str(d)) for d in result.diagnostics],
        summary,
        result.stats,
    )


def run_jobs(
    jobs: list[Job],
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> list[JobResult]:
    """Results in the order of jobs; `progress` is called as each one finishes. Local jobs
    run `workers` at a time (default: one per CPU core)."""
    if executor == "dask":
        return _on_dask(jobs, scheduler, progress)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(jobs) <= 1:
        return [_report(run_job(job), progress) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: dict[int, JobResult] = {}
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_worker_signals)
    try:
        futures = _submit_ignoring_ctrl_c(pool, jobs)
        for future in as_completed(futures):
            results[futures[future]] = _report(future.result(), progress)
    except BaseException:  # Ctrl-C, SIGTERM: stop the workers (each cleans up), then say so once
        _stop_workers(pool)
        raise
    pool.shutdown()
    return [results[i] for i in range(len(jobs))]


def _submit_ignoring_ctrl_c(pool: ProcessPoolExecutor, jobs: list[Job]) -> dict[Future[JobResult], int]:
    """Submit every job with Ctrl-C only noted for that moment: the workers are forked while
    jobs are submitted and inherit the handler, so a Ctrl-C that lands before their
    initializer has run cannot print a worker's traceback. The parent's own handler is back
    right after, and a Ctrl-C noted meanwhile is raised then (it was lost when this ignored
    it: the first workers were already building, and the batch ran to its end)."""
    import signal

    noted: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        noted.append(signum)

    previous = signal.signal(signal.SIGINT, note)
    try:
        submitted = {pool.submit(run_job, job): i for i, job in enumerate(jobs)}
    finally:
        signal.signal(signal.SIGINT, previous)
    if noted:
        raise KeyboardInterrupt
    return submitted


def _worker_signals() -> None:
    """A worker leaves Ctrl-C to the parent (no tracebacks from every process) and treats
    SIGTERM, which the parent sends to stop it, as an exit that runs its clean-up."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_signal)


def _exit_on_signal(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    processes = list(getattr(pool, "_processes", {}).values())  # not public, but nothing else stops them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()


def _on_dask(jobs: list[Job], scheduler: str | None, progress: Progress | None) -> list[JobResult]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--executor dask needs the dask extra: pip install 'deckcast[dask]'") from None
    if not scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS (for example tcp://127.0.0.1:8786)")
    client = _connect(Client, scheduler)
    try:
        futures = client.map(run_job, jobs, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: dict[int, JobResult] = {}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]  # distributed is untyped
            results[index[future.key]] = _report(future.result(), progress)
        return [results[i] for i in range(len(jobs))]
    finally:
        client.close()


CONNECT_SECONDS = 15.0  # to reach the scheduler (a port that accepts and never answers)
WORKERS_SECONDS = 30.0  # for a first worker to be there


def _connect(client_type: Callable[..., Any], scheduler: str) -> Any:
    """A client of the scheduler, or a one-line error: a malformed address, a scheduler that
    does not answer (Dask's own timeout does not cover a silent peer, so the connection is
    made in a thread that is given up on), or one with no workers."""
    import threading

    _check_address(scheduler)
    outcome: list[Any] = []

    def connect() -> None:
        try:
            outcome.append(client_type(scheduler, timeout=f"{CONNECT_SECONDS:g}s"))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    thread = threading.Thread(target=connect, daemon=True, name="dask-connect")
    thread.start()
    thread.join(CONNECT_SECONDS + 5)
    if not outcome:
        raise UsageError(f"the Dask scheduler at {scheduler} did not answer within {CONNECT_SECONDS + 5:g} s")
    if isinstance(outcome[0], ValueError):
        raise UsageError(f"--scheduler: not a Dask address: {scheduler} ({outcome[0]})")
    if isinstance(outcome[0], BaseException):
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {outcome[0]}")
    client = outcome[0]
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except (TimeoutError, OSError):
        client.close()
        raise UsageError(
            f"the Dask scheduler at {scheduler} has no workers (waited {WORKERS_SECONDS:g} s)"
        ) from None
    return client


def _check_address(scheduler: str) -> None:
    """A malformed address is refused before any connection is tried (which, on a busy
    machine, could otherwise end as a timeout instead of naming what is wrong)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(scheduler if "://" in scheduler else f"tcp://{scheduler}")
        get_backend(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
    except ValueError as exc:
        raise UsageError(f"--scheduler: not a Dask address: {scheduler} ({exc})") from None


def _report(result: JobResult, progress: Progress | None) -> JobResult:
    if progress:
        progress(result)
    return result
