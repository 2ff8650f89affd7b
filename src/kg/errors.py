"""Errors a user can act on. The CLI prints them as one line, without a traceback."""
from __future__ import annotations


class KgError(Exception):
    """A problem with the user's input or request; the message says what and how to fix it."""

    exit_code = 2


class InputError(KgError):
    """One input could not be read or decoded; other inputs may still build."""

    exit_code = 1
