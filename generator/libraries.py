"""Importing a library that loads C libraries by name (WeasyPrint: GObject, Pango, HarfBuzz,
fontconfig) without the processes `ctypes.util.find_library` starts.

On Linux each `find_library` call runs `ldconfig -p`, then `gcc` and `ld` when that finds
nothing: WeasyPrint asks for six names per library, most of them other platforms' names, and
cffi asks `find_library` for each before trying the next, so importing WeasyPrint started 54
processes (0.2-0.6 s on a loaded 2-core machine). Every WeasyPrint name list also holds the
Linux soname (`libpango-1.0.so.0`), which cffi hands to the dynamic loader directly: with
`find_library` answering "not found" the same libraries are loaded, by the same loader
search. Where that fails (libraries only `gcc`'s search path knows), the import is retried
with the real `find_library`."""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
from types import ModuleType


def _not_found(name: str) -> str | None:
    return None


def import_quietly(name: str) -> ModuleType:
    """`importlib.import_module(name)`, on Linux with `ctypes.util.find_library` answering
    None while the module is first imported."""
    if name in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module(name)
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints before it raises
            return importlib.import_module(name)
    except (OSError, ImportError):
        top = name.split(".")[0]
        for loaded in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
            del sys.modules[loaded]
    finally:
        ctypes.util.find_library = real
    return importlib.import_module(name)
