"""Time strict builds of one project folder, in this process; print JSON.

Each build is timed from loading mkdocs.yml to the last file written; Python's
start-up and imports are not counted, so the figures compare fairly between a
small and a large site. The macros layer's share is the time spent in the
macros plugin's hooks (loading data/ and rendering every page's macros).

Run by bench/__main__.py in a fresh interpreter per project:
    python bench/build_time.py --project DIR --runs 5
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
MACROS_HOOKS = ("on_config", "on_page_markdown")


def _timed(method, bucket: list[float]):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            bucket.append(time.perf_counter() - start)
    return wrapper


def one_build(project: Path, site_dir: Path) -> tuple[float, float, float]:
    """(seconds for the whole strict build, seconds of it inside the macros plugin,
    CPU seconds of the build: what a busy or throttled machine disturbs least)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs_macros.plugin import MacrosPlugin

    in_macros: list[float] = []
    originals = {name: getattr(MacrosPlugin, name) for name in MACROS_HOOKS}
    for name, method in originals.items():
        setattr(MacrosPlugin, name, _timed(method, in_macros))
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(config)
        total, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    finally:
        for name, method in originals.items():
            setattr(MacrosPlugin, name, method)
    return total, sum(in_macros), cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site-dir", type=Path, help="keep the last build here (default: a temporary folder)")
    args = parser.parse_args()
    project = args.project.resolve()
    os.chdir(project)
    sys.path.insert(0, str(project))  # the macros package of the project being timed
    logging.disable(logging.WARNING)  # strict builds still fail on a warning; only the log is quiet
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site_dir.resolve() if args.site_dir else Path(tmp) / "site"
        runs = [one_build(project, site) for _ in range(args.runs)]
        pages = sum(1 for _ in site.rglob("*.html"))
    print(json.dumps({"pages": pages, "total": [r[0] for r in runs], "macros": [r[1] for r in runs],
                      "cpu": [r[2] for r in runs]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
