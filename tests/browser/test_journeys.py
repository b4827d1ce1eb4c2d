"""Things a reader does, checked once each in a real Chromium.

The skip link works from the keyboard; the page
is readable with JavaScript off; the printable pages fit one sheet of A4 and of US
Letter; a page past its review date shows the overdue banner; a missing page helps;
switching colours changes the page in one step. (Search: test_search.py.)
"""

from __future__ import annotations

import re

import pytest

from .conftest import AXE_RESULT, AXE_START, AXE_TAGS, PHONE, axe_source

pytestmark = pytest.mark.browser

PRINTABLE_PAGES = ["pump-emergency-card/", "symptom-diary/"]
MODEL_PAGE = "taking-baclofen-by-mouth/"


def pdf_page_count(pdf: bytes) -> int:
    """Chromium writes one uncompressed '/Type /Page' dictionary per page."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_axe_on_a_phone_in_the_dark_scheme(new_context, site):
    """The every-page audit covers the phone layout in the light scheme; the dark phone
    layout is checked here on the home page and the model page."""
    scheme = "dark"
    tab = new_context(color_scheme=scheme, viewport=PHONE).new_page()
    source = axe_source()
    try:
        found = {}
        for rel in ["", MODEL_PAGE]:
            tab.goto(site.url(rel))
            tab.evaluate(AXE_START, [source, AXE_TAGS])
            violations = tab.evaluate(AXE_RESULT)
            if violations:
                found[rel or "(home)"] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
        assert not found, f"axe-core violations at 320px ({scheme}): {found}"
    finally:
        tab.close()


SWITCH_COLOURS = """() => {
    const before = document.body.getAttribute('data-md-color-scheme');
    document.querySelector('[data-md-component=palette] label:not([hidden])').click();
    getComputedStyle(document.body).color;  // style the page now, as the next frame would
    return {before, after: document.body.getAttribute('data-md-color-scheme'),
            root: getComputedStyle(document.documentElement).colorScheme,
            fades: document.getAnimations().filter(a => a instanceof CSSTransition)
                .map(a => a.transitionProperty + ' on ' + (a.effect.target.className || a.effect.target.tagName))};
}"""


def test_switching_colours_changes_the_whole_page_in_one_step(new_context, site):
    """No colour fades part by part: Material's no-transition rule holds while the colours
    switch, both ways. The page's own colour scheme switches with them (site.css)."""
    tab = new_context().new_page()  # its own storage: the choice of colours is remembered
    try:
        tab.goto(site.url(MODEL_PAGE))
        tab.wait_for_load_state("load")
        for _ in range(2):
            switched = tab.evaluate(SWITCH_COLOURS)
            assert switched["before"] != switched["after"], "the palette toggle did not change the colours"
            assert not switched["fades"], f"colours faded instead of switching at once: {switched['fades'][:5]}"
            # The page around the content (scrollbars, canvas) follows the reader's choice too.
            assert switched["root"] == {"default": "light", "slate": "dark"}[switched["after"]], switched
            tab.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
    finally:
        tab.close()


