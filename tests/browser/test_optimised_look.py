"""The page-weight work changes bytes, never what a reader sees.

The site is built a second time with SITE_OPTIMISE=0 (Material's own three
stylesheets, HTML as the templates write it), and both builds are photographed
in Chromium, pixel for pixel, in the states where Material's script adds classes
the trimmed stylesheet must still style: light, dark and phone layouts, search
open with results, the phone menu, a glossary tooltip, a scrolled page (header
title and back-to-top button), and print. Any difference fails, with both images.
"""

from __future__ import annotations

import pytest

from tools.static_server import serve_site, site_prefix

from ..conftest import PROJECT, run_build
from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("optimised-look")]

PAGES = ["", "safety/", "oral-versus-intrathecal/", "symptom-diary/", "pump-emergency-card/",
         "glossary/", "facts/", "404.html"]
LAYOUTS = {"light": ("light", DESKTOP), "dark": ("dark", DESKTOP), "phone": ("light", PHONE)}


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("plain-site")
    result = run_build(PROJECT, site, {"SITE_OPTIMISE": "0"})
    assert result.ok, result.output
    assert len(list((site / "assets" / "stylesheets").glob("site.*.min.css"))) == 0, "SITE_OPTIMISE=0 was ignored"
    return site


@pytest.fixture(scope="module")
def both_sites(built_site, plain_site):
    prefix = site_prefix(built_site)
    with serve_site(built_site, prefix) as optimised, serve_site(plain_site, prefix) as plain:
        yield {"optimised": optimised + prefix, "plain": plain + prefix}


# Material fades colours in (the search placeholder, links); a photo taken mid-fade
# would differ by timing alone. Both builds get this, after they have loaded.
NO_TRANSITIONS = "*, *::before, *::after, ::placeholder { transition: none !important }"


def _settle(tab) -> None:
    tab.wait_for_load_state("load")
    tab.add_style_tag(content=NO_TRANSITIONS)
    # Fonts ready, then two frames: Material's script updates the page after the first.
    tab.evaluate("""() => document.fonts.ready.then(() => new Promise(done =>
        requestAnimationFrame(() => requestAnimationFrame(done))))""")


@pytest.fixture(scope="module")
def contexts(browser):
    """One browser profile per build, layout and media, reused across pages (and closed at the end)."""
    made = {}

    def get(kind: str, layout: str, media: str | None):
        key = (kind, layout, media)
        if key not in made:
            scheme, viewport = LAYOUTS[layout]
            made[key] = browser.new_context(viewport=viewport, color_scheme=scheme, has_touch=layout == "phone",
                                            service_workers="block")
        return made[key]

    yield get
    for context in made.values():
        context.close()


def _shoot(context, base: str, rel: str, layout: str, action=None, full_page=True, media=None) -> bytes:
    tab = context.new_page()
    try:
        if media:
            tab.emulate_media(media=media)
        tab.goto(base + rel)
        _settle(tab)
        if action:
            action(tab)
            _settle(tab)
        if full_page:
            # A window as tall as the page, rather than Playwright's full-page mode, which
            # resizes while it shoots and lets Material scroll the sidebar mid-photo.
            height = tab.evaluate("document.documentElement.scrollHeight")
            tab.set_viewport_size({"width": LAYOUTS[layout][1]["width"], "height": height})
            _settle(tab)
        return tab.screenshot(animations="disabled", caret="hide")
    finally:
        tab.close()


def _compare(contexts, both_sites, tmp_path, name, rel, layout, **options) -> str | None:
    shots = {kind: _shoot(contexts(kind, layout, options.get("media")), base, rel, layout, **options)
             for kind, base in both_sites.items()}
    if shots["optimised"] == shots["plain"]:
        return None
    for kind, png in shots.items():
        (tmp_path / f"{name}-{kind}.png").write_bytes(png)
    return f"{name}: see {tmp_path}/{name}-optimised.png and -plain.png"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_pages_look_the_same(contexts, both_sites, tmp_path, layout):
    differ = [d for rel in PAGES
              if (d := _compare(contexts, both_sites, tmp_path, f"{rel.strip('/') or 'home'}-{layout}", rel, layout))]
    assert not differ, "the optimised build looks different:\n" + "\n".join(differ)


def _search(tab, words="withdrawal"):
    if tab.viewport_size["width"] < 960:  # on a phone, the search button opens the search box
        tab.locator("label.md-header__button[for=__search]").first.click()
    else:
        tab.locator("input.md-search__input").click()
    tab.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    tab.locator("input.md-search__input").press_sequentially(words)
    tab.locator(".md-search-result__item").first.wait_for()


def _open_menu(tab):
    tab.locator("label.md-header__button[for=__drawer]").click()


def _hover_glossary_term(tab):
    tab.locator("article abbr").first.hover()
    tab.locator(".md-tooltip2--active, .md-tooltip--active").first.wait_for(timeout=5_000)


def _scroll_down_then_up(tab):
    tab.mouse.wheel(0, 2500)
    tab.wait_for_timeout(300)
    tab.mouse.wheel(0, -400)  # scrolling up shows the back-to-top button


STATES = {
    "search-desktop": ("", "light", {"action": _search, "full_page": False}),
    "search-dark": ("safety/", "dark", {"action": _search, "full_page": False}),
    "search-phone": ("", "phone", {"action": _search, "full_page": False}),
    "menu-phone": ("safety/", "phone", {"action": _open_menu, "full_page": False}),
    "tooltip": ("safety/", "light", {"action": _hover_glossary_term, "full_page": False}),
    "scrolled": ("safety/", "light", {"action": _scroll_down_then_up, "full_page": False}),
    "print": ("safety/", "light", {"media": "print"}),
}


@pytest.mark.parametrize("state", list(STATES))
def test_interactive_states_look_the_same(contexts, both_sites, tmp_path, state):
    rel, layout, options = STATES[state]
    difference = _compare(contexts, both_sites, tmp_path, state, rel, layout, **options)
    assert difference is None, difference
