#!/usr/bin/env python3
"""What readers will see change: the site built at a base and at the working tree, compared.

Usage: site_diff.py [--base REF] [--output FILE] [--repo DIR]     (or `make diff BASE=REF`)

A clinical reviewer of a pull request sees raw Markdown and YAML, `{{ fact('oral.onset') }}`
rather than "about 1 hour", and a one-line edit to data/facts.yml can change sentences on
pages the diff never shows. So both sites are built (strictly) and only what a reader would
notice is reported: facts and every sentence that shows them, warning signs and care levels,
pages added, removed or renamed, links that now point elsewhere, and page text word by word
under its heading; first, under "Needs a new review", each page a clinician had checked that no
longer matches what they checked. A change to code, tests or formatting alone gives "No
reader-visible change."

The base defaults to the merge base with main (origin/main in a CI clone), else HEAD~1. It
is built in a temporary `git worktree` with the working tree's installed packages.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

NO_CHANGE = "No reader-visible change."
RENAME_RATIO = 0.6  # a removed page this close to an added one (difflib ratio) was renamed
EDIT_RATIO = 0.5  # a sentence this close to an old one is that sentence edited, not a new one
SHARED = 3  # a text change found on this many pages or more is shown once, with the pages it is on
# A fact the macros mark with data-fact="id" is carried through the text as MARK id END,
# so its sentences are found exactly; without marks, by the words the fact renders to.
MARK, END = "\ue000", "\ue001"
MARKS = re.compile(f"{MARK}([^{END}]*){END}")
SENTENCE_END = re.compile(rf"(?<=[.!?])\s+(?=[A-Z0-9\"“‘({MARK}])")
BLOCKS = {"p", "li", "dt", "dd", "tr", "caption", "figcaption", "summary", "pre", "blockquote", "div",
          "ul", "ol", "dl", "table", "details", "footer", "section", "h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area"}
SKIPPED_TAGS = {"script", "style", "svg", "template"}
SKIPPED_CLASSES = {"cite", "headerlink", "footnote-ref", "footnote"}  # citation markers, their list of sources, the heading link
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
FIELD_ORDER = ("value", "values", "min", "max", "bound", "unit", "per", "times_a_day", "total_a_day", "region", "sources",
               "label", "note")


@dataclass(frozen=True)
class Sentence:
    heading: str  # the nearest h2 or h3 above it ("" before the first)
    text: str  # as a reader sees it, with fact marks if the page has them

    @property
    def plain(self) -> str:
        return MARKS.sub("", self.text)


@dataclass(frozen=True)
class Page:
    url: str  # from the site root: "/faq/"
    title: str
    sentences: tuple[Sentence, ...]
    links: tuple[tuple[str, str], ...]  # (link text, internal target from the site root)

    @property
    def words(self) -> list[str]:
        return " ".join(s.plain for s in self.sentences).split()

    @property
    def marked(self) -> bool:
        return any(MARK in s.text for s in self.sentences)


Pair = tuple[Sentence | None, Sentence | None]  # (before, after); None where it is absent
Fact = dict[str, Any]  # one entry of facts.json
Care = dict[str, Any]  # data/care.yml as read


@dataclass(frozen=True)
class PagePair:
    old: Page | None
    new: Page | None
    sentences: tuple[Pair, ...]  # every sentence of both versions, aligned (see `align`)

    @property
    def page(self) -> Page:
        return self.new or self.old  # type: ignore[return-value]


# --- Rendered text ------------------------------------------------------------------

class _Article(HTMLParser):
    """The text of <article class="md-content__inner">, block by block, with its links."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.stack: list[tuple[str, bool]] = []  # open elements inside the article: (tag, skipped)
        self.buffer: list[str] = []
        self.heading = self.title = ""
        self.blocks: list[tuple[str, str, bool]] = []  # (heading, text, split into sentences?)
        self.cell = False  # a table cell has opened: its text, if any, gets a " | " before it
        self.link: list[str] | None = None  # [target, text so far] of the open internal link
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = set(values.get("class", "").split())
        if not self.stack:
            if tag == "article" and "md-content__inner" in classes:
                self.stack.append((tag, False))
            return
        if tag in BLOCKS:
            self._flush(None)
        if tag == "footer":
            self.heading = "Bottom of the page"
        if tag == "br":
            self.buffer.append(" ")
        if tag in VOID:
            return
        skipped = self.stack[-1][1] or tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        self.stack.append((tag, skipped))
        if skipped:
            return
        self.cell = self.cell or tag in ("td", "th")
        if "data-fact" in values:
            self.buffer.append(f"{MARK}{values['data-fact']}{END}")
        if tag == "a" and values.get("href") and not EXTERNAL.match(values["href"]):
            self.link = [urljoin(self.url, values["href"]), ""]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in {t for t, _ in self.stack}:
            return
        while self.stack.pop()[0] != tag:
            pass
        if tag == "a" and self.link:
            self.links.append((" ".join(self.link[1].split()), self.link[0]))
            self.link = None
        if tag in BLOCKS:
            self._flush(tag)

    def handle_data(self, data: str) -> None:
        if not self.stack or self.stack[-1][1]:
            return
        if self.cell and data.strip():
            self.buffer.append(" | " if "".join(self.buffer).strip() else "")
            self.cell = False
        self.buffer.append(data)
        if self.link:
            self.link[1] += data

    def _flush(self, ending: str | None) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if not text:
            return
        if ending == "h1":
            self.title = MARKS.sub("", text)
        elif ending in ("h2", "h3"):
            self.heading = MARKS.sub("", text)
        self.blocks.append((self.heading, text, ending != "tr"))  # a table row stays whole


