"""A programme's export: calendar, venue map, tables, one workbook, and every workshop's own files.

``export_programme`` writes ``programme.ics`` (iCalendar through the ``icalendar`` library),
``venues.geojson``, ``workshops.csv``, ``meeting.csv``, ``actions.csv``, ``practices.csv``, ``programme.xlsx``
and, in a folder named by each workshop's join code, that workshop's export
(:func:`facilitation.outputs.export.export_workshop`). Columns come from
:mod:`facilitation.outputs.programme_tables`.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Sequence

from facilitation import store
from facilitation.domain.gazetteer import country_name
from facilitation.i18n import translator
from facilitation.outputs import programme_tables as pt
from facilitation.outputs.export import _atomic_write, export_workshop, rows_csv

Row = dict[str, Any]
UID_DOMAIN = "facilitation-kit"


def programme_rows(db: store.Database, name: str) -> dict[str, list[Row]]:
    """The programme's tables (``programme_workshops``, ``meeting_items``, ``actions``, ``practices``, ``venues``)."""
    programme = store.get_programme(db, name)
    entries = store.programme_workshops(db, name)
    code_of = {e.workshop.id: e.workshop.code for e in entries}
    titles = {e.workshop.code: e.workshop.title for e in entries}
    actions = store.list_actions(db, programme=name)
    workshops, topics, meeting_rows = [], {}, []
    for e in entries:
        w, v = e.workshop, e.venue
        items = store.meeting(db, w.code)
        topics.update({i.id: i.topic for i in items})
        meeting_rows += [{"id": i.id, "workshop_code": w.code, "workshop": w.title, "position": i.position,
                          "topic": i.topic, "city": i.city, "notes": i.notes, "decisions": i.decisions} for i in items]
        workshops.append({
            "programme": programme.name, "phase": e.phase.name if e.phase else "",
            "phase_position": e.phase.position if e.phase else None, "workshop_code": w.code, "title": w.title,
            "kind": e.kind, "city": w.city, "country": w.country, "language": w.language, "date": w.date,
            "end_date": w.end_date, "venue": v.label if v else "", "venue_url": v.url if v else "",
            "lat": v.lat if v else None, "lon": v.lon if v else None, "status": e.status,
            "participants": e.participants, "ideas": e.ideas, "votes": e.votes, "meeting_items": len(items),
            "actions": sum(1 for a in actions if a.workshop_id == w.id),
            "materials": len(store.list_materials(db, w.code))})
    action_rows = [{"id": a.id, "workshop_code": code_of.get(a.workshop_id, ""),
                    "workshop": titles.get(code_of.get(a.workshop_id, ""), ""), "item_id": a.item_id,
                    "topic": topics.get(a.item_id, ""), "text": a.text, "owner": a.owner, "due": a.due, "done": a.done}
                   for a in actions]
    practice_rows = [{"id": p.id, "title": p.title, "city": p.city, "country": p.country, "link": p.link,
                      "lesson": p.lesson, "themes": list(p.themes), "workshop_code": code_of[p.source_workshop_id]}
                     for p in store.search_practices(db) if p.source_workshop_id in code_of]
    venues: dict[int, Row] = {}
    for e in entries:
        v = e.venue
        if v is None or v.lat is None:
            continue
        row = venues.setdefault(v.id, {"venue_id": v.id, "name": v.name, "city": v.city, "country": v.country,
                                       "label": v.label, "workshop_codes": [], "titles": [], "dates": [],
                                       "lat": v.lat, "lon": v.lon})
        row["workshop_codes"].append(e.workshop.code)
        row["titles"].append(e.workshop.title)
        row["dates"].append(e.workshop.date.isoformat() if e.workshop.date else "")
    return {"programme_workshops": workshops, "meeting_items": meeting_rows, "actions": action_rows,
            "practices": practice_rows, "venues": list(venues.values())}


