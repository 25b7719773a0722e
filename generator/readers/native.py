"""The native format a person writes by hand: Markdown with YAML front matter.

---
title: AI 對齊到底有多難？
show: 最佳拍檔
host: {name: 大飛, greeting: 大家好…, sign_off: 感謝大家的觀看…}
language: zh-Hant
speakers:
  - {id: amanda-askell, name: 阿曼達·阿斯凱爾, alt_name: Amanda Askell, role: 研究方向為對齊微調}
---
# 觀眾提問環節 {kind=qa}
- **問題 1：** …
  - **阿曼達·阿斯凱爾：** …
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml  # type: ignore[import-untyped]

from ..errors import Diagnostic, SourceError
from .speakers import parse_roster_entry

_FENCE = re.compile(r"^---\s*$")
_END_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
LANGUAGE_ALIASES = {
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh_tw": "zh-Hant",
    "hant": "zh-Hant",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh_cn": "zh-Hans",
    "zh": "zh-Hans",
    "hans": "zh-Hans",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
    "english": "en",
}
_KEYS = {"title", "topic", "show", "host", "greeting", "sign_off", "language", "date", "speakers"}
_KEY_ALIASES = {"signoff": "sign_off", "sign-off": "sign_off", "lang": "language"}
_HOST_KEYS = {"name", "greeting", "sign_off", "co_hosts"}
_SPEAKER_KEYS = {"id", "name", "alt_name", "role"}
_SPEAKER_ALIASES = {"alt": "alt_name", "english_name": "alt_name", "en": "alt_name", "affiliation": "role"}


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # PyYAML is untyped
    """YAML's safe loader held to plain values: text, numbers, booleans, dates (with or
    without a time), lists, mappings and null. A set (`!!set`, whose order changes from run
    to run, so two builds would differ), bytes (`!!binary`, shown as `b'…'`), ordered pairs,
    NaN or infinite numbers and duplicate keys are refused, at the line of the value."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *base` may be overridden
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class says so
                break
            if duplicate:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else key
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key `{name}`", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value: float = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise yaml.constructor.ConstructorError(
                None, None, f"`{node.value}` is not a finite number (quote it if it is text)", node.start_mark
            )
        return value


def _refuse(what: str) -> Callable[[_PlainLoader, yaml.Node], None]:
    def construct(loader: _PlainLoader, node: yaml.Node) -> None:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"{what} is not allowed (use text, numbers, dates, lists and mappings)",
            node.start_mark,
        )

    return construct


_PlainLoader.add_constructor("tag:yaml.org,2002:float", _PlainLoader.construct_yaml_float)
for _tag, _what in (
    ("set", "a set (`!!set`)"),
    ("binary", "binary data (`!!binary`)"),
    ("omap", "an ordered map (`!!omap`)"),
    ("pairs", "a list of pairs (`!!pairs`)"),
):
    _PlainLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse(_what))


@dataclass(frozen=True)
class FrontSpeaker:
    """A speaker as the front matter lists them (`- {id: …, name: …}` or `- 名字（role）`), at
    the line of its entry."""

    name: str
    line: int
    alt_name: str | None = None
    role: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, str] = field(default_factory=dict)  # title, topic, show, host, … as text
    speakers: tuple[FrontSpeaker, ...] = ()
    co_hosts: tuple[str, ...] = ()
    body_start: int = 1  # 1-based line where the body begins


def has_front_matter(lines: list[str]) -> bool:
    return bool(lines) and bool(_FENCE.match(lines[0])) and any(_END_FENCE.match(x) for x in lines[1:])


def read_front_matter(lines: list[str], path: str) -> tuple[FrontMatter, list[Diagnostic]]:
    end = next(i for i in range(1, len(lines)) if _END_FENCE.match(lines[i]))
    node, data = _load("\n".join(lines[1:end]), path)
    lines_of = _key_lines(node)
    values: dict[str, str] = {}
    speakers: tuple[FrontSpeaker, ...] = ()
    co_hosts: tuple[str, ...] = ()
    warnings: list[Diagnostic] = []
    for raw_key, value in data.items():
        key = _KEY_ALIASES.get(str(raw_key).lower(), str(raw_key).lower())
        line = lines_of.get(str(raw_key), 2)
        if key not in _KEYS:
            warnings.append(Diagnostic(f"front matter: unknown key '{raw_key}' ignored", path, line))
        elif key == "speakers":
            speakers = _speakers(value, path, line, node)
        elif key == "host" and isinstance(value, dict):
            given = _host(value, path, line, values, warnings)
            co_hosts = co_hosts if given is None else given
        else:
            values[key] = _value(key, value, path, line)
    return FrontMatter(values, speakers, co_hosts, body_start=end + 2), warnings


