"""When to get help: the warning signs in data/care.yml, their levels and routes, and the cards on the built pages.

A reader who follows any one page must be sent to the same, safe place. These
tests check the rules on the real data, the cards on the real built site, and
that each kind of mistake a contributor can make stops the build with a
message naming the file, the line and the fix.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from html import unescape
from pathlib import Path

import pytest

from macros import care_cards
from macros.care import Level
from macros.errors import DataError
from macros.loader import SiteData, load_site_data

from .conftest import PROJECT, visible_text
from .test_bad_input import append_to_page

DOCS_PAGE = "docs/index.md"


@cache
def data() -> SiteData:
    return load_site_data(PROJECT / "data")


def built(site: Path, src: str) -> str:
    page = "index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html"
    return (site / page).read_text(encoding="utf-8")


CARD = re.compile(r'<div class="care-card care-card--(emergency|urgent|non-urgent)">(.*?)</div>', re.S)


def plain(html: str) -> str:
    """Text of an inline fragment: tags (a glossary <abbr>, say) removed without adding spaces."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))).strip()


def cards(html: str) -> list[tuple[str, str, list[str], str]]:
    """(level, heading, signs, whole card text) of every care card in a built page."""
    found = []
    for level, body in CARD.findall(html):
        inner = re.search(r"<h\d[^>]*>(.*?)</h\d>", body, re.S).group(1)
        heading = visible_text(re.sub(r'<a class="headerlink".*?</a>', "", inner))
        signs = [plain(li) for li in re.findall(r"<li>(.*?)</li>", body, re.S)]
        found.append((level, unescape(heading).strip(), signs, unescape(visible_text(body))))
    return found


def pages_with_cards(site: Path) -> dict[str, str]:
    result = {}
    for path in sorted((PROJECT / "docs").glob("*.md")):
        html = built(site, path.name)
        if "care-card" in html:
            result[path.name] = html
    return result


def situations(topic: str, level: Level):
    return [s for s in data().care.situations.values() if topic in s.topics and s.level is level]


# --- The rules on the real data ------------------------------------------------

def test_no_sign_has_two_levels():
    levels: dict[str, set[Level]] = {}
    for situation in data().care.situations.values():
        for sign in situation.signs:
            levels.setdefault(sign.lower(), set()).add(situation.level)
    assert {sign: lv for sign, lv in levels.items() if len(lv) > 1} == {}


# The four signs of the intrathecal boxed warning, and the oral labels' withdrawal signs.
PUMP_LATE = {"temperature": "high temperature", "confusion": "confusion", "much worse": "much worse stiffness", "rigid": "rigid muscles"}
ORAL_EMERGENCY = {"temperature": "high temperature", "much worse": "much worse stiffness", "confusion": "confusion",
                  "hallucinations": "hallucinations", "seizure": "a fit"}


@pytest.mark.parametrize("topic, words", [("pump-withdrawal", PUMP_LATE), ("oral-withdrawal", ORAL_EMERGENCY)])
def test_each_late_withdrawal_sign_alone_is_an_emergency(topic, words):
    emergency = [sign for s in situations(topic, Level.emergency) for sign in s.signs]
    for word, what in words.items():
        matching = [sign for sign in emergency if word in sign]
        assert len(matching) == 1, f"{topic}: '{what}' must be one emergency sign of its own, found {matching}"
        assert " and " not in matching[0], f"{topic}: '{matching[0]}' must not need another sign to count"
    for level in (Level.urgent, Level.non_urgent):
        for situation in situations(topic, level):
            for sign in situation.signs:
                assert not any(word in sign for word in ("temperature", "confusion", "rigid", "much worse")), (
                    f"{situation.id}: '{sign}' is a late withdrawal sign, so it is an emergency, not {level.value}")


def test_pump_alarms_and_early_pump_signs_go_to_the_pump_team_now_and_out_of_hours_to_999():
    care = data().care
    for situation_id in ("pump-withdrawal-early", "pump-problems"):
        route = care.route_of(care.situations[situation_id])
        assert route.id == "pump-team" and route.level is Level.urgent
        heading, details = care.fill(route.heading), care.fill(route.details or "")
        assert "now" in heading and "day or night" in heading
        assert "999, 112 or 911" in details and "A&E" in details


