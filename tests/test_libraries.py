"""generator.libraries: a module imported without ctypes' library lookup, and imported again
with it when it needs it."""

from __future__ import annotations

import sys

import pytest

from generator.libraries import import_quietly


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the lookup is only skipped on Linux")
def test_a_module_that_needs_find_library_is_imported_again_with_it(tmp_path, monkeypatch):
    (tmp_path / "needs_lookup.py").write_text(
        "import ctypes.util\n"
        "FOUND = ctypes.util.find_library('c')\n"
        "if FOUND is None:\n"
        "    print('could not load')\n"
        "    raise OSError('no libc')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    module = import_quietly("needs_lookup")
    assert module.FOUND  # the second import, with the real find_library
    import ctypes.util

    assert ctypes.util.find_library.__module__ == "ctypes.util"  # put back


def test_weasyprint_imports_and_lays_out(tmp_path):
    weasyprint = import_quietly("weasyprint")
    pdf = weasyprint.HTML(string="<p>Hello 你好</p>").write_pdf()
    assert pdf.startswith(b"%PDF")
