"""The programme's venues (``fk-programme-map``): a marker per place on an ipyleaflet map, and
the same venues as a text list (with the online ones), so the section is usable without tiles.

The map has no basemap unless tiles are configured (:func:`facilitation.ui.kit.featuremap.tile_url`);
the markers and their labels (escaped ``DivIcon`` HTML) show on a plain background offline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import ipywidgets as widgets

from facilitation.domain.geo import map_view
from facilitation.domain.programmes import Venue
from facilitation.i18n import Translate
from facilitation.store import ProgrammeWorkshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.featuremap import TILES_ATTRIBUTION, tile_url
from facilitation.ui.pages.programme.calendar import when_text

MARKER_COLOUR = "#0f766e"
EUROPE = ((50.0, 12.0), 4)


@dataclass
class Place:
    """One venue with the workshops held there (title, dates)."""

    venue: Venue
    workshops: list[tuple[str, str]] = field(default_factory=list)


def places(rows: Sequence[ProgrammeWorkshop]) -> list[Place]:
    """The venues of the programme's workshops, each once, in calendar order."""
    out: dict[int, Place] = {}
    for r in rows:
        if r.venue is None:
            continue
        place = out.setdefault(r.venue.id, Place(r.venue))
        place.workshops.append((r.workshop.title, when_text(r.workshop.date, r.workshop.end_date)))
    return list(out.values())


def list_html(t: Translate, found: Sequence[Place]) -> str:
    """The venues as text: place (or link), coordinates, what happens there when."""
    if not found:
        return theme.empty_html(t("No venues yet."), icon="search")
    items = []
    for p in found:
        v = p.venue
        if v.online:
            online = theme.chip(t("Online"), "accent")
            where = (f'<a href="{esc(v.url)}" target="_blank" rel="noopener noreferrer">{esc(v.name or v.url)}</a>'
                     f' {online}')
        else:
            where = f"<b>{esc(v.label)}</b>"
            if v.lat is not None:
                where += f' <span class="fk-muted fk-n">{v.lat:.3f}, {v.lon:.3f}</span>'
        what = "".join(f"<li>{esc(title)}{' · ' + esc(when) if when else ''}</li>" for title, when in p.workshops)
        items.append(f'<li class="fk-venue" data-venue="{esc(v.id)}">{where}<ul>{what}</ul></li>')
    return '<ul class="fk-venue-list">' + "".join(items) + "</ul>"


class VenueMap:
    """The map and the list of the venues of ``rows`` (ProgrammeWorkshop rows)."""

    def __init__(self, t: Translate, rows: Sequence[ProgrammeWorkshop], *, height: str = "380px") -> None:
        from ipyleaflet import CircleMarker, DivIcon, Map, Marker, ScaleControl, TileLayer

        self.t = t
        self.places = places(rows)
        located = [p for p in self.places if p.venue.lat is not None]
        if located:
            lats = [p.venue.lat for p in located]
            lons = [p.venue.lon for p in located]
            box = ((min(lats), min(lons)), (max(lats), max(lons)))
            centre, zoom = map_view(None, None, box, width=900, height=380, default_zoom=6)
            zoom = min(zoom, 10)  # one venue alone: its city, not its street
        else:
            centre, zoom = EUROPE
        url = tile_url()
        base = (TileLayer(url=url, attribution=TILES_ATTRIBUTION, max_zoom=19, base=True, name="Basemap"),) if url else ()
        self.map = Map(layers=base, center=list(centre), zoom=zoom, scroll_wheel_zoom=False,
                       layout=widgets.Layout(width="100%", height=height))
        self.map.add_class("fk-programme-map-leaflet")
        self.map.add(ScaleControl(position="bottomleft", imperial=False))
        self.markers = []
        for p in located:
            where = [p.venue.lat, p.venue.lon]
            dot = CircleMarker(location=where, radius=9, color="#ffffff", weight=2, fill_color=MARKER_COLOUR,
                               fill_opacity=0.95)
            label = Marker(location=where, draggable=False, keyboard=False, icon=DivIcon(
                html=f'<span class="fk-map-label fk-map-label-point">{esc(p.venue.city or p.venue.name)}</span>',
                icon_size=[0, 0]))
            for layer in (dot, label):
                self.map.add(layer)
                self.markers.append(layer)
        self.listing = theme.html(list_html(t, self.places), classes=["fk-programme-venues"])
        self.root = theme.box([self.map, self.listing], classes=["fk-programme-map"])

    def close(self) -> None:
        theme.close_tree(self.root)
