"""Everything the outputs of one episode share, computed once: the theme, the fitted slide
plan, the voice and the narration (which is both the deck's notes and the script)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .model import Episode


@dataclass(frozen=True)
class Production:
    episode: Episode
    slides: list  # deck.plan.Slide, fitted, numbered, notes = narration
    theme: object  # deck.template.Theme
    voice: object  # voice.Voice
    narration: object  # narration.Narration
    warnings: tuple[str, ...]
    templates: str | None = None
    paper: str = "a4"


def produce(episode: Episode, theme: str | None = None, templates: str | None = None,
            voice: str | None = None, minutes: float | None = None, paper: str = "a4") -> Production:
    from .deck.plan import fit_slides, render_plan
    from .deck.template import open_theme, resolve_theme
    from .narration import narrate_slides
    from .voice import choose_voice

    opened = open_theme(resolve_theme(theme, templates))
    slides, labels = render_plan(episode, templates)
    plan = fit_slides(slides, opened.frames, labels.get("continued", " (cont.)"))
    chosen = choose_voice(episode, voice, templates)
    narration = narrate_slides(plan.slides, episode, chosen, minutes, templates)
    fitted = [replace(s, notes=text) for s, text in zip(plan.slides, narration.texts)]
    return Production(episode, fitted, opened, chosen, narration, tuple(opened.warnings + plan.warnings),
                      templates, paper)
