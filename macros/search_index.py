"""The site's search index, made by Pagefind once the pages are written.

Pagefind splits the index into small files that the search page fetches only as
the reader types, so no other page downloads any of it, and the first visit does
not grow as the site does. Only the pages search should find are indexed (the
plugin lists them: macros/search_words.indexed), and of each only its <article>,
the page's own text, not the menu, header or footer that the theme puts around
it; and within it, not the parts that are not the page's answer: the source
notes, the care cards' badges and the review lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUTPUT = "pagefind"
# The page's own text: Material writes it as the page's one <article>.
ROOT = "article"
# Not the page's answer: source footnotes and their markers, a care card's badge
# (read as "Emergency Emergency: ..." in a result), the review banners and dates.
NOT_INDEXED = (".footnote", ".footnote-ref", ".care-card__tag", ".review-status", ".page-info")


def command(site: Path, pages: list[str]) -> list[str]:
    """Pagefind's command line for these built pages ("faq/index.html")."""
    args = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", OUTPUT,
            "--root-selector", ROOT, "--glob", "{" + ",".join(sorted(pages)) + "}",
            "--force-language", "en", "--quiet"]
    for selector in NOT_INDEXED:
        args += ["--exclude-selectors", selector]
    return args


def build_index(site: Path, pages: list[str]) -> str | None:
    """Index these built pages; None, or why they could not be indexed."""
    try:
        done = subprocess.run(command(site, pages), capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"Pagefind could not run ({error})"
    if done.returncode != 0:
        return f"Pagefind stopped: {(done.stderr or done.stdout).strip()[-800:]}"
    return None
