"""Participation across the programme: people counted once where they chose to be recognised."""

from __future__ import annotations

from typing import Sequence

from facilitation.i18n import Translate
from facilitation.store import ProgrammeWorkshop
from facilitation.ui.kit.base import esc


def participation_html(t: Translate, unique: int, rows: Sequence[ProgrammeWorkshop]) -> str:
    """Unique participants, attendances and workshops, with a sentence on how people are counted."""
    attendances = sum(r.participants for r in rows)
    figures = ((t("Unique participants"), unique), (t("Attendances"), attendances), (t("Workshops"), len(rows)))
    cells = "".join(f'<div class="fk-programme-figure"><span class="fk-programme-count fk-n">{esc(n)}</span>'
                    f'<span class="fk-muted">{esc(label)}</span></div>' for label, n in figures)
    note = t("A person who took part in several workshops counts once when they chose to be recognised "
             "again; everyone else counts once per workshop.")
    return (f'<div class="fk-programme-participation"><div class="fk-programme-counts">{cells}</div>'
            f'<p class="fk-help">{esc(note)}</p></div>')
