"""The one Jinja environment: templates are looked up in the user's folder first, then the
bundled ones. Templates run sandboxed, and content only ever enters them as data."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import UsageError
from .resources import bundled


@dataclass(frozen=True)
class Templates:
    """Where templates are looked up, in order: the user's folder (`--templates`) first, then
    the bundled ones, as MkDocs' `Theme.dirs`. The one value every stage that renders, finds
    a theme or a voice, or asks whether the user replaced a template is given."""

    user: Path | None = None  # the user's folder; None for the bundled templates only

    @classmethod
    def at(cls, folder: str | Path | None) -> Templates:
        return cls(Path(folder) if folder else None)

    @property
    def dirs(self) -> tuple[Path, ...]:
        return ((self.user,) if self.user else ()) + (bundled("templates"),)

    def folders(self, kind: str) -> list[Path]:
        """`themes`, `voices`, …: the user's folder of that kind first, then the bundled one."""
        return [folder / kind for folder in self.dirs]

    def user_has(self, name: str) -> bool:
        """True when the user's folder holds its own copy of template `name`."""
        return self.user is not None and (self.user / name).is_file()

    def environment(self) -> Any:
        return environment(str(self.user) if self.user else None)

    def render(self, name: str, **context: Any) -> str:
        return render(name, self, **context)


def _tojson(value) -> str:
    """JSON (hence YAML) literal for any value; content can never break out of its string."""
    return json.dumps(value, ensure_ascii=False)


_RUN_FLAGS = ("strong", "emphasis", "code", "strike")


def _runs(point) -> str:
    """A point's styled runs as a JSON (hence YAML) list for the slide plan: `[]` when the
    point has no markup, else `[{"text": …, "strong": true, "url": …}, …]` with only the
    flags that are set."""
    runs = getattr(point, "runs", ()) or ()
    out = []
    for run in runs:
        item: dict = {"text": run.text}
        item.update({flag: True for flag in _RUN_FLAGS if getattr(run, flag)})
        if run.url:
            item["url"] = run.url
        out.append(item)
    return _tojson(out)


def _inline_html(item, notes=None) -> str:
    """An item's text as escaped HTML with its styling (<strong>, <em>, <code>, <s>, links);
    its plain text, escaped, when it has no runs or they no longer spell it (a shortened
    point). `notes` (URL -> number, the handout's link notes) puts a link's number after it,
    once per stretch of runs with the same target."""
    from markupsafe import Markup, escape

    from .model import spelled

    text = str(getattr(item, "text", item) or "")
    runs = getattr(item, "runs", ()) or ()
    if not spelled(text, runs):
        return escape(text)
    out = []
    for n, run in enumerate(runs):
        html = str(escape(run.text)).replace("\n", "<br>")
        for flag, tag in (("code", "code"), ("strike", "s"), ("emphasis", "em"), ("strong", "strong")):
            if getattr(run, flag):
                html = f"<{tag}>{html}</{tag}>"
        if run.url:
            html = f'<a href="{escape(run.url)}">{html}</a>'
            ends = n + 1 == len(runs) or runs[n + 1].url != run.url
            if notes and run.url in notes and ends:
                html += f'<sup class="note">{int(notes[run.url])}</sup>'
        out.append(html)
    return Markup("".join(out))


def _bytecode_cache():
    """Compiled templates kept between runs (Jinja's own cache, in a private per-user folder
    under the temp directory), so a build does not parse and compile every template again:
    about 40 ms of a small build. Keyed by each template's name and source checksum; a cache
    that cannot be written is simply not used."""
    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket) -> None:
            with suppress(OSError):
                super().dump_bytecode(bucket)

        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError, TypeError):
                bucket.reset()

    from . import __version__

    try:  # the environment's settings shape the compiled code: one cache per deckcast version
        return QuietCache(pattern=f"deckcast-{__version__}-{_COMPILED}-%s.cache")
    except (OSError, RuntimeError):  # no usable temp folder
        return None


# Bounds on one render of a user's templates (the bundled ones are far inside them: on the
# 2,000-section bench source the largest renders, script.srt/.vtt, take about 1 s, 155,000
# steps metered as a user copy, and write 2.8 MB). A step is a loop iteration or a call.
RENDER_SECONDS = 20.0
RENDER_STEPS = 10_000_000
TEXT_CHARS = 64_000_000  # the text a render writes, and the length of any one value it makes
INT_BITS = 14_000  # about the 4,300 digits Python still prints
_COMPILED = "m2"  # the compiled form of a template (metered loops): part of the cache's key
_BUDGET: ContextVar[_Budget | None] = ContextVar("deckcast_render_budget", default=None)


