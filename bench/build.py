#!/usr/bin/env python3
"""Build benchmark: prints figures, asserts nothing.

Runs 5 strict builds in-process and prints the median build time, the share
of it spent in the macros layer (loading data/ and rendering the pages'
macros), and the weight of the built pages (gzip, as a browser receives them).

Usage: make bench    (or: .venv/bin/python bench/build.py [--runs N])
"""

from __future__ import annotations

import argparse
import gzip
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def timed(method, bucket: list[float]):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            bucket.append(time.perf_counter() - start)
    return wrapper


def one_build(site_dir: Path) -> tuple[float, float]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs_macros.plugin import MacrosPlugin

    in_macros: list[float] = []
    originals = {name: getattr(MacrosPlugin, name) for name in ("on_config", "on_page_markdown")}
    for name, method in originals.items():
        setattr(MacrosPlugin, name, timed(method, in_macros))
    try:
        start = time.perf_counter()
        config = load_config(str(PROJECT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(config)
        total = time.perf_counter() - start
    finally:
        for name, method in originals.items():
            setattr(MacrosPlugin, name, method)
    return total, sum(in_macros)


def page_weights(site: Path) -> list[tuple[str, int, int]]:
    rows = []
    for path in sorted(site.rglob("*.html")):
        raw = path.read_bytes()
        rows.append((str(path.relative_to(site)), len(raw), len(gzip.compress(raw, 9))))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.chdir(PROJECT)
    logging.disable(logging.WARNING)  # keep the output to the figures; builds are strict anyway
    totals, macros = [], []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for _ in range(args.runs):
            total, in_macros = one_build(site)
            totals.append(total)
            macros.append(in_macros)
        median_total = statistics.median(totals)
        median_macros = statistics.median(macros)
        print(f"strict builds:          {args.runs}")
        print(f"median build time:      {median_total:.2f} s (min {min(totals):.2f}, max {max(totals):.2f})")
        print(f"macros layer (median):  {median_macros:.2f} s = {100 * median_macros / median_total:.0f}% of the build")
        weights = page_weights(site)
        gz = [w[2] for w in weights]
        print(f"HTML pages:             {len(weights)}")
        print(f"HTML per page (gzip):   median {statistics.median(gz) / 1024:.1f} KB, largest {max(gz) / 1024:.1f} KB "
              f"({max(weights, key=lambda w: w[2])[0]})")
        home = (site / "index.html").read_text(encoding="utf-8")
        linked = re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', home)
        local = [site / url for url in linked if not url.startswith(("http:", "https:", "//"))]
        css_js = sum(len(gzip.compress(path.read_bytes(), 9)) for path in local if path.is_file())
        print(f"CSS + JS a page loads:  {len(local)} files, {css_js / 1024:.1f} KB gzip (cached after the first page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
