"""The shape of data/facts.yml and data/sources.yml.

Every fact a reader sees is one of these records. The models are strict
(unknown fields and wrong types are errors) because a silent typo in a dose
is the failure this site exists to prevent.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    HttpUrl,
    StrictFloat,
    StrictInt,
    Tag,
    TypeAdapter,
    field_validator,
    model_validator,
)

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


# No fact on this site is a negative number; zero is a real value (0% in a range).
Amount = Annotated[Number, Field(ge=0)]
SourceId = Annotated[str, Field(pattern=SOURCE_ID)]


class FactBase(Strict):
    """What every fact has, whatever the shape of its number."""

    id: Annotated[str, Field(pattern=FACT_ID)]
    label: Annotated[str, Field(min_length=3)]
    bound: Literal["up to", "about", "more than", "at least"] | None = None
    unit: Unit
    per: Per | None = None
    times_a_day: Annotated[StrictInt, Field(ge=1, le=12)] | None = None
    region: Region | None = None
    sources: Annotated[list[SourceId], Field(min_length=1)]
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _known_group(cls, fact_id: str) -> str:
        group = fact_id.split(".", 1)[0]
        if group not in FACT_GROUPS:
            raise ValueError(f"the id starts with '{group}', which is not one of the fact groups ({', '.join(FACT_GROUPS)})")
        return fact_id

    @model_validator(mode="after")
    def _per_and_sources(self) -> Self:
        if self.times_a_day is not None and self.per is not Per.dose:
            raise ValueError("times_a_day only makes sense with per: dose")
        if len(set(self.sources)) != len(self.sources):
            raise ValueError("a source id is listed twice in sources")
        return self

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def low(self) -> float:
        raise NotImplementedError

    @property
    def high(self) -> float:
        raise NotImplementedError

    def daily(self, which: Literal["low", "high"] = "high") -> float:
        """The amount a day: a per-dose amount times the doses a day, or the per-day amount itself."""
        amount = self.low if which == "low" else self.high
        if self.per is Per.dose:
            if self.times_a_day is None:
                raise ValueError(f"{self.id} is per dose but has no times_a_day")
            return amount * self.times_a_day
        return amount


class SingleFact(FactBase):
    """One number: 'value: 80'."""

    value: Amount

    @property
    def low(self) -> float:
        return self.value

    @property
    def high(self) -> float:
        return self.value


class RangeFact(FactBase):
    """A range: 'min: 40' and 'max: 80'."""

    min: Amount
    max: Amount

    @model_validator(mode="before")
    @classmethod
    def _both_ends(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and ("min" in raw) != ("max" in raw):
            raise ValueError("a range needs both min and max")
        return raw

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self

    @property
    def low(self) -> float:
        return self.min

    @property
    def high(self) -> float:
        return self.max


class ListFact(FactBase):
    """A list of numbers in ascending order: 'values: [5, 10, 20]'."""

    values: list[Amount]

    @model_validator(mode="after")
    def _ascending(self) -> Self:
        if len(self.values) < 2 or sorted(self.values) != self.values or len(set(self.values)) != len(self.values):
            raise ValueError("values must list at least two different numbers in ascending order")
        return self

    @property
    def low(self) -> float:
        return self.values[0]

    @property
    def high(self) -> float:
        return self.values[-1]


def _shape(raw: Any) -> str | None:
    """Which shape a fact's entry has, from the keys it uses; None if it mixes them."""
    if not isinstance(raw, dict):
        shape_of: dict[type[FactBase], str] = {SingleFact: "single", RangeFact: "range", ListFact: "list"}
        return shape_of.get(type(raw))
    shapes = [name for name, present in (
        ("single", "value" in raw), ("range", "min" in raw or "max" in raw), ("list", "values" in raw)) if present]
    return shapes[0] if len(shapes) == 1 else None


Fact = Annotated[
    Annotated[SingleFact, Tag("single")] | Annotated[RangeFact, Tag("range")] | Annotated[ListFact, Tag("list")],
    Discriminator(
        _shape,
        custom_error_type="fact_shape",
        custom_error_message="give exactly one of: value, min and max (a range), or values (a list)",
    ),
]
FACT_ADAPTER: TypeAdapter[SingleFact | RangeFact | ListFact] = TypeAdapter(Fact)


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

    @field_validator("url")
    @classmethod
    def _https(cls, url: HttpUrl | None) -> HttpUrl | None:
        if url is not None and url.scheme != "https":
            raise ValueError(f"the link must start with https:// (it starts with {url.scheme}://); use the publisher's secure address")
        return url

    @model_validator(mode="after")
    def _url_or_reason(self) -> Source:
        if self.url is None and not self.note:
            raise ValueError("give a url, or a note saying why there is none (for example, cite by journal reference)")
        return self
