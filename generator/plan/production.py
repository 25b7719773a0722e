"""Everything the outputs of one episode share, computed once: the theme, the fitted slide
plan, the voice and the narration (which is both the deck's notes and the script)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Episode
from ..templating import Templates

if TYPE_CHECKING:  # imported when produce() runs: `deckcast --help` loads none of them
    from ..deck.theme import Theme
    from ..media.voicing import Voicing
    from .narration import Narration
    from .slides import Slide
    from .voice import Voice


@dataclass(frozen=True)
class Production:
    episode: Episode
    slides: list[Slide]  # fitted, numbered, notes = narration
    theme: Theme
    voice: Voice
    narration: Narration
    warnings: tuple[str, ...]
    templates: Templates = Templates()
    paper: str = "a4"
    voicing: Voicing | None = None  # the clips, when audio or video is made (narration.seconds = theirs)
    audio_format: str = "m4a"  # the audio writer's: m4a (AAC) or mp3
    burn_subtitles: bool = False  # the video writer's: subtitles drawn into the picture as well


def produce(
    episode: Episode,
    theme: str | None = None,
    templates: Templates = Templates(),
    voice: str | None = None,
    minutes: float | None = None,
    paper: str = "a4",
) -> Production:
    from ..deck.theme import open_theme, resolve_theme
    from .narration import narrate_slides
    from .slides import check_slide_count, evolve, fit_slides, render_plan
    from .voice import choose_voice

    opened = open_theme(resolve_theme(theme, templates))
    check_slide_count(episode, opened.frames, templates)  # before the costly planning
    slides, labels = render_plan(episode, templates)
    plan = fit_slides(slides, opened.frames, labels.get("continued", " (cont.)"), episode)
    chosen = choose_voice(episode, voice, templates)
    narration = narrate_slides(plan.slides, episode, chosen, minutes, templates)
    fitted = [evolve(s, notes=text) for s, text in zip(plan.slides, narration.texts, strict=False)]
    warnings = opened.warnings + plan.warnings
    if (chosen.language == "en") != (episode.language == "en"):
        warnings.append(
            f"the voice speaks {_LANGUAGE[chosen.language]} but the episode is in "
            f"{_LANGUAGE[episode.language]}: the narration mixes the two languages"
        )
    return Production(episode, fitted, opened, chosen, narration, tuple(warnings), templates, paper)


_LANGUAGE = {"en": "English", "zh-Hant": "Chinese", "zh-Hans": "Chinese"}
