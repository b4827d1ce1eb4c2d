"""The shape of data/facts.yml and data/sources.yml.

Every fact a reader sees is one of these records. The models are strict
(unknown fields and wrong types are errors) because a silent typo in a dose
is the failure this site exists to prevent.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StrictFloat, StrictInt, field_validator, model_validator

Number = StrictInt | StrictFloat
FACT_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
SOURCE_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# The first part of a fact id, and the heading of its section on the 'Facts at a glance' page.
FACT_GROUPS = {
    "oral": "Baclofen by mouth",
    "form": "Tablets, liquids and granules",
    "itb": "Intrathecal baclofen (the pump)",
    "pk": "How the body handles baclofen",
    "se": "Side effects",
    "safety": "Other safety facts",
    "ms": "MS and spasticity",
}


class Unit(str, Enum):
    """The fixed vocabulary of units. Add one here (and to formatting.UNIT_WORDS) to use it."""

    mg = "mg"
    micrograms = "micrograms"
    ml = "mL"
    mg_per_ml = "mg per mL"
    mg_per_5ml = "mg per 5 mL"
    micrograms_per_ml = "micrograms per mL"
    percent = "%"
    minutes = "minutes"
    hours = "hours"
    days = "days"
    weeks = "weeks"
    months = "months"
    years = "years"
    times = "times"
    million_people = "million people"
    pregnancies = "pregnancies"
    degrees_c = "°C"


class Per(str, Enum):
    dose = "dose"
    day = "day"


class Region(str, Enum):
    us = "us"
    uk = "uk"


REGION_NAMES = {Region.us: "US label", Region.uk: "UK"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Fact(Strict):
    id: Annotated[str, Field(pattern=FACT_ID)]
    label: Annotated[str, Field(min_length=3)]
    value: Number | None = None
    min: Number | None = None
    max: Number | None = None
    values: list[Number] | None = None
    bound: Literal["up to", "about", "more than", "at least"] | None = None
    unit: Unit
    per: Per | None = None
    times_a_day: StrictInt | None = None
    region: Region | None = None
    sources: Annotated[list[Annotated[str, Field(pattern=SOURCE_ID)]], Field(min_length=1)]
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _known_group(cls, fact_id: str) -> str:
        group = fact_id.split(".", 1)[0]
        if group not in FACT_GROUPS:
            raise ValueError(f"the id starts with '{group}', which is not one of the fact groups ({', '.join(FACT_GROUPS)})")
        return fact_id

    @model_validator(mode="after")
    def _one_kind_of_value(self) -> "Fact":
        kinds = [self.value is not None, self.min is not None or self.max is not None, self.values is not None]
        if sum(kinds) != 1:
            raise ValueError("give exactly one of: value, min and max (a range), or values (a list)")
        if (self.min is None) != (self.max is None):
            raise ValueError("a range needs both min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if self.values is not None and (len(self.values) < 2 or sorted(self.values) != self.values):
            raise ValueError("values must list at least two numbers in ascending order")
        if self.times_a_day is not None and self.per is not Per.dose:
            raise ValueError("times_a_day only makes sense with per: dose")
        if len(set(self.sources)) != len(self.sources):
            raise ValueError("a source id is listed twice in sources")
        return self

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]


class SourceKind(str, Enum):
    regulator_label = "regulator label"
    guideline = "guideline"
    formulary = "formulary"
    patient_information = "patient information"
    review = "review"
    charity = "charity"
    journal_article = "journal article"
    manufacturer = "manufacturer"
    safety_alert = "safety alert"
    reference_work = "reference work"
    helpline = "helpline"


class Source(Strict):
    id: Annotated[str, Field(pattern=SOURCE_ID)]
    short: Annotated[str, Field(min_length=2, max_length=24)]
    title: Annotated[str, Field(min_length=5)]
    publisher: Annotated[str, Field(min_length=2)]
    url: HttpUrl | None = None
    date: dt.date | Annotated[str, Field(min_length=4)]
    kind: SourceKind
    note: str | None = None

    @model_validator(mode="after")
    def _url_or_reason(self) -> "Source":
        if self.url is None and not self.note:
            raise ValueError("give a url, or a note saying why there is none (for example, cite by journal reference)")
        return self
