"""The fingerprint of a page as readers get it: what a clinician's sign-off is a sign-off of.

A review recorded in a page's front matter (`clinical_review:`) holds the fingerprint of
the page at the time of the check. The plugin works the fingerprint out again on every
build; if anything a reader sees has changed since, the two differ and the page says
"Updated since it was checked". The fingerprint is the SHA-256 of, in one JSON document:

- `text`: the page's own text as a reader sees it (the Markdown after the macros, not the
  theme around it: no banner, footer or menu), tags stripped, white space folded to one
  space. Glossary tooltips (<abbr title>) and image descriptions (alt) count as text.
  Citation markers ("[NHS, US label]") do not: their words are the sources' short names,
  which can be reworded without changing what the page says; see `sources`;
- `facts`: for each fact the page shows (the data-fact marks the macros write), its id and
  what data/facts.yml says of it: the number or range, unit, per, times a day, bound,
  region and sources (not its label or reviewer's note, which change no sentence);
- `care_cards`: each 'when to get help' card (class="care-card"), its level and its text;
- `sources`: the ids of the sources the page's citation markers link to, sorted.

`VERSION` is part of the document: changing what goes in is a deliberate change of
version, and every recorded review then shows "Updated since it was checked".
Pure functions of the HTML and the facts' data.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

VERSION = 1
PREFIX = "sha256:"
FORMAT = re.compile(r"^sha256:[0-9a-f]{64}$")

# Never read by a reader (code is: it stays).
SKIPPED_TAGS = {"script", "style", "template", "svg"}
# The citation markers and a heading's permalink.
SKIPPED_CLASSES = {"cite", "headerlink"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCKS = {"p", "li", "ul", "ol", "dl", "dt", "dd", "div", "table", "tr", "td", "th", "caption", "figcaption",
          "blockquote", "pre", "details", "summary", "section", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr"}
# A citation links to the References page: references/#id (references.html#id without directory URLs).
CITED_SOURCE = re.compile(r"references(?:/|/index\.html|\.html)#([a-z0-9-]+)$")


@dataclass
class PageParts:
    """What the fingerprint is made of, read from a page's HTML."""

    text: str = ""
    fact_ids: list[str] = field(default_factory=list)  # in order of first appearance, once each
    care_cards: list[tuple[str, str]] = field(default_factory=list)  # (level, text)
    sources: list[str] = field(default_factory=list)  # sorted, once each


class _Open:
    """An element still open while the page is read."""

    __slots__ = ("card", "cite", "skipped", "tag", "title")

    def __init__(self, tag: str, skipped: bool, cite: bool, card: bool, title: str) -> None:
        self.tag, self.skipped, self.cite, self.card, self.title = tag, skipped, cite, card, title


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.facts: dict[str, None] = {}  # an ordered set
        self.sources: set[str] = set()
        self.cards: list[tuple[str, list[str]]] = []
        self.stack: list[_Open] = []

    def _add(self, text: str) -> None:
        self.words.append(text)
        if any(open_.card for open_ in self.stack):
            self.cards[-1][1].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        classes = set(values.get("class", "").split())
        if tag == "a" and ("cite" in classes or any(open_.cite for open_ in self.stack)):
            if found := CITED_SOURCE.search(values.get("href", "")):
                self.sources.add(found.group(1))
        skipped = any(open_.skipped for open_ in self.stack) or tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        card = False
        if not skipped:
            if tag in BLOCKS:
                self._add(" ")
            if "data-fact" in values:
                self.facts.setdefault(values["data-fact"], None)
            if tag == "img" and values.get("alt"):
                self._add(f" {values['alt']} ")
            if tag == "div" and "care-card" in classes:
                level = next((c.removeprefix("care-card--") for c in sorted(classes) if c.startswith("care-card--")), "")
                self.cards.append((level, []))
                card = True
        if tag not in VOID:
            title = values.get("title", "") if tag == "abbr" and not skipped else ""
            self.stack.append(_Open(tag, skipped, "cite" in classes, card, title))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                closed = self.stack[index:]
                del self.stack[index:]
                for open_ in reversed(closed):
                    if open_.skipped:
                        continue
                    if open_.title:  # a glossary tooltip is read after the word it explains
                        self._add(f" ({open_.title}) ")
                    if open_.tag in BLOCKS:
                        self._add(" ")
                return

    def handle_data(self, data: str) -> None:
        if not any(open_.skipped for open_ in self.stack):
            self._add(data)


def fold(text: str) -> str:
    """White space folded to single spaces, none at either end."""
    return " ".join(text.split())


def page_parts(html: str) -> PageParts:
    """The text, facts, care cards and cited sources of a page's HTML (its content, without the theme)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return PageParts(
        text=fold("".join(reader.words)),
        fact_ids=list(reader.facts),
        care_cards=[(level, fold("".join(words))) for level, words in reader.cards],
        sources=sorted(reader.sources),
    )


def fingerprint(parts: PageParts, facts: Mapping[str, Mapping[str, object]]) -> str:
    """'sha256:' and 64 hex digits, from the page's parts and the data of each fact it shows.

    `facts` maps a fact id to its fields in data/facts.yml; a mark that is no fact in the
    data (the build-up table's cells, the site's review policy) counts by its id alone:
    its words are in the text.
    """
    document = {
        "version": VERSION,
        "text": parts.text,
        "facts": [{"id": fact_id, **facts.get(fact_id, {})} for fact_id in parts.fact_ids],
        "care_cards": [{"level": level, "text": text} for level, text in parts.care_cards],
        "sources": list(parts.sources),
    }
    encoded = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return PREFIX + hashlib.sha256(encoded).hexdigest()


def of_page(html: str, facts: Mapping[str, Mapping[str, object]]) -> str:
    """The fingerprint of one page's HTML."""
    return fingerprint(page_parts(html), facts)


def is_fingerprint(value: str) -> bool:
    return bool(FORMAT.match(value))
