"""The README's pictures of deck.html and `deckcast serve`, taken in headless chromium
(Playwright driving the system's /usr/bin/chromium, as the browser tests do), reduced to 256
colours so the repository stays small.

    python tools/html_screenshots.py   # docs/html-content.png, html-rich.png, html-presenter.png, html-serve.png

The content slide is the seed's slide 8 (the same slide as docs/deck-content.png, drawn by
LibreOffice from deck.pptx, for comparison), the rich slide the English Markdown example's
picture beside its bullets, the presenter view the seed at slide 8, and the serve page the
rich example's deck tab."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "ai-alignment-salon.txt"
RICH = ROOT / "content" / "shipping-reliable-software.md"
DOCS = ROOT / "docs"
SIZE = {"width": 1600, "height": 900}
SHOTS = {"html-content.png": (SEED, 8), "html-rich.png": (RICH, 5)}


def main() -> int:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from _browser import chromium_path

    exe = Path(sys.executable).with_name("deckcast")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport=SIZE)
        built = {}
        for source in (SEED, RICH):
            out = Path(tmp) / source.stem
            subprocess.run(
                [str(exe), "build", str(source), "-o", str(out), "--only", "script,html"], check=True
            )
            built[source] = out / "deck.html"
        for name, (source, slide) in SHOTS.items():
            page.goto(built[source].as_uri() + f"#{slide}")
            page.evaluate("document.fonts.ready")
            _save(page, name)
        page.goto(built[SEED].as_uri() + "#8")
        page.keyboard.press("p")
        page.wait_for_timeout(1200)  # the timer shows a second or so
        _save(page, "html-presenter.png")
        _serve_shot(page, Path(tmp))
        browser.close()
    return 0


def _serve_shot(page, tmp: Path) -> None:
    from generator.build import Options
    from generator.serve import Serving

    source = tmp / "serve" / RICH.name
    shutil.copytree(RICH.parent, source.parent)
    serving = Serving(source, tmp / "serve-out", ["script", "html"], Options(), "127.0.0.1", 0)
    serving.start()
    serving.poll(lambda message, err=False: None, 0)
    try:
        page.goto(serving.url)
        page.wait_for_selector("body[data-loaded='1']")
        page.evaluate("document.getElementById('deck-frame').contentWindow.deckcast.go(6)")
        page.wait_for_timeout(300)
        _save(page, "html-serve.png")
    finally:
        serving.stop()


def _save(page, name: str) -> None:
    target = DOCS / name
    page.screenshot(path=str(target))
    with Image.open(target) as shot:
        shot.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
