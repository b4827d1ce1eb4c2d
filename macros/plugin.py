"""The site's MkDocs plugin (entry point "baclofen-site"): reads data/ once, checks every page, writes facts.json.

Listed before `macros` in mkdocs.yml, so the data it reads in on_config is the
data the macros use (jinja_macros.define_env takes it from here).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import csp, fingerprint, glossary, page_checks, pages, public_data, review, sandbox, search_index, search_words, theme
from .errors import DataError
from .jinja_macros import read_site_data
from .sitedata import SiteData

FACTS_JSON = "facts.json"
FACTS_SCHEMA = "facts.schema.json"
log = get_plugin_logger(__name__)

# Content embedded from another website. The privacy plugin stops third-party
# images, scripts and stylesheets, but not these: a video or map from another
# host would tell that host who is reading about their medicine.
EMBEDDED = re.compile(
    r"<(iframe|frame|embed|object|video|audio|source|track)\b[^>]*?\s(?:src|data|poster|srcset)\s*=\s*[\"']?\s*((?:https?:)?//[^\s\"'>]+)",
    re.IGNORECASE,
)
# One glossary entry (Python-Markdown's abbreviation syntax), plain words only: it lands on every page.
GLOSSARY_LINE = re.compile(r"^\*\[[^\]<>{}]+\]: [^<>{}\[\]`]+$")
# Jinja markup, which the macros never see in files added after they have run.
JINJA_MARKUP = re.compile(r"\{\{|\{%|\{#")


class SitePluginConfig(Config):
    """The plugin has no options: everything it checks is in data/ and the pages."""


class SitePlugin(BasePlugin[SitePluginConfig]):
    """Reads data/ once per build and holds it for the macros; checks pages; publishes facts.json."""

    def __init__(self) -> None:
        self._data: SiteData | None = None
        self.used_facts: set[str] = set()
        self.cited_sources: set[str] = set()
        self.reviews: dict[str, pages.ClinicalReview | None] = {}  # each page's recorded clinical check
        self.fingerprints: dict[str, dict[str, str]] = {}  # each page's line in review-fingerprints.json
        self.fact_fields: dict[str, dict[str, object]] = {}  # what a page's fingerprint counts of each fact
        self.page_words: set[str] = set()  # every word on the pages search finds, for the search words' checks
        self.indexed_pages: list[str] = []  # the built files search finds ("faq/index.html")

    @property
    def data(self) -> SiteData:
        if self._data is None:
            raise PluginError("the site data was asked for before the build read it (baclofen-site must be listed before macros)")
        return self._data

    def _read_data(self, config: MkDocsConfig) -> MkDocsConfig:
        self._data = read_site_data(Path(config.config_file_path).parent)
        self.used_facts = set()
        self.cited_sources = set()
        self.reviews, self.fingerprints = {}, {}
        self.page_words, self.indexed_pages = set(), []
        self.fact_fields = review.fact_fields(self._data.facts)
        # The theme's site-wide help strip reads the numbers from `extra`.
        config.extra["emergency_numbers"] = self._data.care.emergency_numbers()
        config.extra["emergency_numbers_explained"] = self._data.care.emergency_numbers_explained()
        return config

    @event_priority(-100)  # after mkdocs-macros has made its Jinja environment in its own on_config
    def _sandbox_the_macros(self, config: MkDocsConfig) -> MkDocsConfig:
        problem = sandbox.sandbox_macros(config.plugins["macros"])
        if problem:
            log.warning(problem)
        untested = theme.untested_material()
        if untested:
            log.warning(untested)
        return config

    on_config = CombinedEvent(_read_data, _sandbox_the_macros)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """The output folder can be written; snippet files appended to every page (the glossary) are plain."""
        problem = cannot_write(Path(config.site_dir))
        if problem:
            raise PluginError(problem)
        snippets: dict[str, Any] = config.mdx_configs.get("pymdownx.snippets", {})
        root = Path(config.config_file_path).parent
        for name in snippets.get("auto_append", []):
            found = [root / base / name for base in snippets.get("base_path", ["."]) if (root / base / name).is_file()]
            if not found:
                continue  # the snippets extension reports a missing file itself
            shown = found[0].relative_to(root).as_posix()
            for number, line in enumerate(found[0].read_text(encoding="utf-8").splitlines(), start=1):
                if markup := JINJA_MARKUP.search(line):
                    raise PluginError(
                        f"{shown}, line {number}: this file is added to every page after the macros have run, "
                        f"so '{markup.group(0)}' would reach readers as typed. "
                        "Fix: explain the term in plain words, with no macros and no numbers "
                        "(see 'Abbreviations and the glossary' in contributing/pages.md)."
                    )
                if line.strip() and not GLOSSARY_LINE.match(line):
                    raise PluginError(
                        f"{shown}, line {number}: every line of this file is one glossary entry, '*[term]: what it means.', "
                        "in plain words. Fix: write the line in that form, with no HTML, links or macros "
                        "(see 'Abbreviations and the glossary' in contributing/pages.md)."
                    )

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        source = page.file.content_string
        if not page.meta:
            problem = pages.front_matter_syntax_error(page.file.src_path, source)
            if problem:
                raise PluginError(problem)
        try:
            meta = pages.check_page_meta(page.file.src_path, page.meta, source=source)
            self.reviews[page.file.src_uri] = meta.clinical_review
        except pages.PageMetaError as error:
            raise PluginError(str(error)) from None
        problem = pages.typed_care_advice(page.file.src_path, source)
        if problem:
            raise PluginError(problem)
        problem = pages.macro_syntax_error(page.file.src_path, source, markdown)
        if problem:
            raise PluginError(problem)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.meta.get("urgent_help") and "care-card--emergency" not in html:
            raise PluginError(
                f"docs/{page.file.src_path}: the page is marked urgent_help but shows no emergency card. "
                "Fix: add {{ care_cards('topic', ...) }} with the page's topics under '## When to get help { #get-help }', "
                "or remove urgent_help from the front matter (see contributing/care-advice.md)."
            )
        match = EMBEDDED.search(html)
        if match:
            tag, url = match.group(1).lower(), match.group(2)
            host = urlsplit(url if url.startswith("http") else f"https:{url}").hostname
            raise PluginError(
                f"docs/{page.file.src_path}: the page embeds content (<{tag}>) from another website, {host}. "
                "Fix: nothing on this site may load from another website; link to it instead, for example "
                "[Watch the video on the MS Trust website](https://...) (see 'Links and images' in contributing/pages.md)."
            )
        html = glossary.glossary_terms(html)
        self._check_reader_text(html, page)
        return html

    def _check_reader_text(self, html: str, page: Page) -> None:
        """What a reader sees: no typed dose, nothing that runs, no macro left as text, one title."""
        where = f"docs/{page.file.src_path}"
        source = page.file.content_string
        text = page_checks.read_page(html)
        if search_words.indexed(page.meta):
            self.page_words |= search_words.words_in(text.unmarked)
            self.indexed_pages.append(page.file.dest_uri)
        if text.unsafe:
            raise PluginError(
                f"{where}: the page carries {text.unsafe[0]}, which could run in a reader's browser or send them elsewhere. "
                "Fix: write plain Markdown; link with [words](https://...) and never add scripts, event handlers, "
                "frames, forms or javascript: links (see 'Links and images' in contributing/pages.md)."
            )
        if text.h1_count > 1:
            raise PluginError(
                f"{where}: the page has {text.h1_count} top-level headings (# ...). "
                "Fix: keep one '# Title' at the top and make the others '## Section'."
            )
        if stray := page_checks.stray_macros(text):
            line = page_checks.source_line(source, stray[0])
            raise PluginError(
                f"{where}{f', line {line}' if line else ''}: '{stray[0]}' reached the page as text: a macro that did not run. "
                "Fix: write macros with double braces, {{ fact('oral.start_dose') }}, and check the spelling of its name."
            )
        if page.meta.get("page_type") != "generated" and (typed := page_checks.typed_numbers(text)):
            line = page_checks.source_line(source, typed[0])
            raise PluginError(
                f"{where}{f', line {line}' if line else ''}: '{typed[0]}' is a number typed into the page, not one from data/. "
                "Fix: put it in data/facts.yml with a source and show it with {{ fact('its.id') }} or {{ amount('its.id') }}; "
                "if it is in includes/, take it out (see 'Adding or changing a fact' in contributing/data.md)."
            )

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """The page's fingerprint as built (after every plugin and hook has changed its HTML), and
        what the template shows of its clinical check: page.meta.clinical_check (macros/review.py)."""
        src = page.file.src_uri
        current = fingerprint.of_page(page.content or "", self.fact_fields)
        recorded = self.reviews.get(src)
        page.meta["clinical_check"] = review.shown(recorded, current)
        self.fingerprints[f"docs/{src}"] = review.entry(f"/{page.url}", recorded, current)
        if recorded and recorded.fingerprint != current:
            log.info(f"docs/{src}: changed since its clinical check on {recorded.date}, so it shows 'Updated since it was checked'. "
                     f"For a new check: make sign-off PAGE=docs/{src}")
        return context

    @event_priority(-100)  # last: after every other plugin and hook has written the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return csp.with_policy(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the same policy."""
        return csp.with_policy(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        unused = [fact_id for fact_id in self.data.facts if fact_id not in self.used_facts]
        if unused:
            raise PluginError(
                f"data/facts.yml, line {self.data.fact_lines[unused[0]]} [{unused[0]}]: no page shows this fact. "
                f"Fix: show it on a page with {{{{ fact('{unused[0]}') }}}}, or remove it from data/facts.yml"
                f"{f' ({len(unused) - 1} more unused)' if len(unused) > 1 else ''}."
            )
        uncited = [source_id for source_id in self.data.sources if source_id not in self.cited_sources]
        if uncited:
            raise PluginError(
                f"data/sources.yml, line {self.data.source_lines[uncited[0]]} [{uncited[0]}]: no page cites this source. "
                f"Fix: cite it where it supports a sentence, {{{{ cite('{uncited[0]}') }}}}, or remove it from data/sources.yml"
                f"{f' ({len(uncited) - 1} more uncited)' if len(uncited) > 1 else ''}."
            )
        try:
            search_words.check_against_pages(self.data.search, self.page_words, "data/search.yml")
        except DataError as error:
            raise PluginError(str(error)) from None
        site = Path(config.site_dir)
        payload = public_data.public_json(self.data, config.site_url)
        (site / FACTS_JSON).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (site / FACTS_SCHEMA).write_text(json.dumps(public_data.public_schema(), indent=2) + "\n", encoding="utf-8")
        fingerprints = review.fingerprints_file(self.fingerprints)
        (site / review.FINGERPRINTS_FILE).write_text(json.dumps(fingerprints, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if not self.indexed_pages:
            raise PluginError("no page is left for search to find. Fix: remove 'search: exclude: true' from the reader pages' "
                              "front matter (see 'Search' in contributing/pages.md).")
        problem = search_index.build_index(site, self.indexed_pages)
        if problem:
            raise PluginError(f"{problem}. Fix: make install (Pagefind comes with the build requirements), then build again.")


def cannot_write(site: Path) -> str | None:
    """Why the build could not write the site into this folder (MkDocs would stop with a traceback), or None."""
    probe = site if site.exists() else site.parent
    if probe.exists() and not os.access(probe, os.W_OK):
        return (
            f"{site}: the build cannot write the site there (permission denied). "
            "Fix: build into a folder you can write, for example make build, or mkdocs build --site-dir /tmp/site."
        )
    return None
