"""Time strict builds of one project folder, in this process; print JSON.

Each build is timed from loading the config to the last file written; Python's
start-up and imports are not counted, so the figures compare fairly between a
small and a large site. The macros layer's share is the time spent in the
macros plugin's hooks (loading data/ and rendering every page's macros).
With several configs (--config, repeated), their builds take turns (A, B, A, B,
...), so a machine that speeds up or slows down during the run affects each alike.

Run by bench/__main__.py in a fresh interpreter per project:
    python bench/build_time.py --project DIR --runs 5 [--config mkdocs.yml --site-dir DIR ...]
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


def one_build(config_file: Path, site_dir: Path) -> tuple[float, float, float]:
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
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
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
    parser.add_argument("--config", action="append", help="a config file in the project (default: mkdocs.yml); repeat for several")
    parser.add_argument("--site-dir", type=Path, action="append", default=[],
                        help="keep the last build of each config here, in the order of --config (default: a temporary folder)")
    args = parser.parse_args()
    project = args.project.resolve()
    configs: list[str] = args.config or ["mkdocs.yml"]
    os.chdir(project)
    sys.path.insert(0, str(project))  # the macros package of the project being timed
    logging.disable(logging.WARNING)  # strict builds still fail on a warning; only the log is quiet
    with tempfile.TemporaryDirectory() as tmp:
        sites = {name: args.site_dir[n].resolve() if n < len(args.site_dir) else Path(tmp) / f"site-{n}"
                 for n, name in enumerate(configs)}
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in configs}
        for _ in range(args.runs):
            for name, site in sites.items():
                runs[name].append(one_build(project / name, site))
        result = {name: {"pages": sum(1 for _ in site.rglob("*.html")), "total": [r[0] for r in runs[name]],
                         "macros": [r[1] for r in runs[name]], "cpu": [r[2] for r in runs[name]]}
                  for name, site in sites.items()}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
