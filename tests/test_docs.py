"""The contributors' and maintainers' guides: generated where they can be, short, and pointing at real things.

contributing/errors.md is written by tools/error_catalogue.py from the code, so it
cannot fall behind the messages; these tests fail when it is not what the tool would
write now, when a message points to a section that no guide has, or when a guide
names a macro, a file or a budget that does not exist.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import get_args

import pytest

from macros.errors import DataError
from macros.jinja_macros import MACROS
from macros.loader import load_site_data
from macros.pages import PageMetaError, check_page_meta
from macros.schema import FACT_GROUPS, FactBase, Per, Region, SourceKind, Unit
from tools import error_catalogue

from .conftest import MAX_REQUESTS_PER_PAGE, PROJECT
from .test_bad_input import DATA_MESSAGES, FRONT_MATTER_MESSAGES, PAGE, page_meta
from .test_budgets import FIRST_VISIT_BUDGET, KB, REPEAT_VISIT_BUDGET

CONTRIBUTING = PROJECT / "CONTRIBUTING.md"
GUIDES = PROJECT / "contributing"
MAX_CONTRIBUTING_BYTES = 6 * 1024  # issue 16: a clinician reads it in a few minutes
MAX_GUIDE_BYTES = 8 * 1024
DOCS = [CONTRIBUTING, PROJECT / "README.md", PROJECT / "MAINTAINING.md", PROJECT / "PERFORMANCE.md",
        PROJECT / "bench" / "HISTORY.md", *sorted(GUIDES.glob("*.md"))]


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def headings(path: Path) -> set[str]:
    return {re.sub(r"\s+", " ", h).strip() for h in re.findall(r"^#{1,6} (.+?)\s*$", text(path), re.M)}


# --- The error catalogue ------------------------------------------------------------------

def test_the_error_catalogue_is_what_the_code_says_now():
    written = text(error_catalogue.OUTPUT) if error_catalogue.OUTPUT.is_file() else ""
    assert written == error_catalogue.catalogue_text(), (
        "contributing/errors.md is not what the code says now (a message was added or changed). "
        f"Fix: run {error_catalogue.COMMAND} (tools/error_catalogue.py) and commit contributing/errors.md.")


WRONG = "<what is wrong>"  # in the catalogue: the words of another message, passed on
LOCATION = re.compile(r"^[^:\s]+(?:, line \d+)?(?: \[[^\]]+\])?: ")


def _pattern(template: str) -> tuple[re.Pattern[str], list[int]]:
    """A catalogue entry as a pattern: its words as written, each <name> as anything (punctuation that
    only goes with a part the build may leave out is optional); and which groups are <what is wrong>."""
    pattern, passed_on = [], []
    for index, piece in enumerate(p for p in re.split(r"(<[^<>]+>)", template) if p):
        if re.fullmatch(r"<[^<>]+>", piece):
            pattern.append(f"(?P<p{index}>.*?)")
            if piece == WRONG:
                passed_on.append(index)
        else:
            pattern.append(f"(?:{re.escape(piece)})?" if not re.search(r"\w", piece) else re.escape(piece))
    return re.compile("".join(pattern), re.S), passed_on


def explained(message: str, entries: list[tuple[re.Pattern[str], list[int]]], inner: bool = False) -> bool:
    """The message is a catalogue entry with its parts filled in; a part that is another message's
    words (<what is wrong>) is an entry too. Inside, the entry may follow a field's name ("id: ...")."""
    candidates = [message] if inner else [message, LOCATION.sub("", message, count=1)]
    for pattern, passed_on in entries:
        for text in candidates:
            match = pattern.search(text.rstrip(".")) if inner else pattern.fullmatch(text)
            if match and (not inner or match.end() == len(text.rstrip("."))) and all(
                    explained(match.group(f"p{i}"), entries, inner=True) for i in passed_on):
                return True
    return False


def real_messages() -> dict[str, str]:
    """What the code really says for the mistakes tests/test_bad_input.py makes without a build."""
    found = {}
    for name, (changes, _) in FRONT_MATTER_MESSAGES.items():
        with pytest.raises(PageMetaError) as caught:
            check_page_meta(PAGE, page_meta(**changes))
        found[name] = str(caught.value)
    return found


def real_data_messages(tmp_path: Path) -> dict[str, str]:
    found = {}
    for name, (filename, entry, _) in DATA_MESSAGES.items():
        data = tmp_path / name.replace(" ", "-").replace(":", "")
        shutil.copytree(PROJECT / "data", data)
        path = data / filename
        path.write_text(text(path).rstrip("\n") + "\n\n" + entry, encoding="utf-8")
        with pytest.raises(DataError) as caught:
            load_site_data(data)
        found[name] = str(caught.value)
    return found


