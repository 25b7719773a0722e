"""The deck output on its own: theme -> slide plan -> fitted plan with narration -> deck.pptx.

The build now goes through `generator.production.produce` (which computes the plan and the
narration once for the deck and the script); this module is a thin wrapper over it for code
and tests that want just the deck."""

from __future__ import annotations

from pathlib import Path

from ..model import Episode
from .plan import DeckPlan

FILE = "deck.pptx"


def plan_deck(episode: Episode, theme_name: str | None = None, templates: str | None = None):
    """The fitted slide plan with its narration, and the opened theme it was fitted to."""
    from ..production import produce

    production = produce(episode, theme_name, templates)
    return DeckPlan(list(production.slides), list(production.warnings)), production.theme


def write(episode: Episode, directory: Path, theme: str | None = None, templates: str | None = None):
    from .pptx_writer import write_deck

    plan, opened = plan_deck(episode, theme, templates)
    (directory / FILE).write_bytes(write_deck(plan.slides, episode, opened))
    return [FILE], plan.warnings
