"""What a reader's browser downloads: each page loaded in Debian's Chromium.

The built site is served on 127.0.0.1 by tools/static_server.py (gzip, 10-minute
caching, as GitHub Pages), and the server's ledger counts every request and every
byte it sends (status line, headers and body), including the requests a search
worker would make, which a page-level browser log can miss.

- First visit: a fresh browser profile (empty cache) opens the page and waits
  until the network has been quiet for 500 ms.
- Repeat visit: a profile that has already opened another page of the site
  (so the stylesheets and scripts are cached) opens the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tools import chromium
from tools.static_server import serve_site

# A phone-sized window, as most readers use.
VIEWPORT = {"width": 390, "height": 844}


@dataclass
class Visit:
    bytes: int
    requests: list[tuple[str, int]]


@dataclass
class PageWeight:
    page: str
    first: Visit
    repeat: Visit


def _visit(context, url: str, ledger: list) -> Visit:
    tab = context.new_page()
    ledger.clear()
    tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    requests = list(ledger)
    tab.close()
    return Visit(sum(size for _, size in requests), requests)


def measure(site_dir: Path, prefix: str, pages: list[str]) -> list[PageWeight]:
    from playwright.sync_api import sync_playwright

    ledger: list[tuple[str, int]] = []
    results = []
    with serve_site(site_dir, prefix, ledger=ledger) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.path(), args=chromium.ARGS)
        try:
            for rel in pages:
                url = f"{origin}{prefix}{rel}"
                with _context(browser) as fresh:
                    first = _visit(fresh, url, ledger)
                warm_up = f"{origin}{prefix}{pages[1] if rel == pages[0] else pages[0]}"
                with _context(browser) as warm:
                    _visit(warm, warm_up, ledger)
                    repeat = _visit(warm, url, ledger)
                results.append(PageWeight(rel or "(home)", first, repeat))
        finally:
            browser.close()
    return results


class _context:
    """A new browser profile (its own cache), closed at the end of the block."""

    def __init__(self, browser):
        self.browser = browser

    def __enter__(self):
        self.context = self.browser.new_context(viewport=VIEWPORT, service_workers="block")
        return self.context

    def __exit__(self, *exc):
        self.context.close()
