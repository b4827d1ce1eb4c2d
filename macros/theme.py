"""What the site takes from Material for MkDocs beyond its settings and blocks, checked in one place.

overrides/partials/header.html and overrides/partials/nav.html are copies of
Material's partials with small changes (each file's comment says which), and
site.js reads Material's `document$` and the box it puts round tables. They were
checked against the versions in TESTED_VERSIONS. On any other version the build
warns, so the strict build stops until someone has compared them with the new
Material (PERFORMANCE.md, "Upgrading Material or MkDocs") and added its version.
"""

from __future__ import annotations

from importlib.metadata import version

TESTED_VERSIONS = {"9.8.1"}
COPIED = ("overrides/partials/header.html", "overrides/partials/nav.html")


def untested_material() -> str | None:
    """A sentence saying the installed Material has not been checked against the copies, or None."""
    installed = version("mkdocs-material")
    if installed in TESTED_VERSIONS:
        return None
    return (
        f"mkdocs-material {installed} is not a version the theme's copied partials ({', '.join(COPIED)}) "
        f"were checked against ({', '.join(sorted(TESTED_VERSIONS))}). "
        "Fix: compare them with the new Material's partials and make the same changes, "
        "then add its version to TESTED_VERSIONS in macros/theme.py."
    )
