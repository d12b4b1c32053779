"""Named errors. Each carries one sentence a facilitator understands; no tracebacks for users."""

from __future__ import annotations


class FacilitationError(Exception):
    """Base of every error the kit shows to people (CLI, notebooks, notices)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidValue(FacilitationError):
    """A value does not fit its field; names the field and what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class NotAllowed(FacilitationError):
    """The caller lacks the facilitator key or the participant token for this action."""


class NotFound(FacilitationError):
    """A workshop, participant or record does not exist."""


class LimitReached(FacilitationError):
    """A budget or a limit is used up (e.g. no votes left)."""


class StoreUnusable(FacilitationError):
    """The database cannot be used: not a database, or a newer schema than this kit knows."""


class TemplateError(FacilitationError):
    """A workshop template is broken; names the file, the field and the problem."""
