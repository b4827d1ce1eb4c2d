"""data/search.yml: the words readers type for the words the pages use.

Each mistake in the file stops the build with the file, line, entry and fix, and
the word lists reach the search page's script as data.
"""

from __future__ import annotations

import json

import pytest

from macros.errors import DataError
from macros.loader import load_site_data
from macros.search_words import SearchWord, SearchWords, check_against_pages, indexed, words_in

from .conftest import PROJECT
from .test_data_validation import edit, line_of, load_error


def words(**entries: list[str]) -> SearchWords:
    made = {name: SearchWord(id=name, pages_say=name, readers_type=typed) for name, typed in entries.items()}
    return SearchWords(words=made, question_words=("what", "if", "i"), lines={name: 3 for name in entries})


def test_the_real_words_reach_the_browser_as_data():
    search = load_site_data(PROJECT / "data").search
    sent = json.loads(search.for_the_browser())
    assert sent["replace"]["baclofin"] == "baclofen"
    assert sent["replace"]["maximum"] == "highest"
    assert sent["replace"]["beeping"] == "alarm"
    assert {"what", "if", "i", "a"} <= set(sent["ignore"])


@pytest.mark.parametrize(("old", "new", "message"), [
    ("readers_type: [baclofin,", "readers_type: [baclofen, baclofin,", "'baclofen' is both what readers type and what the pages say"),
    ("readers_type: [lioresol,", "readers_type: [baclofin, lioresol,", "'baclofin' is listed twice (also under 'baclofen')"),
    ("readers_type: [lioresol,", "readers_type: [alarm, lioresol,", "'alarm' is replaced here but is the word the pages use in another entry"),
    ("readers_type: [lioresol,", "readers_type: [what, lioresol,", "'what' is also in question_words"),
])
def test_a_mistake_in_the_search_words_names_the_line_and_the_fix(data_dir, old, new, message):
    path = data_dir / "search.yml"
    edit(path, old, new)
    error = load_error(data_dir)
    assert error.file == "data/search.yml"
    # The line of the entry ("- id: ...") whose list was edited.
    lines = path.read_text(encoding="utf-8").splitlines()
    edited = line_of(path, new)
    assert error.line == max(n for n, line in enumerate(lines[:edited], start=1) if line.startswith("  - id:"))
    assert message in str(error) and "Fix:" in str(error)


def test_a_word_in_capitals_names_its_line_and_how_to_write_it(data_dir):
    path = data_dir / "search.yml"
    edit(path, "readers_type: [lioresol,", "readers_type: [Lioresol,")
    error = load_error(data_dir)
    assert error.line == line_of(path, "Lioresol") and error.item == "lioresal"
    assert "'readers_type' is not in the right format ('Lioresol')" in str(error)
    assert "write each word in lower-case letters" in str(error)


def test_question_words_must_be_a_list_of_small_words(data_dir):
    edit(data_dir / "search.yml", "question_words: [what,", "question_words: [What Is,")
    assert "'question_words:' must be a list of words in lower case" in str(load_error(data_dir))


def test_a_word_no_page_uses_is_refused():
    with pytest.raises(DataError, match=r"line 3 \[alarm\]: no page uses the word 'alarm'"):
        check_against_pages(words(alarm=["beeping"]), {"pump", "alarms"} - {"alarms"}, "data/search.yml")


def test_a_typed_word_the_pages_use_is_refused():
    """Replacing it would hide the pages that use it."""
    with pytest.raises(DataError, match="'beep' is used on the pages"):
        check_against_pages(words(alarm=["beep"]), {"alarm", "beep"}, "data/search.yml")


def test_a_word_with_a_common_ending_counts_as_used():
    check_against_pages(words(alarm=["beeping"]), {"alarms"}, "data/search.yml")
    check_against_pages(words(miss=["forgot"]), {"missed"}, "data/search.yml")


def test_page_words_are_lower_case_words():
    assert words_in(["Pump ALARMS, it's 'beeping'-"]) == {"pump", "alarms", "it's", "beeping"}


def test_generated_pages_and_excluded_pages_are_not_indexed():
    assert indexed({"page_type": "reader"})
    assert not indexed({"page_type": "generated"})
    assert not indexed({"page_type": "reader", "search": {"exclude": True}})


def test_a_misspelt_page_word_stops_the_build(project_copy, build_copy):
    path = project_copy / "data" / "search.yml"
    edit(path, "pages_say: alarm\n", "pages_say: alarrm\n")
    result = build_copy()
    assert not result.ok
    assert (f"data/search.yml, line {line_of(path, 'id: alarm')} [alarm]: no page uses the word 'alarrm', "
            "so a search for it finds nothing. Fix:") in result.output
