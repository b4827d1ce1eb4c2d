"""The macros that put facts from data/ into pages.

Only `define_env` is used, with variables and macros registered on `env`:
that keeps this module portable to ProperDocs and Zensical (see README).
The data is loaded and validated once per build, here, not once per page.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from . import care, care_cards, errors, formatting, loader, pages, rendering, rules, schema

# `mkdocs serve` rebuilds in the same Python process, where imported modules
# are cached; reloading the submodules makes edits to macros/ show on the
# next rebuild. Order matters: each module before those that import it.
_SUBMODULES = (errors, schema, care, formatting, rules, loader, care_cards, rendering, pages)

# The data of the current build, for the MkDocs hooks (facts.json) so that
# they do not read and validate data/ a second time.
_current: dict[str, loader.SiteData] = {}


def current_data() -> loader.SiteData:
    return _current["data"]


def _fresh_modules() -> None:
    for module in _SUBMODULES:
        importlib.reload(module)


def _build_error(error: Exception) -> Exception:
    """MkDocs prints a PluginError as one clear line instead of a traceback."""
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # another builder (Zensical) shows the plain error
        return error
    return PluginError(str(error))


def define_env(env) -> None:
    _fresh_modules()
    try:
        data = loader.load_site_data(Path(env.project_dir) / "data")
    except errors.DataError as error:
        raise _build_error(error) from None
    _current["data"] = data

    def page_src() -> str:
        return env.page.file.src_uri

    def lookup(fact_id: str) -> schema.Fact:
        if fact_id in data.facts:
            return data.facts[fact_id]
        close = loader.nearest(fact_id, list(data.facts))
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "see data/facts.yml for the ids."
        raise errors.DataError(
            f"docs/{page_src()}", f"unknown fact id '{fact_id}'.",
            f"{hint} Every id is listed on the 'Facts at a glance' page and in data/facts.yml.",
        )

    def check_sources(source_ids) -> None:
        for source_id in source_ids:
            if source_id not in data.sources:
                close = loader.nearest(source_id, list(data.sources))
                hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "add it to data/sources.yml."
                raise errors.DataError(f"docs/{page_src()}", f"unknown source id '{source_id}' in cite().", hint)

    @env.macro
    def fact(fact_id: str, cite: bool = True) -> str:
        """A fact in plain English with its unit, and its sources: '80 mg a day [US label]'."""
        return rendering.fact_with_citation(lookup(fact_id), data, page_src(), cite)

    @env.macro
    def amount(fact_id: str) -> str:
        """Only the amount, without 'a day' or 'a dose' and without citation: '80 mg'."""
        return formatting.amount_text(lookup(fact_id))

    @env.macro
    def daily_total(fact_id: str) -> str:
        """The total a day of a dose taken several times a day: '15 mg a day'."""
        try:
            return formatting.daily_total_text(lookup(fact_id))
        except ValueError as error:
            raise errors.DataError(
                f"docs/{page_src()}", f"{error}.",
                f"show it with {{{{ fact('{fact_id}') }}}} instead (see 'Macros' in CONTRIBUTING.md).",
            ) from None

    @env.macro
    def cite(*source_ids: str) -> str:
        """Cite sources for a statement that has no number in it."""
        check_sources(source_ids)
        return rendering.citation(source_ids, data, page_src())

    @env.macro
    def buildup_table() -> str:
        """The oral build-up schedule, computed from the starting dose, step, interval and target."""
        return rendering.buildup_table(data, page_src())

    def care_request(make):
        """Run a care macro; a wrong request fails the build naming the page and the fix."""
        try:
            return make()
        except care_cards.CareRequestError as error:
            raise errors.DataError(f"docs/{page_src()}", f"{error}.", "see contributing/care-advice.md.") from None

    def cite_here(source_ids) -> str:
        return rendering.citation(source_ids, data, page_src())

    def cards_of_topics(*topics: str, heading_level: int = 3, levels: str | None = None) -> str:
        """The 'when to get help' cards of the page's topics, from data/care.yml."""
        return care_request(lambda: care_cards.care_cards(data.care, topics, cite_here, heading_level, levels))

    env.macro(cards_of_topics, "care_cards")

    @env.macro
    def warning_signs(situation_id: str) -> str:
        """The signs of one situation in data/care.yml, as a list (no route: the cards give that)."""
        return care_request(lambda: care_cards.sign_list(data.care, situation_id))

    @env.macro
    def warning_signs_inline(situation_id: str) -> str:
        """The same signs in one line, for the printable card."""
        return care_request(lambda: care_cards.sign_sentence(data.care, situation_id))

    @env.macro
    def what_to_do(situation_id: str) -> str:
        """Whom to call for one situation, in a sentence, for a page's own explanation."""
        return care_request(lambda: care_cards.what_to_do(data.care, situation_id, cite_here))

    @env.macro
    def when_to_get_help() -> str:
        return care_cards.help_page(data.care, cite_here)

    @env.macro
    def care_card(*_args, **_kwargs) -> str:
        """Gone: a page may not type its own warning signs."""
        raise errors.DataError(
            f"docs/{page_src()}", "care_card() with hand-typed warning signs is no longer allowed.",
            "warning signs and whom to call come from data/care.yml: write {{ care_cards('topic', ...) }} "
            "with the page's topics instead (see contributing/care-advice.md).",
        )

    @env.macro
    def references_list() -> str:
        return rendering.references_page(data)

    @env.macro
    def source_notes() -> str:
        return rendering.source_notes_page(data)

    @env.macro
    def facts_at_a_glance() -> str:
        return rendering.facts_page(data, page_src())

    # The emergency numbers come from data/care.yml too; the theme's site-wide
    # strip reads them from `extra`, the pages from these variables.
    env.variables["emergency_numbers"] = data.care.emergency_numbers()
    env.variables["emergency_numbers_explained"] = data.care.emergency_numbers_explained()
    env.conf["extra"]["emergency_numbers_explained"] = data.care.emergency_numbers_explained()
    env.variables["max_review_gap_years"] = pages.MAX_REVIEW_GAP_YEARS
    env.variables["fact_count"] = len(data.facts)
    env.variables["source_count"] = len(data.sources)


__all__ = ["define_env"]
