"""The macros that put facts and care advice from data/ into pages.

Only `define_env` is used, with variables and macros registered on `env`, so
this module also runs on builders other than MkDocs (ProperDocs, Zensical).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import care_cards, errors, formatting, loader, pages, rendering
from .schema import Fact
from .sitedata import SiteData

PLUGIN_NAME = "baclofen-site"


def build_error(error: Exception) -> Exception:
    """MkDocs prints a PluginError as one clear line instead of a traceback."""
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # another builder (Zensical) shows the plain error
        return error
    return PluginError(str(error))


def read_site_data(project: Path) -> SiteData:
    try:
        return loader.load_site_data(project / "data")
    except errors.DataError as error:
        raise build_error(error) from None


class PageMacros:
    """The macros a page can call, for one build's data; `page_src` names the page being rendered."""

    def __init__(self, data: SiteData, page_src: Callable[[], str]) -> None:
        self.data = data
        self.page_src = page_src

    def _error(self, problem: str, fix: str) -> errors.DataError:
        return errors.DataError(f"docs/{self.page_src()}", problem, fix)

    def _lookup(self, fact_id: str) -> Fact:
        if fact_id in self.data.facts:
            return self.data.facts[fact_id]
        close = loader.nearest(fact_id, list(self.data.facts))
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "see data/facts.yml for the ids."
        raise self._error(f"unknown fact id '{fact_id}'.", f"{hint} Every id is listed on the 'Facts at a glance' page and in data/facts.yml.")

    def _cite_here(self, source_ids: Sequence[str]) -> str:
        return rendering.citation(source_ids, self.data, self.page_src())

    def _care(self, make: Callable[[], str]) -> str:
        """Run a care macro; a wrong request fails the build naming the page and the fix."""
        try:
            return make()
        except care_cards.CareRequestError as error:
            raise self._error(f"{error}.", "see contributing/care-advice.md.") from None

    # --- Facts ------------------------------------------------------------------

    def fact(self, fact_id: str, cite: bool = True) -> str:
        """A fact in plain English with its unit, and its sources: '80 mg a day [US label]'."""
        return rendering.fact_with_citation(self._lookup(fact_id), self.data, self.page_src(), cite)

    def amount(self, fact_id: str) -> str:
        """Only the amount, without 'a day' or 'a dose' and without citation: '80 mg'."""
        return formatting.amount_text(self._lookup(fact_id))

    def daily_total(self, fact_id: str) -> str:
        """The total a day of a dose taken several times a day: '15 mg a day'."""
        try:
            return formatting.daily_total_text(self._lookup(fact_id))
        except ValueError as error:
            raise self._error(f"{error}.", f"show it with {{{{ fact('{fact_id}') }}}} instead (see 'Macros' in CONTRIBUTING.md).") from None

    def cite(self, *source_ids: str) -> str:
        """Cite sources for a statement that has no number in it."""
        for source_id in source_ids:
            if source_id not in self.data.sources:
                close = loader.nearest(source_id, list(self.data.sources))
                hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "add it to data/sources.yml."
                raise self._error(f"unknown source id '{source_id}' in cite().", hint)
        return self._cite_here(source_ids)

    def buildup_table(self) -> str:
        """The oral build-up schedule, computed from the starting dose, step, interval and target."""
        try:
            return rendering.buildup_table(self.data, self.page_src())
        except ValueError as error:
            raise self._error(f"{error}.", "check oral.start_dose, oral.titration_step, oral.titration_interval and oral.buildup_target in data/facts.yml.") from None

    # --- When to get help (data/care.yml) ---------------------------------------

    def care_cards(self, *topics: str, heading_level: int = 3, levels: str | None = None) -> str:
        """The 'when to get help' cards of the page's topics."""
        return self._care(lambda: care_cards.care_cards(self.data.care, topics, self._cite_here, heading_level, levels))

    def warning_signs(self, situation_id: str) -> str:
        """The signs of one situation, as a list (no route: the cards give that)."""
        return self._care(lambda: care_cards.sign_list(self.data.care, situation_id))

    def warning_signs_inline(self, situation_id: str) -> str:
        """The same signs in one line, for the printable card."""
        return self._care(lambda: care_cards.sign_sentence(self.data.care, situation_id))

    def what_to_do(self, situation_id: str) -> str:
        """Whom to call for one situation, in a sentence, for a page's own explanation."""
        return self._care(lambda: care_cards.what_to_do(self.data.care, situation_id, self._cite_here))

    def when_to_get_help(self) -> str:
        return care_cards.help_page(self.data.care, self._cite_here)

    def care_card(self, *_args: object, **_kwargs: object) -> NoReturn:
        """Gone: a page may not type its own warning signs."""
        raise self._error(
            "care_card() with hand-typed warning signs is no longer allowed.",
            "warning signs and whom to call come from data/care.yml: write {{ care_cards('topic', ...) }} "
            "with the page's topics instead (see contributing/care-advice.md).",
        )

    # --- Generated pages ----------------------------------------------------------

    def references_list(self) -> str:
        return rendering.references_page(self.data)

    def source_notes(self) -> str:
        return rendering.source_notes_page(self.data)

    def facts_at_a_glance(self) -> str:
        return rendering.facts_page(self.data, self.page_src())


MACROS = (
    "fact", "amount", "daily_total", "cite", "buildup_table",
    "care_cards", "warning_signs", "warning_signs_inline", "what_to_do", "when_to_get_help", "care_card",
    "references_list", "source_notes", "facts_at_a_glance",
)


def define_env(env: Any) -> None:
    """Register the macros. The site's MkDocs plugin has read data/ already; another
    builder that runs only this module (Zensical) reads it here."""
    plugins = getattr(env.conf, "plugins", None) or {}
    site_plugin = plugins.get(PLUGIN_NAME)
    data: SiteData = site_plugin.data if site_plugin is not None else read_site_data(Path(env.project_dir))
    page_macros = PageMacros(data, lambda: str(env.page.file.src_uri))
    for name in MACROS:
        env.macro(getattr(page_macros, name), name)
    env.variables["emergency_numbers"] = data.care.emergency_numbers()
    env.variables["emergency_numbers_explained"] = data.care.emergency_numbers_explained()
    env.variables["max_review_gap_years"] = pages.MAX_REVIEW_GAP_YEARS
    env.variables["fact_count"] = len(data.facts)
    env.variables["source_count"] = len(data.sources)
