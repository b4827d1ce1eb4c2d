"""MkDocs hooks: check every page's front matter, and publish the facts as /facts.json.

These live beside the macros but stay out of `define_env`, which keeps the
macros module itself portable to other builders.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads this file by path; the project root must be importable for `macros`.
_PROJECT = Path(__file__).resolve().parent.parent
if str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from macros import pages  # noqa: E402

FACTS_JSON = "facts.json"


def on_page_markdown(markdown, page, config, files):
    try:
        pages.check_page_meta(page.file.src_path, page.meta)
    except pages.PageMetaError as error:
        raise PluginError(str(error)) from None
    return markdown


def on_post_build(config):
    from macros import current_data, rendering

    payload = rendering.facts_json(current_data())
    payload["site"] = config["site_url"]
    target = Path(config["site_dir"]) / FACTS_JSON
    target.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
