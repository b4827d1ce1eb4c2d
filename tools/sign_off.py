#!/usr/bin/env python3
"""The block a clinician pastes into a page's front matter to record their check.

Usage: python -m tools.sign_off docs/safety.md [--role "MS nurse"] [--reviewer "Jane Smith"] [--date YYYY-MM-DD]
       (or `make sign-off PAGE=docs/safety.md`, with ROLE=... and REVIEWER=... if wanted)

Builds the site strictly into a temporary folder, reads the page's fingerprint from the
build's review-fingerprints.json (macros/review.py) and prints the `reviewed`, `next_review`
and `clinical_review` lines to paste. The fingerprint is of the page as it is in this working
tree: check the page as the build shows it (`make serve`, or the pull request's preview), not
an older copy. A name or role left as its <placeholder> fails the build until it is filled in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from mkdocs.utils.meta import get_data

from macros import pages, review
from tools.site_diff import BuildError, build

USAGE = "make sign-off PAGE=docs/safety.md (the page's file under docs/)"


def page_source(project: Path, page: str) -> tuple[str, Path]:
    """'docs/safety.md' (or 'safety.md') -> ('docs/safety.md', its path), if the page exists."""
    name = page.strip().removeprefix("./").removeprefix("docs/")
    if not name.endswith(".md") or not (project / "docs" / name).is_file():
        raise SystemExit(f"sign-off: no page '{page}' under docs/. Usage: {USAGE}.")
    return f"docs/{name}", project / "docs" / name


def canonical_role(role: str | None) -> str:
    if role is None:
        return f"<one of {', '.join(pages.ROLES)}>"
    for known in pages.ROLES:
        if role.strip().lower() == known.lower():
            return known
    raise SystemExit(f"sign-off: '{role}' is not a role this site knows. Use one of: {', '.join(pages.ROLES)}.")


def next_review(path: Path, day: dt.date) -> dt.date:
    """The page's next review after this one: as long after it as the page's last gap, at most the site's maximum."""
    _, meta = get_data(path.read_text(encoding="utf-8-sig"))
    try:
        gap = dt.date.fromisoformat(str(meta["next_review"])) - dt.date.fromisoformat(str(meta["reviewed"]))
    except (KeyError, ValueError):
        gap = dt.timedelta(days=365)
    return min(day + max(gap, dt.timedelta(days=1)), pages.years_later(day, pages.MAX_REVIEW_GAP_YEARS))


def block(day: dt.date, due: dt.date, reviewer: str, role: str, fingerprint: str) -> str:
    return (f"reviewed: {day}\nnext_review: {due}\nclinical_review:\n  reviewer: {reviewer}\n  role: {role}\n"
            f"  date: {day}\n  fingerprint: {fingerprint}\n")


def sign_off(project: Path, page: str, reviewer: str | None, role: str | None, day: dt.date) -> str:
    src, path = page_source(project, page)
    shown_role = canonical_role(role)
    with tempfile.TemporaryDirectory(prefix="sign-off-") as tmp:
        build(project, Path(tmp) / "site")
        entries = json.loads((Path(tmp) / "site" / review.FINGERPRINTS_FILE).read_text(encoding="utf-8"))["pages"]
    entry = entries[src]
    now = {
        review.CHECKED: f"its recorded check ({entry.get('role')}, {entry.get('date')}) still matches the page.",
        review.UPDATED: f"it has changed since its check on {entry.get('date')}, so it shows 'Updated since it was checked'.",
        review.NOT_CHECKED: "not yet checked by a clinician.",
    }[entry["state"]]
    return (
        f"{src}: {now}\n\n"
        f"To record your check of the page as this build shows it, replace the reviewed and next_review lines at the\n"
        f"top of {src}, and its clinical_review block if it has one, with these lines:\n\n"
        f"{block(day, next_review(path, day), reviewer or '<your name>', shown_role, entry['fingerprint'])}\n"
        "Readers will see \"Checked by <role> on <date>\", never your name (see contributing/clinical-review.md).\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the block that records a clinician's check of a page.")
    parser.add_argument("page", nargs="?", default="", help="the page, for example docs/safety.md")
    parser.add_argument("--reviewer", help="the clinician's name (kept in the page's source, never shown to readers)")
    parser.add_argument("--role", help=f"one of: {', '.join(pages.ROLES)}")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="the day of the check (default: today)")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="the project folder (default: the current folder)")
    args = parser.parse_args(argv)
    if not args.page.strip():
        print(f"sign-off: which page? Usage: {USAGE}.", file=sys.stderr)
        return 2
    try:
        print(sign_off(args.project.resolve(), args.page, args.reviewer, args.role, args.date or pages.build_date()), end="")
    except BuildError as error:
        print(f"sign-off: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
