"""The site's MkDocs plugin (entry point "baclofen-site"): reads data/ once, checks every page, writes facts.json.

Listed before `macros` in mkdocs.yml, so the data it reads in on_config is the
data the macros use (jinja_macros.define_env takes it from here).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import pages, rendering
from .jinja_macros import read_site_data
from .sitedata import SiteData

FACTS_JSON = "facts.json"

# Content embedded from another website. The privacy plugin stops third-party
# images, scripts and stylesheets, but not these: a video or map from another
# host would tell that host who is reading about their medicine.
EMBEDDED = re.compile(
    r"<(iframe|frame|embed|object|video|audio|source|track)\b[^>]*?\s(?:src|data|poster|srcset)\s*=\s*[\"']?\s*((?:https?:)?//[^\s\"'>]+)",
    re.IGNORECASE,
)
# Jinja markup, which the macros never see in files added after they have run.
JINJA_MARKUP = re.compile(r"\{\{|\{%|\{#")


class SitePluginConfig(Config):
    """The plugin has no options: everything it checks is in data/ and the pages."""


class SitePlugin(BasePlugin[SitePluginConfig]):
    """Reads data/ once per build and holds it for the macros; checks pages; publishes facts.json."""

    def __init__(self) -> None:
        self._data: SiteData | None = None

    @property
    def data(self) -> SiteData:
        if self._data is None:
            raise PluginError("the site data was asked for before the build read it (baclofen-site must be listed before macros)")
        return self._data

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._data = read_site_data(Path(config.config_file_path).parent)
        # The theme's site-wide help strip reads the numbers from `extra`.
        config.extra["emergency_numbers_explained"] = self._data.care.emergency_numbers_explained()
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Snippet files appended to every page (the abbreviations) are not run through the macros."""
        snippets: dict[str, Any] = config.mdx_configs.get("pymdownx.snippets", {})
        root = Path(config.config_file_path).parent
        for name in snippets.get("auto_append", []):
            path = root / name
            if not path.is_file():
                continue  # the snippets extension reports a missing file itself
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if markup := JINJA_MARKUP.search(line):
                    raise PluginError(
                        f"{name}, line {number}: this file is added to every page after the macros have run, "
                        f"so '{markup.group(0)}' would reach readers as typed. "
                        "Fix: explain the term in plain words, with no macros and no numbers "
                        "(see 'Abbreviations and the glossary' in CONTRIBUTING.md)."
                    )

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        source = page.file.content_string
        if not page.meta:
            problem = pages.front_matter_syntax_error(page.file.src_path, source)
            if problem:
                raise PluginError(problem)
        try:
            pages.check_page_meta(page.file.src_path, page.meta)
        except pages.PageMetaError as error:
            raise PluginError(str(error)) from None
        problem = pages.typed_care_advice(page.file.src_path, source)
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
                "[Watch the video on the MS Trust website](https://...) (see 'Links and images' in CONTRIBUTING.md)."
            )
        return html

    def on_post_build(self, config: MkDocsConfig) -> None:
        payload = rendering.facts_json(self.data)
        payload["site"] = config.site_url
        target = Path(config.site_dir) / FACTS_JSON
        target.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
