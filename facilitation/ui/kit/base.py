"""Shared pieces of every view: the page context, HTML escaping, notices, the step-view shape.

Kept light on purpose: this module is on the participant's path, so it imports only
ipywidgets and the store (never pandas, ipyleaflet or bqplot).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Protocol
from urllib.parse import parse_qs

import ipywidgets as widgets
from sqlalchemy.exc import DBAPIError

from facilitation import store
from facilitation.store.db import is_unreachable, unreachable
from facilitation.domain.errors import FacilitationError
from facilitation.domain.escaping import esc  # noqa: F401 - the one escaping helper, re-exported for views
from facilitation.i18n import Translate, translator
from facilitation.domain.records import Workshop


@dataclass
class Context:
    """Everything a view needs, passed in explicitly (no module globals).

    ``key`` is set only on the facilitator's page (checked against the store on every
    action); ``token`` is the participant's device token once known.
    """

    db: store.Database
    code: str
    t: Translate
    key: str | None = None
    token: str | None = None
    participant_id: int | None = None
    query: dict[str, str] = field(default_factory=dict)

    @property
    def workshop(self) -> Workshop:
        """The workshop as stored now (re-read: the truth is in the store)."""
        return store.get_workshop(self.db, self.code)

    @property
    def is_facilitator(self) -> bool:
        return bool(self.key) and store.is_facilitator(self.db, self.code, self.key)


def query_params(query_string: str | None = None) -> dict[str, str]:
    """The page's query parameters (Voila passes them in ``QUERY_STRING``; user-controlled)."""
    raw = os.environ.get("QUERY_STRING", "") if query_string is None else query_string
    return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=False).items() if v}


def wait_for_voila_request() -> None:
    """With preheated kernels the notebook runs before the request exists: wait for it.

    ``import voila`` would cost every pooled kernel ~3.7 CPU-s and ~45 MB, so the wait uses
    the standard-library client in :mod:`facilitation.ui.kit.voila_request` instead.
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        from facilitation.ui.kit.voila_request import wait_for_request

        wait_for_request()


def make_context(query_string: str | None = None, db: store.Database | None = None) -> Context:
    """A context from the page's URL: ``?code=JOIN&key=FACILITATOR_KEY`` (key optional)."""
    params = query_params(query_string)
    db = db or store.Database()
    code = params.get("code", "")
    try:
        lang = store.get_workshop(db, code).language if code else "en"
    except FacilitationError:
        lang = "en"
    return Context(db=db, code=code, t=translator(params.get("lang") or lang), key=params.get("key"), query=params)


class Notice(widgets.HTML):
    """The inline message after an action (``fk-notice``): success or the error in words.

    Given the page's translator, a named error shows in the page's language (the one place
    errors are translated); without one it shows the English sentence.
    """

    def __init__(self, t: Translate | None = None) -> None:
        super().__init__(value="")
        self.add_class("fk-notice")
        self.t = t

    def ok(self, message: str) -> None:
        self.value = f'<div class="fk-notice-ok" role="status">{esc(message)}</div>'

    def error(self, message: str | FacilitationError) -> None:
        if isinstance(message, FacilitationError):
            message = message.localized(self.t) if self.t is not None else str(message)
        self.value = f'<div class="fk-notice-error" role="alert">{esc(message)}</div>'

    def clear(self) -> None:
        self.value = ""


def guarded(notice: Notice, action: Callable[[], str | None]) -> bool:
    """Run a user action; a :class:`FacilitationError` becomes a notice, never a traceback.

    The notice is cleared first, so an earlier success never stays beside a failure. A store
    that cannot be reached (:class:`StoreUnreachable`, or a driver's connection error that
    escaped the store) says so in the page's language; the caller keeps the form's text unless
    this returns True, so the person can try again. ``action`` may return a success message.
    """
    notice.clear()
    try:
        message = action()
    except FacilitationError as exc:
        notice.error(exc)
        return False
    except DBAPIError as exc:
        if not is_unreachable(exc, sqlite_store=False):
            raise
        notice.error(unreachable())
        return False
    if message:
        notice.ok(message)
    else:
        notice.clear()
    return True


class StepView(Protocol):
    """What the participant shell, the console and the presenter expect of a step's view."""

    root: widgets.Widget

    def refresh(self, topics: set[str]) -> None:
        """Re-render from the store; ``topics`` are the store topics that changed."""

    def close(self) -> None:
        """Release widgets and tasks."""

    # Optional: ``tick(now: datetime) -> None``. Every page calls it about once a second with the
    # timezone-aware UTC time while it is open (countdowns, "time left"); a view without it is
    # never called (see facilitation.ui.kit.shell.LivePage).
