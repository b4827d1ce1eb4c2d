"""A copy of the project that builds on its own: for tests that break it on purpose,
and for the benchmark's synthetic large sites. The real tree is never touched."""

from __future__ import annotations

import shutil
from pathlib import Path

# What a build needs (no site/, .venv/ or node_modules/).
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros", "overrides", "includes")


def copy_project(source: Path, target: Path) -> Path:
    """Copy the parts of the project at `source` that a build needs into `target` (created)."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy2(path, target / part)
    return target
