"""Mistakes a contributor makes that once reached readers silently, each fed through a real build or the data loader.

Families (issue 18): a dose typed in any spelling; HTML and links that could run or
send readers elsewhere, from pages or from data/; templates reaching Python; data
that is well-formed but impossible; macros used wrongly. Each case is named by what
the contributor did, and asserts the build stops with the file, the line where one
exists, and the fix; or, where the text is made harmless instead, that the built
HTML carries nothing executable.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from macros.errors import DataError
from macros.loader import load_site_data

from .conftest import PROJECT
from .test_bad_input import append_to_file, append_to_page, page_path

INDEX = "docs/index.md"


def last_line(project: Path, page: str = "index.md") -> int:
    return len(page_path(project, page).read_text(encoding="utf-8").splitlines())


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


# --- 1. A dose typed into a page, in the spellings a source lint missed ------------

TYPED_DOSES = {
    "typed '10 mgs'": "Most people take 10 mgs at night.",
    "typed '5 mls'": "Measure 5 mls with the syringe.",
    "typed '10 milligrammes'": "The tablet has 10 milligrammes in it.",
    "typed '10 cc'": "Draw up 10 cc of the liquid.",
    "typed '1 g'": "Never take more than 1 g in a day.",
    "typed 'half a milligram'": "Children may start on half a milligram.",
    "typed '2 tablets 3 times a day'": "Some take 2 tablets 3 times a day.",
    "a dose as a Jinja string": "The usual dose is {{ '10 mg' }} at night.",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", TYPED_DOSES)
def test_a_typed_dose_in_any_spelling_stops_the_build(name, project_copy, build_copy):
    append_to_page(TYPED_DOSES[name])(project_copy)
    result = build_copy()
    assert not result.ok, f"{name}: the build passed"
    line = last_line(project_copy)
    assert re.search(rf"{INDEX}, line {line}: '[^']+' is a number typed into the page, not one from data/\. Fix: put it in data/facts\.yml",
                     result.output), result.output[-2500:]


@pytest.mark.slow
def test_a_dose_in_an_included_file_stops_the_build(project_copy, build_copy):
    (project_copy / "includes" / "tip.md").write_text("Take 10 mg with food.\n", encoding="utf-8")
    append_to_page('{% include "tip.md" %}')(project_copy)
    result = build_copy()
    assert not result.ok
    assert "docs/index.md" in result.output and "'10 mg' is a number typed into the page" in result.output


@pytest.mark.slow
def test_a_dose_in_a_glossary_entry_stops_the_build(project_copy, build_copy):
    append_to_file("includes/abbreviations.md", "*[ITB]: Intrathecal baclofen, usually 500 micrograms a day.\n")(project_copy)
    result = build_copy()
    assert not result.ok
    assert "'500 micrograms' is a number typed into the page" in result.output, result.output[-2000:]


# --- 2. HTML and links that could run in a reader's browser -------------------------

UNSAFE_PAGES = {
    "a raw <script> in a page": ('<script>alert("hi")</script>', "a <script> element"),
    "a javascript: link": ("[Read more](javascript:alert(1))", "a javascript: address in <a href=>"),
    "an event handler on a span": ('<span onclick="alert(1)">Tap here</span>', "an event handler (onclick=) on <span>"),
    "a meta refresh to another site": ('<meta http-equiv="refresh" content="0; url=https://example.com/">', "a <meta> element"),
    "a data: image": ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">', "a data: address in <img src=>"),
    "an iframe from the site itself": ('<iframe src="references/"></iframe>', "a <iframe> element"),
    "a mermaid diagram": ('<div class="mermaid">graph TD; A-->B</div>',
                          'a diagram (class="mermaid") on <div>, which makes the theme load a script from unpkg.com'),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", UNSAFE_PAGES)
def test_markup_that_could_run_stops_the_build(name, project_copy, build_copy):
    text, what = UNSAFE_PAGES[name]
    append_to_page(text)(project_copy)
    result = build_copy()
    assert not result.ok, f"{name}: the build passed"
    assert f"{INDEX}: the page carries {what}, which could run in a reader's browser or send them elsewhere. Fix:" in result.output, \
        result.output[-2000:]


@pytest.mark.slow
def test_html_and_links_in_data_fields_reach_the_page_as_plain_text(project_copy, build_copy):
    """Reviewers read YAML, not HTML: every data field is escaped, Markdown included."""
    replace_in("data/sources.yml", "    short: Medtronic\n", '    short: "Med<svg onload=alert(1)>"\n')(project_copy)
    replace_in("data/sources.yml", "  - id: medtronic-itb\n", "  - id: medtronic-itb\n")(project_copy)
    replace_in("data/care.yml", "      - itching\n", '      - itching <img src=x onerror=alert(1)> [call](javascript:alert(2))\n')(project_copy)
    path = project_copy / "data" / "sources.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: medtronic-itb\n")
    block_end = text.index("\n\n", start)
    block = text[start:block_end]
    block = re.sub(r"    title: .*", '    title: "Living with ITB [click](javascript:alert(3)) <script>alert(4)</script>"', block)
    path.write_text(text[:start] + block + text[block_end:], encoding="utf-8")
    result = build_copy()
    assert result.ok, result.output[-3000:]
    for page in ("intrathecal-baclofen-pump/index.html", "references/index.html", "when-to-get-help/index.html"):
        html = (result.site / page).read_text(encoding="utf-8")
        article = html.split("<article", 1)[1].split("</article>", 1)[0]
        assert "<svg onload" not in article and "onerror=" not in article.replace("onerror=alert(1)&gt;", ""), page
        assert "javascript:" not in re.sub(r">[^<]*<", "><", article), f"{page}: a javascript: link in an attribute"
        assert "<script>alert" not in article and "<img src=x" not in article, page
    assert "Med&lt;svg onload=alert(1)&gt;" in (result.site / "references/index.html").read_text(encoding="utf-8")


def test_a_source_link_must_be_https(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    replace_in("sources.yml", "url: https://www.nhs.uk/medicines/baclofen/", "url: http://www.nhs.uk/medicines/baclofen/")(data)
    with pytest.raises(DataError, match=r"\[nhs-baclofen\]: url: the link must start with https:// \(it starts with http://\)"):
        load_site_data(data)


# --- 3. Templates that reach Python -------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("template", [
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ lipsum.__globals__['os'] }}",
])
def test_a_page_cannot_reach_python_through_jinja(template, project_copy, build_copy):
    append_to_page(f"Hidden: {template}")(project_copy)
    result = build_copy()
    assert not result.ok, result.output[-2000:]
    assert re.search(r"SecurityError|is unsafe|unsafe", result.output), result.output[-2000:]


def test_the_sandbox_refuses_to_guess_on_an_untested_mkdocs_macros(monkeypatch):
    from macros import sandbox

    monkeypatch.setattr(sandbox, "version", lambda _name: "9.9.9")
    problem = sandbox.sandbox_macros(object())
    assert problem and "mkdocs-macros-plugin 9.9.9 is not a version the page sandbox was tested with" in problem


# --- 4. Data that is well-formed but impossible -------------------------------------

def load_with(tmp_path: Path, old: str, new: str) -> str:
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    replace_in("facts.yml", old, new)(data)
    with pytest.raises(DataError) as caught:
        load_site_data(data)
    return str(caught.value)


MAINTENANCE = "  - id: itb.maintenance.spinal\n"


def block(fact_id: str) -> str:
    text = (PROJECT / "data" / "facts.yml").read_text(encoding="utf-8")
    start = text.index(f"  - id: {fact_id}\n")
    return text[start:text.index("\n\n", start)]


IMPOSSIBLE = {
    "a negative pump dose": ("itb.maintenance.spinal", "    min: 300\n", "    min: -300\n",
                             r"'min' is -300, but it cannot be below 0\. Fix: check 'min' against the source"),
    "a pump dose ten times the usual range": ("itb.maintenance.spinal", "    max: 800\n", "    max: 8000\n",
                                              r"this number cannot be right: 8000 micrograms is more than a pump dose a day can be \(1000\)"),
    "a pump dose's unit switched to mg": ("itb.maintenance.spinal", "    unit: micrograms\n", "    unit: mg\n",
                                          r"this number cannot be right: the unit is mg, but pump doses are in micrograms"),
    "a percentage over 100": ("se.drowsiness", "    max: 63\n", "    max: 630\n",
                              r"630 % is more than a percentage can be \(100\)"),
    "a region that contradicts the id": ("oral.max_daily.uk", "    region: uk\n", "    region: us\n",
                                         r"the id ends in '\.uk', but the region is us"),
    "the same number twice in a list": ("form.tablet.us", None, None, r"values must list at least two different numbers"),
    "a UK maximum of 1000 mg": ("oral.max_daily.uk", "    value: 100\n", "    value: 1000\n",
                                r"1000 mg is more than an oral dose a day can be \(200\)"),
    "the start dose switched to micrograms": ("oral.start_dose", "    unit: mg\n", "    unit: micrograms\n",
                                              r"the unit is micrograms, but doses by mouth are in mg"),
}


@pytest.mark.parametrize("name", IMPOSSIBLE)
def test_impossible_data_stops_with_the_fact_its_line_and_the_fix(name, tmp_path):
    fact_id, old, new, pattern = IMPOSSIBLE[name]
    original = block(fact_id)
    if old is None:  # the list case: repeat its first number
        values = re.search(r"    values: \[(\d+)", original)
        assert values, "test setup: form.tablet.us has a list of values"
        old, new = values.group(0), f"    values: [{values.group(1)}, {values.group(1)}"
    assert old in original, f"test setup: {old!r} not in {fact_id}"
    message = load_with(tmp_path, original, original.replace(old, new, 1))
    facts = (PROJECT / "data" / "facts.yml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(facts, start=1) if text == f"  - id: {fact_id}")
    assert re.search(r"^data/facts\.yml, line \d+ ", message), message
    number = int(re.search(r"line (\d+)", message).group(1))
    assert line <= number <= line + 12, f"{message} (the fact starts on line {line})"
    assert re.search(pattern, message), message
    assert " Fix: " in message


@pytest.mark.slow
def test_a_fact_no_page_shows_stops_the_build(project_copy, build_copy):
    append_to_file("data/facts.yml", "\n  - id: oral.unused_example\n    label: A fact no page shows\n    value: 5\n    unit: mg\n"
                   "    sources: [nhs-baclofen]\n")(project_copy)
    result = build_copy()
    assert not result.ok
    assert re.search(r"data/facts\.yml, line \d+ \[oral\.unused_example\]: no page shows this fact\. Fix: show it on a page with "
                     r"\{\{ fact\('oral\.unused_example'\) \}\}", result.output), result.output[-2000:]


# --- 5. Macros used wrongly ---------------------------------------------------------

MISUSED = {
    "fact() given a source id": ("{{ fact('oral.start_dose', 'nhs-baclofen') }}",
                                 r"fact\(\) takes a fact id and, if needed, cite=False, but it was given 'nhs-baclofen'\."),
    "cite='no'": ("{{ fact('oral.start_dose', cite='no') }}", r"fact\(\) takes a fact id and, if needed, cite=False, but it was given cite='no'\."),
    "an empty cite()": ("Baclofen helps.{{ cite() }}", r"cite\(\) needs one or more source ids in quotes, and nothing else\."),
    "amount() with cite=False": ("{{ amount('oral.start_dose', cite=False) }}",
                                 r"amount\(\) takes only a fact id, but it was also given cite=False\."),
    "single braces left as text": ("The start is { fact('oral.start_dose') }.",
                                   r", line \d+: '\{ fact\(' reached the page as text: a macro that did not run\. Fix: write macros with double braces"),
    "a second # heading": ("# Another title\n\nText.", r"the page has 2 top-level headings \(# \.\.\.\)\. Fix: keep one '# Title'"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", MISUSED)
def test_a_macro_used_wrongly_says_what_it_expects(name, project_copy, build_copy):
    text, pattern = MISUSED[name]
    append_to_page(text)(project_copy)
    result = build_copy()
    assert not result.ok, f"{name}: the build passed"
    assert re.search(re.escape(INDEX) + pattern if pattern.startswith(",") else rf"{re.escape(INDEX)}(, line \d+)?: {pattern}",
                     result.output), result.output[-2000:]


@pytest.mark.slow
def test_a_broken_macro_is_reported_on_its_line_of_the_file(project_copy, build_copy):
    """mkdocs-macros counts lines from after the front matter; the message names the file's own line."""
    append_to_page("You start on {{ fact('oral.start_dose' }}.")(project_copy)
    result = build_copy()
    assert not result.ok
    assert f"{INDEX}, line {last_line(project_copy)}: a macro is not written correctly" in result.output, result.output[-2000:]


