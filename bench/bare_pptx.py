"""The least python-pptx needs to write a deck like deckcast's: the baseline for the deck writer.

    python bench/bare_pptx.py plan.json out.pptx

plan.json (made by bench.run from deckcast's own deck.pptx, outside the timing):
{"theme": "templates/themes/default.pptx",
 "slides": [{"layout": "Title and Content", "title": "...", "body": [["text", level], ...],
             "notes": "..."}]}

Opens the theme, adds each slide on the layout of that name, sets the title, the body
paragraphs (bullets with their levels, or the subtitle) and the notes, and saves. No
fitting, no fonts, no language tags, no slide numbers, no reproducible zip.
"""

import json
import sys

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

TITLE = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


def main(plan_path: str, out_path: str) -> None:
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    prs = Presentation(plan["theme"])
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for item in plan["slides"]:
        slide = prs.slides.add_slide(layouts[item["layout"]])
        for ph in slide.placeholders:
            kind = ph.placeholder_format.type
            if kind in TITLE:
                ph.text_frame.text = item["title"]
            elif kind in BODY and item["body"]:
                frame = ph.text_frame
                for i, (text, level) in enumerate(item["body"]):
                    paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                    paragraph.text = text
                    paragraph.level = level
        if item["notes"]:
            slide.notes_slide.notes_text_frame.text = item["notes"]
    prs.save(out_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
