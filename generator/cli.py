"""The deckcast command line: a thin layer over the library. Each command parses its options
and calls one library function, then prints what it returns; the project's errors become one
line here. Heavy modules are imported inside the commands, so `deckcast --help` starts fast."""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import DeckcastError
from .scaffold import LANGUAGES
from .templating import Templates
from .writers import writers

if TYPE_CHECKING:
    from .batch import Job, JobResult
    from .report import Row

CHINESE_HELP = "Chinese script of the outputs: auto (the source's dominant script), hant, hans or keep."
# The one --chinese option of build, inspect and import (check takes it without the help).
_chinese_option = click.option(
    "--chinese",
    type=click.Choice(["auto", "hant", "hans", "keep"]),
    default="auto",
    show_default=True,
    help=CHINESE_HELP,
)


class _Cli(click.Group):
    """Turns the project's errors into one line on stderr and an exit code; no tracebacks."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        _exit_cleanly_on_sigterm()
        _collect_garbage_less_often()
        try:
            return super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.exceptions.NoArgsIsHelpError as exc:  # plain `deckcast GROUP`: show its help
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(0)
        except click.ClickException as exc:  # click's own usage errors, as one line too
            click.echo(f"deckcast: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            _ignore_further_interrupts()  # a second Ctrl-C or SIGTERM must not cut this short
            click.echo("deckcast: interrupted; nothing was changed by the unfinished build", err=True)
            sys.exit(130)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DeckcastError as exc:
            if ctx.meta.get("debug"):
                raise
            click.echo(f"deckcast: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug of ours: still one line, unless --debug
            if ctx.meta.get("debug"):
                raise
            click.echo(
                f"deckcast: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                err=True,
            )
            sys.exit(1)


def _ignore_further_interrupts() -> None:
    import signal

    with suppress(ValueError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _exit_without_teardown(code: object) -> NoReturn:
    """End the process with `code` (as sys.exit takes it) once the command is done, without
    CPython tearing down every module and object first: 50 ms of a seed deck's 560 (20 runs
    side by side). Every file was written and closed by then (the writers' files through
    `with` blocks, committed from staging); stdout and stderr are flushed here. Where
    something could still be running (a thread that is not a daemon, a child process),
    the interpreter exits as usual and waits for it."""
    import threading

    live = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    multiprocessing = sys.modules.get("multiprocessing")
    if live or (multiprocessing is not None and multiprocessing.active_children()):
        sys.exit(code)  # type: ignore[arg-type]
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message on stderr, status 1
        with suppress(Exception):
            print(code, file=sys.stderr)
        status = 1
    with suppress(Exception):
        sys.stdout.flush()
    with suppress(Exception):
        sys.stderr.flush()
    os._exit(status & 0xFF)


def _collect_garbage_less_often() -> None:
    """A build makes hundreds of thousands of objects that live until it ends (the model,
    the plan, the imported modules, the XML), and CPython's cycle collector, run every 700
    new objects, walks them all again and again: 0.2 s of a 500-section deck, 5 s of a
    2,000-section full build. Run every 10,000 it takes 0.1 s and 1.1 s, for 5% more peak
    memory; reference counting frees everything that is not a cycle either way."""
    import gc

    gc.set_threshold(10_000, 10, 10)


def _exit_cleanly_on_sigterm() -> None:
    """SIGTERM (a supervisor, `kill`) unwinds like Ctrl-C: staging folders are removed and
    nothing half-written stays. SIGKILL cannot be caught; the next build recovers from it."""
    import signal

    def stop(signum: int, frame: FrameType | None) -> NoReturn:
        raise KeyboardInterrupt

    with suppress(ValueError):  # not the main thread (an embedding program): leave its handlers alone
        signal.signal(signal.SIGTERM, stop)


class _Finite(click.FloatRange):
    """A float range that refuses nan and inf, which compare as inside any range."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="deckcast")
