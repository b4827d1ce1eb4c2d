"""MkDocs hooks: check every page's front matter, and publish the facts as /facts.json.

These live beside the macros but stay out of `define_env`, which keeps the
macros module itself portable to other builders.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

# MkDocs loads this file by path; the project root must be importable for `macros`.
_PROJECT = Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from macros import pages  # noqa: E402

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


def on_pre_build(config):
    """Snippet files appended to every page (the abbreviations) are not run through the macros."""
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    root = Path(config["config_file_path"]).parent
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


def on_page_markdown(markdown, page, config, files):
    if not page.meta:
        problem = pages.front_matter_syntax_error(page.file.src_path, page.file.content_string)
        if problem:
            raise PluginError(problem)
    try:
        pages.check_page_meta(page.file.src_path, page.meta)
    except pages.PageMetaError as error:
        raise PluginError(str(error)) from None
    problem = pages.typed_care_advice(page.file.src_path, page.file.content_string)
    if problem:
        raise PluginError(problem)
    return markdown


def on_page_content(html, page, config, files):
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


def on_post_build(config):
    from macros import current_data, rendering

    payload = rendering.facts_json(current_data())
    payload["site"] = config["site_url"]
    target = Path(config["site_dir"]) / FACTS_JSON
    target.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
