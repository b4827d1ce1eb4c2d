"""Read and validate data/: the facts and their sources, once per build.

Everything that can be wrong with the data files is reported as a DataError
that names the file, the line, the fact or source id and the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError

from .care import CareData, Route, Service, Situation, Topic, check_care
from .errors import DataError
from .rules import check_rules
from .schema import FACT_ADAPTER, Source
from .search_words import SearchWord, SearchWords, check_search_words
from .sitedata import SiteData

LINE = "__line__"
KEY_LINES = "__key_lines__"
# The shape tags of a fact (schema.Fact): pydantic names them in an error's location.
_SHAPE_TAGS = {"single", "range", "list"}


def _plain(node: Any) -> Any:
    """ruamel.yaml's round-trip nodes as plain Python, each mapping with the lines of its start and keys."""
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {str(key): _plain(value) for key, value in node.items()}
        out[LINE] = node.lc.line + 1
        out[KEY_LINES] = {str(key): node.lc.key(key)[0] + 1 for key in node}
        return out
    if isinstance(node, CommentedSeq):
        return [_plain(item) for item in node]
    if isinstance(node, bool) or node is None or isinstance(node, dt.date):
        return node
    for kind in (int, float, str):  # ruamel's scalar subclasses, as the plain types the schema expects
        if isinstance(node, kind):
            return kind(node)
    return node


def _parse(text: str) -> Any:
    return _plain(YAML(typ="rt", pure=True).load(text))


