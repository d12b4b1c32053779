"""GeoJSON in and out of the kit, and the little geometry the map needs. Pure: no I/O, no widgets.

* :func:`parse_feature_collection` reads a file from a city's GIS (a FeatureCollection in
  WGS 84) into validated :class:`ImportedFeature` records, or raises one
  :class:`~facilitation.domain.errors.InvalidValue` naming the feature and the problem. Nothing
  is returned half-done, so the store can import all or nothing.
* :func:`feature_collection` writes the kit's features back as a FeatureCollection with
  ``label``, ``note`` and ``kind`` in every feature's properties.
* :func:`anchor`, :func:`bounds`, :func:`map_view` and :func:`same_geometry` place labels,
  centre the map and tell a real edit from Leaflet's rounding.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from facilitation.domain.errors import InvalidValue, LimitReached
from facilitation.domain.records import FEATURE_KINDS, MapFeature

MAX_IMPORT_BYTES = 5_000_000
MAX_IMPORT_FEATURES = 500
LABEL_KEYS = ("label", "name", "title", "Name", "NAME", "Label", "Title")
NOTE_KEYS = ("note", "description", "Description", "notes", "comment")
WGS84_NAMES = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326",
               "urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:EPSG:4326", "CRS84", "WGS84")
# Leaflet writes coordinates with 6 decimals (about 0.1 m): closer than that is the same place.
PRECISION = 6
FILE = "GeoJSON file"


@dataclass(frozen=True)
class ImportedFeature:
    """One feature read from a file, validated like a drawn one."""

    geometry: Mapping[str, Any]
    label: str
    kind: str
    note: str = ""


def _where(index: int) -> str:
    return f"feature #{index + 1} (index {index})"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return value if isinstance(value, str) else ""


def _first(props: Mapping[str, Any], keys: Sequence[str]) -> str:
    for key in keys:
        text = _text(props.get(key)).strip()
        if text:
            return text
    return ""


def _check_crs(doc: Mapping[str, Any]) -> None:
    crs = doc.get("crs")
    if crs is None:
        return
    name = ""
    if isinstance(crs, Mapping):
        props = crs.get("properties")
        if isinstance(props, Mapping):
            name = _text(props.get("name"))
    if name not in WGS84_NAMES:
        raise InvalidValue(FILE, "uses the coordinate system {value}; export it again as WGS 84 (EPSG:4326, "
                                 "longitude and latitude in degrees).", value=name or 'given in its crs member')


def _decode(data: bytes | str) -> Any:
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if len(raw) > MAX_IMPORT_BYTES:
            raise LimitReached("The GeoJSON file is {value} MB; at most {value2} MB can be imported. Simplify it "
                               "in your GIS first.", value=len(raw) // 1_000_000, value2=MAX_IMPORT_BYTES // 1_000_000)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidValue(FILE, "is not UTF-8 text (is it a shapefile or a zip? export GeoJSON instead).") from None
    elif isinstance(data, str):
        text = data
        if len(text) > MAX_IMPORT_BYTES:
            raise LimitReached("The GeoJSON file is too large; at most {value} MB can be imported. Simplify it "
                               "in your GIS first.", value=MAX_IMPORT_BYTES // 1_000_000)
    else:
        raise InvalidValue(FILE, "must be text.")
    if not text.strip():
        raise InvalidValue(FILE, "is empty.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidValue(FILE, "is not valid JSON (line {lineno}, column {colno}: {msg}).", lineno=exc.lineno, colno=exc.colno, msg=exc.msg) from None
    except RecursionError:
        raise InvalidValue(FILE, "is nested too deeply to be GeoJSON.") from None


def _feature(index: int, item: Any, default_kind: str, default_label: str) -> ImportedFeature:
    where = _where(index)
    if not isinstance(item, Mapping) or item.get("type") != "Feature":
        raise InvalidValue(FILE, '{where} is not a GeoJSON Feature (it needs "type": "Feature").', where=where)
    geometry = item.get("geometry")
    if geometry is None:
        raise InvalidValue(FILE, "{where} has no geometry.", where=where)
    if isinstance(geometry, Mapping) and geometry.get("type") == "GeometryCollection":
        raise InvalidValue(FILE, "{where} is a GeometryCollection; split it into separate features.", where=where)
    props = item.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, Mapping):
        raise InvalidValue(FILE, "{where} has properties that are not an object.", where=where)
    kind = _text(props.get("kind")).strip().lower() or default_kind
    if kind not in FEATURE_KINDS:
        raise InvalidValue(FILE, "{where} has the kind {kind!r}; use one of {feature_kinds} or leave it out.", where=where, kind=kind, feature_kinds=', '.join(FEATURE_KINDS))
    label = _first(props, LABEL_KEYS) or default_label.format(n=index + 1)
    note = _first(props, NOTE_KEYS)
    try:
        checked = MapFeature(workshop_id=0, geometry=geometry, label=label, kind=kind, note=note)
    except InvalidValue as exc:
        hint = ""
        if "outside the globe" in exc.reason:
            hint = " The coordinates look projected: export the file as WGS 84 (EPSG:4326)."
        raise InvalidValue(FILE, "{where}: {exc}{hint}", where=where, exc=exc, hint=hint) from None
    return ImportedFeature(geometry=checked.geometry, label=checked.label, kind=checked.kind, note=checked.note)


def parse_feature_collection(data: bytes | str, *, default_kind: str = "problem",
                             default_label: str = "Feature {n}") -> list[ImportedFeature]:
    """Every feature of a GeoJSON FeatureCollection (or a single Feature), validated.

    ``label`` comes from the properties ``label``/``name``/``title``, ``note`` from
    ``note``/``description``; ``kind`` must be one of the kit's kinds when given, else
    ``default_kind``. Raises :class:`InvalidValue` naming the first bad feature's index.
    """
    if default_kind not in FEATURE_KINDS:
        raise InvalidValue("feature kind", "must be one of {feature_kinds} (got {default_kind!r}).", feature_kinds=', '.join(FEATURE_KINDS), default_kind=default_kind)
    doc = _decode(data)
    if not isinstance(doc, Mapping):
        raise InvalidValue(FILE, "must be a GeoJSON object (a FeatureCollection).")
    gtype = doc.get("type")
    _check_crs(doc)
    if gtype == "Feature":
        items: Any = [doc]
    elif gtype == "FeatureCollection":
        items = doc.get("features")
        if not isinstance(items, list):
            raise InvalidValue(FILE, "is a FeatureCollection without a \"features\" list.")
    else:
        raise InvalidValue(FILE, "must be a GeoJSON FeatureCollection (its type is {gtype!r}).", gtype=gtype)
    if not items:
        raise InvalidValue(FILE, "contains no features.")
    if len(items) > MAX_IMPORT_FEATURES:
        raise LimitReached("The GeoJSON file has {n_items} features; at most {max_import_features} can be "
                           "imported at once.", n_items=len(items), max_import_features=MAX_IMPORT_FEATURES)
    return [_feature(i, item, default_kind, default_label) for i, item in enumerate(items)]


def feature_collection(features: Iterable[MapFeature]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (WGS 84) with ``label``, ``note``, ``kind`` on every feature."""
    return {"type": "FeatureCollection", "features": [f.to_geojson() for f in features]}


