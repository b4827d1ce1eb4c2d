"""Stock Material: the same content built as a plain Material site, to compare with ours.

The same docs/, data/ and includes/, the same plugins that make and check the
content (privacy, baclofen-site, macros) and the same theme settings (palette,
features, no web fonts), but none of the site's own front-end work: no
custom_dir (overrides/), no extra_css or extra_javascript (site.css, site.js),
no minify plugin, and Material's own search plugin, as a plain Material site has
it. Its config is written next to mkdocs.yml in the bench's temporary copy of
the project (config paths are relative to the config file), never into the
real tree. It builds strictly, as ours does.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.utils.yaml import yaml_load

CONFIG = "mkdocs.stock.yml"
# What Material's search plugin makes every first visit download: its worker and the whole index.
SEARCH_FILES = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$|/search/search_index\.json$")


def _plugin_name(entry: str | dict[str, Any]) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def stock_config(ours: dict[str, Any]) -> dict[str, Any]:
    """Our config (as loaded) with what a plain Material site would not have taken out."""
    stock = copy.deepcopy(ours)
    stock["theme"].pop("custom_dir", None)
    stock.pop("extra_css", None)
    stock.pop("extra_javascript", None)
    plugins = stock.get("plugins", [])
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    stock["plugins"] = ["search", *(p for p in plugins if _plugin_name(p) not in ("search", "minify"))]
    return stock


def write_config(project: Path) -> str:
    """Write the stock config into `project` (a copy) beside its mkdocs.yml; returns its file name."""
    with open(project / "mkdocs.yml", encoding="utf-8") as file:
        ours = yaml_load(file)  # MkDocs' loader: !ENV values and INHERIT resolved as a build would
    text = yaml.safe_dump(stock_config(ours), sort_keys=False, allow_unicode=True)
    (project / CONFIG).write_text(text, encoding="utf-8")
    return CONFIG


def eager_search(requests: list[tuple[str, int]]) -> dict[str, int]:
    """Bytes of Material's search worker and index among a visit's requests, and how many requests."""
    found = [(path, size) for path, size in requests if SEARCH_FILES.search(urlsplit(path).path)]
    worker = sum(size for path, size in found if "/workers/" in path)
    return {"worker_bytes": worker, "index_bytes": sum(size for _, size in found) - worker, "requests": len(found)}