def extract_page(html: str, url: str) -> Page | None:
    """A built page as readers see it (no HTML, no citation markers, no ¶), or None if it has no article."""
    parser = _Article(url)
    parser.feed(html)
    parser.close()
    if not parser.blocks:
        return None
    sentences = tuple(Sentence(heading, s) for heading, block, split in parser.blocks
                      for s in (SENTENCE_END.split(block) if split else [block]))
    return Page(url, parser.title or url, sentences, tuple(link for link in parser.links if link[0]))


def read_site(site: Path) -> dict[str, Page]:
    """Every page of a built site, by its address from the site root. (The 404 page links
    with the published prefix, /baclofen-ms/faq/: that prefix is taken off.)"""
    facts = site / "facts.json"
    prefix = urlsplit(json.loads(facts.read_text(encoding="utf-8")).get("site") or "/").path if facts.is_file() else "/"
    pages = {}
    for path in sorted(site.rglob("*.html")):
        url = "/" + re.sub(r"(^|/)index\.html$", r"\1", path.relative_to(site).as_posix())
        page = extract_page(path.read_text(encoding="utf-8"), url)
        if page:
            links = tuple((text, "/" + t[len(prefix):] if t.startswith(prefix) else t) for text, t in page.links)
            pages[url] = Page(page.url, page.title, page.sentences, links)
    return pages


# --- Facts --------------------------------------------------------------------------

def _forms(fact: Fact | None) -> dict[str, str]:
    """What readers see of a fact: its words, the amount alone, the daily total, its label and note."""
    fact = fact or {}
    forms = {key: str(fact[key]) for key in ("text", "amount", "label", "note") if fact.get(key)}
    if fact.get("total_a_day") is not None:
        forms["total"] = f"{fact['total_a_day']} {fact.get('unit', '')}".strip()
    return forms


