"""The macros layer of the site: data/ read and checked once, and put into pages.

- `define_env` (jinja_macros.py) registers the macros for mkdocs-macros;
- `plugin.SitePlugin` (entry point "baclofen-site") checks every page and writes facts.json.
"""

from .jinja_macros import define_env

__all__ = ["define_env"]
