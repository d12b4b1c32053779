"""The challenge map: drawn areas, lines and points, and imports of GeoJSON files.

The one writer of ``map_features``. Only the facilitator or the city representative draws
(action ``challenge``); a removed feature stays in
the data (``removed``), an edited one keeps its previous version in ``history``.

A GeoJSON file is parsed and every feature validated (:mod:`facilitation.domain.geo`) before
the write transaction starts; the features are then inserted in one transaction, so a
broken file or a failure half-way leaves the map as it was.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue
from facilitation.domain.geo import ImportedFeature, parse_feature_collection
from facilitation.domain.records import MapFeature
from facilitation.store import history
from facilitation.store import schema as s
from facilitation.store.access import owned_row, require_role
from facilitation.store.db import Database, bump, now


def feature_from_row(row: Mapping[str, Any]) -> MapFeature:
    return MapFeature(id=row["id"], workshop_id=row["workshop_id"], geometry=row["geometry"], label=row["label"],
                      note=row["note"], kind=row["kind"], removed=row["removed"])


def _one(conn: Connection, feature_id: int) -> MapFeature:
    row = conn.execute(select(s.map_features).where(s.map_features.c.id == feature_id)).mappings().one()
    return feature_from_row(row)


def add_feature(db: Database, code: str, key: str, *, geometry: Mapping[str, Any], label: str,
                kind: str = "problem", note: str = "") -> MapFeature:
    """Facilitator: add a drawn area, line or point with its label, note and kind."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "challenge")
        f = MapFeature(workshop_id=wrow["id"], geometry=geometry, label=label, kind=kind, note=note)
        stamp = now()
        fid = conn.execute(s.map_features.insert().values(
            workshop_id=f.workshop_id, geometry=dict(f.geometry), label=f.label, note=f.note, kind=f.kind,
            removed=False, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], "map")
        return _one(conn, fid)


def update_feature(db: Database, code: str, key: str, feature_id: int, **changes: Any) -> MapFeature:
    """Facilitator: change a feature's label, note, kind or geometry (the old version is kept)."""
    allowed = {"label", "note", "kind", "geometry"}
    if set(changes) - allowed:
        raise InvalidValue("map feature", f"only {', '.join(sorted(allowed))} can be changed.")
    with db.write() as conn:
        wrow = require_role(conn, code, key, "challenge")
        row = owned_row(conn, s.map_features, feature_id, wrow["id"], "map feature")
        merged = {**dict(row), **changes}
        f = MapFeature(workshop_id=wrow["id"], geometry=merged["geometry"], label=merged["label"],
                       kind=merged["kind"], note=merged["note"])
        history.keep(conn, wrow["id"], "map_features", row, "facilitator")
        conn.execute(s.map_features.update().where(s.map_features.c.id == feature_id).values(
            geometry=dict(f.geometry), label=f.label, note=f.note, kind=f.kind, updated_at=now()))
        bump(conn, wrow["id"], "map")
        return _one(conn, feature_id)


def remove_feature(db: Database, code: str, key: str, feature_id: int) -> None:
    """Facilitator: take a feature off the map (kept in the data as removed)."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "challenge")
        owned_row(conn, s.map_features, feature_id, wrow["id"], "map feature")
        conn.execute(s.map_features.update().where(s.map_features.c.id == feature_id).values(
            removed=True, updated_at=now()))
        bump(conn, wrow["id"], "map")


def list_features(db: Database, workshop_id: int, *, include_removed: bool = False) -> list[MapFeature]:
    with db.read() as conn:
        q = select(s.map_features).where(s.map_features.c.workshop_id == workshop_id).order_by(s.map_features.c.id)
        if not include_removed:
            q = q.where(s.map_features.c.removed.is_(False))
        return [feature_from_row(r) for r in conn.execute(q).mappings().all()]


# --- GeoJSON files ---------------------------------------------------------------------


def import_features(db: Database, code: str, key: str, features: Sequence[ImportedFeature], *,
                    replace: bool = False) -> list[MapFeature]:
    """Facilitator: add parsed features to the map in one transaction (``replace`` removes the old ones)."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "challenge")
        checked = [MapFeature(workshop_id=wrow["id"], geometry=f.geometry, label=f.label, kind=f.kind, note=f.note)
                   for f in features]
        stamp = now()
        if replace:
            conn.execute(s.map_features.update().where(s.map_features.c.workshop_id == wrow["id"],
                                                       s.map_features.c.removed.is_(False))
                         .values(removed=True, updated_at=stamp))
        ids = [conn.execute(s.map_features.insert().values(
            workshop_id=f.workshop_id, geometry=dict(f.geometry), label=f.label, note=f.note, kind=f.kind,
            removed=False, author="import", created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
            for f in checked]
        if ids or replace:
            bump(conn, wrow["id"], "map")
        rows = conn.execute(select(s.map_features).where(s.map_features.c.id.in_(ids))
                            .order_by(s.map_features.c.id)).mappings().all() if ids else []
        return [feature_from_row(r) for r in rows]


def import_geojson(db: Database, code: str, key: str, data: bytes | str, *, default_kind: str = "problem",
                   default_label: str = "Feature {n}", replace: bool = False) -> list[MapFeature]:
    """Facilitator: parse a GeoJSON file and import every feature, or raise and import none."""
    features = parse_feature_collection(data, default_kind=default_kind, default_label=default_label)
    return import_features(db, code, key, features, replace=replace)