@dataclass(frozen=True)
class FactChange:
    id: str
    old: Fact | None
    new: Fact | None

    def fields(self) -> list[tuple[str, object, object]]:
        """Every field that differs, in a fixed order, except the rendered words (see `words`)."""
        old, new = self.old or {}, self.new or {}
        keys = sorted((old.keys() | new.keys()) - {"id", "text", "amount"},
                      key=lambda k: (FIELD_ORDER.index(k) if k in FIELD_ORDER else len(FIELD_ORDER), k))
        return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]

    def words(self, side: str) -> list[str]:
        """The words a sentence shows this fact by, on one side ("old" or "new"), longest first:
        its text, amount and daily total if those change, else only its full text."""
        forms = _forms(getattr(self, side))
        keys = ("text", "amount", "total") if self.reworded else ("text",)
        return sorted({forms[k] for k in keys if k in forms}, key=len, reverse=True)

    @property
    def reworded(self) -> bool:
        old, new = _forms(self.old), _forms(self.new)
        return any(old.get(k) != new.get(k) for k in ("text", "amount", "total"))


def load_facts(site: Path, tree: Path) -> dict[str, Fact]:
    """The facts from the build's own facts.json (so each side is read with its own code);
    from data/facts.yml through the working tree's loader if a build wrote none."""
    path = site / "facts.json"
    if path.is_file():
        payload = json.loads(path.read_text(encoding="utf-8"))
    else:
        from macros import loader, public_data  # the installed package: the working tree's

        payload = public_data.public_json(loader.load_site_data(tree / "data"), None)
    return {fact["id"]: fact for fact in payload["facts"]}


def diff_facts(old: dict[str, Fact], new: dict[str, Fact]) -> list[FactChange]:
    """Each fact added, removed or changed in any field (value, unit, region, sources, ...)."""
    return [FactChange(i, old.get(i), new.get(i)) for i in sorted(old.keys() | new.keys()) if old.get(i) != new.get(i)]


def rewording(changes: Iterable[FactChange]) -> dict[str, str]:
    """Old words → new words of every changed fact. A sentence that differs only by these is
    reported under Facts, where it appears, and not again under Page text."""
    pairs: dict[str, str] = {}
    for change in changes:
        old, new = _forms(change.old), _forms(change.new)
        for key in old.keys() & new.keys():
            if old[key] != new[key]:
                pairs.setdefault(old[key], new[key])
    return pairs


def _whole(words: str) -> str:
    # Whole words only: "5 mg" is not found inside "25 mg" or "2.5 mg".
    return rf"(?<![\w.]){re.escape(words)}(?!\w)"


def reword(text: str, pairs: dict[str, str]) -> str:
    if not pairs:
        return text
    pattern = "|".join(_whole(old) for old in sorted(pairs, key=len, reverse=True))
    return re.sub(pattern, lambda m: pairs[m.group(0)], text)


def shows(page: Page, sentence: Sentence, fact_id: str, words: Sequence[str]) -> bool:
    if page.marked:
        return fact_id in MARKS.findall(sentence.text)
    return any(re.search(_whole(w), sentence.plain) for w in words)


def appearances(change: FactChange, pages: Sequence[PagePair]) -> list[tuple[Page, str, str, str]]:
    """Every page and sentence that shows the fact: (page, heading, before, after), "" where absent.
    When its words change, a sentence that did not change shows another fact with the same words."""
    found = []
    for pair in pages:
        for o, n in pair.sentences:
            before = bool(o and pair.old and shows(pair.old, o, change.id, change.words("old")))
            after = bool(n and pair.new and shows(pair.new, n, change.id, change.words("new")))
            if (before or after) and not (change.reworded and o and n and o.plain == n.plain):
                found.append((pair.page, (n or o).heading, o.plain if o else "", n.plain if n else ""))  # type: ignore[union-attr]
    return found


# --- Care advice --------------------------------------------------------------------

def load_care(tree: Path) -> Care:
    path = tree / "data" / "care.yml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}


