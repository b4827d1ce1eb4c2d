"""The one error type the data layer raises, worded for contributors."""

from __future__ import annotations


class DataError(Exception):
    """A problem in data/ or in a page's use of it, with where and how to fix it.

    The message always starts with the file (and line where known) so that a
    contributor reading a CI log can go straight to the place to edit.
    """

    def __init__(self, file: str, problem: str, fix: str, line: int | None = None, item: str | None = None):
        self.file = file
        self.line = line
        self.item = item
        self.problem = problem
        self.fix = fix
        where = f"{file}, line {line}" if line else file
        about = f" [{item}]" if item else ""
        super().__init__(f"{where}{about}: {problem} Fix: {fix}")
