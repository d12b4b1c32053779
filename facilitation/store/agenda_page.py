"""The printable agenda of a workshop: one self-contained HTML page (no scripts, no requests).

Read-only. Everything typed by people is escaped with the one helper
(:func:`facilitation.domain.escaping.esc`); labels are in the workshop's language.
"""

from __future__ import annotations

from sqlalchemy import select

from facilitation.domain.escaping import esc
from facilitation.domain.programmes import KIND_LABELS
from facilitation.domain.steps import step as step_entry
from facilitation.i18n import translator
from facilitation.store import schema as s
from facilitation.store.access import workshop_row
from facilitation.store.db import Database
from facilitation.store.venues import venue_from_row

_CSS = ("body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#1d2a36;line-height:1.45}"
        "h1{font-size:1.6rem;margin:0 0 .3rem}.meta{color:#4a5866;margin:0 0 1.2rem}"
        "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d5dde5;padding:.35rem .5rem;"
        "text-align:left;vertical-align:top}th{font-size:.85rem;color:#4a5866}td.min{white-space:nowrap;width:6rem}"
        "h2{font-size:1.15rem;margin:1.6rem 0 .4rem}@media print{body{margin:0}}")


def planned_times(steps: list[tuple[str, int]]) -> list[str]:
    """Each step's planned time from ``(starts_at, minutes)``: clock times ("09:30–09:50") from the first
    given start on (a later given start resets the clock), minutes from the beginning ("0–20 min") before."""
    out, offset, clock = [], 0, None
    for starts_at, minutes in steps:
        if starts_at:
            hours, mins = starts_at.split(":")
            clock = int(hours) * 60 + int(mins)
        if clock is None:
            out.append(f"{offset}–{offset + minutes} min")
            offset += minutes
            continue
        end = clock + minutes
        out.append(f"{clock // 60 % 24:02d}:{clock % 60:02d}–{end // 60 % 24:02d}:{end % 60:02d}")
        clock = end
    return out


def agenda_html(db: Database, code: str) -> str:
    """The workshop's agenda as a printable page: title, dates, place, steps with minutes, topics, materials."""
    with db.read() as conn:
        w = workshop_row(conn, code)
        steps = conn.execute(select(s.agenda).where(s.agenda.c.workshop_id == w["id"])
                             .order_by(s.agenda.c.position)).mappings().all()
        topics = conn.execute(select(s.meeting_items.c.topic).where(s.meeting_items.c.workshop_id == w["id"])
                              .order_by(s.meeting_items.c.position, s.meeting_items.c.id)).scalars().all()
        files = conn.execute(select(s.materials.c.title, s.materials.c.filename).where(
            s.materials.c.workshop_id == w["id"]).order_by(s.materials.c.id)).all()
        programme = (conn.execute(select(s.programmes.c.name).where(s.programmes.c.id == w["programme_id"]))
                     .scalar() if w["programme_id"] else None) or ""
        venue_row = (conn.execute(select(s.venues).where(s.venues.c.id == w["venue_id"])).mappings().first()
                     if w["venue_id"] else None)
    t = translator(w["language"])
    venue = venue_from_row(venue_row) if venue_row is not None else None
    when = w["date"] or ""
    if w["date"] and w["end_date"] and w["end_date"].isoformat() != w["date"]:
        when = f"{w['date']} – {w['end_date'].isoformat()}"
    place = venue.label if venue is not None else ", ".join(p for p in (w["city"], w["country"]) if p)
    meta = [t(KIND_LABELS.get(w["kind"] or "city-workshop", "City workshop")), when, place, programme]
    online, agenda_word, time_word, step_word = t("Online"), t("Agenda"), t("Time"), t("Step")
    topics_word, materials_word = t("Topics"), t("Materials")
    link = (f'<p class="meta">{esc(online)}: <a href="{esc(venue.url)}">{esc(venue.url)}</a></p>'
            if venue is not None and venue.url else "")
    rows = []
    for r, when in zip(steps, planned_times([(r.get("starts_at") or "", r["minutes"]) for r in steps]), strict=True):
        entry = step_entry(r["step"])
        label = r["title"] or (t(entry.label) if entry else r["step"])
        note = f'<br><small>{esc(r["instruction"])}</small>' if r.get("instruction") else ""
        rows.append(f'<tr><td class="min">{esc(when)}</td><td>{esc(label)}{note}</td></tr>')
    parts = [
        "<!DOCTYPE html>", f'<html lang="{esc(w["language"])}"><head><meta charset="utf-8">',
        f"<title>{esc(agenda_word)} – {esc(w['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(w['title'])}</h1>", f'<p class="meta">{esc(" · ".join(m for m in meta if m))}</p>', link,
        f"<h2>{esc(agenda_word)}</h2>",
        f"<table><thead><tr><th>{esc(time_word)}</th><th>{esc(step_word)}</th></tr></thead><tbody>",
        *rows, "</tbody></table>",
    ]
    if topics:
        parts += [f"<h2>{esc(topics_word)}</h2><ol>", *(f"<li>{esc(x)}</li>" for x in topics), "</ol>"]
    if files:
        parts += [f"<h2>{esc(materials_word)}</h2><ul>", *(f"<li>{esc(title or name)}</li>" for title, name in files),
                  "</ul>"]
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p)
