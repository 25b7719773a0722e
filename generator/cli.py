"""The deckcast command line: a thin layer over the library. Heavy modules are imported
inside the commands, so `deckcast --help` starts fast."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import DeckcastError

CHINESE_HELP = "Chinese script of the outputs: auto (the source's dominant script), hant, hans or keep."


class _Cli(click.Group):
    """Turns the project's errors into one line on stderr and an exit code; no tracebacks."""

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
            click.echo(f"deckcast: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                       err=True)
            sys.exit(1)


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
@click.option("-o", "--output", "output", type=click.Path(path_type=Path),
              help="Output folder. One SOURCE: its files go straight in. Several: one sub-folder each. "
                   "Default: output/<name>/.")
@click.option("--only", metavar="LIST", help="Comma-separated outputs to build: deck, script, handout.")
@click.option("--chinese", type=click.Choice(["auto", "hant", "hans", "keep"]), default="auto",
              show_default=True, help=CHINESE_HELP)
@click.option("--theme", metavar="NAME|PATH", help="Deck theme: default, dark, or your own .pptx/.potx.")
@click.option("--templates", "templates", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of your own templates, searched before the bundled ones.")
@click.option("--voice", metavar="NAME|PATH", help="Host voice for the narration: dafei, neutral-zh-hans, english, "
              "or a voice YAML file. Default: the bundled voice of the episode's host, else of its language.")
@click.option("--minutes", type=click.FloatRange(min=0.5, max=600), metavar="N",
              help="Fit the narration to N minutes (±10%) by choosing which points to narrate.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True,
              help="Paper size of the handout.")
@click.option("--max-source-mb", type=click.FloatRange(min=0.001), default=10.0, show_default=True,
              help="Refuse sources larger than this many megabytes.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Episodes built at once. Default: the number of CPU cores.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where a batch runs: processes on this machine, or a Dask cluster (needs the dask extra).")
@click.option("--scheduler", metavar="ADDR", help="The Dask scheduler address, with --executor dask.")
@click.option("--force", is_flag=True, help="Rebuild even episodes whose inputs have not changed.")
@click.option("-v", "--verbose", is_flag=True, help="Also list notes, such as the chatter dropped from a transcript.")
def build(sources: tuple[Path, ...], output: Path | None, only: str | None, chinese: str,
          theme: str | None, templates: Path | None, voice: str | None, minutes: float | None,
          paper: str, max_source_mb: float, jobs: int | None, executor: str, scheduler: str | None,
          force: bool, verbose: bool) -> None:
    """Build SOURCE files (or every source under content/ when none is given)."""
    import os

    from .batch import Job, run_jobs
    from .build import Options, choose_outputs, discover_sources
    from .errors import UsageError
    from .readers.speakers import slug

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
    options = Options(theme=theme, templates=str(templates) if templates else None, chinese=chinese,
                      voice=voice, minutes=minutes, paper=paper.lower(), max_source_mb=max_source_mb)
    todo = [Job(f, targets[f], tuple(outputs), options, force) for f in files]
    workers = jobs or os.cpu_count() or 1
    if len(todo) == 1 and executor == "local":
        results = run_jobs(todo, 1)
    else:
        with click.progressbar(length=len(todo), label=f"building {len(todo)} episodes",
                               file=sys.stderr, show_pos=True) as bar:
            results = run_jobs(todo, workers, executor, scheduler, progress=lambda _: bar.update(1))
    failed = 0
    for r in results:
        if r.error:
            failed = max(failed, r.exit_code)
            click.echo(f"deckcast: error: {r.error}", err=True)
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
    if len(results) > 1:
        built = sum(1 for r in results if r.files)
        fresh = sum(1 for r in results if r.up_to_date)
        click.echo(f"{len(results)} episodes: {built} built, {fresh} up to date, "
                   f"{sum(1 for r in results if r.error)} failed", err=True)
    if failed:
        sys.exit(failed)


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
    click.echo(f"  fonts    -> titles {fonts['major'][0] or '-'} / {fonts['major'][1] or '(no East Asian font)'}, "
               f"body {fonts['minor'][0] or '-'} / {fonts['minor'][1] or '(no East Asian font)'}")
    for warning in theme.warnings:
        click.echo(f"  warning: {warning}", err=True)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the model as JSON.")
@click.option("--chinese", type=click.Choice(["auto", "hant", "hans", "keep"]), default="auto",
              show_default=True, help=CHINESE_HELP)
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
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@click.option("--chinese", type=click.Choice(["auto", "hant", "hans", "keep"]), default="auto",
              show_default=True, help=CHINESE_HELP)
def import_(source: Path, output: Path | None, chinese: str) -> None:
    """Write SOURCE in the native format (Markdown + YAML front matter), to clean up by hand."""
    from .readers import read_episode
    from .writers.native import to_native
    from .files import write_text_atomically

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
