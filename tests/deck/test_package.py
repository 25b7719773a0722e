"""deck.package writes the package python-pptx's PackageWriter writes through `zipfile`,
byte for byte: the same members in the same order, the same relationships and content types,
the same deflated data, headers and central directory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pptx.opc.serialized import PackageWriter

from generator.deck import package as deck_package
from generator.plan.production import produce
from generator.readers import read_episode
from generator.writers import deck as deck_writer

ROOT = Path(__file__).resolve().parents[2]


class _FixedTimeZip:
    """python-pptx's physical writer interface over `zipfile`, fixed timestamps (the
    writer's own way before deck.package)."""

    def __init__(self, archive: zipfile.ZipFile):
        self._archive = archive

    def write(self, pack_uri, blob: bytes) -> None:
        self._archive.writestr(deck_package.member(pack_uri.membername), blob)


def _python_pptx_bytes(package) -> bytes:
    out = io.BytesIO()
    writer = PackageWriter(out, package._rels, tuple(package.iter_parts()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for step in (writer._write_content_types_stream, writer._write_pkg_rels, writer._write_parts):
            step(_FixedTimeZip(archive))
    return out.getvalue()


@pytest.mark.parametrize(
    "source",
    [
        "content/ai-alignment-salon.txt",
        "content/shipping-reliable-software.md",
        "tests/sources/layouts/designed-zh.md",
    ],
)
def test_package_is_what_python_pptx_and_zipfile_write(monkeypatch, source):
    """Slides, notes, hyperlinks (external relationships), images and tables included."""
    episode, _ = read_episode(ROOT / source)
    production = produce(episode)
    seen = {}

    def save(prs):  # python-pptx's bytes taken here: write_deck takes its slides out after saving
        package = prs.part.package
        seen["writable"] = deck_package.can_write(package)
        seen["python-pptx"] = _python_pptx_bytes(package)
        return deck_package.zipped(deck_package.members(package))

    monkeypatch.setattr(deck_writer, "_save", save)
    ours = deck_writer.write_deck(production.slides, episode, production.theme)
    assert seen["writable"]
    assert ours == seen["python-pptx"]


def test_escaped_attribute_values_match_lxml():
    """A URL with `&` and quotes in a relationship's target is escaped as lxml escapes it."""
    from lxml import etree

    value = 'https://example.org/?a=1&b="2"<3>\t'
    element = etree.Element("x")
    element.set("v", value)
    assert etree.tostring(element) == f'<x v="{deck_package._attr(value)}"/>'.encode()
