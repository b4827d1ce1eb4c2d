"""Markdown that the macros put into pages: citations, tables and the generated pages.

Pure functions of the data and the page's own path (links are made relative
to the page, so MkDocs can check that each one resolves).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence

from .formatting import fact_text, format_number, with_unit
from .rules import single
from .schema import FACT_GROUPS, REGION_NAMES, Fact, Source, SourceKind
from .sitedata import SiteData
from .text import markdown_text

REFERENCES_PAGE = "references.md"
# The build-up table stops here whatever the data says, so a build can never loop
# forever; the rules already require whole steps from the start to the target.
MAX_BUILDUP_ROWS = 20


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
        links.append(f'[{markdown_text(source.short)}]({href}#{source.id})')
    return f'<sup class="cite">{", ".join(links)}</sup>'


def source_note(label: str, source_ids: Sequence[str], data: SiteData, page_src: str) -> str:
    """The footnote a quiet citation marker opens: 'Sources: NHS; US label (Ozobax).' each linked to References."""
    href = relative_link(page_src, REFERENCES_PAGE)
    names = "; ".join(f"[{markdown_text(data.sources[s].short)}]({href}#{s})" for s in source_ids)
    return f"[^{label}]: Sources: {names}."


def marked(fact_id: str, text: str) -> str:
    """A number as the macros wrote it: marked, so the page check knows no one typed it."""
    return f'<span data-fact="{fact_id}">{text}</span>'


def buildup_rows(start: Fact, step: Fact, interval: Fact, target: Fact) -> list[tuple[str, str, str, str]]:
    """The label's build-up: each row is (days, each dose, doses a day, total a day)."""
    times = start.times_a_day or 1
    days, first_dose, step_dose, last_dose = int(single(interval)), single(start), single(step), single(target)
    if step_dose <= 0 or days < 1:
        raise ValueError("the build-up needs a step above zero and at least one day between steps")
    steps = round((last_dose - first_dose) / step_dose)
    if not 0 <= steps < MAX_BUILDUP_ROWS:
        raise ValueError(f"the build-up from {first_dose} to {last_dose} in steps of {step_dose} would need {steps + 1} rows")
    rows = []
    for stage in range(steps + 1):
        dose = first_dose + stage * step_dose
        first = stage * days + 1
        day_text = f"{format_number(first)} onwards" if stage == steps else f"{format_number(first)} to {format_number(first + days - 1)}"
        rows.append((day_text, with_unit(dose, start.unit), format_number(times), with_unit(dose * times, start.unit)))
    return rows


def buildup_table(data: SiteData, cite: Callable[[Sequence[str]], str]) -> str:
    start, step, interval, target = (
        data.fact(fact_id) for fact_id in
        ("oral.start_dose", "oral.titration_step", "oral.titration_interval", "oral.buildup_target")
    )
    sources = list(dict.fromkeys(start.sources + step.sources + interval.sources + target.sources))
    lines = [
        "| Days | Each dose | Doses a day | Total a day |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {days} | {marked('buildup', dose)} | {times} | {marked('buildup', total)} |"
        for days, dose, times, total in buildup_rows(start, step, interval, target)
    ]
    lines += ["", f"*Table: the build-up schedule in the US label.*{cite(sources)}"]
    return "\n".join(lines)


KIND_ORDER = [
    SourceKind.regulator_label, SourceKind.guideline, SourceKind.formulary, SourceKind.patient_information,
    SourceKind.charity, SourceKind.review, SourceKind.journal_article, SourceKind.safety_alert,
    SourceKind.reference_work, SourceKind.manufacturer, SourceKind.helpline,
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
    SourceKind.helpline: "Emergency services and helplines",
}


SOURCE_NOTES_PAGE = "source-notes.md"


def source_entry(source: Source) -> str:
    # The reviewer's notes (how the source was read, what is still to check) are on
    # their own page (source_notes_page), so that the list a reader scans stays short.
    # The title is the link (a screen reader reads the title, not a long address).
    date = source.date.isoformat() if hasattr(source.date, "isoformat") else source.date
    title = markdown_text(source.title)
    linked = f"[{title}](<{source.url}>)" if source.url else title
    return f"**{markdown_text(source.short)}**: *{linked}*. {markdown_text(source.publisher)}, {markdown_text(str(date))}."


def _by_kind(data: SiteData) -> list[tuple[SourceKind, list[Source]]]:
    groups = []
    for kind in KIND_ORDER:
        sources = sorted((s for s in data.sources.values() if s.kind is kind), key=lambda s: s.short.lower())
        if sources:
            groups.append((kind, sources))
    return groups


def references_page(data: SiteData) -> str:
    blocks = []
    for kind, sources in _by_kind(data):
        blocks.append(f"## {KIND_HEADINGS[kind]}\n")
        blocks += [f'<p class="reference" id="{s.id}" markdown>{source_entry(s)}</p>\n' for s in sources]
    return "\n".join(blocks)


def source_notes_page(data: SiteData) -> str:
    """What each source's reviewer noted: how it was read, and what is still to check."""
    blocks = []
    for kind, sources in _by_kind(data):
        noted = [s for s in sources if s.note]
        if not noted:
            continue
        blocks.append(f"## {KIND_HEADINGS[kind]}\n")
        back = relative_link(SOURCE_NOTES_PAGE, REFERENCES_PAGE)
        blocks += [
            f'<p class="reference" id="{s.id}" markdown>**[{markdown_text(s.short)}]({back}#{s.id})**: {markdown_text(s.note or "")}</p>\n'
            for s in noted
        ]
    return "\n".join(blocks)


def facts_page(data: SiteData, page_src: str) -> str:
    """Every fact for readers, one plain line each by topic; then, for contributors, the ids and notes."""
    groups: dict[str, list[Fact]] = {}
    for fact in data.facts.values():
        groups.setdefault(fact.group, []).append(fact)
    blocks = []
    for group, heading in FACT_GROUPS.items():
        if group not in groups:
            continue
        blocks.append(f"## {heading}\n")
        for fact in groups[group]:
            where = f" ({REGION_NAMES[fact.region]})" if fact.region else ""
            blocks.append(f"- {markdown_text(fact.label)}{where}: **{marked(fact.id, fact_text(fact))}**{citation(fact.sources, data, page_src)}")
        blocks.append("")
    blocks += [
        "## For contributors and reviewers { #for-contributors }\n",
        "A page shows a fact by its id, with the fact macro (see contributing/data.md in the repository). "
        "The notes say how the number was checked.\n",
        "| Fact id | Note |",
        "| --- | --- |",
    ]
    blocks += [f"| `{fact.id}` | {markdown_text(fact.note or '')} |" for fact in data.facts.values()]
    return "\n".join(blocks) + "\n"
