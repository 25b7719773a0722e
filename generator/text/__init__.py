"""One home for what deckcast needs to know about text, whatever reads or writes it: which
script a character or a passage is in and Chinese conversion (`chinese`, `scripts`), how a
duration is written (`clock`) and how a name becomes a folder or id (`slugs`)."""
