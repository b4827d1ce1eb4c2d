"""Rules that tie facts to each other, so that one edit cannot make the site contradict itself.

Each rule names the facts it reads. A rule fails the build with the fact ids
and the numbers involved, so a reviewer can see which edit broke it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .bounds import out_of_bounds
from .errors import DataError
from .schema import Fact, ListFact, RangeFact, SingleFact
from .sitedata import SiteData


def single(fact: Fact) -> float:
    """The number of a fact that must be one number (a dose step, say), for rules that divide or step by it."""
    if not isinstance(fact, SingleFact):
        raise ValueError(f"{fact.id} must be one number (value: ...), not a range or a list")
    return fact.value


@dataclass(frozen=True)
class Rule:
    description: str
    fact_ids: tuple[str, ...]
    holds: Callable[..., bool]
    fix: str


RULES: tuple[Rule, ...] = (
    Rule(
        "the starting dose a day must be below the usual US range",
        ("oral.start_dose", "oral.usual_daily.us"),
        lambda start, usual: start.daily() < usual.low,
        "check both numbers against the sources; the starting dose is the lowest dose.",
    ),
    Rule(
        "the starting dose a day must be below the usual UK amount",
        ("oral.start_dose", "oral.usual_daily.uk"),
        lambda start, usual: start.daily() < usual.high,
        "check both numbers against the sources.",
    ),
    Rule(
        "the usual US range must be within the US maximum",
        ("oral.usual_daily.us", "oral.max_daily.us"),
        lambda usual, most: usual.high <= most.high,
        "the usual range cannot go above the licensed maximum.",
    ),
    Rule(
        "the usual UK amount must be within the UK maximum",
        ("oral.usual_daily.uk", "oral.max_daily.uk"),
        lambda usual, most: usual.high <= most.high,
        "the usual amount cannot go above the licensed maximum.",
    ),
    Rule(
        "the US maximum split into doses must add up to the US maximum a day",
        ("oral.max_dose.us", "oral.max_daily.us"),
        lambda dose, most: dose.daily() == most.high,
        "the dose times the number of doses a day must equal the daily maximum.",
    ),
    Rule(
        "each step of the build-up must raise the dose (a step above zero, days between steps above zero)",
        ("oral.titration_step", "oral.titration_interval"),
        lambda step, interval: single(step) > 0 and single(interval) >= 1,
        "a step of 0 or less would never reach the target: check both numbers against the labels.",
    ),
    Rule(
        "the build-up must climb from the starting dose to the target in whole steps",
        ("oral.start_dose", "oral.titration_step", "oral.buildup_target"),
        lambda start, step, target: single(target) > single(start)
        and ((single(target) - single(start)) / single(step)).is_integer(),
        "the target dose minus the starting dose must be a whole number of steps.",
    ),
    Rule(
        "the build-up target a day must be within both licensed maximums",
        ("oral.buildup_target", "oral.max_daily.us", "oral.max_daily.uk"),
        lambda target, us, uk: target.daily() <= min(us.high, uk.high),
        "the dose reached by the build-up cannot exceed a licensed maximum.",
    ),
    Rule(
        "the intrathecal screening doses must go up: first < second < third",
        ("itb.screening.first", "itb.screening.second", "itb.screening.third"),
        lambda first, second, third: first.high < second.high < third.high,
        "each screening dose is given only if the one before did not work, so each must be larger.",
    ),
    Rule(
        "the pump maintenance dose must be far below the oral maximum (it is measured in micrograms)",
        ("itb.maintenance.spinal", "oral.max_daily.us"),
        lambda pump, oral: pump.high / 1000 < oral.high,
        "check the unit of the pump dose: micrograms, not mg.",
    ),
    Rule(
        "the missed-dose window must be shorter than the gap between doses",
        ("oral.missed_dose_window", "oral.dose_gap"),
        lambda window, gap: window.high < gap.low,
        "check both numbers against the NHS source.",
    ),
)


def check_bounds(data: SiteData, facts_file: str) -> None:
    for fact in data.facts.values():
        problem = out_of_bounds(fact)
        if problem:
            raise DataError(
                facts_file, f"this number cannot be right: {problem}",
                "check the number and its unit against the source (the bounds and their reasons are in macros/bounds.py).",
                data.fact_lines[fact.id], fact.id,
            )


def check_rules(data: SiteData, facts_file: str) -> None:
    check_bounds(data, facts_file)
    for rule in RULES:
        missing = [fact_id for fact_id in rule.fact_ids if fact_id not in data.facts]
        if missing:
            raise DataError(
                facts_file,
                f"the rule '{rule.description}' needs the fact '{missing[0]}', which does not exist.",
                "restore that fact, or update macros/rules.py if it was renamed on purpose.",
                item=missing[0],
            )
        facts = [data.facts[fact_id] for fact_id in rule.fact_ids]
        try:
            holds = rule.holds(*facts)
        except (TypeError, ValueError) as error:
            holds, detail = False, f" ({error})"
        else:
            detail = ""
        if not holds:
            shown = "; ".join(f"{fact.id} = {_numbers(fact)}" for fact in facts)
            raise DataError(
                facts_file,
                f"these facts contradict each other: {rule.description}{detail}. Now: {shown}.",
                rule.fix,
                data.fact_lines[facts[0].id],
                facts[0].id,
            )


def _numbers(fact: Fact) -> str:
    if isinstance(fact, SingleFact):
        text = f"{fact.value}"
    elif isinstance(fact, ListFact):
        text = "/".join(str(v) for v in fact.values)
    else:
        assert isinstance(fact, RangeFact)
        text = f"{fact.min}-{fact.max}"
    per = f" per {fact.per.value}" if fact.per else ""
    times = f" x{fact.times_a_day}" if fact.times_a_day else ""
    return f"{text} {fact.unit.value}{per}{times}"