def nearest(word: str, choices: list[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, choices, n=n, cutoff=0.5)


def _read_document(path: Path, display: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(display, "the file is missing.", f"restore {display} (see contributing/data.md).") from None
    try:
        return _parse(text)
    except DuplicateKeyError as error:
        mark = error.problem_mark
        key = re.search(r'duplicate key "(.*?)"', error.problem or "")
        raise DataError(
            display, f"this is not valid YAML (the key '{key.group(1) if key else '?'}' appears twice in the same entry).",
            "keep one of the two lines.", mark.line + 1 if mark else None,
        ) from None
    except ValueError as error:  # a date that does not exist, such as 2026-02-30, read as a date
        raise DataError(
            display, f"a date does not exist ({error}).",
            "write dates as year-month-day, for example 2026-11-21, and check the day is in that month.",
            _impossible_date_line(text),
        ) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = f"this is not valid YAML ({error.problem or error.context})."
        raise DataError(
            display, problem, "check the indentation (spaces, not tabs), that every 'key: value' has a space after the colon, "
            "and put quotes around any text that contains a colon.", line
        ) from None


def _impossible_date_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        for year, month, day in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", line):
            try:
                dt.date(int(year), int(month), int(day))
            except ValueError:
                return number
    return None


def _entries(document: Any, top_key: str, display: str) -> list[dict[str, Any]]:
    if not isinstance(document, dict) or not isinstance(document.get(top_key), list):
        raise DataError(display, f"the file must have a top-level '{top_key}:' list.", f"start the file with '{top_key}:'.")
    entries: list[dict[str, Any]] = document[top_key]
    for entry in entries:
        if not isinstance(entry, dict):
            raise DataError(display, f"every item under '{top_key}:' must be a set of 'key: value' lines.", "start each item with '- id: ...'.")
    return entries


def _read_yaml(path: Path, top_key: str, display: str) -> list[dict[str, Any]]:
    return _entries(_read_document(path, display), top_key, display)


def _expected(err: Any) -> str:
    return str(err.get("ctx", {}).get("expected", ""))


# Pydantic's error types, in the project's words: (problem, fix) for a field.
_PLAIN_ERRORS: dict[str, Any] = {
    "extra_forbidden": lambda field, err: (f"unknown field '{field}'.", "remove it, or check its spelling against contributing/data.md (the allowed fields are listed there)."),
    "missing": lambda field, err: (f"the required field '{field}' is missing.", f"add '{field}:' to this entry."),
    "int_type": lambda field, err: (f"'{field}' must be a whole number, not {err['input']!r}.", f"write '{field}' as digits, for example 5."),
    "float_type": lambda field, err: (f"'{field}' must be a number, not {err['input']!r}.", f"write '{field}' as digits, for example 80 or 2.5."),
    "enum": lambda field, err: (f"'{field}' has the value {err['input']!r}, which is not allowed.", f"use one of: {_expected(err)}."),
    "literal_error": lambda field, err: (f"'{field}' has the value {err['input']!r}, which is not allowed.", f"use one of: {_expected(err)}."),
    "too_short": lambda field, err: (f"'{field}' needs at least one entry.", f"add at least one, for example {field}: [nhs-baclofen]." if field == "sources" else f"add at least one item under '{field}:'."),
    "string_pattern_mismatch": lambda field, err: (f"'{field}' is not in the right format ({err['input']!r}).",
                                                    "write each word in lower-case letters, one word each, for example baclofin."
                                                    if field in ("pages_say", "readers_type") else
                                                    "ids use lower-case letters, digits, '_' and '.' for facts (oral.max_daily.us), or '-' for sources (nhs-baclofen)."),
    "greater_than_equal": lambda field, err: (f"'{field}' is {err['input']!r}, but it cannot be below {err['ctx']['ge']}.", f"check '{field}' against the source; no number on this site is negative."),
    "less_than_equal": lambda field, err: (f"'{field}' is {err['input']!r}, more than the most it can be ({err['ctx']['le']}).", f"check '{field}' against the source."),
    "string_type": lambda field, err: (f"'{field}' must be text, not {err['input']!r}.", f"write '{field}' as words; put quotes around text that looks like a number or a date."),
    "string_too_short": lambda field, err: (f"'{field}' is too short ({len(str(err['input']))} characters; at least {err['ctx']['min_length']}).", f"write '{field}' in full."),
    "string_too_long": lambda field, err: (f"'{field}' is too long ({len(str(err['input']))} characters; at most {err['ctx']['max_length']}).", f"shorten '{field}'."),
    "url_parsing": lambda field, err: (f"'{field}' is not a web address ({err['input']!r}).", "write the full address, starting with https://."),
    "url_scheme": lambda field, err: (f"'{field}' is not a web address ({err['input']!r}).", "write the full address, starting with https://."),
    "date_from_datetime_inexact": lambda field, err: (f"'{field}' must be a date, not a date and time ({err['input']!r}).", "write the date as year-month-day, for example 2026-11-21."),
    "date_from_datetime_parsing": lambda field, err: (f"'{field}' is not a real date ({err['input']!r}).", "write the date as year-month-day, for example 2026-11-21, and check the day exists."),
    "date_parsing": lambda field, err: (f"'{field}' is not a real date ({err['input']!r}).", "write the date as year-month-day, for example 2026-11-21, and check the day exists."),
}


def _explain(error: ValidationError, entry: dict[str, Any]) -> tuple[str, str, int | None]:
    first = error.errors()[0]
    loc = [str(part) for part in first["loc"] if not isinstance(part, int) and part not in _SHAPE_TAGS]
    # Pydantic reports a union failure once per member type; the field is what matters.
    field = next((part for part in loc if part in entry or first["type"] in ("missing", "extra_forbidden")), loc[0] if loc else "")
    line = entry[KEY_LINES].get(field, entry[LINE])
    number_field = field in ("value", "min", "max", "values")
    kind = "float_type" if number_field and first["type"] in ("int_type", "float_type") else first["type"]
    if kind in _PLAIN_ERRORS:
        problem, fix = _PLAIN_ERRORS[kind](field, first)
    else:
        message = first["msg"].removeprefix("Value error, ")
        problem, fix = f"{field + ': ' if field else ''}{message}.", "correct this entry (see contributing/data.md for the format)."
    return problem, fix, line


def _validate(entries: list[dict[str, Any]], model: type[BaseModel] | TypeAdapter[Any], display: str) -> tuple[dict[str, Any], dict[str, int]]:
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    records: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for entry in entries:
        item_id = entry.get("id") if isinstance(entry.get("id"), str) else None
        clean = {key: value for key, value in entry.items() if key not in (LINE, KEY_LINES)}
        try:
            record: Any = adapter.validate_python(clean)
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
    sources, source_lines = _validate(_read_yaml(data_dir / "sources.yml", "sources", sources_file), Source, sources_file)
    facts, fact_lines = _validate(_read_yaml(data_dir / "facts.yml", "facts", facts_file), FACT_ADAPTER, facts_file)
    for fact in facts.values():
        for source_id in fact.sources:
            if source_id not in sources:
                close = nearest(source_id, list(sources))
                hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else f"add a source with id '{source_id}' to {sources_file}."
                raise DataError(facts_file, f"source id '{source_id}' does not exist in {sources_file}.", hint, fact_lines[fact.id], fact.id)
    care = load_care(data_dir / "care.yml", f"{display_dir}/care.yml", set(sources))
    search = load_search(data_dir / "search.yml", f"{display_dir}/search.yml")
    data = SiteData(facts=facts, sources=sources, fact_lines=fact_lines, care=care, search=search, source_lines=source_lines)
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


def load_search(path: Path, display: str) -> SearchWords:
    """data/search.yml: the words readers type for the words the pages use, and the question words search leaves out."""
    document = _read_document(path, display)
    words, lines = _validate(_entries(document, "words", display), SearchWord, display)
    question_words = document.get("question_words") if isinstance(document, dict) else None
    if not isinstance(question_words, list) or not all(isinstance(w, str) and w.islower() and w.isalpha() for w in question_words):
        raise DataError(display, "'question_words:' must be a list of words in lower case.",
                        "write it like question_words: [what, if, i, a].")
    search = SearchWords(words=words, question_words=tuple(question_words), lines=lines)
    check_search_words(search, display)
    return search
