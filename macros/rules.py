"""Rules that tie facts to each other, so that one edit cannot make the site contradict itself.

Each rule names the facts it reads. A rule fails the build with the fact ids
and the numbers involved, so a reviewer can see which edit broke it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import DataError
from .schema import Fact, Per

if TYPE_CHECKING:
    from .loader import SiteData


def low(fact: Fact) -> float:
    if fact.value is not None:
        return fact.value
    return fact.min if fact.min is not None else fact.values[0]


def high(fact: Fact) -> float:
    if fact.value is not None:
        return fact.value
    return fact.max if fact.max is not None else fact.values[-1]


def daily(fact: Fact, which: Callable[[Fact], float] = high) -> float:
    """The amount a day: a per-dose amount times the doses a day, or the per-day amount itself."""
    if fact.per is Per.dose:
        if fact.times_a_day is None:
            raise ValueError(f"{fact.id} is per dose but has no times_a_day")
        return which(fact) * fact.times_a_day
    return which(fact)


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
        lambda start, usual: daily(start) < low(usual),
        "check both numbers against the sources; the starting dose is the lowest dose.",
    ),
    Rule(
        "the starting dose a day must be below the usual UK amount",
        ("oral.start_dose", "oral.usual_daily.uk"),
        lambda start, usual: daily(start) < high(usual),
        "check both numbers against the sources.",
    ),
    Rule(
        "the usual US range must be within the US maximum",
        ("oral.usual_daily.us", "oral.max_daily.us"),
        lambda usual, most: high(usual) <= high(most),
        "the usual range cannot go above the licensed maximum.",
    ),
    Rule(
        "the usual UK amount must be within the UK maximum",
        ("oral.usual_daily.uk", "oral.max_daily.uk"),
        lambda usual, most: high(usual) <= high(most),
        "the usual amount cannot go above the licensed maximum.",
    ),
    Rule(
        "the US maximum split into doses must add up to the US maximum a day",
        ("oral.max_dose.us", "oral.max_daily.us"),
        lambda dose, most: daily(dose) == high(most),
        "the dose times the number of doses a day must equal the daily maximum.",
    ),
    Rule(
        "the build-up must climb from the starting dose to the target in whole steps",
        ("oral.start_dose", "oral.titration_step", "oral.buildup_target"),
        lambda start, step, target: target.value > start.value
        and ((target.value - start.value) / step.value).is_integer(),
        "the target dose minus the starting dose must be a whole number of steps.",
    ),
    Rule(
        "the build-up target a day must be within both licensed maximums",
        ("oral.buildup_target", "oral.max_daily.us", "oral.max_daily.uk"),
        lambda target, us, uk: daily(target) <= min(high(us), high(uk)),
        "the dose reached by the build-up cannot exceed a licensed maximum.",
    ),
    Rule(
        "the intrathecal screening doses must go up: first < second < third",
        ("itb.screening.first", "itb.screening.second", "itb.screening.third"),
        lambda first, second, third: high(first) < high(second) < high(third),
        "each screening dose is given only if the one before did not work, so each must be larger.",
    ),
    Rule(
        "the pump maintenance dose must be far below the oral maximum (it is measured in micrograms)",
        ("itb.maintenance.spinal", "oral.max_daily.us"),
        lambda pump, oral: high(pump) / 1000 < high(oral),
        "check the unit of the pump dose: micrograms, not mg.",
    ),
    Rule(
        "the missed-dose window must be shorter than the gap between doses",
        ("oral.missed_dose_window", "oral.dose_gap"),
        lambda window, gap: high(window) < low(gap),
        "check both numbers against the NHS source.",
    ),
)


def check_rules(data: "SiteData", facts_file: str) -> None:
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
    if fact.value is not None:
        text = f"{fact.value}"
    elif fact.values is not None:
        text = "/".join(str(v) for v in fact.values)
    else:
        text = f"{fact.min}-{fact.max}"
    per = f" per {fact.per.value}" if fact.per else ""
    times = f" x{fact.times_a_day}" if fact.times_a_day else ""
    return f"{text} {fact.unit.value}{per}{times}"
