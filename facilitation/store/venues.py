"""Venues: where workshops take place, a place with coordinates or an online link.

The one writer of ``venues``. A venue is shared: the same place (or link) used by several
workshops is one row, found again by :func:`venue_id_for`. Coordinates come from the caller
or, for a city, from the offline gazetteer (:mod:`facilitation.domain.gazetteer`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, select

from facilitation.domain.errors import NotFound
from facilitation.domain.programmes import Venue
from facilitation.store import schema as s
from facilitation.store.access import require_organiser
from facilitation.store.db import Database, now


def venue_from_row(row: Mapping[str, Any]) -> Venue:
    return Venue(id=row["id"], name=row["name"], city=row["city"], country=row["country"], lat=row["lat"],
                 lon=row["lon"], url=row["url"])


def _with_coordinates(venue: Venue) -> Venue:
    """The venue with the gazetteer's coordinates of its city when it has none and no online link
    (an online venue stays off the map even when the workshop names a city)."""
    if venue.lat is not None or not venue.city or venue.url:
        return venue
    from facilitation.domain import gazetteer  # lazy: the place list loads only when a venue needs it

    place = gazetteer.lookup(venue.city, venue.country)
    if place is None:
        return venue
    return Venue(name=venue.name, city=venue.city, country=venue.country or place.country, lat=place.lat,
                 lon=place.lon, url=venue.url)


def venue_id_for(conn: Connection, *, name: str = "", url: str = "", city: str = "", country: str = "",
                 lat: float | None = None, lon: float | None = None, stamp: datetime | None = None) -> int:
    """The id of this venue, found by its name, city and link or created, inside the caller's transaction.

    A city without coordinates is looked up in the offline gazetteer. An http(s) address given
    as the name is taken as the online link.
    """
    if not url and isinstance(name, str) and name.strip().lower().startswith(("http://", "https://")):
        name, url = "", name.strip()
    venue = _with_coordinates(Venue(name=name, city=city, country=country, lat=lat, lon=lon, url=url))
    found = conn.execute(select(s.venues.c.id).where(
        s.venues.c.name == venue.name, s.venues.c.city == venue.city, s.venues.c.url == venue.url)).scalar()
    if found is not None:
        return found
    stamp = stamp or now()
    return conn.execute(s.venues.insert().values(
        name=venue.name, city=venue.city, country=venue.country, lat=venue.lat, lon=venue.lon, url=venue.url,
        created_at=stamp, updated_at=stamp)).inserted_primary_key[0]


def venue_row(conn: Connection, venue_id: int) -> Mapping[str, Any]:
    row = conn.execute(select(s.venues).where(s.venues.c.id == venue_id)).mappings().first()
    if row is None:
        raise NotFound("There is no venue number {venue_id}.", venue_id=venue_id)
    return row


def add_venue(db: Database, organiser_key: str | None, *, name: str = "", city: str = "", country: str = "",
              lat: float | None = None, lon: float | None = None, url: str = "") -> Venue:
    """Organiser: a venue (an existing one with the same name, city and link is returned)."""
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        vid = venue_id_for(conn, name=name, url=url, city=city, country=country, lat=lat, lon=lon)
        return venue_from_row(venue_row(conn, vid))


def get_venue(db: Database, venue_id: int) -> Venue:
    with db.read() as conn:
        return venue_from_row(venue_row(conn, venue_id))


def list_venues(db: Database, programme: str | None = None) -> list[Venue]:
    """Every venue, or those of a programme's workshops (in the order of first use)."""
    with db.read() as conn:
        if programme is None:
            rows = conn.execute(select(s.venues).order_by(s.venues.c.id)).mappings().all()
            return [venue_from_row(r) for r in rows]
        pid = conn.execute(select(s.programmes.c.id).where(s.programmes.c.name == programme)).scalar()
        if pid is None:
            raise NotFound("There is no programme called {programme!r}.", programme=programme)
        q = (select(s.venues).join(s.workshops, s.workshops.c.venue_id == s.venues.c.id)
             .where(s.workshops.c.programme_id == pid).order_by(s.workshops.c.date, s.workshops.c.id))
        seen: dict[int, Venue] = {}
        for r in conn.execute(q).mappings():
            seen.setdefault(r["id"], venue_from_row(r))
        return list(seen.values())
