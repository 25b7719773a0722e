"""The user's templates folder beside the bundled templates: copying the bundled ones into it
to customise (`deckcast templates copy`), and the deck themes found in both (`deckcast themes`)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError
from .resources import bundled
from .templating import Templates


def theme_files(templates: Templates = Templates()) -> list[Path]:
    """Each theme once, by name, sorted: the user's own first, then the bundled ones it does
    not replace."""
    folders = templates.folders("themes")
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.pptx")):
            found.setdefault(path.stem, path)
    return list(found.values())


def copy_templates(folder: Path, force: bool = False) -> int:
    """Copy every bundled template into folder; returns how many files were copied. Files
    already there are overwritten only with force."""
    source = bundled("templates")
    files = sorted(
        p.relative_to(source) for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    if not force:
        _refuse_clashes(folder, files)
    _refuse_linked_folders(folder, files)
    for path in files:
        _copy_file(source / path, folder / path)
    return len(files)


def _refuse_clashes(folder: Path, files: list[Path]) -> None:
    clashes = [p for p in files if os.path.lexists(folder / p)]  # a dangling link is a clash too
    if clashes:
        raise UsageError(
            f"{folder / clashes[0]} already exists ({len(clashes)} file(s) would be overwritten); use --force"
        )


def _refuse_linked_folders(folder: Path, files: list[Path]) -> None:
    """Nothing is ever written through a symbolic link: a linked subfolder is refused (before
    anything is written), a linked file is replaced by the copy, its target left as it was."""
    linked = sorted({folder / d for p in files for d in p.parents if d.parts and (folder / d).is_symlink()})
    if linked:
        raise UsageError(
            f"{linked[0]} is a symbolic link: templates copy does not write through links "
            f"(remove it or copy into another folder)"
        )


def _copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if target.is_symlink():
            target.unlink()
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
        with open(fd, "wb") as out:
            out.write(source.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
