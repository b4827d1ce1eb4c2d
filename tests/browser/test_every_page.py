"""Every built page (404.html too), in a real Chromium: light and dark at desktop width,
and light on a 320px phone.

One visit per page per variant (see `audit` in conftest.py) feeds all these checks:
axe-core finds nothing, the scheme really switches, nothing is fetched from another
host, the page reflows at 320 CSS px, and a small request budget holds.
"""

from __future__ import annotations

import pytest

from ..conftest import MAX_REQUESTS_PER_PAGE
from .conftest import AXE_TAGS, SCHEMES, VARIANTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("every-page-audit")]

# Theme-owned axe exceptions: none are needed. Material's stock failures are fixed in
# site.css (footer contrast). If one
# must ever be allowed, add (rule id, CSS target) here WITH the reason.
AXE_EXCEPTIONS: dict[tuple[str, str], str] = {}



def describe(violations_by_page: dict[str, list[dict]]) -> str:
    lines = []
    for page, violations in violations_by_page.items():
        for v in violations:
            lines.append(f"{page}: {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:8]:
                lines.append(f"    {node['target']}\n        {node['html']}")
                if node.get("summary"):
                    lines.append("        " + node["summary"].replace("\n", "\n        "))
            if len(v["nodes"]) > 8:
                lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("variant", VARIANTS)
def test_axe_finds_no_violations(audit, variant):
    result = audit(variant)
    failures = {}
    for page in result.pages:
        kept = []
        for v in page.violations:
            nodes = [n for n in v["nodes"] if (v["id"], n["target"]) not in AXE_EXCEPTIONS]
            if nodes:
                kept.append({**v, "nodes": nodes})
        if kept:
            failures[page.page] = kept
    assert not failures, (
        f"axe-core ({', '.join(AXE_TAGS)}) found violations ({variant}):\n" + describe(failures)
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_colour_scheme_follows_the_system_setting(audit, variant):
    """Material picks the palette from prefers-color-scheme when no choice is stored."""
    expected = SCHEMES[VARIANTS[variant][0]]
    wrong = {p.page: p.scheme for p in audit(variant).pages if p.scheme != expected}
    assert not wrong, f"expected data-md-color-scheme={expected!r}; got {wrong}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_page_loads(audit, variant):
    bad = {p.page: p.status for p in audit(variant).pages if p.status != 200}
    assert not bad, f"pages that did not load with 200: {bad}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_nothing_is_requested_from_another_host(audit, site, variant):
    foreign = {p.page: [u for u in p.requests if not site.is_local(u)] for p in audit(variant).pages}
    foreign = {page: urls for page, urls in foreign.items() if urls}
    assert not foreign, f"third-party requests (blocked in the test; a privacy and speed problem): {foreign}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_horizontal_scrolling_at_320px(audit, variant):
    """WCAG 1.4.10 reflow: at 320 CSS px nothing makes the whole page scroll sideways."""
    wide = {p.page: p.reflow for p in audit(variant).pages if p.reflow["scroll"] > p.reflow["client"]}
    assert not wide, f"pages wider than the 320px viewport (scrollWidth > clientWidth): {wide}"


# The search page also loads Pagefind's interface, its script and its stylesheet (the
# index comes only as the reader types: tests/browser/test_search.py).
SEARCH_PAGE = "search/"
SEARCH_INTERFACE = 2


def test_request_budget(audit):
    def limit(page: str) -> int:
        return MAX_REQUESTS_PER_PAGE + (SEARCH_INTERFACE if page == SEARCH_PAGE else 0)

    pages = audit("light").pages
    assert SEARCH_PAGE in {p.page for p in pages}
    heavy = {p.page: p.requests for p in pages if len(p.requests) > limit(p.page)}
    assert not heavy, f"pages making more than {MAX_REQUESTS_PER_PAGE} requests on first load: {heavy}"


def test_audit_is_fast_enough(audit):
    """The whole audit (every page x 3 variants, axe included) takes about 30-60 s on 2 cores,
    depending on load. This generous ceiling catches a pathological slowdown (a wait that
    times out on every page, say), not ordinary noise."""
    assert audit.seconds < 180, f"the audit of every page (3 variants) took {audit.seconds:.0f} s"
