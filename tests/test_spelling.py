"""No spelling mistakes in what readers and contributors read.

codespell runs from the project folder, so it reads .codespellrc: the same
settings (and list of words it must accept) as the pre-commit hook.
"""

from __future__ import annotations

import subprocess

from .conftest import PROJECT

CODESPELL = PROJECT / ".venv" / "bin" / "codespell"
CHECKED = ["docs", "data", "includes", "contributing", "README.md", "CONTRIBUTING.md", "MAINTAINING.md", "PERFORMANCE.md"]


def test_no_spelling_mistakes():
    missing = [path for path in CHECKED if not (PROJECT / path).exists()]
    assert not missing, f"missing: {missing}"
    proc = subprocess.run([str(CODESPELL), *CHECKED], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (
        "codespell found possible spelling mistakes (file:line: wrong ==> right). Correct them, or, if the word "
        f"is right (a drug name, for example), add it to ignore-words-list in .codespellrc:\n{proc.stdout}{proc.stderr}"
    )


def test_codespell_would_catch_a_mistake(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Baclofen can make you feel sleepy. Tell your MS team if you recieve a new medicine.\n")
    proc = subprocess.run([str(CODESPELL), str(page)], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert f"{page}:1: recieve ==> receive" in proc.stdout
