"""The built HTML, without a browser: theme features on every page, structured data,
sitemap, privacy, page-weight budget, internal links (lychee) and HTML validity (Nu).

Everything here except the Nu Html Checker (Java) runs in `make test-fast` too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from macros.loader import load_site_data

from ..conftest import front_matter, long_date, mkdocs_config, page_resources, resource_file, visible_text
from .conftest import PROJECT, built_pages, missing_tool, site_prefix

DOCS = PROJECT / "docs"
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LYCHEE = PROJECT / ".venv" / "bin" / "lychee"

# Theme-owned Nu Html Checker errors: (message pattern, the markup it must be on, reason).
# Anything else fails the test.
VNU_EXCEPTIONS = [
    (
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
        "Material 9.8.1 base.html puts autocomplete=\"off\" on its two hidden checkbox toggles (the "
        "navigation drawer and the search overlay) so Firefox does not restore them open on reload. "
        "The spec allows autocomplete only on text-like inputs; readers are not affected, and the "
        "markup is in base.html outside any block, so it cannot be changed without copying the template.",
    ),
]


class _Collector(HTMLParser):
    """The few things these tests read from a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.anchors: list[dict] = []
        self.scripts: list[dict] = []
        self._script: dict | None = None
        self._anchor: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        elif tag == "link":
            self.links.append(a)
        elif tag == "a":
            self._anchor = {**a, "text": ""}
            self.anchors.append(self._anchor)
        elif tag == "script":
            self._script = {**a, "text": ""}
            self.scripts.append(self._script)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        elif tag == "a":
            self._anchor = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data
        if self._anchor is not None:
            self._anchor["text"] += data


def parse(path: Path) -> tuple[_Collector, str]:
    html = path.read_text(encoding="utf-8")
    collector = _Collector()
    collector.feed(html)
    return collector, html


def docs_pages() -> list[tuple[str, Path]]:
    """(built page path, source) for every Markdown page (docs/ is flat)."""
    pages = []
    for md in sorted(DOCS.glob("*.md")):
        pages.append(("index.html" if md.stem == "index" else f"{md.stem}/index.html", md))
    return pages


def page_file(site: Path, rel: str) -> Path:
    return site / (rel if rel.endswith(".html") else rel + "index.html")


PAGES = docs_pages()
PAGE_IDS = [src.name for _, src in PAGES]


# --- Every page -----------------------------------------------------------------


@pytest.mark.parametrize(("built", "src"), PAGES, ids=PAGE_IDS)
def test_review_dates_status_and_disclaimer_in_the_page_footer(built_site, built, src):
    meta = front_matter(src.name)
    _, html = parse(built_site / built)
    footer = re.search(r'<footer class="page-info[^"]*">(.*?)</footer>', html, re.DOTALL)
    assert footer, f"{built}: no page-info footer"
    text = visible_text(footer.group(1))
    assert f"Page last reviewed: {long_date(meta['reviewed'])}" in text, text
    assert f"Next review due: {long_date(meta['next_review'])}" in text, text
    assert re.search(r"Review status: (Checked by .+ on|Updated since it was checked on|Not yet checked by a clinician)", text), text
    assert "not personal medical advice" in text and "MS team" in text
    if "clinical_review" not in meta:
        assert "Review status: Not yet checked by a clinician." in text
        banner = re.search(r'class="review-banner review-banner--awaiting[^"]*"[^>]*>(.*?)</div>', html, re.DOTALL)
        assert banner and "not yet been checked by a clinician" in visible_text(banner.group(1))
    overdue = re.search(r'<div class="review-banner review-banner--overdue[^"]*"[^>]*>', html)
    assert overdue and " hidden" in overdue.group(0), "the overdue banner must be hidden until its script shows it"
    assert f'data-next-review="{str(meta["next_review"])[:10]}"' in overdue.group(0)


