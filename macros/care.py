"""The shape of data/care.yml and its rules: every warning sign, its level and its route.

When to get help is medical content as much as a dose is, and the most
dangerous to get wrong, so it is data too: each sign is written once, with
one level and one route, and pages only ask for the cards of their topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from .errors import DataError

CARE_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SOURCE_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# The words that promise speed: an emergency or urgent card says "now"; a
# non-urgent card never does, so its badge and heading cannot disagree.
NOW_WORDS = re.compile(r"\b(now|at once|straight away|immediately|urgently|right away)\b", re.IGNORECASE)
# A card lists this many signs at most, so it can still be read at a glance.
MAX_SIGNS_PER_CARD = 20


class Level(str, Enum):
    emergency = "emergency"
    urgent = "urgent"
    non_urgent = "non-urgent"


LEVEL_ORDER = (Level.emergency, Level.urgent, Level.non_urgent)


@dataclass(frozen=True)
class LevelText:
    badge: str  # shown on the card, hidden from screen readers (they hear `spoken`)
    spoken: str
    title: str  # the section heading on the 'When to get help' page


LEVEL_TEXT = {
    Level.emergency: LevelText("Emergency", "Emergency:", "Emergencies: get help now"),
    Level.urgent: LevelText("Urgent", "Urgent advice:", "Urgent: get advice now"),
    Level.non_urgent: LevelText("Get advice", "Non-urgent advice:", "Not urgent: ask soon"),
}

Text = Annotated[str, Field(min_length=2)]
SourceIds = Annotated[list[Annotated[str, Field(pattern=SOURCE_ID)]], Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Service(_Strict):
    id: Annotated[str, Field(pattern=CARE_ID)]
    name: Text
    number: Annotated[str, Field(pattern=r"^[0-9][0-9 -]*[0-9]$")]
    sources: SourceIds


class Route(_Strict):
    id: Annotated[str, Field(pattern=CARE_ID)]
    level: Level
    heading: Annotated[str, Field(min_length=10, pattern=r"if:$")]
    details: str | None = None
    default: bool = False
    sources: SourceIds


class Topic(_Strict):
    id: Annotated[str, Field(pattern=CARE_ID)]
    name: Text


class Situation(_Strict):
    id: Annotated[str, Field(pattern=CARE_ID)]
    topics: Annotated[list[Annotated[str, Field(pattern=CARE_ID)]], Field(min_length=1)]
    level: Level
    route: str | None = None
    lead: Annotated[str, Field(min_length=5, pattern=r":$")]
    signs: Annotated[list[Annotated[str, Field(min_length=2, pattern=r"^[^.\n]*[^.\s]$")]], Field(min_length=1)]
    sources: SourceIds
    note: str | None = None


@dataclass(frozen=True)
class CareData:
    services: dict[str, Service]
    routes: dict[str, Route]
    topics: dict[str, Topic]
    situations: dict[str, Situation]
    lines: dict[str, int]  # the line in data/care.yml where each entry starts

    def route_of(self, situation: Situation) -> Route:
        if situation.route:
            return self.routes[situation.route]
        return next(r for r in self.routes.values() if r.level is situation.level and r.default)

    def fill(self, text: str) -> str:
        """Text with each {service-id} replaced by that service's number."""
        return PLACEHOLDER.sub(lambda m: self.services[m.group(1)].number, text)

    def emergency_numbers(self) -> str:
        uk, eu, us = (self.services[f"emergency-{region}"].number for region in ("uk", "eu", "us"))
        return f"{uk}, {eu} or {us}"

    def emergency_numbers_explained(self) -> str:
        uk, eu, us = (self.services[f"emergency-{region}"].number for region in ("uk", "eu", "us"))
        return f"{uk} in the UK, {eu} in the European Union, {us} in the US and Canada"

    def situations_for(self, topics: tuple[str, ...]) -> list[Situation]:
        return [s for s in self.situations.values() if set(s.topics) & set(topics)]


def _normal(sign: str) -> str:
    return re.sub(r"\s+", " ", sign.strip().lower())


def _check_placeholders(text: str, services: dict[str, Service], where: str, line: int, item: str, file: str) -> None:
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in services:
            known = ", ".join("{" + s + "}" for s in services)
            raise DataError(
                file, f"the {where} uses {{{match.group(1)}}}, which is not a service.",
                f"use one of {known}, or add the service under 'services:'.", line, item,
            )


