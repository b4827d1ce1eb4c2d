"""Search, as readers use it, in Chromium: the search page (Pagefind) and nothing before it.

No other page downloads any part of search; the header's Search link opens the
search page with the cursor in the box; misspellings and other words for the same
thing (data/search.yml) find what the right word finds; a fixed list of questions
readers really ask gets its answer first; the care cards' badges are not in the
results; a page opened from a result marks the words searched for.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

MODEL_PAGE = "taking-baclofen-by-mouth/"

# What a reader types, and where the first result must take them: its page and a
# section among the sections the result lists. Where two pages answer, either will do.
READER_QUERIES = {
    "what if I miss a dose": {("faq/", "missed-dose"), ("taking-baclofen-by-mouth/", "missed-dose")},
    "I forgot a dose": {("faq/", "missed-dose"), ("taking-baclofen-by-mouth/", "missed-dose")},
    "maximum dose": {("taking-baclofen-by-mouth/", "usual-and-highest-dose")},
    "highest dose": {("taking-baclofen-by-mouth/", "usual-and-highest-dose")},
    "pump beeping": {("intrathecal-baclofen-pump/", "pump-alarms")},
    "pump alarm": {("intrathecal-baclofen-pump/", "pump-alarms")},
    "stop baclofen suddenly": {("how-baclofen-works/", "stopping"), ("taking-baclofen-by-mouth/", "stopping"),
                               ("faq/", "stopping")},
    "overdose": {("safety/", "overdose")},
    "what’s the max dose": {("taking-baclofen-by-mouth/", "usual-and-highest-dose")},
    "withdrawal": {("safety/", "withdrawal"), ("intrathecal-baclofen-pump/", "withdrawal-signs"), ("faq/", "withdrawal")},
    "pregnant": {("other-medicines-and-extra-care/", "pregnancy"), ("faq/", "pregnancy")},
    "can I drive": {("other-medicines-and-extra-care/", "driving"), ("faq/", "driving")},
    "MRI scan with a pump": {("pump-operation-and-scans/", "procedures")},
    "Lioresal": {("how-baclofen-works/", "")},
}
# Misspellings: each must find exactly what the right spelling finds.
MISSPELLINGS = {"baclofin": "baclofen", "baclophen": "baclofen", "withdrawl": "withdrawal",
                "spacticity": "spasticity", "intrathecel": "intrathecal"}


def pagefind_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if "/pagefind/" in u]


@pytest.fixture(scope="module")
def search_tab(new_context, site):
    tab = new_context().new_page()
    yield tab
    tab.close()


def results(tab, site, query: str) -> list[list[tuple[str, str]]]:
    """The results for a query on the search page: for each, (page, section) of its links."""
    tab.goto(site.url("search/?q=" + query.replace(" ", "+")))
    # Pagefind says how many it found, then fills each result in as its piece arrives.
    tab.wait_for_function("""() => /results? for/i.test(document.querySelector('.pagefind-ui__message')?.textContent || '')
        && !document.querySelector('#site-search .pagefind-ui__loading')""")
    found = tab.locator(".pagefind-ui__result").evaluate_all("""results => results.map(r =>
        [...r.querySelectorAll('a.pagefind-ui__result-link')].map(a => a.href))""")
    prefix = urlsplit(site.url("")).path
    return [[(urlsplit(href).path.removeprefix(prefix), urlsplit(href).fragment) for href in links] for links in found]


def test_no_page_but_the_search_page_downloads_search(new_context, site):
    """A reader who never searches downloads none of it; the header link opens the search
    page, focused on the box, and only then does Pagefind load, in small pieces."""
    tab = new_context().new_page()
    try:
        tab.goto(site.url(MODEL_PAGE))
        tab.wait_for_load_state("networkidle")
        assert not pagefind_requests(tab.context.request_log.take()), "search loaded on a page that is not the search page"
        tab.locator("a.site-search-link").click()
        box = tab.locator(".pagefind-ui__search-input")
        box.wait_for()
        assert tab.url.endswith("/search/")
        assert box.evaluate("el => el === document.activeElement"), "the cursor is not in the search box"
        box.press_sequentially("withdrawal")
        tab.locator(".pagefind-ui__result").first.wait_for()
        fetched = pagefind_requests(tab.context.request_log.take())
        assert fetched and not [u for u in fetched if "search_index" in u]
    finally:
        tab.close()


def test_search_works_on_a_phone(new_context, site):
    tab = new_context(viewport=PHONE, has_touch=True).new_page()
    try:
        tab.goto(site.url(MODEL_PAGE))
        tab.locator("a.site-search-link").tap()
        tab.locator(".pagefind-ui__search-input").press_sequentially("overdose")
        tab.locator(".pagefind-ui__result").first.wait_for()
        width = tab.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"the results scroll sideways on a phone: {width}"
    finally:
        tab.close()


@pytest.mark.parametrize("query", list(READER_QUERIES))
def test_a_readers_question_gets_its_answer_first(search_tab, site, query):
    found = results(search_tab, site, query)
    assert found, f"{query!r} found nothing"
    first = found[0]
    wanted = READER_QUERIES[query]
    assert any(page == first[0][0] and (not section or (page, section) in first) for page, section in wanted), (
        f"{query!r}: the first result is {first[:4]}, not one of {sorted(wanted)}")


@pytest.mark.parametrize("typed", list(MISSPELLINGS))
def test_a_misspelling_finds_what_the_right_word_finds(search_tab, site, typed):
    right = results(search_tab, site, MISSPELLINGS[typed])
    assert right, f"{MISSPELLINGS[typed]!r} found nothing"
    assert results(search_tab, site, typed) == right


def test_screen_readers_hear_how_many_results_came(search_tab, site):
    results(search_tab, site, "overdose")
    status = search_tab.locator("#site-search-status")
    search_tab.wait_for_function("() => /results? for/i.test(document.getElementById('site-search-status').textContent)")
    assert status.get_attribute("role") == "status"


def test_care_card_badges_are_not_in_the_results(search_tab, site):
    """A card's badge repeats its heading ("Emergency Emergency: call 999 ..."): not indexed."""
    results(search_tab, site, "emergency")
    text = search_tab.locator("#site-search").inner_text()
    assert "Emergency" in text or "emergency" in text
    assert "Emergency Emergency" not in text and "Act today Urgent" not in text, text[:600]


def test_a_page_opened_from_a_result_marks_the_words(search_tab, site):
    found = results(search_tab, site, "withdrawal")
    assert found
    search_tab.locator(".pagefind-ui__result a.pagefind-ui__result-link").first.click()
    mark = search_tab.locator("mark.pagefind-highlight").first
    mark.wait_for(timeout=10_000)
    assert "withdrawal" in mark.inner_text().lower()
