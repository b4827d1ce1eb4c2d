"""What a page tells readers about its clinical check, and the file of every page's fingerprint.

A page is in one of three states, worked out on every build from its front matter
(`clinical_review:`, see macros/pages.py) and its fingerprint as built (macros/fingerprint.py):

- "checked": a clinician's check is recorded and the fingerprint it records is the page's
  own. Readers see "Checked by <role> on <date>", never the reviewer's name (as on NHS
  pages, which show a review date, not names);
- "updated": a check is recorded, but a sentence, fact or warning sign the page shows has
  changed since. Readers see "Updated since it was checked on <date>";
- "not checked": no check is recorded. Readers see "Not yet checked by a clinician".

The build writes every page's fingerprint and state to review-fingerprints.json in the
site folder (linked from no page): `make sign-off` reads a page's fingerprint from it, and
the report of what readers will see change compares two builds' states.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from . import fingerprint
from .pages import ClinicalReview
from .schema import Fact

FINGERPRINTS_FILE = "review-fingerprints.json"
State = Literal["checked", "updated", "not checked"]
CHECKED: State = "checked"
UPDATED: State = "updated"
NOT_CHECKED: State = "not checked"


def fact_fields(facts: Mapping[str, Fact]) -> dict[str, dict[str, object]]:
    """What the fingerprint counts of each fact: all that data/facts.yml says of it but its
    label and reviewer's note (the number or range, unit, per, times a day, bound, region, sources)."""
    return {fact_id: fact.model_dump(mode="json", exclude={"id", "label", "note"}, exclude_none=True)
            for fact_id, fact in facts.items()}


def state_of(review: ClinicalReview | None, current: str) -> State:
    if review is None:
        return NOT_CHECKED
    return CHECKED if review.fingerprint == current else UPDATED


def shown(review: ClinicalReview | None, current: str) -> dict[str, str]:
    """What the page template needs (page.meta.clinical_check): the state, and the role and
    date of the check where there is one. Never the reviewer's name."""
    state = state_of(review, current)
    if review is None:
        return {"state": state}
    return {"state": state, "role": review.role, "date": review.date.isoformat()}


def entry(url: str, review: ClinicalReview | None, current: str) -> dict[str, str]:
    """One page's line in review-fingerprints.json."""
    return {"url": url, "fingerprint": current, **shown(review, current)}


def fingerprints_file(pages: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {
        "about": "The fingerprint of each page as built, and whether it matches the page's recorded clinical check "
                 "(make sign-off PAGE=docs/<page>.md prints the block a clinician pastes). Not linked from any page.",
        "fingerprint_version": fingerprint.VERSION,
        "pages": dict(sorted(pages.items())),
    }
