"""Lighthouse scores for a page, with its default mobile settings (simulated Slow 4G).

Lighthouse comes from bench/package.json (installed by `make bench`) and drives
Debian's Chromium (CHROME_PATH), headless, with the flags this machine needs.
Lighthouse's own advice is to run it several times and take the median: its
performance score varies between runs (here, from 91 to 100 on the same files).
RUNS is 9, as in Lighthouse's own accuracy studies (docs/lantern.md): with 5,
the median itself moved between 96 and 99 from one full run to the next.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import TypeVar

from tools import chromium

Key = TypeVar("Key")

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join(["--headless=new", *chromium.ARGS])
RUNS = 9


def median_scores(urls: dict[Key, str], runs: int = RUNS) -> dict[Key, dict]:
    """For each url, the run with the median performance score, and every run's performance score.
    The urls take turns (A, B, A, B, ...), so a busy spell of the machine affects each alike."""
    results: dict[Key, list[dict]] = {key: [] for key in urls}
    for _ in range(runs):
        for key, url in urls.items():
            results[key].append(scores(url))
    medians = {}
    for key, runs_of in results.items():
        runs_of.sort(key=lambda r: r["scores"]["performance"])
        medians[key] = {**runs_of[len(runs_of) // 2], "performance_runs": [r["scores"]["performance"] for r in runs_of]}
    return medians


def scores(url: str) -> dict:
    """{'scores': {category: 0-100}, 'missed': [audits that cost points], 'metrics': {name: as shown},
    'values': {name: number}}."""
    env = {**os.environ, "CHROME_PATH": chromium.path()}
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}:\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    result: dict = {"scores": {}, "missed": [], "metrics": {}, "values": {}}
    for name, category in report["categories"].items():
        result["scores"][name] = round(100 * (category["score"] or 0))
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                result["missed"].append(f"{name}: {ref['id']} {audit.get('displayValue', '')}".strip())
    for metric in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                   "cumulative-layout-shift", "speed-index"):
        result["metrics"][metric] = report["audits"][metric].get("displayValue", "")
        result["values"][metric] = report["audits"][metric].get("numericValue")  # ms (CLS: a score)
    return result
