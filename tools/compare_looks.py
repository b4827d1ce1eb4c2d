"""Pixel for pixel: does the site built at a base ref look the same as the working tree?

Usage: .venv/bin/python -m tools.compare_looks [--base REF] [--out DIR]     (or `make compare-looks BASE=REF`)

For a redesign or a Material upgrade: every change a reader can see shows up, and nothing
else. The base is checked out in a temporary `git worktree` (removed afterwards); both trees
are built strictly with this venv's packages, each with its own macros/ and hooks, by the build
make diff uses (tools/site_diff.py). A base whose build needs a package this venv lacks fails
with its name: build it in a venv made from the base's requirements/ instead.

Both sites are served as on GitHub Pages (tools/static_server.py) and every page is photographed
in Chromium (tools/chromium.py) at its full height: phone (360x740, touch), desktop (1280x800)
light and dark, and print for a few pages. DIR (default bench/results/looks, git-ignored) gets
report.md, one line per page and layout, and before.png/after.png (with diff.png, red where the
pixels differ, when Pillow is installed) for each shot that differs. The phone shots of the
pages in KEPT are always saved, for a pull request's description. A report, not a test: it exits 0
whatever differs (1 only when git or a build fails).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, sync_playwright

from tools import chromium, site_diff
from tools.static_server import built_pages, serve_site, site_prefix

try:
    from PIL import Image, ImageChops, ImageOps  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # optional: without Pillow a difference is reported, not measured
    Image = None  # type: ignore[assignment, unused-ignore]

REPO = Path(__file__).resolve().parents[1]
DESKTOP = {"width": 1280, "height": 800}
LAYOUTS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 360, "height": 740}, "has_touch": True, "color_scheme": "light"},
    "desktop": {"viewport": DESKTOP, "color_scheme": "light"},
    "dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    "print": {"viewport": DESKTOP, "color_scheme": "light"},
}
PRINT_PAGES = ("safety/", "pump-emergency-card/", "symptom-diary/")
KEPT = ("", "taking-baclofen-by-mouth/", "intrathecal-baclofen-pump/", "safety/")
# Material fades colours in; a photo taken mid-fade would differ by timing alone.
NO_TRANSITIONS = "*, *::before, *::after, ::placeholder { transition: none !important }"
MISSING = re.compile(r"No module named '([^']+)'|The \"([^\"]+)\" plugin is not installed|Unrecognised theme name: '([^']+)'")


def git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"compare_looks: git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def build(tree: Path, site: Path, label: str) -> None:
    """The strict build make diff and make sign-off use (tools/site_diff.py), stopping with what was missing."""
    try:
        site_diff.build(tree, site)
    except site_diff.BuildError as error:
        missing = MISSING.search(str(error))
        hint = (f": it needs '{next(filter(None, missing.groups()))}', which {sys.executable} does not have. Build that "
                "ref in a venv made from its own requirements/, or choose a newer base" if missing else "")
        sys.exit(f"compare_looks: the strict build of {label} failed{hint}.\n{str(error)[-4000:]}")


def shoot(context: BrowserContext, url: str, layout: str) -> bytes:
    """The page at its full height: a window as tall as the page (Playwright's full-page mode
    resizes while it shoots and lets Material scroll the sidebar mid-photo)."""
    tab = context.new_page()
    try:
        if layout == "print":
            tab.emulate_media(media="print")
        tab.goto(url)

        def settle() -> None:  # fonts ready, then two frames: Material's script updates the page after the first
            tab.evaluate("""() => document.fonts.ready.then(() => new Promise(done =>
                requestAnimationFrame(() => requestAnimationFrame(done))))""")

        tab.wait_for_load_state("load")
        tab.add_style_tag(content=NO_TRANSITIONS)
        settle()
        height = tab.evaluate("document.documentElement.scrollHeight")
        tab.set_viewport_size({"width": LAYOUTS[layout]["viewport"]["width"], "height": height})
        settle()
        return tab.screenshot(animations="disabled", caret="hide")
    finally:
        tab.close()


def size(png: bytes) -> str:
    width, height = struct.unpack(">II", png[16:24])  # from the IHDR chunk
    return f"{width}x{height}"


def compare(before: bytes, after: bytes, folder: Path) -> str:
    """'same', or 'differs (...)' with both images (and diff.png with Pillow) written to `folder`."""
    if before == after:
        return "same"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "before.png").write_bytes(before)
    (folder / "after.png").write_bytes(after)
    sizes = "" if size(before) == size(after) else f"; {size(before)} → {size(after)}"
    if Image is None:  # not measured
        return f"differs ({sizes[2:]})" if sizes else "differs"
    old, new = (Image.open(io.BytesIO(png)).convert("RGB") for png in (before, after))
    box = (max(old.width, new.width), max(old.height, new.height))
    padded = []
    for image in (old, new):  # the taller one's extra rows count as differing
        canvas = Image.new("RGB", box, (255, 0, 255))
        canvas.paste(image)
        padded.append(canvas)
    mask = ImageChops.difference(*padded).point(lambda v: 255 if v else 0).convert("L").point(lambda v: 255 if v else 0)
    faded = Image.blend(ImageOps.grayscale(padded[1]).convert("RGB"), Image.new("RGB", box, "white"), 0.6)
    Image.composite(Image.new("RGB", box, (255, 0, 0)), faded, mask).save(folder / "diff.png")
    changed = mask.getbbox()
    if changed is None:  # another PNG encoding of the same pixels
        return "same pixels"
    return f"differs ({100 * mask.histogram()[255] / (box[0] * box[1]):.2g}% of pixels, from y={changed[1]}{sizes})"


def photograph(browser: Browser, sites: dict[str, Path], out: Path) -> list[tuple[str, str, str]]:
    """(page, layout, result) for every page of either site in every layout."""
    pages = {side: built_pages(site) for side, site in sites.items()}
    prefixes = {side: site_prefix(site) for side, site in sites.items()}
    rows = []
    with serve_site(sites["before"], prefixes["before"]) as old, serve_site(sites["after"], prefixes["after"]) as new:
        bases = {"before": old + prefixes["before"], "after": new + prefixes["after"]}
        for layout, options in LAYOUTS.items():
            contexts = {side: browser.new_context(**options, service_workers="block") for side in sites}
            for rel in sorted(set(pages["before"]) | set(pages["after"])):
                if layout == "print" and rel not in PRINT_PAGES:
                    continue
                folder = out / (rel.strip("/").removesuffix(".html") or "home") / layout
                shots = {side: shoot(contexts[side], bases[side] + rel, layout) for side in sites if rel in pages[side]}
                if len(shots) == 1:
                    [(side, png)] = shots.items()
                    folder.mkdir(parents=True, exist_ok=True)
                    (folder / f"{side}.png").write_bytes(png)
                    rows.append((rel, layout, "only in base" if side == "before" else "only in new"))
                    continue
                rows.append((rel, layout, compare(shots["before"], shots["after"], folder)))
                if layout == "phone" and rel in KEPT and not (folder / "before.png").exists():
                    folder.mkdir(parents=True, exist_ok=True)
                    for side, png in shots.items():
                        (folder / f"{side}.png").write_bytes(png)
            for context in contexts.values():
                context.close()
    return rows


def report(base: str, rows: list[tuple[str, str, str]]) -> str:
    dirty = ", with its uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    lines = [f"# How the site looks: {git('log', '-1', '--format=%h (%s)', base)} → the working tree", "",
             f"The working tree is `{git('rev-parse', '--short', 'HEAD')}`{dirty}. Both were built with "
             f"{sys.executable}'s packages. Images: one folder per page and layout, beside this file.", "",
             "| page | layout | result |", "| --- | --- | --- |"]
    lines += [f"| `/{rel}` | {layout} | {result} |" for rel, layout, result in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base", default="HEAD", help="the git ref to compare with (default: HEAD)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "looks", help="where the report and images go")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    if (out / "report.md").exists():  # a previous run's: its images would mislead
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="compare-looks-") as tmp:
        worktree, sites = Path(tmp) / "base", {"before": Path(tmp) / "before", "after": Path(tmp) / "after"}
        git("worktree", "add", "--detach", "--quiet", str(worktree), args.base)
        try:
            build(worktree, sites["before"], f"the base ({args.base})")
        finally:
            git("worktree", "remove", "--force", str(worktree))
        build(REPO, sites["after"], "the working tree")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium.path(), args=chromium.ARGS)
            try:
                rows = photograph(browser, sites, out)
            finally:
                browser.close()
    (out / "report.md").write_text(report(args.base, rows), encoding="utf-8")
    counts = {word: sum(result.startswith(word) for *_, result in rows) for word in ("same", "differs", "only in base", "only in new")}
    print(f"{len(rows)} shots: " + ", ".join(f"{n} {word}" for word, n in counts.items()))
    for rel, layout, result in rows:
        if result != "same":
            print(f"  /{rel} ({layout}): {result}")
    print(f"Report and images: {out}/report.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
