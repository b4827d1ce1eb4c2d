"""Every way a contributor's edit can go wrong, fed into a copy of the project and built for real.

Each case breaks one thing in a throw-away copy (the `project_copy` fixture),
runs the strict build exactly as `make build` does (`build_copy`), and checks
that the build fails AND that its output names the culprit (file, fact id,
link or host) and, where our own code writes the message, says what to fix.

The edits are appended to the end of a page or a data file, or change one
front-matter line, so that they keep working while the pages themselves change.
The broken text goes into the first page the build reads (the home page), so a
page that cannot be rendered stops the build early.

The contributors' list of messages, contributing/errors.md, is generated from the
code (tools/error_catalogue.py); tests/test_docs.py checks it is current.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from macros.errors import DataError
from macros.loader import load_site_data
from macros.pages import PageMetaError, check_page_meta

from .conftest import PROJECT

PAGE = "index.md"  # first in the build order, so a broken page fails fast
TODAY = dt.date.today()


# --- Edits ------------------------------------------------------------------

def page_path(project: Path, page: str = PAGE) -> Path:
    return project / "docs" / page


def append_to_page(text: str, page: str = PAGE) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = page_path(project, page)
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    return edit


def set_front_matter(name: str, value: str | None, page: str = PAGE) -> Callable[[Path], None]:
    """Replace one front-matter line (or remove it, with value None); add it if it is missing."""
    def edit(project: Path) -> None:
        path = page_path(project, page)
        text = path.read_text(encoding="utf-8")
        end = text.index("\n---", 3)
        head, body = text[:end], text[end:]
        line = re.compile(rf"^{re.escape(name)}:.*$\n?", re.M)
        new = "" if value is None else f"{name}: {value}\n"
        if line.search(head):
            head = line.sub(new, head, count=1)
        else:
            head = head + "\n" + new.rstrip("\n")
        path.write_text(head.rstrip("\n") + body, encoding="utf-8")
    return edit


def append_to_file(relative: str, text: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")
    return edit


def new_fact(body: str) -> Callable[[Path], None]:
    """Append one fact entry (indented like the rest of data/facts.yml)."""
    return append_to_file("data/facts.yml", "\n" + body)


def change_fact_field(fact_id: str, name: str, value: Callable[[str], str]) -> Callable[[Path], None]:
    """Set one field of an existing fact; `value` gets the old value and returns the new one."""
    def edit(project: Path) -> None:
        path = project / "data" / "facts.yml"
        text = path.read_text(encoding="utf-8")
        start = text.index(f"  - id: {fact_id}\n")
        end = text.find("\n  - id:", start + 1)
        end = len(text) if end == -1 else end
        block = text[start:end]
        line = re.compile(rf"^(    {re.escape(name)}: )(.*)$", re.M)
        match = line.search(block)
        assert match, f"test setup: {fact_id} has no {name}"
        block = block[:match.start()] + match.group(1) + value(match.group(2)) + block[match.end():]
        path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return edit


def add_page_outside_nav(project: Path) -> None:
    source = page_path(project).read_text(encoding="utf-8")
    (project / "docs" / "new-page.md").write_text(source, encoding="utf-8")


def several(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        for one in edits:
            one(project)
    return edit


def us_max_plus_ten(_old: str) -> str:
    text = (PROJECT / "data" / "facts.yml").read_text(encoding="utf-8")
    block = text[text.index("  - id: oral.max_daily.us\n"):]
    return str(int(re.search(r"^    value: (\d+)", block, re.M).group(1)) + 10)


A_FACT = """  - id: oral.example
    label: An example fact for a test
    value: 5
    unit: mg
    sources: [nhs-baclofen]
"""


def fact_with(**changes: str | None) -> str:
    """A_FACT with some lines changed (value None removes the line)."""
    text = A_FACT
    if "id" in changes:
        text = text.replace("  - id: oral.example\n", f"  - id: {changes.pop('id')}\n")
    for name, value in changes.items():
        pattern = re.compile(rf"^    {name}: .*\n", re.M)
        replacement = "" if value is None else f"    {name}: {value}\n"
        text = pattern.sub(replacement, text) if pattern.search(text) else text + replacement
    return text


def names_the_line(path: Path, needle: str, message: str, output: str) -> None:
    """The message points at the line that holds `needle`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if needle in line)
    assert message.format(number) in output, f"expected {message.format(number)!r} in:\n{output}"


