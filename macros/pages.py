"""The front matter every page must carry, and the review-date rules.

NHS and HSE practice: a page shows when it was last checked and when it will
be checked again, at most 3 years later. An overdue page fails the build.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import yaml
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

MAX_REVIEW_GAP_YEARS = 3
PAGE_TYPES = ("reader", "printable", "generated", "about")
# Who may sign a page off (clinical_review.role): readers are shown the role, never the name.
# A new kind of reviewer is added here, with a maintainer's review.
ROLES = ("MS nurse", "neurologist", "pharmacist", "GP", "physiotherapist", "rehabilitation doctor", "pump nurse")
REVIEW_GUIDE = "(see contributing/clinical-review.md)"


def build_date() -> dt.date:
    """Today, unless SITE_BUILD_DATE (YYYY-MM-DD) asks 'would the site still build on that day?'."""
    override = os.environ.get("SITE_BUILD_DATE")
    return dt.date.fromisoformat(override) if override else dt.date.today()


def years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class ClinicalReview(BaseModel):
    """A clinician's check of a page: who, in what role, when, and of what (the page's fingerprint)."""

    model_config = ConfigDict(extra="forbid")

    # Kept in the page's source so the check can be traced; the site shows only the role.
    reviewer: Annotated[str, Field(min_length=3, max_length=80, pattern=r"^[^<>{}\n\"&]+$")]
    role: Literal[ROLES]  # type: ignore[valid-type]
    date: dt.date
    # Of the page as readers get it (macros/fingerprint.py); `make sign-off PAGE=docs/x.md` prints it.
    fingerprint: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]


class PageMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Plain text only: the theme writes both into the page head and header unescaped.
    title: Annotated[str, Field(min_length=3, max_length=70, pattern=r"^[^<>{}\n\"&]+$")]
    description: Annotated[str, Field(min_length=30, max_length=200, pattern=r"^[^<>{}\n\"&]+\.$")]
    reviewed: dt.date
    next_review: dt.date
    page_type: Literal[PAGE_TYPES]  # type: ignore[valid-type]
    urgent_help: bool = False
    # None until a clinician has checked the page: it then shows "Not yet checked by a clinician".
    clinical_review: ClinicalReview | None = None
    # Material's own front-matter keys, allowed through unchanged.
    hide: list[Literal["navigation", "toc", "footer", "path", "feedback"]] | None = None
    search: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _review_dates(self) -> PageMeta:
        if self.next_review <= self.reviewed:
            raise ValueError(f"next_review ({self.next_review}) must be after reviewed ({self.reviewed})")
        latest = years_later(self.reviewed, MAX_REVIEW_GAP_YEARS)
        if self.next_review > latest:
            raise ValueError(f"next_review ({self.next_review}) is more than {MAX_REVIEW_GAP_YEARS} years after reviewed; use {latest} or earlier")
        return self


class PageMetaError(Exception):
    pass


REQUIRED_FIELDS = "every page starts with title, description, reviewed, next_review and page_type"
SEE = "(see 'Front matter' in contributing/pages.md)"


def _explain(error: ValidationError) -> tuple[str, str]:
    """The first problem in a page's front matter, and its fix, in plain words."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    kind, given, ctx = first["type"], first.get("input"), first.get("ctx", {})
    if kind == "missing":
        return f"the front matter has no '{field}'", REQUIRED_FIELDS
    if kind == "extra_forbidden":
        allowed = ", ".join(PageMeta.model_fields)
        return f"the front matter has an unknown field '{field}'", f"remove it, or correct its spelling; the fields a page may have are {allowed}"
    if field in ("title", "description") and kind == "string_pattern_mismatch" and re.search(r'[<>{}"&]', str(given)):
        return f"the {field} must be plain text, but it contains one of < > {{ }} \" &", f"write the {field} in plain words, without HTML, macros or quotes"
    if field == "description" and kind == "string_pattern_mismatch":
        return "the description must be one sentence on one line, ending with a full stop", "end it with '.'"
    if kind in ("string_too_short", "string_too_long") and field in PageMeta.model_fields:
        limits = PageMeta.model_fields[field].metadata
        low = next((m.min_length for m in limits if getattr(m, "min_length", None)), None)
        high = next((m.max_length for m in limits if getattr(m, "max_length", None)), None)
        return f"'{field}' is {len(str(given))} characters long", f"make it {low} to {high} characters long"
    if kind.startswith("date"):
        return f"'{field}' must be a date, not {given!r}", "write dates as year-month-day, for example 2026-11-21"
    if kind == "literal_error":
        return f"'{field}' has the value {given!r}, which is not allowed", f"use one of: {ctx.get('expected', '')}"
    if kind.startswith("bool"):
        return f"'{field}' must be true or false, not {given!r}", "write true or false"
    if kind == "value_error":  # our own rules' words (the validators above)
        message = first["msg"].removeprefix("Value error, ")
        return f"{field + ': ' if field else ''}{message}", "correct the front matter as this message says"
    # Never pydantic's own words ("Input should be a valid dictionary"): they mean nothing to a contributor.
    return f"'{field}' has a value the site cannot use ({given!r})", "write it as the table of front-matter fields shows"


