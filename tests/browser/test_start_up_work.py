"""The work Material's script makes Chromium do as a page opens, read from Chromium's own trace.

Style invalidations (trace category `...devtools.timeline.invalidationTracking`):

Two things Material's script did on every page made Chromium restyle the whole page:
it changed the root element's classes ("no-js" to "js", and "js-focus-visible"), and it
added a second color-scheme element and set it. The head now sets the root's classes before
the body exists (overrides/main.html), and site.js (section 5) keeps that element out of the
page.

Compiling (trace category `disabled-by-default-v8.compile`): Material's script starts with
V8's compile hint (performance/compile_hints.py), so Chromium compiles it on a background
thread while it downloads, not function by function on the main thread as the page opens.
See PERFORMANCE.md.
"""

from __future__ import annotations

import collections
import json
import re

import pytest

pytestmark = pytest.mark.browser

INVALIDATIONS = "disabled-by-default-devtools.timeline.invalidationTracking"
COMPILES = "disabled-by-default-v8.compile"
LIGHTHOUSE_PAGES = ["", "intrathecal-baclofen-pump/", "safety/"]  # as `make bench` measures


def trace(browser, url: str, categories: list[str]) -> list[dict]:
    """Chromium's trace events in these categories while the page at url loads, in a new tab."""
    tab = browser.new_page()
    try:
        browser.start_tracing(page=tab, categories=categories)
        tab.goto(url, wait_until="load")
        return json.loads(browser.stop_tracing())["traceEvents"]
    finally:
        tab.close()


def invalidations_by_script(browser, url: str) -> list[dict]:
    """Each style invalidation Chromium records while the page loads that a script caused,
    with the script's address as "script"."""
    events = trace(browser, url, [INVALIDATIONS])
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


def functions_compiled(browser, url: str) -> tuple[int, int]:
    """(functions V8 compiled on the page's main thread, functions compiled on background
    threads) while the page loads."""
    events = trace(browser, url, ["devtools.timeline", COMPILES])
    pid, tid = collections.Counter((e["pid"], e["tid"]) for e in events if e.get("name") == "ParseHTML").most_common(1)[0][0]
    # A function compiled when first called (on the main thread) is one "V8.CompileCode";
    # each function compiled while the script streams in is one "V8.CompileIgnition".
    on_main = sum(1 for e in events if e.get("name") == "V8.CompileCode" and (e["pid"], e["tid"]) == (pid, tid))
    in_background = sum(1 for e in events if e.get("name") == "V8.CompileIgnition" and e["pid"] == pid and e["tid"] != tid)
    return on_main, in_background


@pytest.mark.parametrize("path", LIGHTHOUSE_PAGES)
def test_materials_script_is_compiled_in_the_background_not_as_the_page_opens(browser, site, path):
    on_main, in_background = functions_compiled(browser, site.url(path))
    # Material's script holds well over a thousand functions: if the trace shows only a few
    # compiled anywhere, it no longer records compiling, and this test could not fail.
    assert on_main + in_background > 500, f"only {on_main + in_background} functions compiled in the trace"
    # Without the hint: about 570 on the main thread and 30 in the background.
    # With it: about 15 (the page's small scripts) and 1,400.
    assert on_main * 10 < in_background, (
        f"{on_main} functions compiled on the main thread, {in_background} in the background: "
        "has Material's script lost its first line, V8's compile hint (performance/compile_hints.py)?")
