#!/usr/bin/env python3
"""Fail when a number with a unit is typed straight into a page instead of coming from data/.

Usage: check_inline_doses.py [DOCS_DIR_OR_FILES...]   (default: docs)

Macro calls ({{ ... }}) and Jinja tags ({% ... %}) are removed before the
check, so {{ fact('oral.max_daily.us') }} passes and "80 mg" fails. Front
matter is checked too: the description is shown in search results.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

NUMBER = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
UNIT = (
    r"(?:mg|milligrams?|micrograms?|mcg|µg|ug|ml|millilitres?|milliliters?|mg/ml|%|per ?cent|percent|"
    r"hours?|hrs?|h|minutes?|mins?|days?|weeks?|months?|years?|°c|degrees)"
)
INLINE_DOSE = re.compile(rf"(?<![\w.#-]){NUMBER}(?:\s*(?:to|-|–)\s*{NUMBER})?\s*{UNIT}(?![\w])", re.IGNORECASE)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _blank(match: re.Match) -> str:
    # Keep the newlines so that line numbers still point at the right place.
    return re.sub(r"[^\n]", " ", match.group(0))


def find_inline_doses(text: str) -> list[tuple[int, str]]:
    text = JINJA.sub(_blank, text)
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in INLINE_DOSE.finditer(line):
            problems.append((number, match.group(0).strip()))
    return problems


def main(argv: list[str]) -> int:
    targets = [Path(arg) for arg in argv] or [Path("docs")]
    files = sorted(f for t in targets for f in ([t] if t.is_file() else t.rglob("*.md")))
    found = 0
    for path in files:
        for line, text in find_inline_doses(path.read_text(encoding="utf-8")):
            found += 1
            print(
                f"{path}:{line}: the number '{text}' is typed into the page. "
                "Fix: put it in data/facts.yml with a source and show it with {{ fact('its.id') }} "
                "(see 'Adding or changing a fact' in contributing/data.md)."
            )
    if found:
        print(f"{found} number(s) with a unit typed straight into pages; every number must come from data/.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
