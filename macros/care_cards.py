"""Markdown for 'when to get help': the cards of a page's topics, sign lists, and the page of every sign.

Pure functions of data/care.yml. Every text from the data file is escaped
before it enters a page, and the heading, badge and route of a card come from
its route and level, never from the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .care import LEVEL_ORDER, LEVEL_TEXT, MAX_SIGNS_PER_CARD, CareData, Level, Route, Situation
from .text import html_text, markdown_text

# A citation for a list of source ids, linked from the page being built.
Cite = Callable[[Sequence[str]], str]


class CareRequestError(ValueError):
    """A page asked for cards in a way the data cannot answer (unknown topic, too many signs)."""


def check_topics(care: CareData, topics: Sequence[str]) -> None:
    if not topics:
        raise CareRequestError(f"care_cards() needs at least one topic, for example care_cards('overdose'); the topics are: {', '.join(care.topics)}")
    for topic in topics:
        if topic not in care.topics:
            raise CareRequestError(f"unknown care topic '{topic}'; the topics are: {', '.join(care.topics)}")


def _cards(care: CareData, situations: list[Situation]) -> list[tuple[Route, list[Situation]]]:
    """Situations grouped by route, the most urgent route first, each in data order."""
    grouped: dict[str, list[Situation]] = {}
    for situation in situations:
        grouped.setdefault(care.route_of(situation).id, []).append(situation)
    routes = sorted((care.routes[r] for r in grouped), key=lambda r: (LEVEL_ORDER.index(r.level), list(care.routes).index(r.id)))
    return [(route, grouped[route.id]) for route in routes]


def _groups(care: CareData, situations: list[Situation]) -> list[tuple[str, list[str]]]:
    """(lead, signs) pairs; situations with the same lead are read as one list."""
    groups: list[tuple[str, list[str]]] = []
    for situation in situations:
        lead = care.fill(situation.lead)
        signs = [care.fill(sign) for sign in situation.signs]
        if groups and groups[-1][0] == lead:
            groups[-1][1].extend(s for s in signs if s not in groups[-1][1])
        else:
            groups.append((lead, signs))
    return groups


def card(care: CareData, route: Route, situations: list[Situation], cite: Cite, heading_level: int = 3) -> str:
    level = LEVEL_TEXT[route.level]
    heading = html_text(care.fill(route.heading))
    tag = f"h{heading_level}"
    lines = [
        f'<div class="care-card care-card--{route.level.value}" markdown>',
        f'<{tag} class="care-card__heading" data-toc-label="{heading}">'
        f'<span class="care-card__tag" aria-hidden="true">{level.badge}</span> '
        f'<span class="visually-hidden">{level.spoken} </span>{heading}</{tag}>',
        "",
    ]
    for lead, signs in _groups(care, situations):
        lines += [f'<p class="care-card__lead">{html_text(lead[:1].upper() + lead[1:])}</p>', ""]
        lines += [f"- {markdown_text(sign)}" for sign in signs]
        lines.append("")
    sources = list(dict.fromkeys(s for situation in situations for s in situation.sources + route.sources))
    details = markdown_text(care.fill(route.details)) + " " if route.details else ""
    lines += [f'<p class="care-card__route" markdown>{details}{cite(sources)}</p>', "", "</div>"]
    return "\n".join(lines)


def parse_levels(levels: str | None) -> tuple[Level, ...]:
    """'emergency urgent' -> the levels a page shows; None -> all of them."""
    if levels is None:
        return LEVEL_ORDER
    chosen = []
    for word in levels.split():
        try:
            chosen.append(Level(word))
        except ValueError:
            raise CareRequestError(f"unknown care level '{word}' in levels=; use one or more of: emergency, urgent, non-urgent") from None
    if Level.emergency not in chosen:
        raise CareRequestError("levels= must include emergency: a page never leaves out the emergency signs of its topics")
    return tuple(chosen)


def care_cards(care: CareData, topics: Sequence[str], cite: Cite, heading_level: int = 3, levels: str | None = None) -> str:
    """One card per route for the page's topics: emergency first, then urgent, then non-urgent."""
    check_topics(care, topics)
    shown = parse_levels(levels)
    cards = []
    wanted = [s for s in care.situations_for(tuple(topics)) if s.level in shown]
    for route, situations in _cards(care, wanted):
        count = sum(len(signs) for _, signs in _groups(care, situations))
        if count > MAX_SIGNS_PER_CARD:
            raise CareRequestError(
                f"the '{route.id}' card for topics {', '.join(topics)} would list {count} signs, more than "
                f"{MAX_SIGNS_PER_CARD}; ask for fewer topics and link to the 'When to get help' page for the rest"
            )
        cards.append(card(care, route, situations, cite, heading_level))
    return "\n\n".join(cards)


def _situation(care: CareData, situation_id: str) -> Situation:
    if situation_id not in care.situations:
        raise CareRequestError(f"unknown situation '{situation_id}'; the situations are: {', '.join(care.situations)}")
    return care.situations[situation_id]


def sign_list(care: CareData, situation_id: str) -> str:
    """The signs of one situation as a plain Markdown list, for a page's own explanation."""
    return "\n".join(f"- {markdown_text(care.fill(sign))}" for sign in _situation(care, situation_id).signs)


def sign_sentence(care: CareData, situation_id: str) -> str:
    """The signs of one situation in one line, 'a, b or c', for the printable card."""
    signs = [markdown_text(care.fill(sign)) for sign in _situation(care, situation_id).signs]
    return signs[0] if len(signs) == 1 else f"{', '.join(signs[:-1])} or {signs[-1]}"


def what_to_do(care: CareData, situation_id: str, cite: Cite) -> str:
    """The route of one situation as sentences: 'Contact your pump team now, day or night. Use ...'."""
    situation = _situation(care, situation_id)
    route = care.route_of(situation)
    action = care.fill(route.heading).removesuffix(" if:").rstrip(",")
    details = f" {care.fill(route.details)}" if route.details else ""
    return f'<strong class="care-action">{markdown_text(action)}.</strong>{markdown_text(details)}{cite(route.sources)}'


def help_page(care: CareData, cite: Cite) -> str:
    """Every sign on the site by level: the 'When to get help' page."""
    blocks = []
    for level in LEVEL_ORDER:
        situations = [s for s in care.situations.values() if s.level is level]
        blocks.append(f"## {LEVEL_TEXT[level].title} {{ #{level.value} }}\n")
        blocks += [card(care, route, group, cite) for route, group in _cards(care, situations)]
        blocks.append("")
    return "\n\n".join(blocks)

