"""Putting a build's files into its output folder so that a kill at any instant leaves the
old set or the new set, whole.

The protocol, all inside the output folder (one file system, so every move is a rename):

1. the writers write into a staging folder `.deckcast-stage-*`, whose lock file its build
   holds (an OS lock, released by the kernel however the process ends);
2. under the folder's lock, the journal `.deckcast-journal.json` names the staging folder
   and the files with their hashes: from here on the new set is the truth;
3. each file is renamed into place, the build record `.deckcast-build.json` is written, the
   journal removed, the staging folder removed.

Whoever takes the folder's lock next (any later build) finishes an interrupted commit from
its journal (rolls it forward: the staged files are complete by step 2) and removes staging
folders whose build is gone. Files in the folder that no deckcast build wrote are never
replaced, and neither is the source being built.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError

RECORD = ".deckcast-build.json"
JOURNAL = ".deckcast-journal.json"
STAGE_PREFIX = ".deckcast-stage-"
_STAGE_LOCK = ".lock"

# Called with the name of each step of a commit; a test sets it to stop the process there.
after_step: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if after_step is not None:
        after_step(name)


try:
    import fcntl
except ImportError:  # Windows: no advisory locks; commits are then not serialised
    fcntl = None  # type: ignore[assignment]


def _try_lock(fd: int, blocking: bool) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Record:
    """What the last build into a folder left: its input key, the files it wrote with their
    hashes, and every file deckcast wrote there over time (which a build may replace)."""

    key: str
    hashes: dict[str, str]
    known: frozenset[str]
    pictures: tuple[str, ...] = ()  # what the build showed, relative to the source's folder (in the key)

    def to_json(self) -> str:
        return (
            json.dumps(
                {
                    "key": self.key,
                    "files": sorted(self.hashes),
                    "sha256": self.hashes,
                    "known": sorted(self.known),
                    "pictures": list(self.pictures),
                },
                indent=1,
                sort_keys=True,
            )
            + "\n"
        )


def _read_json(path: Path, what: str) -> dict[str, Any] | None:
    """A deckcast bookkeeping file, or None when there is none. Anything else there (a
    folder, a FIFO, a link, text that is not ours) is an error naming the file."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"cannot read the {what}: {exc.strerror or exc}", str(path)) from None
    if not stat.S_ISREG(info.st_mode) or info.st_size > 10 * 1024 * 1024:
        raise UsageError(f"this is not a deckcast {what}; remove it", str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageError(
            f"the {what} is damaged; remove it (the next build then rebuilds)", str(path)
        ) from None
    if not isinstance(data, dict):
        raise UsageError(f"the {what} is damaged; remove it (the next build then rebuilds)", str(path))
    return data


def _names(value: object, path: Path, what: str) -> list[str]:
    """File names from a record or journal: plain names inside the folder, nothing else."""
    if not isinstance(value, list) or not all(isinstance(v, str) and _plain_name(v) for v in value):
        raise UsageError(f"the {what} is damaged; remove it (the next build then rebuilds)", str(path))
    return value


def _plain_name(name: str) -> bool:
    return (
        bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name and "\0" not in name
    )


def read_record(out_dir: Path) -> Record | None:
    path = out_dir / RECORD
    data = _read_json(path, "build record")
    if data is None:
        return None
    files = _names(data.get("files", []), path, "build record")
    hashes = data.get("sha256", {})
    if not isinstance(hashes, dict) or not all(isinstance(v, str) for v in hashes.values()):
        raise UsageError("the build record is damaged; remove it (the next build then rebuilds)", str(path))
    key = data.get("key", "")
    known = _names(data.get("known", files), path, "build record")
    return Record(
        key if isinstance(key, str) else "",
        {f: hashes.get(f, "") for f in files},
        frozenset(known) | frozenset(files),
        _pictures(data.get("pictures", []), path),
    )


def _pictures(value: object, path: Path) -> tuple[str, ...]:
    """The record's pictures: paths relative to the source's folder, as the source names them."""
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v and not Path(v).is_absolute() for v in value
    ):
        raise UsageError("the build record is damaged; remove it (the next build then rebuilds)", str(path))
    return tuple(value)


def _write_file(path: Path, text: str) -> None:
    from .atomic_files import write_text_atomically

    write_text_atomically(path, text)


@contextlib.contextmanager
def folder_lock(out_dir: Path) -> Iterator[None]:
    """Held while a commit or a recovery changes the folder: one at a time per folder. The
    lock is on the folder itself (flock works on a directory's descriptor), so it leaves no
    file behind."""
    try:
        fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise UsageError(f"cannot write into {out_dir}: {exc.strerror or exc}") from None
    try:
        _try_lock(fd, blocking=True)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def recover(out_dir: Path) -> None:
    """Finish a commit a killed build left (from its journal), then remove the staging
    folders of builds that are gone. Call with the folder's lock held."""
    journal_path = out_dir / JOURNAL
    journal = _read_json(journal_path, "commit journal")
    if journal is not None:
        files = _names(journal.get("files", []), journal_path, "commit journal")
        stage = journal.get("staging", "")
        hashes = journal.get("sha256", {})
        if not (
            isinstance(stage, str)
            and stage.startswith(STAGE_PREFIX)
            and _plain_name(stage)
            and isinstance(hashes, dict)
        ):
            raise UsageError("the commit journal is damaged; remove it", str(journal_path))
        pictures = _pictures(journal.get("pictures", []), journal_path)
        record = _record_after(out_dir, journal.get("key", ""), hashes, files, pictures)
        _move_and_record(out_dir / stage, out_dir, files, record)
    for entry in out_dir.iterdir() if out_dir.is_dir() else ():
        is_stage = entry.name.startswith(STAGE_PREFIX) and entry.is_dir() and not entry.is_symlink()
        if is_stage and _abandoned(entry):
            shutil.rmtree(entry, ignore_errors=True)


