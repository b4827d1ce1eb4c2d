"""A Content-Security-Policy for every page: scripts only from the site itself, plus the theme's own inline scripts by hash.

Material writes a few small inline scripts into every page (its settings and the
colour scheme). They differ only by the page's depth, so the
plugin hashes the inline scripts of each page as built and allows exactly those;
any other inline script, a script from another host, a frame, an object or a
form target is refused by the reader's browser. The policy is written as the
first element of the page's head (a CSP meta element only covers what follows it).

This adds to the theme's output rather than changing it, and depends on no
internal of Material's: if a Material update adds an inline script, its hash is
simply taken with it; tests/browser/test_csp.py checks no page reports a violation.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

REFERRER = '<meta name="referrer" content="same-origin">'
# Inline script types the browser runs (JSON and JSON-LD are data, not code).
_RUN = {"", "text/javascript", "module", "application/javascript"}


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.bodies: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            names = {k: (v or "") for k, v in attrs}
            self._open = "src" not in names and names.get("type", "").lower() in _RUN
            if self._open:
                self.bodies.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.bodies[-1] += data


def script_hashes(html: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(html)
    return sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
                   for body in parser.bodies})


# The search page's box (macros/jinja_macros.py, search_box): Pagefind runs its search
# in WebAssembly, which a policy must allow by name. No other page runs any.
SEARCH_BOX = 'id="site-search"'


def policy(html: str) -> str:
    wasm = ["'wasm-unsafe-eval'"] if SEARCH_BOX in html else []
    return "; ".join((
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *wasm, *script_hashes(html)]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ))


def with_policy(html: str) -> str:
    """The page with its policy and referrer policy as the first elements of its head."""
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy(html)}">\n{REFERRER}'
    # After the charset declaration, which must stay within the page's first bytes.
    for anchor in ('<meta charset="utf-8">', "<head>"):
        at = html.find(anchor)
        if at != -1:
            return html[: at + len(anchor)] + meta + html[at + len(anchor):]
    return html