def ics_bytes(db: store.Database, name: str) -> bytes:
    """The programme as an iCalendar file: one all-day event per dated workshop (stable UIDs)."""
    from icalendar import Calendar, Event

    programme = store.get_programme(db, name)
    t = translator(programme.language)  # one calendar, in the programme's language
    cal = Calendar()
    cal.add("prodid", "-//Facilitation kit//Programme export//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", programme.name)
    for e in store.programme_workshops(db, name):
        w, v = e.workshop, e.venue
        if w.date is None:
            continue
        ev = Event()
        ev.add("uid", f"workshop-{w.code}@{UID_DOMAIN}")
        ev.add("dtstamp", (w.created_at or datetime(2000, 1, 1)).replace(tzinfo=timezone.utc))
        ev.add("summary", w.title)
        ev.add("dtstart", w.date)
        ev.add("dtend", (w.end_date or w.date) + timedelta(days=1))
        place = (_place(v.name, v.city, country_name(v.country, programme.language)) if v is not None and not v.online
                 else _place(w.city, country_name(w.country, programme.language)))
        if v is not None and v.online:
            place = v.name or v.url
        ev.add("location", place)
        if v is not None and v.url:
            ev.add("url", v.url)
        if v is not None and v.lat is not None:
            ev.add("geo", (v.lat, v.lon))
        ev.add("categories", [e.kind])
        details = [programme.name] + ([e.phase.name] if e.phase else []) + [t("Join code: {code}").format(code=w.code)]
        ev.add("description", "\n".join(details))
        cal.add_component(ev)
    return cal.to_ical()


def _place(*parts: str) -> str:
    """Non-empty parts once each, joined by commas (as :attr:`Venue.label`)."""
    kept = [p for p in parts if p]
    return ", ".join(p for i, p in enumerate(kept) if p not in kept[:i])


def geojson_document(venues: Sequence[Row], programme: str) -> dict:
    """The venues as a GeoJSON FeatureCollection: a Point [lon, lat] per venue with its workshops."""
    cols = [c.name for c in pt.BY_NAME["venues"].columns]
    features = [{"type": "Feature", "id": v["venue_id"],
                 "geometry": {"type": "Point", "coordinates": [v["lon"], v["lat"]]},
                 "properties": {c: v[c] for c in cols}} for v in venues]
    return {"type": "FeatureCollection", "name": programme, "features": features}


def csv_bytes(table: str, rows: Sequence[Row]) -> bytes:
    return rows_csv([c.name for c in pt.BY_NAME[table].columns], rows)


def xlsx_bytes(tables: dict[str, list[Row]]) -> bytes:
    """One sheet per CSV and the venues (values typed: dates as dates), and the dictionary of these tables."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)

    def sheet(title: str, header: list[str], body: list[list[Any]]) -> None:
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for values in body:
            ws.append([None] * len(values))
            for j, value in enumerate(values, start=1):
                cell = ws.cell(row=ws.max_row, column=j)
                if isinstance(value, (list, tuple)):
                    value = ";".join(str(x) for x in value)
                if isinstance(value, str):  # text stays text, never a formula
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
                    cell.data_type = "s"
                else:
                    cell.value = value
                    if isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"

    for t in pt.PROGRAMME_TABLES:
        cols = [c.name for c in t.columns]
        sheet(t.name, cols, [[row.get(c) for c in cols] for row in tables[t.name]])
    sheet("data dictionary", ["table", "file", "column", "type", "meaning"],
          [[t.name, t.file, c.name, c.type, c.meaning] for t in pt.PROGRAMME_TABLES for c in t.columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_programme(db: store.Database, name: str, to: Path, *, with_names: bool = False) -> list[Path]:
    """Write the programme's files into ``to`` and each workshop's export into ``to/CODE/``; returns the files."""
    programme = store.get_programme(db, name)  # NotFound with a sentence for an unknown name
    out = Path(to)
    tables = programme_rows(db, programme.name)
    written = [_atomic_write(out / pt.ICS_FILE, ics_bytes(db, programme.name))]
    doc = geojson_document(tables["venues"], programme.name)
    written.append(_atomic_write(out / pt.GEOJSON_FILE, json.dumps(doc, ensure_ascii=False, indent=1).encode()))
    written += [_atomic_write(out / pt.BY_NAME[t].file, csv_bytes(t, tables[t])) for t in pt.CSV_TABLES]
    written.append(_atomic_write(out / pt.XLSX_FILE, xlsx_bytes(tables)))
    for row in tables["programme_workshops"]:
        written += export_workshop(db, row["workshop_code"], out / row["workshop_code"], with_names=with_names)
    return written
