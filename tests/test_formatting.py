"""The words a reader sees for each kind of fact: units, ranges, decimals, plurals."""

from __future__ import annotations

import pytest

from macros.formatting import amount_text, daily_total_text, fact_text, format_number, unit_text
from macros.schema import FACT_ADAPTER, Fact, Unit


def make(**fields) -> Fact:
    return FACT_ADAPTER.validate_python({"id": "oral.example", "label": "An example", "sources": ["nhs-baclofen"], **fields})


@pytest.mark.parametrize(
    ("number", "text"),
    [(80, "80"), (80.0, "80"), (2.5, "2.5"), (2.8, "2.8"), (0.5, "0.5"), (0.25, "0.25"), (1000, "1,000"), (1500.5, "1,500.5")],
)
def test_format_number(number, text):
    assert format_number(number) == text


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"value": 80, "unit": "mg", "per": "day"}, "80 mg a day"),
        ({"min": 300, "max": 800, "unit": "micrograms", "per": "day"}, "300 to 800 micrograms a day"),
        ({"value": 5, "unit": "mg", "per": "dose", "times_a_day": 3}, "5 mg, 3 times a day"),
        ({"value": 20, "unit": "mg", "per": "dose", "times_a_day": 2}, "20 mg, twice a day"),
        ({"value": 10, "unit": "mg", "per": "dose", "times_a_day": 1}, "10 mg, once a day"),
        ({"value": 5, "unit": "mg", "per": "dose"}, "5 mg per dose"),
        ({"value": 60, "bound": "up to", "unit": "mg", "per": "day"}, "up to 60 mg a day"),
        ({"value": 2.8, "bound": "more than", "unit": "million people"}, "more than 2.8 million people"),
        ({"value": 45, "unit": "%"}, "45%"),
        ({"min": 10, "max": 30, "unit": "%"}, "10% to 30%"),
        ({"min": 2, "max": 8, "unit": "°C"}, "2°C to 8°C"),
        ({"value": 25, "unit": "mg per 5 mL"}, "25 mg in 5 mL"),
        ({"value": 50, "unit": "micrograms per mL"}, "50 micrograms per mL"),
        ({"values": [5, 10, 15, 20], "unit": "mg"}, "5, 10, 15 or 20 mg"),
        ({"values": [5, 10], "unit": "%"}, "5% or 10%"),
        ({"min": 0.5, "max": 3, "unit": "hours"}, "0.5 to 3 hours"),
        ({"value": 100, "bound": "about", "unit": "times"}, "about 100 times"),
    ],
)
def test_fact_text(fields, text):
    assert fact_text(make(**fields)) == text


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"value": 1, "unit": "hours"}, "1 hour"),
        ({"value": 1, "bound": "about", "unit": "hours"}, "about 1 hour"),
        ({"value": 2, "unit": "hours"}, "2 hours"),
        ({"value": 1, "unit": "micrograms"}, "1 microgram"),
        ({"value": 1.5, "unit": "weeks"}, "1.5 weeks"),
        ({"min": 1, "max": 2, "unit": "weeks"}, "1 to 2 weeks"),
        ({"value": 1, "unit": "pregnancies"}, "1 pregnancy"),
        ({"value": 1, "unit": "mg"}, "1 mg"),
    ],
)
def test_singular_and_plural_units(fields, text):
    assert amount_text(make(**fields)) == text


def test_every_unit_has_words():
    for unit in Unit:
        assert unit_text(unit, 1) and unit_text(unit, 2)


def test_daily_total():
    assert daily_total_text(make(value=5, unit="mg", per="dose", times_a_day=3)) == "15 mg a day"
    assert daily_total_text(make(value=2.5, unit="mg", per="dose", times_a_day=3)) == "7.5 mg a day"


def test_daily_total_refuses_a_per_day_fact():
    with pytest.raises(ValueError, match="has no daily total"):
        daily_total_text(make(value=80, unit="mg", per="day"))


def test_times_a_day_needs_per_dose():
    with pytest.raises(ValueError, match="times_a_day only makes sense with per: dose"):
        make(value=80, unit="mg", per="day", times_a_day=4)


def test_values_must_ascend():
    with pytest.raises(ValueError, match="ascending"):
        make(values=[20, 10], unit="mg")
