"""The fingerprint a clinician's sign-off records (macros/fingerprint.py), on small pages."""

from __future__ import annotations

from macros import fingerprint as fp

PAGE = """<h1 id="t">Side effects<a class="headerlink" href="#t">&para;</a></h1>
<p>Feeling   sleepy is common.<sup class="cite"><a href="../references/#nhs-baclofen">NHS</a></sup>
You start on <span data-fact="oral.start_dose">5 mg, 3 times a day</span>.</p>
<p>Talk to your <abbr title="The people who look after your MS.">MS team</abbr>.</p>
<p><img src="pump.png" alt="A pump under the skin"></p>
<div class="care-card care-card--urgent">
<h3 class="care-card__heading"><span class="care-card__tag" aria-hidden="true">Urgent</span> Call now</h3>
<ul><li>a fever</li></ul>
<p class="care-card__route">Day or night.<sup class="cite"><a href="../references/#nhs-111">NHS 111</a></sup></p>
</div>
<script>var hidden = "never read";</script>
<p>The end.</p>"""

FACTS: dict[str, dict[str, object]] = {
    "oral.start_dose": {"value": 5, "unit": "mg", "per": "dose", "times_a_day": 3, "sources": ["nhs-baclofen"]},
    "oral.onset": {"value": 1, "bound": "about", "unit": "hours", "sources": ["nhs-baclofen"]},
}


def test_the_text_is_what_a_reader_sees_without_citation_markers() -> None:
    parts = fp.page_parts(PAGE)
    assert parts.text == (
        "Side effects Feeling sleepy is common. You start on 5 mg, 3 times a day. "
        "Talk to your MS team (The people who look after your MS.) . A pump under the skin "
        "Urgent Call now a fever Day or night. The end."
    )
    assert "NHS" not in parts.text and "¶" not in parts.text and "never read" not in parts.text


def test_the_facts_care_cards_and_cited_sources_of_a_page_are_found() -> None:
    parts = fp.page_parts(PAGE)
    assert parts.fact_ids == ["oral.start_dose"]
    assert parts.care_cards == [("urgent", "Urgent Call now a fever Day or night.")]
    assert parts.sources == ["nhs-111", "nhs-baclofen"]
    # Without directory URLs (the pull request's preview) the citations link to references.html.
    assert fp.page_parts(PAGE.replace("../references/#", "../references.html#")).sources == parts.sources


def test_the_fingerprint_has_its_form_and_depends_only_on_what_readers_see() -> None:
    value = fp.of_page(PAGE, FACTS)
    assert fp.is_fingerprint(value) and value.startswith("sha256:") and len(value) == 7 + 64
    assert fp.of_page(PAGE, FACTS) == value, "the same page, the same fingerprint"
    assert fp.of_page(PAGE.replace("\n", "\n\n  "), FACTS) == value, "white space is folded"
    assert fp.of_page(PAGE.replace(">NHS<", ">NHS website<"), FACTS) == value, "a citation marker's words do not count"
    assert fp.of_page(PAGE, {**FACTS, "oral.onset": {**FACTS["oral.onset"], "value": 2}}) == value, \
        "a fact the page does not show does not count"
    assert not fp.is_fingerprint(value.upper()) and not fp.is_fingerprint(value[:-1]) and not fp.is_fingerprint(value[7:])


def test_a_sentence_a_fact_a_care_card_or_a_source_that_changes_changes_the_fingerprint() -> None:
    value = fp.of_page(PAGE, FACTS)
    changed_fact = {**FACTS, "oral.start_dose": {**FACTS["oral.start_dose"], "value": 10}}
    variants = {
        "a sentence": fp.of_page(PAGE.replace("is common", "is very common"), FACTS),
        "a fact's value in data": fp.of_page(PAGE, changed_fact),
        "a fact's sources in data": fp.of_page(PAGE, {**FACTS, "oral.start_dose": {**FACTS["oral.start_dose"], "sources": ["bnf"]}}),
        "a warning sign": fp.of_page(PAGE.replace("a fever", "a high fever"), FACTS),
        "a card's level": fp.of_page(PAGE.replace("care-card--urgent", "care-card--emergency"), FACTS),
        "the source a sentence cites": fp.of_page(PAGE.replace("#nhs-baclofen", "#mstrust-baclofen"), FACTS),
        "a glossary tooltip": fp.of_page(PAGE.replace("look after", "care for"), FACTS),
    }
    for what, other in variants.items():
        assert other != value, f"{what} changed but the fingerprint did not"
    assert len(set(variants.values())) == len(variants)
