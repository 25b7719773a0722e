"""The fixtures the tests share: the output folder a test builds into, and the seed episode read
once and built once for the tests that only look at it. Plain helpers and paths are in
tests/_support.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import SEED, build, read

from generator.model import Episode


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Where a test's build goes: tmp_path/out, not created yet (the build makes it)."""
    return tmp_path / "out"


@pytest.fixture(scope="session")
def seed_episode() -> Episode:
    """The seed transcript read with the default options (an Episode is frozen: safe to share)."""
    return read(SEED)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed built once with every output. Tests only read it; one that changes files copies
    the folder first."""
    return build(SEED, tmp_path_factory.mktemp("seed-build") / "out")


# A headless chromium for the browser tests (tests/_browser.py): `browser`, `open_page`.
from _browser import browser, open_page  # noqa: E402, F401
