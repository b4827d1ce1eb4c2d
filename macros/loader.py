"""Read and validate data/: the facts and their sources, once per build.

Everything that can be wrong with the data files is reported as a DataError
that names the file, the line, the fact or source id and the fix.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataError
from .rules import check_rules
from .care import CareData, Route, Service, Situation, Topic, check_care
from .schema import Fact, Source

LINE = "__line__"
KEY_LINES = "__key_lines__"


class _LineNumbers:
    """For a safe loader: remember on which line each mapping and key starts."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice in the same entry", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=True)
        mapping[LINE] = node.start_mark.line + 1
        mapping[KEY_LINES] = seen
        return mapping


class _LineLoader(_LineNumbers, yaml.SafeLoader):
    pass


# libyaml's parser, which PyYAML's wheels include, reads the data files several
# times faster: the same documents and line numbers, for a smaller macros layer.
class _FastLineLoader(_LineNumbers, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastLineLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError:
        # libyaml words its errors differently; read again for the wording CONTRIBUTING.md lists.
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader


@dataclass(frozen=True)
class SiteData:
    facts: dict[str, Fact]
    sources: dict[str, Source]
    fact_lines: dict[str, int]
    care: CareData

    def fact(self, fact_id: str) -> Fact:
        return self.facts[fact_id]


def nearest(word: str, choices: list[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, choices, n=n, cutoff=0.5)


def _read_document(path: Path, display: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(display, "the file is missing.", f"restore {display} (see CONTRIBUTING.md).") from None
    try:
        return _parse(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = f"this is not valid YAML ({error.problem or error.context})."
        raise DataError(
            display, problem, "check the indentation (spaces, not tabs), that every 'key: value' has a space after the colon, "
            "and put quotes around any text that contains a colon.", line
        ) from None


def _entries(document: Any, top_key: str, display: str) -> list[dict[str, Any]]:
    if not isinstance(document, dict) or not isinstance(document.get(top_key), list):
        raise DataError(display, f"the file must have a top-level '{top_key}:' list.", f"start the file with '{top_key}:'.")
    entries = document[top_key]
    for entry in entries:
        if not isinstance(entry, dict):
            raise DataError(display, f"every item under '{top_key}:' must be a set of 'key: value' lines.", "start each item with '- id: ...'.")
    return entries


def _read_yaml(path: Path, top_key: str, display: str) -> list[dict[str, Any]]:
    return _entries(_read_document(path, display), top_key, display)


_PLAIN_ERRORS = {
    "extra_forbidden": lambda field, err: (f"unknown field '{field}'.", f"remove it, or check its spelling against CONTRIBUTING.md (allowed fields are listed there)."),
    "missing": lambda field, err: (f"the required field '{field}' is missing.", f"add '{field}:' to this entry."),
    "int_type": lambda field, err: (f"'{field}' must be a whole number, not {err['input']!r}.", f"write '{field}' as digits, for example 5."),
    "float_type": lambda field, err: (f"'{field}' must be a number, not {err['input']!r}.", f"write '{field}' as digits, for example 80 or 2.5."),
    "enum": lambda field, err: (f"'{field}' has the value {err['input']!r}, which is not allowed.", f"use one of: {err.get('ctx', {}).get('expected', '')}."),
    "literal_error": lambda field, err: (f"'{field}' has the value {err['input']!r}, which is not allowed.", f"use one of: {err.get('ctx', {}).get('expected', '')}."),
    "too_short": lambda field, err: (f"'{field}' needs at least one entry.", f"add at least one, for example {field}: [nhs-baclofen]." if field == "sources" else f"add at least one item under '{field}:'."),
    "string_pattern_mismatch": lambda field, err: (f"'{field}' is not in the right format ({err['input']!r}).", "ids use lower-case letters, digits, '_' and '.' for facts (oral.max_daily.us), or '-' for sources (nhs-baclofen)."),
}


def _explain(error: ValidationError, entry: dict[str, Any]) -> tuple[str, str, int | None]:
    first = error.errors()[0]
    loc = [str(part) for part in first["loc"] if not isinstance(part, int)]
    # Pydantic reports a union failure once per member type; the field is what matters.
    field = next((part for part in loc if part in entry or first["type"] in ("missing", "extra_forbidden")), loc[0] if loc else "")
    line = entry[KEY_LINES].get(field, entry[LINE])
    number_field = field in ("value", "min", "max", "values")
    kind = "float_type" if number_field and first["type"] in ("int_type", "float_type") else first["type"]
    if kind in _PLAIN_ERRORS:
        problem, fix = _PLAIN_ERRORS[kind](field, first)
    else:
        message = first["msg"].removeprefix("Value error, ")
        problem, fix = f"{field + ': ' if field else ''}{message}.", "correct this entry (see CONTRIBUTING.md for the format)."
    return problem, fix, line


def _validate(entries: list[dict[str, Any]], model: type[BaseModel], display: str) -> tuple[dict[str, Any], dict[str, int]]:
    records: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for entry in entries:
        item_id = entry.get("id") if isinstance(entry.get("id"), str) else None
        clean = {key: value for key, value in entry.items() if key not in (LINE, KEY_LINES)}
        try:
            record = model.model_validate(clean)
        except ValidationError as error:
            problem, fix, line = _explain(error, entry)
            raise DataError(display, problem, fix, line, item_id) from None
        if record.id in records:
            raise DataError(
                display, f"the id '{record.id}' is used twice (first on line {lines[record.id]}).",
                "give each entry its own id, or merge the two entries.", entry[LINE], record.id,
            )
        records[record.id] = record
        lines[record.id] = entry[LINE]
    return records, lines


def load_site_data(data_dir: Path, display_dir: str = "data") -> SiteData:
    facts_file = f"{display_dir}/facts.yml"
    sources_file = f"{display_dir}/sources.yml"
    sources, _ = _validate(_read_yaml(data_dir / "sources.yml", "sources", sources_file), Source, sources_file)
    facts, fact_lines = _validate(_read_yaml(data_dir / "facts.yml", "facts", facts_file), Fact, facts_file)
    for fact in facts.values():
        for source_id in fact.sources:
            if source_id not in sources:
                close = nearest(source_id, list(sources))
                hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else f"add a source with id '{source_id}' to {sources_file}."
                raise DataError(facts_file, f"source id '{source_id}' does not exist in {sources_file}.", hint, fact_lines[fact.id], fact.id)
    care = load_care(data_dir / "care.yml", f"{display_dir}/care.yml", set(sources))
    data = SiteData(facts=facts, sources=sources, fact_lines=fact_lines, care=care)
    check_rules(data, facts_file)
    return data


def load_care(path: Path, display: str, source_ids: set[str]) -> CareData:
    """data/care.yml: services, routes, topics and situations, validated and cross-checked."""
    document = _read_document(path, display)
    lines: dict[str, int] = {}
    parts: dict[str, dict[str, Any]] = {}
    for key, model in (("services", Service), ("routes", Route), ("topics", Topic), ("situations", Situation)):
        records, record_lines = _validate(_entries(document, key, display), model, display)
        for item_id, line in record_lines.items():
            if item_id in lines:
                raise DataError(display, f"the id '{item_id}' is used twice (first on line {lines[item_id]}).", "give each entry its own id.", line, item_id)
        lines.update(record_lines)
        parts[key] = records
    care = CareData(lines=lines, **parts)
    check_care(care, source_ids, display)
    return care