# --- Cases ------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    edit: Callable[[Path], None]
    # Patterns (regular expressions) that must all appear in the build output.
    expect: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    # More checks on the edited copy and the build output, for what a pattern cannot say.
    check: Callable[[Path, str], None] | None = None


def _(*patterns: str) -> tuple[str, ...]:
    return patterns


DOCS_PAGE = re.escape(f"docs/{PAGE}")
PAGE_NAME = re.escape(PAGE)

CASES: dict[str, Case] = {
    # Pages: macros and Jinja
    "misspelt fact id": Case(
        append_to_page("The US maximum is {{ fact('oral.max_daly.us') }}."),
        _(rf"{DOCS_PAGE}: unknown fact id 'oral\.max_daly\.us'\.", r"did you mean 'oral\.max_daily\.us'")),
    "unknown source id in cite()": Case(
        append_to_page("Stopping suddenly is dangerous.{{ cite('nhs-baclofn') }}"),
        _(rf"{DOCS_PAGE}: unknown source id 'nhs-baclofn' in cite\(\)\.", r"did you mean 'nhs-baclofen'")),
    "daily_total() of a fact that is not a dose": Case(
        append_to_page("That is {{ daily_total('oral.max_daily.us') }}."),
        _(rf"{DOCS_PAGE}: 'oral\.max_daily\.us' is not a single dose", r"show it with \{\{ fact\('oral\.max_daily\.us'\) \}\} instead")),
    "undefined variable": Case(
        append_to_page("Call {{ emergency_number }} in an emergency."),
        _(r"Macro Rendering Error", rf"_File_: `{PAGE_NAME}`", r"'emergency_number' is undefined")),
    "Jinja syntax error (missing bracket)": Case(
        append_to_page("You start on {{ fact('oral.start_dose' }}."),
        _(rf"{DOCS_PAGE}, line \d+: a macro is not written correctly \(unexpected '\}}', expected '\)'\)",
          re.escape("{{ fact('oral.start_dose' }}"), r"Fix: a macro is written")),
    "curly quotes pasted from a word processor": Case(
        append_to_page("You start on {{ fact(\u2018oral.start_dose\u2019) }}."),
        _(rf"{DOCS_PAGE}, line \d+: a macro is not written correctly \(unexpected char '\u2018'", r"retype the curly quotes")),
    "heading id written {#id}": Case(
        append_to_page("## More about doses {#more-doses}\n\nText."),
        _(rf"{DOCS_PAGE}, line \d+: a macro is not written correctly \(Missing end of comment tag\)", re.escape("{#more-doses}"),
          r"a heading id is written with spaces")),
    "care card typed into a page": Case(
        append_to_page("{{ care_card('urgent', 'A heading if:', ['one thing']) }}"),
        _(rf"{DOCS_PAGE}: care_card\(\) with hand-typed warning signs is no longer allowed\.", r"care_cards\('topic', \.\.\.\)")),
    # Pages: links, navigation, other websites
    "link to a missing page": Case(
        append_to_page("Read about [safety](safty.md)."),
        _(rf"Doc file '{PAGE_NAME}' contains a link 'safty\.md', but the target is not found among documentation files\.",)),
    "link to a missing anchor": Case(
        append_to_page("Read about [stopping](#no-such-section)."),
        _(rf"Doc file '{PAGE_NAME}' contains a link '#no-such-section', but there is no such anchor on this page\.",)),
    "absolute link": Case(
        append_to_page("Read about [safety](/safety.md)."),
        _(rf"Doc file '{PAGE_NAME}' contains an absolute link '/safety\.md', it was left as is\. Did you mean 'safety\.md'\?",)),
    "page left out of the navigation": Case(
        add_page_outside_nav,
        _(r"The following pages exist in the docs directory, but are not included in the \"nav\" configuration:",
          r"- new-page\.md")),
    "third-party image": Case(
        append_to_page("![A baclofen pump](https://images.example.com/pump.png)"),
        _(r"External file: https://images\.example\.com/pump\.png", PAGE_NAME)),
    "third-party script": Case(
        append_to_page('<script src="https://cdn.example.net/widget.js"></script>'),
        _(rf"{DOCS_PAGE}: the page carries a <script> element, which could run in a reader's browser", r"never add scripts")),
    "third-party video (iframe)": Case(
        append_to_page('<iframe src="https://www.youtube.com/embed/abc123" title="A video"></iframe>'),
        _(rf"{DOCS_PAGE}: the page embeds content \(<iframe>\) from another website, www\.youtube\.com\.",
          r"link to it instead")),
    # Pages: front matter and review dates
    "missing front matter field": Case(
        set_front_matter("next_review", None),
        _(rf"{DOCS_PAGE}: the front matter has no 'next_review'\.", r"see 'Front matter' in contributing/pages\.md")),
    "unquoted colon in front matter": Case(
        set_front_matter("title", "Baclofen: the basics"),
        _(rf"{DOCS_PAGE}, line \d+: the front matter is not valid YAML", r"put quotes around any value that contains a colon")),
    "next review more than 3 years after reviewed": Case(
        several(set_front_matter("reviewed", str(TODAY)),
                set_front_matter("next_review", str(TODAY.replace(year=TODAY.year + 3) + dt.timedelta(days=1)))),
        _(rf"{DOCS_PAGE}: next_review \(\S+\) is more than 3 years after reviewed; use \S+ or earlier\.",)),
    "overdue review": Case(
        several(set_front_matter("reviewed", str(TODAY - dt.timedelta(days=400))),
                set_front_matter("next_review", str(TODAY - dt.timedelta(days=1)))),
        _(rf"{DOCS_PAGE}: the review of this page is overdue \(next_review \S+ is in the past\)\.",
          r"have the page checked against its sources")),
    "macro in the abbreviations file": Case(
        append_to_file("includes/abbreviations.md", "*[ITB]: Intrathecal baclofen, {{ fact('itb.pump_life') }}\n"),
        _(r"includes/abbreviations\.md, line \d+: this file is added to every page after the macros have run",
          r"'\{\{' would reach readers as typed")),
    # Data files
    "YAML syntax error in data/facts.yml": Case(
        new_fact(fact_with(label="Time between doses: at the start")),
        _(r"data/facts\.yml, line \d+: this is not valid YAML \(mapping values are not allowed here\)\.",
          r"put quotes around any text that contains a colon"), check=lambda project, output: names_the_line(
            project / "data" / "facts.yml", "Time between doses: at the start", "data/facts.yml, line {}: ", output)),
    "a word where a number belongs": Case(
        new_fact(fact_with(value="eighty")),
        _(r"data/facts\.yml, line \d+ \[oral\.example\]: 'value' must be a number, not 'eighty'\.", r"write 'value' as digits")),
    "unknown source id in a fact": Case(
        new_fact(fact_with(sources="[nhs-baclofn]")),
        _(r"data/facts\.yml, line \d+ \[oral\.example\]: source id 'nhs-baclofn' does not exist in data/sources\.yml\.",
          r"did you mean 'nhs-baclofen'")),
    "duplicate fact id": Case(
        new_fact(fact_with(id="oral.start_dose")),
        _(r"data/facts\.yml, line \d+ \[oral\.start_dose\]: the id 'oral\.start_dose' is used twice \(first on line \d+\)\.",)),
    "min greater than max": Case(
        new_fact(fact_with(value=None, min="9", max="8")),
        _(r"data/facts\.yml, line \d+ \[oral\.example\]: min \(9\) is greater than max \(8\)\.",)),
    "unknown field": Case(
        new_fact(fact_with(units="mg")),
        _(r"data/facts\.yml, line \d+ \[oral\.example\]: unknown field 'units'\.",)),
    "missing unit": Case(
        new_fact(fact_with(unit=None)),
        _(r"data/facts\.yml, line \d+ \[oral\.example\]: the required field 'unit' is missing\.", r"add 'unit:' to this entry")),
    "cross-fact rule broken (US usual above US maximum)": Case(
        change_fact_field("oral.usual_daily.us", "max", us_max_plus_ten),
        _(r"data/facts\.yml, line \d+ \[oral\.usual_daily\.us\]: these facts contradict each other: "
          r"the usual US range must be within the US maximum\.",
          r"oral\.max_daily\.us = \d+ mg per day", r"Fix: the usual range cannot go above the licensed maximum\.")),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_bad_input_fails_the_build_and_names_the_culprit(name, project_copy, build_copy):
    case = CASES[name]
    case.edit(project_copy)
    result = build_copy(case.env or None)
    assert not result.ok, f"{name}: the strict build passed, but it must fail.\n{result.output}"
    missing = [pattern for pattern in case.expect if not re.search(pattern, result.output)]
    assert not missing, f"{name}: the build output does not contain {missing}:\n{result.output}"
    if case.check:
        case.check(project_copy, result.output)


@pytest.mark.slow
def test_an_overdue_page_fails_the_build_on_the_day_after_its_review_date(project_copy, build_copy):
    """SITE_BUILD_DATE asks: would today's site still build on that day? (The 'Front matter' section explains.)"""
    meta = (PROJECT / "docs" / PAGE).read_text(encoding="utf-8")
    next_review = dt.date.fromisoformat(re.search(r"^next_review: (\S+)", meta, re.M).group(1))
    result = build_copy({"SITE_BUILD_DATE": str(next_review + dt.timedelta(days=1))})
    assert not result.ok
    assert "the review of this page is overdue" in result.output, result.output


def test_a_dose_typed_into_a_page_is_caught_by_the_lint(project_copy):
    append_to_page("Some people take 10 mg at bedtime.")(project_copy)
    lines = page_path(project_copy).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "10 mg at bedtime" in text)
    # As the pre-commit hook runs it: from the project folder, on the changed page.
    proc = subprocess.run([sys.executable, str(PROJECT / "tools" / "check_inline_doses.py"), f"docs/{PAGE}"],
                          cwd=project_copy, capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert (f"docs/{PAGE}:{line}: the number '10 mg' is typed into the page. Fix: put it in data/facts.yml "
            "with a source and show it with {{ fact('its.id') }} (see 'Adding or changing a fact' in contributing/data.md).") in proc.stdout
    assert "1 number(s) with a unit typed straight into pages" in proc.stdout


# --- The same messages, checked without a build --------------------------------
# Mistakes whose message comes from the same code as a case above; checking the
# message directly keeps the module fast.

def page_meta(**changes) -> dict:
    meta = get_data(page_path(PROJECT).read_text(encoding="utf-8"))[1]
    for name, value in changes.items():
        if value is None:
            meta.pop(name, None)
        else:
            meta[name] = value
    return meta


FRONT_MATTER_MESSAGES: dict[str, tuple[dict, str]] = {
    # name: (front matter changes, message pattern)
    "unknown front matter field": (
        {"reviewer": "Dr A Example"},
        r"the front matter has an unknown field 'reviewer'\. Fix: remove it, or correct its spelling"),
    "description without a full stop": (
        {"description": "Plain-English information about baclofen for stiffness in MS"},
        r"the description must be one sentence on one line, ending with a full stop\. Fix: end it with '\.'"),
    "description too short": (
        {"description": "About baclofen."},
        r"'description' is 15 characters long\. Fix: make it 30 to 200 characters long"),
    "date written day/month/year": (
        {"reviewed": "21/11/2026"},
        r"'reviewed' must be a date, not '21/11/2026'\. Fix: write dates as year-month-day"),
    "unknown page_type": (
        {"page_type": "guide"},
        r"'page_type' has the value 'guide', which is not allowed\. Fix: use one of: 'reader', 'printable', 'generated' or 'about'"),
    "urgent_help not true or false": (
        {"urgent_help": "sometimes"},
        r"'urgent_help' must be true or false, not 'sometimes'"),
    "next review before reviewed": (
        {"reviewed": TODAY, "next_review": TODAY - dt.timedelta(days=1)},
        r"next_review \(\S+\) must be after reviewed \(\S+\)"),
    "reviewed date in the future": (
        {"reviewed": TODAY + dt.timedelta(days=7)},
        r"reviewed \(\S+\) is in the future\. Fix: use the date the check was done"),
}


@pytest.mark.parametrize("name", FRONT_MATTER_MESSAGES)
def test_front_matter_messages(name):
    changes, pattern = FRONT_MATTER_MESSAGES[name]
    with pytest.raises(PageMetaError) as caught:
        check_page_meta(PAGE, page_meta(**changes))
    message = str(caught.value)
    assert message.startswith(f"docs/{PAGE}: "), message
    assert re.search(pattern, message), message
    assert message.endswith("(see 'Front matter' in contributing/pages.md)."), message


DATA_MESSAGES: dict[str, tuple[str, str, str]] = {
    # name: (file, entry appended, message pattern)
    "tab in data/facts.yml": (
        "facts.yml", fact_with(unit=None) + "\tunit: mg\n",
        r"line \d+: this is not valid YAML \(found character '\\t' that cannot start any token\)"),
    "a number with its unit typed into value": (
        "facts.yml", fact_with(value="5 mg"), r"\[oral\.example\]: 'value' must be a number, not '5 mg'"),
    "a number in quotes": (
        "facts.yml", fact_with(value='"5"'), r"\[oral\.example\]: 'value' must be a number, not '5'"),
    "unit outside the vocabulary": (
        "facts.yml", fact_with(unit="mgs"), r"\[oral\.example\]: 'unit' has the value 'mgs', which is not allowed\. Fix: use one of: 'mg'"),
    "fact id in an unknown group": (
        "facts.yml", fact_with(id="dose.example"),
        r"\[dose\.example\]: id: the id starts with 'dose', which is not one of the fact groups \(oral, form, itb, pk, se, safety, ms\)"),
    "badly formed fact id": (
        "facts.yml", fact_with(id="Oral.Example"), r"\[Oral\.Example\]: 'id' is not in the right format"),
    "value and a range together": (
        "facts.yml", fact_with(min="1", max="9"),
        r"\[oral\.example\]: give exactly one of: value, min and max \(a range\), or values \(a list\)"),
    "range with one end": (
        "facts.yml", fact_with(value=None, min="1"), r"\[oral\.example\]: a range needs both min and max"),
    "values not in order": (
        "facts.yml", fact_with(value=None, values="[20, 10]"), r"values must list at least two different numbers in ascending order"),
    "times_a_day without per: dose": (
        "facts.yml", fact_with(times_a_day="3"), r"\[oral\.example\]: times_a_day only makes sense with per: dose"),
    "the same source twice in a fact": (
        "facts.yml", fact_with(sources="[nhs-baclofen, nhs-baclofen]"), r"a source id is listed twice in sources"),
    "the same key twice in an entry": (
        "facts.yml", fact_with() + "    unit: mL\n", r"this is not valid YAML \(the key 'unit' appears twice in the same entry\)"),
    "source without a url or a note": (
        "sources.yml", "  - id: example-source\n    short: Example\n    title: An example source\n"
        "    publisher: Example publisher\n    date: \"2026\"\n    kind: review\n",
        r"\[example-source\]: give a url, or a note saying why there is none"),
    "source with a long short name": (
        "sources.yml", "  - id: example-source\n    short: A very long name for a citation marker\n    title: An example source\n"
        "    publisher: Example publisher\n    url: https://example.org/\n    date: \"2026\"\n    kind: review\n",
        r"\[example-source\]: 'short' is too long \(\d+ characters; at most 24\)\. Fix: shorten 'short'\."),
}


@pytest.mark.parametrize("name", DATA_MESSAGES)
def test_data_messages(name, tmp_path):
    filename, entry, pattern = DATA_MESSAGES[name]
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    path = data / filename
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + entry, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_site_data(data)
    message = str(caught.value)
    assert message.startswith(f"data/{filename}, line "), message
    assert re.search(pattern, message), message
    assert " Fix: " in message, message



def test_a_short_reviewer_name_gets_a_message_not_pydantic_words():
    """Every clinical-review message is in tests/test_clinical_review.py; this one was a pydantic message once."""
    review = {"reviewer": "AB", "role": "MS nurse", "date": TODAY, "fingerprint": "sha256:" + "0" * 64}
    with pytest.raises(PageMetaError, match=r"the reviewer's name must be plain text of 3 to 80 characters") as caught:
        check_page_meta(PAGE, page_meta(clinical_review=review))
    assert "String should" not in str(caught.value)
