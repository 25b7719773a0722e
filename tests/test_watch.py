"""What `deckcast watch` and `deckcast serve` watch (generator/watch.py): the source, the
templates folder and, after a build, the pictures the source shows; a picture saved alone
rebuilds (the build record keys on the source, not on its pictures, so the rebuild is forced)."""

from __future__ import annotations

import shutil
import time

from _support import CONTENT

from generator.build import Options
from generator.templating import Templates
from generator.watch import Watched, build_once


def test_a_saved_picture_is_a_change_and_rebuilds(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    source = tmp_path / "content" / "shipping-reliable-software.md"
    watched = Watched(source, Templates())
    assert watched.changed() and not watched.changed()
    built = build_once(source, tmp_path / "out", ["html"], Options())
    assert built.error is None and built.result is not None
    watched.show(built.result.episode)
    assert {p.name for p in watched.pictures} >= {"lead-time.png"}
    assert not watched.changed()
    picture = next(p for p in watched.pictures if p.name == "lead-time.png")
    before = (tmp_path / "out" / "deck.html").read_bytes()
    time.sleep(0.01)
    picture.write_bytes(picture.read_bytes() + b"\0")  # still a PNG, other bytes
    assert watched.changed()
    again = build_once(source, tmp_path / "out", ["html"], Options(), force=True)
    assert again.result is not None and not again.result.up_to_date
    assert (tmp_path / "out" / "deck.html").read_bytes() != before


def test_a_broken_save_is_an_error_not_the_end(tmp_path):
    source = tmp_path / "talk.md"
    source.write_text("---\ntitle: [unclosed\n---\n\n# A\n\n- b\n", encoding="utf-8")
    built = build_once(source, tmp_path / "out", ["html"], Options())
    assert built.result is None and built.error is not None and str(source) in str(built.error)