def check_care(care: CareData, source_ids: set[str], file: str) -> None:
    """The rules a reader's safety rests on; each failure names the entry, its line and the fix."""
    entries: list[tuple[str, str, list[str]]] = [
        *((s.id, "service", s.sources) for s in care.services.values()),
        *((r.id, "route", r.sources) for r in care.routes.values()),
        *((s.id, "situation", s.sources) for s in care.situations.values()),
    ]
    for item, kind, sources in entries:
        for source_id in sources:
            if source_id not in source_ids:
                raise DataError(
                    file, f"the {kind} cites the source '{source_id}', which is not in data/sources.yml.",
                    "correct the id, or add the source to data/sources.yml.", care.lines[item], item,
                )
    for region in ("uk", "eu", "us"):
        if f"emergency-{region}" not in care.services:
            raise DataError(file, f"there is no service 'emergency-{region}'.", "restore the three emergency numbers (uk, eu, us) under 'services:'.")
    for level in LEVEL_ORDER:
        defaults = [r.id for r in care.routes.values() if r.level is level and r.default]
        if len(defaults) != 1:
            raise DataError(
                file, f"the {level.value} level has {len(defaults)} default routes ({', '.join(defaults) or 'none'}).",
                f"mark exactly one {level.value} route with 'default: true'.",
            )
    for route in care.routes.values():
        line = care.lines[route.id]
        promises_now = bool(NOW_WORDS.search(route.heading))
        if route.level is Level.non_urgent and promises_now:
            raise DataError(
                file, f"the heading '{route.heading}' says '{NOW_WORDS.search(route.heading).group(0)}', but the route is non-urgent.",  # type: ignore[union-attr]
                "make the route urgent or emergency, or say 'soon' in the heading.", line, route.id,
            )
        if route.level is not Level.non_urgent and not promises_now:
            raise DataError(
                file, f"the heading '{route.heading}' of a {route.level.value} route does not say 'now'.",
                "an emergency or urgent card tells readers to act now: put 'now' in the heading.", line, route.id,
            )
        for where, text in (("heading", route.heading), ("details", route.details or "")):
            _check_placeholders(text, care.services, where, line, route.id, file)
    first_seen: dict[str, tuple[Level, str]] = {}
    for situation in care.situations.values():
        line = care.lines[situation.id]
        for topic in situation.topics:
            if topic not in care.topics:
                raise DataError(
                    file, f"the topic '{topic}' is not listed under 'topics:'.",
                    f"use one of: {', '.join(care.topics)}; or add the topic.", line, situation.id,
                )
        if situation.route is not None:
            if situation.route not in care.routes:
                raise DataError(
                    file, f"the route '{situation.route}' does not exist.",
                    f"use one of: {', '.join(care.routes)}.", line, situation.id,
                )
            route = care.routes[situation.route]
            if route.level is not situation.level:
                raise DataError(
                    file, f"the situation is {situation.level.value}, but its route '{route.id}' is {route.level.value}.",
                    "a sign has one level, and its route must be of that level: change the level or the route.", line, situation.id,
                )
        for text in (situation.lead, *situation.signs):
            _check_placeholders(text, care.services, "text", line, situation.id, file)
        for sign in situation.signs:
            key = _normal(sign)
            if key in first_seen:
                level, other = first_seen[key]
                if other == situation.id:
                    raise DataError(file, f"the sign '{sign}' is listed twice.", "remove one of them.", line, situation.id)
                if level is not situation.level:
                    raise DataError(
                        file, f"the sign '{sign}' is {situation.level.value} here but {level.value} in '{other}' (line {care.lines[other]}).",
                        "a warning sign has one level everywhere: choose the safer level for both, or word the two signs differently "
                        "if they really are different situations.", line, situation.id,
                    )
            else:
                first_seen[key] = (situation.level, situation.id)
    used_topics = {topic_id for s in care.situations.values() for topic_id in s.topics}
    for unused in care.topics.values():
        if unused.id not in used_topics:
            raise DataError(file, "the topic has no situations.", "remove the topic, or add a situation for it.", care.lines[unused.id], unused.id)
    used_routes = {care.route_of(s).id for s in care.situations.values()}
    for route in care.routes.values():
        if route.id not in used_routes:
            raise DataError(file, "no situation uses this route.", "remove the route, or use it in a situation.", care.lines[route.id], route.id)
