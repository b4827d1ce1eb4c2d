"""A glossary term is explained where a page first uses it. Pure functions.

The abbreviations extension marks every occurrence of a glossary term with
<abbr title="...">, and Material sets up a tooltip for each one when the page
opens: 48 on the References page, most of them "MS". Explaining a term at its
first use on the page is the usual rule (WCAG technique H28); that first use
takes keyboard focus, which shows its tooltip as a pointer does. Later uses read as
plain text, with less dotted underlining to distract from the words, and the page
opens faster on a slow phone. The Glossary page lists every term.

An entry on the References page (<p class="reference">, made by
macros/rendering.py) gives a source's title as its publisher wrote it, and a
note for reviewers, so the glossary marks nothing inside it. All 9 tooltips
that page still had were inside entries.
"""

from __future__ import annotations

import re

_ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.DOTALL)
_CITATION = re.compile(r'<p class="reference"[^>]*>.*?</p>', re.DOTALL)
_LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.DOTALL)


def glossary_terms(html: str) -> str:
    """Where the page explains glossary terms: at first use, and never inside a citation."""
    return first_use_only(outside_citations(html))


def outside_citations(html: str) -> str:
    return _CITATION.sub(lambda citation: _ABBR.sub(r"\2", citation.group(0)), html)


def first_use_only(html: str) -> str:
    seen: set[tuple[str, str]] = set()
    linked: set[tuple[str, str]] = set()  # explained already inside a link
    links = [(m.start(), m.end()) for m in _LINK.finditer(html)]

    def keep_first(match: re.Match[str]) -> str:
        key = (match.group(1), match.group(2))
        if key in seen:
            return match.group(2)
        if any(start < match.start() < end for start, end in links):
            # In a link, which takes focus itself: the pointer still shows the explanation
            # (once), and the term's first use outside a link is the one a keyboard reaches.
            if key in linked:
                return match.group(2)
            linked.add(key)
            return match.group(0)
        seen.add(key)
        # Focusable, so a keyboard reaches the explanation too: Material shows an
        # element's tooltip when it takes focus, as when the pointer is over it.
        return f'<abbr title="{match.group(1)}" tabindex="0">{match.group(2)}</abbr>'

    return _ABBR.sub(keep_first, html)