# --- geometry helpers for the map -------------------------------------------------------------


def positions(geometry: Mapping[str, Any]) -> list[tuple[float, float]]:
    """Every (longitude, latitude) position of a GeoJSON geometry, in order."""
    out: list[tuple[float, float]] = []

    def walk(node: Any) -> None:
        if isinstance(node, (list, tuple)) and node and isinstance(node[0], (int, float)):
            out.append((float(node[0]), float(node[1])))
        elif isinstance(node, (list, tuple)):
            for child in node:
                walk(child)

    walk(geometry.get("coordinates"))
    return out


def _ring_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float] | None:
    area = cx = cy = 0.0
    pts = [(float(p[0]), float(p[1])) for p in ring]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-18:
        return None
    return cx / (3 * area), cy / (3 * area)


def anchor(geometry: Mapping[str, Any]) -> tuple[float, float]:
    """Where a feature's label goes, as (latitude, longitude)."""
    gtype = geometry.get("type")
    coords: Any = geometry.get("coordinates")  # nested lists whose shape the type names
    if gtype == "Point":
        return float(coords[1]), float(coords[0])
    if gtype in ("MultiPoint", "MultiLineString", "MultiPolygon"):
        parts = [{"type": gtype[5:], "coordinates": part} for part in coords]
        biggest = max(parts, key=lambda g: len(positions(g)))
        return anchor(biggest)
    if gtype == "LineString":
        mid = len(coords) // 2
        if len(coords) % 2 == 0:
            (x0, y0), (x1, y1) = coords[mid - 1][:2], coords[mid][:2]
            return (y0 + y1) / 2, (x0 + x1) / 2
        return float(coords[mid][1]), float(coords[mid][0])
    if gtype == "Polygon":
        centre = _ring_centroid(coords[0])
        if centre is not None:
            return centre[1], centre[0]
    pts = positions(geometry)
    return sum(p[1] for p in pts) / len(pts), sum(p[0] for p in pts) / len(pts)


def bounds(geometries: Iterable[Mapping[str, Any]]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) around every position, or None without any."""
    pts = [p for g in geometries for p in positions(g)]
    if not pts:
        return None
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    return (min(lats), min(lons)), (max(lats), max(lons))


def _mercator_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def map_view(lat: float | None, lon: float | None, box: tuple[tuple[float, float], tuple[float, float]] | None,
             *, width: int = 720, height: int = 440, default_zoom: int = 13) -> tuple[tuple[float, float], int]:
    """(centre, zoom) for a map: centred on the workshop's place when known, else on the features.

    The zoom shows every feature (with some margin) when there are features, else a city.
    """
    if lat is None or lon is None:
        if box is None:
            return (50.0, 10.0), 4  # Europe, where the programmes run
        (s, w), (n, e) = box
        lat, lon = (s + n) / 2, (w + e) / 2
    if box is None:
        return (lat, lon), default_zoom
    (s, w), (n, e) = box
    half_lon = max(abs(w - lon), abs(e - lon), 1e-6)
    half_y = max(abs(_mercator_y(s) - _mercator_y(lat)), abs(_mercator_y(n) - _mercator_y(lat)), 1e-9)
    margin = 0.8
    zoom_x = math.log2(margin * width / 2 * 360 / (256 * half_lon))
    zoom_y = math.log2(margin * height / 2 * 2 * math.pi / (256 * half_y))
    zoom = int(math.floor(min(zoom_x, zoom_y, 17)))
    return (lat, lon), max(2, min(zoom, 17))


def rounded(geometry: Mapping[str, Any], places: int = PRECISION) -> dict[str, Any]:
    """The geometry with longitude/latitude rounded (altitudes dropped), for comparing."""

    def walk(node: Any) -> Any:
        if isinstance(node, (list, tuple)) and node and isinstance(node[0], (int, float)):
            return [round(float(node[0]), places), round(float(node[1]), places)]
        return [walk(child) for child in node]

    return {"type": geometry.get("type"), "coordinates": walk(geometry.get("coordinates") or [])}


def same_geometry(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """True when two geometries are the same place at Leaflet's precision."""
    if a is None or b is None:
        return a is b
    try:
        return rounded(a) == rounded(b)
    except (TypeError, ValueError, IndexError):
        return False
