"""Every page under its Content-Security-Policy, in Chromium: no violation, nothing first-party blocked, and search still works.

The policy (macros/csp.py) allows scripts from the site and the theme's own
inline scripts by hash; an injected inline script or a script from another
host would be refused, which is what the last test proves.
"""

from __future__ import annotations

import pytest

from tools.static_server import built_pages

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.fixture
def policed_tab(new_context):
    """A tab with the site's policy in force (the other browser tests bypass it) that records violations."""
    context = new_context(bypass_csp=False)
    context.add_init_script(LISTEN)
    yield context.new_page()
    context.close()


def test_no_page_reports_a_policy_violation_or_a_blocked_request(policed_tab, site, built_site):
    tab = policed_tab
    failed: list[str] = []
    # A request cut short by the next navigation (net::ERR_ABORTED) is not a refusal.
    tab.on("requestfailed", lambda request: failed.append(f"{request.url} {request.failure}")
           if site.is_local(request.url) and "ERR_ABORTED" not in (request.failure or "") else None)
    found = {}
    for rel in built_pages(built_site):
        tab.goto(site.url(rel), wait_until="load")
        head = tab.locator("head meta[http-equiv='Content-Security-Policy']")
        assert head.count() == 1, f"{rel}: no policy"
        violations = tab.evaluate("window.__cspViolations")
        if violations:
            found[rel] = violations
    assert not found, f"policy violations: {found}"
    assert not failed, f"first-party requests blocked: {failed}"


def test_search_works_under_the_policy(policed_tab, site):
    """Pagefind's WebAssembly is allowed on the search page, and on no other page."""
    tab = policed_tab
    tab.goto(site.url("search/"))
    tab.locator(".pagefind-ui__search-input").fill("withdrawal")
    tab.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
    assert tab.evaluate("window.__cspViolations") == []
    tab.goto(site.url("safety/"))
    policy = tab.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "wasm-unsafe-eval" not in policy


def test_an_injected_inline_script_is_refused(policed_tab, site):
    tab = policed_tab
    tab.goto(site.url("safety/"))
    ran = tab.evaluate("""() => { window.__ran = false; const s = document.createElement('script');
                          s.textContent = 'window.__ran = true'; document.body.append(s); return window.__ran; }""")
    assert ran is False, "an inline script that is not the theme's ran"
    assert any("script-src" in v for v in tab.evaluate("window.__cspViolations"))
