"""Domain errors that carry their meaning: not found, bad input, unavailable.

Engines raise these; one handler in ``destinai.web.problems`` turns them into RFC 9457 problem
details and one in ``destinai.cli_support`` into messages and exit codes. Anything else that
escapes an engine is a bug and is reported as one (a 500, a traceback), never as "not found".
"""

from __future__ import annotations

from typing import Any


class DestinaiError(Exception):
    """Base of the errors a user can cause or fix; ``kind`` names the problem type."""

    kind = "error"
    title = "Error"
    status = 500
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DestinaiError, LookupError):
    """A query named nothing in the catalog; ``suggestions`` holds close matches."""

    kind = "not-found"
    title = "Not found"
    status = 404
    exit_code = 2

    def __init__(self, message: str, suggestions: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class BadInput(DestinaiError, ValueError):
    """The request itself is wrong (an empty profile, an unknown sort, an unreadable file)."""

    kind = "bad-input"
    title = "Bad input"
    status = 422
    exit_code = 2


class TooLarge(BadInput):
    """The request or upload is over a size limit."""

    kind = "too-large"
    title = "Content too large"
    status = 413


class Unavailable(DestinaiError):
    """The service cannot answer now: no catalog, or one built without the data needed."""

    kind = "unavailable"
    title = "Service unavailable"
    status = 503
    exit_code = 1
