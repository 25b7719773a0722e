"""The writers' protocol and registry (issue 15, item 2): every output is one writer in
generator/writers/, listed once in REGISTRY, which `--only`, the commit protocol's early
refusal, the forked writer and the build loop all read. Asserted on real builds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from _support import SEED, run

import generator.writers as writers_module
from generator.build import build_episode, choose_outputs, writer_modules
from generator.errors import UsageError
from generator.writers import BaseProduction, Registered, WriteResult, writers


def test_the_registry_lists_every_output_in_build_order():
    assert list(writers()) == ["deck", "script", "handout", "html", "audio", "video"]
    assert choose_outputs(None) == ["deck", "script", "handout", "html"]  # audio and video only by name
    # the voice re-times the script: it is written with audio and video, never left stale
    assert choose_outputs("audio,video") == ["script", "audio", "video"]
    assert choose_outputs("deck,video") == ["script", "deck", "video"]
    for writer in writers().values():
        assert writer.files and writer.heavy_imports
    assert [w.needs_plan for w in writers().values()] == [True, True, False, True, True, True]
    assert [writers_module.needs_voicing(w) for w in writers().values()] == [False] * 4 + [True] * 2
    assert "weasyprint" in writer_modules(["handout"]) and "pptx" in writer_modules(["deck"])


def test_only_names_the_registry_in_its_error():
    with pytest.raises(
        UsageError, match=r"unknown output 'slides' \(choose from deck, script, handout, html, audio, video\)"
    ):
        choose_outputs("slides")


def test_the_handout_writes_from_the_episode_alone(tmp_path, seed_episode):
    result = writers()["handout"].write(BaseProduction(seed_episode), tmp_path)
    assert isinstance(result, WriteResult)
    assert result.files == writers()["handout"].files
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(result.files)
    assert str(result.stats["handout"]).startswith("1 page")


@pytest.mark.parametrize("name", ["deck", "script", "html"])
def test_each_writer_writes_the_files_it_declares(tmp_path, name):
    result = build_episode(SEED, tmp_path / name, [name])
    assert tuple(result.files) == writers()[name].files
    assert sorted(p.name for p in (tmp_path / name).iterdir() if not p.name.startswith(".")) == sorted(
        result.files
    )
    assert {"deck": "slides", "script": "seconds"}.get(name, "") in (*result.stats, "")


@dataclasses.dataclass(frozen=True)
class TitleWriter:
    """An output that is not part of deckcast: the episode's title, in one file."""

    name: str = "title"
    files: tuple[str, ...] = ("title.txt",)
    heavy_imports: tuple[str, ...] = ()
    needs_plan: bool = False

    def write(self, production, out: Path) -> WriteResult:
        (out / "title.txt").write_text(production.episode.title, encoding="utf-8")
        return WriteResult(self.files, ("title: written",), {"title": len(production.episode.title)})


def test_adding_an_output_is_one_registry_entry(out, seed_episode, monkeypatch):
    monkeypatch.setattr(writers_module, "REGISTRY", (*writers_module.REGISTRY, TitleWriter()))
    result = run("build", SEED, "-o", out, "--only", "deck,title")
    assert result.exit_code == 0, result.output
    assert "title: written" in result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["deck.pptx", "title.txt"]
    assert (out / "title.txt").read_text(encoding="utf-8") == seed_episode.title


def test_registered_writers_import_their_module_only_to_write():
    deck = writers()["deck"]
    assert isinstance(deck, Registered) and deck.module == "generator.writers.deck"
    assert deck.heavy_imports[-1] == deck.module