def test_first_tab_reaches_a_working_skip_link(page, site):
    page.goto(site.url(MODEL_PAGE))
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => ({cls: document.activeElement.className,
        text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})""")
    assert "md-skip" in focused["cls"], f"the first Tab focused {focused}, not the skip link"
    assert focused["text"].lower().startswith("skip to"), focused
    # The link is visible while focused (it is hidden only until then).
    box = page.locator(".md-skip").bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, box
    page.keyboard.press("Enter")
    target_id = focused["href"].lstrip("#")
    page.wait_for_function("id => location.hash === '#' + id", arg=target_id)
    state = page.evaluate("""id => {
        const t = document.getElementById(id);
        const r = t.getBoundingClientRect();
        return {inMain: !!t.closest('main'), top: r.top, height: innerHeight, tag: t.tagName};
    }""", target_id)
    assert state["inMain"] and state["tag"] == "H1", state
    assert 0 <= state["top"] < state["height"] / 2, f"the main heading was not scrolled into view: {state}"
    # Keyboard focus continues from the main content, not from the top of the page.
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => !!document.activeElement.closest('main')")
    assert in_main, "after the skip link, the next Tab should land inside the main content"


def test_content_is_readable_without_javascript(new_context, site):
    context = new_context(java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    try:
        tab.goto(site.url(MODEL_PAGE))
        assert tab.locator("html.no-js").count() == 1, "JavaScript ran in a no-JS context"
        for selector in ["article h1", ".admonition.key-facts", ".care-card--emergency",
                         ".care-card--urgent", ".care-card--non-urgent", ".page-info__dates", ".md-banner"]:
            assert tab.locator(selector).first.is_visible(), f"{selector} is not visible without JavaScript"
        text = tab.locator("article").inner_text()
        assert "Never stop" in text and len(text) > 2000, text[:300]
        # Without JavaScript the overdue warning stays hidden: the static page is fine.
        assert not tab.locator("#review-overdue").is_visible()
        width = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert width <= 0, f"the no-JS page scrolls sideways by {width}px at 320px"
    finally:
        tab.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("printable", PRINTABLE_PAGES)
def test_printable_page_fits_one_sheet(browser, site, printable, paper, tmp_path):
    # page.pdf() needs its own page; the print stylesheet applies as in a browser's print.
    tab = browser.new_page()
    try:
        tab.goto(site.url(printable))
        assert tab.locator(".print-card").count() >= 1, f"{printable} has no .print-card"
        pdf = tab.pdf(format=paper, print_background=True)
        (tmp_path / f"{printable.strip('/')}-{paper}.pdf").write_bytes(pdf)
        pages = pdf_page_count(pdf)
        assert pages == 1, f"{printable} prints on {pages} {paper} pages; it must fit one"
        # What must not print: the site around the card.
        tab.emulate_media(media="print")
        for selector in [".md-header", ".md-sidebar--primary", ".md-footer", ".md-banner",
                         ".page-info", ".review-banner--awaiting", ".md-content__button", ".no-print"]:
            shown = tab.locator(selector).evaluate_all("els => els.filter(e => e.offsetParent !== null).length")
            assert shown == 0, f"{selector} is visible when {printable} is printed"
        assert tab.locator(".print-card").first.is_visible()
    finally:
        tab.close()


def test_reader_page_prints_without_navigation(browser, site):
    tab = browser.new_page()
    try:
        tab.goto(site.url(MODEL_PAGE))
        tab.emulate_media(media="print")
        hidden = tab.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
            '.md-footer', '.md-banner', '.md-path', '.md-content__button', '.page-info__actions']
            .filter(s => document.querySelector(s) && document.querySelector(s).offsetParent !== null)""")
        assert hidden == [], f"visible in print: {hidden}"
        assert tab.locator("article h1").is_visible() and tab.locator(".care-card").first.is_visible()
        # The printout keeps its caveats: disclaimer, review dates and status, and its address.
        info = tab.locator(".page-info")
        assert info.is_visible(), "the disclaimer and review dates should print with a reader page"
        text = info.inner_text()
        assert "not personal medical advice" in text and "Page last reviewed" in text
        assert "Printed from https://" in text
        # On screen the 'printed from' line is not shown.
        tab.emulate_media(media="screen")
        assert not tab.locator(".page-info__printed-from").is_visible()
    finally:
        tab.close()


def test_overdue_banner_appears_once_next_review_has_passed(new_context, site):
    context = new_context()
    tab = context.new_page()
    try:
        tab.goto(site.url(MODEL_PAGE))
        banner = tab.locator("#review-overdue")
        due = banner.get_attribute("data-next-review")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", due or ""), due
        assert not banner.is_visible(), "the overdue banner shows before the review is due"
        # The day after next_review, the same static page warns the reader.
        year, month, day = (int(x) for x in due.split("-"))
        tab.clock.set_fixed_time(f"{year}-{month:02d}-{day:02d}T23:00:00")
        tab.reload()
        assert not tab.locator("#review-overdue").is_visible(), "on the due date itself the page is not yet overdue"
        tab.clock.set_fixed_time(f"{year + 1}-01-02T12:00:00")
        tab.reload()
        assert tab.locator("#review-overdue").is_visible(), "the overdue banner did not appear after next_review"
        assert "overdue" in tab.locator("#review-overdue").inner_text().lower()
    finally:
        tab.close()


def test_a_missing_page_gets_the_helpful_404(page, site):
    response = page.goto(site.url("no-such-page/"))
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    text = page.locator("article").inner_text()
    assert "999 in the UK" in text
    # Its links are root-relative, so they work from any depth: follow one.
    page.locator("article a", has_text="Side effects and safety").click()
    page.wait_for_load_state()
    assert page.url.endswith("/safety/") and page.locator("h1").count() == 1
    # Its search link opens the search page, with the cursor in the search box.
    page.goto(site.url("deep/missing/page/"))
    page.locator("#not-found-search").click()
    page.locator(".pagefind-ui__search-input").wait_for()
    assert page.url.endswith("/search/")
    assert page.locator(".pagefind-ui__search-input").evaluate("el => el === document.activeElement")
