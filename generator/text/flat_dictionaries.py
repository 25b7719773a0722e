"""OpenCC's s2tw with its dictionary groups made into single dictionaries, once per OpenCC
install, kept in the user cache.

Loading `OpenCC("s2tw")` takes 0.14-0.19 s, most of it OpenCC building lookup tables for its
dictionary *groups* (phrases with the regional phrases as a "union", then with the
characters as a "short_circuit" group): it reads every entry of every member. A config
naming one dictionary file per step loads in 0.035-0.045 s. Made into one dictionary, a
group gives the same answers:

- a "union" group matches the longest key of any member, the earlier member winning a tie:
  one dictionary with every member's entries, an earlier member's kept where keys are
  equal, matches the same;
- a "short_circuit" group takes the match of the first member that has one. When every
  member after the first has one-character keys only, a later member can only match one
  character, which the earlier member's match, if any, equals or exceeds: again the longest
  key, the earlier member winning a tie. A group that is not of that shape is left as it is.

Proven on this OpenCC's own dictionaries (tests/test_flat_dictionaries.py): every key and
value, one per line and shuffled and run together, and the bundled and test sources convert
the same with both. Made with the `opencc_dict` tool the OpenCC wheel ships; where it or the
cache is missing, the stock config is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

#: The configs worth flattening (t2s loads in about 5 ms as it is).
FLATTENED = frozenset({"s2tw"})
_FORMAT = "1"  # how the flat config is made: part of its folder's name


def _share() -> Path:
    import opencc

    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def _tool() -> Path | None:
    import opencc

    found = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    return found if found.is_file() and os.access(found, os.X_OK) else None


def flat_config(name: str, cache: Path) -> Path | None:
    """The flat config of the OpenCC config `name`, made under `cache` the first time; None
    where it cannot be made (the stock config is then the one to use)."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, subprocess.SubprocessError):
        share, tool = _share(), _tool()
        if tool is None:
            return None
        config = json.loads((share / f"{name}.json").read_text(encoding="utf-8"))
        folder = cache / f"{name}-{_FORMAT}-{_key(share, config)}"
        made = folder / f"{name}.json"
        if made.is_file():
            return made
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".making-", dir=cache))
        try:
            flat = _Flattener(share, tool, work, folder).config(config)
            (work / f"{name}.json").write_text(json.dumps(flat, ensure_ascii=False), encoding="utf-8")
            for text in work.glob("*.txt"):
                text.unlink()
            try:
                work.rename(folder)
            except OSError:  # another build made it meanwhile
                if not made.is_file():
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return made
    return None


def _key(share: Path, config: Any) -> str:
    """OpenCC's version and folder (the flat config names its files there), the config and
    the bytes of every dictionary it names."""
    import opencc

    digest = hashlib.sha256(f"{opencc.__version__}\n{share}\n".encode())
    digest.update(json.dumps(config, sort_keys=True).encode())
    for file in sorted(set(_files(config))):
        digest.update(file.encode())
        digest.update((share / file).read_bytes())
    return digest.hexdigest()[:16]


def _files(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["file"]] if isinstance(node.get("file"), str) else []
        return own + [f for value in node.values() for f in _files(value)]
    if isinstance(node, list):
        return [f for value in node for f in _files(value)]
    return []


class _Flattener:
    def __init__(self, share: Path, tool: Path, work: Path, final: Path):
        """Dictionaries are made in `work`, which becomes `final`: the config names them there."""
        self.share, self.tool, self.work, self.final = share, tool, work, final
        self.made = 0

    def config(self, node: Any) -> Any:
        """The config with each flattenable group one dictionary, every file path absolute."""
        if isinstance(node, list):
            return [self.config(value) for value in node]
        if not isinstance(node, dict):
            return node
        if node.get("type") == "group":
            entries = self._group_entries(node)
            if entries is not None:
                return self._compiled(entries)
            return {**node, "dicts": [self.config(d) for d in node["dicts"]]}
        if node.get("type") == "ocd2" and isinstance(node.get("file"), str):
            return {**node, "file": str(self.share / node["file"])}
        return {key: self.config(value) for key, value in node.items()}

    def _group_entries(self, group: dict[str, Any]) -> list[tuple[str, str]] | None:
        """The group's entries as one dictionary (an earlier member's kept for equal keys),
        or None when the group cannot be one."""
        members = []
        for member in group["dicts"]:
            if member.get("may_output_tofu") or set(member) - {"type", "file", "match_policy", "dicts"}:
                return None
            entries = self._group_entries(member) if member.get("type") == "group" else self._entries(member)
            if entries is None:
                return None
            members.append(entries)
        policy = group.get("match_policy", "short_circuit")
        if policy == "short_circuit":
            if any(len(key) != 1 for later in members[1:] for key, _ in later):
                return None
        elif policy != "union":
            return None
        kept: dict[str, str] = {}
        for entries in members:
            for key, values in entries:
                kept.setdefault(key, values)
        return list(kept.items())

    def _entries(self, member: dict[str, Any]) -> list[tuple[str, str]] | None:
        if member.get("type") != "ocd2" or not isinstance(member.get("file"), str):
            return None
        self.made += 1
        text = self.work / f"dump-{self.made}.txt"
        self._run(self.share / member["file"], text, "ocd2", "text")
        entries = []
        for line in text.read_text(encoding="utf-8").splitlines():
            if line:
                key, _, values = line.partition("\t")
                if not values:
                    return None
                entries.append((key, values))
        return entries

    def _compiled(self, entries: list[tuple[str, str]]) -> dict[str, str]:
        self.made += 1
        text = self.work / f"flat-{self.made}.txt"
        text.write_text("".join(f"{key}\t{values}\n" for key, values in entries), encoding="utf-8")
        out = self.work / f"flat-{self.made}.ocd2"
        self._run(text, out, "text", "ocd2")
        return {"type": "ocd2", "file": str(self.final / out.name)}

    def _run(self, source: Path, target: Path, kind: str, to: str) -> None:
        subprocess.run(
            [str(self.tool), "-i", str(source), "-o", str(target), "-f", kind, "-t", to],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
