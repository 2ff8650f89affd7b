"""Errors a user can act on. The CLI prints them as one line, without a traceback."""
from __future__ import annotations


class KgError(Exception):
    """A problem with the user's input or request; the message says what and how to fix it."""

    exit_code = 2


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
