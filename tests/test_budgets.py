"""Page-weight budgets on deterministic quantities, computed from the built files.

The goals (PERFORMANCE.md) are for what a reader's phone downloads, gzip-compressed
as GitHub Pages sends it. Here the same sums are made from the built files, gzip
level 6 (tools/static_server.py), plus an allowance for each response's headers.
`make bench` measures the real thing in Chromium; these fail a pull request that
would break a budget, without timing anything.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from macros.loader import load_site_data
from tools.static_server import GZIP_LEVEL, built_pages

from .conftest import MAX_REQUESTS_PER_PAGE, PROJECT, page_resources, resource_file

KB = 1024
# Material's own stylesheets and script, which every page loads (Material 9.8.1: 59.3 KB).
# No supported extension point makes them smaller, and the site no longer trims them
# (PERFORMANCE.md, "What stock Material costs"). A Material update that makes them
# heavier fails here: measure it, and record the new figure there before raising this.
THEME_BUDGET = 60 * KB
SITE_BUDGET = 18 * KB          # what the site adds on a first visit: the page, site.css, site.js, the icon
FIRST_VISIT_BUDGET = THEME_BUDGET + SITE_BUDGET  # every reader page, everything it loads, first visit
REPEAT_VISIT_BUDGET = 12 * KB  # the page alone (its stylesheet and scripts are cached)
HEADERS_PER_RESPONSE = 300     # status line and headers; measured at about 240 bytes
THEME_FILES = ("assets/stylesheets/main.", "assets/stylesheets/palette.", "assets/javascripts/bundle.")


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0))


def reader_pages(site: Path) -> list[Path]:
    return [site / (rel + "index.html" if not rel.endswith(".html") else rel)
            for rel in built_pages(site) if rel != "404.html"]


def test_every_page_alone_fits_the_repeat_visit_budget(built_site):
    over = {}
    for page in reader_pages(built_site):
        size = gzip_size(page) + HEADERS_PER_RESPONSE
        if size > REPEAT_VISIT_BUDGET:
            over[str(page.relative_to(built_site))] = f"{size / KB:.1f} KB"
    assert not over, (f"pages over the repeat-visit budget of {REPEAT_VISIT_BUDGET // KB} KB (gzip, with headers): "
                      f"{over}. Split a long page, or move repeated markup into the stylesheet or site.js.")


def _sent(path: Path) -> int:
    return gzip_size(path) + HEADERS_PER_RESPONSE


def first_visit(site: Path, page: Path) -> tuple[list[Path], list[Path]]:
    """(Material's files, the site's own files) that a first visit to the page downloads."""
    files = [page] + [resource_file(site, page, url) for url in page_resources(page).urls]
    missing = [str(f) for f in files if not f.is_file()]
    assert not missing, f"{page.relative_to(site)} loads files that were not built: {missing}"
    theme = [f for f in files if f.relative_to(site).as_posix().startswith(THEME_FILES)]
    return theme, [f for f in files if f not in theme]


def test_every_page_with_all_it_loads_fits_the_first_visit_budget(built_site):
    over = {}
    for page in reader_pages(built_site):
        theme, own = first_visit(built_site, page)
        total = sum(_sent(f) for f in theme + own)
        if total > FIRST_VISIT_BUDGET:
            over[str(page.relative_to(built_site))] = f"{total / KB:.1f} KB in {len(theme + own)} files"
    assert not over, f"pages over the first-visit budget of {FIRST_VISIT_BUDGET // KB} KB (gzip, with headers): {over}"


def test_what_the_site_adds_to_a_first_visit_fits_its_share(built_site):
    """The part this project controls: the page, site.css, site.js and the icon."""
    over = {}
    for page in reader_pages(built_site):
        _, own = first_visit(built_site, page)
        size = sum(_sent(f) for f in own)
        if size > SITE_BUDGET:
            over[str(page.relative_to(built_site))] = f"{size / KB:.1f} KB: " + ", ".join(f.name for f in own)
    assert not over, (f"pages whose own files are over {SITE_BUDGET // KB} KB (gzip, with headers): {over}. "
                      "Split a long page, or make site.css lighter.")


def test_materials_own_files_weigh_what_the_pinned_version_does(built_site):
    """Every page loads the same Material files, within the theme's share of the budget."""
    loaded = {frozenset(first_visit(built_site, page)[0]) for page in reader_pages(built_site)}
    assert len(loaded) == 1, f"pages load different Material files: {loaded}"
    [files] = loaded
    assert len(files) == len(THEME_FILES), f"expected Material's main and palette stylesheets and its script: {files}"
    size = sum(_sent(f) for f in files)
    assert size <= THEME_BUDGET, (f"Material's stylesheets and script weigh {size / KB:.1f} KB, over {THEME_BUDGET // KB} KB: "
                                  "a Material update made them heavier. Measure it (make bench) and record it in PERFORMANCE.md.")


def test_pages_make_few_requests(built_site):
    for page in reader_pages(built_site) + [built_site / "404.html"]:
        found = page_resources(page)
        assert len(found.urls) + 1 <= MAX_REQUESTS_PER_PAGE, f"{page.relative_to(built_site)} loads {found.urls}"


def test_no_page_loads_search_before_the_reader_searches(built_site):
    """Only the search page's script fetches Pagefind, and only once it runs there; no page
    names a search file in its HTML, and Material's search (index and worker) is gone."""
    for page in reader_pages(built_site) + [built_site / "404.html"]:
        urls = page_resources(page).urls
        name = str(page.relative_to(built_site))
        assert not [u for u in urls if "pagefind" in u or "search_index" in u or "/workers/" in u], f"{name}: {urls}"
    assert not (built_site / "search" / "search_index.json").exists(), "Material's search index is still built"
    assert (built_site / "pagefind" / "pagefind-entry.json").is_file(), "no Pagefind index was built"


HEADER = re.compile(r'<header class="md-header.*?</header>', re.DOTALL)
TITLED_TAG = re.compile(r'<[a-z]+\b[^>]*\stitle="[^"]*"[^>]*>')
REFERENCE_ENTRY = re.compile(r'<p class="reference" id="([^"]+)">(.*?)</p>', re.DOTALL)


def test_the_header_has_tooltips_only_for_buttons_without_words(built_site):
    """Material builds and measures a tooltip for each title attribute in the header as
    every page opens. The logo and the repository link have their names written beside
    them, so they carry no title (overrides/main.html)."""
    for page in reader_pages(built_site):
        header = HEADER.search(page.read_text(encoding="utf-8"))
        assert header, f"{page.relative_to(built_site)}: no Material header found"
        titled = TITLED_TAG.findall(header.group(0))
        redundant = [tag for tag in titled if "md-logo" in tag or "md-source" in tag]
        assert not redundant, f"{page.relative_to(built_site)}: {redundant}"


def test_reference_entries_carry_no_glossary_tooltips(built_site):
    """An entry gives a source's title as its publisher wrote it (macros/glossary.py)."""
    html = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    entries = REFERENCE_ENTRY.findall(html)
    assert len(entries) == len(load_site_data(PROJECT / "data").sources), "not every source has an entry"
    assert not [source for source, body in entries if "<abbr" in body]
