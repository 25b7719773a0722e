"""The deckcast command line: a thin layer over the library. Heavy modules are imported
inside the commands, so `deckcast --help` starts fast."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import DeckcastError
from .writers import writers

CHINESE_HELP = "Chinese script of the outputs: auto (the source's dominant script), hant, hans or keep."


class _Cli(click.Group):
    """Turns the project's errors into one line on stderr and an exit code; no tracebacks."""

    def main(self, *args, **kwargs):
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        _exit_cleanly_on_sigterm()
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:  # plain `deckcast GROUP`: show its help
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(0)
        except click.ClickException as exc:  # click's own usage errors, as one line too
            click.echo(f"deckcast: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("deckcast: interrupted; nothing was changed by the unfinished build", err=True)
            sys.exit(130)

    def invoke(self, ctx: click.Context):
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


def _exit_cleanly_on_sigterm() -> None:
    """SIGTERM (a supervisor, `kill`) unwinds like Ctrl-C: staging folders are removed and
    nothing half-written stays. SIGKILL cannot be caught; the next build recovers from it."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding program): leave its handlers alone
        pass


class _Finite(click.FloatRange):
    """A float range that refuses nan and inf, which compare as inside any range."""

    def convert(self, value, param, ctx):
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
@click.option(
    "--chinese",
    type=click.Choice(["auto", "hant", "hans", "keep"]),
    default="auto",
    show_default=True,
    help=CHINESE_HELP,
)
@click.option("--theme", metavar="NAME|PATH", help="Deck theme: default, dark, or your own .pptx/.potx.")
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
    force: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Build SOURCE files (or every source under content/ when none is given)."""
    import os

    from .batch import Job, run_jobs
    from .build import Options, choose_outputs, discover_sources
    from .errors import UsageError
    from .text.slugs import slug

    if not sources:
        if not Path("content").is_dir():
            raise UsageError("no SOURCE given and no content/ folder here; name a source file or folder")
        sources = (Path("content"),)
    files = discover_sources(list(sources))
    outputs = choose_outputs(only)
    single = len(files) == 1 and output is not None
    root = output or Path("output")
    targets = {f: (root if single else root / slug(f.stem)) for f in files}
    seen: dict[Path, Path] = {}
    for f, target in targets.items():
        if target in seen:
            raise UsageError(f"{seen[target]} and {f} would both build into {target}; rename one")
        seen[target] = f
    options = Options(
        theme=theme,
        templates=str(templates) if templates else None,
        chinese=chinese,
        voice=voice,
        minutes=minutes,
        paper=paper.lower(),
        max_source_mb=max_source_mb,
    )
    todo = [Job(f, targets[f], tuple(outputs), options, force) for f in files]
    workers = jobs or os.cpu_count() or 1
    fancy = sys.stderr.isatty() and not quiet
    if fancy:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("[bold]building[/] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=True,
        ) as progress:
            task = progress.add_task(", ".join(outputs) or "sources", total=len(todo))
            results = run_jobs(
                todo,
                1 if len(todo) == 1 else workers,
                executor,
                scheduler,
                progress=lambda r: progress.update(task, advance=1, description=str(r.source.name)),
            )
    else:
        results = run_jobs(todo, 1 if len(todo) == 1 else workers, executor, scheduler)
    failed = 0
    for r in results:
        if r.error:
            failed = max(failed, r.exit_code)
            click.echo(f"deckcast: error: {r.error}", err=True)
            continue
        if quiet:
            for level, note in r.notes:
                if level == "warning":
                    click.echo(f"  {note}", err=True)
            continue
        if r.up_to_date:
            click.echo(f"up to date {r.source} -> {r.out_dir}/ (inputs unchanged; --force rebuilds)")
        elif r.files:
            click.echo(f"built {r.source} -> {r.out_dir}/: {', '.join(r.files)}")
        else:
            click.echo(f"read {r.source}: {r.summary}")
        for level, note in r.notes:
            if level == "warning" or verbose:
                click.echo(f"  {note}", err=True)
    if not quiet and any(r.files for r in results):
        _summary_table(results, fancy)
    if len(results) > 1:
        built = sum(1 for r in results if r.files)
        fresh = sum(1 for r in results if r.up_to_date)
        click.echo(
            f"{len(results)} episodes: {built} built, {fresh} up to date, "
            f"{sum(1 for r in results if r.error)} failed",
            err=True,
        )
    if failed:
        sys.exit(failed)


_SCAFFOLD = {
    "zh-Hant": dict(
        title="新的一集",
        intro_title="開場",
        guest="來賓姓名",
        role="職稱或單位",
        intro="這一集要談什麼，一兩句話。",
        view="的觀點",
        label="第一個主題",
        point="一個要點：完整的一句話。",
        detail="更細的補充，可省略。",
        qa="觀眾提問",
        question="問題",
        ask="觀眾的問題。",
        answer="來賓的回答。",
        summary="總結",
        takeaway="聽眾應該記住的一件事。",
        colon="：",
        heading="#",
    ),
    "zh-Hans": dict(
        title="新的一集",
        intro_title="开场",
        guest="嘉宾姓名",
        role="职称或单位",
        intro="这一集要谈什么，一两句话。",
        view="的观点",
        label="第一个主题",
        point="一个要点：完整的一句话。",
        detail="更细的补充，可省略。",
        qa="观众提问",
        question="问题",
        ask="观众的问题。",
        answer="嘉宾的回答。",
        summary="总结",
        takeaway="听众应该记住的一件事。",
        colon="：",
        heading="#",
    ),
    "en": dict(
        title="A new episode",
        intro_title="Introduction",
        guest="Guest Name",
        role="Role or affiliation",
        intro="What this episode is about, in a sentence or two.",
        view="'s view",
        label="First topic",
        point="One point, as a full sentence.",
        detail="A finer detail (optional).",
        qa="Q&A",
        question="Question",
        ask="The audience's question.",
        answer="The guest's answer.",
        summary="Summary",
        takeaway="The one thing listeners should remember.",
        colon=": ",
        heading="#",
    ),
}


@main.command()
@click.argument("slug")
@click.option(
    "--language", type=click.Choice(["zh-Hant", "zh-Hans", "en"]), default="zh-Hant", show_default=True
)
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
    import re

    from .errors import UsageError
    from .files import write_text_atomically
    from .templating import render

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", slug):
        raise UsageError(
            f"SLUG must be letters, digits, - and _ (it names the file and the output folder): {slug!r}"
        )
    target = folder / f"{slug}.md"
    if target.exists():
        raise UsageError(f"{target} already exists; choose another SLUG")
    text = render("new/episode.md.j2", None, language=language, **_SCAFFOLD[language])
    write_text_atomically(target, text)
    click.echo(f"wrote {target}: edit it, then `deckcast build {target}`")


@main.command()
@click.option(
    "--templates", type=click.Path(file_okay=False, path_type=Path), help="Your templates folder too."
)
def themes(templates: Path | None) -> None:
    """List the deck themes (bundled and in your templates folder)."""
    from .resources import bundled

    folders = ([Path(templates) / "themes"] if templates else []) + [bundled("templates") / "themes"]
    seen = set()
    for folder in folders:
        for path in sorted(folder.glob("*.pptx")):
            if path.stem not in seen:
                seen.add(path.stem)
                click.echo(f"{path.stem:<12} {path}")
    click.echo("Use one with --theme NAME, or --theme your.pptx / your.potx (see `deckcast check-template`).")


@main.command()
@click.option(
    "--templates", type=click.Path(file_okay=False, path_type=Path), help="Your templates folder too."
)
def voices(templates: Path | None) -> None:
    """List the host voices (bundled and in your templates folder)."""
    from .plan.voice import available_voices, load_voice

    for name, path in sorted(available_voices(str(templates) if templates else None).items()):
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
    import os

    from .errors import UsageError
    from .resources import bundled

    source = bundled("templates")
    files = sorted(
        p.relative_to(source) for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    clashes = [p for p in files if os.path.lexists(folder / p)]  # a dangling link is a clash too
    if clashes and not force:
        raise UsageError(
            f"{folder / clashes[0]} already exists ({len(clashes)} file(s) would be overwritten); use --force"
        )
    # Nothing is ever written through a symbolic link: a linked subfolder is refused (before
    # anything is written), a linked file is replaced by the copy, its target left as it was.
    linked = sorted({folder / d for p in files for d in p.parents if d.parts and (folder / d).is_symlink()})
    if linked:
        raise UsageError(
            f"{linked[0]} is a symbolic link: templates copy does not write through links "
            f"(remove it or copy into another folder)"
        )
    for path in files:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            if target.is_symlink():
                target.unlink()
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
            with open(fd, "wb") as out:
                out.write((source / path).read_bytes())
        except OSError as exc:
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    click.echo(f"copied {len(files)} files into {folder}/ — edit them and build with --templates {folder}")


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
    """Rebuild SOURCE whenever it (or your templates folder) is saved. Ctrl-C stops."""
    import time

    from .build import Options, build_episode, choose_outputs
    from .errors import DeckcastError
    from .text.slugs import slug as make_slug

    outputs = choose_outputs(only)
    target = output or Path("output") / make_slug(source.stem)
    options = Options(theme=theme, templates=str(templates) if templates else None, voice=voice)
    watched = [source] + (sorted(p for p in Path(templates).rglob("*") if p.is_file()) if templates else [])

    def stamp():
        return tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in watched)

    builds, last = 0, None
    click.echo(f"watching {source} (Ctrl-C to stop)")
    _warm_up(outputs)
    try:
        while True:
            current = stamp()
            if current != last:
                last = current
                started = time.perf_counter()
                try:
                    result = build_episode(source, target, outputs, options)
                    state = "up to date" if result.up_to_date else "built"
                    click.echo(
                        f"{time.strftime('%H:%M:%S')} {state} -> {target}/ "
                        f"({time.perf_counter() - started:.2f} s)"
                    )
                    for note in result.diagnostics:
                        if note.level == "warning":
                            click.echo(f"  {note}", err=True)
                except DeckcastError as exc:  # keep watching: the next save may fix it
                    click.echo(f"{time.strftime('%H:%M:%S')} error: {exc}", err=True)
                builds += 1
                if max_builds and builds >= max_builds:
                    return
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("stopped")


def _warm_up(outputs: list[str]) -> None:
    """Import the writers' libraries once, so every rebuild (and the handout's forked
    process, which inherits them) starts warm."""
    import importlib

    from .build import writer_modules

    for module in writer_modules(outputs):
        try:
            importlib.import_module(module)
        except ImportError:
            pass  # the build itself reports what is missing


def _summary_table(results, fancy: bool) -> None:
    """Files, slides, reading time, handout fit and warnings per episode."""
    from .text.clock import minutes_seconds

    rows = []
    for r in results:
        if not r.files:
            continue
        seconds = r.stats.get("seconds")
        rows.append(
            (
                r.source.name,
                str(len(r.files)),
                str(r.stats.get("slides", "-")),
                minutes_seconds(seconds) if seconds is not None else "-",
                r.stats.get("handout", "-"),
                str(sum(1 for level, _ in r.notes if level == "warning")),
            )
        )
    headers = ("episode", "files", "slides", "reading", "handout", "warnings")
    if fancy:
        from rich.console import Console
        from rich.table import Table

        table = Table(*headers, title="deckcast build")
        for row in rows:
            table.add_row(*row)
        Console(stderr=True).print(table)
        return
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    for row in (headers, *rows):
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip(), err=True
        )


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
    from .build import Options
    from .preview import preview as make_preview
    from .text.slugs import slug

    options = Options(theme=theme, templates=str(templates) if templates else None, voice=voice)
    result = make_preview(source, output or Path("output") / slug(source.stem), options)
    for note in result.build.diagnostics:
        if note.level == "warning":
            click.echo(f"  {note}", err=True)
    for note in result.notes:
        click.echo(f"  {note}", err=True)
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
        Options(theme=theme, templates=str(templates) if templates else None, chinese=chinese, voice=voice),
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
    from .deck.template import describe_layouts, open_theme, resolve_theme

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
@click.option(
    "--chinese",
    type=click.Choice(["auto", "hant", "hans", "keep"]),
    default="auto",
    show_default=True,
    help=CHINESE_HELP,
)
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
@click.option(
    "--chinese",
    type=click.Choice(["auto", "hant", "hans", "keep"]),
    default="auto",
    show_default=True,
    help=CHINESE_HELP,
)
def import_(source: Path, output: Path | None, chinese: str) -> None:
    """Write SOURCE in the native format (Markdown + YAML front matter), to clean up by hand."""
    from .files import write_text_atomically
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


if __name__ == "__main__":
    main()
