"""The macros that put facts and care advice from data/ into pages.

Only `define_env` is used, with variables and macros registered on `env`, so
this module also runs on builders other than MkDocs (ProperDocs, Zensical).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import care_cards, errors, formatting, loader, pages, rendering, text
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

    def __init__(self, data: SiteData, page_src: Callable[[], str], used: set[str] | None = None,
                 cited: set[str] | None = None) -> None:
        self.data = data
        self.page_src = page_src
        # The facts and sources pages show (not counting the generated 'Facts at a glance'
        # and References), so the plugin can tell which ones no page uses.
        self.used = used if used is not None else set()
        self.cited = cited if cited is not None else set()
        # This page's citation markers: each group of sources is one numbered footnote
        # (Python-Markdown numbers them; Material shows each as a tooltip).
        self.footnotes: dict[tuple[str, ...], str] = {}

    def start_page(self) -> None:
        self.footnotes = {}

    def footnote_definitions(self) -> str:
        return "\n\n".join(
            rendering.source_note(label, ids, self.data, self.page_src()) for ids, label in self.footnotes.items()
        )

    def _error(self, problem: str, fix: str) -> errors.DataError:
        return errors.DataError(f"docs/{self.page_src()}", problem, fix)

    def _lookup(self, fact_id: object) -> Fact:
        if not isinstance(fact_id, str):
            raise self._error(f"a fact id must be text in quotes, not {fact_id!r}.", "write it like {{ fact('oral.start_dose') }}.")
        if fact_id in self.data.facts:
            self.used.add(fact_id)
            return self.data.facts[fact_id]
        close = loader.nearest(fact_id, list(self.data.facts))
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "see data/facts.yml for the ids."
        raise self._error(f"unknown fact id '{fact_id}'.", f"{hint} Every id is listed on the 'Facts at a glance' page and in data/facts.yml.")

    def _cite_here(self, source_ids: Sequence[str]) -> str:
        """One small numbered marker for these sources; its footnote at the end of the page names them."""
        ids = tuple(dict.fromkeys(source_ids))
        self.cited.update(ids)
        label = self.footnotes.setdefault(ids, f"sources-{len(self.footnotes) + 1}")
        return f"[^{label}]"

    def _care(self, make: Callable[[], str]) -> str:
        """Run a care macro; a wrong request fails the build naming the page and the fix."""
        try:
            return make()
        except care_cards.CareRequestError as error:
            raise self._error(f"{error}.", "see contributing/care-advice.md.") from None

    # --- Facts ------------------------------------------------------------------

    def _only_the_id(self, macro: str, extra: tuple[object, ...], options: dict[str, object]) -> None:
        if extra or options:
            given = ", ".join([repr(e) for e in extra] + [f"{k}={v!r}" for k, v in options.items()])
            raise self._error(
                f"{macro}() takes only a fact id, but it was also given {given}.",
                f"write {{{{ {macro}('fact.id') }}}}; it never shows sources, so use {{{{ fact('fact.id') }}}} where the number needs its source.",
            )

    def fact(self, fact_id: str, *extra: object, cite: object = True, **options: object) -> str:
        """A fact in plain English with its unit, and its sources: '80 mg a day [US label]'."""
        if extra or options or not isinstance(cite, bool):
            given = ", ".join([repr(e) for e in extra] + [f"{k}={v!r}" for k, v in options.items()]
                              + ([] if isinstance(cite, bool) else [f"cite={cite!r}"]))
            raise self._error(
                f"fact() takes a fact id and, if needed, cite=False, but it was given {given}.",
                "write {{ fact('oral.start_dose') }} or {{ fact('oral.start_dose', cite=False) }}; "
                "to name more sources for a sentence, add {{ cite('source-id') }} after it.",
            )
        found = self._lookup(fact_id)
        text = rendering.marked(found.id, formatting.fact_text(found))
        return text + self._cite_here(found.sources) if cite else text

    def amount(self, fact_id: str, *extra: object, **options: object) -> str:
        """Only the amount, without 'a day' or 'a dose' and without citation: '80 mg'."""
        self._only_the_id("amount", extra, options)
        fact = self._lookup(fact_id)
        return rendering.marked(fact.id, formatting.amount_text(fact))

    def daily_total(self, fact_id: str, *extra: object, **options: object) -> str:
        """The total a day of a dose taken several times a day: '15 mg a day'."""
        self._only_the_id("daily_total", extra, options)
        try:
            return rendering.marked(fact_id, formatting.daily_total_text(self._lookup(fact_id)))
        except ValueError as error:
            raise self._error(f"{error}.", f"show it with {{{{ fact('{fact_id}') }}}} instead (see 'The macros you need' in CONTRIBUTING.md).") from None

    def cite(self, *source_ids: object, **options: object) -> str:
        """Cite sources for a statement that has no number in it."""
        if not source_ids or options or not all(isinstance(s, str) for s in source_ids):
            raise self._error(
                "cite() needs one or more source ids in quotes, and nothing else.",
                "write {{ cite('nhs-baclofen') }} or {{ cite('nhs-baclofen', 'fda-ozobax') }}; the ids are in data/sources.yml.",
            )
        ids = [str(s) for s in source_ids]
        for source_id in ids:
            if source_id not in self.data.sources:
                close = loader.nearest(source_id, list(self.data.sources))
                hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else "add it to data/sources.yml."
                raise self._error(f"unknown source id '{source_id}' in cite().", hint)
        return self._cite_here(ids)

    def buildup_table(self) -> str:
        """The oral build-up schedule, computed from the starting dose, step, interval and target."""
        self.used.update(("oral.start_dose", "oral.titration_step", "oral.titration_interval", "oral.buildup_target"))
        try:
            return rendering.buildup_table(self.data, self._cite_here)
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

    def search_box(self) -> str:
        """Where the search page's script (site.js) puts Pagefind's search box, with the words
        of data/search.yml; without JavaScript, a line that says how else to find things."""
        return (
            '<p class="site-search__label" id="site-search-label">Words to search for:</p>\n'
            f'<div id="site-search" class="site-search" data-words="{text.html_text(self.data.search.for_the_browser())}"></div>\n'
            '<p class="visually-hidden" id="site-search-status" role="status"></p>\n'
            '<noscript><p class="site-search__off">Search needs JavaScript, which is off in this browser. '
            'Every page is listed in the menu, and the <a href="../glossary/">glossary</a> explains the medical words.</p></noscript>'
        )


MACROS = (
    "fact", "amount", "daily_total", "cite", "buildup_table",
    "care_cards", "warning_signs", "warning_signs_inline", "what_to_do", "when_to_get_help", "care_card",
    "references_list", "source_notes", "facts_at_a_glance", "search_box",
)


def define_env(env: Any) -> None:
    """Register the macros. The site's MkDocs plugin has read data/ already; another
    builder that runs only this module (Zensical) reads it here."""
    plugins = getattr(env.conf, "plugins", None) or {}
    site_plugin = plugins.get(PLUGIN_NAME)
    data: SiteData = site_plugin.data if site_plugin is not None else read_site_data(Path(env.project_dir))
    used = site_plugin.used_facts if site_plugin is not None else None
    cited = site_plugin.cited_sources if site_plugin is not None else None
    page_macros = PageMacros(data, lambda: str(env.page.file.src_uri), used, cited)
    for name in MACROS:
        env.macro(getattr(page_macros, name), name)

    # mkdocs-macros' page hooks: a fresh list of footnotes for each page, and the
    # page's source footnotes appended once its macros have run.
    def before_page(macros_env: Any) -> None:
        page_macros.start_page()

    def after_page(macros_env: Any) -> None:
        notes = page_macros.footnote_definitions()
        if notes:
            macros_env.markdown = macros_env.markdown.rstrip("\n") + "\n\n" + notes + "\n"

    env.pre_macro_functions.append(before_page)
    env.post_macro_functions.append(after_page)
    env.variables["emergency_numbers"] = data.care.emergency_numbers()
    env.variables["emergency_numbers_explained"] = data.care.emergency_numbers_explained()
    env.variables["max_review_gap_years"] = pages.MAX_REVIEW_GAP_YEARS
    # Site policy (NHS and HSE practice), not a medical fact, so it has no source in data/.
    env.variables["max_review_gap"] = rendering.marked("policy.max_review_gap", f"{pages.MAX_REVIEW_GAP_YEARS} years")
    env.variables["fact_count"] = len(data.facts)
    env.variables["source_count"] = len(data.sources)