# --- Contributor text that reaches the theme (issue 20) ---------------------------

THEME_TEXT = {
    "HTML in a page title": (("title", '"Baclofen <svg onload=alert(1)>"'),
                             r"the title must be plain text, but it contains one of < > \{ \} \" &"),
    "a description that breaks out of its meta tag": (("description", "'Baclofen facts\" onmouseover=\"alert(1). A page.'"),
                                                      r"the description must be plain text"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", THEME_TEXT)
def test_front_matter_that_would_be_markup_stops_the_build(name, project_copy, build_copy):
    from .test_bad_input import set_front_matter

    (field, value), pattern = THEME_TEXT[name]
    set_front_matter(field, value)(project_copy)
    result = build_copy()
    assert not result.ok
    assert re.search(rf"{INDEX}: {pattern}", result.output), result.output[-2000:]


@pytest.mark.slow
def test_a_script_line_in_the_glossary_stops_the_build(project_copy, build_copy):
    append_to_file("includes/abbreviations.md", "<script>alert(1)</script>\n")(project_copy)
    result = build_copy()
    assert not result.ok
    assert re.search(r"includes/abbreviations\.md, line \d+: every line of this file is one glossary entry", result.output), result.output[-2000:]


@pytest.mark.slow
def test_a_snippet_outside_includes_cannot_reach_the_page(project_copy, build_copy):
    append_to_page('--8<-- "../.git/config"')(project_copy)
    (project_copy / ".git").mkdir(exist_ok=True)
    (project_copy / ".git" / "config").write_text("[core]\n\tsecret = yes\n", encoding="utf-8")
    result = build_copy()
    assert not result.ok
    assert "secret = yes" not in result.output or "Snippet" in result.output
    assert re.search(r"Snippet at path '\.\./\.git/config' could not be found|outside", result.output), result.output[-2000:]


@pytest.mark.slow
def test_a_page_saved_with_a_byte_order_mark_builds_and_keeps_its_review_dates(project_copy, build_copy):
    """MkDocs reads pages as utf-8-sig; the tests' own reader must too (it once crashed with KeyError: 'reviewed')."""
    from mkdocs.utils.meta import get_data

    path = page_path(project_copy)
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = build_copy()
    assert result.ok, result.output[-2000:]
    _, meta = get_data(path.read_text(encoding="utf-8-sig"))
    assert "reviewed" in meta and "Page last reviewed:" in (result.site / "index.html").read_text(encoding="utf-8")


# --- Messages found in the security review (issue 20), each in its one-line form -----------

@pytest.mark.slow
def test_an_impossible_date_in_front_matter_gets_one_line(project_copy, build_copy):
    from .test_bad_input import set_front_matter

    set_front_matter("reviewed", "2026-02-30")(project_copy)
    result = build_copy()
    assert not result.ok
    assert f"{INDEX}: the front matter has a date that does not exist" in result.output, result.output[-2000:]
    assert "Traceback" not in result.output


def test_an_impossible_date_in_sources_gets_one_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    text = (data / "sources.yml").read_text(encoding="utf-8")
    start = text.index("  - id: nhs-baclofen\n")
    block = text[start:text.index("\n\n", start)]
    replace_in("sources.yml", block, re.sub(r'    date: .*', "    date: 2026-02-30", block))(data)
    with pytest.raises(DataError) as caught:
        load_site_data(data)
    message = str(caught.value)
    assert message.startswith("data/sources.yml, line ") and " Fix: " in message and "\n" not in message, message


@pytest.mark.slow
def test_a_source_no_page_cites_is_named(project_copy, build_copy):
    append_to_file("data/sources.yml", "\n  - id: example-uncited\n    short: Example\n    title: An example source\n"
                   "    publisher: Example publisher\n    url: https://example.org/\n    date: \"2026\"\n    kind: review\n")(project_copy)
    result = build_copy()
    assert not result.ok
    assert re.search(r"data/sources\.yml, line \d+ \[example-uncited\]: no page cites this source\. Fix: cite it", result.output), \
        result.output[-2000:]


def test_an_output_folder_that_cannot_be_written_gets_one_line(tmp_path, monkeypatch):
    """Checked through os.access, so it holds for root (CI) too, who can write any folder."""
    from macros import plugin

    monkeypatch.setattr(plugin.os, "access", lambda path, mode: False)
    message = plugin.cannot_write(tmp_path / "site")
    assert message == (f"{tmp_path / 'site'}: the build cannot write the site there (permission denied). "
                       "Fix: build into a folder you can write, for example make build, or mkdocs build --site-dir /tmp/site.")
    monkeypatch.undo()
    assert plugin.cannot_write(tmp_path / "site") is None


def test_pages_do_not_name_the_generator_versions(built_site):
    for page in [built_site / "index.html", built_site / "404.html", built_site / "safety" / "index.html"]:
        assert 'name="generator"' not in page.read_text(encoding="utf-8"), page
