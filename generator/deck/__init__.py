"""Deck (PowerPoint) support code: text measurement and fitting (:mod:`.fit`)."""
