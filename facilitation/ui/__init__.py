"""Entry points of the notebooks: each builds one page from the URL and returns its root widget.

A notebook's only code cell is e.g. ``from facilitation.ui import participant_app; participant_app()``.
Each entry point waits for Voila's request (preheated kernels), makes the page's
:class:`~facilitation.ui.kit.base.Context` from the query string, builds the page, starts its
live updates and returns the root widget: as the cell's last expression Jupyter displays it
(once; the function does not display it itself, which would show it twice).

Imports stay inside the functions so each page loads only what it needs (the participant's
page must stay light). Other pages add their entry points here the same way: a class built
as ``App(ctx)`` with a ``root`` widget and a ``start()`` method (starting its live feed, or
returning False when it has none), opened through ``_open("module:Class")``.
"""

from __future__ import annotations

from typing import Any


def _configure_logging() -> None:
    """Send the kit's warnings to the server's log, not into the page.

    In a kernel ``sys.stderr`` is the page's output stream; the kernel process's own stderr
    (``sys.__stderr__``) ends up in the terminal running ``facilitation serve``.
    """
    import logging
    import sys

    logger = logging.getLogger("facilitation")
    if not logger.handlers and sys.__stderr__ is not None:
        handler = logging.StreamHandler(sys.__stderr__)
        handler.setFormatter(logging.Formatter("[facilitation] %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _open(app_class_path: str) -> Any:
    from importlib import import_module

    from facilitation.domain.errors import FacilitationError
    from facilitation.ui.kit.base import make_context, wait_for_voila_request

    _configure_logging()
    # Import the page's code before waiting: a preheated kernel then has it loaded already.
    module_name, _, class_name = app_class_path.partition(":")
    app_class = getattr(import_module(module_name), class_name)
    wait_for_voila_request()
    try:
        ctx = make_context()
    except FacilitationError as exc:  # e.g. the database cannot be opened: one sentence, no traceback
        from facilitation.i18n import translator
        from facilitation.ui.kit.shell import polite_page

        t = translator("en")
        return polite_page(t, "participant", t("This page cannot open right now"), str(exc), icon="alert")
    app = app_class(ctx)
    app.start()
    # The app lives as long as its page: the root keeps it (callbacks and the feed refer to it).
    app.root._fk_app = app
    return app.root


def participant_app() -> Any:
    """The participant's page (``participant.ipynb?code=JOIN``)."""
    return _open("facilitation.ui.pages.participant:ParticipantApp")


def facilitator_app() -> Any:
    """The facilitator console (``facilitator.ipynb?code=JOIN&key=KEY``)."""
    return _open("facilitation.ui.pages.console:ConsoleApp")


def presenter_app() -> Any:
    """The big-screen presenter view (``presenter.ipynb?code=JOIN&key=KEY``)."""
    return _open("facilitation.ui.pages.presenter:PresenterApp")


def review_app() -> Any:
    """The organisers' review (``review.ipynb?key=KEY``; the organiser key or facilitator keys)."""
    return _open("facilitation.ui.pages.review:ReviewApp")


def challenge_app() -> Any:
    """The city's homework: its challenge on the map (``challenge.ipynb?code=JOIN&key=KEY``)."""
    return _open("facilitation.ui.pages.homework:ChallengeApp")


def organiser_app() -> Any:
    """The organiser's page: the workshops, creating one, editing it (``organiser.ipynb?key=ORGANISER_KEY``)."""
    return _open("facilitation.ui.pages.organiser:OrganiserApp")


def programme_app() -> Any:
    """The organisers' programme view (``programme.ipynb?key=ORGANISER_KEY[&programme=NAME]``)."""
    return _open("facilitation.ui.pages.programme:ProgrammeApp")


def guide_app() -> Any:
    """The facilitator guide (``guide.ipynb?lang=pl``; ``?code=JOIN`` picks the workshop's language)."""
    return _open("facilitation.ui.pages.guide:GuideApp")
