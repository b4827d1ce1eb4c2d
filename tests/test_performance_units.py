"""The page-weight code in performance/: pure functions, tested without a build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from performance import compile_hints, css_trim, first_use, html_space, palette_switch, used_names

SITE_JS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "javascripts" / "site.js"

# --- CSS trimming ------------------------------------------------------------


def test_a_rule_needing_a_class_no_page_has_is_dropped():
    css = ".md-typeset .note{color:red}.md-typeset .md-annotation{color:blue}"
    assert css_trim.trim(css, {"md-typeset", "note"}) == ".md-typeset .note{color:red}"


def test_only_the_selectors_that_can_match_are_kept_from_a_list():
    css = ".a,.b>.c,.b{margin:0}"
    assert css_trim.trim(css, {"b"}) == ".b{margin:0}"


def test_a_class_inside_not_does_not_need_to_exist():
    css = ".a:not(.never){color:red}"
    assert css_trim.trim(css, {"a"}) == css


def test_attribute_values_must_be_known_which_drops_unused_palette_colours():
    css = "[data-md-color-primary=indigo]{--c:1}[data-md-color-primary=red]{--c:2}.x{color:var(--c)}"
    assert css_trim.trim(css, {"indigo", "x"}) == "[data-md-color-primary=indigo]{--c:1}.x{color:var(--c)}"


def test_attribute_values_with_spaces_are_matched_whole():
    css = '[data-md-color-media="(prefers-color-scheme: dark)"]{color:red}'
    assert css_trim.trim(css, {"(prefers-color-scheme: dark)"}) == css


def test_elements_the_site_never_has_are_dropped_when_elements_are_given():
    css = ".md-typeset kbd{color:red}.md-typeset table:not([class]){color:blue}"
    assert css_trim.trim(css, {"md-typeset"}, elements={"table"}) == ".md-typeset table:not([class]){color:blue}"
    assert css_trim.trim(css, {"md-typeset"}) == css  # no element list: elements are not checked


def test_media_blocks_keep_their_kept_rules_and_empty_ones_go():
    css = "@media screen and (min-width:60em){.a{color:red}.gone{color:blue}}@media print{.gone{display:none}}"
    assert css_trim.trim(css, {"a"}) == "@media screen and (min-width:60em){.a{color:red}}"


def test_custom_properties_nothing_reads_are_dropped_through_chains():
    css = ":root{--used:1px;--chain:var(--end);--end:2px;--unused:3px}.a{margin:var(--used)}"
    assert css_trim.trim(css, {"a"}) == ":root{--used:1px}.a{margin:var(--used)}"
    css_read = ":root{--chain:var(--end);--end:2px}.a{margin:var(--chain)}"
    assert css_trim.trim(css_read, {"a"}) == css_read


def test_custom_properties_a_script_reads_are_kept():
    css = ":root{--md-tooltip-x:0}"
    assert css_trim.trim(css, set(), keep_properties={"--md-tooltip-x"}) == css
    assert css_trim.trim(css, set()) == ""


def test_important_keyframes_and_inline_svg_survive_intact():
    css = (".a{color:red!important}@keyframes spin{0%{transform:none}to{transform:rotate(1turn)}}"
           """.a{background:url('data:image/svg+xml;charset=utf-8,<svg xmlns="http://www.w3.org/2000/svg"/>')}""")
    assert css_trim.trim(css, {"a"}) == css


def test_strings_with_double_quotes_are_written_in_single_quotes():
    css = """.a{mask:url("data:image/svg+xml;charset=utf-8,<svg xmlns=\\"http://www.w3.org/2000/svg\\"/>")}"""
    out = css_trim.trim(css, {"a"})
    assert out == """.a{mask:url('data:image/svg+xml;charset=utf-8,<svg xmlns="http://www.w3.org/2000/svg"/>')}"""


# --- Names a site uses ----------------------------------------------------------


def test_names_in_html_are_attribute_values_whole_and_as_words():
    names = used_names.names_in_html('<div class="md-nav md-nav--primary" data-x=\'a b\' hidden id=top>')
    assert {"md-nav", "md-nav--primary", "md-nav md-nav--primary", "a", "b", "a b", "top"} <= names


def test_family_is_the_block_of_a_class_name():
    assert used_names.family("md-search-result__item") == "md-search-result"
    assert used_names.family("md-tooltip2--active") == "md-tooltip2"
    assert used_names.family("care-card") == "care-card"


def test_classes_of_features_not_in_use_are_not_known_unless_a_page_has_them():
    css = ".md-annotation__index{}.md-search-result__item{}.md-tooltip2--active{}"
    script = 'x("div",{class:"md-annotation__index"});x("li",{class:"md-search-result__item"});"md-tooltip2"'
    families = used_names.families_in_script(script)
    known = used_names.known_names({"md-search-result"}, set(), families, set(), css)
    assert "md-search-result__item" in known and "md-tooltip2--active" in known
    assert "md-annotation__index" not in known
    in_use = {"content.code.annotate"}
    assert "md-annotation__index" in used_names.known_names(set(), set(), families, in_use, css)
    assert "md-annotation__index" in used_names.known_names({"md-annotation__index"}, set(), families, set(), css)


def test_features_in_use_come_from_the_config_and_the_pages():
    used = used_names.features_in_use({"search.suggest"}, {"version": {"provider": "mike"}}, ["search"],
                                      {"source"}, {"tabbed-set"})
    assert used == {"search.suggest", "extra.version", "component.source", "content.tabs"}
    assert used_names.features_in_use(set(), {}, ["search"], set(), set()) == set()


def test_elements_a_script_may_create_include_tags_in_template_strings():
    assert {"li", "mark"} <= used_names.elements_in_script('h("li",{}); `${a}<mark data-md-highlight>${b}</mark>`')


# --- HTML white space -------------------------------------------------------------


def test_indentation_with_line_breaks_becomes_one_line_break():
    assert html_space.collapse("<ul>\n    <li>a</li>\n\n    <li>b</li>\n</ul>") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_spaces_without_a_line_break_and_text_are_untouched():
    html = '<p>Call <strong>999</strong>  now, <a href="x">here</a>.</p>'
    assert html_space.collapse(html) == html


def test_pre_textarea_script_and_style_keep_their_white_space():
    html = "<pre>a\n    b</pre>\n  <textarea>\n  x</textarea>\n  <script>\n  var a;\n</script>\n  <style>\n  a{}\n</style>"
    assert html_space.collapse(html) == ("<pre>a\n    b</pre>\n<textarea>\n  x</textarea>\n<script>\n  var a;\n</script>\n"
                                         "<style>\n  a{}\n</style>")


def test_collapsing_twice_changes_nothing_more():
    html = "<div>\n   <p>a</p>\n   <pre>\n  b</pre>\n</div>"
    once = html_space.collapse(html)
    assert html_space.collapse(once) == once


# --- Glossary terms on first use ------------------------------------------------------


def test_a_glossary_term_keeps_its_explanation_only_where_first_used():
    ms = '<abbr title="Multiple sclerosis">MS</abbr>'
    team = '<abbr title="Your care team">MS team</abbr>'
    html = f"<p>{ms} and {team}.</p><p>{ms} again, {team} again.</p>"
    assert first_use.first_use_only(html) == f"<p>{ms} and {team}.</p><p>MS again, MS team again.</p>"


def test_the_same_letters_with_another_meaning_are_explained_again():
    html = '<abbr title="One">X</abbr> <abbr title="Two">X</abbr>'
    assert first_use.first_use_only(html) == html


def test_a_reference_entry_carries_no_glossary_markup_and_does_not_use_up_a_first_use():
    ms = '<abbr title="Multiple sclerosis">MS</abbr>'
    entry = f'<p class="reference" id="nice-ms"><em>{ms} in adults</em>. NICE. {ms} again.</p>'
    html = f"{entry}<p>Living with {ms}.</p>"
    assert first_use.glossary_terms(html) == (
        '<p class="reference" id="nice-ms"><em>MS in adults</em>. NICE. MS again.</p>'
        f"<p>Living with {ms}.</p>")


# --- Palette switch ------------------------------------------------------------------


def test_the_no_fade_rule_reads_the_site_mark_not_materials():
    material = ("[data-md-color-switching] *,[data-md-color-switching] :after"
                "{transition-duration:0s!important}.md-header{color:red}")
    assert palette_switch.rule_on_real_switches_only(material) == (
        "[data-palette-switching] *,[data-palette-switching] :after"
        "{transition-duration:0s!important}.md-header{color:red}")


def test_site_js_sets_the_mark_the_rule_reads():
    assert f'"{palette_switch.SITE_MARK}"' in SITE_JS.read_text(encoding="utf-8")


# --- Compile hint for Material's script -----------------------------------------------

SCRIPT = '"use strict";(()=>{var a=1;})();\n//# sourceMappingURL=bundle.a5f9d56c.min.js.map\n'


def test_the_hint_is_the_first_line_and_the_script_is_otherwise_unchanged():
    hinted = compile_hints.with_hint(SCRIPT)
    assert hinted.splitlines()[0] == "//# allFunctionsCalledOnLoad"
    assert hinted.split("\n", 1)[1] == SCRIPT
    assert compile_hints.with_hint(hinted) == hinted


def test_the_hinted_script_is_named_from_its_own_content():
    hinted = compile_hints.with_hint(SCRIPT)
    name = compile_hints.hinted_name("bundle.a5f9d56c.min.js", hinted)
    assert name.startswith("bundle.") and name.endswith(".min.js") and name != "bundle.a5f9d56c.min.js"
    assert name != compile_hints.hinted_name("bundle.a5f9d56c.min.js", hinted + ";")
    with pytest.raises(ValueError, match="not a theme script name"):
        compile_hints.hinted_name("site.js", hinted)


def test_the_source_map_url_is_read_and_replaced_on_the_last_line():
    assert compile_hints.source_map_url(SCRIPT) == "bundle.a5f9d56c.min.js.map"
    moved = compile_hints.with_source_map_url(SCRIPT, "bundle.0123abcd.min.js.map")
    assert moved.endswith("//# sourceMappingURL=bundle.0123abcd.min.js.map\n")
    assert moved.count("sourceMappingURL") == 1
    with pytest.raises(ValueError, match="no sourceMappingURL"):
        compile_hints.with_source_map_url('"use strict";', "x.map")


def test_the_source_map_moves_down_one_line_with_the_code():
    source_map = json.dumps({"version": 3, "file": "bundle.a5f9d56c.min.js", "mappings": "AAAA,CAAC;AACA"})
    shifted = json.loads(compile_hints.shifted_source_map(source_map, file="bundle.0123abcd.min.js"))
    lines = shifted["mappings"].split(";")
    assert lines == ["", "AAAA,CAAC", "AACA"]  # line 1 (the hint) maps to nothing
    assert shifted["file"] == "bundle.0123abcd.min.js" and shifted["version"] == 3
