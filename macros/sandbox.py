"""Pages are rendered by a sandboxed Jinja environment, so a page cannot reach Python.

mkdocs-macros renders every page with an ordinary jinja2.Environment, in which
`{{ cycler.__init__.__globals__ }}` leads to any Python object (and runs in CI
for every pull request). It has no option for a sandbox, so after it has made
its environment (plugin.on_config, low priority) the same settings, globals and
filters are moved into a jinja2.sandbox.SandboxedEnvironment, which refuses
attributes that start with an underscore and other unsafe calls.

This touches mkdocs-macros' private attribute `_env`, so it runs only on the
version it was tested with; on any other it does nothing and says so, and the
strict build stops on that warning until someone checks the new version.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

TESTED_VERSIONS = {"1.5.0"}
_SETTINGS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "undefined",
    "finalize", "autoescape", "loader", "auto_reload", "optimized",
)


def sandbox_macros(macros_plugin: Any) -> str | None:
    """Swap the macros plugin's Jinja environment for a sandboxed copy; a problem as a sentence, or None."""
    installed = version("mkdocs-macros-plugin")
    if installed not in TESTED_VERSIONS:
        return (
            f"mkdocs-macros-plugin {installed} is not a version the page sandbox was tested with "
            f"({', '.join(sorted(TESTED_VERSIONS))}), so pages are rendered without it. "
            "Fix: check macros/sandbox.py against the new version, then add it to TESTED_VERSIONS."
        )
    current = macros_plugin._env
    safe = SandboxedEnvironment(
        extensions=list(current.extensions.values()),
        **{name: getattr(current, name) for name in _SETTINGS},
    )
    safe.globals.update(current.globals)
    safe.filters.update(current.filters)
    safe.tests.update(current.tests)
    macros_plugin._env = safe
    return None
