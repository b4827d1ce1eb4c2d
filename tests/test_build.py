"""A real strict build: values come from data/, one edit there changes every page, nothing leaks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macros.formatting import fact_text
from macros.loader import load_site_data

from .conftest import PROJECT, html_pages

CITE = '<sup id="fnref'  # a citation is one numbered footnote marker after the fact


@pytest.fixture(scope="module")
def data():
    return load_site_data(PROJECT / "data")


def page_html(site: Path, slug: str) -> str:
    return (site / slug / "index.html").read_text(encoding="utf-8")


def all_html(site: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in html_pages(site)}


def test_the_oral_page_shows_the_values_from_the_data_file(built_site, data):
    html = page_html(built_site, "taking-baclofen-by-mouth")
    for fact_id in ("oral.start_dose", "oral.usual_daily.us", "oral.usual_daily.uk", "oral.max_daily.us",
                    "oral.max_daily.uk", "oral.max_dose.us", "oral.missed_dose_window", "oral.taper.uk",
                    "form.liquid.uk", "form.liquid.fleqsuvy"):
        fact = data.fact(fact_id)
        shown = f'<span data-fact="{fact_id}">{fact_text(fact)}</span>' + CITE
        assert shown in html, f"{fact_id}: expected {shown!r} on the oral page"
        for source_id in fact.sources:
            assert f"../references/#{source_id}" in html


def test_the_oral_page_states_the_us_uk_difference_openly(built_site, data):
    html = page_html(built_site, "taking-baclofen-by-mouth")
    us, uk = fact_text(data.fact("oral.max_daily.us")), fact_text(data.fact("oral.max_daily.uk"))
    assert re.search(rf'US label</td>\s*<td><span data-fact="oral.max_daily.us">{re.escape(us)}', html)
    assert re.search(rf'UK</td>\s*<td><span data-fact="oral.max_daily.uk">{re.escape(uk)}', html)
    assert "sources disagree" in html


def test_the_buildup_table_is_generated_from_the_data(built_site):
    html = page_html(built_site, "taking-baclofen-by-mouth")
    cell = '<td><span data-fact="buildup">{}</span></td>'
    assert re.search(rf"<td>1 to 3</td>\s*{cell.format('5 mg')}\s*<td>3</td>\s*{cell.format('15 mg')}", html)
    assert re.search(rf"<td>10 onwards</td>\s*{cell.format('20 mg')}\s*<td>3</td>\s*{cell.format('60 mg')}", html)


def test_no_jinja_or_macro_error_reaches_the_site(built_site):
    leaks = re.compile(r"\{\{|\{%|\{#|Macro Rendering Error|Macro Syntax Error|no such element")
    found = {str(path.relative_to(built_site)): leaks.findall(html) for path, html in all_html(built_site).items()}
    assert not {page: hits for page, hits in found.items() if hits}


def test_generated_pages_list_every_source_and_fact(built_site, data):
    references = page_html(built_site, "references")
    for source_id in data.sources:
        assert f'id="{source_id}"' in references
    facts = page_html(built_site, "facts")
    for fact_id in data.facts:
        assert f"<code>{fact_id}</code>" in facts


def test_facts_json_is_published(built_site, data):
    payload = json.loads((built_site / "facts.json").read_text(encoding="utf-8"))
    by_id = {fact["id"]: fact for fact in payload["facts"]}
    assert set(by_id) == set(data.facts)
    assert by_id["oral.max_daily.us"]["value"] == data.fact("oral.max_daily.us").value
    assert by_id["oral.max_daily.us"]["text"] == fact_text(data.fact("oral.max_daily.us"))


def test_facts_json_publishes_only_reader_facing_fields_and_matches_its_schema(built_site):
    """Reviewer notes ("the BNF page itself was not retrieved") stay in data/, not in the published data."""
    import jsonschema

    payload = json.loads((built_site / "facts.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "facts.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(payload, schema)
    assert not any("note" in entry for entry in payload["facts"] + payload["sources"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**payload, "facts": [{**payload["facts"][0], "note": "internal"}]}, schema)


def test_every_page_has_a_meta_description_from_front_matter(built_site):
    for path, html in all_html(built_site).items():
        if path.name == "404.html":
            continue
        assert re.search(r'<meta name="description" content="[^"]{30,}">', html), path


def change_fact(project: Path, fact_id: str, old: str, new: str) -> None:
    facts = project / "data" / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    start = text.index(f"  - id: {fact_id}\n")
    end = text.find("\n  - id:", start + 1)
    block = text[start:end]
    assert old in block, f"test setup: {old!r} not in {fact_id}"
    facts.write_text(text[:start] + block.replace(old, new) + text[end:], encoding="utf-8")


def test_changing_the_us_maximum_changes_every_page(built_site, project_copy, build_copy):
    """What a reviewer does: change one number in data/ and see it everywhere, the old one nowhere."""
    before = all_html(built_site)
    # "40 to 80 mg a day" is the usual US range, a different fact: never count it.
    old_shown = re.compile(r'data-fact="oral\.max_daily\.us">80 mg a day</span>' + re.escape(CITE))
    new_shown = re.compile(r'data-fact="oral\.max_daily\.us">90 mg a day</span>' + re.escape(CITE))
    pages_before = {p.relative_to(built_site): len(old_shown.findall(h)) for p, h in before.items() if old_shown.search(h)}
    assert pages_before, "the US maximum should be shown on at least one page"

    change_fact(project_copy, "oral.max_daily.us", "value: 80", "value: 90")
    # Keep the data consistent: the maximum is given as 4 equal doses a day.
    change_fact(project_copy, "oral.max_dose.us", "value: 20", "value: 22.5")
    result = build_copy()
    assert result.ok, result.output
    after = all_html(result.site)

    pages_after = {p.relative_to(result.site): len(new_shown.findall(h)) for p, h in after.items() if new_shown.search(h)}
    assert pages_after == pages_before
    stale = {p: re.findall(r"(?<!to )\b80 mg a day", h) for p, h in after.items()}
    assert not {p: s for p, s in stale.items() if s}
    assert "22.5 mg, 4 times a day" in (result.site / "taking-baclofen-by-mouth" / "index.html").read_text()
    payload = json.loads((result.site / "facts.json").read_text(encoding="utf-8"))
    assert next(f for f in payload["facts"] if f["id"] == "oral.max_daily.us")["value"] == 90


def test_a_misspelt_fact_id_names_the_page_and_the_nearest_ids(project_copy, build_copy):
    page = project_copy / "docs" / "taking-baclofen-by-mouth.md"
    page.write_text(page.read_text().replace("fact('oral.max_daily.us')", "fact('oral.max_daily.usa')", 1))
    result = build_copy()
    assert not result.ok
    assert "docs/taking-baclofen-by-mouth.md: unknown fact id 'oral.max_daily.usa'" in result.output
    assert "did you mean 'oral.max_daily.us'" in result.output


def test_a_broken_data_file_stops_the_build_with_one_clear_line(project_copy, build_copy):
    change_fact(project_copy, "oral.max_daily.us", "value: 80", "value: eighty")
    result = build_copy()
    assert not result.ok
    assert re.search(r"data/facts\.yml, line \d+ \[oral\.max_daily\.us\]: 'value' must be a number, not 'eighty'\. Fix:", result.output)
    assert "Traceback" not in result.output
