"""The front matter every page must carry, and the review-date rules.

NHS and HSE practice: a page shows when it was last checked and when it will
be checked again, at most 3 years later. An overdue page fails the build.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

MAX_REVIEW_GAP_YEARS = 3
PAGE_TYPES = ("reader", "printable", "generated", "about")


def build_date() -> dt.date:
    """Today, unless SITE_BUILD_DATE (YYYY-MM-DD) asks 'would the site still build on that day?'."""
    override = os.environ.get("SITE_BUILD_DATE")
    return dt.date.fromisoformat(override) if override else dt.date.today()


def years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class PageMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Field(min_length=3, max_length=70)]
    description: Annotated[str, Field(min_length=30, max_length=200, pattern=r"^[^\n]+\.$")]
    reviewed: dt.date
    next_review: dt.date
    review_status: Literal["awaiting clinical review", "clinically reviewed"]
    page_type: Literal[PAGE_TYPES]  # type: ignore[valid-type]
    urgent_help: bool = False
    reviewers: list[Annotated[str, Field(min_length=3)]] | None = None
    # Material's own front-matter keys, allowed through unchanged.
    hide: list[Literal["navigation", "toc", "footer", "path", "feedback"]] | None = None
    search: dict | None = None

    @model_validator(mode="after")
    def _dates_and_reviewers(self) -> "PageMeta":
        if self.next_review <= self.reviewed:
            raise ValueError(f"next_review ({self.next_review}) must be after reviewed ({self.reviewed})")
        latest = years_later(self.reviewed, MAX_REVIEW_GAP_YEARS)
        if self.next_review > latest:
            raise ValueError(f"next_review ({self.next_review}) is more than {MAX_REVIEW_GAP_YEARS} years after reviewed; use {latest} or earlier")
        if self.review_status == "clinically reviewed" and not self.reviewers:
            raise ValueError("a page marked 'clinically reviewed' must name its reviewers (reviewers: [...])")
        if self.review_status == "awaiting clinical review" and self.reviewers:
            raise ValueError("reviewers are named only once the review has happened; set review_status: clinically reviewed")
        return self


class PageMetaError(Exception):
    pass


def check_page_meta(src_path: str, meta: dict, today: dt.date | None = None) -> PageMeta:
    """Validate one page's front matter; raise PageMetaError naming the page and the fix."""
    where = f"docs/{src_path}"
    try:
        parsed = PageMeta.model_validate(meta)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        if first["type"] == "missing":
            problem = f"the front matter has no '{field}'"
        elif first["type"] == "extra_forbidden":
            problem = f"the front matter has an unknown field '{field}'"
        else:
            problem = f"{field + ': ' if field else ''}{first['msg'].removeprefix('Value error, ')}"
        raise PageMetaError(
            f"{where}: {problem}. Fix: every page starts with title, description, reviewed, next_review, "
            "review_status and page_type (see 'Front matter' in CONTRIBUTING.md)."
        ) from None
    today = today or build_date()
    if parsed.next_review < today:
        raise PageMetaError(
            f"{where}: the review of this page is overdue (next_review {parsed.next_review} is in the past). "
            "Fix: have the page checked against its sources, then set reviewed to the date of that check "
            "and next_review to a date no more than 3 years later."
        )
    if parsed.reviewed > today:
        raise PageMetaError(f"{where}: reviewed ({parsed.reviewed}) is in the future. Fix: use the date the check was done.")
    return parsed
