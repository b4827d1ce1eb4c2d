"""A synthetic copy of the project with N times the pages, for the scaling run.

docs/ is copied N-1 more times into docs/copy-02/ ... docs/copy-NN/, and each copy
gets its own top-level section in the navigation, laid out like the real one.
Relative links inside a copy point within that copy, so the strict build stays
clean and every page is built exactly as a real page is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load

from tools.project_copy import copy_project


def _prefixed(nav, folder: str):
    """The nav tree with every page path moved into `folder`."""
    if isinstance(nav, str):
        return f"{folder}/{nav}"
    if isinstance(nav, list):
        return [_prefixed(item, folder) for item in nav]
    return {title: _prefixed(child, folder) for title, child in nav.items()}


def make_copy(project: Path, target: Path, times: int) -> int:
    """Write a project with `times` copies of the pages into `target`; returns the page count."""
    copy_project(project, target)
    pages = sorted((project / "docs").glob("*.md"))
    with open(project / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    real_nav = list(config["nav"])
    for n in range(2, times + 1):
        folder = f"copy-{n:02d}"
        (target / "docs" / folder).mkdir()
        for page in pages:
            shutil.copy2(page, target / "docs" / folder / page.name)
        config["nav"].append({f"Copy {n}": _prefixed(real_nav, folder)})
    # !ENV values were resolved when loading, so plain YAML is enough here.
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(pages) * times

