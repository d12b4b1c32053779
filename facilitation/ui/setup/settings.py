"""The workshop's settings: voting, private writing, names, affiliation, criteria and the map view."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.roles import NAMING_MODES
from facilitation.domain.steps import N_
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context
from facilitation.ui.setup.common import Editor, section
from facilitation.ui.steps.scoring.criteria_editor import CriteriaEditor

TOPICS = frozenset({"workshop", "criteria", "scores"})
DEFAULT_ZOOM = 13  # a city, as the challenge map opens without features
NAMING_LABELS = {"named": N_("Names as people give them"), "pseudonymous": N_("Pseudonyms only"),
                 "anonymous": N_("Anonymous (Participant 1, 2, …)")}


def _number(description: str, cls: str, kind: type = widgets.IntText) -> widgets.Widget:
    return kind(description=description, _dom_classes=("fk-field", cls))


def _check(description: str, cls: str) -> widgets.Checkbox:
    return widgets.Checkbox(value=False, description=description, indent=False, _dom_classes=("fk-check", cls))


class SettingsEditor(Editor):
    """Edit the settings of ``ctx.code`` with ``key`` (see :mod:`facilitation.ui.setup`)."""

    def __init__(self, ctx: Context, key: str) -> None:
        super().__init__(ctx, key)
        t = self.t
        # Voting
        self.budget = _number(t("Dots per person"), "fk-setting-budget")
        self.per_idea = _number(t("Most on one idea"), "fk-setting-per-idea")
        self.votes_save = theme.button(t("Save voting"), small=True, classes=["fk-setting-votes-save"])
        self.votes_save.on_click(lambda _b: self.save_votes())
        voting = section(t("Voting"), t("How many dots each participant has, and how many may go on one idea."),
                         [theme.row([self.budget, self.per_idea]), self.votes_save], classes=["fk-setup-voting"])
        # Participation
        self.private = _check(t("Private writing first"), "fk-setting-private")
        self.affiliation = _check(t("Ask participants for their organisation and city"), "fk-setting-affiliation")
        self.naming = theme.dropdown(t("How names show"), [(t(NAMING_LABELS[m]), m) for m in NAMING_MODES],
                                     value="named", classes=["fk-setting-naming"])
        self.on_edit(self.private, self.set_private)
        self.on_edit(self.affiliation, lambda v: self.set_setting(ask_affiliation=bool(v)))
        self.on_edit(self.naming, lambda v: self.set_setting(naming=v))
        people = section(t("Participants"), t("Private writing avoids anchoring on the first ideas: everyone "
                                              "writes alone, then you reveal."),
                         [self.private, self.naming, self.affiliation], classes=["fk-setup-people"])
        # Map view
        self.lat = _number(t("Latitude"), "fk-map-lat", widgets.FloatText)
        self.lon = _number(t("Longitude"), "fk-map-lon", widgets.FloatText)
        self.zoom = _number(t("Zoom"), "fk-map-zoom")
        self.map_save = theme.button(t("Save map view"), small=True, classes=["fk-map-save"])
        self.map_city = theme.button(t("Centre on the city"), kind="ghost", small=True, classes=["fk-map-city"])
        self.map_save.on_click(lambda _b: self.save_map())
        self.map_city.on_click(lambda _b: self.centre_on_city())
        self.place = theme.html(classes=["fk-map-place"])
        mapping = section(t("Map"), t("Where the challenge map opens: its centre and zoom (1 = the world, "
                                      "13 = a city, 18 = a street)."),
                          [self.place, theme.row([self.lat, self.lon, self.zoom]),
                           theme.box([self.map_save, self.map_city], classes=["fk-actions"], horizontal=True)],
                          classes=["fk-setup-map"])
        # Criteria (the scoring step's own editor; locked once the first score is in)
        self.criteria = CriteriaEditor(self.ctx, on_change=self.refresh)
        criteria = section(t("Impact criteria"), t("What options are scored against, with weights; they lock "
                                                   "when the first score is in."),
                           [self.criteria.root], classes=["fk-setup-criteria"])
        self.root = theme.box([self.notice, theme.box([voting, people, mapping], classes=["fk-setup-grid"]),
                               criteria], classes=["fk-settings-editor"])
        self.refresh()

    # --- actions (the store checks each) -------------------------------------------------

    def save_votes(self) -> bool:
        budget, per_idea = self.budget.value, self.per_idea.value

        def action() -> str:
            store.set_vote_rules(self.ctx.db, self.ctx.code, self.key, vote_budget=budget, votes_per_idea=per_idea)
            return self.t("Voting saved: {n} dots, at most {m} per idea.").format(n=budget, m=per_idea)

        return self.act(action)

    def set_private(self, on: object) -> bool:
        on = bool(on)
        changes = {"private_brainstorm": on, **({"ideas_revealed": False} if on else {})}
        return self.set_setting(**changes)

    def set_setting(self, **changes: object) -> bool:
        def action() -> str:
            store.update_settings(self.ctx.db, self.ctx.code, self.key, **changes)
            return self.t("Settings saved.")

        return self.act(action)

    def save_map(self, lat: float | None = None, lon: float | None = None, zoom: int | None = None) -> bool:
        lat = self.lat.value if lat is None else lat
        lon = self.lon.value if lon is None else lon
        zoom = self.zoom.value if zoom is None else zoom

        def action() -> str:
            store.set_map_view(self.ctx.db, self.ctx.code, self.key, lat=lat, lon=lon, zoom=zoom)
            return self.t("The map opens here now.")

        return self.act(action)

    def centre_on_city(self) -> bool:
        from facilitation.domain import gazetteer  # the place list loads only when asked

        workshop = self.workshop
        place = gazetteer.lookup(workshop.city, workshop.country)
        if place is None:
            self.notice.error(self.t("{city} is not in the place list: enter the latitude and longitude.")
                              .format(city=workshop.city))
            return False
        return self.save_map(place.lat, place.lon, self.zoom.value or DEFAULT_ZOOM)

    # --- rendering -----------------------------------------------------------------------

    def refresh(self, topics: set[str] | None = None) -> None:
        """Re-render from the store (``topics``: what changed; None = everything)."""
        if topics is not None and not set(topics) & TOPICS:
            return
        t, w = self.t, self.workshop
        settings = w.settings or {}
        self.synced(self.budget, w.vote_budget)
        self.synced(self.per_idea, w.votes_per_idea)
        self.synced(self.private, bool(settings.get("private_brainstorm")))
        self.synced(self.affiliation, bool(settings.get("ask_affiliation")))
        naming = settings.get("naming", "named")
        self.synced(self.naming, naming if naming in NAMING_MODES else "named")
        zoom = int(settings.get("zoom") or DEFAULT_ZOOM)
        self.synced(self.zoom, zoom)
        if w.lat is not None and w.lon is not None:
            self.synced(self.lat, w.lat)
            self.synced(self.lon, w.lon)
            where = t("The map opens at {lat}, {lon}, zoom {zoom}.").format(
                lat=f"{w.lat:.4f}", lon=f"{w.lon:.4f}", zoom=zoom)
            self.place.value = theme.chip(where, "accent")
        else:
            self.place.value = theme.chip(t("No map centre yet: the map opens on Europe."), "warn")
        self.criteria.update(store.scoring_setup(self.ctx.db, w.id))
