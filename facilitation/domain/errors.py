"""Named errors. Each carries one sentence a facilitator understands; no tracebacks for users.

The sentence is an English template with named values, e.g.
``NotFound("There is no idea number {number}.", number=7)``: ``str(err)`` is the English
sentence (logs, the command line), and a page shows ``err.localized(t)`` in its own language.
The catalogue tool extracts the templates from these constructors (``catalog.KEYWORDS``), so
a template must be a plain string literal at the raise site; the values go in as keywords.
"""

from __future__ import annotations

from typing import Any, Callable

Translate = Callable[[str], str]


def _fill(template: str, params: dict[str, Any]) -> str:
    # Only templates with values are formatted: a sentence without values may hold braces.
    return template.format(**params) if params else template


class FacilitationError(Exception):
    """Base of every error the kit shows to people (CLI, notebooks, notices)."""

    def __init__(self, message: str, **params: Any) -> None:
        self.template = message
        self.params = params
        self.message = _fill(message, params)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def localized(self, t: Translate) -> str:
        """The sentence in ``t``'s language (English when the template is not translated)."""
        return _fill(t(self.template), self.params)


class InvalidValue(FacilitationError):
    """A value does not fit its field; names the field and what is allowed."""

    def __init__(self, field: str, message: str, **params: Any) -> None:
        super().__init__(f"{field}: {_fill(message, params)}")
        self.field = field
        self.reason = _fill(message, params)
        self.reason_template = message
        self.params = params

    def localized_reason(self, t: Translate) -> str:
        """The sentence without the field, in ``t``'s language."""
        return _fill(t(self.reason_template), self.params)

    def localized(self, t: Translate) -> str:
        return t(self.field) + ": " + self.localized_reason(t)


class NotAllowed(FacilitationError):
    """The caller lacks the facilitator key or the participant token for this action."""


class NotFound(FacilitationError):
    """A workshop, participant or record does not exist."""


class LimitReached(FacilitationError):
    """A budget or a limit is used up (e.g. no votes left)."""


class StoreUnusable(FacilitationError):
    """The database cannot be used: not a database, or a newer schema than this kit knows."""


class StoreUnreachable(FacilitationError):
    """The database server cannot be reached right now (stopped, restarting, network down).

    Raised by the store instead of a driver error, quickly (short connect timeouts), so a page
    can say so, keep what was typed and let the person try again.
    """


class TemplateError(FacilitationError):
    """A workshop template is broken; names the file, the field and the problem."""
