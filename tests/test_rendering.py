"""Citations, the build-up table, care cards and the generated pages, from the real data."""

from __future__ import annotations

import re

import pytest

from macros import care_cards, rendering
from macros.jinja_macros import PageMacros
from macros.loader import load_site_data

from .conftest import PROJECT


@pytest.fixture(scope="module")
def data():
    return load_site_data(PROJECT / "data")


def test_citation_links_each_source_to_the_references_page(data):
    marker = rendering.citation(["nhs-baclofen", "bnf-baclofen"], data, "taking-baclofen-by-mouth.md")
    assert marker.startswith('<sup class="cite">') and marker.endswith("</sup>")
    assert marker == '<sup class="cite">[NHS](references.md#nhs-baclofen), [BNF](references.md#bnf-baclofen)</sup>'


def test_citation_links_are_relative_to_the_page(data):
    marker = rendering.citation(["nhs-baclofen"], data, "guides/deep/page.md")
    assert "(../../references.md#nhs-baclofen)" in marker


def page_macros(data, page: str = "index.md") -> PageMacros:
    macros = PageMacros(data, lambda: page)
    macros.start_page()
    return macros


def test_fact_with_and_without_citation(data):
    fact = data.fact("oral.max_daily.us")
    macros = page_macros(data)
    assert macros.fact("oral.max_daily.us", cite=False) == '<span data-fact="oral.max_daily.us">80 mg a day</span>'
    assert macros.fact("oral.max_daily.us") == '<span data-fact="oral.max_daily.us">80 mg a day</span>[^sources-1]'
    note = macros.footnote_definitions()
    assert note.startswith("[^sources-1]: Sources: ")
    for source_id in fact.sources:
        assert f"references.md#{source_id}" in note


def test_buildup_rows_follow_the_data(data):
    rows = rendering.buildup_rows(*(data.fact(i) for i in (
        "oral.start_dose", "oral.titration_step", "oral.titration_interval", "oral.buildup_target")))
    assert rows == [
        ("1 to 3", "5 mg", "3", "15 mg"),
        ("4 to 6", "10 mg", "3", "30 mg"),
        ("7 to 9", "15 mg", "3", "45 mg"),
        ("10 onwards", "20 mg", "3", "60 mg"),
    ]


def test_buildup_table_is_a_markdown_table_with_sources(data):
    macros = page_macros(data, "taking-baclofen-by-mouth.md")
    table = macros.buildup_table()
    lines = table.splitlines()
    assert lines[0] == "| Days | Each dose | Doses a day | Total a day |"
    assert sum(1 for line in lines if line.startswith("| ")) == 2 + 4
    assert lines[-1].endswith("[^sources-1]")
    assert "references.md#fda-baclofen-tablets" in macros.footnote_definitions()


def test_care_card_has_hidden_urgency_text_and_visible_tag(data):
    card = care_cards.care_cards(data.care, ["allergy"], lambda ids: "")
    assert 'class="care-card care-card--emergency"' in card
    assert '<span class="visually-hidden">Emergency: </span>Call 999, 112 or 911 now, or go to A&amp;E, if:' in card
    assert '<span class="care-card__tag" aria-hidden="true">Emergency</span>' in card
    assert card.count("\n- ") == len(data.care.situations["allergy-signs"].signs)
    assert re.search(r"<h3 [^>]*>", card)


def test_references_page_anchors_every_source(data):
    page = rendering.references_page(data)
    for source_id in data.sources:
        assert f'id="{source_id}"' in page
    assert page.count('class="reference"') == len(data.sources)


def test_facts_page_lists_every_fact(data):
    page = rendering.facts_page(data, "facts.md")
    for fact_id in data.facts:
        assert f"`{fact_id}`" in page


def test_facts_json_carries_values_text_and_sources(data):
    from macros.public_data import public_json

    payload = public_json(data, "https://example.org/")
    by_id = {fact["id"]: fact for fact in payload["facts"]}
    assert by_id["oral.max_daily.us"]["value"] == 80
    assert by_id["oral.max_daily.us"]["text"] == "80 mg a day"
    assert by_id["oral.start_dose"]["total_a_day"] == 15
    assert {s["id"] for s in payload["sources"]} == set(data.sources)


def test_facts_page_is_plain_lines_for_readers_and_ids_only_for_contributors(data):
    """Readers on a phone get one line per fact; the ids and notes come after, for contributors."""
    page = rendering.facts_page(data, "facts.md")
    readers, contributors = page.split("## For contributors and reviewers", 1)
    assert "|" not in readers.replace("\\|", ""), "no table in the readers' part"
    assert "`" not in readers, "no fact ids in the readers' part"
    for fact in data.facts.values():
        assert f'data-fact="{fact.id}"' in readers
        assert f"`{fact.id}`" in contributors
