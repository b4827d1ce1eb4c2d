"""The report of what readers will see change (tools/site_diff.py, `make diff`), on real pairs of commits.

A clinician approves a pull request from this report, so each kind of change is made for
real: the project is copied into a fresh git repository and committed on main, then each
change is committed on a branch of its own and both sides are built. To stay quick, main is
built once for every case, and the command itself (its own worktree and two builds) runs once.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools import site_diff as sd
from tools.project_copy import copy_project

from .conftest import PROJECT, front_matter, long_date, paste_front_matter, review_block

pytestmark = pytest.mark.slow

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@dataclass(frozen=True)
class Base:
    repo: Path
    pages: dict[str, sd.Page]
    facts: dict[str, sd.Fact]
    care: sd.Care
    reviews: sd.Reviews


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    """The project committed on main in a fresh repository (with a test file of its own), built once."""
    root = tmp_path_factory.mktemp("site-diff")
    repo = copy_project(PROJECT, root / "repo")
    (repo / "tests").mkdir()
    (repo / "tests" / "test_example.py").write_text("def test_example():\n    assert True\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The base")
    site = root / "base-site"
    sd.build(repo, site)
    return Base(repo, sd.read_site(site), sd.load_facts(site, repo), sd.load_care(repo), sd.load_reviews(site))


def commit_change(base: Base, name: str, edit: Callable[[Path], Any], start: str = "main") -> Path:
    """A branch off main (or `start`) with one change committed, checked out in a worktree of its own."""
    tree = base.repo.parent / name
    git(base.repo, "worktree", "add", "-q", "-b", name, str(tree), start)
    edit(tree)
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", name)
    return tree


def report_for(base: Base, name: str, edit: Callable[[Path], Any]) -> str:
    """The report for main against one change, from the module's functions (main is already built)."""
    tree = commit_change(base, name, edit)
    site = tree.parent / f"{name}-site"
    sd.build(tree, site)
    facts = sd.diff_facts(base.facts, sd.load_facts(site, tree))
    return sd.render_report(sd.header(tree, "main", "main"), base.pages, sd.read_site(site), facts,
                            sd.diff_care(base.care, sd.load_care(tree)))


