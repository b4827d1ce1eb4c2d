"""Shared fixtures: the project, a real strict build of it, and throw-away copies to break."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import get_data

from tools.project_copy import copy_project
from tools.static_server import site_prefix

PROJECT = Path(__file__).resolve().parent.parent
# What a page loads on a first visit (PERFORMANCE.md); search loads only on the search page.
# A new script, font or image on every page should fail. Checked on the built files
# (tests/test_budgets.py) and on the requests Chromium makes (tests/browser/test_every_page.py).
# The page, Material's two stylesheets and its script, site.css, site.js and the icon.
MAX_REQUESTS_PER_PAGE = 7


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_build(project: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> BuildResult:
    """A real strict build, as `make build` runs it (never with -q, which hides warnings)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir)


def given_site() -> Path | None:
    """The already-built site named by SITE_DIR (relative to the current folder), or None.

    The deploy workflow builds the site once (`make build`), runs the tests on that
    folder and then publishes the same folder, so what readers get is what was tested.
    """
    value = os.environ.get("SITE_DIR", "").strip()
    return Path(value).resolve() if value else None


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built once from the working tree, shared by every test that reads HTML
    (the browser tests serve it too). With SITE_DIR set, that built site instead: no build."""
    site = given_site()
    if site is not None:
        if not (site / "index.html").is_file() or not (site / "sitemap.xml").is_file():
            pytest.fail(f"SITE_DIR={os.environ['SITE_DIR']}: {site} is not a built site (no index.html or "
                        "sitemap.xml); build it first with `make build`, or unset SITE_DIR", pytrace=False)
        return site
    site = tmp_path_factory.mktemp("site")
    result = run_build(PROJECT, site)
    assert result.ok, f"the strict build failed:\n{result.output}"
    return site


def _tool_version(command: list[str], from_stderr: bool = False, lines: int = 1) -> str:
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        return f"not available ({error.__class__.__name__})"
    said = [line.strip() for line in (proc.stderr if from_stderr else proc.stdout).strip().splitlines()]
    return "; ".join(said[:lines]) if proc.returncode == 0 and said else f"not available (exit {proc.returncode})"


def pytest_report_header(config) -> list[str]:
    """Put the site under test and the versions of the tools from Debian (installed unpinned
    by `make test`) at the top of every run's output, so a run can be traced afterwards."""
    from tools import chromium

    site = given_site()
    vnu = PROJECT / "node_modules" / "vnu-jar" / "package.json"
    try:
        vnu_version = json.loads(vnu.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        vnu_version = "not installed"
    return [
        f"site under test: {f'{site} (SITE_DIR, built before the tests)' if site else 'built by the tests (no SITE_DIR)'}",
        f"chromium: {_tool_version([chromium.path(), '--version'])}",
        f"java: {_tool_version(['java', '-version'], from_stderr=True, lines=2)}",
        f"node: {_tool_version(['node', '--version'])}; npm: {_tool_version(['npm', '--version'])}; "
        f"vnu-jar: {vnu_version}",
    ]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT / "data", target)
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project to break on purpose; the real tree is never touched."""
    return copy_project(PROJECT, tmp_path / "project")


@pytest.fixture
def build_copy(project_copy, tmp_path):
    """Build the (edited) copy; returns a BuildResult."""
    def build(extra_env: dict[str, str] | None = None) -> BuildResult:
        return run_build(project_copy, tmp_path / "site", extra_env)
    return build


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" or p.parent == site)


@cache
def mkdocs_config() -> dict:
    """mkdocs.yml as data (its !ENV tags resolved the way MkDocs resolves them)."""
    with (PROJECT / "mkdocs.yml").open(encoding="utf-8") as handle:
        return yaml_load(handle)


@cache
def front_matter(src: str) -> dict:
    """The front matter of docs/<src>, read as MkDocs reads it."""
    # utf-8-sig, as MkDocs reads pages: a page saved with a byte-order mark is read the same.
    _, meta = get_data((PROJECT / "docs" / src).read_text(encoding="utf-8-sig"))
    return meta


def long_date(value) -> str:
    """A date as the site shows it: '21 November 2026'."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.day} {day:%B %Y}"


def visible_text(html: str) -> str:
    """Text with tags removed and white space folded (a <time> element is just its text)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":")


class PageResources(HTMLParser):
    """What a page makes the browser fetch as it loads, in document order."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        rel = set(a.get("rel", "").split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload", "prefetch"}:
            self.urls.append(a["href"])
            if "stylesheet" in rel:
                self.stylesheets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
            self.scripts.append(a["src"])
        elif tag in {"img", "iframe", "video", "audio", "embed", "source"} and a.get("src"):
            self.urls.append(a["src"])


@cache
def page_resources(page: Path) -> PageResources:
    parser = PageResources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def resource_file(site: Path, page: Path, url: str) -> Path:
    """The built file a page's link or src points at (404.html links from the site root)."""
    path = urlsplit(url).path
    prefix = site_prefix(site)
    if path.startswith(prefix):
        return site / path[len(prefix):]
    return (page.parent / path).resolve()


def paste_front_matter(page: Path, block: str) -> None:
    """Paste YAML lines into a page's front matter, as a reviewer does: each top-level field in
    `block` (with the lines indented under it) replaces the page's own, or is added at the end."""
    text = page.read_text(encoding="utf-8")
    end = text.index("\n---", 3)
    head, body = text[:end].split("\n"), text[end:]
    chunks = re.split(r"\n(?=\S)", block.strip("\n"))
    for chunk in chunks:
        key = chunk.split(":", 1)[0]
        kept, skipping = [], False
        for line in head:
            if line.startswith(f"{key}:"):
                skipping = True
                continue
            if skipping and line.startswith((" ", "\t")):
                continue
            skipping = False
            kept.append(line)
        head = kept + chunk.split("\n")
    page.write_text("\n".join(head) + body, encoding="utf-8")


def review_block(fingerprint: str, role: str, date: str, reviewer: str = "A Fixture Reviewer") -> str:
    """A clinical_review record (a fixture: the real site records only real reviews)."""
    return f"clinical_review:\n  reviewer: {reviewer}\n  role: {role}\n  date: {date}\n  fingerprint: {fingerprint}\n"
