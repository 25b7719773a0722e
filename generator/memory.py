"""Handing memory a build no longer needs back to the operating system."""

from __future__ import annotations

import sys
from contextlib import suppress


def give_back() -> None:
    """Return freed heap memory to the system (glibc's malloc_trim). Memory freed by C
    libraries (OpenCC's dictionaries, lxml's trees) otherwise stays in the process: later
    Python objects, which take their memory elsewhere, do not reuse it, so the peak grows by
    it. Does nothing where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
