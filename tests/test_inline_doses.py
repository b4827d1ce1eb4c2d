"""Numbers with units must come from data/, never typed into a page."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tools.check_inline_doses import find_inline_doses

from .conftest import PROJECT

LINT = PROJECT / "tools" / "check_inline_doses.py"


def test_no_page_has_a_number_typed_inline():
    proc = subprocess.run([sys.executable, str(LINT), str(PROJECT / "docs")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize(
    "text",
    ["Take 80 mg a day.", "up to 100mg daily", "a 5 mL spoon", "300 to 800 micrograms", "300-800 mcg",
     "about 45% of people", "every 3 days", "over 1 to 2 weeks", "within 2 hours", "ten milligrams",
     "store at 2 °C", "50 per cent of people", "12.5 mg",
     "{% if x %}5 mg{% endif %}"],
)
def test_the_lint_catches_inline_numbers(text):
    assert find_inline_doses(f"Some words.\n{text}\n"), text


@pytest.mark.parametrize(
    "text",
    ["Take {{ fact('oral.max_daily.us') }} at most.", "{{ care_card('urgent', 'Call now if:', ['more than ' ~ amount('x') ~ ' mg']) }}",
     "Call 999 now.", "Version 4 of the leaflet", "NICE NG220", "a 24-hour phone line"],
)
def test_the_lint_ignores_macros_and_plain_numbers(text):
    assert find_inline_doses(text) == []


def test_the_lint_reports_file_line_and_fix(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: x\n---\n\nFine line.\nTake 80 mg a day.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(LINT), str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"{page}:6: the number '80 mg' is typed into the page." in proc.stdout
    assert "{{ fact('its.id') }}" in proc.stdout


def test_front_matter_is_checked_too():
    """The description becomes the page's meta description, which readers see in search results."""
    assert find_inline_doses("---\nreviewed: 2026-11-21\ndescription: Take 5 mg.\n---\nText.\n") == [(3, "5 mg")]
