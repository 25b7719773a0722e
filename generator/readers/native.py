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
from dataclasses import dataclass, field
from typing import Any

import yaml

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


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader held to plain values: text, numbers, booleans, dates (with or
    without a time), lists, mappings and null. A set (`!!set`, whose order changes from run
    to run, so two builds would differ), bytes (`!!binary`, shown as `b'…'`), ordered pairs,
    NaN or infinite numbers and duplicate keys are refused, at the line of the value."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
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
        return super().construct_mapping(node, deep)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise yaml.constructor.ConstructorError(
                None, None, f"`{node.value}` is not a finite number (quote it if it is text)", node.start_mark
            )
        return value


def _refuse(what: str):
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


@dataclass
class FrontMatter:
    values: dict[str, Any] = field(default_factory=dict)
    speakers: list[dict[str, Any]] = field(default_factory=list)
    co_hosts: list[str] = field(default_factory=list)
    body_start: int = 1  # 1-based line where the body begins


def has_front_matter(lines: list[str]) -> bool:
    return bool(lines) and bool(_FENCE.match(lines[0])) and any(_END_FENCE.match(x) for x in lines[1:])


def read_front_matter(lines: list[str], path: str) -> tuple[FrontMatter, list[Diagnostic]]:
    end = next(i for i in range(1, len(lines)) if _END_FENCE.match(lines[i]))
    source = "\n".join(lines[1:end])
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
    lines_of = _key_lines(node)
    front = FrontMatter(body_start=end + 2)
    warnings: list[Diagnostic] = []
    for raw_key, value in data.items():
        key = _KEY_ALIASES.get(str(raw_key).lower(), str(raw_key).lower())
        line = lines_of.get(str(raw_key), 2)
        if key not in _KEYS:
            warnings.append(Diagnostic(f"front matter: unknown key '{raw_key}' ignored", path, line))
        elif key == "speakers":
            front.speakers = _speakers(value, path, line, node)
        elif key == "host" and isinstance(value, dict):
            for host_key, host_value in value.items():
                name = _KEY_ALIASES.get(str(host_key).lower(), str(host_key).lower())
                if name not in _HOST_KEYS:
                    warnings.append(
                        Diagnostic(f"front matter: unknown host key '{host_key}' ignored", path, line)
                    )
                    continue
                if name == "co_hosts":
                    names = host_value if isinstance(host_value, list) else [host_value]
                    front.co_hosts = [_text(n, "host.co_hosts", path, line) for n in names]
                    continue
                front.values["host" if name == "name" else name] = _text(
                    host_value, f"host.{name}", path, line
                )
        elif key == "language":
            language = LANGUAGE_ALIASES.get(str(value).lower())
            if not language:
                raise SourceError(
                    f"front matter: unknown language '{value}' (use zh-Hant, zh-Hans or en)", path, line
                )
            front.values[key] = language
        elif key == "date":
            front.values[key] = (
                value.isoformat() if isinstance(value, datetime.date) else _text(value, key, path, line)
            )
        else:
            front.values[key] = _text(value, key, path, line)
    return front, warnings


def _text(value: Any, key: str, path: str, line: int) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise SourceError(f"front matter: '{key}' must be text", path, line)
    return str(value).strip()


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 2 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _speakers(value: Any, path: str, line: int, node: yaml.Node) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise SourceError("front matter: 'speakers' must be a list", path, line)
    item_lines = [line] * len(value)
    for k, v in node.value:
        if k.value == "speakers" and isinstance(v, yaml.SequenceNode):
            item_lines = [item.start_mark.line + 2 for item in v.value]
    speakers = []
    for item, item_line in zip(value, item_lines, strict=False):
        if isinstance(item, str):
            entry = parse_roster_entry(None, item)
            if not entry:
                raise SourceError(f"front matter: cannot read a speaker name from '{item}'", path, item_line)
            speakers.append({"name": entry[0], "alt_name": entry[1], "role": entry[2], "line": item_line})
            continue
        if not isinstance(item, dict) or "name" not in item:
            raise SourceError("front matter: each speaker needs at least a `name`", path, item_line)
        speaker: dict[str, Any] = {"line": item_line}
        for key, field_value in item.items():
            name = _SPEAKER_ALIASES.get(str(key).lower(), str(key).lower())
            if name not in _SPEAKER_KEYS:
                raise SourceError(
                    f"front matter: unknown speaker key '{key}' (use id, name, alt_name, role)",
                    path,
                    item_line,
                )
            speaker[name] = (
                None if field_value is None else _text(field_value, f"speakers.{name}", path, item_line)
            )
        if not (speaker.get("name") or "").strip():  # `name:` left empty, or `name: #…` (a YAML comment)
            raise SourceError("front matter: each speaker needs a `name` with text", path, item_line)
        speakers.append(speaker)
    return speakers
