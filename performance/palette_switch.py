"""Colours that switch in one step, without restyling every page as it opens.

Material's stylesheet turns off every transition while the colour palette
switches (light to dark, or back), so the page changes at once rather than
part by part. Its script marks the body with data-md-color-switching for that
moment, but it also does so while it sets up each page, when nothing changes
colour. A mark on the body that a rule reads for every element below it makes
the browser restyle the whole page: on a phone, the largest single piece of
work in opening a page (about 80 ms of Lighthouse's blocking time on the
References page).

So the combined stylesheet keys the same rule to the site's own mark, which
site.js sets only when the colours really change, which is when the reader
picks the other palette. (With this site's palettes, a device that changes
between light and dark while a page is open does not change the page's
colours.) Material still sets its mark, but no rule reads it any more, so
setting it costs nothing.
"""

from __future__ import annotations

MATERIAL_MARK = "data-md-color-switching"
SITE_MARK = "data-palette-switching"  # set and removed by docs/assets/javascripts/site.js


def rule_on_real_switches_only(css: str) -> str:
    """The stylesheet with Material's palette-switch selectors keyed to the site's mark."""
    return css.replace(f"[{MATERIAL_MARK}]", f"[{SITE_MARK}]")
