"""`deckcast doctor`: what the audio, video and preview outputs need, and what this machine
has: ffmpeg (and which one), the voice engines, LibreOffice and pdftoppm, and the fonts the
deck is measured and drawn in. Nothing is installed or downloaded; each missing program is
shown with the command that installs it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from collections.abc import Callable

from ..errors import UsageError
from .engines import ESPEAK_INSTALL, PIPER_INSTALL
from .ffmpeg import INSTALL as FFMPEG_INSTALL
from .ffmpeg import ffmpeg

LIBREOFFICE_INSTALL = "apt-get install libreoffice-impress, brew install --cask libreoffice"
POPPLER_INSTALL = "apt-get install poppler-utils, brew install poppler"
FONTS = ("Liberation Sans", "Noto Sans CJK TC", "DejaVu Sans")


def report_lines() -> list[str]:
    """One line per thing checked: `ok` or `missing`, where it is, and what it is used for."""
    checks: list[tuple[str, Callable[[], str | None], str, str]] = [
        ("ffmpeg", _ffmpeg, "audio and video", FFMPEG_INSTALL),
        ("espeak-ng", lambda: _version("espeak-ng"), "--tts espeak-ng (the default voice)", ESPEAK_INSTALL),
        ("piper", _piper, "--tts piper --tts-model PATH.onnx", PIPER_INSTALL),
        ("LibreOffice", _soffice, "video frames and deckcast preview", LIBREOFFICE_INSTALL),
        ("pdftoppm", lambda: shutil.which("pdftoppm"), "video frames and deckcast preview", POPPLER_INSTALL),
    ]
    lines = []
    for name, find, used_for, install in checks:
        found = find()
        state = f"ok       {found}" if found else f"missing  (install: {install})"
        lines.append(f"{name:<12} {state}  — {used_for}")
    lines += _fonts()
    return lines


def _ffmpeg() -> str | None:
    try:
        return ffmpeg()
    except UsageError:
        return None


def _version(program: str) -> str | None:
    found = shutil.which(program)
    if not found:
        return None
    try:
        said = subprocess.run([found, "--version"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return found
    first = said.stdout.decode("utf-8", "replace").strip().splitlines()
    return f"{found} ({first[0][:60]})" if first else found


def _piper() -> str | None:
    on_path = shutil.which("piper")
    if on_path:
        return on_path
    return "the piper-tts package (python -m piper)" if importlib.util.find_spec("piper") else None


def _soffice() -> str | None:
    import os
    import sys

    from ..preview import _MAC_SOFFICE

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found and sys.platform == "darwin" and os.access(_MAC_SOFFICE, os.X_OK):
        return _MAC_SOFFICE
    return found


def _fonts() -> list[str]:
    from ..deck.fit.fonts import face_for

    lines = []
    for family in FONTS:
        face = face_for(family) if family != "Liberation Sans" else _liberation()
        where = getattr(face, "name", None) if face else None
        lines.append(
            f"{'font':<12} {'ok' if face else 'missing':<8} {family}{f' ({where})' if where else ''}"
        )
    return lines


def _liberation() -> object | None:
    """Liberation Sans itself (face_for gives Arial's shipped table for it, found or not)."""
    from ..deck.fit.fonts import _installed_face

    return _installed_face("liberation sans")
