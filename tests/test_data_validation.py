"""Each way data/ can be wrong gives its own error, naming the file, line, id and fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.errors import DataError
from macros.loader import load_site_data
from macros.rules import RULES

from .conftest import PROJECT


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


def load_error(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir)
    return caught.value


def test_the_real_data_is_valid():
    data = load_site_data(PROJECT / "data")
    assert data.facts and data.sources
    assert data.fact("oral.max_daily.us").value == 80


def test_a_word_where_a_number_belongs(data_dir):
    facts = data_dir / "facts.yml"
    edit(facts, "    value: 80\n", "    value: eighty\n")
    error = load_error(data_dir)
    assert error.file == "data/facts.yml"
    assert error.item == "oral.max_daily.us"
    assert error.line == line_of(facts, "value: eighty")
    assert "'value' must be a number, not 'eighty'" in str(error)
    assert "Fix:" in str(error)


def test_a_quoted_number_is_still_a_word(data_dir):
    edit(data_dir / "facts.yml", "    value: 80\n", '    value: "80"\n')
    assert "'value' must be a number" in str(load_error(data_dir))


def test_an_unknown_field(data_dir):
    facts = data_dir / "facts.yml"
    edit(facts, "  - id: oral.max_daily.us\n", "  - id: oral.max_daily.us\n    vaule: 80\n")
    error = load_error(data_dir)
    assert error.item == "oral.max_daily.us"
    assert "unknown field 'vaule'" in str(error)
    assert error.line == line_of(facts, "vaule: 80")


def test_a_missing_unit(data_dir):
    facts = data_dir / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    start = text.index("  - id: oral.max_daily.uk")
    block_end = text.index("\n\n", start)
    block = text[start:block_end]
    facts.write_text(text.replace(block, block.replace("    unit: mg\n", "")), encoding="utf-8")
    error = load_error(data_dir)
    assert error.item == "oral.max_daily.uk"
    assert "the required field 'unit' is missing" in str(error)


def test_a_unit_outside_the_vocabulary(data_dir):
    edit(data_dir / "facts.yml", "    value: 80\n    unit: mg\n", "    value: 80\n    unit: milligrams\n")
    error = load_error(data_dir)
    assert "'unit' has the value 'milligrams', which is not allowed" in str(error)
    assert "'mg'" in str(error)


def test_min_greater_than_max(data_dir):
    edit(data_dir / "facts.yml", "    min: 40\n    max: 80\n", "    min: 90\n    max: 80\n")
    error = load_error(data_dir)
    assert error.item == "oral.usual_daily.us"
    assert "min (90) is greater than max (80)" in str(error)


def test_a_range_needs_both_ends(data_dir):
    edit(data_dir / "facts.yml", "    min: 40\n    max: 80\n", "    min: 40\n")
    assert "a range needs both min and max" in str(load_error(data_dir))


def test_value_and_range_together(data_dir):
    edit(data_dir / "facts.yml", "    min: 40\n    max: 80\n", "    value: 60\n    min: 40\n    max: 80\n")
    assert "give exactly one of" in str(load_error(data_dir))


def test_a_duplicate_fact_id(data_dir):
    facts = data_dir / "facts.yml"
    edit(facts, "  - id: oral.max_daily.uk\n", "  - id: oral.max_daily.us\n")
    error = load_error(data_dir)
    assert "the id 'oral.max_daily.us' is used twice" in str(error)
    assert f"first on line {line_of(facts, 'id: oral.max_daily.us')}" in str(error)


def test_a_duplicate_source_id(data_dir):
    edit(data_dir / "sources.yml", "  - id: bnf-baclofen\n", "  - id: nhs-baclofen\n")
    error = load_error(data_dir)
    assert error.file == "data/sources.yml"
    assert "the id 'nhs-baclofen' is used twice" in str(error)


def test_a_key_twice_in_one_entry(data_dir):
    facts = data_dir / "facts.yml"
    edit(facts, "    value: 80\n", "    value: 80\n    value: 90\n")
    error = load_error(data_dir)
    assert "the key 'value' appears twice" in str(error)
    assert error.line == line_of(facts, "value: 90")


def test_an_unknown_source_id_suggests_the_nearest(data_dir):
    edit(data_dir / "facts.yml", "sources: [bnf-baclofen, devon-formulary]", "sources: [bnf-baclofn, devon-formulary]")
    error = load_error(data_dir)
    assert error.item == "oral.max_daily.uk"
    assert "source id 'bnf-baclofn' does not exist in data/sources.yml" in str(error)
    assert "did you mean 'bnf-baclofen'" in str(error)


def test_a_badly_formed_fact_id(data_dir):
    edit(data_dir / "facts.yml", "  - id: oral.max_daily.us\n", "  - id: Oral Max\n")
    assert "'id' is not in the right format" in str(load_error(data_dir))


def test_a_source_without_url_needs_a_reason(data_dir):
    edit(data_dir / "sources.yml", "    url: https://www.nhs.uk/medicines/baclofen/\n", "")
    error = load_error(data_dir)
    assert error.item == "nhs-baclofen"
    assert "give a url, or a note" in str(error)


def test_a_yaml_syntax_error_names_the_line(data_dir):
    facts = data_dir / "facts.yml"
    edit(facts, "    label: Highest licensed amount a day (US label)\n", "    label: [Highest licensed amount\n")
    error = load_error(data_dir)
    assert error.file == "data/facts.yml"
    assert "this is not valid YAML" in str(error)
    assert error.line is not None and abs(error.line - line_of(facts, "[Highest licensed")) <= 2


def test_every_entry_is_read_with_the_line_it_starts_on():
    """The line numbers that error messages name come from ruamel.yaml: each entry's
    line is the line of its '- id:' in the file."""
    from macros import loader

    for name, key in (("facts.yml", "facts"), ("sources.yml", "sources"), ("care.yml", "situations")):
        text = (PROJECT / "data" / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        entries = loader._entries(loader._parse(text), key, name)
        assert entries, name
        for entry in entries:
            assert lines[entry[loader.LINE] - 1].strip() == f"- id: {entry['id']}", (name, entry["id"])
            for key, line in entry[loader.KEY_LINES].items():
                assert lines[line - 1].strip().removeprefix("- ").startswith(f"{key}:"), (name, entry["id"], key)


def test_a_missing_data_file(data_dir):
    (data_dir / "sources.yml").unlink()
    assert "data/sources.yml: the file is missing" in str(load_error(data_dir))


@pytest.mark.parametrize(
    ("old", "new", "rule_words"),
    [
        ("    min: 40\n    max: 80\n", "    min: 40\n    max: 90\n", "usual US range must be within the US maximum"),
        ("    value: 60\n    bound: up to\n", "    value: 120\n    bound: up to\n", "usual UK amount must be within the UK maximum"),
        ("  - id: oral.start_dose\n    label: Usual starting dose for adults\n    value: 5\n",
         "  - id: oral.start_dose\n    label: Usual starting dose for adults\n    value: 15\n",
         "starting dose a day must be below the usual US range"),
        ("    value: 75\n    unit: micrograms\n", "    value: 100\n    unit: micrograms\n", "screening doses must go up"),
        ("    value: 20\n    unit: mg\n    per: dose\n    times_a_day: 4\n", "    value: 25\n    unit: mg\n    per: dose\n    times_a_day: 4\n",
         "US maximum split into doses must add up"),
        ("    value: 2\n    unit: hours\n    sources: [nhs-baclofen]\n", "    value: 7\n    unit: hours\n    sources: [nhs-baclofen]\n",
         "missed-dose window must be shorter"),
    ],
    ids=["usual-above-max-us", "usual-above-max-uk", "start-not-below-usual", "screening-not-ascending",
         "max-split-mismatch", "missed-dose-window"],
)
def test_cross_fact_rules(data_dir, old, new, rule_words):
    edit(data_dir / "facts.yml", old, new)
    error = load_error(data_dir)
    assert "these facts contradict each other" in str(error)
    assert rule_words in str(error)
    assert "Now:" in str(error) and "Fix:" in str(error)


def test_a_rule_whose_fact_was_removed(data_dir):
    edit(data_dir / "facts.yml", "  - id: oral.max_dose.us\n", "  - id: oral.max_dose.usa\n")
    error = load_error(data_dir)
    assert "needs the fact 'oral.max_dose.us'" in str(error)


def test_every_rule_names_real_facts():
    data = load_site_data(PROJECT / "data")
    for rule in RULES:
        for fact_id in rule.fact_ids:
            assert fact_id in data.facts, f"rule {rule.description!r} names unknown fact {fact_id}"


def test_error_messages_start_with_the_file():
    error = DataError("data/facts.yml", "bad thing.", "do this.", 12, "oral.x")
    assert re.match(r"^data/facts\.yml, line 12 \[oral\.x\]: bad thing\. Fix: do this\.$", str(error))


STEP = "  - id: oral.titration_step\n    label: How much each dose goes up by at each step of the build-up\n    value: 5\n"


@pytest.mark.parametrize(("value", "words"), [
    ("-5", "'value' is -5, but it cannot be below 0. Fix: check 'value' against the source; no number on this site is negative."),
    ("0", "each step of the build-up must raise the dose"),
    ("2.5, 5]", "'value' must be a number"),
])
def test_a_build_up_step_that_is_negative_zero_or_not_a_number_stops_with_one_line(data_dir, value, words):
    """A negative step once made the build-up table loop for ever, and a zero step crashed the build."""
    edit(data_dir / "facts.yml", STEP, STEP.replace("value: 5", f"value: {value}"))
    error = load_error(data_dir)
    assert words in str(error), str(error)
    assert "\n" not in str(error)


def test_the_build_up_table_refuses_a_schedule_it_cannot_finish():
    from macros import rendering
    from macros.schema import FACT_ADAPTER

    def fact(fact_id: str, value: float, **more: object):
        return FACT_ADAPTER.validate_python({"id": fact_id, "label": "A test fact", "value": value, "unit": "mg", "sources": ["nhs-baclofen"], **more})

    start, target = fact("oral.a", 5, per="dose", times_a_day=3), fact("oral.b", 20, per="dose", times_a_day=3)
    interval = FACT_ADAPTER.validate_python({"id": "oral.c", "label": "Days", "value": 3, "unit": "days", "sources": ["nhs-baclofen"]})
    assert len(rendering.buildup_rows(start, fact("oral.d", 5), interval, target)) == 4
    with pytest.raises(ValueError, match="step above zero"):
        rendering.buildup_rows(start, fact("oral.d", 0), interval, target)
    with pytest.raises(ValueError, match="would need 1501 rows"):
        rendering.buildup_rows(start, fact("oral.d", 0.01), interval, target)
