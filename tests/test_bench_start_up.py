"""bench/start_up.py reads Material's two start-up tasks out of a Chromium trace."""

from __future__ import annotations

import pytest

from bench.start_up import start_up_ms

MAIN, OTHER = (1, 10), (1, 11)
SCRIPT_URL = "http://127.0.0.1:8000/baclofen-ms/assets/javascripts/bundle.0123abcd.min.js"


def event(name, thread, ts, dur, tdur=None, **data):
    found = {"name": name, "ph": "X", "pid": thread[0], "tid": thread[1], "ts": ts, "dur": dur, "args": {"data": data}}
    if tdur is not None:
        found["tdur"] = tdur
    return found


def page_load(script_url=SCRIPT_URL):
    return [
        event("RunTask", MAIN, 0, 5_000, 4_000), event("ParseHTML", MAIN, 10, 4_000),
        # an earlier DOMContentLoaded (the blank page before the real one) does not count
        event("RunTask", MAIN, 5_000, 1_000, 900), event("EventDispatch", MAIN, 5_010, 500, type="DOMContentLoaded"),
        event("RunTask", MAIN, 10_000, 40_000, 30_000), event("EvaluateScript", MAIN, 10_010, 39_000, url=script_url),
        event("RunTask", OTHER, 20_000, 90_000, 80_000),  # another thread: the background compile
        event("RunTask", MAIN, 60_000, 30_000, 25_000),
        event("EventDispatch", MAIN, 60_010, 29_000, type="DOMContentLoaded"),
    ]


def test_the_script_task_and_the_dom_content_loaded_task_after_it_are_measured_in_thread_time():
    assert start_up_ms(page_load()) == (30.0, 25.0)


def test_a_trace_without_materials_script_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match="Material's script did not run"):
        start_up_ms(page_load(script_url="http://127.0.0.1:8000/baclofen-ms/assets/javascripts/site.js"))
    with pytest.raises(ValueError, match="did not load"):
        start_up_ms([])
