"""Turn a fact into the plain-English words a reader sees. Pure functions, no I/O."""

from __future__ import annotations

from .schema import Fact, ListFact, Per, RangeFact, SingleFact, Unit

# (singular, plural, joined): joined units sit against the number with no space ("45%").
UNIT_WORDS: dict[Unit, tuple[str, str, bool]] = {
    Unit.mg: ("mg", "mg", False),
    Unit.micrograms: ("microgram", "micrograms", False),
    Unit.ml: ("mL", "mL", False),
    Unit.mg_per_ml: ("mg per mL", "mg per mL", False),
    Unit.mg_per_5ml: ("mg in 5 mL", "mg in 5 mL", False),
    Unit.micrograms_per_ml: ("microgram per mL", "micrograms per mL", False),
    Unit.percent: ("%", "%", True),
    Unit.minutes: ("minute", "minutes", False),
    Unit.hours: ("hour", "hours", False),
    Unit.days: ("day", "days", False),
    Unit.weeks: ("week", "weeks", False),
    Unit.months: ("month", "months", False),
    Unit.years: ("year", "years", False),
    Unit.times: ("time", "times", False),
    Unit.million_people: ("million people", "million people", False),
    Unit.pregnancies: ("pregnancy", "pregnancies", False),
    Unit.degrees_c: ("°C", "°C", True),
}


def format_number(number: float) -> str:
    """80 -> '80'; 80.0 -> '80'; 2.5 -> '2.5'; 1000 -> '1,000'; 0.25 -> '0.25'."""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.10f}".rstrip("0").rstrip(".")


def unit_text(unit: Unit, amount: float) -> str:
    singular, plural, _ = UNIT_WORDS[unit]
    return singular if amount == 1 else plural


def with_unit(number: float, unit: Unit) -> str:
    joined = UNIT_WORDS[unit][2]
    return f"{format_number(number)}{'' if joined else ' '}{unit_text(unit, number)}"


def amount_text(fact: Fact) -> str:
    """The number(s) and unit, without the 'a day' or 'a dose' part."""
    unit = fact.unit
    joined = UNIT_WORDS[unit][2]
    if isinstance(fact, SingleFact):
        text = with_unit(fact.value, unit)
    elif isinstance(fact, ListFact):
        numbers = [format_number(v) + (UNIT_WORDS[unit][0] if joined else "") for v in fact.values]
        listed = f"{', '.join(numbers[:-1])} or {numbers[-1]}"
        text = listed if joined else f"{listed} {unit_text(unit, fact.values[-1])}"
    elif isinstance(fact, RangeFact) and joined:
        text = f"{with_unit(fact.min, unit)} to {with_unit(fact.max, unit)}"
    else:
        text = f"{format_number(fact.low)} to {format_number(fact.high)} {unit_text(unit, fact.high)}"
    return f"{fact.bound} {text}" if fact.bound else text


def times_a_day_text(times: int) -> str:
    return "once a day" if times == 1 else "twice a day" if times == 2 else f"{times} times a day"


def fact_text(fact: Fact) -> str:
    """The whole plain-English phrase: '80 mg a day', '5 mg, 3 times a day', '300 to 800 micrograms a day'."""
    text = amount_text(fact)
    if fact.per is Per.day:
        return f"{text} a day"
    if fact.per is Per.dose:
        return f"{text}, {times_a_day_text(fact.times_a_day)}" if fact.times_a_day else f"{text} per dose"
    return text


def daily_total_text(fact: Fact) -> str:
    """For a per-dose fact taken several times a day: the total a day ('15 mg a day')."""
    if fact.per is not Per.dose or fact.times_a_day is None or not isinstance(fact, SingleFact):
        raise ValueError(f"'{fact.id}' is not a single dose taken a set number of times a day, so it has no daily total")
    return f"{with_unit(fact.daily(), fact.unit)} a day"
