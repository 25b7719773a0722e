"""One build: find the sources, read each into an Episode, run the requested writers, and
move their files into place only when every one of them succeeded; and where a source's
outputs go when no folder is named."""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DeckcastError, Diagnostic, SourceError, UsageError
from .media.tts import TtsOptions
from .model import Episode
from .templating import Templates
from .text.slugs import slug
from .writers import (
    AnyProduction,
    BaseProduction,
    Writer,
    WriteResult,
    default_writers,
    needs_voicing,
    writers,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .plan.production import Production

SOURCE_SUFFIXES = (".md", ".markdown", ".txt")
# A source this large takes 15 s or more to build: the 0.15 s of loading OpenCC's
# dictionaries again, when a later build in the same process (watch, serve) needs them, is
# worth the 45 MB they hold through the build.
LARGE_SOURCE_BYTES = 1024 * 1024
DEFAULT_OUTPUT = Path("output")  # outputs go under it, one folder per source, unless -o names one


@dataclass(frozen=True)
class Options:
    theme: str | None = None  # deck theme: a bundled name or a .pptx/.potx path
    templates: Templates = Templates()  # the user's template folder first, then the bundled ones
    chinese: str = "auto"
    voice: str | None = None  # a bundled voice name or a voice YAML path
    minutes: float | None = None  # target narration length
    paper: str = "a4"  # handout paper: a4 or letter
    max_source_mb: float = 10.0  # larger sources are refused, not read
    tts: TtsOptions = TtsOptions()  # how audio and video voice the narration (--tts and its options)
    audio_format: str = "m4a"  # the audio output: m4a (AAC) or mp3
    burn_subtitles: bool = False  # the video draws its subtitles into the picture too


def _can_fork() -> bool:
    import multiprocessing

    return (
        (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def output_folder(source: Path, root: Path = DEFAULT_OUTPUT) -> Path:
    """The folder a source builds into when it gets one of its own: `root/<slug of its name>`."""
    return root / slug(source.stem)


def writer_modules(outputs: list[str]) -> list[str]:
    """What the outputs' writers import that takes time: a forked writer imports it while the
    source is read, and `deckcast watch` once for all its rebuilds."""
    return [m for name in outputs for m in writers()[name].heavy_imports]


def warm_up(outputs: list[str]) -> None:
    """Import what the outputs' writers need ahead of the build; a library that is missing
    is left for the writer itself to report."""
    from .libraries import import_quietly

    for module in writer_modules(outputs):
        with suppress(ImportError):
            import_quietly(module)


class _ForkedWriter:
    """Runs one writer in a forked child. The child is started before the source is read and
    spends that time importing what the writer needs (WeasyPrint takes ~0.5 s); `send()`
    gives it the work, `result()` returns its WriteResult or raises the error it met, as the
    project's own type where it was one."""

    def __init__(self, name: str):
        import multiprocessing

        self.name = name
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        job_receive, self._jobs = context.Pipe(duplex=False)
        # The child gets the parent's ends too (fork copies every descriptor) and closes them
        # first: then the parent's death, however it comes, ends the child's wait for work.
        self._process = context.Process(
            target=_run_forked,
            daemon=True,
            args=(name, job_receive, send, (self._jobs, self._receive), os.getpid()),
        )
        self._process.start()
        send.close()
        job_receive.close()

    def send(self, production: BaseProduction, directory: Path) -> None:
        self._jobs.send((production, directory))

    def result(self) -> WriteResult:
        try:
            kind, payload = self._receive.recv()
        except EOFError:
            raise RuntimeError("the handout process ended without an answer") from None
        self._process.join()
        if kind == "ok":
            written: WriteResult = payload
            return written
        error_type, message, path, line = payload
        if error_type == "usage":
            raise UsageError(message, path, line)
        if error_type == "source":
            raise SourceError(message, path, line)
        if error_type == "os":  # a full disk, a quota: reported like the same error in this process
            raise OSError(line, message)
        raise RuntimeError(message)

    def stop(self) -> None:
        self._jobs.close()  # a child still waiting for work sees the end of the pipe and leaves
        if self._process.is_alive():
            self._process.join(timeout=0.05)
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


def _die_with_parent() -> None:
    """Linux: have the kernel kill this child when the process that forked it dies (a
    SIGKILL mid-build), so no handout process outlives its build. Elsewhere the closed job
    pipe is what tells the child its parent is gone."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us


def _run_forked(
    name: str, jobs: Connection, send: Connection, parents_ends: tuple[Connection, Connection], parent: int
) -> None:
    for end in parents_ends:
        end.close()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before we could ask to die with it
        return
    try:
        warm_up([name])
        try:
            production, directory = jobs.recv()
        except EOFError:  # the parent had no work for us after all (its source was bad)
            return
        send.send(("ok", writers()[name].write(production, directory)))
    except DeckcastError as exc:
        kind = "usage" if isinstance(exc, UsageError) else "source"
        send.send(("error", (kind, exc.message, exc.path, exc.line)))
    except OSError as exc:
        send.send(("error", ("os", exc.strerror or str(exc), None, exc.errno)))
    except BaseException as exc:  # reported by the parent as an internal error
        send.send(("error", ("internal", f"{type(exc).__name__}: {exc}", None, None)))
    finally:
        send.close()


@dataclass(frozen=True)
class EpisodeResult:
    """What one build did: the files it wrote (none when they were up to date), its remarks
    and the figures the build summary shows."""

    source: Path
    out_dir: Path
    episode: Episode | None  # None when the outputs were up to date and nothing was read
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    up_to_date: bool = False
    stats: dict[str, object] = field(default_factory=dict)  # slides, reading seconds, handout fit


def discover_sources(paths: list[Path]) -> list[Path]:
    """Source files named, or found (sorted) in the folders named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SOURCE_SUFFIXES
                and not p.name.startswith((".", "_"))
                and p.stem.lower() != "readme"
            )
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"no such source: {path}")
    if not found:
        raise UsageError("no sources found in " + ", ".join(str(p) for p in paths))
    return found


def choose_outputs(only: str | None) -> list[str]:
    if not only:
        return default_writers()
    wanted = list(dict.fromkeys(w.strip() for w in only.split(",") if w.strip()))  # --only deck,deck: once
    for name in wanted:
        if name not in writers():
            raise UsageError(f"--only: unknown output '{name}' (choose from {', '.join(writers())})")
    if "script" not in wanted and any(needs_voicing(writers()[name]) for name in wanted):
        # the voice re-times the script's cues, subtitles and chapters: written with it, so
        # script.srt and chapters.txt never disagree with the audio beside them
        wanted.insert(0, "script")
    return wanted


def build_episode(
    source: Path, out_dir: Path, outputs: list[str], options: Options = Options(), force: bool = False
) -> EpisodeResult:
    """Build one episode, unless its outputs are already there from the very same inputs."""
    from .cache import input_key, with_pictures
    from .commit import check_targets, folder_lock, outputs_intact, read_record, recover
    from .readers import read_episode
    from .readers.decoding import check_source

    max_bytes = int(options.max_source_mb * 1024 * 1024)
    check_source(Path(source), max_bytes)
    record = None
    if out_dir.is_dir():
        with folder_lock(out_dir):  # finish what a killed build left, before judging the folder
            recover(out_dir)
            record = read_record(out_dir)
    # The files each writer writes are known before the build: a build that would replace its
    # own source (or a file deckcast did not write) is refused before any work is done.
    check_targets(out_dir, [f for name in outputs for f in writers()[name].files], record, Path(source))
    key = input_key(source, outputs, options)
    folder = Path(source).parent
    last = with_pictures(key, record.pictures, folder) if record else ""
    if not force and outputs and record and record.key == last and outputs_intact(out_dir, record):
        return EpisodeResult(source, out_dir, None, files=[], up_to_date=True)
    # A writer that needs only the episode (the handout) is, on a multi-core machine, run in a
    # forked process while this one plans and writes the others (the deck and the script).
    aside = _fork_aside(outputs)
    try:
        episode, diagnostics = read_episode(source, chinese=options.chinese, max_bytes=max_bytes)
        files: list[str] = []
        warnings: list[str] = []
        stats: dict[str, object] = {}
        if outputs:
            files, warnings, stats = _write_atomically(
                episode, out_dir, outputs, options, aside, key, Path(source)
            )
    finally:
        if aside:
            aside.stop()
    diagnostics += [Diagnostic(w, str(source)) for w in warnings]
    return EpisodeResult(source, out_dir, episode, files, diagnostics, stats=stats)


def _release_reading_memory() -> None:
    """Once a large source is read and planned: OpenCC's dictionaries (about 45 MB; the
    writers convert nothing) are let go and the memory handed back, so the writers, whose
    own memory grows with the source, start lower."""
    from .memory import give_back
    from .text.chinese import release_dictionaries

    release_dictionaries()
    give_back()


def _fork_aside(outputs: list[str]) -> _ForkedWriter | None:
    """The one writer that needs no plan, forked, when there are others to run meanwhile."""
    planless = [name for name in outputs if not writers()[name].needs_plan]
    if len(planless) != 1 or len(outputs) == 1 or not _can_fork():
        return None
    return _ForkedWriter(planless[0])


def _write_atomically(
    episode: Episode,
    out_dir: Path,
    outputs: list[str],
    options: Options,
    aside: _ForkedWriter | None,
    key: str,
    source: Path,
) -> tuple[list[str], list[str], dict[str, object]]:
    """Every writer writes into a staging folder inside out_dir; the files are committed
    (generator/commit.py) only when all of them were written."""
    from .commit import Staging

    with Staging(out_dir) as staging:
        assert staging.path is not None
        try:
            large = source.stat().st_size >= LARGE_SOURCE_BYTES
            files, warnings, stats = _write_all(episode, staging.path, outputs, options, aside, large)
        except OSError as exc:  # a full disk, a quota: name the folder, not a temporary file
            raise UsageError(f"cannot write into {out_dir}: {exc.strerror or exc}") from None
        from .cache import with_pictures
        from .model import pictures_of

        shown = tuple(sorted({image.src for image in pictures_of(episode)}))
        staging.commit(files, with_pictures(key, shown, source.parent), source, shown)
    return files, warnings, stats


def _write_all(
    episode: Episode,
    staging: Path,
    outputs: list[str],
    options: Options,
    aside: _ForkedWriter | None,
    large: bool = False,
) -> tuple[list[str], list[str], dict[str, object]]:
    from .plan.production import produce

    chosen = [writers()[name] for name in outputs]
    basics = BaseProduction(episode, options.templates, options.paper)
    try:
        if aside:
            aside.send(basics, staging)
        production: AnyProduction = basics
        if any(writer.needs_plan for writer in chosen):  # the slide plan and narration they share
            production = produce(
                episode, options.theme, options.templates, options.voice, options.minutes, options.paper
            )
            if any(needs_voicing(writer) for writer in chosen):
                production = voiced(production, options)
        if large:
            _release_reading_memory()
        done = _run_writers(chosen, production, basics, staging, aside)
        files: list[str] = []
        warnings: list[str] = list(production.warnings)
        stats: dict[str, object] = {}
        for writer in chosen:
            files += done[writer.name].files
            warnings += done[writer.name].warnings
            stats.update(done[writer.name].stats)
        voicing = getattr(production, "voicing", None)
        if voicing is not None and voicing.cache is not None:  # what no build used for a month
            from .media.kept import prune

            prune(voicing.cache)
        return files, warnings, stats
    finally:
        if aside:
            aside.stop()  # before the staging folder it writes into is removed


def _run_writers(
    chosen: list[Writer],
    production: AnyProduction,
    basics: BaseProduction,
    staging: Path,
    aside: _ForkedWriter | None,
) -> dict[str, WriteResult]:
    """The writers of this process first, the forked one's result last: this process does
    not sit waiting for it while it has writing of its own to do. The caller takes the
    results in build order, as if each writer had run in turn."""
    done: dict[str, WriteResult] = {}
    for writer in chosen:
        if not (aside and writer.name == aside.name):
            done[writer.name] = writer.write(production if writer.needs_plan else basics, staging)
    if aside:
        done[aside.name] = aside.result()
    return done


def voiced(production: Production, options: Options) -> Production:
    """The production with its narration spoken (one clip per slide, in parallel, cached) and
    re-timed to the clips: the script's cues, subtitles and chapters then follow the voice."""
    from dataclasses import replace

    from .media.voicing import voice_slides

    tts = options.tts
    if production.voice.tts and not tts.engine_given:  # the voice file names its engine
        tts = replace(tts, engine=production.voice.tts)
    voicing = voice_slides(production, tts, jobs=os.cpu_count() or 1)
    narration = replace(
        production.narration, seconds=voicing.seconds, pauses=tuple(c.pause for c in voicing.clips)
    )
    return replace(
        production,
        narration=narration,
        voicing=voicing,
        audio_format=options.audio_format,
        burn_subtitles=options.burn_subtitles,
    )