def care_view(document: Care) -> dict[str, dict[str, dict[str, Any]]]:
    """What readers see of data/care.yml: situations (level, route, lead, signs), routes
    (level, heading, details) and phone numbers, with {service} placeholders filled in."""
    numbers = {s["id"]: str(s["number"]) for s in document.get("services") or []}

    def fill(text: object) -> object:
        return re.sub(r"\{([\w-]+)\}", lambda m: numbers.get(m.group(1), m.group(0)), text) if isinstance(text, str) else text

    routes = document.get("routes") or []
    default = {r["level"]: r["id"] for r in routes if r.get("default")}
    return {
        "Warning sign": {s["id"]: {"level": s.get("level"), "route": s.get("route") or default.get(s.get("level")),
                                   "lead": s.get("lead"), "signs": s.get("signs") or []}
                         for s in document.get("situations") or []},
        "Where to get help": {r["id"]: {"level": r.get("level"), "heading": fill(r.get("heading")),
                                        "details": fill(r.get("details"))} for r in routes},
        "Phone number": {service: {"number": number} for service, number in numbers.items()},
    }


def diff_care(old: Care, new: Care) -> list[str]:
    """One Markdown line per situation, route or phone number added, removed or changed."""
    lines = []
    before, after = care_view(old), care_view(new)
    for kind in after:
        was, now = before[kind], after[kind]
        for item in sorted(was.keys() | now.keys()):
            if item not in now:
                lines.append(f"- {kind} `{item}` removed")
            elif item not in was:
                lines.append(f"- {kind} `{item}` added: " + "; ".join(f"{k} {_value(v)}" for k, v in now[item].items()))
            else:
                lines += [f"- {kind} `{item}`: {change}" for change in _field_changes(was[item], now[item])]
    return lines


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    changes = []
    for key in old:
        if isinstance(old[key], list):
            changes += [f"{key[:-1]} removed: {_value(s)}" for s in old[key] if s not in new[key]]
            changes += [f"{key[:-1]} added: {_value(s)}" for s in new[key] if s not in old[key]]
        elif old[key] != new[key]:
            changes.append(f"{key} {_value(old[key])} → {_value(new[key])}")
    return changes


# --- Clinical checks ------------------------------------------------------------------

Reviews = dict[str, dict[str, str]]  # review-fingerprints.json's pages: "docs/x.md" -> url, fingerprint, state, role, date
REVIEWS_FILE = "review-fingerprints.json"  # written by the build (macros/review.py)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def load_reviews(site: Path) -> Reviews:
    """Each page's fingerprint and clinical-check state in a build; none from a build made before there were any."""
    path = site / REVIEWS_FILE
    return json.loads(path.read_text(encoding="utf-8")).get("pages", {}) if path.is_file() else {}


def _long_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso[:10].split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def diff_reviews(old: Reviews, new: Reviews, pages: dict[str, Page]) -> list[str]:
    """One Markdown line per page that was checked by a clinician and, with this change, no longer
    matches what they checked: it will show "Updated since it was checked" until it is checked again."""
    lines = []
    for src in sorted(old.keys() & new.keys()):
        was, now = old[src], new[src]
        if was.get("state") == "checked" and now.get("state") == "updated":
            page = pages.get(now.get("url", ""))
            title = escape(page.title) if page else escape(src)
            date = _long_date(now["date"])
            lines.append(f"- **{title}** (`{now.get('url', '')}`, `{src}`): checked by {escape(now.get('role', ''))} on {date}; "
                         f"it will show \"Updated since it was checked on {date}\". A clinician checks it again with "
                         f"`make sign-off PAGE={src}`.")
    return lines


# --- Pages, sentences and links -------------------------------------------------------

