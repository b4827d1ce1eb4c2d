"""A clinician's sign-off (issue 17, part 3): the review record, its three states, its messages, make sign-off.

The real site records no review until a real one happens, so the states are tested on a
copy of the project with fixture reviews (`review_block`), built for real.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from macros import review
from macros.pages import ROLES, PageMetaError, check_page_meta

from .conftest import PROJECT, front_matter, long_date, paste_front_matter, review_block, visible_text

TODAY = dt.date.today()
GUIDE = PROJECT / "contributing" / "clinical-review.md"
FINGERPRINT = "sha256:" + "0123456789abcdef" * 4
# Pydantic's own words, which must never reach a contributor.
JARGON = re.compile(r"Input should|Field required|String should|validation error|pydantic|\btype=|literal_error|model_type")

SOURCE = f"""---
title: Baclofen for MS spasticity
description: A page with a clinical review recorded, for the tests of its messages.
reviewed: {TODAY - dt.timedelta(days=10)}
next_review: {TODAY + dt.timedelta(days=300)}
page_type: reader
clinical_review:
  reviewer: A Fixture Reviewer
  role: MS nurse
  date: {TODAY - dt.timedelta(days=10)}
  fingerprint: {FINGERPRINT}
---

# Baclofen for MS spasticity
"""


def replace_line(start: str, new: str | None) -> Callable[[str], str]:
    """Replace (or, with None, remove) the front-matter line that starts with `start`."""
    def edit(source: str) -> str:
        lines = source.split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(start))
        lines[index:index + 1] = [] if new is None else [new]
        return "\n".join(lines)
    return edit


# name: (edit of SOURCE, the line the message must name (its start), message pattern, phrase in the guide)
BAD_RECORDS: dict[str, tuple[Callable[[str], str], str, str, str]] = {
    "no role": (replace_line("  role:", None), "clinical_review:",
                r"the clinical review names no role\. Fix: add 'role:' with the reviewer's job, one of: MS nurse, neurologist",
                "names no role"),
    "an empty role line": (replace_line("  role:", "  role:"), "  role:",
                           r"the clinical review names no role\. Fix: add 'role:'", "names no role"),
    "an unknown role": (replace_line("  role:", "  role: nurse"), "  role:",
                        r"the reviewer's role 'nurse' is not one this site knows\. Fix: use one of: MS nurse",
                        "is not one this site knows"),
    "a date in the future": (replace_line("  date:", f"  date: {TODAY + dt.timedelta(days=1)}"), "  date:",
                             rf"the clinical review's date \({TODAY + dt.timedelta(days=1)}\) is in the future\. Fix: use the day",
                             "is in the future"),
    "a malformed fingerprint": (replace_line("  fingerprint:", "  fingerprint: sha256:abc123"), "  fingerprint:",
                                r"the fingerprint 'sha256:abc123' is not in the right form\. Fix: copy it whole from "
                                r"make sign-off PAGE=docs/index\.md",
                                "is not in the right form"),
    "a fingerprint in capitals": (replace_line("  fingerprint:", f"  fingerprint: {FINGERPRINT.upper()}"), "  fingerprint:",
                                  r"the fingerprint 'SHA256:0123456789ABCDEF0123456\.\.\.' is not in the right form",
                                  "is not in the right form"),
    "no fingerprint": (replace_line("  fingerprint:", None), "clinical_review:",
                       r"the clinical review has no fingerprint\. Fix: add the 'fingerprint:' line that make sign-off", "has no fingerprint"),
    "no reviewer": (replace_line("  reviewer:", None), "clinical_review:",
                    r"the clinical review names no reviewer\. Fix: add 'reviewer:'", "names no reviewer"),
    "HTML in the reviewer's name": (replace_line("  reviewer:", "  reviewer: <b>Dr X</b>"), "  reviewer:",
                                    r"the reviewer's name must be plain text", "must be plain text"),
    "a date that is not a date": (replace_line("  date:", "  date: last week"), "  date:",
                                  r"the clinical review's date must be a date, not 'last week'", "must be a date"),
    "an unknown field in the record": (replace_line("  role:", "  role: MS nurse\n  name: Dr X"), "  name:",
                                       r"the clinical review has an unknown field 'name'\. Fix: a clinical review has only "
                                       r"reviewer, role, date and fingerprint", "has an unknown field"),
    "a record that is not a block": (lambda s: re.sub(r"clinical_review:\n(  .*\n)+", "clinical_review: yes\n", s), "clinical_review:",
                                     r"clinical_review must be a block of four lines", "must be a block of four lines"),
    "a check after the page's reviewed date": (replace_line("reviewed:", f"reviewed: {TODAY - dt.timedelta(days=20)}"), "  date:",
                                               r"the clinical review's date \(\S+\) is after reviewed \(\S+\), but a clinician's "
                                               r"check is a review of the page too\. Fix: set reviewed to", "is after reviewed"),
    "the old review_status line": (replace_line("page_type:", "page_type: reader\nreview_status: awaiting clinical review"),
                                   "review_status:", r"'review_status' is no longer used: a clinician's check is recorded as "
                                   r"clinical_review\. Fix: remove the line", "is no longer used"),
    "the old reviewers line": (replace_line("page_type:", "page_type: reader\nreviewers: [Dr A Example]"), "reviewers:",
                               r"'reviewers' is no longer used", "is no longer used"),
}


def message_for(source: str) -> str:
    _, meta = get_data(source)
    with pytest.raises(PageMetaError) as caught:
        check_page_meta("index.md", meta, today=TODAY, source=source)
    return str(caught.value)


def line_of(source: str, start: str) -> int:
    return next(number for number, line in enumerate(source.split("\n"), start=1) if line.startswith(start))


def test_the_fixture_record_is_valid() -> None:
    _, meta = get_data(SOURCE)
    parsed = check_page_meta("index.md", meta, today=TODAY, source=SOURCE)
    assert parsed.clinical_review and parsed.clinical_review.role == "MS nurse"


@pytest.mark.parametrize("name", BAD_RECORDS)
def test_a_bad_review_record_gets_one_line_naming_the_line_and_the_fix(name: str) -> None:
    edit, start, pattern, _ = BAD_RECORDS[name]
    source = edit(SOURCE)
    message = message_for(source)
    assert message.startswith(f"docs/index.md, line {line_of(source, start)}: "), message
    assert re.search(pattern, message), message
    assert message.endswith("(see contributing/clinical-review.md)."), message
    assert "\n" not in message and not JARGON.search(message), message


@pytest.mark.parametrize("name", BAD_RECORDS)
def test_the_clinical_review_guide_explains_the_message(name: str) -> None:
    assert BAD_RECORDS[name][3] in GUIDE.read_text(encoding="utf-8"), f"{name}: explain it in {GUIDE.relative_to(PROJECT)}"


def test_the_roles_are_a_short_fixed_list_with_the_ms_team() -> None:
    assert {"MS nurse", "neurologist", "pharmacist", "GP"} <= set(ROLES)
    for role in ROLES:
        assert role in GUIDE.read_text(encoding="utf-8"), role


def test_make_sign_off_runs_the_tool_for_the_page() -> None:
    proc = subprocess.run(["make", "-n", "sign-off", "PAGE=docs/safety.md", "ROLE=MS nurse"], cwd=PROJECT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert '-m tools.sign_off "docs/safety.md" --role "MS nurse"' in proc.stdout
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "| `make sign-off PAGE=docs/safety.md` |" in readme


# --- The real site: no page has a review yet, and each says so --------------------------

def test_the_build_writes_every_page_fingerprint_and_state(built_site: Path) -> None:
    written = json.loads((built_site / review.FINGERPRINTS_FILE).read_text(encoding="utf-8"))
    docs = {f"docs/{p.relative_to(PROJECT / 'docs').as_posix()}" for p in (PROJECT / "docs").rglob("*.md")}
    assert set(written["pages"]) == docs
    for src, entry in written["pages"].items():
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", entry["fingerprint"]), src
        recorded = front_matter(src.removeprefix("docs/")).get("clinical_review")
        if not recorded:
            assert entry["state"] == review.NOT_CHECKED, src
        else:
            assert entry["state"] == (review.CHECKED if recorded["fingerprint"] == entry["fingerprint"] else review.UPDATED), src
    assert review.FINGERPRINTS_FILE not in "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")), \
        "no page links to the fingerprint file"


# --- Real builds on a copy with fixture reviews --------------------------------------

def built_page(site: Path, src: str) -> str:
    slug = src.removesuffix(".md")
    return (site / ("index.html" if slug == "index" else f"{slug}/index.html")).read_text(encoding="utf-8")


def footer_status(html: str) -> str:
    found = re.search(r'<p class="page-info__status">(.*?)</p>', html, re.S)
    assert found, "no review status in the page footer"
    return visible_text(found.group(1)).strip()


def banner(html: str) -> str:
    found = re.search(r'<div class="review-banner review-banner--(?:awaiting|updated)[^"]*"[^>]*>(.*?)</div>', html, re.S)
    return visible_text(found.group(1)).strip() if found else ""


def json_ld(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def states(site: Path) -> dict[str, str]:
    written = json.loads((site / review.FINGERPRINTS_FILE).read_text(encoding="utf-8"))
    return {src: entry["state"] for src, entry in written["pages"].items()}


def set_oral_onset(project: Path, value: int) -> None:
    path = project / "data" / "facts.yml"
    text, count = re.subn(r"(- id: oral\.onset\n(?: {4}.*\n)*? {4}value: )\d+\n", rf"\g<1>{value}\n", path.read_text(encoding="utf-8"))
    assert count == 1, "data/facts.yml: oral.onset has no value line"
    path.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_checked_then_updated_since_then_not_yet_checked(project_copy: Path, build_copy) -> None:
    """faq.md shows oral.onset, safety.md does not. Both are signed off; then oral.onset changes."""
    first = build_copy()
    assert first.ok, first.output[-3000:]
    safety_print = json.loads((first.site / review.FINGERPRINTS_FILE).read_text(encoding="utf-8"))["pages"]["docs/safety.md"]["fingerprint"]

    # The reviewer's command: the block for faq.md, as they paste it.
    proc = subprocess.run([sys.executable, "-m", "tools.sign_off", "docs/faq.md", "--role", "ms nurse",
                           "--reviewer", "Jane Fixture", "--project", str(project_copy)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    pasted = re.search(r"^reviewed: .*?(?=\n\n)", proc.stdout, re.S | re.M)
    assert pasted, proc.stdout
    assert f"  fingerprint: {json.loads((first.site / review.FINGERPRINTS_FILE).read_text(encoding='utf-8'))['pages']['docs/faq.md']['fingerprint']}" \
        in pasted.group(0), "make sign-off prints the fingerprint of the page as built"
    assert f"  role: MS nurse\n  date: {TODAY}\n" in pasted.group(0)
    paste_front_matter(project_copy / "docs" / "faq.md", pasted.group(0))
    safety_day = str(front_matter("safety.md")["reviewed"])[:10]
    paste_front_matter(project_copy / "docs" / "safety.md", review_block(safety_print, "pharmacist", safety_day))

    signed = build_copy()
    assert signed.ok, signed.output[-3000:]
    faq = built_page(signed.site, "faq.md")
    assert footer_status(faq).startswith(f"Review status: Checked by MS nurse on {long_date(TODAY)}"), footer_status(faq)
    assert banner(faq) == "", "a checked page has no warning banner"
    assert json_ld(faq)["lastReviewed"] == str(TODAY)
    assert json_ld(faq)["reviewedBy"] == {"@type": "Person", "jobTitle": "MS nurse"}
    for path in signed.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            assert "Jane Fixture" not in path.read_text(encoding="utf-8", errors="replace"), f"{path}: the reviewer's name is shown"
    assert states(signed.site)["docs/faq.md"] == review.CHECKED and states(signed.site)["docs/safety.md"] == review.CHECKED
    # A page without a review says so, and claims no review in its structured data.
    index = built_page(signed.site, "index.md")
    assert footer_status(index) == "Review status: Not yet checked by a clinician."
    assert banner(index) == "This page has not yet been checked by a clinician."
    assert "lastReviewed" not in json_ld(index) and "reviewedBy" not in json_ld(index)

    set_oral_onset(project_copy, 2)
    changed = build_copy()
    assert changed.ok, changed.output[-3000:]
    faq = built_page(changed.site, "faq.md")
    assert "about 2 hours" in visible_text(faq)
    assert footer_status(faq).startswith(f"Review status: Updated since it was checked on {long_date(TODAY)}"), footer_status(faq)
    assert banner(faq).startswith(f"Updated since it was checked on {long_date(TODAY)}."), banner(faq)
    assert "Checked by" not in visible_text(faq)
    assert "lastReviewed" not in json_ld(faq) and "reviewedBy" not in json_ld(faq)
    # The change is to a fact safety.md does not show: its check still holds.
    safety = built_page(changed.site, "safety.md")
    assert footer_status(safety).startswith(f"Review status: Checked by pharmacist on {long_date(safety_day)}")
    assert states(changed.site)["docs/faq.md"] == review.UPDATED and states(changed.site)["docs/safety.md"] == review.CHECKED


REQUIRED_BAD_RECORDS = ("no role", "an unknown role", "a date in the future", "a malformed fingerprint")


@pytest.mark.slow
@pytest.mark.parametrize("name", REQUIRED_BAD_RECORDS)
def test_a_bad_review_record_fails_the_build_with_file_line_and_fix(name: str, project_copy: Path, build_copy) -> None:
    edit, start, pattern, _ = BAD_RECORDS[name]
    page = project_copy / "docs" / "index.md"
    reviewed = str(front_matter("index.md")["reviewed"])[:10]
    paste_front_matter(page, review_block(FINGERPRINT, "MS nurse", reviewed))
    page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    result = build_copy()
    assert not result.ok, f"{name}: the build passed"
    line = line_of(page.read_text(encoding="utf-8"), start)
    assert re.search(rf"docs/index\.md, line {line}: {pattern}", result.output), result.output[-3000:]
    assert not JARGON.search(result.output), result.output[-3000:]
