"""The addresses of the kit's pages: one notebook per page, the workshop in the query string.

Pure string building (the launcher prints these links; pages show and encode them as QR
codes), so both sides agree on every path and parameter.
"""

from __future__ import annotations

from urllib.parse import urlencode

PARTICIPANT_NOTEBOOK = "participant.ipynb"
FACILITATOR_NOTEBOOK = "facilitator.ipynb"
PRESENTER_NOTEBOOK = "presenter.ipynb"
HOMEWORK_NOTEBOOK = "challenge.ipynb"
ORGANISER_NOTEBOOK = "organiser.ipynb"
PROGRAMME_NOTEBOOK = "programme.ipynb"
REVIEW_NOTEBOOK = "review.ipynb"
# The page each role link opens (roles: facilitation.domain.roles.KEY_ROLES). An expert gets the
# console, which shows an expert only what the expert may do (scenarios between rounds); so does a
# group facilitator (their group only, ui/pages/console/groups_lead.py).
ROLE_NOTEBOOKS = {"co-facilitator": FACILITATOR_NOTEBOOK, "expert": FACILITATOR_NOTEBOOK,
                  "city": HOMEWORK_NOTEBOOK, "presenter": PRESENTER_NOTEBOOK,
                  "group-facilitator": FACILITATOR_NOTEBOOK, "note-taker": FACILITATOR_NOTEBOOK}


def page_link(base: str, notebook: str, **params: str) -> str:
    """``base`` (ending in /) + the Voila path of ``notebook`` + the query string."""
    return f"{base}voila/render/{notebook}?{urlencode(params)}"


def participant_link(base: str, code: str) -> str:
    return page_link(base, PARTICIPANT_NOTEBOOK, code=code)


def facilitator_link(base: str, code: str, key: str) -> str:
    return page_link(base, FACILITATOR_NOTEBOOK, code=code, key=key)


def role_link(base: str, role: str, code: str, key: str) -> str:
    """The link a role key opens (:data:`ROLE_NOTEBOOKS`); KeyError for a role without a page."""
    return page_link(base, ROLE_NOTEBOOKS[role], code=code, key=key)


def organiser_link(base: str, key: str) -> str:
    return page_link(base, ORGANISER_NOTEBOOK, key=key)


def programme_link(base: str, key: str, programme: str = "") -> str:
    """The organisers' programme view (one programme when ``programme`` names it)."""
    return page_link(base, PROGRAMME_NOTEBOOK, key=key, **({"programme": programme} if programme else {}))
