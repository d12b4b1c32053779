"""The challenge's map: the kit's own features on an ipyleaflet map that works offline.

Imported only by the views that show a map (ipyleaflet is heavy). Two modes:

* **editable** (whoever holds the facilitator key): a ``GeomanDrawControl`` draws areas,
  lines and points and edits or removes the features shown. The control's ``data`` holds the
  kit's features with their id in ``properties.fk_id``; the kit, not the control, is the
  truth. Its ``on_draw`` callback receives the drawn GeoJSON as an argument (``control.data``
  is still the old list at that moment), and the browser's own copy of ``data`` arrives a
  moment later, so :class:`FeatureMap` puts the store's list back whenever the browser's
  copy differs from it (a shape whose save failed disappears instead of lingering unsaved).
* **read-only** (participants, presenter): a GeoJSON layer; a click on the map reports the
  place, so a participant can pin an idea there.

Labels are text markers (``DivIcon``) whose HTML is escaped with :func:`esc`. The basemap is
OpenStreetMap unless ``FACILITATION_TILES`` names another tile URL or ``none``; when tiles
cannot load (no internet) the features still show on a plain background.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Iterable, Mapping, Sequence

import ipywidgets as widgets

from facilitation.domain.geo import anchor, rounded, same_geometry
from facilitation.domain.records import Idea, MapFeature
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.theme import close_tree
from facilitation.domain.palette import DRAW_COLOUR, KIND_COLOURS

DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = "© OpenStreetMap contributors"
PIN_COLOUR = "#7c3aed"
# Geoman events that report a changed geometry of features already on the map.
EDIT_ACTIONS = ("edit", "vertexdrag", "drag", "dragend", "vertexremoved", "vertexadded", "markerdragend",
                "rotateend", "cut")


def tile_url() -> str:
    """The basemap's tile URL template, or '' for none (``FACILITATION_TILES=none``)."""
    value = os.environ.get("FACILITATION_TILES", DEFAULT_TILES).strip()
    return "" if value.lower() in ("", "none", "off", "0") else value


def feature_style(kind: str) -> dict[str, Any]:
    colour = KIND_COLOURS.get(kind, DRAW_COLOUR)
    return {"color": colour, "weight": 3, "opacity": 0.95, "fillColor": colour, "fillOpacity": 0.22,
            "radius": 9}


def display_feature(f: MapFeature) -> dict[str, Any]:
    """A feature as the map shows it: geometry, id, kind and style (points as circle markers)."""
    style = feature_style(f.kind)
    gtype = f.geometry.get("type", "")
    props: dict[str, Any] = {"fk_id": f.id, "label": f.label, "kind": f.kind, "style": style,
                             "type": "circlemarker" if gtype.endswith("Point") else
                             "polyline" if gtype.endswith("LineString") else "polygon"}
    if gtype.endswith("Point"):
        props["options"] = {**style, "fillOpacity": 0.85}
    return {"type": "Feature", "geometry": json.loads(json.dumps(f.geometry)), "properties": props}


def fk_id(item: Any) -> int | None:
    """The kit's feature id carried by a GeoJSON feature from the map, if any."""
    if not isinstance(item, Mapping):
        return None
    props = item.get("properties")
    value = props.get("fk_id") if isinstance(props, Mapping) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def signature(items: Iterable[Any]) -> tuple:
    """What must agree between the kit and the map: ids, kinds and geometries (Leaflet's precision)."""
    out = []
    for item in items:
        if not isinstance(item, Mapping):
            out.append(("?",))
            continue
        props = item.get("properties") if isinstance(item.get("properties"), Mapping) else {}
        try:
            geometry = json.dumps(rounded(item.get("geometry") or {}), sort_keys=True)
        except (TypeError, ValueError, IndexError, AttributeError):
            geometry = "?"
        out.append((fk_id(item), props.get("kind"), geometry))
    return tuple(sorted(out, key=repr))


def label_html(text: str, kind: str = "", *, point: bool = False) -> str:
    """A feature's label on the map (beside a point, centred on a line or an area)."""
    tone = f" fk-map-label-{esc(kind)}" if kind else ""
    side = " fk-map-label-point" if point else ""
    return f'<span class="fk-map-label{tone}{side}">{esc(text)}</span>'


