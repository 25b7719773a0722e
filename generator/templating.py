"""The one Jinja environment: templates are looked up in the user's folder first, then the
bundled ones. Templates run sandboxed, and content only ever enters them as data."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .errors import UsageError
from .resources import bundled


def _tojson(value) -> str:
    """JSON (hence YAML) literal for any value; content can never break out of its string."""
    return json.dumps(value, ensure_ascii=False)


def _bytecode_cache():
    """Compiled templates kept between runs (Jinja's own cache, in a private per-user folder
    under the temp directory), so a build does not parse and compile every template again:
    about 40 ms of a small build. Keyed by each template's name and source checksum; a cache
    that cannot be written is simply not used."""
    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError, TypeError):
                bucket.reset()

    from . import __version__

    try:  # the environment's settings shape the compiled code: one cache per deckcast version
        return QuietCache(pattern=f"deckcast-{__version__}-%s.cache")
    except (OSError, RuntimeError):  # no usable temp folder
        return None


@lru_cache(maxsize=8)
def environment(user_dir: str | None = None):
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    paths = []
    if user_dir:
        if not Path(user_dir).is_dir():
            raise UsageError(f"--templates: no such folder: {user_dir}")
        paths.append(user_dir)
    paths.append(str(bundled("templates")))
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(paths),
        autoescape=lambda name: bool(name) and name.endswith((".html", ".htm", ".xml", ".html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["tojson"] = _tojson
    return env


def render(name: str, user_dir: str | None = None, **context) -> str:
    from jinja2 import TemplateError

    env = environment(user_dir)
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        raise UsageError(f"template error: {exc.message if hasattr(exc, 'message') else exc}", where, line) from None