def test_the_catalogue_has_every_message_the_tests_provoke(tmp_path):
    """Each real message is an entry of the catalogue, filled in: so the rule in
    tools/error_catalogue.py finds the messages, including those its helpers word."""
    entries = [_pattern(m.text) for messages in error_catalogue.catalogue().values() for m in messages]
    missing = [message for message in {**real_messages(), **real_data_messages(tmp_path)}.values()
               if not explained(message, entries)]
    assert not missing, f"contributing/errors.md has no entry for: {missing}"


# --- Every pointer in a message, and in a guide, leads somewhere ----------------------------

SECTION = re.compile(r"see '([^']+)' in ((?:contributing/)?[A-Za-z_-]+\.md)")
GUIDE = re.compile(r"\b((?:contributing/[a-z-]+|CONTRIBUTING|MAINTAINING|PERFORMANCE)\.md)\b")


def message_sources() -> list[Path]:
    return sorted((PROJECT / "macros").glob("*.py")) + sorted((PROJECT / "tools").glob("*.py"))


def test_every_section_an_error_message_points_to_exists():
    pointed = {(section, guide) for path in message_sources() for section, guide in SECTION.findall(text(path))}
    assert {("Front matter", "contributing/pages.md"), ("Adding or changing a fact", "contributing/data.md")} <= pointed
    missing = sorted((section, guide) for section, guide in pointed
                     if not (PROJECT / guide).is_file() or section not in headings(PROJECT / guide))
    assert not missing, f"messages point to sections that do not exist (section, guide): {missing}"


def test_every_guide_a_message_names_exists():
    named = {guide for path in message_sources() for guide in GUIDE.findall(text(path))}
    assert "contributing/data.md" in named
    assert not [guide for guide in named if not (PROJECT / guide).is_file()], named


LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(PROJECT)))
def test_links_between_the_guides_resolve(path):
    broken = []
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", text(path), flags=re.S)  # examples in code are not links
    for target in LINK.findall(prose):
        if re.match(r"[a-z]+:|#|<", target):
            continue
        file = target.split("#", 1)[0]
        if file and not (path.parent / file).resolve().exists():
            broken.append(target)
    assert not broken, f"{path.relative_to(PROJECT)} links to files that do not exist: {broken}"


# --- Short, and true to the code --------------------------------------------------------------

def test_contributing_stays_short():
    size = len(CONTRIBUTING.read_bytes())
    assert size <= MAX_CONTRIBUTING_BYTES, (
        f"CONTRIBUTING.md is {size} bytes (at most {MAX_CONTRIBUTING_BYTES}): put the detail in a guide in contributing/")


@pytest.mark.parametrize("path", sorted(p for p in GUIDES.glob("*.md") if p.name != "errors.md"), ids=lambda p: p.name)
def test_each_topic_guide_stays_short(path):
    assert len(path.read_bytes()) <= MAX_GUIDE_BYTES, f"{path.name}: keep a topic guide under {MAX_GUIDE_BYTES // KB} KB"


def test_the_emergency_note_comes_first_and_points_to_the_sites_page():
    body = text(CONTRIBUTING)
    first = body.split("\n## ", 2)[1]
    assert first.lower().startswith("this is not for emergencies"), first[:80]
    assert "when-to-get-help" in first


def test_the_macros_table_names_real_macros():
    named = set(re.findall(r"\{\{ ?([a-z_]+)\(", text(CONTRIBUTING)))
    assert {"fact", "amount", "cite", "care_cards", "what_to_do", "warning_signs"} <= named
    assert not named - set(MACROS), f"CONTRIBUTING.md names macros that do not exist: {sorted(named - set(MACROS))}"


def test_performance_states_the_budgets_the_tests_enforce():
    page = text(PROJECT / "PERFORMANCE.md")
    for words in (f"{FIRST_VISIT_BUDGET // KB} KB", f"{REPEAT_VISIT_BUDGET // KB} KB", f"{MAX_REQUESTS_PER_PAGE} requests",
                  "tests/test_budgets.py", "make bench", "bench/HISTORY.md"):
        assert words in page, words


def test_the_data_guide_lists_the_vocabulary_the_schema_allows():
    """contributing/data.md names every unit, kind of source, fact group, bound, per and region."""
    guide = text(GUIDES / "data.md")
    bounds = [word for part in get_args(FactBase.model_fields["bound"].annotation) for word in get_args(part)]
    words = [*(u.value for u in Unit), *(k.value for k in SourceKind), *FACT_GROUPS, *bounds,
             *(p.value for p in Per), *(r.value for r in Region)]
    missing = [word for word in words if f"`{word}`" not in guide]
    assert not missing, f"contributing/data.md does not list {missing} (see macros/schema.py)"
