"""What a large build lets go of (issue 19: the 2,000-section build under 300 MB): OpenCC's
dictionaries once the source is read and planned, and the freed memory handed back."""

from __future__ import annotations

from _support import SEED

from generator import build
from generator.build import build_episode
from generator.text import chinese


def test_released_dictionaries_load_again_and_convert_alike():
    text = "关于模型中的“涌现”现象，我們深入分析後"
    before = chinese.to_script(text, chinese.HANT)
    assert chinese._converter.cache_info().currsize > 0
    chinese.release_dictionaries()
    assert chinese._converter.cache_info().currsize == 0
    assert chinese.to_script(text, chinese.HANT) == before


def test_a_large_source_releases_them_and_builds_the_same_files(tmp_path, monkeypatch):
    """With every source counted as large (the limit set to 0), the seed's files are the
    same bytes, and the dictionaries are let go after planning."""
    outputs = ["deck", "script", "html"]
    build_episode(SEED, tmp_path / "normal", outputs, force=True)
    released = []
    monkeypatch.setattr(build, "LARGE_SOURCE_BYTES", 0)
    real = chinese.release_dictionaries
    monkeypatch.setattr(chinese, "release_dictionaries", lambda: (released.append(1), real()))
    build_episode(SEED, tmp_path / "large", outputs, force=True)
    assert released == [1]
    for name in ("deck.pptx", "script.md", "script.srt", "deck.html"):
        assert (tmp_path / "large" / name).read_bytes() == (tmp_path / "normal" / name).read_bytes(), name
