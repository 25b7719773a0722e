"""The deck's package as bytes: the same members, in the same order and with the same bytes as
python-pptx's `PackageWriter` over a `zipfile` (content types, package relationships, then
each part and its relationships), with fixed timestamps.

python-pptx builds every `.rels` item as a tree of its element classes (a parse per
relationship) and `zipfile` opens, seeks back and rewrites a header per member: on a
1,000-slide deck (4,000 members) that was a third of the deck writer. Here the
relationships and content types are written as XML text (the bytes lxml serializes) and each
member is deflated exactly as `zipfile.writestr` deflates it, its header written once by
`zipfile`'s own `ZipInfo.FileHeader`; the central directory is `zipfile`'s own too. Tested
against `PackageWriter` + `zipfile` (tests/deck/test_package.py)."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)
DATE_TIME = (1980, 1, 1, 0, 0, 0)


def _attr(value: str) -> str:
    return value.translate(_ESCAPES)


def member(name: str) -> zipfile.ZipInfo:
    """A member's entry: fixed timestamp and mode, deflated."""
    info = zipfile.ZipInfo(name, date_time=DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


@lru_cache(maxsize=256)
def _relative_folder(folder: str, base: str) -> str:
    return posixpath.relpath(folder, base)


def _target_ref(rel: Any, base: str) -> str:
    """python-pptx's `_Relationship.target_ref`: the URL, or the target's partname relative
    to the source's folder (`base`), with the relative folder computed once per pair."""
    if rel.is_external:
        return str(rel.target_ref)
    partname = str(rel.target_partname)
    if base == "/":
        return partname[1:]
    folder, name = partname.rsplit("/", 1)
    relative = _relative_folder(folder or "/", base)
    return name if relative == "." else f"{relative}/{name}"


def rels_xml(rels: Any, base: str) -> bytes:
    """`_Relationships.xml`: the relationships in numerical order of their ids."""
    ordered = sorted((int(r[3:]) if r.startswith("rId") and r[3:].isdigit() else 0, r) for r in rels)
    out = [f'<Relationships xmlns="{_RELS_NS}">']
    for _, r_id in ordered:
        rel = rels[r_id]
        mode = ' TargetMode="External"' if rel.is_external else ""
        out.append(
            f'<Relationship Id="{_attr(r_id)}" Type="{_attr(rel.reltype)}" '
            f'Target="{_attr(_target_ref(rel, base))}"{mode}/>'
        )
    out.append("</Relationships>")
    return _DECLARATION + "".join(out).encode("utf-8")


def content_types_xml(parts: list[Any]) -> bytes:
    """`[Content_Types].xml` as python-pptx composes it: defaults sorted by extension,
    overrides by partname."""
    from pptx.opc.serialized import _ContentTypesItem

    defaults, overrides = _ContentTypesItem(parts)._defaults_and_overrides
    out = [f'<Types xmlns="{_TYPES_NS}">']
    out += [
        f'<Default Extension="{_attr(ext)}" ContentType="{_attr(kind)}"/>'
        for ext, kind in sorted(defaults.items())
    ]
    out += [
        f'<Override PartName="{_attr(name)}" ContentType="{_attr(kind)}"/>'
        for name, kind in sorted(overrides.items())
    ]
    out.append("</Types>")
    return _DECLARATION + "".join(out).encode("utf-8")


def members(package: Any) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) in `PackageWriter`'s order."""
    parts = list(package.iter_parts())
    yield "[Content_Types].xml", content_types_xml(parts)
    yield "_rels/.rels", rels_xml(package._rels, "/")
    for part in parts:
        partname = part.partname
        yield partname.membername, part.blob
        if part._rels:
            yield partname.rels_uri.membername, rels_xml(part._rels, partname.baseURI)


def zipped(items: Iterator[tuple[str, bytes]]) -> bytes:
    """The members as `zipfile.ZipFile.writestr` writes them into a seekable file: header
    (written once, sizes known), deflated data; then `zipfile`'s central directory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            info = member(name)
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            packed = compressor.compress(data) + compressor.flush()
            info.file_size, info.compress_size, info.CRC = len(data), len(packed), zlib.crc32(data)
            info.header_offset = out.tell()
            out.write(info.FileHeader(info.file_size * 1.05 > zipfile.ZIP64_LIMIT))
            out.write(packed)
            archive.filelist.append(info)
            archive.NameToInfo[name] = info
            archive.start_dir = out.tell()
            archive._didModify = True  # type: ignore[attr-defined]  # zipfile writes the directory only then
    return out.getvalue()


def can_write(package: Any) -> bool:
    """Whether this Python's `zipfile` and this python-pptx have what `members` and `zipped`
    rely on (else the deck is saved by python-pptx and re-zipped)."""
    try:
        from pptx.opc.serialized import _ContentTypesItem
    except ImportError:
        return False
    archive = zipfile.ZipFile(io.BytesIO(), "w")
    found = all(hasattr(archive, name) for name in ("filelist", "NameToInfo", "start_dir", "_didModify"))
    archive.close()
    return (
        found
        and hasattr(zipfile.ZipInfo, "FileHeader")
        and hasattr(_ContentTypesItem, "_defaults_and_overrides")
        and hasattr(package, "_rels")
    )
