"""Preparing a workshop from a page: creating it with the organiser key, and changing its details,
vote rules and map view with a key that may steer it.

Each function checks the key (:mod:`facilitation.store.access`), validates every value through
the :class:`~facilitation.domain.records.Workshop` record before anything is written, writes in
one transaction through :mod:`~facilitation.store.workshops` (the table's one writer), keeps the
previous values in ``history`` and bumps ``workshop`` so open pages update.
"""

from __future__ import annotations

import dataclasses
from datetime import date as Date
from typing import Any, Mapping

from sqlalchemy import Connection, select

from facilitation.domain import gazetteer
from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import Workshop
from facilitation.store import agendas, history, venues, workshops
from facilitation.store import schema as s
from facilitation.store.access import require_organiser, require_role, role_in
from facilitation.store.db import Database, bump, now
from facilitation.store.workshops import Created

MIN_ZOOM, MAX_ZOOM = 1, 18
CITY_ZOOM = 12  # the map view of a workshop centred on its city


def templates(language: str = agendas.SOURCE_LANGUAGE) -> list[tuple[str, str]]:
    """``(name, title)`` of every agenda template shipped with the kit, by name; the titles in ``language``
    (a page shows them in its own language, English where a template has no text in it)."""
    return [(name, agendas.load(name, language).title) for name in agendas.available()]


def _date(value: Date | str | None) -> Date | None:
    if value is None or value == "":
        return None
    if isinstance(value, Date):
        return value
    if not isinstance(value, str):
        raise InvalidValue("date", "must be a date like 2026-03-14.")
    try:
        return Date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValue("date", "{value!r} is not a date like 2026-03-14.", value=value) from None


def create_workshop_as_organiser(db: Database, organiser_key: str | None, *, title: str, city: str,
                                 country: str = "", language: str = "en", date: Date | str | None = None,
                                 venue: str = "", template: str = agendas.DEFAULT_TEMPLATE,
                                 programme: str | None = None) -> Created:
    """Organiser: create a workshop from a shipped template; returns it with its facilitator key (shown once).

    The map starts centred on the city when the offline gazetteer knows it (else on Europe);
    ``venue`` is a place name or an http(s) link to an online meeting.
    """
    model.check_choice("template", template, agendas.available())  # a name, never a file path
    venue = model.clean_text("venue", venue, max_len=500, required=False)
    if "://" in venue and not venue.lower().startswith(("http://", "https://")):
        raise InvalidValue("venue", "must be a place name or a link starting with http:// or https://.")
    place = gazetteer.lookup(city, country) if isinstance(city, str) and city.strip() else None
    country = country if country or place is None else place.country
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        created = workshops.insert_workshop(
            conn, title=title, city=city, country=country, language=language, date=_date(date), template=template,
            programme=programme or None, lat=place.lat if place else None, lon=place.lon if place else None)
        wid = created.workshop.id
        settings: dict[str, Any] = {"zoom": CITY_ZOOM} if place else {}
        if settings:
            workshops.save_settings(conn, wid, settings)
        if venue:
            venue_id = venues.venue_id_for(conn, name=venue, city=created.workshop.city,
                                           country=created.workshop.country, stamp=now())
            workshops.place_workshop(conn, wid, venue_id=venue_id)
        row = conn.execute(select(s.workshops).where(s.workshops.c.id == wid)).mappings().one()
    return Created(workshop=workshops.to_workshop(row), key=created.key)


def _steer(conn: Connection, code: str, key: str | None) -> tuple[Mapping[str, Any], str]:
    wrow = require_role(conn, code, key, "steer")
    return wrow, role_in(conn, wrow, key)[0] or "facilitator"


def _changed(conn: Connection, wrow: Mapping[str, Any], actor: str, values: Mapping[str, Any]) -> Workshop:
    """Write the columns that differ (keeping their previous values), bump, and return the workshop."""
    changed = {k: v for k, v in values.items() if wrow[k] != v}
    if changed:
        stamp = now()
        history.keep(conn, wrow["id"], "workshops", wrow, actor, fields=("id", *changed), at=stamp)
        workshops.write_columns(conn, wrow["id"], **changed)
        bump(conn, wrow["id"], "workshop")
    return workshops.to_workshop(conn.execute(select(s.workshops).where(s.workshops.c.id == wrow["id"]))
                                 .mappings().one())


def update_details(db: Database, code: str, key: str, *, title: str | None = None, city: str | None = None,
                   country: str | None = None, language: str | None = None,
                   date: Date | str | None = None) -> Workshop:
    """Change the title, city, country, language or date (what is not given stays; ``date=""`` clears it).

    A new city the gazetteer knows moves the map centre there.
    """
    with db.write() as conn:
        wrow, actor = _steer(conn, code, key)
        current = workshops.to_workshop(wrow)
        changes: dict[str, Any] = {k: v for k, v in (("title", title), ("city", city), ("country", country),
                                                      ("language", language)) if v is not None}
        if date is not None:
            changes["date"] = _date(date)
        probe = dataclasses.replace(current, **changes)  # validates every value
        values: dict[str, Any] = {"title": probe.title, "city": probe.city, "country": probe.country,
                                  "language": probe.language, "date": probe.date.isoformat() if probe.date else None}
        if probe.city != current.city:
            place = gazetteer.lookup(probe.city, probe.country)
            if place is not None:
                values.update(lat=place.lat, lon=place.lon)
        return _changed(conn, wrow, actor, values)


def set_vote_rules(db: Database, code: str, key: str, *, vote_budget: int, votes_per_idea: int) -> Workshop:
    """Set how many dots each participant has (1–20) and how many may go on one idea (at most the budget)."""
    budget = model.check_int("vote budget", vote_budget, 1, 20)
    per_idea = model.check_int("votes per idea", votes_per_idea, 1, 20)
    if per_idea > budget:
        raise InvalidValue("votes per idea", "cannot be more than the vote budget ({budget}).", budget=budget)
    with db.write() as conn:
        wrow, actor = _steer(conn, code, key)
        workshop = _changed(conn, wrow, actor, {"vote_budget": budget, "votes_per_idea": per_idea})
        bump(conn, wrow["id"], "votes")
        return workshop


def set_map_view(db: Database, code: str, key: str, *, lat: float, lon: float, zoom: int) -> Workshop:
    """Set where the workshop's maps open: the centre (WGS84) and the zoom level (1–18)."""
    lat = model.check_number("latitude", lat, -90, 90)
    lon = model.check_number("longitude", lon, -180, 180)
    zoom = model.check_int("zoom", zoom, MIN_ZOOM, MAX_ZOOM)
    with db.write() as conn:
        wrow, actor = _steer(conn, code, key)
        settings = dict(wrow["settings"] or {})
        if settings.get("zoom") != zoom:
            history.keep(conn, wrow["id"], "workshops", wrow, actor, fields=("id", "settings"))
            settings["zoom"] = zoom
            workshops.save_settings(conn, wrow["id"], settings)
            bump(conn, wrow["id"], "workshop")
        workshop = _changed(conn, wrow, actor, {"lat": lat, "lon": lon})
        bump(conn, wrow["id"], "map")
        return workshop
