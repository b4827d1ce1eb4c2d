"""Page-weight budgets on deterministic quantities, computed from the built files.

The goals (PERFORMANCE.md) are for what a reader's phone downloads, gzip-compressed
as GitHub Pages sends it. Here the same sums are made from the built files, gzip
level 6 (tools/static_server.py), plus an allowance for each response's headers.
`make bench` measures the real thing in Chromium; these fail a pull request that
would break a budget, without timing anything.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import material

from macros.loader import load_site_data
from performance import compile_hints, palette_switch
from tools.static_server import GZIP_LEVEL, built_pages

from .conftest import MAX_REQUESTS_PER_PAGE, PROJECT, page_resources, resource_file

KB = 1024
FIRST_VISIT_BUDGET = 64 * KB   # every reader page, everything it loads, first visit
REPEAT_VISIT_BUDGET = 12 * KB  # the page alone (its stylesheet and scripts are cached)
HEADERS_PER_RESPONSE = 300     # status line and headers; measured at about 240 bytes


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


def test_every_page_with_all_it_loads_fits_the_first_visit_budget(built_site):
    over = {}
    for page in reader_pages(built_site):
        files = [page] + [resource_file(built_site, page, url) for url in page_resources(page).urls]
        missing = [str(f) for f in files if not f.is_file()]
        assert not missing, f"{page.relative_to(built_site)} loads files that were not built: {missing}"
        total = sum(gzip_size(f) + HEADERS_PER_RESPONSE for f in files)
        if total > FIRST_VISIT_BUDGET:
            over[str(page.relative_to(built_site))] = f"{total / KB:.1f} KB in {len(files)} files"
    assert not over, f"pages over the first-visit budget of {FIRST_VISIT_BUDGET // KB} KB (gzip, with headers): {over}"


def test_pages_load_few_resources_and_one_stylesheet(built_site):
    for page in reader_pages(built_site) + [built_site / "404.html"]:
        found = page_resources(page)
        name = str(page.relative_to(built_site))
        assert len(found.urls) + 1 <= MAX_REQUESTS_PER_PAGE, f"{name} loads {found.urls}"
        assert len(found.stylesheets) == 1, f"{name}: one combined stylesheet expected, found {found.stylesheets}"


def test_search_index_and_worker_wait_until_the_reader_searches(built_site):
    """Nothing on a page fetches the search index or worker up front, and site.js (which
    holds them back) runs before Material's script."""
    for page in reader_pages(built_site):
        found = page_resources(page)
        name = str(page.relative_to(built_site))
        assert not [u for u in found.urls if "search_index" in u or "/workers/" in u], name
        scripts = [urlsplit(u).path.rsplit("/", 1)[-1] for u in found.scripts]
        assert scripts[:1] == ["site.js"] and scripts[1].startswith("bundle."), f"{name}: script order {scripts}"


def test_opening_a_page_does_not_restyle_it_for_a_palette_switch(built_site):
    """Material marks the body as "switching colours" while it sets up every page. While
    a rule reads that mark, the browser restyles the whole page for it: the largest
    piece of work in opening a page (performance/palette_switch.py)."""
    stylesheets = list((built_site / "assets" / "stylesheets").glob("site.*.min.css"))
    assert stylesheets, "no combined stylesheet (assets/stylesheets/site.<hash>.min.css) was built"
    for stylesheet in stylesheets:
        css = stylesheet.read_text(encoding="utf-8")
        assert palette_switch.MATERIAL_MARK not in css, f"{stylesheet.name} still has a rule reading Material's mark"
        assert f"[{palette_switch.SITE_MARK}] *" in css, f"{stylesheet.name} lost the no-fade rule"


def test_materials_script_starts_with_the_compile_hint_and_keeps_its_source_map(built_site):
    """Chrome compiles Material's script while it downloads, not on the main thread as the
    page opens, only if V8's hint is its first line (performance/compile_hints.py). Every
    page loads that one copy, and its source map still matches Material's, a line lower."""
    folder = built_site / "assets" / "javascripts"
    scripts = sorted(folder.glob("bundle.*.min.js"))
    assert len(scripts) == 1, f"one Material script expected in {folder}, found {[s.name for s in scripts]}"
    script = scripts[0]
    text = script.read_text(encoding="utf-8")
    assert text.startswith(compile_hints.HINT), f"{script.name} does not start with {compile_hints.HINT!r}"
    assert compile_hints.source_map_url(text) == script.name + ".map"
    shipped = json.loads((folder / (script.name + ".map")).read_text(encoding="utf-8"))
    [theme_map] = (Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js.map")
    original = json.loads(theme_map.read_text(encoding="utf-8"))
    assert shipped["file"] == script.name
    assert shipped["mappings"] == ";" + original["mappings"] and shipped["sources"] == original["sources"]
    for page in reader_pages(built_site) + [built_site / "404.html"]:
        loaded = [urlsplit(u).path.rsplit("/", 1)[-1] for u in page_resources(page).scripts]
        assert script.name in loaded, f"{page.relative_to(built_site)} loads {loaded}, not {script.name}"


def heads(site: Path):
    """(name, everything before </head>) for every reader page and 404.html."""
    for page in reader_pages(site) + [site / "404.html"]:
        yield str(page.relative_to(site)), page.read_text(encoding="utf-8").split("</head>", 1)[0]


def test_each_page_states_its_colour_schemes_before_materials_script_does(built_site):
    """The page states its own colour schemes (overrides/main.html). Material's script
    would add a second color-scheme element as every page opens and set it, and Chromium
    restyles the whole page for each such change, so site.js keeps that one out
    (make bench measures the start-up work in Chromium: bench/start_up.py)."""
    for name, head in heads(built_site):
        found = re.findall(r'<meta name="color-scheme"[^>]*>', head)
        assert found == ['<meta name="color-scheme" content="light dark">'], f"{name}: {found}"


def test_each_page_sets_the_roots_script_classes_in_its_head(built_site):
    """Material's script changes the root element's classes at the end of the body, and
    Chromium restyled the whole page for each change. The head makes the same changes
    before the body exists, so Material's change nothing (overrides/main.html)."""
    flip = '<script>document.documentElement.classList.replace("no-js","js");'
    for name, head in heads(built_site):
        assert '<html lang="en" class="no-js">' in head, f"{name}: Material's root element changed"
        assert flip in head and "js-focus-visible" in head, f"{name}: no class change in the head"


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
    """An entry gives a source's title as its publisher wrote it (performance/first_use.py)."""
    html = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    entries = REFERENCE_ENTRY.findall(html)
    assert len(entries) == len(load_site_data(PROJECT / "data").sources), "not every source has an entry"
    assert not [source for source, body in entries if "<abbr" in body]
