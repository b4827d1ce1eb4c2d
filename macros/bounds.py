"""How big each kind of number on the site can plausibly be, and why.

A value can be well-formed and still impossible: a pump dose in mg instead of
micrograms, a daily dose ten times the licensed maximum, a share above 100%.
Each bound names what it covers and the reason a reviewer can check; a value
outside it stops the build (rules.check_bounds), naming the fact and its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Fact, FactBase, Per, Unit


@dataclass(frozen=True)
class Bound:
    what: str
    group: str | None  # the first part of the fact id, or None for every group
    unit: Unit
    per: Per | str | None  # "any" for every per
    high: float
    why: str

    def covers(self, fact: FactBase) -> bool:
        return (self.group in (None, fact.group) and fact.unit is self.unit
                and (self.per == "any" or fact.per is self.per))


BOUNDS: tuple[Bound, ...] = (
    Bound("a percentage", None, Unit.percent, "any", 100,
          "a share of people or of a dose cannot be more than 100%."),
    Bound("an oral dose a day", "oral", Unit.mg, Per.day, 200,
          "the licensed maximums are 80 mg (US labels) and 100 mg (UK); specialists' highest doses are 160 mg "
          "(evidence.md, section 1), and coma and fits have been seen after 200 mg (Leung 2006)."),
    Bound("a single oral dose", "oral", Unit.mg, Per.dose, 40,
          "the largest single dose in the labels is 20 mg (US: 20 mg four times a day)."),
    Bound("a tablet, liquid or granule strength", "form", Unit.mg, "any", 25,
          "tablets and granules come in 5 to 20 mg (25 mg outside the UK and US); the strongest liquid has 25 mg in 5 mL."),
    Bound("a pump dose a day", "itb", Unit.micrograms, Per.day, 1000,
          "pump doses in MS are usually 300 to 800 micrograms a day; the label summaries quote 1,000 micrograms a day "
          "as the most (evidence.md, section 10)."),
    Bound("a pump test dose", "itb", Unit.micrograms, None, 100,
          "the third and last test dose is 100 micrograms; no one is given more as a test."),
)
# Units a fact of a group may never have: a pump dose in mg is a thousand times too much,
# a dose by mouth in micrograms a thousand times too little.
WRONG_UNITS: dict[str, tuple[Unit, str]] = {
    "itb": (Unit.mg, "pump doses are in micrograms, a thousand times smaller than mg"),
    "oral": (Unit.micrograms, "doses by mouth are in mg, a thousand times larger than micrograms"),
}


def out_of_bounds(fact: Fact) -> str | None:
    """Why this fact's number cannot be right, or None."""
    wrong = WRONG_UNITS.get(fact.group)
    if wrong and fact.unit is wrong[0]:
        return f"the unit is {fact.unit.value}, but {wrong[1]}"
    for bound in BOUNDS:
        if bound.covers(fact) and fact.high > bound.high:
            return f"{fact.high:g} {fact.unit.value} is more than {bound.what} can be ({bound.high:g}): {bound.why}"
    suffix = fact.id.rsplit(".", 1)[-1]
    if suffix in ("us", "uk") and (fact.region is None or fact.region.value != suffix):
        return f"the id ends in '.{suffix}', but the region is {fact.region.value if fact.region else 'not set'}"
    return None