SIGN_OFF = "make sign-off PAGE=docs/{page}"
LEGACY_FIELDS = ("review_status", "reviewers")


def _explain_review(error: ValidationError, src_path: str) -> tuple[str, str, tuple[str, ...]] | None:
    """A problem with a page's clinical review record (or an old review field): problem, fix, and the field it is on."""
    first = error.errors()[0]
    loc = tuple(str(part) for part in first["loc"])
    kind, given = first["type"], first.get("input")
    sign_off = SIGN_OFF.format(page=src_path)
    if loc and loc[0] in LEGACY_FIELDS and kind == "extra_forbidden":
        return (f"'{loc[0]}' is no longer used: a clinician's check is recorded as clinical_review",
                "remove the line; the page shows 'Not yet checked by a clinician' until a clinician has checked it, "
                f"and {sign_off} prints the clinical_review block they paste", loc[:1])
    if not loc or loc[0] != "clinical_review":
        return None
    field = loc[1] if len(loc) > 1 else ""
    roles = ", ".join(ROLES)
    if not field:
        return ("clinical_review must be a block of four lines, indented under it: reviewer, role, date and fingerprint",
                f"run {sign_off} and paste the block it prints, or remove clinical_review if no clinician has checked the page", loc)
    if kind == "extra_forbidden":
        return (f"the clinical review has an unknown field '{field}'",
                "a clinical review has only reviewer, role, date and fingerprint; remove it, or correct its spelling", loc)
    if kind == "missing" or given is None:  # left out, or written with nothing after the colon
        fixes = {
            "reviewer": "add 'reviewer:' with the name of the clinician who checked the page (readers are not shown it)",
            "role": f"add 'role:' with the reviewer's job, one of: {roles}",
            "date": "add 'date:' with the day the clinician checked the page, for example 2026-11-21",
            "fingerprint": f"add the 'fingerprint:' line that {sign_off} prints",
        }
        what = "names no role" if field == "role" else "names no reviewer" if field == "reviewer" else f"has no {field}"
        return f"the clinical review {what}", fixes.get(field, f"run {sign_off} and paste the block it prints"), loc
    if field == "role":
        return (f"the reviewer's role {given!r} is not one this site knows",
                f"use one of: {roles} (a maintainer can add a role to ROLES in macros/pages.py)", loc)
    if field == "reviewer":
        return ("the reviewer's name must be plain text of 3 to 80 characters, without < > { } \" &",
                "write the name as it is, for example Jane Smith (readers are not shown it)", loc)
    if field == "date":
        return (f"the clinical review's date must be a date, not {given!r}",
                "write it as year-month-day, for example 2026-11-21", loc)
    if field == "fingerprint":
        shown = str(given) if len(str(given)) <= 30 else str(given)[:30] + "..."
        return (f"the fingerprint '{shown}' is not in the right form",
                f"copy it whole from {sign_off}: 'sha256:' then 64 digits and letters a to f", loc)
    return None


def front_matter_line(source: str, path: tuple[str, ...]) -> int | None:
    """The line of the file on which a front-matter field (a path of keys) is written, or
    the line of the nearest field above it that is there (its block); None without front matter."""
    lines = source.removeprefix("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), len(lines))
    try:
        node = yaml.compose("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return None
    found: int | None = None
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            break
        match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if match is None:
            break
        found, node = match[0].start_mark.line + 2, match[1]  # +1 for counting from 1, +1 for the '---' line
    return found


def _at(where: str, source: str | None, path: tuple[str, ...]) -> str:
    line = front_matter_line(source, path) if source is not None and path else None
    return f"{where}, line {line}" if line else where


def front_matter_syntax_error(src_path: str, source: str) -> str | None:
    """Why the block between the '---' lines is not read as front matter, if it is not valid YAML.

    MkDocs silently ignores front matter it cannot read (the page then seems to
    have no title at all), so the real cause, often an unquoted colon, is found here.
    """
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), None)
    if end is None:
        return f"docs/{src_path}: the front matter has no closing '---' line. Fix: end the front matter with a line that is just '---' {SEE}."
    try:
        yaml.safe_load("\n".join(lines[1:end]))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"docs/{src_path}, line {mark.line + 2}" if mark else f"docs/{src_path}"
        return (
            f"{where}: the front matter is not valid YAML ({error.problem or error.context}). "
            "Fix: put quotes around any value that contains a colon, for example "
            f"title: \"Baclofen: the basics\", and write each line as 'name: value' {SEE}."
        )
    except ValueError as error:  # a date that does not exist, such as 2026-02-30
        return (
            f"docs/{src_path}: the front matter has a date that does not exist ({error}). "
            f"Fix: write dates as year-month-day, for example 2026-11-21, and check the day is in that month {SEE}."
        )
    return None


