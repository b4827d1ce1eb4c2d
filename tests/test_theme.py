"""macros/theme.py: an untested Material version stops the strict build until the copied partials are checked."""

from __future__ import annotations

from macros import theme

from .conftest import PROJECT


def test_the_installed_material_is_the_tested_one():
    assert theme.untested_material() is None


def test_another_material_version_is_named_with_the_fix(monkeypatch):
    monkeypatch.setattr(theme, "version", lambda package: "9.9.0")
    problem = theme.untested_material()
    assert problem and "mkdocs-material 9.9.0 is not a version" in problem
    assert "overrides/partials/header.html" in problem and "TESTED_VERSIONS in macros/theme.py" in problem


def test_the_copied_partials_exist_and_name_the_version_they_were_copied_from():
    for path in theme.COPIED:
        text = (PROJECT / path).read_text(encoding="utf-8")
        assert any(f"Material {v}" in text for v in theme.TESTED_VERSIONS), path
