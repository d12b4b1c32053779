"""Who may open the review, and the workshops it shows (pseudonyms only, never display names)."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from typing import Any, Sequence

from facilitation import store
from facilitation.domain.records import Workshop
from facilitation.outputs import export
from facilitation.ui.kit.base import Context

REVIEW_KEY_ENV = "FACILITATION_REVIEW_KEY"
MIN_KEY_LENGTH = 20


def review_keys(ctx: Context) -> list[str]:
    """The keys given in the page's URL (``key=K`` or ``key=K1,K2``)."""
    return [k.strip() for k in (ctx.key or "").split(",") if k.strip()]


def is_organiser(keys: Sequence[str], db: store.Database | None = None) -> bool:
    """True when one of ``keys`` is an organiser key: the one configured on this server
    (``FACILITATION_REVIEW_KEY``) or, given ``db``, one stored there (``facilitation serve``'s organiser link)."""
    if db is not None and any(store.is_organiser(db, k) for k in keys):
        return True
    expected = os.environ.get(REVIEW_KEY_ENV, "")
    if len(expected) < MIN_KEY_LENGTH:
        return False
    return any(hmac.compare_digest(k.encode(), expected.encode()) for k in keys)


def accessible_workshops(db: store.Database, keys: Sequence[str]) -> list[Workshop]:
    """The workshops these keys open: all for the organiser key, else those whose facilitator key is given."""
    workshops = store.list_workshops(db)
    if not keys:
        return []
    if is_organiser(keys, db):
        return workshops
    return [w for w in workshops if any(store.is_facilitator(db, w.code, k) for k in keys)]


@dataclass
class Entry:
    """One workshop as the review sees it: its tables (pseudonyms only) and what filters look at."""

    workshop: Workshop
    tables: export.Tables
    programme: str
    themes: set[str] = field(default_factory=set)

    @property
    def row(self) -> dict[str, Any]:
        return self.tables["workshops"][0]


def load_entries(db: store.Database, workshops: Sequence[Workshop]) -> list[Entry]:
    out = []
    for w in workshops:
        tables = export.workshop_tables(db, w, with_names=False)
        row = tables["workshops"][0]
        themes = set(row["challenge_themes"]) | {i["theme"] for i in tables["ideas"] if i["theme"]}
        out.append(Entry(w, tables, row["programme"], themes))
    return out
