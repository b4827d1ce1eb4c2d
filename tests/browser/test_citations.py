"""Citations as a reader meets them on a phone: quiet numbered markers that are easy to tap, with a way back.

Every number is still cited, but each group of sources is one small numbered
footnote, not a row of source names read aloud mid-sentence.
"""

from __future__ import annotations

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

PAGES = ["taking-baclofen-by-mouth/", "intrathecal-baclofen-pump/", "safety/"]


@pytest.mark.parametrize("rel", PAGES)
def test_citation_markers_are_numbers_with_tap_targets_of_24_px(new_context, site, rel):
    tab = new_context(viewport=PHONE).new_page()
    try:
        tab.goto(site.url(rel))
        markers = tab.locator("article a.footnote-ref")
        assert markers.count() > 0, f"{rel}: no citation markers"
        for index in range(markers.count()):
            marker = markers.nth(index)
            text = marker.inner_text().strip()
            assert text.isdigit(), f"{rel}: a citation marker reads {text!r}, not a number"
            box = marker.bounding_box()
            assert box and box["width"] >= 24 and box["height"] >= 24, f"{rel}: marker {text} is {box}"
        assert tab.locator("article sup.cite").count() == 0, f"{rel}: an old-style citation with source names"
    finally:
        tab.close()


def test_a_marker_leads_to_its_sources_and_back(new_context, site):
    tab = new_context(viewport=PHONE).new_page()
    try:
        tab.goto(site.url("taking-baclofen-by-mouth/"))
        first = tab.locator("article a.footnote-ref").first
        target = first.get_attribute("href")
        assert target and target.startswith("#fn:")
        note = tab.locator(f"li[id='{target[1:]}']")
        assert "Sources:" in note.inner_text()
        assert note.locator("a[href*='references/#']").count() >= 1, "the note links to the References entry"
        back = note.locator("a.footnote-backref").first.get_attribute("href")
        assert back and tab.locator(f"[id='{back[1:]}']").count() == 1, "no way back to the sentence"
    finally:
        tab.close()
