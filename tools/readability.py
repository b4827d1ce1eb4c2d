#!/usr/bin/env python3
"""Reading level of each built page, measured on the text a reader sees.

Usage: readability.py [SITE_DIR]     (default: site; build it first with `make build`)

Prints the Flesch-Kincaid grade of each page's article text. Citation markers,
tables, code and screen-reader-only text are left out; headings and list items
count as sentences, as the NHS readability guidance advises.
"""

from __future__ import annotations

import re
import statistics
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path

with warnings.catch_warnings():
    # textstat 0.7.2 imports the deprecated pkg_resources.
    warnings.simplefilter("ignore")
    import textstat

SKIPPED_TAGS = {"sup", "script", "style", "table", "pre", "code", "nav", "form", "button"}
SKIPPED_CLASSES = {"headerlink", "visually-hidden", "care-card__tag", "md-source-file", "review-status", "footnote"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "figcaption"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source"}


class _ArticleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.stack: list[bool] = []  # one entry per open element inside the article: skipped?
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
            return
        if not self.in_article or tag in VOID:
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        skip = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES) or values.get("aria-hidden") == "true"
        self.stack.append(skip)
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
            return
        if not self.in_article or tag in VOID or not self.stack:
            return
        self.stack.pop()
        if tag in BLOCKS:
            self.parts.append(".\n")

    def handle_data(self, data: str) -> None:
        if self.in_article and not any(self.stack):
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = _ArticleText()
    parser.feed(html)
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"([.:?!])\s*\.", r"\1", text)  # a heading that already ends in punctuation
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def page_grades(site: Path) -> dict[str, float]:
    grades = {}
    for path in sorted(site.rglob("index.html")):
        slug = str(path.parent.relative_to(site)) if path.parent != site else "index"
        if slug.startswith("search"):
            continue
        text = article_text(path.read_text(encoding="utf-8"))
        if text:
            grades[slug] = grade(text)
    return grades


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    grades = page_grades(site)
    for slug, value in grades.items():
        print(f"{value:5.1f}  {slug}")
    print(f"median {statistics.median(grades.values()):.1f} over {len(grades)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
