"""s2tw with its dictionary groups made into single dictionaries converts exactly as OpenCC's
own s2tw: proven on every entry of the dictionaries it names and on the sources."""

from __future__ import annotations

import json
import random
import subprocess

import opencc
import pytest
from _support import CONTENT, ROOT

from generator.text import chinese, flat_dictionaries
from generator.text.flat_dictionaries import _Flattener, _share, _tool, flat_config

pytestmark = pytest.mark.skipif(_tool() is None, reason="this OpenCC wheel ships no opencc_dict")


@pytest.fixture(scope="module")
def flat(tmp_path_factory):
    made = flat_config("s2tw", tmp_path_factory.mktemp("opencc"))
    assert made is not None
    return made


@pytest.fixture(scope="module")
def words(tmp_path_factory):
    """Every key and every value of every dictionary s2tw names."""
    tool, share = _tool(), _share()
    config = json.loads((share / "s2tw.json").read_text(encoding="utf-8"))
    found: list[str] = []
    work = tmp_path_factory.mktemp("dumps")
    for n, file in enumerate(sorted(set(flat_dictionaries._files(config)))):
        text = work / f"{n}.txt"
        subprocess.run(
            [str(tool), "-i", str(share / file), "-o", str(text), "-f", "ocd2", "-t", "text"], check=True
        )
        for line in text.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            found += [key, *values.split(" ")]
    assert len(found) > 100_000
    return found


def test_the_flat_config_names_one_dictionary_per_step(flat):
    config = json.loads(flat.read_text(encoding="utf-8"))
    assert "group" not in flat.read_text(encoding="utf-8")
    assert len(config["conversion_chain"]) == 2
    for step in [config["segmentation"], *config["conversion_chain"], *config["normalization"]]:
        assert step["dict"]["type"] == "ocd2"


def test_every_entry_converts_as_stock_s2tw(flat, words):
    stock, ours = opencc.OpenCC("s2tw"), opencc.OpenCC(str(flat))
    assert ours.convert("\n".join(words)) == stock.convert("\n".join(words))
    shuffled = list(words)
    rng = random.Random(19)
    for _ in range(5):  # run together, so that phrases meet and overlap at every boundary
        rng.shuffle(shuffled)
        glued = "".join(shuffled)
        assert ours.convert(glued) == stock.convert(glued)
        pieces = [glued[i : i + rng.randint(1, 12)] for i in range(0, len(glued), 5)]
        assert ours.convert("\n".join(pieces)) == stock.convert("\n".join(pieces))


def test_the_sources_convert_as_stock_s2tw(flat):
    stock, ours = opencc.OpenCC("s2tw"), opencc.OpenCC(str(flat))
    sources = [p for p in [*CONTENT.iterdir(), *(ROOT / "tests" / "sources").rglob("*")] if p.is_file()]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sources if p.suffix in (".txt", ".md")]
    assert len(texts) > 10
    for text in texts:
        assert ours.convert(text) == stock.convert(text)


def test_made_once_then_used_as_it_is(tmp_path, monkeypatch):
    first = flat_config("s2tw", tmp_path)
    assert first is not None

    def no_tool(*args, **kwargs):
        raise AssertionError("made again")

    monkeypatch.setattr(subprocess, "run", no_tool)
    assert flat_config("s2tw", tmp_path) == first
    assert [p.name for p in tmp_path.iterdir()] == [first.parent.name]  # no work folder left


def test_without_the_tool_or_a_cache_the_stock_config_is_used(tmp_path, monkeypatch):
    monkeypatch.setattr(flat_dictionaries, "_tool", lambda: None)
    assert flat_config("s2tw", tmp_path) is None
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.undo()
    assert flat_config("s2tw", blocked / "opencc") is None  # the cache cannot be made
    monkeypatch.setenv("DECKCAST_CACHE", str(blocked))
    chinese.release_dictionaries()
    try:
        assert chinese.to_script("关于模型中的涌现现象", chinese.HANT) == "關於模型中的湧現現象"
    finally:
        chinese.release_dictionaries()


def test_a_group_whose_later_member_has_phrases_is_left_a_group(tmp_path):
    tool = _tool()
    assert tool is not None
    for name, text in [("a", "干净\t乾淨\n"), ("b", "干\t幹\n干杯\t乾杯\n")]:
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        subprocess.run(
            [
                str(tool),
                "-i",
                str(tmp_path / f"{name}.txt"),
                "-o",
                str(tmp_path / f"{name}.ocd2"),
                "-f",
                "text",
                "-t",
                "ocd2",
            ],
            check=True,
        )
    group = {
        "type": "group",
        "dicts": [{"type": "ocd2", "file": "a.ocd2"}, {"type": "ocd2", "file": "b.ocd2"}],
    }
    work = tmp_path / "work"
    work.mkdir()
    kept = _Flattener(tmp_path, tool, work, work).config(group)
    assert kept["type"] == "group" and [d["file"] for d in kept["dicts"]] == [
        str(tmp_path / "a.ocd2"),
        str(tmp_path / "b.ocd2"),
    ]
    union = _Flattener(tmp_path, tool, work, work).config({**group, "match_policy": "union"})
    assert union["type"] == "ocd2"
    # the union, flattened, matches the longest key of either member
    config = {
        "name": "t",
        "segmentation": {"type": "mmseg", "dict": union},
        "conversion_chain": [{"dict": union}],
    }
    (tmp_path / "t.json").write_text(json.dumps(config), encoding="utf-8")
    assert opencc.OpenCC(str(tmp_path / "t.json")).convert("干净干杯干") == "乾淨乾杯幹"
