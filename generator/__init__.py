"""deckcast: one content source in; a deck, a narration script and a one-page handout out."""

__version__ = "0.1.0"
