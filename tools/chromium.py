"""Debian's Chromium, started the same way by the browser tests and the benchmark."""

from __future__ import annotations

import os

DEFAULT_PATH = "/usr/bin/chromium"
# Headless on this machine class: root needs --no-sandbox, there is no GPU, and
# the closed network refuses Chromium's background calls home.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def path() -> str:
    """CHROMIUM_PATH if set, else Debian's Chromium."""
    return os.environ.get("CHROMIUM_PATH", DEFAULT_PATH)
