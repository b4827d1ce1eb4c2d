"""macros/glossary.py: a glossary term is explained where a page first uses it, and a keyboard reaches it."""

from __future__ import annotations

from macros import glossary

MS = '<abbr title="Multiple sclerosis">MS</abbr>'
TEAM = '<abbr title="Your care team">MS team</abbr>'


def focusable(abbr: str) -> str:
    return abbr.replace('">', '" tabindex="0">', 1)


def test_a_glossary_term_keeps_its_explanation_only_where_first_used_and_takes_focus_there():
    html = f"<p>{MS} and {TEAM}.</p><p>{MS} again, {TEAM} again.</p>"
    assert glossary.first_use_only(html) == f"<p>{focusable(MS)} and {focusable(TEAM)}.</p><p>MS again, MS team again.</p>"


def test_the_same_letters_with_another_meaning_are_explained_again():
    one, two = '<abbr title="One">X</abbr>', '<abbr title="Two">X</abbr>'
    assert glossary.first_use_only(f"{one} {two}") == f"{focusable(one)} {focusable(two)}"


def test_a_reference_entry_carries_no_glossary_markup_and_does_not_use_up_a_first_use():
    entry = f'<p class="reference" id="nice-ms"><em>{MS} in adults</em>. NICE. {MS} again.</p>'
    assert glossary.glossary_terms(f"{entry}<p>Living with {MS}.</p>") == (
        '<p class="reference" id="nice-ms"><em>MS in adults</em>. NICE. MS again.</p>'
        f"<p>Living with {focusable(MS)}.</p>")


def test_a_term_in_a_link_keeps_its_tooltip_but_the_keyboard_meets_it_at_its_first_use_outside():
    html = f'<p><a href="x/">About {MS}</a> and {MS}, then {MS}, <a href="y/">{MS} again</a>.</p>'
    assert glossary.first_use_only(html) == (
        f'<p><a href="x/">About {MS}</a> and {focusable(MS)}, then MS, <a href="y/">MS again</a>.</p>')
