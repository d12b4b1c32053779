"""The challenge map: drawn areas, lines and points, and imports of GeoJSON files.

The one writer of ``map_features``. Only the facilitator or the city representative draws
(action ``challenge``); a removed feature stays in
the data (``removed``), an edited one keeps its previous version in ``history``.

A GeoJSON file is parsed and every feature validated (:mod:`facilitation.domain.geo`) before
the write transaction starts; the features are then inserted in one transaction, so a
broken file or a failure half-way leaves the map as it was.

A feature may belong to one breakout group's map (``group_id``): a link bound to a group
draws on that group's map whatever the page sends, and changes only that group's features.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue, NotAllowed
from facilitation.domain.groups import ALL_GROUPS, GroupFilter
from facilitation.domain.geo import ImportedFeature, parse_feature_collection
from facilitation.domain.records import MapFeature
from facilitation.store import history
from facilitation.store import schema as s
from facilitation.store.access import key_group_in, owned_row, require_role
from facilitation.store.db import Database, bump, now
from facilitation.store.groups import group_row
from facilitation.store.groups_read import in_group


def feature_from_row(row: Mapping[str, Any]) -> MapFeature:
    return MapFeature(id=row["id"], workshop_id=row["workshop_id"], geometry=row["geometry"], label=row["label"],
                      note=row["note"], kind=row["kind"], removed=row["removed"], group_id=row["group_id"])


def _drawer(conn: Connection, code: str, key: str, group_id: Any = None) -> tuple[Mapping[str, Any], int | None]:
    """(workshop row, the group drawn on): a bound link's own group, else ``group_id`` checked (None: the workshop's)."""
    wrow = require_role(conn, code, key, "challenge")
    bound = key_group_in(conn, wrow, key)
    if bound is not None:
        return wrow, bound
    return wrow, None if group_id is None else group_row(conn, wrow["id"], group_id)["id"]


def _check_bound(conn: Connection, wrow: Mapping[str, Any], key: str, row: Mapping[str, Any]) -> None:
    bound = key_group_in(conn, wrow, key)
    if bound is not None and row["group_id"] != bound:
        raise NotAllowed("This link is for another group's map.")


def _one(conn: Connection, feature_id: int) -> MapFeature:
    row = conn.execute(select(s.map_features).where(s.map_features.c.id == feature_id)).mappings().one()
    return feature_from_row(row)


def add_feature(db: Database, code: str, key: str, *, geometry: Mapping[str, Any], label: str,
                kind: str = "problem", note: str = "", group_id: int | None = None) -> MapFeature:
    """Facilitator: add a drawn area, line or point with its label, note and kind (``group_id``: a group's map)."""
    with db.write() as conn:
        wrow, group = _drawer(conn, code, key, group_id)
        f = MapFeature(workshop_id=wrow["id"], geometry=geometry, label=label, kind=kind, note=note)
        stamp = now()
        fid = conn.execute(s.map_features.insert().values(
            workshop_id=f.workshop_id, geometry=dict(f.geometry), label=f.label, note=f.note, kind=f.kind,
            removed=False, group_id=group, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], "map")
        return _one(conn, fid)


def update_feature(db: Database, code: str, key: str, feature_id: int, **changes: Any) -> MapFeature:
    """Facilitator: change a feature's label, note, kind or geometry (the old version is kept)."""
    allowed = {"label", "note", "kind", "geometry"}
    if set(changes) - allowed:
        raise InvalidValue("map feature", "only {sorted} can be changed.", sorted=', '.join(sorted(allowed)))
    with db.write() as conn:
        wrow = require_role(conn, code, key, "challenge")
        row = owned_row(conn, s.map_features, feature_id, wrow["id"], "map feature")
        _check_bound(conn, wrow, key, row)
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
        _check_bound(conn, wrow, key, owned_row(conn, s.map_features, feature_id, wrow["id"], "map feature"))
        conn.execute(s.map_features.update().where(s.map_features.c.id == feature_id).values(
            removed=True, updated_at=now()))
        bump(conn, wrow["id"], "map")


def list_features(db: Database, workshop_id: int, *, include_removed: bool = False,
                  group_id: GroupFilter = ALL_GROUPS) -> list[MapFeature]:
    """The map's features (``group_id``: one group's map with the workshop's own features)."""
    with db.read() as conn:
        q = select(s.map_features).where(s.map_features.c.workshop_id == workshop_id).order_by(s.map_features.c.id)
        scope = in_group(s.map_features.c.group_id, group_id)
        if scope is not None:
            q = q.where(scope)
        if not include_removed:
            q = q.where(s.map_features.c.removed.is_(False))
        return [feature_from_row(r) for r in conn.execute(q).mappings().all()]


# --- GeoJSON files ---------------------------------------------------------------------


def import_features(db: Database, code: str, key: str, features: Sequence[ImportedFeature], *,
                    replace: bool = False, group_id: int | None = None) -> list[MapFeature]:
    """Facilitator: add parsed features to the map in one transaction (``replace`` removes the old ones of the
    same map: the workshop's, or the group's)."""
    with db.write() as conn:
        wrow, group = _drawer(conn, code, key, group_id)
        checked = [MapFeature(workshop_id=wrow["id"], geometry=f.geometry, label=f.label, kind=f.kind, note=f.note)
                   for f in features]
        stamp = now()
        if replace:
            same_map = (s.map_features.c.group_id.is_(None) if group is None
                        else s.map_features.c.group_id == group)
            conn.execute(s.map_features.update().where(s.map_features.c.workshop_id == wrow["id"],
                                                       s.map_features.c.removed.is_(False), same_map)
                         .values(removed=True, updated_at=stamp))
        ids = [conn.execute(s.map_features.insert().values(
            workshop_id=f.workshop_id, geometry=dict(f.geometry), label=f.label, note=f.note, kind=f.kind,
            removed=False, author="import", group_id=group, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
            for f in checked]
        if ids or replace:
            bump(conn, wrow["id"], "map")
        rows = conn.execute(select(s.map_features).where(s.map_features.c.id.in_(ids))
                            .order_by(s.map_features.c.id)).mappings().all() if ids else []
        return [feature_from_row(r) for r in rows]


def import_geojson(db: Database, code: str, key: str, data: bytes | str, *, default_kind: str = "problem",
                   default_label: str = "Feature {n}", replace: bool = False,
                   group_id: int | None = None) -> list[MapFeature]:
    """Facilitator: parse a GeoJSON file and import every feature, or raise and import none."""
    features = parse_feature_collection(data, default_kind=default_kind, default_label=default_label)
    return import_features(db, code, key, features, replace=replace, group_id=group_id)


def copy_features(conn: Connection, from_id: int, to_id: int, group_ids: Mapping[int, int], stamp: datetime) -> int:
    """Round 2: the live features of one workshop into another (``group_ids`` maps old groups to new); how many."""
    rows = conn.execute(select(s.map_features).where(s.map_features.c.workshop_id == from_id,
                                                     s.map_features.c.removed.is_(False))
                        .order_by(s.map_features.c.id)).mappings().all()
    for r in rows:
        conn.execute(s.map_features.insert().values(
            workshop_id=to_id, geometry=r["geometry"], label=r["label"], note=r["note"], kind=r["kind"], removed=False,
            author=r["author"], group_id=group_ids.get(r["group_id"]), created_at=stamp, updated_at=stamp))
    return len(rows)


def move_author(conn: Connection, workshop_id: int, from_label: str, to_label: str, at: datetime, actor: str) -> int:
    """Two participants merged: the features drawn as ``from_label`` (``participant N``) become ``to_label``'s."""
    rows = conn.execute(select(s.map_features).where(s.map_features.c.workshop_id == workshop_id,
                                                     s.map_features.c.author == from_label)).mappings().all()
    for r in rows:
        history.keep(conn, workshop_id, "map_features", r, actor, fields=("id", "author"), at=at)
        conn.execute(s.map_features.update().where(s.map_features.c.id == r["id"]).values(author=to_label,
                                                                                          updated_at=at))
    return len(rows)
