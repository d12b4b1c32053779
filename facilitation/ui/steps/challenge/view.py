"""The challenge step's view for one role (see :mod:`facilitation.ui.steps.challenge`)."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import InvalidValue, NotAllowed
from facilitation.domain.geo import bounds, map_view
from facilitation.domain.records import Challenge, Idea, MapFeature
from facilitation.domain.steps import BY_NAME, ROLES
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, guarded
from facilitation.ui.kit.markup import help_html, title_html
from facilitation.ui.kit.wall import CardWall
from facilitation.ui.steps.challenge.challenge_form import ChallengeForm, homework_link
from facilitation.ui.steps.challenge.feature_card import FeatureCard
from facilitation.ui.steps.challenge.feature_editor import FeatureEditor
from facilitation.ui.steps.challenge.importer import GeoJsonImport
from facilitation.ui.steps.challenge.markup import challenge_html, legend_html
from facilitation.ui.steps.challenge.pin_form import PinForm
from facilitation.ui.steps.groups import view_scope
from facilitation.ui.steps.groups.challenge import map_centre, scope_group, scoped_challenge

TOPICS = set(BY_NAME["challenge"].topics)  # the registry's, said once there
TINY_SPAN = 0.005  # degrees (~500 m): the least a map shows around its features


class ChallengeView:
    """The challenge step for one role (see the package docstring)."""

    step = "challenge"

    def __init__(self, ctx: Context, role: str = "participant", *, homework_link: bool = True) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.workshop = ctx.workshop
        self.editable = role == "facilitator"
        self.show_homework_link = homework_link and self.editable
        self.notice = Notice(self.t)
        self.challenge: Challenge | None = None
        self.scope = view_scope(ctx, role, self.workshop.id)  # a group's map and challenge (issue 14)
        self.group = scope_group(ctx, self.scope)
        # A city link bound to one group edits that group's map only: the workshop's own features (another
        # city's, maybe) are not its to change, so its page lists only the group's.
        self.bound = store.key_group(ctx.db, ctx.code, ctx.key) if self.editable and ctx.key else None
        self.features: list[MapFeature] = self._read_features()
        self.pins: list[Idea] = []
        self.selected: int | None = None
        self.pin_place: tuple[float, float] | None = None
        self.challenge_form: ChallengeForm | None = None
        self.editor: FeatureEditor | None = None
        self.importer: GeoJsonImport | None = None
        self.pin_form: PinForm | None = None
        from facilitation.ui.kit.featuremap import FeatureMap

        height = {"presenter": 640, "facilitator": 560}.get(role, 500)
        centre, zoom = map_view(*map_centre(self.group, self.workshop), self._bounds(), height=height)
        self.fmap = FeatureMap(
            editable=self.editable, center=centre, zoom=zoom, height=f"{height}px",
            on_created=self.add_drawn, on_removed=self.remove_feature, on_reshaped=self.reshape,
            on_select=self.select, on_place=self.place if role == "participant" else None)
        self.wall: CardWall[int, MapFeature] = CardWall(
            self._make_card, self._update_card, key=lambda f: int(f.id),
            empty_html=theme.empty_html(*self._empty_text(), icon="leaf"), classes=["fk-feature-list"])
        self.root = self._build()
        theme.add_classes(self.root, ["fk-view", f"fk-view-{self.step}", f"fk-role-view-{role}"])
        self.refresh(set(TOPICS))

    def _read_features(self) -> list[MapFeature]:
        found = store.list_features(self.ctx.db, self.workshop.id, group_id=self.scope)
        return [f for f in found if f.group_id == self.bound.id] if self.bound is not None else found

    def _bounds(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """What the map must show: a group's own features on a group's map (the workshop's may lie in another
        city), else every feature shown."""
        own = [f for f in self.features if self.group is not None and f.group_id == self.group.id]
        box = bounds(f.geometry for f in (own if self.group is not None else self.features))
        if box is not None and max(box[1][0] - box[0][0], box[1][1] - box[0][1]) < TINY_SPAN:
            # One point (or a few close together): a street view around them, not the closest zoom.
            (south, west), (north, east) = box
            lat, lon = (south + north) / 2, (west + east) / 2
            return (lat - TINY_SPAN, lon - TINY_SPAN), (lat + TINY_SPAN, lon + TINY_SPAN)
        return box

    # --- building -----------------------------------------------------------------------

    def _empty_text(self) -> tuple[str, str]:
        t = self.t
        if self.editable:
            return t("Nothing on the map yet"), t("Draw an area, a line or a point with the tools on the map, "
                                                  "or import a GeoJSON file.")
        return t("Nothing on the map yet"), t("The city has not marked places on the map.")

    def _features_panel(self) -> widgets.VBox:
        return theme.panel([theme.html(title_html(self.t("Marked on the map"))), self.wall.box],
                           classes=["fk-map-side"])

    def _build(self) -> widgets.VBox:
        t = self.t
        self.summary = theme.html(classes=["fk-challenge-text"])
        self.legend = theme.html(legend_html(t, pins=self.role != "facilitator"), classes=["fk-map-legend-box"])
        if self.editable:
            help_text = t("Draw with the tools on the left of the map: an area, a line or a point. Then give it a "
                          "label, a kind and a note on the right. Drag a shape to move it; use the eraser to remove one.")
        elif self.role == "participant":
            help_text = t("Click a place on the map to pin an idea to it.")
        else:
            help_text = ""
        heading = t("The challenge on the city map")
        map_head = theme.html(title_html(heading)
                              + (help_html(help_text) if help_text else ""),
                              classes=["fk-map-head"])
        map_panel = theme.panel([map_head, self.fmap.map, self.legend], classes=["fk-map-panel"])
        if self.role == "presenter":
            self.wall.grid.add_class("fk-feature-list-compact")
            body = theme.add_classes(widgets.HBox([map_panel, self._features_panel()]), ["fk-map-layout"])
            return widgets.VBox([theme.panel([self.summary], classes=["fk-challenge-panel"]), body])
        if self.role == "participant":
            self.pin_form = PinForm(t, self.notice, on_pin=self.pin_idea, on_cancel=lambda: self.place(None, None),
                                    on_place=self.place)
            side = theme.add_classes(widgets.VBox([self.pin_form.root, self._features_panel()]), ["fk-col"])
            body = theme.add_classes(widgets.HBox([map_panel, side]), ["fk-map-layout"])
            return widgets.VBox([theme.panel([self.summary], classes=["fk-challenge-panel"]), body])
        self.challenge_form = ChallengeForm(t, self.workshop.themes, on_save=self.save_challenge,
                                            on_homework=self._issue_homework if self.show_homework_link else None)
        self.editor = FeatureEditor(t, on_save=self.save_feature, on_remove=lambda: self.remove_feature(self.selected),
                                    on_close=lambda: self.select(None))
        self.importer = GeoJsonImport(t, on_import=self.import_file)
        side = theme.add_classes(widgets.VBox([self.editor.root, self._features_panel()]), ["fk-col"])
        main = theme.add_classes(widgets.VBox([map_panel, self.importer.root]), ["fk-col"])
        body = theme.add_classes(widgets.HBox([main, side]), ["fk-map-layout"])
        return widgets.VBox([self.challenge_form.root, self.notice, body])

    def _issue_homework(self) -> str:
        """A new city representative's link (a key of its own, never the facilitator's); "" on a refusal."""
        from facilitation.ui.kit.links import base_url

        url: list[str] = []

        def action() -> str:
            issued = store.issue_role_key(self.ctx.db, self.workshop.code, self.ctx.key or "", "city",
                                          label=self.t("Homework"))
            url.append(homework_link(base_url(), self.workshop.code, issued.key))
            return self.t("A new homework link is ready: send it to the city's representative.")

        guarded(self.notice, action)
        return url[0] if url else ""

    # --- cards --------------------------------------------------------------------------

    def _make_card(self, feature: MapFeature) -> FeatureCard:
        return FeatureCard(self.t, feature, editable=self.editable, on_edit=self.select,
                           on_remove=self.remove_feature)

    def _update_card(self, card: FeatureCard, feature: MapFeature) -> None:
        card.update(feature, selected=self.editable and feature.id == self.selected)

    # --- reading ------------------------------------------------------------------------

    def refresh(self, topics: set[str]) -> None:
        """Re-read what changed (``challenge``, ``map``, ``ideas``) and show it."""
        topics = set(topics) & TOPICS
        if "challenge" in topics:
            self.challenge = store.get_challenge(self.ctx.db, self.workshop.id)
            if not self.editable:  # the group's own challenge; an editor keeps the workshop's in its form
                self.group = scope_group(self.ctx, self.scope)
                self.challenge = scoped_challenge(self.group, self.challenge, self.workshop.id)
            self._show_challenge()
        if "map" in topics:
            self.features = self._read_features()
            self._show_features()
        if "ideas" in topics and self.role != "facilitator":
            self.pins = [i for i in self._visible_ideas() if i.lat is not None]
            self._show_pins()

    def _visible_ideas(self) -> list[Idea]:
        wid = self.workshop.id
        if self.role == "participant":
            return store.list_ideas(self.ctx.db, wid, viewer_id=self.ctx.participant_id, group_id=self.scope)
        settings = store.get_workshop_by_id(self.ctx.db, wid).settings or {}
        if settings.get("private_brainstorm") and not settings.get("ideas_revealed"):
            return []
        return [i for i in store.list_ideas(self.ctx.db, wid, facilitator=True, group_id=self.scope) if not i.hidden]

    def _show_challenge(self) -> None:
        self.summary.value = challenge_html(self.t, self.challenge)
        if self.challenge_form is not None:
            self.challenge_form.show(self.challenge)

    def _show_features(self) -> None:
        self.fmap.show(self.features)
        if self.pin_form is not None:
            self.pin_form.show_places(self.features)
        self.wall.render(self.features)
        if self.editor is not None:
            if self.selected is not None and self.selected not in {f.id for f in self.features}:
                self.selected = None
            self._show_editor()

    def _show_pins(self) -> None:
        self.fmap.show_pins(self.pins, self.pin_place, self.pin_form.title.value if self.pin_form else "")
        if self.pin_form is not None:
            self.pin_form.show(placed=self.pin_place is not None)

    # --- facilitator: the challenge text ----------------------------------------------

    def save_challenge(self) -> bool:
        """Save title, description and themes; on a problem the typed text stays."""
        t = self.t

        def action() -> str:
            store.save_challenge(self.ctx.db, self.ctx.code, self.ctx.key, **self.challenge_form.values())
            return t("The challenge is saved.")

        ok = guarded(self.notice, action)
        if ok:
            # What was typed is now stored: show the stored (tidied) text in the fields.
            self.challenge_form.keep_typed()
            self.challenge = store.get_challenge(self.ctx.db, self.workshop.id)
            self._show_challenge()
        return ok

    # --- facilitator: features ----------------------------------------------------------

    def _default_label(self, geometry: dict) -> str:
        t = self.t
        n = len(self.features) + 1
        gtype = str(geometry.get("type", ""))
        if gtype.endswith("Point"):
            return t("Point {n}").format(n=n)
        if gtype.endswith("LineString"):
            return t("Line {n}").format(n=n)
        return t("Area {n}").format(n=n)

    def add_drawn(self, geometry: dict) -> bool:
        """A shape was drawn: keep it at once with a default label, and open it in the editor."""
        t = self.t
        added: list[MapFeature] = []

        def action() -> str:
            added.append(store.add_feature(self.ctx.db, self.ctx.code, self.ctx.key, geometry=geometry,
                                           label=self._default_label(geometry), kind="problem",
                                           group_id=self.group.id if self.group is not None else None))
            return t("Added to the map. Give it a label, a kind and a note.")

        ok = guarded(self.notice, action)
        self.refresh({"map"})
        if ok:
            self.select(int(added[0].id))
        return ok

    def reshape(self, feature_id: int, geometry: dict) -> bool:
        """A feature was moved or reshaped on the map."""
        t = self.t

        def action() -> str:
            store.update_feature(self.ctx.db, self.ctx.code, self.ctx.key, feature_id, geometry=geometry)
            return t("The new shape is saved.")

        ok = guarded(self.notice, action)
        self.refresh({"map"})
        return ok

    def remove_feature(self, feature_id: int | None) -> bool:
        t = self.t

        def action() -> str:
            if feature_id is None:
                raise InvalidValue(t("Feature"), t("choose a feature on the map or in the list first."))
            store.remove_feature(self.ctx.db, self.ctx.code, self.ctx.key, feature_id)
            return t("Removed from the map.")

        ok = guarded(self.notice, action)
        if ok and self.selected == feature_id:
            self.selected = None
        self.refresh({"map"})
        return ok

    def select(self, feature_id: int | None) -> None:
        """Open a feature in the editor (facilitator) or show its note (others)."""
        known = {f.id: f for f in self.features}
        self.selected = feature_id if feature_id in known else None
        if self.editor is not None:
            feature = known.get(self.selected)
            if feature is not None:
                self.editor.fill(feature)
            self._show_editor()
        self.wall.render(self.features)

    def _show_editor(self) -> None:
        self.editor.show(next((f for f in self.features if f.id == self.selected), None))

    def save_feature(self) -> bool:
        t = self.t

        def action() -> str:
            if self.selected is None:
                raise InvalidValue(t("Feature"), t("choose a feature on the map or in the list first."))
            store.update_feature(self.ctx.db, self.ctx.code, self.ctx.key, self.selected, **self.editor.values())
            return t("The feature is saved.")

        ok = guarded(self.notice, action)
        self.refresh({"map"})
        return ok

    def import_file(self) -> bool:
        """Import the chosen GeoJSON file: every feature, or none with the problem named."""
        t = self.t
        imported: list[MapFeature] = []

        def action() -> str:
            name, content = self.importer.chosen()
            try:
                imported.extend(store.import_geojson(
                    self.ctx.db, self.ctx.code, self.ctx.key, content, default_kind=self.importer.kind.value,
                    default_label=t("Imported feature {n}"), replace=bool(self.importer.replace.value)))
            except InvalidValue as exc:
                reason = " ".join((exc.localized_reason(t), t("Nothing was imported.")))  # in the page's language
                raise InvalidValue(name, reason) from None
            n = len(imported)
            return t.ngettext("{n} feature imported.", "{n} features imported.", n).format(n=n)

        ok = guarded(self.notice, action)
        if ok:
            self.importer.clear()
            self.refresh({"map"})
            centre, zoom = map_view(*map_centre(self.group, self.workshop), self._bounds())
            self.fmap.map.center, self.fmap.map.zoom = list(centre), zoom
        return ok

    # --- participant: pin an idea -------------------------------------------------------

    def place(self, lat: float | None, lon: float | None) -> None:
        """The participant clicked the map (or cancelled with None)."""
        self.pin_place = None if lat is None or lon is None else (round(lat, 6), round(lon, 6))
        self._show_pins()

    def pin_idea(self) -> bool:
        t = self.t

        def action() -> str:
            if self.pin_place is None:
                raise InvalidValue(t("Place"), t("click the map where your idea belongs first."))
            values = self.pin_form.values()
            if not self.ctx.token:
                raise NotAllowed(t("Please join the workshop first."))
            store.add_idea(self.ctx.db, self.ctx.code, self.ctx.token, **values, lat=self.pin_place[0],
                           lon=self.pin_place[1])
            return t("Your idea is pinned to the map and on the wall.")

        ok = guarded(self.notice, action)
        if ok:
            self.pin_place = None
            self.pin_form.clear()
            self.refresh({"ideas"})
        return ok

    def close(self) -> None:
        # The view before its parts (nothing open lists a closed widget), and what this role did not show.
        theme.close_tree(self.root, self.summary, self.legend, self.notice)
        self.wall.close()
        self.fmap.close()