class FeatureMap:
    """The map widget (``fk-map``) with the kit's features; editable or read-only.

    Callbacks (editable mode): ``on_created(geometry)``, ``on_removed(feature_id)``,
    ``on_reshaped(feature_id, geometry)``, ``on_select(feature_id)``. Any mode:
    ``on_place(lat, lon)`` for a click on the map. Each callback writes to the store and
    then calls :meth:`show` with the store's features.
    """

    def __init__(self, *, editable: bool, center: tuple[float, float], zoom: int, height: str = "460px",
                 on_created: Callable[[dict], None] | None = None,
                 on_removed: Callable[[int], None] | None = None,
                 on_reshaped: Callable[[int, dict], None] | None = None,
                 on_select: Callable[[int], None] | None = None,
                 on_place: Callable[[float, float], None] | None = None) -> None:
        from ipyleaflet import GeoJSON, GeomanDrawControl, LayerGroup, Map, ScaleControl, TileLayer

        self.editable = editable
        self.on_created, self.on_removed, self.on_reshaped = on_created, on_removed, on_reshaped
        self.on_select, self.on_place = on_select, on_place
        url = tile_url()
        base = (TileLayer(url=url, attribution=TILES_ATTRIBUTION, max_zoom=19, base=True, name="Basemap"),) if url else ()
        self.map = Map(layers=base, center=list(center), zoom=zoom, scroll_wheel_zoom=True,
                       layout=widgets.Layout(width="100%", height=height))
        self.map.add_class("fk-map")
        self.map.add(ScaleControl(position="bottomleft", imperial=False))
        self._canonical: list[dict] = []
        self._seen: tuple | None = None
        self.draw = None
        self.shapes = None
        if editable:
            line = {"pathOptions": {"color": DRAW_COLOUR, "weight": 3}}
            area = {"pathOptions": {"color": DRAW_COLOUR, "fillColor": DRAW_COLOUR, "fillOpacity": 0.2, "weight": 3}}
            self.draw = GeomanDrawControl(
                polygon=area, rectangle=area, polyline=line,
                circlemarker={"pathOptions": {"color": DRAW_COLOUR, "fillColor": DRAW_COLOUR, "fillOpacity": 0.8,
                                              "radius": 9}},
                marker={}, circle={}, text={}, cut=False, rotate=False, drag=True, edit=True, remove=True,
                hover_style={"weight": 5, "fillOpacity": 0.35})
            self.draw.on_draw(self._on_draw)
            self.draw.on_click(self._on_feature_click)
            self.draw.observe(self._on_browser_data, names="data")
            self.map.add(self.draw)
        else:
            self.shapes = GeoJSON(data={"type": "FeatureCollection", "features": []}, point_style={"radius": 9},
                                  hover_style={"weight": 5, "fillOpacity": 0.35})
            self.shapes.on_click(self._on_shape_click)
            self.map.add(self.shapes)
        self.labels = LayerGroup(name="Labels")
        self.pins = LayerGroup(name="Pinned ideas")
        self.map.add(self.labels)
        self.map.add(self.pins)
        self._label_markers: dict[Any, Any] = {}
        self._pin_markers: dict[Any, Any] = {}
        self.map.on_interaction(self._on_interaction)

    # --- showing ------------------------------------------------------------------------

    def show(self, features: Sequence[MapFeature]) -> None:
        """Show exactly these features (only what changed goes to the browser)."""
        self._canonical = [display_feature(f) for f in features]
        sig = signature(self._canonical)
        if self.draw is not None:
            if sig not in (signature(self.draw.data), self._seen):
                self.draw.data = self._canonical
        else:
            current = self.shapes.data.get("features", []) if isinstance(self.shapes.data, Mapping) else []
            if sig != signature(current) or [f["properties"]["label"] for f in self._canonical] != [
                    (f.get("properties") or {}).get("label") for f in current]:
                self.shapes.data = {"type": "FeatureCollection", "features": self._canonical}
        self._sync_markers(self.labels, self._label_markers,
                           {f.id: (anchor(f.geometry), label_html(f.label, f.kind, point=f.geometry.get("type") == "Point"))
                            for f in features},
                           icon_anchor=None)

    def show_pins(self, ideas: Sequence[Idea], pending: tuple[float, float] | None = None,
                  pending_label: str = "") -> None:
        """Ideas pinned to places (and the place a participant is about to pin to)."""
        from ipyleaflet import CircleMarker

        wanted: dict[Any, tuple[tuple[float, float], str]] = {
            i.id: ((i.lat, i.lon), i.title) for i in ideas if i.lat is not None and i.lon is not None}
        if pending is not None:
            wanted["pending"] = (pending, pending_label)
        for key in list(self._pin_markers):
            if key not in wanted or self._pin_markers[key][0] != wanted[key]:
                for layer in self._pin_markers.pop(key)[1]:
                    self._remove(self.pins, layer)
        for key, (place, title) in wanted.items():
            if key in self._pin_markers:
                continue
            dot = CircleMarker(location=list(place), radius=7, color="#ffffff", weight=2, fill_color=PIN_COLOUR,
                               fill_opacity=0.95, dash_array="4 3" if key == "pending" else None)
            layers = [dot]
            if title:
                layers.append(self._text_marker(place, f'<span class="fk-map-pin">{esc(title)}</span>'))
            for layer in layers:
                self.pins.add(layer)
            self._pin_markers[key] = ((place, title), layers)

    def _text_marker(self, place: tuple[float, float], html: str) -> Any:
        from ipyleaflet import DivIcon, Marker

        return Marker(location=list(place), icon=DivIcon(html=html, icon_size=[0, 0]), draggable=False,
                      keyboard=False)

    @staticmethod
    def _remove(group: Any, layer: Any) -> None:
        """Take a layer off the map, then close it (and its icon)."""
        group.remove(layer)
        close_tree(layer)

    def _sync_markers(self, group: Any, cache: dict, wanted: dict, icon_anchor: Any = None) -> None:
        for key in list(cache):
            if key not in wanted:
                self._remove(group, cache.pop(key)[1])
        for key, (place, html) in wanted.items():
            known = cache.get(key)
            if known is not None and known[0] == (place, html):
                continue
            if known is not None:
                self._remove(group, known[1])
            marker = self._text_marker(place, html)
            group.add(marker)
            cache[key] = ((place, html), marker)

    # --- events from the browser --------------------------------------------------------------

    def _on_draw(self, _control: Any, action: str = "", geo_json: Any = None, **_: Any) -> None:
        items = geo_json if isinstance(geo_json, list) else [geo_json]
        items = [f for f in items if isinstance(f, Mapping)]
        known = {f["properties"]["fk_id"]: f for f in self._canonical}
        if action == "create":
            for item in items:
                self._end_drawing((item.get("properties") or {}).get("type"))
                geometry = item.get("geometry")
                if self.on_created and isinstance(geometry, Mapping):
                    self.on_created(dict(geometry))
        elif action == "remove":
            for item in items:
                fid = fk_id(item)
                if fid is not None and fid in known and self.on_removed:
                    self.on_removed(fid)
        elif action in EDIT_ACTIONS:
            # The event lists every shape as the browser now shows it: remember that, so
            # showing the same from the store does not redraw the shapes under the pointer.
            self._seen = signature(items)
            for item in items:
                fid = fk_id(item)
                geometry = item.get("geometry")
                if (fid is not None and fid in known and isinstance(geometry, Mapping)
                        and not same_geometry(geometry, known[fid]["geometry"]) and self.on_reshaped):
                    self.on_reshaped(fid, dict(geometry))
        self._restore_if_needed()

    def _end_drawing(self, shape_type: Any) -> None:
        """Leave the point tool after one point, so the editor beside the map gets the user's attention.

        Geoman keeps drawing points until told otherwise, and the browser switches tools
        without telling the kernel (``current_mode`` stays None here). Two messages end it:
        the tool that is on, then None (the browser turns off the active tool on None).
        """
        shape = {"circlemarker": "CircleMarker", "marker": "Marker"}.get(str(shape_type))
        if shape is None:
            return  # lines and areas end by themselves
        self.draw.current_mode = f"draw:{shape}"
        self.draw.current_mode = None

    def _on_browser_data(self, change: dict) -> None:
        """The browser's copy of the shapes arrived: put the kit's back if they disagree."""
        new = change.get("new")
        self._seen = None
        if signature(new if isinstance(new, list) else []) != signature(self._canonical):
            # A fresh list object, so the widget sends it even if the trait held an equal one.
            self.draw.data = [dict(f) for f in self._canonical]

    def _restore_if_needed(self) -> None:
        """After a draw event: the browser shows the kit's shapes, or gets them back."""
        if self.draw is None:
            return
        wanted = signature(self._canonical)
        if wanted not in (signature(self.draw.data), self._seen):
            self._seen = None
            self.draw.data = [dict(f) for f in self._canonical]

    def _on_feature_click(self, _control: Any, geo_json: Any = None, **_: Any) -> None:
        fid = fk_id(geo_json)
        if fid is not None and self.on_select:
            self.on_select(fid)

    def _on_shape_click(self, feature: Any = None, **_: Any) -> None:
        fid = fk_id(feature)
        if fid is not None and self.on_select:
            self.on_select(fid)

    def _on_interaction(self, **event: Any) -> None:
        if event.get("type") != "click" or self.on_place is None:
            return
        coords = event.get("coordinates")
        if (isinstance(coords, (list, tuple)) and len(coords) == 2
                and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords)):
            self.on_place(float(coords[0]), float(coords[1]))

    def close(self) -> None:
        close_tree(self.map)
