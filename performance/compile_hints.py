"""Material's script compiled while it downloads, not while the page opens.

V8 (the JavaScript engine of Chrome, Edge and the other browsers built on
Chromium) compiles most functions of a script only when each is first called,
on the page's main thread. Material's script calls most of its functions as
the page opens, to set up its components, so that compiling lands on the main
thread just when the reader is waiting for the page to respond.

A comment on the first line of the file, `//# allFunctionsCalledOnLoad`, is
V8's "explicit compile hint" (Chrome 136 and later): V8 then compiles the whole
file on a background thread while it downloads. To other browsers it is only a
comment. In Chromium's trace, the main-thread time of Material's two start-up
tasks fell by about 40% (PERFORMANCE.md).

The hinted script gets a name from its own content, as Material's has, so a
browser never keeps the unhinted copy under the new name; its source map moves
one line down with it, so the browser's developer tools still point at
Material's source.
"""

from __future__ import annotations

import hashlib
import json
import re

HINT = "//# allFunctionsCalledOnLoad\n"
SOURCE_MAP_URL = re.compile(r"^//# sourceMappingURL=(?P<url>\S+)\s*\Z", re.MULTILINE)
THEME_NAME = re.compile(r"^(?P<stem>[\w-]+)\.[0-9a-f]{8}\.min\.js$")


def with_hint(script: str) -> str:
    """The script with the compile hint as its first line (once)."""
    return script if script.startswith(HINT) else HINT + script


def hinted_name(old_name: str, hinted_script: str) -> str:
    """'bundle.a5f9d56c.min.js' -> 'bundle.<first 8 hex of the hinted content's sha256>.min.js'."""
    match = THEME_NAME.match(old_name)
    if not match:
        raise ValueError(f"{old_name!r} is not a theme script name like 'bundle.0123abcd.min.js'")
    digest = hashlib.sha256(hinted_script.encode("utf-8")).hexdigest()[:8]
    return f"{match['stem']}.{digest}.min.js"


def source_map_url(script: str) -> str | None:
    match = SOURCE_MAP_URL.search(script)
    return match["url"] if match else None


def with_source_map_url(script: str, url: str) -> str:
    """The script with its closing sourceMappingURL comment pointing at url."""
    if source_map_url(script) is None:
        raise ValueError("the script has no sourceMappingURL comment on its last line")
    return SOURCE_MAP_URL.sub(f"//# sourceMappingURL={url}\n", script)


def shifted_source_map(source_map: str, file: str, lines: int = 1) -> str:
    """The source map of a script that gained `lines` lines at its top.

    In a source map's "mappings", each ';' starts the next line of the generated
    file, so a leading ';' per added line moves every mapping down with its code.
    """
    data = json.loads(source_map)
    data["mappings"] = ";" * lines + data["mappings"]
    data["file"] = file
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