def match_pages(old: dict[str, Page], new: dict[str, Page]) -> tuple[list[tuple[Page | None, Page | None]], dict[str, str]]:
    """Pages paired by address; a removed page whose text closely matches an added one is a rename."""
    added = [new[u] for u in sorted(new.keys() - old.keys())]
    renames: dict[str, str] = {}
    for url in sorted(old.keys() - new.keys()):
        words = old[url].words
        scored = [(SequenceMatcher(None, words, p.words, autojunk=False).ratio(), p.url)
                  for p in added if p.url not in renames.values()]
        best = max(scored, default=(0.0, ""))
        if best[0] > RENAME_RATIO:
            renames[url] = best[1]
    pairs: list[tuple[Page | None, Page | None]] = [(old[u], new[u]) for u in sorted(new.keys() & old.keys())]
    pairs += [(old[u], new[renames[u]]) for u in sorted(renames)]
    pairs += [(old[u], None) for u in sorted(old.keys() - new.keys() - renames.keys())]
    pairs += [(None, new[u]) for u in sorted(new.keys() - old.keys() - set(renames.values()))]
    return pairs, renames


def _likeness(a: str, b: str) -> float:
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def align(old: Sequence[Sentence], new: Sequence[Sentence], pairs: dict[str, str]) -> list[Pair]:
    """Both versions of a page, sentence by sentence: the same sentence (once the changed facts'
    words are swapped in), an edited one (the closest, if alike enough), or one only removed or added."""
    a, b = [reword(s.plain, pairs) for s in old], [s.plain for s in new]
    aligned: list[Pair] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            aligned += zip(old[i1:i2], new[j1:j2], strict=True)
            continue
        was, start = old[i1:i2], 0
        added: list[Pair] = []
        for n in new[j1:j2]:
            score, i = max(((_likeness(was[k].plain, n.plain), k) for k in range(start, len(was))), default=(0.0, 0))
            if score < EDIT_RATIO:
                added.append((None, n))
                continue
            aligned += [*_removed(was[start:i]), *added, (was[i], n)]
            start, added = i + 1, []
        aligned += [*_removed(was[start:]), *added]
    return aligned


def _removed(sentences: Iterable[Sentence]) -> list[Pair]:
    return [(s, None) for s in sentences]


def pair_pages(old: dict[str, Page], new: dict[str, Page], pairs: dict[str, str]) -> tuple[list[PagePair], dict[str, str]]:
    matched, renames = match_pages(old, new)
    return [PagePair(o, n, tuple(align(o.sentences if o else (), n.sentences if n else (), pairs)))
            for o, n in matched], renames


def diff_words(old: str, new: str) -> str:
    """One sentence, word by word: ~~deleted~~ **inserted**."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"~~{escape(' '.join(a[i1:i2]))}~~")
        if j2 > j1:
            parts.append(f"**{escape(' '.join(b[j1:j2]))}**")
    return " ".join(parts)


def diff_page(pair: PagePair, pairs: dict[str, str]) -> list[tuple[str, str]]:
    """The sentences that changed, word by word, each with its nearest heading. One that differs
    only by a changed fact's words (see `rewording`) is left out: Facts lists it."""
    changes = []
    for o, n in pair.sentences:
        if o and n and reword(o.plain, pairs) != n.plain and o.plain != n.plain:
            changes.append((n.heading, f"- {diff_words(o.plain, n.plain)}"))
        elif o and not n:
            changes.append((o.heading, f"- ~~{escape(o.plain)}~~"))
        elif n and not o:
            changes.append((n.heading, f"- **{escape(n.plain)}**"))
    return changes


def diff_links(old: Page, new: Page, renames: dict[str, str]) -> list[str]:
    """Links with the same text on the same page whose target changed (a renamed page's new address is no change)."""
    def targets(page: Page, follow: bool) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for text, target in page.links:
            path, hash_, fragment = target.partition("#")
            found[text].add((renames.get(path, path) if follow else path) + hash_ + fragment)
        return found

    was, now = targets(old, True), targets(new, False)
    lines = []
    for text in sorted(was.keys() & now.keys()):
        gone, added = ", ".join(sorted(was[text] - now[text])), ", ".join(sorted(now[text] - was[text]))
        if gone or added:
            change = f"{gone} → {added}" if gone and added else f"now also to {added}" if added else f"no longer to {gone}"
            lines.append(f"- \"{escape(text)}\": {change}")
    return lines


