"""Draw the pictures of the bundled English talk (content/shipping-reliable-software.md):
a bar chart and a pipeline diagram, made here so their licence is the project's own.
Deterministic: the same PNG bytes on every run. Run: python tools/make_example_images.py"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "content" / "images"
NAVY, TEAL, ORANGE, GREY, WHITE = "#0B2545", "#13807F", "#E07A2F", "#C9D1DA", "#FFFFFF"


def lead_time(path: Path) -> None:
    """Median lead time (days) by batch size: five bars, axis and baseline."""
    width, height = 1200, 700
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    values = [1, 2, 4, 9, 21]
    left, bottom, top = 120, height - 100, 60
    draw.line([(left, top), (left, bottom), (width - 60, bottom)], fill=NAVY, width=4)
    for n in range(0, 25, 5):
        y = bottom - (bottom - top) * n / 24
        draw.line([(left - 12, y), (left, y)], fill=NAVY, width=3)
        draw.line([(left + 4, y), (width - 60, y)], fill=GREY, width=1)
    bar, gap = 150, 60
    for i, value in enumerate(values):
        x = left + gap + i * (bar + gap)
        y = bottom - (bottom - top) * value / 24
        draw.rectangle([x, y, x + bar, bottom - 2], fill=TEAL if i < 2 else ORANGE)
    image.save(path, optimize=True)


def pipeline(path: Path) -> None:
    """Commit -> test -> review -> deploy as four boxes joined by arrows."""
    width, height = 1200, 400
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    box_w, box_h, gap = 220, 140, 80
    y = (height - box_h) // 2
    for i in range(4):
        x = 40 + i * (box_w + gap)
        draw.rounded_rectangle([x, y, x + box_w, y + box_h], radius=24, fill=TEAL if i < 3 else NAVY)
        if i < 3:
            ax = x + box_w + 10
            draw.line([(ax, y + box_h // 2), (ax + gap - 20, y + box_h // 2)], fill=NAVY, width=8)
            draw.polygon(
                [
                    (ax + gap - 20, y + box_h // 2 - 18),
                    (ax + gap - 2, y + box_h // 2),
                    (ax + gap - 20, y + box_h // 2 + 18),
                ],
                fill=NAVY,
            )
    image.save(path, optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    lead_time(OUT / "lead-time.png")
    pipeline(OUT / "pipeline.png")
    print(f"wrote {OUT / 'lead-time.png'} and {OUT / 'pipeline.png'}")


if __name__ == "__main__":
    main()
