"""Coverage-guided fuzzing of the readers with atheris (libFuzzer for Python).

    python tests/fuzz/fuzz_importer.py -max_total_time=60          # as .ci/run does
    python tests/fuzz/fuzz_importer.py tests/sources -runs=100000   # seeded with real sources

Any input must give an Episode or the project's own DeckcastError; anything else is a crash
that libFuzzer reports with the input that caused it. Not collected by pytest (file name)."""

import sys

import atheris

with atheris.instrument_imports():
    # generator.readers imports its readers only when a source is read: import them here,
    # inside the instrumented block, or libFuzzer runs them blind (no coverage to guide it).
    import generator.readers.episode  # noqa: F401
    from generator.errors import DeckcastError
    from generator.readers import read_text
    from generator.readers.decoding import decode


def test_one(data: bytes) -> None:
    try:
        text, notes = decode(data, "fuzz.md")
        read_text(text, "fuzz.md", "auto", notes)
    except DeckcastError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