def check_page_meta(src_path: str, meta: Mapping[str, Any], today: dt.date | None = None, source: str | None = None) -> PageMeta:
    """Validate one page's front matter; raise PageMetaError naming the page and the fix.

    With the page's `source`, a problem in its clinical review names the line it is on."""
    where = f"docs/{src_path}"
    try:
        parsed = PageMeta.model_validate(meta)
    except ValidationError as error:
        if review_problem := _explain_review(error, src_path):
            problem, fix, path = review_problem
            raise PageMetaError(f"{_at(where, source, path)}: {problem}. Fix: {fix} {REVIEW_GUIDE}.") from None
        problem, fix = _explain(error)
        raise PageMetaError(f"{where}: {problem}. Fix: {fix} {SEE}.") from None
    today = today or build_date()
    if parsed.next_review < today:
        raise PageMetaError(
            f"{where}: the review of this page is overdue (next_review {parsed.next_review} is in the past). "
            "Fix: have the page checked against its sources, then set reviewed to the date of that check "
            f"and next_review to a date no more than {MAX_REVIEW_GAP_YEARS} years later {SEE}."
        )
    if parsed.reviewed > today:
        raise PageMetaError(f"{where}: reviewed ({parsed.reviewed}) is in the future. Fix: use the date the check was done {SEE}.")
    review = parsed.clinical_review
    if review and review.date > today:
        raise PageMetaError(
            f"{_at(where, source, ('clinical_review', 'date'))}: the clinical review's date ({review.date}) is in the future. "
            f"Fix: use the day the clinician checked the page {REVIEW_GUIDE}."
        )
    if review and review.date > parsed.reviewed:
        raise PageMetaError(
            f"{_at(where, source, ('clinical_review', 'date'))}: the clinical review's date ({review.date}) is after "
            f"reviewed ({parsed.reviewed}), but a clinician's check is a review of the page too. Fix: set reviewed to "
            f"{review.date} and next_review to no more than {MAX_REVIEW_GAP_YEARS} years later {REVIEW_GUIDE}."
        )
    return parsed


# Sentences that tell readers when or where to get help. Warning signs and
# their routes are written once, in data/care.yml, so that no page can send a
# reader somewhere slower than another page does; a page links to its
# 'When to get help' section instead.
TYPED_ROUTE = re.compile(
    r"care-card"
    r"|\b(?:call|phone|ring|dial)\s+(?:\{\{\s*emergency_numbers\s*\}\}|999|111|112|911|988|nhs\s*111|an\s+ambulance|poison|samaritans)"
    r"|\bgo\s+to\s+a&(?:amp;)?e\b"
    r"|\b(?:contact|call|phone|ring|tell|see|speak\s+to|ask)\s+(?:your\s+)?(?:pump|itb|ms)\s+team\b[^.]{0,40}?"
    r"\b(?:now|at\s+once|straight\s+away|immediately|urgently|today|the\s+same\s+day|day\s+or\s+night)\b"
    r"|\b(?:gp|doctor|pharmacist)\b[^.]{0,30}?\b(?:now|at\s+once|straight\s+away|immediately|urgently|today|the\s+same\s+day)\b"
    r"|\b(?:tell|contact|call|phone|ring)\s+(?:them|us|someone)\b[^.]{0,20}?\b(?:now|at\s+once|straight\s+away|immediately|urgently)\b",
    re.IGNORECASE,
)


def typed_care_advice(src_path: str, source: str) -> str | None:
    """The first line of a page's Markdown that types its own warning signs or route, as an error message."""
    in_fence = False
    for number, line in enumerate(source.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else TYPED_ROUTE.search(line)
        if match:
            what = "types a care card by hand" if match.group(0).lower() == "care-card" else f"tells readers where to get help ('{match.group(0)}')"
            return (
                f"docs/{src_path}, line {number}: the page {what}. "
                "Fix: warning signs and whom to call are written once, in data/care.yml; show them with "
                "{{ care_cards('topic') }}, or link to the page's 'When to get help' section "
                "(see contributing/care-advice.md)."
            )
    return None


_JINJA = SandboxedEnvironment()


def macro_syntax_error(src_path: str, source: str, body: str) -> str | None:
    """A macro written wrongly, with the line of the file (mkdocs-macros counts from after the front matter)."""
    try:
        _JINJA.parse(body)
    except TemplateSyntaxError as error:
        offset = len(source.splitlines()) - len(body.splitlines())
        line = (error.lineno or 1) + max(offset, 0)
        text = source.splitlines()[line - 1].strip() if 0 < line <= len(source.splitlines()) else ""
        message = error.message or ""
        if "comment" in message:
            fix = "a heading id is written with spaces, { #my-section }, because {# starts a comment"
        elif "unexpected char" in message and any(q in text for q in "‘’“”"):
            fix = "retype the curly quotes (‘ ’ “ ”) in the macro as straight quotes (')"
        else:
            fix = "a macro is written {{ fact('oral.start_dose') }}: every ( needs a ), every ' a second ', and {{ needs }}"
        return f"docs/{src_path}, line {line}: a macro is not written correctly ({message}): {text[:120]} Fix: {fix} (see 'The macros you need' in CONTRIBUTING.md)."
    return None