@click.option("--debug", is_flag=True, help="Show a full traceback when something fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn one talk or podcast source into a deck, a narration script and a one-page handout.

    A source is a Markdown file with YAML front matter, or an LLM-cleaned transcript
    summary as it comes. Run `deckcast build` in a project folder to build everything
    under content/ into output/.
    """
    ctx.meta["debug"] = debug


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    help="Output folder. One SOURCE: its files go straight in. Several: one sub-folder each. "
    "Default: output/<name>/.",
)
@click.option("--only", metavar="LIST", help=f"Comma-separated outputs to build: {', '.join(writers())}.")
@_chinese_option
@click.option(
    "--theme", metavar="NAME|PATH", help="Deck theme: default, dark, paper, or your own .pptx/.potx."
)
@click.option(
    "--templates",
    "templates",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of your own templates, searched before the bundled ones.",
)
@click.option(
    "--voice",
    metavar="NAME|PATH",
    help="Host voice for the narration: dafei, neutral-zh-hans, english, "
    "or a voice YAML file. Default: the bundled voice of the episode's host, else of its language.",
)
@click.option(
    "--minutes",
    type=_Finite(min=0.5, max=600),
    metavar="N",
    help="Fit the narration to N minutes (±10%) by choosing which points to narrate.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size of the handout.",
)
@click.option(
    "--max-source-mb",
    type=_Finite(min=0.001, max=1024),
    default=10.0,
    show_default=True,
    help="Refuse sources larger than this many megabytes.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Episodes built at once. Default: the number of CPU cores.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where a batch runs: processes on this machine, or a Dask cluster (needs the dask extra).",
)
@click.option("--scheduler", metavar="ADDR", help="The Dask scheduler address, with --executor dask.")
@click.option(
    "--tts",
    type=click.Choice(["espeak-ng", "piper", "command", "recordings", "none"]),
    help="Voice engine of the audio and video (--only audio,video). Default: the voice file's "
    "`tts:`, else espeak-ng (recordings when --recordings is given).",
)
@click.option(
    "--tts-model", type=click.Path(dir_okay=False, path_type=Path), help="Piper: the voice model (.onnx)."
)
@click.option(
    "--tts-command",
    metavar="TEMPLATE",
    help="Command engine: a program run per slide without a shell, e.g. 'mytts --in {text_file} --out {wav}'.",
)
@click.option(
    "--recordings",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the host's own takes, slide-01.wav … (or .flac, .mp3, .m4a).",
)
@click.option("--audio-format", type=click.Choice(["m4a", "mp3"]), default="m4a", show_default=True)
@click.option(
    "--burn-subtitles",
    is_flag=True,
    help="Draw the subtitles into the video's picture too (they are always in their own track).",
)
@click.option(
    "--list-takes",
    is_flag=True,
    help="Print the recordings expected for --recordings (one per slide) and stop.",
)
@click.option("--force", is_flag=True, help="Rebuild even episodes whose inputs have not changed.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also list notes, such as the chatter dropped from a transcript."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")
def build(
    sources: tuple[Path, ...],
    output: Path | None,
    only: str | None,
    chinese: str,
    theme: str | None,
    templates: Path | None,
    voice: str | None,
    minutes: float | None,
    paper: str,
    max_source_mb: float,
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    tts: str | None,
    tts_model: Path | None,
    tts_command: str | None,
    recordings: Path | None,
    audio_format: str,
    burn_subtitles: bool,
    list_takes: bool,
    force: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Build SOURCE files (or every source under content/ when none is given).

    Audio (episode.m4a) and video (episode.mp4) are built only when named: --only audio,video."""
    from . import report
    from .batch import plan_jobs, run_jobs
    from .build import Options
    from .media.tts import TtsOptions

    options = Options(
        theme=theme,
        templates=Templates.at(templates),
        chinese=chinese,
        voice=voice,
        minutes=minutes,
        paper=paper.lower(),
        max_source_mb=max_source_mb,
        tts=TtsOptions(
            engine=tts or ("recordings" if recordings else "espeak-ng"),
            model=tts_model,
            command=tts_command,
            recordings=recordings,
            engine_given=bool(tts or recordings),
        ),
        audio_format=audio_format,
        burn_subtitles=burn_subtitles,
    )
    if list_takes:
        _list_takes(sources, options)
        return
    todo = plan_jobs(sources, output, only, options, force)
    fancy = sys.stderr.isatty() and not quiet
    if fancy:
        results = _run_with_progress(todo, jobs, executor, scheduler)
    else:
        results = run_jobs(todo, jobs, executor, scheduler)
    for line in report.episode_lines(results, quiet=quiet, verbose=verbose):
        click.echo(line.text, err=line.err)
    if not quiet and any(r.files for r in results):
        _summary_table(report.summary_rows(results), fancy)
    if len(results) > 1:
        click.echo(report.totals(results), err=True)
    failed = report.exit_code(results)
    if failed:
        sys.exit(failed)


def _list_takes(sources: tuple[Path, ...], options: Any) -> None:
    """One line per slide: the take file --recordings expects, the slide's title and its
    opening words (what the host reads, from script.md)."""
    from .build import discover_sources
    from .media.engines import take_name
    from .plan.production import produce
    from .readers import read_episode

    for source in discover_sources(list(sources) or [Path("content")]):
        episode, _ = read_episode(source, chinese=options.chinese)
        production = produce(episode, options.theme, options.templates, options.voice, options.minutes)
        click.echo(f"{source}: {len(production.slides)} takes")
        for slide, text in zip(production.slides, production.narration.texts, strict=False):
            opening = text[:40] + ("…" if len(text) > 40 else "")
            click.echo(f"  {take_name(slide.number)}  {slide.title}  | {opening}")


def _run_with_progress(
    todo: list[Job], workers: int | None, executor: str, scheduler: str | None
) -> list[JobResult]:
    """The builds, with a progress bar on the terminal that goes when they are done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch import run_jobs

    with Progress(
        TextColumn("[bold]building[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task(", ".join(todo[0].outputs) or "sources", total=len(todo))
        return run_jobs(
            todo,
            workers,
            executor,
            scheduler,
            progress=lambda r: progress.update(task, advance=1, description=str(r.source.name)),
        )


def _summary_table(rows: list[Row], fancy: bool) -> None:
    """Files, slides, reading time, handout fit and warnings per episode, on standard error."""
    from . import report

    if fancy:
        from rich.console import Console

        Console(stderr=True).print(report.rich_table(rows))
        return
    for line in report.plain_table(rows):
        click.echo(line, err=True)


@main.command()
def doctor() -> None:
    """Report the programs audio, video and previews use, and where they were found."""
    from .media.doctor import report_lines

    for line in report_lines():
        click.echo(line)


@main.command()
@click.argument("slug")
@click.option("--language", type=click.Choice(LANGUAGES), default=LANGUAGES[0], show_default=True)
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder to create the source in.",
)
def new(slug: str, language: str, folder: Path) -> None:
    """Start a new episode: write FOLDER/SLUG.md in the native format, every field explained."""
    from .scaffold import new_episode

    target = new_episode(slug, language, folder)
    click.echo(f"wrote {target}: edit it, then `deckcast build {target}`")


@main.command()
@click.option(
    "--templates", type=click.Path(file_okay=False, path_type=Path), help="Your templates folder too."
)
def themes(templates: Path | None) -> None:
    """List the deck themes (bundled and in your templates folder)."""
    from .user_templates import theme_files

    for path in theme_files(Templates.at(templates)):
        click.echo(f"{path.stem:<12} {path}")
    click.echo("Use one with --theme NAME, or --theme your.pptx / your.potx (see `deckcast check-template`).")


@main.command()
@click.option(
    "--templates", type=click.Path(file_okay=False, path_type=Path), help="Your templates folder too."
)
def voices(templates: Path | None) -> None:
    """List the host voices (bundled and in your templates folder)."""
    from .plan.voice import available_voices, load_voice

    for name, path in sorted(available_voices(Templates.at(templates)).items()):
        voice = load_voice(path)
        host = f"{voice.host} / {voice.show}" if voice.host else "neutral"
        click.echo(f"{name:<16} {voice.language:<8} {host:<16} {voice.greeting}")
    click.echo(
        "Use one with --voice NAME, or --voice your.yaml; a source's own greeting and sign-off always win."
    )


@main.group("templates")
def templates_group() -> None:
    """Work with the templates deckcast renders from."""


@templates_group.command("copy")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist in FOLDER.")
def templates_copy(folder: Path, force: bool) -> None:
    """Copy the bundled templates into FOLDER to customise, then build with --templates FOLDER."""
    from .user_templates import copy_templates

    copied = copy_templates(folder, force)
    click.echo(f"copied {copied} files into {folder}/ — edit them and build with --templates {folder}")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Output folder (default: output/<name>/)."
)
@click.option("--only", metavar="LIST", help=f"Comma-separated outputs: {', '.join(writers())}.")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path), help="Your templates folder.")
@click.option("--theme", metavar="NAME|PATH")
@click.option("--voice", metavar="NAME|PATH")
@click.option(
    "--interval",
    type=_Finite(min=0.1, max=3600),
    default=0.5,
    show_default=True,
    help="Seconds between checks for changes.",
)
@click.option("--max-builds", type=int, default=0, hidden=True)
def watch(
    source: Path,
    output: Path | None,
    only: str | None,
    templates: Path | None,
    theme: str | None,
    voice: str | None,
    interval: float,
    max_builds: int,
) -> None:
    """Rebuild SOURCE whenever it, a picture it shows or your templates folder is saved. Ctrl-C stops."""
    from .build import Options, choose_outputs, output_folder
    from .watch import watch as watch_source

    outputs = choose_outputs(only)
    options = Options(theme=theme, templates=Templates.at(templates), voice=voice)
    watch_source(source, output or output_folder(source), outputs, options, click.echo, interval, max_builds)


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Output folder (default: output/<name>/)."
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--only", metavar="deck,script,handout,html", help="Outputs to build (html is always among them)."
)
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path))
@click.option("--theme", metavar="NAME|PATH")
@click.option("--voice", metavar="NAME|PATH")
def serve(
    source: Path,
    output: Path | None,
    host: str,
    port: int,
    only: str | None,
    templates: Path | None,
    theme: str | None,
    voice: str | None,
) -> None:
    """Show SOURCE's deck, script and handout in the browser; rebuild and reload on every save."""
    from .build import Options, choose_outputs, output_folder
    from .serve import serve as serve_source

    outputs = choose_outputs(only or "script,handout,html")  # what the page shows
    if "html" not in outputs:
        outputs.append("html")
    options = Options(theme=theme, templates=Templates.at(templates), voice=voice)
    serve_source(source, output or output_folder(source), outputs, options, click.echo, host, port)


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Output folder (default: output/<name>/)."
)
@click.option("--theme", metavar="NAME|PATH")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path))
@click.option("--voice", metavar="NAME|PATH")
def preview(
    source: Path, output: Path | None, theme: str | None, templates: Path | None, voice: str | None
) -> None:
    """Render SOURCE's slides and handout to PNG, plus a contact sheet (needs LibreOffice and pdftoppm)."""
    from .build import Options, output_folder
    from .preview import preview as make_preview

    options = Options(theme=theme, templates=Templates.at(templates), voice=voice)
    result = make_preview(source, output or output_folder(source), options)
    for note in result.build.diagnostics:
        if note.level == "warning":
            click.echo(f"  {note}", err=True)
    for remark in result.notes:
        click.echo(f"  {remark}", err=True)
    click.echo(
        f"previewed {source} -> {result.contact_sheet.parent}/: {len(result.slides)} slides, "
        f"handout.png, contact-sheet.png"
    )


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--max-slides", type=click.IntRange(min=1), default=40, show_default=True)
@click.option("--min-slides", type=click.IntRange(min=0), default=5, show_default=True)
@click.option("--minutes", type=_Finite(min=0.5, max=600), help="Target reading time (±10%).")
@click.option("--theme", metavar="NAME|PATH")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path))
@click.option("--voice", metavar="NAME|PATH")
@click.option("--chinese", type=click.Choice(["auto", "hant", "hans", "keep"]), default="auto")
def check(
    path: Path,
    max_slides: int,
    min_slides: int,
    minutes: float | None,
    theme: str | None,
    templates: Path | None,
    voice: str | None,
    chinese: str,
) -> None:
    """Lint a SOURCE or a deck.pptx: overflowing or off-slide text, slides without notes, CJK font
    fallback risk, slide count and reading time against targets. Exit 1 when there are errors."""
    from .build import Options
    from .check import Targets
    from .check import check as run_check

    report = run_check(
        path,
        Options(theme=theme, templates=Templates.at(templates), chinese=chinese, voice=voice),
        Targets(max_slides=max_slides, min_slides=min_slides, minutes=minutes),
    )
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@main.command("check-template")
@click.argument("path", type=click.Path(path_type=Path))
def check_template(path: Path) -> None:
    """Report which layouts of a .pptx/.potx (or a bundled theme name) each kind of slide uses."""
    from .deck.theme import describe_layouts, open_theme, resolve_theme

    theme = open_theme(resolve_theme(str(path)))
    click.echo(f"{theme.path}: {len(theme.prs.slide_layouts)} layouts in the first master")
    for line in describe_layouts(theme):
        click.echo("  " + line)
    fonts = theme.fonts
    click.echo(
        f"  fonts    -> titles {fonts['major'][0] or '-'} / {fonts['major'][1] or '(no East Asian font)'}, "
        f"body {fonts['minor'][0] or '-'} / {fonts['minor'][1] or '(no East Asian font)'}"
    )
    for warning in theme.warnings:
        click.echo(f"  warning: {warning}", err=True)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the model as JSON.")
