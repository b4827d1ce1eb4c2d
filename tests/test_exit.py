"""The exit from MkDocs 1.x, proved on every run: ProperDocs builds the same site.

MkDocs 1.x has had no release since 2024 and 2.0 drops plugins; Material reaches
end of life on 5 May 2027. ProperDocs is a maintained drop-in fork of MkDocs 1.x.
If it builds this site strictly and every file matches the MkDocs build apart from
the generator tag, the move is a change of one command. (Zensical: see README.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from .conftest import PROJECT

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.slow
def test_properdocs_builds_the_same_site_as_mkdocs(built_site, tmp_path):
    if os.environ.get("SITE_DIR"):
        pytest.skip("the site under test was built by the deploy job with its own address; this compares fresh builds")
    site = tmp_path / "properdocs-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    mkdocs_files = {p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()}
    properdocs_files = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    assert mkdocs_files == properdocs_files
    differ = []
    for relative in sorted(mkdocs_files):
        ours, theirs = (built_site / relative).read_bytes(), (site / relative).read_bytes()
        if relative.suffix == ".html":
            ours, theirs = GENERATOR.sub(b"", ours), GENERATOR.sub(b"", theirs)
        if ours != theirs and relative.suffix != ".gz":  # the sitemap's gzip header holds a time
            differ.append(str(relative))
    assert not differ, f"ProperDocs and MkDocs built these files differently: {differ}"

