"""What Material's script makes Chromium restyle as a page opens, read from Chromium's own
record of style invalidations (trace category `...devtools.timeline.invalidationTracking`).

Two things Material's script did on every page made Chromium restyle the whole page:
it changed the root element's classes ("no-js" to "js", and "js-focus-visible"), and it
added a second color-scheme element and set it. The head now sets the root's classes before
the body exists (overrides/main.html), and site.js (section 5) keeps that element out of the
page. See PERFORMANCE.md.
"""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.browser

INVALIDATIONS = "disabled-by-default-devtools.timeline.invalidationTracking"
LIGHTHOUSE_PAGES = ["", "intrathecal-baclofen-pump/", "safety/"]  # as `make bench` measures


def invalidations_by_script(browser, url: str) -> list[dict]:
    """Each style invalidation Chromium records while the page loads that a script caused,
    with the script's address as "script"."""
    tab = browser.new_page()
    try:
        browser.start_tracing(page=tab, categories=[INVALIDATIONS])
        tab.goto(url, wait_until="load")
        events = json.loads(browser.stop_tracing())["traceEvents"]
    finally:
        tab.close()
    caused = []
    for event in events:
        data = event.get("args", {}).get("data") or {}
        if data.get("stackTrace"):
            caused.append({**data, "script": data["stackTrace"][0].get("url", "")})
    return caused


def on_root(invalidation: dict) -> bool:
    return invalidation.get("nodeName", "").startswith("HTML")


@pytest.mark.parametrize("path", LIGHTHOUSE_PAGES)
def test_materials_start_up_does_not_restyle_the_whole_page(browser, site, path):
    caused = invalidations_by_script(browser, site.url(path))
    by_material = [i for i in caused if re.search(r"/bundle\.[0-9a-f]+\.min\.js$", i["script"])]
    # Material's script does restyle parts of the page (its tooltips, for one): if none is
    # recorded, the trace no longer says what it did, and this test could not fail.
    assert by_material, f"no style invalidation by Material's script recorded: {len(caused)} by any script"
    colour_scheme = [i for i in by_material if i.get("reason") == "PlatformColorChange"]
    assert not colour_scheme, "Material's script added or set a color-scheme element (site.js section 5)"
    root_classes = [i for i in by_material if on_root(i) and (i.get("changedAttribute") == "class" or i.get("changedClass"))]
    assert not root_classes, f"Material's script changed the root's classes: {root_classes[0]}"


def test_the_page_keeps_its_own_colour_scheme_and_materials_theme_colour(page, site):
    page.goto(site.url(""))
    page.wait_for_load_state("load")
    state = page.evaluate("""() => ({
        schemes: [...document.querySelectorAll('meta[name="color-scheme"]')].map(m => m.content),
        themeColour: (document.querySelector('meta[name="theme-color"]') || {}).content,
        root: [...document.documentElement.classList]})""")
    assert state["schemes"] == ["light dark"], state
    # Material still gives the phone's browser bar the header's colour.
    assert re.fullmatch(r"#[0-9a-f]{6}", state["themeColour"] or ""), state
    assert {"js", "js-focus-visible"} <= set(state["root"]) and "no-js" not in state["root"], state
