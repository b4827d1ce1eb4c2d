"""Forgiving search (data/search.yml): the words readers type and the words the pages use.

The site's search (Pagefind) finds a word only as the pages spell it, give or take
its ending. So before a search runs, the search page replaces each word a reader
might type (a misspelling, or another word for the same thing) with the word the
pages use, and leaves out the small words of a question ("what if I ..."), which
would otherwise rank a page by how often it says "I".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from .errors import DataError

WORD = r"^[a-z][a-z'-]*$"


class SearchWord(BaseModel):
    """One word the pages use, and what readers may type for it."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    pages_say: Annotated[str, Field(pattern=WORD)]
    readers_type: Annotated[list[Annotated[str, Field(pattern=WORD)]], Field(min_length=1)]


@dataclass(frozen=True)
class SearchWords:
    words: dict[str, SearchWord]
    question_words: tuple[str, ...]
    lines: dict[str, int]  # the line in data/search.yml where each entry starts

    def replacements(self) -> dict[str, str]:
        """{what a reader types: the word the pages use}."""
        return {typed: word.pages_say for word in self.words.values() for typed in word.readers_type}

    def for_the_browser(self) -> str:
        """What the search page's script reads (site.js), as JSON."""
        return json.dumps({"replace": self.replacements(), "ignore": list(self.question_words)},
                          separators=(",", ":"), sort_keys=True)


def check_search_words(search: SearchWords, display: str) -> None:
    """Each typed word has one meaning, and never leads to another replacement or to nothing."""
    typed_at: dict[str, str] = {}
    targets = {word.pages_say for word in search.words.values()}
    ignored = set(search.question_words)
    for word in search.words.values():
        line = search.lines[word.id]
        for typed in word.readers_type:
            if typed == word.pages_say:
                raise DataError(display, f"'{typed}' is both what readers type and what the pages say.",
                                "remove it from readers_type: a word the pages use needs no replacing.", line, word.id)
            if typed in typed_at:
                raise DataError(display, f"'{typed}' is listed twice (also under '{typed_at[typed]}').",
                                "keep it under the one word it means.", line, word.id)
            if typed in targets:
                raise DataError(display, f"'{typed}' is replaced here but is the word the pages use in another entry.",
                                "replace a word by the pages' word directly, never by a word that is itself replaced.", line, word.id)
            if typed in ignored:
                raise DataError(display, f"'{typed}' is also in question_words, which search leaves out.",
                                "keep it in one of the two lists.", line, word.id)
            typed_at[typed] = word.id
        if word.pages_say in ignored:
            raise DataError(display, f"'{word.pages_say}' is in question_words, so searching for it would find nothing.",
                            "remove it from question_words.", line, word.id)


def indexed(meta: Mapping[str, object]) -> bool:
    """Whether search finds a page. Not the generated reference pages (Facts at a glance,
    References, How each source was checked): they repeat every page's numbers and
    sources as lists, and would come first for "maximum dose" ahead of the page that
    explains it. Not a page marked `search: exclude: true` (the search page itself)."""
    search = meta.get("search")
    excluded = isinstance(search, dict) and bool(search.get("exclude"))
    return not excluded and meta.get("page_type") != "generated"


def words_in(texts: list[str]) -> set[str]:
    """The words of a page's text, in lower case, as the checks below compare them."""
    return {word.strip("'-") for text in texts for word in re.findall(r"[a-z][a-z'-]*", text.lower())}


def _on_pages(word: str, page_words: set[str]) -> bool:
    """The word, or the word with a common ending, is on a page (Pagefind finds both)."""
    ending = re.compile(re.escape(word) + r"(?:s|es|ed|ing|d)?")
    return any(ending.fullmatch(seen) for seen in page_words if seen.startswith(word[:3]))


def check_against_pages(search: SearchWords, page_words: set[str], display: str) -> None:
    """Each pages_say word is on a page, and no typed word is: replacing a word the pages
    use would hide the pages that use it."""
    for word in search.words.values():
        line = search.lines[word.id]
        if not _on_pages(word.pages_say, page_words):
            raise DataError(display, f"no page uses the word '{word.pages_say}', so a search for it finds nothing.",
                            "use the word the pages use (check its spelling), or remove the entry.", line, word.id)
        used = [typed for typed in word.readers_type if typed in page_words]
        if used:
            raise DataError(display, f"'{used[0]}' is used on the pages, so replacing it would hide the pages that use it.",
                            f"remove '{used[0]}' from readers_type.", line, word.id)
