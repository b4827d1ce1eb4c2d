"""Everything read from data/ for one build: facts, sources, care advice and search words."""

from __future__ import annotations

from dataclasses import dataclass, field

from .care import CareData
from .schema import Fact, Source
from .search_words import SearchWords


@dataclass(frozen=True)
class SiteData:
    facts: dict[str, Fact]
    sources: dict[str, Source]
    fact_lines: dict[str, int]  # the line in data/facts.yml where each fact starts
    care: CareData
    search: SearchWords
    source_lines: dict[str, int] = field(default_factory=dict)  # the line in data/sources.yml where each source starts

    def fact(self, fact_id: str) -> Fact:
        return self.facts[fact_id]
