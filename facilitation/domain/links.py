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


def page_link(base: str, notebook: str, **params: str) -> str:
    """``base`` (ending in /) + the Voila path of ``notebook`` + the query string."""
    return f"{base}voila/render/{notebook}?{urlencode(params)}"


def participant_link(base: str, code: str) -> str:
    return page_link(base, PARTICIPANT_NOTEBOOK, code=code)


def facilitator_link(base: str, code: str, key: str) -> str:
    return page_link(base, FACILITATOR_NOTEBOOK, code=code, key=key)