def sections(report: str) -> dict[str, str]:
    """The report's sections, by their ## title."""
    parts = re.split(r"^## (.+)$", report, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def bullets(text: str) -> list[str]:
    return re.findall(r"^- .*$", text, re.M)


def pages_using(fact_id: str, tree: Path) -> set[str]:
    """The address of every page whose Markdown asks for the fact."""
    docs = tree / "docs"
    found = set()
    for path in docs.rglob("*.md"):
        if re.search(rf"""['"]{re.escape(fact_id)}['"]""", path.read_text(encoding="utf-8")):
            name = path.relative_to(docs).with_suffix("").as_posix()
            found.add("/" if name == "index" else f"/{name.removesuffix('/index')}/")
    return found


# --- Each kind of change, committed and built -------------------------------------------

def test_a_fact_change_lists_every_page_and_sentence_that_shows_it_and_nothing_else(base: Base) -> None:
    def edit(tree: Path) -> None:
        path = tree / "data" / "facts.yml"
        text, count = re.subn(r"(- id: oral\.onset\n(?: {4}.*\n)*? {4}value: )1\n", r"\g<1>2\n", path.read_text(encoding="utf-8"))
        assert count == 1, "data/facts.yml: oral.onset no longer has `value: 1`"
        path.write_text(text, encoding="utf-8")

    report = report_for(base, "fact", edit)
    assert set(sections(report)) == {"Facts"}, report
    facts = sections(report)["Facts"]
    assert re.findall(r"^### `([^`]+)`", facts, re.M) == ["oral.onset"], "no other fact"
    assert '- Readers see: "about 1 hour" → "about 2 hours"' in facts
    assert "- value: 1 → 2" in facts
    # Every page whose Markdown shows the fact, and Facts at a glance: no other page.
    listed = set(re.findall(r"^- \*\*.+?\*\* \(`([^`]+)`\)", facts, re.M))
    assert listed == pages_using("oral.onset", base.repo) | {"/facts/"}
    # Every sentence that showed it, before and after.
    shown = [s.plain for page in base.pages.values() for s in page.sentences if "about 1 hour" in s.plain]
    assert f"Where it appears ({len(shown)}):" in facts
    for sentence in shown:
        after = sentence.replace("about 1 hour", "about 2 hours")
        assert f"  - Before: {sd.escape(sentence)}\n  - After: {sd.escape(after)}\n" in facts + "\n", sentence
    assert "- After: Each dose starts to work after about 2 hours." in facts


def edit_one_sentence(page: Path) -> str:
    """Adds a word to the first plain line under a ## heading of a page; returns that heading."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    heading = ""
    for number, line in enumerate(lines):
        if line.startswith("## "):
            heading = re.sub(r"\s*\{[^}]*\}\s*$", "", line[3:]).strip()
        elif heading and re.match(r"[A-Z][a-z]+ [a-z]+ ", line) and not re.search(r"[{}\[\]|<>*`_]", line):
            lines[number] = re.sub(r"^(\S+) ", r"\1 really ", line, count=1)
            page.write_text("".join(lines), encoding="utf-8")
            return heading
    raise AssertionError(f"{page}: no plain line under a ## heading to edit")


def test_a_prose_change_reports_that_page_and_heading_only(base: Base) -> None:
    edited: list[str] = []
    report = report_for(base, "prose", lambda tree: edited.append(edit_one_sentence(tree / "docs" / "faq.md")))
    assert set(sections(report)) == {"Page text"}, report
    text = sections(report)["Page text"]
    assert re.findall(r"^### (.*)$", text, re.M) == [f"{sd.escape(base.pages['/faq/'].title)} (`/faq/`)"]
    assert re.findall(r"^#### (.*)$", text, re.M) == [sd.escape(edited[0])]
    (changed,) = bullets(text)
    assert " **really** " in changed and "~~" not in changed, changed


def test_a_change_to_code_or_tests_only_is_no_reader_visible_change(base: Base, tmp_path: Path) -> None:
    """The whole command, as `make diff` runs it: the merge base with main, built in a worktree."""
    def edit(tree: Path) -> None:
        with (tree / "macros" / "__init__.py").open("a", encoding="utf-8") as file:
            file.write("# A comment only: readers see no change.\n")
        (tree / "tests" / "test_example.py").write_text("def test_example():\n    assert 1 + 1 == 2\n", encoding="utf-8")

    tree = commit_change(base, "code", edit)
    output = tmp_path / "site-diff.md"
    proc = subprocess.run([sys.executable, str(PROJECT / "tools" / "site_diff.py"), "--output", str(output)],
                          cwd=tree, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == output.read_text(encoding="utf-8")
    assert "Base (the merge base with main): " in proc.stdout
    assert "the working tree's installed packages" in proc.stdout
    assert proc.stdout.endswith(f"\n\n{sd.NO_CHANGE}\n"), proc.stdout
    assert "site-diff-" not in git(base.repo, "worktree", "list"), "the base's worktree must be removed"


def test_a_renamed_page_is_reported_as_renamed_not_removed_and_added(base: Base) -> None:
    def edit(tree: Path) -> None:
        git(tree, "mv", "docs/faq.md", "docs/questions.md")
        for path in [tree / "mkdocs.yml", *(tree / "docs").rglob("*.md")]:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"\bfaq\.md\b", "questions.md", text), encoding="utf-8")

    report = report_for(base, "rename", edit)
    title = sd.escape(base.pages["/faq/"].title)
    assert bullets(sections(report)["Pages added, removed or renamed"]) == [f"- Renamed: `/faq/` → `/questions/` ({title})"]
    # The links to it followed it: none points elsewhere, and no fact or care advice moved.
    assert set(sections(report)) <= {"Pages added, removed or renamed", "Page text"}, report


def test_a_care_change_reports_the_sign_and_its_new_level(base: Base) -> None:
    care = yaml.safe_load((base.repo / "data" / "care.yml").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for s in care["situations"]:
        for sign in s["signs"]:
            counts[sign.lower()] = counts.get(sign.lower(), 0) + 1
    calls = re.findall(r"care_cards\(([^)]*)\)", "".join(p.read_text(encoding="utf-8") for p in (base.repo / "docs").rglob("*.md")))

    def cards(situation: dict[str, Any]) -> int:
        return sum(any(f"'{topic}'" in call for topic in situation["topics"]) for call in calls)

    # An urgent situation on the default route, with signs of its own, on the fewest cards: making it
    # an emergency breaks no rule (one level per sign, a card's most signs).
    situation = min((s for s in care["situations"] if s["level"] == "urgent" and not s.get("route")
                     and all(counts[sign.lower()] == 1 for sign in s["signs"])), key=lambda s: (cards(s), len(s["signs"])))
    old_sign, new_sign = situation["signs"][0], situation["signs"][0] + ", or worse"

    def edit(tree: Path) -> None:
        path = tree / "data" / "care.yml"
        text = path.read_text(encoding="utf-8")
        start = text.index(f"- id: {situation['id']}\n")
        end = text.find("\n  - id: ", start)
        block = text[start:end]
        edited = block.replace("level: urgent\n", "level: emergency\n", 1).replace(f"- {old_sign}\n", f"- {new_sign}\n", 1)
        assert edited.count("emergency") == 1 and new_sign in edited, block
        path.write_text(text[:start] + edited + text[end:], encoding="utf-8")

    report = report_for(base, "care", edit)
    assert "Facts" not in sections(report)
    changes = sections(report)["Warning signs and care levels"]
    assert set(re.findall(r"`([^`]+)`", changes)) == {situation["id"]}, changes
    for line in ('level "urgent" → "emergency"', f'sign removed: "{sd.escape(old_sign)}"', f'sign added: "{sd.escape(new_sign)}"'):
        assert f"- Warning sign `{situation['id']}`: {line}" in changes, changes
    text = sections(report)["Page text"]
    assert "(`/when-to-get-help/`)" in text and f"**{sd.escape(new_sign)}**" in text


def test_a_fact_change_on_a_checked_page_lists_it_under_needs_a_new_review(base: Base) -> None:
    """faq.md signed off (a fixture review, with main's fingerprint), then oral.onset, which it shows, changes."""
    day = str(front_matter("faq.md")["reviewed"])[:10]
    signed = commit_change(base, "signed", lambda tree: paste_front_matter(
        tree / "docs" / "faq.md", review_block(base.reviews["docs/faq.md"]["fingerprint"], "MS nurse", day)))
    signed_site = signed.parent / "signed-site"
    sd.build(signed, signed_site)
    assert sd.load_reviews(signed_site)["docs/faq.md"]["state"] == "checked"

    def edit(tree: Path) -> None:
        path = tree / "data" / "facts.yml"
        text, count = re.subn(r"(- id: oral\.onset\n(?: {4}.*\n)*? {4}value: )1\n", r"\g<1>2\n", path.read_text(encoding="utf-8"))
        assert count == 1, "data/facts.yml: oral.onset no longer has `value: 1`"
        path.write_text(text, encoding="utf-8")

    tree = commit_change(base, "signed-fact", edit, start="signed")
    site = tree.parent / "signed-fact-site"
    sd.build(tree, site)
    new_pages = sd.read_site(site)
    reviews = sd.diff_reviews(sd.load_reviews(signed_site), sd.load_reviews(site), new_pages)
    facts = sd.diff_facts(sd.load_facts(signed_site, signed), sd.load_facts(site, tree))
    report = sd.render_report(sd.header(tree, "signed", "signed"), sd.read_site(signed_site), new_pages, facts,
                              sd.diff_care(sd.load_care(signed), sd.load_care(tree)), reviews)
    assert list(sections(report))[:2] == ["Needs a new review", "Facts"], report
    date = long_date(day)
    # Only the checked page: the other pages that show the fact were never checked.
    assert bullets(sections(report)["Needs a new review"]) == [
        f"- **{sd.escape(new_pages['/faq/'].title)}** (`/faq/`, `docs/faq.md`): checked by MS nurse on {date}; it will show "
        f"\"Updated since it was checked on {date}\". A clinician checks it again with `make sign-off PAGE=docs/faq.md`."]
    assert f"Updated since it was checked on {date}" in sections(report)["Page text"]


def test_only_a_checked_page_that_no_longer_matches_needs_a_new_review() -> None:
    checked = {"url": "/a/", "fingerprint": "sha256:1", "state": "checked", "role": "GP", "date": "2026-11-02"}
    old = {"docs/a.md": checked, "docs/b.md": {**checked, "url": "/b/"}, "docs/c.md": {"url": "/c/", "state": "not checked"}}
    new = {"docs/a.md": {**checked, "state": "updated"}, "docs/b.md": {**checked, "url": "/b/"},
           "docs/c.md": {"url": "/c/", "state": "not checked"}}
    (line,) = sd.diff_reviews(old, new, {})
    assert line.startswith("- **docs/a.md** (`/a/`, `docs/a.md`): checked by GP on 2 November 2026;"), line
    assert sd.diff_reviews(old, old, {}) == [] and sd.diff_reviews({}, new, {}) == []
    assert "Needs a new review" not in sd.render_report("# Report", {}, {}, [], [], [])


# --- The parts, on small inputs ---------------------------------------------------------

ARTICLE = """<html><body><nav>Menu text</nav><article class="md-content__inner md-typeset">
<h1 id="t">A page<a class="headerlink" href="#t">&para;</a></h1>
<p>Take it with food.<sup class="cite"><a href="../references/#nhs">NHS</a></sup> See <a href="../faq/#how-long">how long</a>.</p>
<h2 id="s">Doses<a class="headerlink" href="#s">&para;</a></h2>
<table><tr><th>Week</th><th>Dose</th></tr><tr><td>1</td><td></td><td><span data-fact="oral.start">5 mg</span>. Then more.</td></tr></table>
</article><footer>Site footer</footer></body></html>"""


def test_the_article_text_leaves_out_citation_markers_and_heading_links() -> None:
    page = sd.extract_page(ARTICLE, "/page/")
    assert page is not None and page.title == "A page"
    assert [(s.heading, s.plain) for s in page.sentences] == [
        ("", "A page"), ("", "Take it with food."), ("", "See how long."),
        ("Doses", "Doses"), ("Doses", "Week | Dose"), ("Doses", "1 | 5 mg. Then more.")]
    assert page.links == (("how long", "/faq/#how-long"),)
    assert page.marked, "a data-fact attribute marks the fact's sentence"


def test_a_marked_fact_is_found_by_its_mark_not_by_its_words() -> None:
    page = sd.extract_page(ARTICLE.replace("Take it with food.", "Take 5 mg with food."), "/page/")
    assert page is not None
    change = sd.FactChange("oral.start", {"text": "5 mg"}, {"text": "10 mg"})
    assert [s.plain for s in page.sentences if sd.shows(page, s, change.id, change.words("old"))] == ["1 | 5 mg. Then more."]


def test_a_link_that_now_points_elsewhere_is_reported_unless_its_page_was_renamed() -> None:
    old = sd.extract_page(ARTICLE, "/page/")
    moved = sd.extract_page(ARTICLE.replace("../faq/#how-long", "../safety/#how-long"), "/page/")
    renamed = sd.extract_page(ARTICLE.replace("../faq/#how-long", "../questions/#how-long"), "/page/")
    assert old and moved and renamed
    assert sd.diff_links(old, moved, {}) == ['- "how long": /faq/#how-long → /safety/#how-long']
    assert sd.diff_links(old, renamed, {"/faq/": "/questions/"}) == []
    also = sd.extract_page(ARTICLE.replace("</article>", '<p><a href="#s">how long</a></p></article>'), "/page/")
    assert also and sd.diff_links(old, also, {}) == ['- "how long": now also to /page/#s']


def test_a_sentence_diff_marks_deleted_and_inserted_words() -> None:
    assert sd.diff_words("Take one tablet a day.", "Take two tablets a day.") == "Take ~~one tablet~~ **two tablets** a day."


def test_make_diff_passes_the_base_and_writes_site_diff_md() -> None:
    def planned(*args: str) -> str:
        proc = subprocess.run(["make", "-n", "diff", *args], cwd=PROJECT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return next(line for line in proc.stdout.splitlines() if "site_diff.py" in line)

    assert '--base "v1.2"' in planned("BASE=v1.2") and "--output site-diff.md" in planned("BASE=v1.2")
    assert "--base" not in planned()
