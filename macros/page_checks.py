"""Checks of each page as readers get it: the HTML after the macros and Markdown have run.

A check of the Markdown source can always be dodged by another spelling ("10 mgs",
"half a milligram", a number in a snippet). Here the text is the text a reader
sees: every dose-like number must sit inside a fact the macros wrote (they mark it
with data-fact), and nothing a contributor typed may run in a reader's browser.
Pure functions of the HTML; the plugin turns a finding into a build error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# What a dose, strength, interval or percentage looks like in words.
NUMBER = (
    r"(?:\d+(?:[.,]\d+)*|half|quarter|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
UNIT = (
    r"(?:mgs?|milligram(?:me)?s?|micrograms?|microgram(?:me)?s?|mcg|µg|ug|g|grams?|gram(?:me)?s?|"
    r"mls?|millilit(?:re|er)s?|cc|mg/ml|%|per ?cent|"
    r"tablets?|capsules?|sachets?|packets?|spoonfuls?|teaspoons?|drops?|doses?|"
    r"hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|°c|degrees)"
)
DOSE_LIKE = re.compile(
    rf"(?<![\w.#/-]){NUMBER}(?:\s*(?:to|-|–|or)\s*{NUMBER})?\s*(?:a\s+|an\s+)?{UNIT}(?![\w])", re.IGNORECASE
)
# Macro calls that did not run: single braces, or a call left as text.
STRAY_MACRO = re.compile(r"\{\{|\{%|\{#|\{\s*(?:fact|amount|cite|care_cards|daily_total)\s*\(|\b(?:fact|amount|cite)\(\s*['\"]")

SKIPPED = {"code", "pre", "script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements no page may carry: they run code, load another site, or send the reader away.
FORBIDDEN_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "meta", "link", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background"}
BAD_SCHEMES = re.compile(r"^\s*(?:javascript|vbscript|data|file):", re.IGNORECASE)


@dataclass
class PageText:
    """The reader's text of a page, outside the facts the macros marked, and what is unsafe in it."""

    unmarked: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    h1_count: int = 0


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = PageText()
        # For each open element: (tag, does it start a fact, is its text skipped)
        self.stack: list[tuple[str, bool, bool]] = []

    def _inside(self) -> tuple[bool, bool]:
        return any(fact for _, fact, _ in self.stack), any(skip for _, _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.result.unsafe.append(f"a <{tag}> element")
        for name, value in names.items():
            if name.startswith("on"):
                self.result.unsafe.append(f"an event handler ({name}=) on <{tag}>")
            elif name in URL_ATTRIBUTES and BAD_SCHEMES.match(value):
                self.result.unsafe.append(f"a {value.split(':', 1)[0].strip().lower()}: address in <{tag} {name}=>")
            elif name == "style" and re.search(r"url\s*\(|expression\s*\(", value, re.IGNORECASE):
                self.result.unsafe.append(f"a style that loads or runs something, on <{tag}>")
        if "mermaid" in names.get("class", "").split():
            self.result.unsafe.append(f"a diagram (class=\"mermaid\") on <{tag}>, which makes the theme load a script from unpkg.com")
        if tag == "h1":
            self.result.h1_count += 1
        if tag == "abbr" and names.get("title"):
            # A glossary entry (includes/abbreviations.md) is read in its tooltip.
            self.result.unmarked.append(names["title"])
        if tag not in VOID:
            # A footnote's number (a citation marker) is not a number a reader reads as a dose.
            numbered = bool({"footnote-ref", "footnote-backref"} & set(names.get("class", "").split()))
            self.stack.append((tag, "data-fact" in names, tag in SKIPPED or numbered))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        in_fact, skipped = self._inside()
        if not in_fact and not skipped and data.strip():
            self.result.unmarked.append(data)


def read_page(html: str) -> PageText:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.result


def typed_numbers(text: PageText) -> list[str]:
    """Dose-like numbers in the reader's text that no fact macro wrote."""
    joined = " ".join(re.sub(r"\s+", " ", part) for part in text.unmarked)
    return [match.group(0).strip() for match in DOSE_LIKE.finditer(joined)]


def stray_macros(text: PageText) -> list[str]:
    joined = " ".join(text.unmarked)
    return [match.group(0) for match in STRAY_MACRO.finditer(joined)]


def source_line(source: str, needle: str) -> int | None:
    """The line of the page's Markdown that holds `needle` (a number a reader sees), if it is there."""
    words = [re.escape(word) for word in needle.split()]
    pattern = re.compile(r"\s+".join(words), re.IGNORECASE)
    for number, line in enumerate(source.splitlines(), start=1):
        if pattern.search(line):
            return number
    first = re.escape(needle.split()[0]) if needle.split() else ""
    for number, line in enumerate(source.splitlines(), start=1):
        if first and re.search(rf"(?<![\w.]){first}(?![\w.])", line):
            return number
    return None
