"""Material's start-up work on the page's main thread, read from Chromium's trace.

Lighthouse's Total Blocking Time is an estimate made from one trace. This is the
work it estimates, measured directly: the thread time of the two tasks in which
Material's script sets the page up, namely the task that runs the script and the
DOMContentLoaded task in which it mounts its components. Thread (CPU) time is used
because on a shared machine wall-clock time also measures the neighbours.

Each page is loaded RUNS times, each time in a new browser profile at phone size,
from the site served on 127.0.0.1; the medians are reported.
"""

from __future__ import annotations

import collections
import json
import re
import statistics
from typing import TypeVar

from tools import chromium

Key = TypeVar("Key")

RUNS = 9
PHONE = {"width": 412, "height": 823}  # Lighthouse's mobile screen
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline"]
THEME_SCRIPT = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$")


def start_up_ms(events: list[dict]) -> tuple[float, float]:
    """(thread ms of the task that ran Material's script, thread ms of the DOMContentLoaded
    task after it) in one page load's trace events."""
    def data(event: dict) -> dict:
        return event.get("args", {}).get("data") or {}

    counts = collections.Counter((e["pid"], e["tid"]) for e in events if e.get("name") == "ParseHTML")
    if not counts:
        raise ValueError("no HTML parsing in the trace: the page did not load")
    # The page's main thread is the one that ran Material's script: the trace can also hold
    # another renderer (the one a closed profile left behind) that parsed more HTML.
    ran = {(e["pid"], e["tid"]) for e in events
           if e.get("name") == "EvaluateScript" and THEME_SCRIPT.search(data(e).get("url", ""))}
    main = max([thread for thread in counts if thread in ran] or counts, key=counts.__getitem__)
    on_main = sorted((e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X"),
                     key=lambda e: e["ts"])

    script = next((e for e in on_main if e["name"] == "EvaluateScript" and THEME_SCRIPT.search(data(e).get("url", ""))), None)
    if script is None:
        raise ValueError("Material's script did not run in the trace")
    ready = next((e for e in on_main if e["name"] == "EventDispatch" and e["ts"] > script["ts"]
                  and data(e).get("type") == "DOMContentLoaded"), None)
    if ready is None:
        raise ValueError("no DOMContentLoaded after Material's script in the trace")

    def task_ms(event: dict) -> float:
        """Thread time of the outermost event around `event`: the task it ran in."""
        task = next(t for t in on_main if t["ts"] <= event["ts"] <= t["ts"] + t.get("dur", 0))
        return task.get("tdur", task["dur"]) / 1000

    return task_ms(script), task_ms(ready)


def measure(urls: dict[Key, str], runs: int = RUNS) -> dict[Key, dict]:
    """{page: {"script_ms", "dom_ready_ms", "total_ms"}}, medians of `runs` first visits
    (`page` is any key: the bench uses (build, page) pairs, to measure two builds in turns)."""
    from playwright.sync_api import sync_playwright

    samples: dict[Key, list[tuple[float, float]]] = {page: [] for page in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.path(), args=chromium.ARGS)
        try:
            for _ in range(runs):  # page after page, so a busy spell affects every page alike
                for page, url in urls.items():
                    samples[page].append(_one_load(browser, url))
        finally:
            browser.close()
    return {page: {"script_ms": statistics.median(s for s, _ in runs_of),
                   "dom_ready_ms": statistics.median(d for _, d in runs_of),
                   "total_ms": statistics.median(s + d for s, d in runs_of)}
            for page, runs_of in samples.items()}


def _one_load(browser, url: str) -> tuple[float, float]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, service_workers="block")
    try:
        tab = context.new_page()
        browser.start_tracing(page=tab, categories=CATEGORIES)
        tab.goto(url, wait_until="load")
        events = json.loads(browser.stop_tracing())["traceEvents"]
    finally:
        context.close()
    return start_up_ms(events)
