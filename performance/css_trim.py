"""Drop the CSS rules a site cannot use. Pure functions: CSS text in, CSS text out.

Material ships one stylesheet for every feature it has (code annotations, blog,
tags, version selector, Mermaid, and so on). A rule can only ever apply if every
class it requires can appear on the page, so a selector is kept when:

- each class it names outside :not()/:is()/:where()/:has() is in `known`, and
- each [attribute=value] it names has its value in `values` (by default,
  `known`): this is what drops the palette colours the site does not use, and
- each element it names (`kbd`, `video`, `h6`) is in `elements`, when given.

Classes inside functional pseudo-classes are ignored, which keeps a selector
rather than dropping it: `:not(.x)` matches precisely when .x is absent.

Custom properties (--name) that nothing reads with var() are dropped next, then
rules left empty. Everything else (element selectors, @keyframes, @font-face,
@media and @supports around kept rules) is kept as it was.
"""

from __future__ import annotations

import re

import tinycss2

_FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ATTRIBUTE_VALUE = re.compile(r"""\[\s*[\w-]+\s*=\s*["']?([^\]"']+?)["']?\s*\]""")
_TYPE_SELECTOR = re.compile(r"(?:^|[\s>+~])([a-zA-Z][\w-]*)")
_ATTRIBUTE_OR_PSEUDO = re.compile(r"\[[^\]]*\]|::?[\w-]+")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_GROUPING_RULES = {"media", "supports", "layer", "container"}


def trim(css: str, known: set[str], keep_properties: set[str] = frozenset(),
         elements: set[str] | None = None, values: set[str] | None = None) -> str:
    """The stylesheet without rules that need a class, attribute value or element the
    site never has, and without custom properties nothing reads (unless named in
    `keep_properties`)."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    values = known if values is None else values
    tree = _keep_possible(rules, lambda selector: selector_can_match(selector, known, elements, values))
    _drop_unused_properties(tree, set(keep_properties))
    return _serialize(tree)


def selector_can_match(selector: str, known: set[str], elements: set[str] | None = None,
                       values: set[str] | None = None) -> bool:
    plain = _outside_functional_pseudo_classes(selector)
    values = known if values is None else values
    if not (all(name in known for name in _CLASS.findall(plain))
            and all(value in values for value in _ATTRIBUTE_VALUE.findall(plain))):
        return False
    if elements is None:
        return True
    bare = _ATTRIBUTE_OR_PSEUDO.sub(" ", plain)
    return all(tag.lower() in elements for tag in _TYPE_SELECTOR.findall(bare))


def _outside_functional_pseudo_classes(selector: str) -> str:
    parts, position = [], 0
    while match := _FUNCTIONAL.search(selector, position):
        parts.append(selector[position:match.start()])
        depth, position = 1, match.end()
        while depth and position < len(selector):
            depth += {"(": 1, ")": -1}.get(selector[position], 0)
            position += 1
    parts.append(selector[position:])
    return "".join(parts)


def _split_selector_list(prelude: str) -> list[str]:
    selectors, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            selectors.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    selectors.append("".join(current).strip())
    return selectors


# The kept stylesheet as a tree, so custom properties can be dropped without
# parsing it again:  [prelude, [(name, declaration text), ...]]  for a style rule,
# (prelude, [children])  for @media and the like, and plain text for anything else.


def _keep_possible(rules, can_match) -> list:
    kept: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selector_list(tinycss2.serialize(rule.prelude)) if can_match(s)]
            if selectors:
                kept.append([",".join(selectors), _declarations(rule.content)])
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPING_RULES and rule.content is not None:
            children = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
            inner = _keep_possible(children, can_match)
            if inner:
                kept.append(("@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip(), inner))
        elif rule.type not in ("whitespace", "comment", "error"):
            kept.append(rule.serialize())
    return kept


def _declarations(content) -> list[tuple[str, str]]:
    out = []
    for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True):
        if item.type == "declaration":
            value = _serialize_value(item.value).strip()
            out.append((item.name, f"{item.name}:{value}{'!important' if item.important else ''}"))
        elif item.type != "error":
            out.append(("", item.serialize()))  # a nested rule: kept as it is
    return out


_BLOCK_BRACKETS = {"() block": "()", "[] block": "[]", "{} block": "{}"}


def _serialize_value(nodes) -> str:
    """Like tinycss2.serialize, but a string holding double quotes is written in single
    quotes (as Material writes its inline SVG icons), not with each quote escaped: the
    browser reads both the same, and link checkers read only the first."""
    out = []
    for node in nodes:
        if node.type == "string" and '"' in node.value and not any(c in node.value for c in "'\\\n"):
            out.append(f"'{node.value}'")
        elif node.type == "function":
            out.append(f"{tinycss2.serializer.serialize_identifier(node.name)}({_serialize_value(node.arguments)})")
        elif node.type in _BLOCK_BRACKETS:
            opening, closing = _BLOCK_BRACKETS[node.type]
            out.append(opening + _serialize_value(node.content) + closing)
        else:
            out.append(node.serialize())
    return "".join(out)


def _style_rules(tree: list):
    for item in tree:
        if isinstance(item, list):
            yield item
        elif isinstance(item, tuple):
            yield from _style_rules(item[1])


def _drop_unused_properties(tree: list, keep: set[str]) -> None:
    """Remove `--name:value` declarations that no var() reads; repeat, as one may read another."""
    while True:
        used = set(keep)
        for _, declarations in _style_rules(tree):
            for _, text in declarations:
                used.update(_VAR.findall(text))
        changed = False
        for rule in _style_rules(tree):
            kept = [(name, text) for name, text in rule[1] if not name.startswith("--") or name in used]
            if len(kept) != len(rule[1]):
                rule[1], changed = kept, True
        if not changed:
            return


def _serialize(tree: list) -> str:
    out = []
    for item in tree:
        if isinstance(item, list):
            if item[1]:  # a rule left with no declarations is dropped
                out.append(item[0] + "{" + ";".join(text for _, text in item[1]) + "}")
        elif isinstance(item, tuple):
            inner = _serialize(item[1])
            if inner:
                out.append(item[0] + "{" + inner + "}")
        else:
            out.append(item)
    return "".join(out)
