"""Importing map features from a GeoJSON file: all of the file, or nothing.

The file is parsed and every feature validated (:mod:`facilitation.domain.geo`) before the write
transaction starts; the features are then inserted in one transaction, so a broken file
or a failure half-way leaves the map as it was.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import select

from facilitation.domain.geo import ImportedFeature, parse_feature_collection
from facilitation.domain.records import MapFeature
from facilitation.store import schema as s
from facilitation.store.content import _feature
from facilitation.store.db import Database, bump, now
from facilitation.store.workshops import require_facilitator


def import_features(db: Database, code: str, key: str, features: Sequence[ImportedFeature], *,
                    replace: bool = False) -> list[MapFeature]:
    """Facilitator: add parsed features to the map in one transaction (``replace`` removes the old ones)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
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
        return [_feature(r) for r in rows]


def import_geojson(db: Database, code: str, key: str, data: bytes | str, *, default_kind: str = "problem",
                   default_label: str = "Feature {n}", replace: bool = False) -> list[MapFeature]:
    """Facilitator: parse a GeoJSON file and import every feature, or raise and import none."""
    features = parse_feature_collection(data, default_kind=default_kind, default_label=default_label)
    return import_features(db, code, key, features, replace=replace)
