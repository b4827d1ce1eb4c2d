"""Fixtures for the browser and HTML checks: the built site served on 127.0.0.1, one Chromium per session.

- `site`: the session build (`built_site` from tests/conftest.py) served by
  tools/static_server.py from a free port, under the same path prefix as the
  published site (taken from sitemap.xml), gzip-compressed and cacheable as on
  GitHub Pages; a missing file gets 404.html with status 404.
- `browser`: Debian's Chromium through Playwright (`CHROMIUM_PATH` overrides
  /usr/bin/chromium; `PLAYWRIGHT_BUNDLED=1` uses Playwright's own browser).
- `audit`: every built page visited once in each variant (light and dark at
  desktop width, light at 320px), with axe-core run, every request recorded and
  the 320px reflow measured; the tests in test_every_page.py assert on the results.

In CI (CI=true) a missing browser or Java FAILS the run; locally it skips with the reason.
"""

from __future__ import annotations

import functools
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tools import chromium
from tools.static_server import built_pages, serve_site, site_prefix

PROJECT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}
# The axe-core rule sets the NHS.UK front end tests against, plus WCAG 2.1 A.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
# The every-page audit: light and dark at desktop width, and light on a 320px phone.
VARIANTS = {"light": ("light", DESKTOP), "dark": ("dark", DESKTOP), "phone": ("light", PHONE)}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def missing_tool(reason: str) -> None:
    """A missing browser or Java: a failure in CI, a skip (with the reason) locally."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


# --- The site on a local server -------------------------------------------


@dataclass
class ServedSite:
    root: Path
    origin: str  # http://127.0.0.1:PORT
    prefix: str  # /baclofen-ms/
    pages: list[str] = field(default_factory=list)

    def url(self, rel: str = "") -> str:
        return f"{self.origin}{self.prefix}{rel}"

    def is_local(self, url: str) -> bool:
        return url.startswith(self.origin + "/") or url.startswith(("data:", "blob:", "about:"))


@pytest.fixture(scope="session")
def site(built_site: Path):
    prefix = site_prefix(built_site)
    with serve_site(built_site, prefix) as origin:
        yield ServedSite(built_site, origin, prefix, built_pages(built_site))


# --- The browser ------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        missing_tool("Playwright is not installed (make install)")
    launch: dict = {"args": chromium.ARGS}
    if os.environ.get("PLAYWRIGHT_BUNDLED") != "1":
        path = chromium.path()
        resolved = path if Path(path).is_file() else shutil.which(path)
        if not resolved:
            missing_tool(f"Chromium not found at {path} (make browser-deps; or set CHROMIUM_PATH, or PLAYWRIGHT_BUNDLED=1)")
        launch["executable_path"] = resolved
    manager = sync_playwright().start()
    try:
        started = manager.chromium.launch(**launch)
    except Error as error:
        manager.stop()
        missing_tool(f"Chromium could not start: {error}")
    yield started
    started.close()
    manager.stop()


@dataclass
class RequestLog:
    """Every request a context makes; requests to any other host are blocked and kept."""
    site: ServedSite
    urls: list[str] = field(default_factory=list)

    def handle(self, route, request) -> None:
        self.urls.append(request.url)
        if self.site.is_local(request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def take(self) -> list[str]:
        urls, self.urls = self.urls, []
        return urls


@pytest.fixture(scope="session")
def new_context(browser, site):
    """Make a browser context (closed at the end of the session) that records its requests."""
    contexts = []

    def make(**options):
        # The tests inject axe-core with eval, which the site's Content-Security-Policy
        # refuses (as it should); tests/browser/test_csp.py keeps the policy on.
        options = {"viewport": DESKTOP, "service_workers": "block", "bypass_csp": True, **options}
        context = browser.new_context(**options)
        log = RequestLog(site)
        context.route("**/*", log.handle)
        context.request_log = log
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def page(new_context):
    """One light-scheme desktop page for the once-only journeys; tests navigate it as they need."""
    return new_context(color_scheme="light").new_page()


# --- The audit of every page --------------------------------------------------


@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


# Injected and started without waiting: the promise is kept on window. While one tab
# parses axe and runs it in its own renderer process, the next tab loads its page,
# so both cores stay busy.
AXE_START = """([source, tags]) => { window.__axeResult = new Promise(resolve => setTimeout(resolve))
  .then(() => { if (!window.axe) (0, eval)(source); })
  .then(() => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
    preload: false,
  }))
  .then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160), summary: n.failureSummary})),
  }))); }"""
AXE_RESULT = "() => window.__axeResult"
REFLOW = "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"


@dataclass
class PageAudit:
    page: str
    status: int | None
    scheme: str | None
    violations: list[dict]
    requests: list[str]
    reflow: dict


@dataclass
class SiteAudit:
    scheme: str
    pages: list[PageAudit]


@dataclass
class Audit:
    schemes: dict[str, SiteAudit]
    seconds: float

    def __call__(self, scheme: str) -> SiteAudit:
        return self.schemes[scheme]


class _AuditTab:
    """One tab (in its own context, so its request log is its own) working through pages."""

    def __init__(self, new_context, variant: str, source: str):
        self.variant = variant
        self.scheme, self.viewport = VARIANTS[variant]
        self.source = source
        self.context = new_context(color_scheme=self.scheme, viewport=self.viewport)
        self.tab = self.context.new_page()
        self.pending: tuple[str, int | None] | None = None

    def start(self, site: ServedSite, rel: str) -> None:
        self.tab.set_viewport_size(self.viewport)
        self.context.request_log.take()
        response = self.tab.goto(site.url(rel), wait_until="load")
        self.tab.evaluate(AXE_START, [self.source, AXE_TAGS])
        self.pending = (rel, response.status if response else None)

    def finish(self) -> PageAudit:
        rel, status = self.pending
        self.pending = None
        violations = self.tab.evaluate(AXE_RESULT)
        color = self.tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        if self.viewport != PHONE:  # a desktop page narrowed to 320px must reflow too
            self.tab.set_viewport_size(PHONE)
        reflow = self.tab.evaluate(REFLOW)
        # Wait for anything fetched after load (the search index, were it not on demand).
        self.tab.wait_for_load_state("networkidle")
        return PageAudit(rel or "(home)", status, color, violations, self.context.request_log.take(), reflow)


def run_audit(new_context, site: ServedSite, tabs_per_variant: int = 1) -> Audit:
    """Visit every page once per variant, the tabs taking turns: one loads while others run axe."""
    started = time.monotonic()
    source = axe_source()
    tabs = [_AuditTab(new_context, variant, source) for _ in range(tabs_per_variant) for variant in VARIANTS]
    # Job j goes to tabs[j % len(tabs)]; tabs cycle through the variants in order, so each
    # page is seen once in every variant.
    jobs = [(rel, tabs[j % len(tabs)]) for j, rel in enumerate(r for r in site.pages for _ in VARIANTS)]
    results: dict[str, list[PageAudit]] = {variant: [] for variant in VARIANTS}
    for rel, tab in jobs:
        if tab.pending:
            results[tab.variant].append(tab.finish())
        tab.start(site, rel)
    for tab in tabs:
        if tab.pending:
            results[tab.variant].append(tab.finish())
    for tab in tabs:
        tab.tab.close()
    return Audit({variant: SiteAudit(variant, pages) for variant, pages in results.items()},
                 time.monotonic() - started)


@pytest.fixture(scope="session")
def audit(new_context, site) -> Audit:
    """audit('light'), audit('dark'), audit('phone'): every page visited once in each variant."""
    return run_audit(new_context, site, tabs_per_variant=1)