@pytest.mark.parametrize(("built", "src"), PAGES, ids=PAGE_IDS)
def test_report_a_problem_and_edit_links(built_site, built, src):
    config = mkdocs_config()
    page, _ = parse(built_site / built)
    canonical = next(link["href"] for link in page.links if link.get("rel") == "canonical")
    report = [a for a in page.anchors if a["text"].strip() == "Report a problem with this page"]
    assert len(report) == 1, f"{built}: expected one 'Report a problem with this page' link"
    url = urlsplit(report[0]["href"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{config['repo_url']}/issues/new"
    query = parse_qs(url.query)
    assert query == {"template": ["content-mistake.yml"], "page": [canonical]}, query
    assert f"page={quote(canonical, safe='')}" in report[0]["href"]
    edit_url = f"{config['repo_url']}/{config['edit_uri']}{src.name}"
    visible_edit = [a for a in page.anchors if a.get("href") == edit_url and a["text"].strip() == "Edit this page"]
    assert visible_edit, f"{built}: no visible, labelled 'Edit this page' link to {edit_url}"


def test_every_page_says_where_to_get_urgent_help(built_site):
    # The numbers come from data/care.yml (the plugin puts them in the theme's extra).
    explained = load_site_data(PROJECT / "data").care.emergency_numbers_explained()
    for rel in built_pages(built_site):
        _, html = parse(page_file(built_site, rel))
        banner = re.search(r'<aside class="md-banner">(.*?)</aside>', html, re.DOTALL)
        assert banner and explained in visible_text(banner.group(1)), f"{rel or 'home'}: no urgent-help line"


@pytest.mark.parametrize(("built", "src"), PAGES, ids=PAGE_IDS)
def test_structured_data_and_meta_description(built_site, built, src):
    meta = front_matter(src.name)
    page, _ = parse(built_site / built)
    assert page.meta.get("description") == meta["description"], f"{built}: meta description"
    canonical = next(link["href"] for link in page.links if link.get("rel") == "canonical")
    blocks = [s for s in page.scripts if s.get("type") == "application/ld+json"]
    assert len(blocks) == 1, f"{built}: expected one JSON-LD block"
    data = json.loads(blocks[0]["text"])
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
    assert data["name"] == meta["title"] and data["description"] == meta["description"]
    assert data["url"] == canonical and data["inLanguage"] == "en"
    assert data["about"] == {"@type": "Drug", "name": "Baclofen"}
    assert "Patient" in json.dumps(data["audience"])
    # lastReviewed and reviewedBy only while a clinician's check matches the page (tests/test_clinical_review.py);
    # it names the role, never the person.
    if "clinical_review" not in meta:
        assert "lastReviewed" not in data and "reviewedBy" not in data, "no clinical review claimed before one happens"
    elif "reviewedBy" in data:
        assert data["reviewedBy"] == {"@type": "Person", "jobTitle": meta["clinical_review"]["role"]}
        assert data["lastReviewed"] == str(meta["clinical_review"]["date"])[:10]


def test_sitemap_lists_every_page(built_site):
    tree = ET.parse(built_site / "sitemap.xml")
    locs = {urlsplit(el.text).path for el in tree.iter() if el.tag.endswith("loc")}
    prefix = site_prefix(built_site)
    expected = {prefix + ("" if built == "index.html" else built[: -len("index.html")]) for built, _ in PAGES}
    assert expected <= locs, f"missing from sitemap.xml: {sorted(expected - locs)}"
    assert (built_site / "sitemap.xml.gz").is_file()


def test_theme_fixes_are_in_place(built_site):
    """Material 9.8.1's stock accessibility and privacy problems, fixed in overrides/main.html."""
    for rel in built_pages(built_site):
        _, html = parse(page_file(built_site, rel))
        assert 'data-md-component="source"' not in html, f"{rel}: the repo widget would call api.github.com"
        assert '<nav class="md-path" aria-label="Navigation"' not in html, f"{rel}: breadcrumb label"


def test_pages_load_nothing_from_another_host(built_site):
    foreign = {}
    for rel in built_pages(built_site):
        file = page_file(built_site, rel)
        _, html = parse(file)
        assets = page_resources(file).urls
        external = [u for u in assets if urlsplit(u).scheme in {"http", "https"} or u.startswith("//")]
        external += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]+\)", html)  # inline CSS
        if external:
            foreign[rel or "home"] = external
        for asset in assets:
            target = resource_file(built_site, file, asset)
            if target.suffix == ".css" and target.is_file():  # the stylesheet readers get
                css = target.read_text(encoding="utf-8")
                assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css), f"{asset} loads from another host"
                assert not re.search(r"@font-face|@import", css), f"{asset}: no web fonts or imported stylesheets"
    assert not foreign, f"third-party assets: {foreign}"


# --- Links and HTML validity ----------------------------------------------------------


def test_internal_links_and_anchors_resolve(built_site, tmp_path):
    """lychee, offline, with fragments. 404.html links from the site root ('/baclofen-ms/...'),
    so the root dir is a folder in which that prefix points at the built site."""
    if not LYCHEE.exists():
        missing_tool(f"lychee not found at {LYCHEE} (make install)")
    root = tmp_path / "root"
    prefix = site_prefix(built_site).strip("/")
    mount = root / prefix if prefix else root
    mount.parent.mkdir(parents=True, exist_ok=True)
    if prefix:
        mount.symlink_to(built_site, target_is_directory=True)
    else:
        root = built_site
    proc = subprocess.run(
        # --index-files: 'safety/#withdrawal' means safety/index.html, whose ids are checked.
        [str(LYCHEE), "--offline", "--include-fragments", "--index-files", "index.html",
         "--no-progress", "--format", "compact",
         "--root-dir", str(root), str(built_site)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"lychee found broken internal links or anchors:\n{proc.stdout}\n{proc.stderr}"


@pytest.mark.browser
def test_html_is_valid(built_site):
    java = shutil.which("java")
    if not java:
        missing_tool("Java not found (make browser-deps installs default-jre-headless)")
    if not VNU_JAR.is_file():
        missing_tool(f"the Nu Html Checker is not installed at {VNU_JAR} (make browser-deps)")
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json", str(built_site)],
        capture_output=True, text=True, timeout=300,
    )
    try:
        messages = json.loads(proc.stderr or proc.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the Nu Html Checker did not report JSON (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    unexplained = [
        m for m in errors
        if not any(re.search(message, m.get("message", "")) and re.search(markup, m.get("extract", ""))
                   for message, markup, _reason in VNU_EXCEPTIONS)
    ]
    report = "\n".join(
        f"{m.get('url', '').replace('file:' + str(built_site), '')}:{m.get('lastLine', '?')}: {m.get('message')}\n"
        f"    {m.get('extract', '').strip()[:160]}"
        for m in unexplained
    )
    assert not unexplained, f"HTML errors (only the theme-owned ones in VNU_EXCEPTIONS are allowed):\n{report}"
