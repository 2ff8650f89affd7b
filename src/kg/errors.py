"""Errors a user can act on. The CLI prints them as one line, without a traceback."""
from __future__ import annotations

import re

# what a terminal or a log viewer obeys rather than shows: C0 and C1 controls (line breaks, ESC), DEL,
# the bidirectional controls, and the Unicode line and paragraph separators
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    r"""`text` safe to print on a terminal: controls as \x1b, \u202e escapes, shown rather than obeyed. A file
    name or an article's words in a message cannot start a line of their own or recolour the screen.

    >>> visible("a\x1b[2Jb\u202ec\nd")
    'a\\x1b[2Jb\\u202ec\\x0ad'
    """
    return UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


class KgError(Exception):
    """A problem with the user's input or request; the message says what and how to fix it."""

    exit_code = 2
    lines = False  # the message is several lines by design (a query's line and a caret under it)


class QuerySyntaxError(KgError):
    """A query kg cannot run, with the line at fault and a caret under the column."""

    lines = True


class InputError(KgError):
    """One input could not be read or decoded; other inputs may still build.

    `reason` is a short phrase that groups failures in the run's summary line ("binary", "timed out").
    """

    exit_code = 1

    def __init__(self, message: str, reason: str = "other"):
        super().__init__(message)
        self.reason = reason

    def __reduce__(self):  # keeps `reason` when a worker process sends the error back
        return type(self), (str(self), self.reason)