@pytest.mark.parametrize("route_id, numbers", [
    ("call-999", ["999", "112", "911", "A&E"]),
    ("crisis", ["999", "A&E", "111", "116 123", "988"]),
    ("ms-team", ["111", "999"]),
    ("advice-now", ["111", "1-800-222-1222", "911"]),
    ("pump-team", ["999", "A&E"]),
])
def test_each_route_names_its_out_of_hours_numbers(route_id, numbers):
    route = data().care.routes[route_id]
    text = data().care.fill(route.heading + " " + (route.details or ""))
    for number in numbers:
        assert number in text, f"{route_id}: no '{number}'"


def test_self_harm_and_allergy_are_emergencies_with_their_routes():
    care = data().care
    assert care.route_of(care.situations["crisis-thoughts"]).id == "crisis"
    allergy = care.situations["allergy-signs"]
    assert allergy.level is Level.emergency and care.route_of(allergy).id == "call-999"
    assert any("swelling" in sign and "throat" in sign for sign in allergy.signs)
    assert any("breathing" in sign for sign in allergy.signs)


# --- The cards on the built site ------------------------------------------------

def test_every_card_on_the_site_comes_from_data(built_site):
    care = data().care
    headings = {care.fill(route.heading): route for route in care.routes.values()}
    signs = {care.fill(sign) for s in care.situations.values() for sign in s.signs}
    for src, html in pages_with_cards(built_site).items():
        for level, heading, card_signs, _text in cards(html):
            route = next((r for h, r in headings.items() if heading.endswith(h)), None)
            assert route is not None, f"{src}: a card's heading '{heading}' is not a route in data/care.yml"
            assert route.level.value == level, f"{src}: '{heading}' is shown as {level}, but its route is {route.level.value}"
            assert card_signs, f"{src}: an empty card"
            for sign in card_signs:
                assert sign in signs, f"{src}: the sign '{sign}' is not in data/care.yml"


def test_a_sign_has_the_same_level_on_every_page(built_site):
    seen: dict[str, tuple[str, str]] = {}
    for src, html in pages_with_cards(built_site).items():
        for level, _heading, card_signs, _text in cards(html):
            for sign in card_signs:
                first = seen.setdefault(sign, (level, src))
                assert first[0] == level, f"'{sign}' is {level} on {src} but {first[0]} on {first[1]}"


@pytest.mark.parametrize("src", ["intrathecal-baclofen-pump.md", "index.md", "oral-versus-intrathecal.md",
                                 "pump-emergency-card.md", "when-to-get-help.md"])
def test_each_late_pump_withdrawal_sign_is_its_own_emergency_line(src, built_site):
    emergency = [sign for level, _h, signs, _t in cards(built(built_site, src)) if level == "emergency" for sign in signs]
    for word, what in PUMP_LATE.items():
        assert any(word in sign for sign in emergency), f"{src}: '{what}' is not an emergency sign on its own"


@pytest.mark.parametrize("src", ["taking-baclofen-by-mouth.md", "safety.md", "index.md", "when-to-get-help.md"])
def test_oral_withdrawal_signs_are_emergencies_on_every_page_that_shows_them(src, built_site):
    emergency = [sign for level, _h, signs, _t in cards(built(built_site, src)) if level == "emergency" for sign in signs]
    for word, what in ORAL_EMERGENCY.items():
        assert any(word in sign for sign in emergency), f"{src}: '{what}' after missed doses is not an emergency"


def test_out_of_hours_and_crisis_routes_are_on_the_pages_that_show_their_signs(built_site):
    checks = {
        "Contact your GP or MS team now if:": ["NHS 111"],
        "Get help now, day or night, if:": ["116 123", "988", "999"],
        "Get medical advice now if:": ["1-800-222-1222", "NHS 111"],
        "Contact your pump team now, day or night, if:": ["999, 112 or 911", "A&E"],
    }
    shown = set()
    for src, html in pages_with_cards(built_site).items():
        for _level, heading, _signs, text in cards(html):
            for route_heading, needed in checks.items():
                if heading.endswith(route_heading):
                    shown.add(route_heading)
                    for number in needed:
                        assert number in text, f"{src}: the card '{route_heading}' does not say {number}"
    assert shown == set(checks), f"never shown: {set(checks) - shown}"


