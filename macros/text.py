"""Contributor text from data/ made safe for a page: no HTML and no Markdown of its own.

Reviewers read YAML, not HTML, so a source's name or a sign's words must not be
able to add a tag, a link or emphasis to the page. Text that Python-Markdown will
read (a list item, a paragraph with the markdown attribute, a table cell) needs
its Markdown characters escaped too; text inside raw HTML only needs HTML escaping.
"""

from __future__ import annotations

import re
from html import escape

# The characters Python-Markdown gives a meaning to (and honours a backslash before).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|<>-])")


def html_text(text: str) -> str:
    """For text inside raw HTML (an element without the markdown attribute) or an attribute value."""
    return escape(text, quote=True)


def markdown_text(text: str) -> str:
    """For text that Markdown will read: HTML-escaped, then every Markdown character escaped."""
    return _MARKDOWN.sub(r"\\\1", escape(text, quote=False))