class _Budget:
    """The work one render may do. Over it, the render stops with a one-line error naming
    the template: a loop without end cannot hang a build."""

    def __init__(self, where: str):
        self.where = where
        self.steps = 0
        self.written = 0
        self.deadline = time.monotonic() + RENDER_SECONDS

    def step(self) -> None:
        self.steps += 1
        if self.steps & 1023 == 0:
            if self.steps > RENDER_STEPS:
                self.stop(f"ran more than {RENDER_STEPS:,} loop steps and calls")
            if time.monotonic() > self.deadline:
                self.stop(f"ran longer than {RENDER_SECONDS:g} s")

    def size(self, value, written: bool = False):
        if isinstance(value, (str, list, tuple, dict)):
            if written:
                self.written += len(value)
            if len(value) > TEXT_CHARS or self.written > TEXT_CHARS:
                self.stop(f"made text or a list longer than {TEXT_CHARS:,}")
        return value

    def stop(self, what: str):
        raise UsageError(f"template error: the template {what} (a loop without end?)", self.where)


def _metered(tree):
    """The template's syntax tree with every loop's sequence, every value it writes and every
    value a filter or `~` makes passed through the budget (as filters whose names no template
    can write, so none can be shadowed). Jinja's sandbox bounds `range` but not the work of
    nested loops, nor how long a string may grow."""
    from jinja2 import nodes
    from jinja2.visitor import NodeTransformer

    def through(name, node):
        return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)

    class Meter(NodeTransformer):
        def visit_For(self, node):
            self.generic_visit(node)
            node.iter = through("deckcast loop", node.iter)
            return node

        def visit_Output(self, node):
            self.generic_visit(node)
            node.nodes = [
                n if isinstance(n, nodes.TemplateData) else through("deckcast write", n) for n in node.nodes
            ]
            return node

        def visit_Filter(self, node):
            self.generic_visit(node)
            return node if node.node is None else through("deckcast value", node)  # None: a filter block's

        def visit_Concat(self, node):
            self.generic_visit(node)
            return through("deckcast value", node)

    return Meter().visit(tree)


def _meter_filters():
    from jinja2 import pass_context

    def steps(iterable, budget):
        for item in iterable:
            budget.step()
            yield item

    @pass_context
    def loop(_context, iterable):
        budget = _BUDGET.get()
        return steps(iterable, budget) if budget else iterable

    def sized(written: bool):
        @pass_context  # never folded at compile time, when no budget is running
        def check(_context, value):
            budget = _BUDGET.get()
            return budget.size(value, written) if budget else value

        return check

    return {"deckcast loop": loop, "deckcast write": sized(True), "deckcast value": sized(False)}


def _big_result(operator: str, left, right) -> bool:
    """Whether `left operator right` would make a value past the budget: a power or a
    product of huge integers, a repeated or joined string or list (`'x' * 10**10`)."""
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "**":
        return ints and right > 0 and abs(left) > 1 and right * abs(left).bit_length() > INT_BITS
    if ints:
        return operator == "*" and left.bit_length() + right.bit_length() > INT_BITS
    sequences = (str, list, tuple)
    if operator == "*":
        seq, n = (left, right) if isinstance(left, sequences) else (right, left)
        return isinstance(seq, sequences) and isinstance(n, int) and len(seq) * n > TEXT_CHARS
    return (
        isinstance(left, sequences) and isinstance(right, sequences) and len(left) + len(right) > TEXT_CHARS
    )


def _confined_loader(paths: list[str]):
    from jinja2 import FileSystemLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    roots = [Path(p).resolve() for p in paths]

    class ConfinedLoader(FileSystemLoader):
        """Jinja's file loader, except that a template whose real path (symlinks followed) is
        outside every template folder is refused, not read: `T/leak.txt -> /etc/hostname`."""

        def get_source(self, environment, template):
            pieces = split_template_path(template)  # refuses `..`
            for folder in self.searchpath:
                candidate = Path(folder, *pieces)
                if candidate.is_file():
                    break
            else:
                raise TemplateNotFound(template)
            real = candidate.resolve()
            if not any(real.is_relative_to(root) for root in roots):
                raise TemplateNotFound(
                    template, f"{template}: {candidate} leads outside the template folders"
                )
            contents = real.read_text(encoding=self.encoding)
            mtime = real.stat().st_mtime

            def uptodate() -> bool:
                try:
                    return candidate.resolve() == real and real.stat().st_mtime == mtime
                except OSError:
                    return False

            return contents, str(candidate), uptodate

    return ConfinedLoader(paths)


