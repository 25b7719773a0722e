"""Every output of every bundled and test source is byte-identical to the recorded hashes
(tests/golden/outputs.json, written by `python tools/golden_outputs.py --update` in a commit
that says why the outputs changed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import golden_outputs  # noqa: E402


@pytest.mark.slow
def test_every_output_of_every_source_is_unchanged():
    recorded = json.loads(golden_outputs.GOLDEN.read_text(encoding="utf-8"))
    same = recorded["libraries"] == golden_outputs.libraries()
    if not same:
        print(f"libraries differ from the recorded ones ({recorded['libraries']}): PDFs not compared")
    now = golden_outputs.build_all()
    assert set(now) == golden_outputs.source_names()
    assert golden_outputs.differences(recorded["outputs"], now, same) == []
