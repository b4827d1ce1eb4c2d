"""MkDocs hooks that make each page lighter for readers on phones and slow connections.

1. One stylesheet instead of three. Material's main and palette stylesheets and
   our own (extra_css) are joined into assets/stylesheets/site.<hash>.min.css,
   keeping only the rules this site can use (performance/css_trim.py). The file
   name changes whenever its content does, so a browser never keeps a stale copy.
2. In every HTML page, each run of blank space that holds a line break becomes
   one line break (performance/html_space.py): the browser shows the page
   exactly as before, and the page is about 7% lighter.
3. A glossary term gets its tooltip where the page first uses it, not at every
   use, and not inside a citation on the References page
   (performance/first_use.py): fewer tooltips for Material to set up.
4. The rule that stops colour fades during a palette switch applies only when
   the colours really switch, not while each page is set up
   (performance/palette_switch.py).
5. Material's script starts with V8's compile hint, so Chrome compiles it while
   it downloads rather than on the main thread as the page opens
   (performance/compile_hints.py).

The names the trimmer may count on are collected from every page as it is
written, so the stylesheet is made once all pages exist (on_post_build), and
each page's placeholder link is then pointed at it.

SITE_OPTIMISE=0 switches 1, 2, 4 and 5 off: the site is then built exactly as the theme
makes it. tests/browser/test_optimised_look.py compares the two, pixel for pixel.
See PERFORMANCE.md.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from performance import compile_hints, css_trim, first_use, html_space, palette_switch, used_names

STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+\.css)">\s*')
THEME_STYLESHEET = re.compile(r"(?:^|/)(assets/stylesheets/(?:main|palette)\.[0-9a-f]+\.min\.css)$")
COMPONENT = re.compile(r'data-md-component="([\w-]+)"')
PLACEHOLDER = "assets/stylesheets/__site_css__"
COMBINED = "assets/stylesheets/site.{hash}.min.css"
THEME_SCRIPT = "assets/javascripts/bundle.*.min.js"


class _Build:
    """What one build has collected so far."""

    def __init__(self, enabled: bool, extra_css: list[str]):
        self.enabled = enabled
        self.extra_css = extra_css
        self.stylesheets: list[str] = []  # site-relative paths, in the order pages load them
        self.html_names: set[str] = set()
        self.elements: set[str] = set()
        self.components: set[str] = set()  # data-md-component values: which theme scripts mount


_build: _Build | None = None


def optimising() -> bool:
    return os.environ.get("SITE_OPTIMISE", "1").strip() not in {"0", "false", "no"}


def on_config(config):
    global _build
    _build = _Build(optimising(), [str(path) for path in config["extra_css"]])


def on_page_content(html, page, config, files):
    """Glossary tooltips on a term's first use in the page, outside citations (performance/first_use.py)."""
    return first_use.glossary_terms(html)


def on_post_page(output, page, config):
    return _optimise_page(output)


def on_post_template(output_content, template_name, config):
    """Static templates written as pages (404.html) get the same treatment."""
    return _optimise_page(output_content) if template_name.endswith(".html") else output_content


def _optimise_page(html: str) -> str:
    if not _build or not _build.enabled:
        return html
    _build.html_names |= used_names.names_in_html(html)
    _build.elements |= used_names.elements_in_html(html)
    _build.components.update(COMPONENT.findall(html))
    html = _one_stylesheet_link(html)
    return html_space.collapse(html)


def _one_stylesheet_link(html: str) -> str:
    """Swap the theme's and our stylesheet links for one placeholder link, where the first was."""
    placed = False

    def swap(match: re.Match) -> str:
        nonlocal placed
        href = match.group("href")
        site_path = _site_path(href)
        if site_path is None:
            return match.group(0)  # someone else's stylesheet: left alone
        if site_path not in _build.stylesheets:
            _build.stylesheets.append(site_path)
        if placed:
            return ""
        placed = True
        prefix = href[: len(href) - len(site_path)]
        return f'<link rel="stylesheet" href="{prefix}{PLACEHOLDER}">'

    return STYLESHEET_LINK.sub(swap, html)


def _site_path(href: str) -> str | None:
    if match := THEME_STYLESHEET.search(href):
        return match.group(1)
    for path in _build.extra_css:
        if href == path or href.endswith("/" + path):
            return path
    return None


def on_post_build(config):
    if not _build or not _build.enabled:
        return
    site = Path(config["site_dir"])
    renamed = {}
    if _build.stylesheets:
        renamed[PLACEHOLDER] = _combined_stylesheet(site, config)
    renamed.update(_hinted_theme_scripts(site))
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        changed = text
        for old, new in renamed.items():
            changed = changed.replace(old, new)
        if changed != text:
            page.write_text(changed, encoding="utf-8")


def _combined_stylesheet(site: Path, config) -> str:
    """Write the one trimmed stylesheet; return its site-relative path."""
    css = "".join((site / path).read_text(encoding="utf-8") for path in _build.stylesheets)
    css = palette_switch.rule_on_real_switches_only(css)
    in_use = used_names.features_in_use(set(config["theme"]["features"]), config["extra"], config["plugins"],
                                        _build.components, _build.html_names)
    theme_script = "".join(p.read_text(encoding="utf-8") for p in site.glob(THEME_SCRIPT))
    own_words: set[str] = set()
    elements = _build.elements | used_names.elements_in_script(theme_script)
    for script in Path(config["docs_dir"]).rglob("*.js"):  # the site's own scripts, not the theme's
        text = script.read_text(encoding="utf-8")
        own_words |= set(re.findall(r"[\w-]+", text))
        elements |= used_names.elements_in_script(text)
    families = used_names.families_in_script(theme_script)
    known = used_names.known_names(_build.html_names, own_words, families, in_use, css)
    read_elsewhere = set(re.findall(r"--[\w-]+", theme_script)) | {n for n in own_words if n.startswith("--")}
    # Scripts set attributes too (role="tooltip" on a tooltip they create).
    values = known | used_names.values_in_script(theme_script)
    trimmed = css_trim.trim(css, known, keep_properties=read_elsewhere, elements=elements, values=values)
    name = COMBINED.format(hash=hashlib.sha256(trimmed.encode()).hexdigest()[:8])
    (site / name).write_text(trimmed, encoding="utf-8")
    return name


def _hinted_theme_scripts(site: Path) -> dict[str, str]:
    """Replace Material's script (and its source map) with the hinted copy; {old name: new name}."""
    renamed = {}
    for script in list(site.glob(THEME_SCRIPT)):
        text = script.read_text(encoding="utf-8")
        if text.startswith(compile_hints.HINT):
            continue  # already hinted: a file kept from an earlier build
        hinted = compile_hints.with_hint(text)
        name = compile_hints.hinted_name(script.name, hinted)
        old_map_url = compile_hints.source_map_url(text)
        old_map = script.parent / old_map_url if old_map_url else None
        if old_map is not None and old_map.is_file():
            map_name = name + ".map"
            (script.parent / map_name).write_text(
                compile_hints.shifted_source_map(old_map.read_text(encoding="utf-8"), file=name), encoding="utf-8")
            hinted = compile_hints.with_source_map_url(hinted, map_name)
            old_map.unlink()
        (script.parent / name).write_text(hinted, encoding="utf-8")
        script.unlink()
        renamed[f"assets/javascripts/{script.name}"] = f"assets/javascripts/{name}"
    return renamed
