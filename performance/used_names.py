"""Which class names and attribute values a built site can use. Pure functions.

The CSS trimmer keeps a rule only if every class and [attribute=value] it needs
is in the set these functions build, so they err on the side of keeping:

- every attribute value in the built HTML, whole and split into words;
- every class of a family ("block": the part before __ or --) that a page or
  Material's script names, since the script adds classes while the reader uses
  the page (search results, tooltips, the header title as it changes), except
  the classes of features this site does not use (SCRIPT_CLASSES_BY_FEATURE);
- every word in the site's own scripts.
"""

from __future__ import annotations

import re

# An attribute value, in any of its three spellings. Any "=" counts, even in text or
# a script: a stray match only keeps a rule, and one simple pattern is fast on long pages.
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_WORD = re.compile(r"[\w-]+")
_SCRIPT_CLASS = re.compile(r"(?<![\w-])(md-[a-z0-9-]+(?:__[a-z0-9-]+)?|tabbed-[a-z-]+|js|no-js|focus-visible)(?![\w])")
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_QUOTED_WORD = re.compile(r"""["'`]([a-z][a-z0-9]*)["'`]""")
_SCRIPT_STRING = re.compile(r"""(!==?|===?)?\s*["'`]([^"'`\\\n]{1,60})["'`]""")
_CSS_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")

# Classes Material's script creates only for a feature; they are kept only when
# the feature is in use (see features_in_use). A name here is a class or a family.
SCRIPT_CLASSES_BY_FEATURE = {
    "content.code.annotate": {"md-annotation", "md-annotation-list"},
    "content.code.copy": {"md-code", "md-clipboard"},
    "extra.version": {"md-version"},
    "plugins.tags": {"md-tag", "md-tags", "md-tag-icon"},
    # Stars and forks under the repository link, only if its script is mounted
    # (overrides/main.html unhooks it: it would call api.github.com).
    "component.source": {"md-source__fact", "md-source__facts", "md-source__repository--active"},
    # Scroll buttons for a row of content tabs too wide for the screen.
    "content.tabs": {"tabbed-control", "tabbed-button"},
    # A page status badge is written into the HTML by the template, never by the script.
    "never": {"md-status"},
}


def features_in_use(features: set[str], extra: dict, plugins, components: set[str], html_names: set[str]) -> set[str]:
    """The theme features (and feature-like facts about the pages) this build uses."""
    used = set(features)
    if extra.get("version"):
        used.add("extra.version")
    if "tags" in plugins:
        used.add("plugins.tags")
    if "source" in components:
        used.add("component.source")
    if "tabbed-set" in html_names:
        used.add("content.tabs")
    return used


def family(class_name: str) -> str:
    """'md-search-result__item' -> 'md-search-result'; 'md-tooltip2--active' -> 'md-tooltip2'."""
    return re.split(r"__|--", class_name, maxsplit=1)[0]


def names_in_html(html: str) -> set[str]:
    """Every attribute value in a page, whole and as words (class names among them)."""
    # A page repeats the same few hundred values many times (the menu): split each once.
    values = {"".join(groups) for groups in set(_ATTRIBUTE.findall(html))}
    names = set(values)
    for value in values:
        names.update(_WORD.findall(value))
    return names


def elements_in_html(html: str) -> set[str]:
    return {tag.lower() for tag in _TAG.findall(html)}


def elements_in_script(script: str) -> set[str]:
    """Elements a script may create: quoted names ("mark", 'li') and tags in strings (`<mark>`).
    Every quoted word counts, which may keep a rule too many but never one too few."""
    return set(_QUOTED_WORD.findall(script)) | elements_in_html(script)


def values_in_script(script: str) -> set[str]:
    """Strings a script may write into an attribute (role:"tooltip", setAttribute("role","list")):
    its quoted strings, whole and as words, except those it only compares with (==="rtl")."""
    values: set[str] = set()
    for match in _SCRIPT_STRING.finditer(script):
        if not match.group(1):
            values.add(match.group(2))
            values.update(_WORD.findall(match.group(2)))
    return values


def families_in_script(script: str) -> set[str]:
    """The class families a theme script names (and so may add to a page)."""
    return {family(name) for name in _SCRIPT_CLASS.findall(script)}


def known_names(html_names: set[str], own_script_words: set[str], script_families: set[str],
                in_use: set[str], css: str) -> set[str]:
    """All names the trimmer may count on: those in the pages and in our own scripts, and
    each class of the stylesheet whose family a page or the theme script uses, except the
    classes of features not in use."""
    off = set().union(*(names for feature, names in SCRIPT_CLASSES_BY_FEATURE.items() if feature not in in_use))
    kept_families = (script_families | {family(name) for name in html_names}) - off
    known = set(html_names) | set(own_script_words)
    known.update(name for name in _CSS_CLASS.findall(css)
                 if family(name) in kept_families and name not in off)
    return known
