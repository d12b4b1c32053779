"""One home for what widget and browser tests build by hand: page contexts and "open step N".

Plain functions, no fixtures: import what a test needs (``from fixtures_ui import …``). A
``room`` is anything with ``db``, ``code`` and ``key`` (the ``workshop`` fixture of conftest,
or a test's own record of a workshop).
"""

from __future__ import annotations

from facilitation import store
from facilitation.i18n import translator
from facilitation.ui.kit.base import Context


def context(db: store.Database, code: str, *, lang: str = "en", key: str | None = None, token: str | None = None,
            participant_id: int | None = None, query: dict[str, str] | None = None) -> Context:
    """A page's context as :func:`facilitation.ui.kit.base.make_context` would give it, built directly."""
    return Context(db=db, code=code, t=translator(lang), key=key, token=token, participant_id=participant_id,
                   query=query or {})


def facilitator(room, *, lang: str = "en") -> Context:
    """The facilitator's page of ``room`` (its key)."""
    return context(room.db, room.code, lang=lang, key=room.key)


def participant(room, token: str, name: str = "", *, lang: str = "en", known: bool = True) -> Context:
    """A participant who joined ``room`` from the device ``token`` (under ``name``; empty = pseudonym).

    ``known=False`` leaves the participant's id out, as on a page that has only the device token:
    the view then finds the participant from the token itself.
    """
    joined = store.join(room.db, room.code, token, name)
    return context(room.db, room.code, lang=lang, token=token, participant_id=joined.id if known else None)


def set_step(db: store.Database, code: str, key: str, step: str) -> int:
    """The facilitator opens the first agenda item of ``step``; returns its index."""
    items = store.agenda(db, store.get_workshop(db, code).id)
    index = [item.step for item in items].index(step)
    store.set_phase(db, code, key, index)
    return index


def sync(*pages) -> None:
    """Each page hears what changed, as its live feed would tell it (``feed.poll_once``)."""
    for page in pages:
        page.feed.poll_once()


def open_step(room, step: str, *pages) -> int:
    """Open ``step`` in ``room``, then let ``pages`` follow it (see :func:`set_step`, :func:`sync`)."""
    index = set_step(room.db, room.code, room.key, step)
    sync(*pages)
    return index