def _abandoned(stage: Path) -> bool:
    """True when no living build holds this staging folder's lock."""
    try:
        fd = os.open(stage / _STAGE_LOCK, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return True  # killed before it took its lock, or a half-removed folder
    except OSError:
        return False
    try:
        return _try_lock(fd, blocking=False) and fcntl is not None
    finally:
        os.close(fd)


def _record_after(
    out_dir: Path, key: object, hashes: dict[str, Any], files: list[str], pictures: tuple[str, ...] = ()
) -> Record:
    try:
        old = read_record(out_dir)
    except UsageError:
        old = None  # replaced by this commit's record
    known = (old.known if old else frozenset()) | frozenset(files)
    key = key if isinstance(key, str) else ""
    return Record(key, {f: str(hashes.get(f, "")) for f in files}, known, pictures)


def _move_and_record(stage: Path, out_dir: Path, files: list[str], record: Record) -> None:
    for name in files:
        staged = stage / name
        if staged.is_file():
            os.replace(staged, out_dir / name)
            _step(f"moved {name}")
    present = {f: h for f, h in record.hashes.items() if (out_dir / f).is_file()}
    _write_file(out_dir / RECORD, Record(record.key, present, record.known, record.pictures).to_json())
    _step("record")
    (out_dir / JOURNAL).unlink(missing_ok=True)
    _step("journal removed")
    shutil.rmtree(stage, ignore_errors=True)


def _despite_interrupts(step: Callable[[], None], tries: int = 5) -> None:
    """Run `step` to its end even when Ctrl-C or SIGTERM (KeyboardInterrupt) arrives in the
    middle: it is run again, and the interrupt raised once it is done. (Holding the signals
    instead is not enough: another thread of the process may take a process-wide signal.)"""
    interrupted: KeyboardInterrupt | None = None
    for _ in range(tries):
        try:
            step()
            break
        except KeyboardInterrupt as exc:
            interrupted = interrupted or exc
    if interrupted is not None:
        raise interrupted


class Staging:
    """A build's staging folder inside the output folder, locked while the build lives.
    Leaving the `with` block removes it, whatever happened."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.created_out_dir = False
        self.path: Path | None = None
        self._fd: int | None = None

    def __enter__(self) -> Staging:
        import tempfile

        out = self.out_dir
        if out.is_symlink() and not out.exists():
            raise UsageError(f"output folder {out} is a symbolic link to nothing")
        if out.exists() and not out.is_dir():
            raise UsageError(f"output {out} is a file, not a folder")
        try:
            if not out.exists():
                # set first: a signal that lands while mkdir returns (Ctrl-C, SIGTERM) must
                # still have the cleanup remove the folder (rmdir of none is ignored)
                self.created_out_dir = True
                try:
                    out.mkdir(parents=True)
                except FileExistsError:  # another build made it meanwhile: not ours to remove
                    self.created_out_dir = False
            self.path = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=out))
            self._fd = os.open(self.path / _STAGE_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
            _try_lock(self._fd, blocking=True)
        except OSError as exc:
            self._cleanup()
            raise UsageError(f"cannot write into {out}: {exc.strerror or exc}") from None
        except BaseException:  # Ctrl-C or SIGTERM between making the folder and returning it
            self._cleanup()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        if self.path is not None:  # a Ctrl-C now would leave the folder half removed
            path = self.path
            _despite_interrupts(lambda: shutil.rmtree(path, ignore_errors=True))
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self.created_out_dir:
            with contextlib.suppress(OSError):
                self.out_dir.rmdir()  # only when nothing was committed into it

    def commit(
        self, files: list[str], key: str, source: Path | None = None, pictures: tuple[str, ...] = ()
    ) -> None:
        """Move the staged files into the output folder (see the module's docstring);
        `pictures` (the ones the build showed) go into the record beside the key."""
        assert self.path is not None
        out = self.out_dir
        with folder_lock(out):
            recover(out)
            record = read_record(out)
            check_targets(out, files, record, source)
            hashes = {name: sha256_of(self.path / name) for name in files}
            _step("staged")
            journal = {
                "staging": self.path.name,
                "files": files,
                "sha256": hashes,
                "key": key,
                "pictures": list(pictures),
            }
            _write_file(out / JOURNAL, json.dumps(journal, indent=1, sort_keys=True) + "\n")
            _step("journal")
            _move_and_record(self.path, out, files, _record_after(out, key, hashes, files, pictures))
        self.created_out_dir = False  # it holds a build now


def check_targets(out_dir: Path, files: list[str], record: Record | None, source: Path | None) -> None:
    """Refuse, before anything moves, a commit that would replace what is not a deckcast
    output: the source itself, a folder, or a file no deckcast build wrote there."""
    known = record.known if record else frozenset()
    for name in files:
        target = out_dir / name
        if source is not None and target.exists() and _same_file(target, source):
            raise UsageError(
                f"the output {name} would replace the source itself; build into another folder (-o)",
                str(source),
            )
        if target.is_symlink():
            continue  # a link is replaced by the file, never written through
        if target.exists() and not target.is_file():
            raise UsageError(f"cannot write {target}: a folder is in the way")
        if target.exists() and name not in known:
            raise UsageError(
                f"{target} exists and was not written by deckcast; move it away or build into "
                "another folder (-o)"
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def outputs_intact(out_dir: Path, record: Record) -> bool:
    """Every file of the record is there with the bytes the build wrote."""
    for name, digest in record.hashes.items():
        path = out_dir / name
        try:
            if not path.is_file() or not digest or sha256_of(path) != digest:
                return False
        except OSError:
            return False
    return bool(record.hashes)
