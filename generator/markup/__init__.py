"""The Markdown a source is written in, both ways: inline markup to styled runs and back,
attribute blocks, bold labels. Shared by the readers (which parse sources) and the native
writer (which writes the format back and checks that it reads back the same)."""