# --- The report ---------------------------------------------------------------------

def escape(text: str) -> str:
    """Text safe inside Markdown: no accidental emphasis, links, tables or HTML."""
    return re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", text)


def _value(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return f"\"{escape(value)}\"" if isinstance(value, str) else str(value)


def _where(page: Page, heading: str) -> str:
    return f"**{escape(page.title)}** (`{page.url}`), " + (f"under *{escape(heading)}*" if heading else "at the top of the page")


def render_facts(changes: Sequence[FactChange], pages: Sequence[PagePair]) -> list[str]:
    lines = []
    for change in changes:
        label = _forms(change.new or change.old).get("label", "")
        status = " (new)" if not change.old else " (removed)" if not change.new else ""
        lines += ["", f"### `{change.id}`{status}: {escape(label)}", ""]
        old, new = _forms(change.old).get("text"), _forms(change.new).get("text")
        if old != new:
            lines.append(f"- Readers see: {_value(old)} → {_value(new)}")
        lines += [f"- {key}: {_value(was)} → {_value(now)}" for key, was, now in change.fields()]
        found = appearances(change, pages)
        lines += ["", f"Where it appears ({len(found)}):" if found else "It appears on no page.", ""]
        for page, heading, before, after in found:
            lines.append(f"- {_where(page, heading)}")
            if before == after:
                lines.append(f"  - Unchanged words: {escape(before)}")
            else:
                lines += [f"  - Before: {escape(before) or '(not shown)'}", f"  - After: {escape(after) or '(not shown)'}"]
    return lines


def _under_headings(changes: Iterable[tuple[str, str]]) -> list[str]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for heading, line in changes:
        grouped[heading].append(line)
    return [line for heading, lines in grouped.items() for line in ["", f"#### {escape(heading) or 'Top of the page'}", "", *lines]]


def render_text(pages: Sequence[PagePair], pairs: dict[str, str]) -> list[str]:
    """Each page's changed sentences under its headings. A change found on SHARED pages or more
    (the page template's, say) is shown once, first, with the pages it is on."""
    diffs = [(pair, diff_page(pair, pairs)) for pair in pages if pair.old and pair.new]
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pair, changes in diffs:
        for change in dict.fromkeys(changes):
            where[change].append(pair.page.url)
    shared: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    for change, found in where.items():
        if len(found) >= SHARED:
            shared[tuple(found)].append(change)
    lines = []
    for urls, changes in shared.items():
        lines += ["", f"### The same change on {len(urls)} pages", "", ", ".join(f"`{url}`" for url in urls)]
        lines += _under_headings(changes)
    for pair, changes in diffs:
        if rest := [c for c in changes if len(where[c]) < SHARED]:
            was = f", was `{pair.old.url}`" if pair.old.url != pair.page.url else ""  # type: ignore[union-attr]
            lines += ["", f"### {escape(pair.page.title)} (`{pair.page.url}`{was})", *_under_headings(rest)]
    return lines


def render_report(header: str, old: dict[str, Page], new: dict[str, Page], facts: Sequence[FactChange],
                  care: Sequence[str], reviews: Sequence[str] = ()) -> str:
    """The whole report in Markdown: each section only if something in it changed. `reviews`
    (from `diff_reviews`) come first: each is a page a clinician must check again."""
    reworded = rewording(facts)
    pages, renames = pair_pages(old, new, reworded)
    moves = [f"- Renamed: `{u}` → `{renames[u]}` ({escape(new[renames[u]].title)})" for u in sorted(renames)]
    moves += [f"- Removed: `{p.old.url}` ({escape(p.old.title)})" for p in pages if p.old and not p.new]
    moves += [f"- Added: `{p.new.url}` ({escape(p.new.title)})" for p in pages if p.new and not p.old]
    links = []
    for pair in pages:
        if pair.old and pair.new and (changed := diff_links(pair.old, pair.new, renames)):
            links += ["", f"### {escape(pair.new.title)} (`{pair.new.url}`)", "", *changed]
    text = render_text(pages, reworded)
    sections = [("Needs a new review", ["", *reviews] if reviews else []), ("Facts", render_facts(facts, pages)), ("Warning signs and care levels", ["", *care] if care else []),
                ("Pages added, removed or renamed", ["", *moves] if moves else []),
                ("Links that now point elsewhere", links), ("Page text", text)]
    out = [header.rstrip("\n")]
    for title, lines in sections:
        out += ["", f"## {title}", *lines] if lines else []
    return "\n".join(out if len(out) > 1 else [*out, "", NO_CHANGE]) + "\n"


# --- Building both sides ------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def default_base(repo: Path) -> tuple[str, str]:
    """The merge base with main (or origin/main, as a CI clone has it), else HEAD~1; and how to name it."""
    for branch in ("main", "origin/main"):
        if subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}"], cwd=repo,
                          capture_output=True).returncode == 0:
            return git(repo, "merge-base", "HEAD", branch), f"the merge base with {branch}"
    return "HEAD~1", "HEAD~1, as there is no main branch"