def _load(source: str, path: str) -> tuple[yaml.Node | None, dict[Any, Any]]:
    """The front matter's YAML node (for the lines of its keys) and its mapping; YAML that
    does not load, or is not a mapping, is refused at its line."""
    loader = _PlainLoader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise SourceError(f"front matter: {problem}", path, line) from None
    except (ValueError, OverflowError, TypeError, RecursionError) as exc:  # e.g. a date like 2024-02-31
        raise SourceError(f"front matter: {exc}", path, 2) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of `key: value` lines", path, 2)
    return node, data


def _host(
    host: dict[Any, Any], path: str, line: int, values: dict[str, str], warnings: list[Diagnostic]
) -> tuple[str, ...] | None:
    """`host: {name: …, greeting: …, sign_off: …, co_hosts: […]}` into the values (`host`
    for its name); the co-hosts it names, or None when it names none."""
    co_hosts = None
    for host_key, host_value in host.items():
        name = _KEY_ALIASES.get(str(host_key).lower(), str(host_key).lower())
        if name not in _HOST_KEYS:
            warnings.append(Diagnostic(f"front matter: unknown host key '{host_key}' ignored", path, line))
        elif name == "co_hosts":
            names = host_value if isinstance(host_value, list) else [host_value]
            co_hosts = tuple(_text(n, "host.co_hosts", path, line) for n in names)
        else:
            values["host" if name == "name" else name] = _text(host_value, f"host.{name}", path, line)
    return co_hosts


def _value(key: str, value: Any, path: str, line: int) -> str:
    """A top-level value as text: the language by its code, a date as YYYY-MM-DD."""
    if key == "language":
        language = LANGUAGE_ALIASES.get(str(value).lower())
        if not language:
            raise SourceError(
                f"front matter: unknown language '{value}' (use zh-Hant, zh-Hans or en)", path, line
            )
        return language
    if key == "date" and isinstance(value, datetime.date):
        return value.isoformat()
    return _text(value, key, path, line)


def _text(value: Any, key: str, path: str, line: int) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise SourceError(f"front matter: '{key}' must be text", path, line)
    return str(value).strip()


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 2 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _speakers(value: Any, path: str, line: int, node: yaml.Node) -> tuple[FrontSpeaker, ...]:
    if not isinstance(value, list):
        raise SourceError("front matter: 'speakers' must be a list", path, line)
    item_lines = [line] * len(value)
    for k, v in node.value:
        if k.value == "speakers" and isinstance(v, yaml.SequenceNode):
            item_lines = [item.start_mark.line + 2 for item in v.value]
    return tuple(_speaker(item, item_line, path) for item, item_line in zip(value, item_lines, strict=False))


def _speaker(item: Any, line: int, path: str) -> FrontSpeaker:
    """One entry of `speakers:`: a mapping of id, name, alt_name and role, or one line of
    text read like a roster line (`阿曼達·阿斯凱爾 (Amanda Askell)：研究方向…`)."""
    if isinstance(item, str):
        entry = parse_roster_entry(None, item)
        if not entry:
            raise SourceError(f"front matter: cannot read a speaker name from '{item}'", path, line)
        return FrontSpeaker(entry[0], line, entry[1], entry[2])
    if not isinstance(item, dict) or "name" not in item:
        raise SourceError("front matter: each speaker needs at least a `name`", path, line)
    fields: dict[str, str | None] = {}
    for key, value in item.items():
        field_name = _SPEAKER_ALIASES.get(str(key).lower(), str(key).lower())
        if field_name not in _SPEAKER_KEYS:
            raise SourceError(
                f"front matter: unknown speaker key '{key}' (use id, name, alt_name, role)", path, line
            )
        fields[field_name] = None if value is None else _text(value, f"speakers.{field_name}", path, line)
    name = fields.get("name")
    if name is None or not name.strip():  # `name:` left empty, or `name: #…` (a YAML comment)
        raise SourceError("front matter: each speaker needs a `name` with text", path, line)
    return FrontSpeaker(name, line, fields.get("alt_name"), fields.get("role"), fields.get("id"))
