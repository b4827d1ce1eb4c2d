"""A glossary term is explained where a page first uses it. Pure function.

The abbreviations extension marks every occurrence of a glossary term with
<abbr title="...">, and Material sets up a tooltip for each one when the page
opens: 48 on the References page, most of them "MS". Explaining a term at its
first use on the page is the usual rule (WCAG technique H28); later uses read as
plain text, with less dotted underlining to distract from the words, and the page
opens faster on a slow phone. The Glossary page lists every term.
"""

from __future__ import annotations

import re

_ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.DOTALL)


def first_use_only(html: str) -> str:
    seen: set[tuple[str, str]] = set()

    def keep_first(match: re.Match) -> str:
        key = (match.group(1), match.group(2))
        if key in seen:
            return match.group(2)
        seen.add(key)
        return match.group(0)

    return _ABBR.sub(keep_first, html)
