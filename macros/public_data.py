"""What the site publishes as /facts.json: the reader-facing part of data/, with a JSON Schema.

Reviewer-facing notes ("the BNF page itself was not retrieved") stay in data/ and on
the 'How each source was checked' page; they are not published as data. Every fact
in data/ is shown on a page (the plugin checks), so the file holds no unused facts.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from .formatting import amount_text, fact_text
from .schema import ListFact, RangeFact, SingleFact
from .sitedata import SiteData


class _Public(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PublicFact(_Public):
    id: str
    label: str
    value: int | float | None = None
    min: int | float | None = None
    max: int | float | None = None
    values: list[int | float] | None = None
    bound: str | None = None
    unit: str
    per: str | None = None
    times_a_day: int | None = None
    region: str | None = None
    sources: list[str]
    text: str
    amount: str
    total_a_day: int | float | None = None


class PublicSource(_Public):
    id: str
    short: str
    title: str
    publisher: str
    url: str | None = None
    date: str
    kind: str


class PublicData(_Public):
    site: str | None = None
    facts: list[PublicFact]
    sources: list[PublicSource]


def public_data(data: SiteData, site_url: str | None) -> PublicData:
    facts = []
    for fact in data.facts.values():
        numbers: dict[str, Any] = (
            {"value": fact.value} if isinstance(fact, SingleFact)
            else {"min": fact.min, "max": fact.max} if isinstance(fact, RangeFact)
            else {"values": fact.values} if isinstance(fact, ListFact) else {}
        )
        facts.append(PublicFact(
            id=fact.id, label=fact.label, **numbers, bound=fact.bound, unit=fact.unit.value,
            per=fact.per.value if fact.per else None, times_a_day=fact.times_a_day,
            region=fact.region.value if fact.region else None, sources=list(fact.sources),
            text=fact_text(fact), amount=amount_text(fact), total_a_day=fact.daily() if fact.times_a_day else None,
        ))
    sources = [
        PublicSource(id=s.id, short=s.short, title=s.title, publisher=s.publisher,
                     url=str(s.url) if s.url else None, date=str(s.date), kind=s.kind.value)
        for s in data.sources.values()
    ]
    return PublicData(site=site_url, facts=facts, sources=sources)


def public_json(data: SiteData, site_url: str | None) -> dict[str, Any]:
    return public_data(data, site_url).model_dump(mode="json", exclude_none=True)


def public_schema() -> dict[str, Any]:
    schema = PublicData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Facts shown on the baclofen for MS spasticity site"
    return schema