@_chinese_option
def inspect(source: Path, as_json: bool, chinese: str) -> None:
    """Print the content model read from SOURCE."""
    from .readers import read_episode

    episode, diagnostics = read_episode(source, chinese=chinese)
    if as_json:
        import json

        from .model import to_dict

        click.echo(json.dumps(to_dict(episode), ensure_ascii=False, indent=2))
    else:
        from .inspect_view import describe

        click.echo(describe(episode))
    for note in diagnostics:
        click.echo(str(note), err=True)


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output)."
)
@_chinese_option
def import_(source: Path, output: Path | None, chinese: str) -> None:
    """Write SOURCE in the native format (Markdown + YAML front matter), to clean up by hand."""
    from .atomic_files import write_text_atomically
    from .readers import read_episode
    from .writers.native import to_native

    episode, diagnostics = read_episode(source, chinese=chinese)
    text = to_native(episode)
    if output:
        write_text_atomically(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    for note in diagnostics:
        click.echo(str(note), err=True)


def run() -> NoReturn:
    """The `deckcast` program (and `python -m generator.cli`): the command line, then the
    process ends without the interpreter's teardown (_exit_without_teardown). Only here,
    not in `main`, which programs and tests call in their own process.

    Once the command has finished (or been refused), Ctrl-C and SIGTERM are ignored: landing
    while the process ends, they can no longer undo anything, and must not turn a finished
    build's exit into a death by signal. And the process ends with os._exit, not by
    returning to CPython, for one more reason: under `python -m generator.cli`, when an
    interrupt was raised inside code CPython runs from a string (`exec` of a dataclass's
    generated methods, while a module is imported), CPython 3.11 marks it unhandled although
    `main` handled it, and at exit kills the process with SIGINT (status -2, not 130; seen in
    the SIGTERM test, reproduced with a 5-line script)."""
    try:
        done = main()
        code: object = done if isinstance(done, int) else 0
    except SystemExit as exc:
        code = exc.code
    _ignore_further_interrupts()
    _exit_without_teardown(code)


if __name__ == "__main__":
    run()