class BuildError(RuntimeError):
    pass


def build(tree: Path, site: Path) -> None:
    """A strict build, as `make build` runs it (never with -q, which hides the warnings strict mode counts).
    `python -m` puts the tree first on the import path, so each tree builds with its own macros/."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=900)
    if proc.returncode:
        raise BuildError(f"the strict build of {tree} failed:\n{proc.stdout}{proc.stderr}")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "(not installed)"


def header(repo: Path, base: str, label: str) -> str:
    describe = git(repo, "log", "-1", "--format=%h (%s)", base)
    dirty = " with its uncommitted changes" if git(repo, "status", "--porcelain", "--untracked-files=no") else ""
    versions = ", ".join(f"{name} {_version(name)}" for name in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin"))
    return (f"# What readers will see change\n\nBase ({escape(label)}): {escape(describe)}. Compared with: the working tree "
            f"(`{git(repo, 'rev-parse', '--short', 'HEAD')}`{dirty}).\n\nBoth sites were built with `mkdocs build "
            f"--strict`, each with its own macros/ and hooks, but both with the working tree's installed packages "
            f"({versions}), not the base's own lock file.")


def report(repo: Path, base: str, label: str) -> str:
    """Build the base (in a temporary worktree, removed afterwards) and the working tree, and compare them."""
    with tempfile.TemporaryDirectory(prefix="site-diff-") as tmp:
        root = Path(tmp)
        worktree, old_site, new_site = root / "base", root / "base-site", root / "site"
        git(repo, "worktree", "add", "--detach", "--quiet", str(worktree), base)
        try:
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda job: build(*job), [(worktree, old_site), (repo, new_site)]))
            facts = diff_facts(load_facts(old_site, worktree), load_facts(new_site, repo))
            care = diff_care(load_care(worktree), load_care(repo))
            new_pages = read_site(new_site)
            reviews = diff_reviews(load_reviews(old_site), load_reviews(new_site), new_pages)
            return render_report(header(repo, base, label), read_site(old_site), new_pages, facts, care, reviews)
        finally:
            git(repo, "worktree", "remove", "--force", str(worktree))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report what readers will see change between a base and the working tree.")
    parser.add_argument("--base", help="a commit or branch (default: the merge base with main, else HEAD~1)")
    parser.add_argument("--output", default="site-diff.md", help="where to write the report (default: site-diff.md)")
    parser.add_argument("--repo", default=".", help="the repository (default: the current folder)")
    args = parser.parse_args(argv)
    repo = Path(git(Path(args.repo), "rev-parse", "--show-toplevel"))
    base, label = (args.base, args.base) if args.base else default_base(repo)
    try:
        text = report(repo, base, label)
    except BuildError as error:
        print(f"site_diff: {error}", file=sys.stderr)
        return 1
    Path(args.output).write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
