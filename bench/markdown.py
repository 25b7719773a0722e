"""Plain Markdown talks as a pandoc user writes them (issue 19): a title block, then `##`
sections with bullets (now and then a nested one), nothing deckcast-specific. The same file
goes to `deckcast build --only deck` and to `pandoc --slide-level=2 -o x.pptx`.

    plain_markdown(500)   # 500 `##` sections

Deterministic (seeded) English text of ordinary sentence lengths."""

from __future__ import annotations

import random

VOCABULARY = (
    "the team ships a release every week and measures what users do with it before the next "
    "change goes out so that nobody guesses about performance reliability or cost of running "
    "services in production while keeping the build simple enough for new people to follow"
)
WORDS = VOCABULARY.split()


def _sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(6, 14))
    return " ".join(words).capitalize() + "."


def plain_markdown(sections: int, seed: int = 19) -> str:
    """A talk of `sections` `##` sections of 3 to 6 bullets, one in four with sub-bullets."""
    rng = random.Random(seed)
    lines = ["---", "title: A plain Markdown talk", "---", ""]
    for n in range(1, sections + 1):
        lines += [f"## Section {n}: {_sentence(rng)[:-1]}", ""]
        for _ in range(rng.randint(3, 6)):
            lines.append(f"- {_sentence(rng)}")
            if rng.random() < 0.25:
                lines += [f"  - {_sentence(rng)}" for _ in range(rng.randint(1, 2))]
        lines.append("")
    return "\n".join(lines)
