"""The programme's calendar (``fk-programme-calendar``): its workshops by phase, with dates,
kind, venue and status. Escaped HTML from the store's rows."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from facilitation.domain.gazetteer import place_name
from facilitation.domain.programmes import KIND_LABELS, Programme, Venue
from facilitation.domain.steps import N_
from facilitation.i18n import Translate
from facilitation.store import ProgrammeWorkshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc

STATUS_LABELS = {"planned": N_("Planned"), "running": N_("Running"), "done": N_("Finished")}
STATUS_TONES = {"planned": "", "running": "accent", "done": "primary"}


def kind_label(t: Translate, kind: str) -> str:
    return t(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def status_chip(t: Translate, status: str) -> str:
    return theme.chip(t(STATUS_LABELS[status]) if status in STATUS_LABELS else status, STATUS_TONES.get(status, ""))


def when_text(start: date | None, end: date | None) -> str:
    """``2017-07-05`` or ``2017-07-05 – 2017-07-06`` (a workshop may span several days)."""
    if start is None:
        return ""
    if end is None or end == start:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


def venue_text(t: Translate, venue: Venue | None) -> str:
    """Where: the venue's name and city, or "Online" for a link."""
    if venue is None:
        return ""
    if venue.lat is None and venue.url:
        return " · ".join(p for p in (venue.name, t("Online")) if p)
    return ", ".join(dict.fromkeys(p for p in (venue.name, venue.city) if p))  # "Gdansk, Gdansk" once


def _row_html(t: Translate, r: ProgrammeWorkshop) -> str:
    w = r.workshop
    venue = venue_text(t, r.venue) or place_name(w.city, w.country, t.language)
    when = when_text(w.date, w.end_date) or t("Date to be set")
    return (f'<li class="fk-cal-entry" data-code="{esc(w.code)}">'
            f'<span class="fk-cal-date">{esc(when)}</span>'
            f'<span class="fk-cal-main"><b>{esc(w.title)}</b>'
            f'<span class="fk-muted">{esc(" · ".join(p for p in (kind_label(t, r.kind), venue) if p))}</span></span>'
            f'{status_chip(t, r.status)}</li>')


def calendar_html(t: Translate, programme: Programme, rows: Sequence[ProgrammeWorkshop]) -> str:
    """Workshops grouped under the programme's phases (in order), then those without a phase."""
    if not rows:
        return theme.empty_html(t("No workshops in this programme yet."), icon="clock")
    parts = []
    by_phase = {p.id: [r for r in rows if r.phase is not None and r.phase.id == p.id] for p in programme.phases}
    for phase in programme.phases:
        dates = when_text(phase.starts_on, phase.ends_on)
        entries, none_yet = by_phase[phase.id], t("No workshops in this phase yet.")
        body = ("".join(_row_html(t, r) for r in entries) if entries
                else f'<li class="fk-muted">{esc(none_yet)}</li>')
        parts.append(f'<section class="fk-cal-phase"><h3>{esc(phase.name)}'
                     f'<span class="fk-muted"> {esc(dates)}</span></h3><ol class="fk-cal-list">{body}</ol></section>')
    loose = [r for r in rows if r.phase is None]
    if loose:
        title = t("Workshops") if not programme.phases else t("Not in a phase")
        parts.append(f'<section class="fk-cal-phase"><h3>{esc(title)}</h3><ol class="fk-cal-list">'
                     + "".join(_row_html(t, r) for r in loose) + "</ol></section>")
    return '<div class="fk-cal">' + "".join(parts) + "</div>"
