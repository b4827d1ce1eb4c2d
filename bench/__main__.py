"""The performance benchmark: prints figures and checks them against the goals.

    make bench                   (or: .venv/bin/python -m bench [--quick])

1. Strict build of the site, median of 5, and the share spent in the macros layer.
2. Scaling: synthetic copies of the site at 10x and 20x the pages (median of 3 each).
3. Every reader page loaded in Debian's Chromium from 127.0.0.1 (gzip, as GitHub
   Pages serves it): bytes and requests on a first visit and on a repeat visit.
4. Material's start-up work on the main thread of those three pages (bench/start_up.py):
   thread time of the task that runs its script and of the DOMContentLoaded task,
   medians of nine loads each, read from Chromium's trace.
5. Lighthouse (mobile, simulated Slow 4G) on the home page and the two heaviest pages,
   nine runs each; the median run is reported.

Writes bench/results/report.json and report.md and ends with one summary line.
It asserts nothing and exits 0 unless a step cannot run: budgets that must hold
on every change are tests (tests/test_budgets.py); these are the measured figures.
See PERFORMANCE.md for the budgets, and bench/HISTORY.md for the record of past runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import lighthouse, page_weight, start_up, synthetic  # noqa: E402
from tools.static_server import built_pages, serve_site, site_prefix  # noqa: E402

RESULTS = PROJECT / "bench" / "results"
KB = 1024
GOALS = {
    "build_s": 2.0, "macros_s": 0.3, "scaling_ratio": 2.2,
    "first_visit_kb": 64, "repeat_visit_kb": 12,
    "lighthouse": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100},
}


def time_builds(project: Path, runs: int, site_dir: Path | None = None) -> dict:
    command = [sys.executable, str(PROJECT / "bench" / "build_time.py"), "--project", str(project), "--runs", str(runs)]
    if site_dir:
        command += ["--site-dir", str(site_dir)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the build of {project} failed:\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout)
    return {"pages": data["pages"], "median_s": statistics.median(data["total"]),
            "macros_s": statistics.median(data["macros"]), "cpu_s": statistics.median(data["cpu"]),
            "runs_s": data["total"]}


def scaling(runs: int) -> dict:
    """Median build time of 10x and 20x copies. The runs alternate (10x, 20x, 10x, ...),
    so a machine that speeds up or slows down during the run affects both sizes alike."""
    with tempfile.TemporaryDirectory() as tmp:
        copies = {}
        for times in (10, 20):
            copies[f"{times}x"] = Path(tmp) / f"project-{times}x"
            synthetic.make_copy(PROJECT, copies[f"{times}x"], times)
        timings: dict[str, list[dict]] = {name: [] for name in copies}
        for _ in range(runs):
            for name, copy in copies.items():
                timings[name].append(time_builds(copy, 1))
    result = {}
    for name, runs_of in timings.items():
        result[name] = {"pages": runs_of[0]["pages"],
                        "median_s": statistics.median(r["median_s"] for r in runs_of),
                        "macros_s": statistics.median(r["macros_s"] for r in runs_of),
                        "cpu_s": statistics.median(r["cpu_s"] for r in runs_of),
                        "runs_s": [r["median_s"] for r in runs_of]}
    # The goal is judged on CPU time: on a shared machine, wall-clock time also measures
    # the neighbours (runs of the same build here varied by 40%). Both are reported.
    result["ratio"] = result["20x"]["cpu_s"] / result["10x"]["cpu_s"]
    result["ratio_wall"] = result["20x"]["median_s"] / result["10x"]["median_s"]
    return result


def check(report: dict) -> list[str]:
    """The goals missed, in words (an empty list when all are met)."""
    missed = []
    build = report["build"]
    if build["median_s"] > GOALS["build_s"]:
        missed.append(f"build {build['median_s']:.2f} s > {GOALS['build_s']} s")
    if build["macros_s"] > GOALS["macros_s"]:
        missed.append(f"macros {build['macros_s']:.2f} s > {GOALS['macros_s']} s")
    if "scaling" in report and report["scaling"]["ratio"] > GOALS["scaling_ratio"]:
        missed.append(f"scaling 20x/10x {report['scaling']['ratio']:.2f} > {GOALS['scaling_ratio']}")
    for row in report["pages"]:
        if row["first_bytes"] > GOALS["first_visit_kb"] * KB:
            missed.append(f"first visit {row['page']} {row['first_bytes'] / KB:.1f} KB")
        if row["repeat_bytes"] > GOALS["repeat_visit_kb"] * KB:
            missed.append(f"repeat visit {row['page']} {row['repeat_bytes'] / KB:.1f} KB")
    for page, result in report.get("lighthouse", {}).items():
        for category, floor in GOALS["lighthouse"].items():
            if result["scores"][category] < floor:
                missed.append(f"Lighthouse {category} {result['scores'][category]} on {page}")
    return missed


def markdown(report: dict) -> str:
    build = report["build"]
    lines = ["# Benchmark report", "",
             f"- Strict build: median {build['median_s']:.2f} s of {len(build['runs_s'])} "
             f"({build['pages']} pages); macros layer {build['macros_s']:.2f} s "
             f"({100 * build['macros_s'] / build['median_s']:.0f}%)"]
    if "scaling" in report:
        s = report["scaling"]
        lines.append(f"- Scaling (median of {len(s['10x']['runs_s'])}, CPU time): {s['10x']['pages']} pages "
                     f"{s['10x']['cpu_s']:.2f} s, {s['20x']['pages']} pages {s['20x']['cpu_s']:.2f} s: "
                     f"x{s['ratio']:.2f} for twice the pages (wall clock: {s['10x']['median_s']:.2f} s, "
                     f"{s['20x']['median_s']:.2f} s, x{s['ratio_wall']:.2f})")
    lines += ["", "| Page | First visit | Requests | Repeat visit | Requests |", "|---|---:|---:|---:|---:|"]
    for row in report["pages"]:
        lines.append(f"| {row['page']} | {row['first_bytes'] / KB:.1f} KB | {row['first_requests']} "
                     f"| {row['repeat_bytes'] / KB:.1f} KB | {row['repeat_requests']} |")
    if report.get("start_up"):
        lines += ["", f"| Material's start-up, main thread (thread time, median of {start_up.RUNS}) | Running its script "
                  "| Setting up the page (DOMContentLoaded) | Both |", "|---|---:|---:|---:|"]
        for page, row in report["start_up"].items():
            lines.append(f"| {page} | {row['script_ms']:.1f} ms | {row['dom_ready_ms']:.1f} ms | {row['total_ms']:.1f} ms |")
    if report.get("lighthouse"):
        lines += ["", f"| Lighthouse (mobile, median of {lighthouse.RUNS}) | Performance (each run) | Accessibility | Best practices "
                  "| SEO | FCP | LCP | TBT |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for page, result in report["lighthouse"].items():
            sc, m = result["scores"], result["metrics"]
            each = "/".join(str(v) for v in result.get("performance_runs", []))
            lines.append(f"| {page} | {sc['performance']} ({each}) | {sc['accessibility']} | {sc['best-practices']} "
                         f"| {sc['seo']} | {m['first-contentful-paint']} | {m['largest-contentful-paint']} "
                         f"| {m['total-blocking-time']} |")
    lines += ["", "Goals missed: " + ("; ".join(report["missed"]) or "none"), ""]
    return "\n".join(lines)


def summary(report: dict) -> str:
    build, pages = report["build"], report["pages"]
    heaviest = max(pages, key=lambda r: r["first_bytes"])
    parts = [f"build {build['median_s']:.2f} s (macros {build['macros_s']:.2f} s)"]
    if "scaling" in report:
        parts.append(f"2x pages -> x{report['scaling']['ratio']:.2f} time")
    parts.append(f"first visit max {heaviest['first_bytes'] / KB:.1f} KB ({heaviest['page']}, "
                 f"{heaviest['first_requests']} requests)")
    parts.append(f"repeat max {max(r['repeat_bytes'] for r in pages) / KB:.1f} KB")
    if report.get("start_up"):
        parts.append(f"Material start-up max {max(r['total_ms'] for r in report['start_up'].values()):.0f} ms")
    if report.get("lighthouse"):
        lowest = {c: min(r["scores"][c] for r in report["lighthouse"].values()) for c in GOALS["lighthouse"]}
        parts.append("Lighthouse min " + " ".join(f"{c} {v}" for c, v in lowest.items()))
    parts.append("all goals met" if not report["missed"] else f"{len(report['missed'])} goals missed")
    return "bench: " + ", ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="strict builds to time (default 5)")
    parser.add_argument("--quick", action="store_true", help="skip the scaling run and Lighthouse")
    args = parser.parse_args()
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        print("timing strict builds ...", flush=True)
        report["build"] = time_builds(PROJECT, args.runs, site)
        if not args.quick:
            print("timing 10x and 20x synthetic sites ...", flush=True)
            report["scaling"] = scaling(runs=3)
        prefix = site_prefix(site)
        pages = [p for p in built_pages(site) if p != "404.html"]
        print(f"loading {len(pages)} pages in Chromium ...", flush=True)
        weights = page_weight.measure(site, prefix, pages)
        report["pages"] = [{
            "page": w.page, "first_bytes": w.first.bytes, "first_requests": len(w.first.requests),
            "repeat_bytes": w.repeat.bytes, "repeat_requests": len(w.repeat.requests),
            "first_detail": w.first.requests, "repeat_detail": w.repeat.requests,
        } for w in weights]
        heaviest = sorted(weights, key=lambda w: w.first.bytes, reverse=True)
        chosen = ["(home)"] + [w.page for w in heaviest if w.page != "(home)"][:2]
        with serve_site(site, prefix) as origin:
            urls = {page: f"{origin}{prefix}{'' if page == '(home)' else page}" for page in chosen}
            print(f"tracing Material's start-up on {', '.join(chosen)} ...", flush=True)
            report["start_up"] = start_up.measure(urls)
            if not args.quick:
                print(f"Lighthouse on {', '.join(chosen)} ...", flush=True)
                report["lighthouse"] = {page: lighthouse.median_scores(url) for page, url in urls.items()}
    report["missed"] = check(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    text = markdown(report)
    (RESULTS / "report.md").write_text(text, encoding="utf-8")
    print(text)
    for page, result in report.get("lighthouse", {}).items():
        for item in result["missed"]:
            print(f"  Lighthouse {page}: {item}")
    print(summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