def test_the_help_page_lists_every_sign_by_level(built_site):
    html = built(built_site, "when-to-get-help.md")
    on_page = {(level, sign) for level, _h, signs, _t in cards(html) for sign in signs}
    care = data().care
    for situation in care.situations.values():
        for sign in situation.signs:
            assert (situation.level.value, care.fill(sign)) in on_page, f"'{sign}' is missing from the help page"
    order = [m.group(1) for m in CARD.finditer(html)]
    assert order == sorted(order, key=["emergency", "urgent", "non-urgent"].index), "the help page is not in order of urgency"


def test_the_printable_pump_card_takes_its_signs_from_data(built_site):
    text = unescape(visible_text(built(built_site, "pump-emergency-card.md").split('class="print-card"', 1)[1].split("</div>", 1)[0]))
    care = data().care
    for situation_id in ("pump-withdrawal-early", "pump-withdrawal-late", "overdose-signs"):
        for sign in care.situations[situation_id].signs:
            assert care.fill(sign) in text, f"the printable card lacks '{sign}'"


def test_every_page_names_the_emergency_numbers_in_its_help_strip(built_site):
    for path in sorted((PROJECT / "docs").glob("*.md")):
        html = built(built_site, path.name)
        assert "999 in the UK, 112 in the European Union, 911 in the US and Canada" in visible_text(html), path.name


# --- Mistakes in data/care.yml: fast, on a copy of data/ -----------------------

