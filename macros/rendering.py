"""Markdown that the macros put into pages: citations, tables, care cards and the generated pages.

Pure functions of the data and the page's own path (links are made relative
to the page, so MkDocs can check that each one resolves).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from html import escape

from .formatting import amount_text, fact_text, format_number, with_unit
from .loader import SiteData
from .rules import daily
from .schema import FACT_GROUPS, REGION_NAMES, Fact, Source, SourceKind

REFERENCES_PAGE = "references.md"

CARE_LEVELS = {
    "non-urgent": "Non-urgent advice:",
    "urgent": "Urgent advice:",
    "emergency": "Emergency:",
}
CARE_TAGS = {"non-urgent": "Get advice", "urgent": "Act today", "emergency": "Emergency"}
MAX_CARE_ITEMS = 5


def relative_link(page_src: str, target: str) -> str:
    """A link from one docs/ file to another, as MkDocs expects it in Markdown."""
    start = posixpath.dirname(page_src)
    return posixpath.relpath(target, start or ".")


def citation(source_ids: Sequence[str], data: SiteData, page_src: str) -> str:
    """A small linked marker after a statement: [NHS, US label]."""
    href = relative_link(page_src, REFERENCES_PAGE)
    links = []
    for source_id in source_ids:
        source = data.sources[source_id]
        # No title attribute: Material would turn each one into a tooltip, set up by
        # script on every page load, and the link text already names the source.
        links.append(f'[{source.short}]({href}#{source.id})')
    return f'<sup class="cite">{", ".join(links)}</sup>'


def fact_with_citation(fact: Fact, data: SiteData, page_src: str, cite: bool = True) -> str:
    text = fact_text(fact)
    return f"{text}{citation(fact.sources, data, page_src)}" if cite else text


def buildup_rows(start: Fact, step: Fact, interval: Fact, target: Fact) -> list[tuple[str, str, str, str]]:
    """The label's build-up: each row is (days, each dose, doses a day, total a day)."""
    rows = []
    days = int(interval.value)
    dose = start.value
    stage = 0
    while dose <= target.value:
        first = stage * days + 1
        last = first + days - 1
        day_text = f"{format_number(first)} to {format_number(last)}"
        if dose == target.value:
            day_text = f"{format_number(first)} onwards"
        rows.append((
            day_text,
            with_unit(dose, start.unit),
            format_number(start.times_a_day),
            with_unit(dose * start.times_a_day, start.unit),
        ))
        dose += step.value
        stage += 1
    return rows


def buildup_table(data: SiteData, page_src: str) -> str:
    start, step, interval, target = (
        data.fact(fact_id) for fact_id in
        ("oral.start_dose", "oral.titration_step", "oral.titration_interval", "oral.buildup_target")
    )
    sources = list(dict.fromkeys(start.sources + step.sources + interval.sources + target.sources))
    lines = [
        "| Days | Each dose | Doses a day | Total a day |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {days} | {dose} | {times} | {total} |" for days, dose, times, total in buildup_rows(start, step, interval, target)]
    lines += ["", f"*Table: the build-up schedule in the US label.*{citation(sources, data, page_src)}"]
    return "\n".join(lines)


def care_card(level: str, heading: str, items: Sequence[str], heading_level: int = 3) -> str:
    if level not in CARE_LEVELS:
        raise ValueError(f"care card level '{level}' is not one of: {', '.join(CARE_LEVELS)}")
    if not 1 <= len(items) <= MAX_CARE_ITEMS:
        raise ValueError(f"a care card lists 1 to {MAX_CARE_ITEMS} symptoms so it can be read at a glance; this one has {len(items)}")
    if heading_level not in (2, 3, 4):
        raise ValueError("heading_level must be 2, 3 or 4")
    tag = f"h{heading_level}"
    bullets = "\n".join(f"- {item}" for item in items)
    return (
        f'<div class="care-card care-card--{level}" markdown>\n'
        f'<{tag} class="care-card__heading" data-toc-label="{escape(heading)}">'
        f'<span class="care-card__tag" aria-hidden="true">{CARE_TAGS[level]}</span> '
        f'<span class="visually-hidden">{CARE_LEVELS[level]} </span>{escape(heading)}</{tag}>\n\n'
        f"{bullets}\n\n"
        "</div>"
    )


KIND_ORDER = [
    SourceKind.regulator_label, SourceKind.guideline, SourceKind.formulary, SourceKind.patient_information,
    SourceKind.charity, SourceKind.review, SourceKind.journal_article, SourceKind.safety_alert,
    SourceKind.reference_work, SourceKind.manufacturer,
]
KIND_HEADINGS = {
    SourceKind.regulator_label: "Medicine labels from regulators",
    SourceKind.guideline: "Clinical guidelines",
    SourceKind.formulary: "Formularies",
    SourceKind.patient_information: "Patient information from health services",
    SourceKind.charity: "MS charities",
    SourceKind.review: "Reviews",
    SourceKind.journal_article: "Research articles",
    SourceKind.safety_alert: "Safety alerts",
    SourceKind.reference_work: "Drug reference works",
    SourceKind.manufacturer: "Manufacturers",
}


def source_entry(source: Source) -> str:
    date = source.date.isoformat() if hasattr(source.date, "isoformat") else source.date
    parts = [f"**{escape(source.short)}**: *{escape(source.title)}*. {escape(source.publisher)}, {escape(str(date))}."]
    if source.url:
        parts.append(f"<{source.url}>")
    if source.note:
        parts.append(escape(source.note))
    return " ".join(parts)


def references_page(data: SiteData) -> str:
    blocks = []
    for kind in KIND_ORDER:
        sources = sorted((s for s in data.sources.values() if s.kind is kind), key=lambda s: s.short.lower())
        if not sources:
            continue
        blocks.append(f"## {KIND_HEADINGS[kind]}\n")
        blocks += [f'<p class="reference" id="{s.id}" markdown>{source_entry(s)}</p>\n' for s in sources]
    return "\n".join(blocks)


def facts_page(data: SiteData, page_src: str) -> str:
    groups: dict[str, list[Fact]] = {}
    for fact in data.facts.values():
        groups.setdefault(fact.group, []).append(fact)
    blocks = []
    for group, heading in FACT_GROUPS.items():
        if group not in groups:
            continue
        blocks.append(f"## {heading}\n")
        blocks.append("| Fact | Value | Where | Note | Sources | Fact id |")
        blocks.append("| --- | --- | --- | --- | --- | --- |")
        for fact in groups[group]:
            where = REGION_NAMES[fact.region] if fact.region else "All"
            note = escape(fact.note or "").replace("|", "/")
            blocks.append(
                f"| {escape(fact.label)} | {fact_text(fact)} | {where} | {note} "
                f"| {citation(fact.sources, data, page_src)} | `{fact.id}` |"
            )
        blocks.append("")
    return "\n".join(blocks)


def facts_json(data: SiteData) -> dict:
    """The facts as machine-readable data, with the words the site shows for each."""
    return {
        "facts": [
            {
                **fact.model_dump(mode="json", exclude_none=True),
                "text": fact_text(fact),
                "amount": amount_text(fact),
                **({"total_a_day": daily(fact)} if fact.times_a_day else {}),
            }
            for fact in data.facts.values()
        ],
        "sources": [source.model_dump(mode="json", exclude_none=True) for source in data.sources.values()],
    }