@lru_cache(maxsize=8)
def environment(user_dir: str | None = None):
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        """Jinja's sandbox, metered: loops, calls and the values they make count against the
        render's budget (see _Budget)."""

        intercepted_binops = frozenset({"*", "**", "+"})  # nor folded at compile time: 10**10**10

        def _parse(self, source, name, filename):  # the one hook between parsing and compiling
            tree = super()._parse(source, name, filename)
            # The bundled templates loop over content, which is bounded already: left as they are, they
            # render as fast as ever. Their calls still count.
            return (
                tree if filename and Path(filename).resolve().is_relative_to(bundled_root) else _metered(tree)
            )

        def is_safe_attribute(self, obj, attr, value):
            # Jinja's answer depends on the object's type and the name only (isinstance checks
            # against function, method, generator, mutable-collection types): asked once per
            # pair, not for every attribute a render reads (90,000 on a 500-section script).
            key = (type(obj), attr)
            found = safe_attributes.get(key)
            if found is None:
                found = safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
            return found

        def call_binop(self, context, operator, left, right):
            budget = _BUDGET.get()
            if budget and _big_result(operator, left, right):
                budget.stop(f"computed a value too large (`{operator}`)")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
            budget = _BUDGET.get()
            if budget:
                budget.step()
            result = super().call(__context, __obj, *args, **kwargs)
            return budget.size(result) if budget else result

    safe_attributes: dict[tuple[type, str], bool] = {}
    paths = []
    if user_dir:
        if not Path(user_dir).is_dir():
            raise UsageError(f"--templates: no such folder: {user_dir}")
        paths.append(user_dir)
    paths.append(str(bundled("templates")))
    bundled_root = bundled("templates").resolve()
    env = Sandbox(
        loader=_confined_loader(paths),
        autoescape=lambda name: bool(name) and name.endswith((".html", ".htm", ".xml", ".html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["tojson"] = _tojson
    env.filters["runs"] = _runs
    env.filters["inline_html"] = _inline_html
    env.filters.update(_meter_filters())
    return env


@contextmanager
def rendering(template):
    """Run the body as one render of `template` (a name, or a loaded Template): its work is
    bounded by one budget, and a template's failure (a Jinja error, runaway recursion,
    memory, arithmetic) is one line naming it."""
    from jinja2 import TemplateError

    name = template if isinstance(template, str) else template.name
    where = getattr(template, "filename", None) or name
    token = _BUDGET.set(_Budget(where))
    try:
        yield
    except TemplateError as exc:
        located = getattr(exc, "filename", None) or where
        line = getattr(exc, "lineno", None)
        raise UsageError(
            f"template error: {exc.message if hasattr(exc, 'message') else exc}", located, line
        ) from None
    except RecursionError:
        raise UsageError("template error: macros or includes call themselves without end", where) from None
    except MemoryError:
        raise UsageError("template error: the template ran out of memory", where) from None
    except ArithmeticError as exc:
        raise UsageError(f"template error: {type(exc).__name__}: {exc}", where) from None
    finally:
        _BUDGET.reset(token)


def render(name: str, templates: Templates | None = None, **context: Any) -> str:
    """Render template `name`, looked up along `templates` (the bundled ones when None)."""
    with rendering(name):
        return _loaded(name, templates).render(**context)


def render_to(path: Path, name: str, templates: Templates | None = None, **context: Any) -> None:
    """Render template `name` into the file `path` (UTF-8) as its pieces are made, so that a
    large output is never held whole in memory: the same text `render` returns."""
    with rendering(name):
        template = _loaded(name, templates)
        with path.open("w", encoding="utf-8") as out:
            out.writelines(template.generate(**context))


def _loaded(name: str, templates: Templates | None) -> Any:
    """Template `name` looked up along `templates`, named in the render's budget (call
    inside `rendering`)."""
    template = (templates or Templates()).environment().get_template(name)
    _BUDGET.get().where = template.filename or name
    return template