def broken_care(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    """Load a copy of data/ with one edit to care.yml; return the error message and the edited text."""
    copy = tmp_path / "data"
    shutil.copytree(PROJECT / "data", copy)
    path = copy / "care.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} is not in data/care.yml"
    edited = text.replace(old, new, 1)
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_site_data(copy)
    return str(caught.value), edited


def line_of(needle: str, text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


# name: (text in data/care.yml, its replacement, a line of the edited file the message must name, message)
CARE_MISTAKES = {
    "unknown topic": (
        "    topics: [pump-problem]\n    level: urgent\n    route: pump-team\n",
        "    topics: [pump-problems]\n    level: urgent\n    route: pump-team\n",
        "  - id: pump-problems", r"\[pump-problems\]: the topic 'pump-problems' is not listed under 'topics:'\. Fix: use one of: "),
    "unknown level": (
        "  - id: allergy-signs\n    topics: [allergy]\n    level: emergency\n",
        "  - id: allergy-signs\n    topics: [allergy]\n    level: critical\n",
        "    level: critical", r"\[allergy-signs\]: 'level' has the value 'critical', which is not allowed\. Fix: use one of: 'emergency', 'urgent' or 'non-urgent'"),
    "a situation without a source": (
        "      - trouble breathing, or a tight throat\n      - skin, lips or tongue turning blue, grey or pale\n    sources: [nhs-baclofen]\n",
        "      - trouble breathing, or a tight throat\n      - skin, lips or tongue turning blue, grey or pale\n    sources: []\n",
        "    sources: []", r"\[allergy-signs\]: 'sources' needs at least one entry\. Fix: add at least one"),
    "a source that does not exist": (
        "    sources: [medtronic-itb]\n\ntopics:", "    sources: [medtronic-itbb]\n\ntopics:",
        "  - id: pump-team-routine", r"\[pump-team-routine\]: the route cites the source 'medtronic-itbb', which is not in data/sources\.yml"),
    "the same sign at two levels": (
        "      - stiffness or spasms coming back, or getting worse\n      - itching\n",
        "      - stiffness or spasms coming back, or getting worse\n      - a high temperature (fever)\n",
        "  - id: pump-withdrawal-early",
        r"\[pump-withdrawal-early\]: the sign 'a high temperature \(fever\)' is urgent here but emergency in 'pump-withdrawal-late' \(line \d+\)\. "
        r"Fix: a warning sign has one level everywhere"),
    "a route of another level": (
        "  - id: taken-too-much\n    topics: [overdose]\n    level: urgent\n    route: advice-now\n",
        "  - id: taken-too-much\n    topics: [overdose]\n    level: urgent\n    route: call-999\n",
        "  - id: taken-too-much", r"\[taken-too-much\]: the situation is urgent, but its route 'call-999' is emergency\."),
    "a non-urgent heading that says now": (
        'heading: "Speak to your pump team soon if:"', 'heading: "Speak to your pump team now if:"',
        "  - id: pump-team-routine", r"\[pump-team-routine\]: the heading 'Speak to your pump team now if:' says 'now', but the route is non-urgent\."),
    "an urgent heading without now": (
        'heading: "Contact your GP or MS team now if:"', 'heading: "Contact your GP or MS team if:"',
        "  - id: ms-team", r"\[ms-team\]: the heading .* of a urgent route does not say 'now'\."),
    "a number that is not a service": (
        "{emergency-uk} in the UK, {emergency-eu}", "{emergency-gb} in the UK, {emergency-eu}",
        "  - id: call-999", r"\[call-999\]: the details uses \{emergency-gb\}, which is not a service\."),
}


@pytest.mark.parametrize("name", CARE_MISTAKES)
def test_a_mistake_in_care_data_names_the_line_and_the_fix(name, tmp_path):
    old, new, entry, pattern = CARE_MISTAKES[name]
    message, edited = broken_care(tmp_path, old, new)
    assert message.startswith(f"data/care.yml, line {line_of(entry, edited)} "), message
    assert re.search(pattern, message), message
    assert " Fix: " in message, message


def test_a_page_asking_for_an_unknown_topic_gets_the_list_of_topics():
    with pytest.raises(care_cards.CareRequestError, match=r"unknown care topic 'pump-alarms'; the topics are: oral-withdrawal, "):
        care_cards.care_cards(data().care, ["pump-alarms"], lambda ids: "")


def test_a_page_may_not_leave_out_the_emergency_cards():
    with pytest.raises(care_cards.CareRequestError, match="levels= must include emergency"):
        care_cards.care_cards(data().care, ["overdose"], lambda ids: "", levels="urgent")


def test_card_text_from_data_is_escaped(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(PROJECT / "data", copy)
    path = copy / "care.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("      - itching\n", "      - itching <script>alert(1)</script>\n"), encoding="utf-8")
    html = care_cards.care_cards(load_site_data(copy).care, ["pump-withdrawal"], lambda ids: "")
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- Mistakes in a page: real builds ----------------------------------------------

PAGE_MISTAKES = {
    "a care card typed by hand": (
        append_to_page('<div class="care-card care-card--urgent" markdown>\n\n- call your GP\n\n</div>'),
        rf"{DOCS_PAGE}, line \d+: the page types a care card by hand\. Fix: warning signs and whom to call are written once, in data/care\.yml"),
    "a route typed into a sentence": (
        append_to_page("If your pump beeps, call 999 at once."),
        rf"{DOCS_PAGE}, line \d+: the page tells readers where to get help \('call 999'\)\. Fix: "),
    "the old care_card macro": (
        append_to_page("{{ care_card('urgent', 'A heading if:', ['one thing']) }}"),
        rf"{DOCS_PAGE}: care_card\(\) with hand-typed warning signs is no longer allowed\. Fix: .*care_cards\('topic', \.\.\.\)"),
    "an unknown topic": (
        append_to_page("{{ care_cards('pump-alarms') }}"),
        rf"{DOCS_PAGE}: unknown care topic 'pump-alarms'; the topics are: .*\. Fix: see contributing/care-advice\.md\."),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGE_MISTAKES)
def test_a_page_that_types_its_own_care_advice_fails_the_build(name, project_copy, build_copy):
    edit, pattern = PAGE_MISTAKES[name]
    edit(project_copy)
    result = build_copy()
    assert not result.ok, f"{name}: the build passed"
    assert re.search(pattern, result.output), result.output[-3000:]


@pytest.mark.slow
def test_an_urgent_help_page_without_its_emergency_card_fails_the_build(project_copy, build_copy):
    path = project_copy / "docs" / "safety.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\{\{ care_cards\([^}]*\) \}\}", "", text), encoding="utf-8")
    result = build_copy()
    assert not result.ok
    assert "docs/safety.md: the page is marked urgent_help but shows no emergency card. Fix: add {{ care_cards(" in result.output


def test_the_line_of_a_typed_route_is_the_file_line(project_copy):
    from macros.pages import typed_care_advice

    source = (project_copy / "docs" / "index.md").read_text(encoding="utf-8") + "\nRing 111 if unsure.\n"
    message = typed_care_advice("index.md", source)
    assert message is not None and f"line {len(source.splitlines())}:" in message
