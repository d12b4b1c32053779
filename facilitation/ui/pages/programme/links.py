"""The way from other organiser pages (the review) to the programme view."""

from __future__ import annotations

from typing import Sequence

from facilitation import store
from facilitation.domain import links as pages
from facilitation.i18n import Translate
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.links import base_url


def programme_link_html(t: Translate, db: store.Database, keys: Sequence[str]) -> str:
    """A link to the programme view when one of ``keys`` is an organiser key (checked in the store),
    else '' (a facilitator key does not open it, so it is not offered)."""
    key = next((k for k in keys if store.is_organiser(db, k)), None)
    if key is None or not store.list_programmes(db):
        return ""
    href = pages.programme_link(base_url(), key)
    label = t("Programme overview")
    return (f'<a class="fk-btn fk-btn-ghost fk-programme-link" href="{esc(href)}" target="_blank" '
            f'rel="noopener">{esc(label)}</a>')
