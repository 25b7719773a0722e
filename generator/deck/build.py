"""The deck output: theme -> slide plan -> fitted plan with narration -> deck.pptx."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import Episode
from .plan import DeckPlan, fit_slides, render_plan

FILE = "deck.pptx"


def plan_deck(episode: Episode, theme_name: str | None = None, templates: str | None = None):
    """The fitted slide plan with its narration, and the opened theme it was fitted to."""
    from ..narration import narrate
    from .template import open_theme, resolve_theme

    theme = open_theme(resolve_theme(theme_name, templates))
    slides, labels = render_plan(episode, templates)
    plan = fit_slides(slides, theme.frames, labels.get("continued", " (cont.)"))
    plan = DeckPlan([replace(s, notes=narrate(s, episode.language)) for s in plan.slides],
                    theme.warnings + plan.warnings)
    return plan, theme


def write(episode: Episode, directory: Path, theme: str | None = None, templates: str | None = None):
    from .pptx_writer import write_deck

    plan, opened = plan_deck(episode, theme, templates)
    (directory / FILE).write_bytes(write_deck(plan.slides, episode, opened))
    return [FILE], plan.warnings
