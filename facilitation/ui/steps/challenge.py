"""The challenge step: the city's key local challenge, illustrated on a map.

Roles:

* ``facilitator`` (the console, and the city's homework page ``challenge.ipynb`` with the
  key): title, description and theme tags (``fk-challenge-title``, ``-description``,
  ``-theme``, ``-save``); a map (``fk-map``) where areas, lines and points are drawn, each
  given a label, a kind (problem / asset / opportunity) and a note in the feature editor;
  features can be reshaped on the map, edited and removed; a GeoJSON file from the city's
  GIS can be imported (all of it or nothing, with the broken feature named).
* ``participant``: the challenge and the map read-only; a click on the map pins an idea to
  that place (it joins the brainstorm wall with its location).
* ``presenter``: the challenge and a large map.

ipyleaflet is imported by :mod:`facilitation.ui.kit.featuremap` only when this view is built.
Every write goes through the store with the page's key or token.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import InvalidValue, NotAllowed
from facilitation.domain.geo import bounds, map_view
from facilitation.i18n import Translate
from facilitation.domain.records import FEATURE_KINDS, MAX_TEXT, MAX_TITLE, Challenge, Idea, MapFeature
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.cards import CardWall, driver_options, scale_options
from facilitation.ui.kit.panels import help_html, set_visible, title_html
from facilitation.ui.kit.panels import stylesheet as mapping_stylesheet
from facilitation.domain.links import HOMEWORK_NOTEBOOK, page_link
from facilitation.domain.steps import ROLES

TOPICS = {"challenge", "map", "ideas"}


def homework_link(base: str, code: str, key: str) -> str:
    """The homework page's link for the city's representative (it carries a facilitator key)."""
    return page_link(base, HOMEWORK_NOTEBOOK, code=code, key=key)


def kind_label(t: Translate, kind: str) -> str:
    return {"problem": t("Problem"), "asset": t("Asset"), "opportunity": t("Opportunity")}.get(kind, kind)


def kind_options(t: Translate) -> list[tuple[str, str]]:
    return [(kind_label(t, k), k) for k in FEATURE_KINDS]


def legend_html(t: Translate, *, pins: bool = False) -> str:
    """The map's key: one swatch per kind (and the pinned ideas)."""
    items = [f'<span class="fk-legend-item"><span class="fk-swatch fk-swatch-{k}"></span>{esc(kind_label(t, k))}</span>'
             for k in FEATURE_KINDS]
    if pins:
        items.append('<span class="fk-legend-item"><span class="fk-swatch fk-swatch-pin"></span>'
                     + esc(t("Idea pinned by a participant")) + '</span>')
    return f'<div class="fk-map-legend">{"".join(items)}</div>'


def feature_card_html(t: Translate, feature: MapFeature, *, selected: bool = False) -> str:
    shape = {"Point": t("Point"), "MultiPoint": t("Points"), "LineString": t("Line"),
             "MultiLineString": t("Lines"), "Polygon": t("Area"), "MultiPolygon": t("Areas")}.get(
        feature.geometry.get("type", ""), "")
    chips = (f'<span class="fk-chip fk-kind-chip fk-kind-{esc(feature.kind)}">{esc(kind_label(t, feature.kind))}</span>'
             + (theme.chip(shape) if shape else "") + (theme.chip(t("Selected"), "primary") if selected else ""))
    note = f'<p class="fk-card-text fk-feature-note-text">{esc(feature.note)}</p>' if feature.note else ""
    return (f'<div class="fk-card-title fk-feature-card-title">{esc(feature.label)}</div>{note}'
            f'<div class="fk-chips">{chips}</div>')


class FeatureCard(widgets.VBox):
    """One feature in the list beside the map (``fk-feature-card``)."""

    def __init__(self, t: Translate, feature: MapFeature, *, editable: bool, on_edit: Any = None,
                 on_remove: Any = None) -> None:
        super().__init__()
        self.t, self.feature_id = t, int(feature.id)
        self.body = widgets.HTML()
        children: list[widgets.Widget] = [self.body]
        if editable:
            edit = theme.button(t("Edit"), small=True, classes=["fk-feature-edit"])
            remove = theme.button(t("Remove"), kind="ghost", small=True, classes=["fk-feature-card-remove"])
            edit.on_click(lambda _b: on_edit(self.feature_id))
            remove.on_click(lambda _b: on_remove(self.feature_id))
            children.append(theme.add_classes(widgets.HBox([edit, remove]), ["fk-actions"]))
        self.children = children
        theme.add_classes(self, ["fk-card", "fk-feature-card", f"fk-feature-id-{self.feature_id}"])
        self._kind = ""

    def update(self, feature: MapFeature, *, selected: bool = False) -> None:
        self.body.value = feature_card_html(self.t, feature, selected=selected)
        kind_class = f"fk-feature-kind-{feature.kind}"
        if kind_class != self._kind:
            if self._kind:
                self.remove_class(self._kind)
            self.add_class(kind_class)
            self._kind = kind_class


class ChallengeView:
    """The challenge step for one role (see the module docstring)."""

    step = "challenge"

    def __init__(self, ctx: Context, role: str = "participant", *, homework_link: bool = True) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.workshop = ctx.workshop
        self.editable = role == "facilitator"
        self.show_homework_link = homework_link and self.editable
        self.notice = Notice()
        self.challenge: Challenge | None = None
        self.features: list[MapFeature] = store.list_features(ctx.db, self.workshop.id)
        self.pins: list[Idea] = []
        self.selected: int | None = None
        self.pin_place: tuple[float, float] | None = None
        self._loaded: dict[str, str] = {"title": "", "description": "", "theme": ""}
        from facilitation.ui.kit.featuremap import FeatureMap

        height = {"presenter": 640, "facilitator": 560}.get(role, 500)
        centre, zoom = map_view(self.workshop.lat, self.workshop.lon, bounds(f.geometry for f in self.features),
                                height=height)
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

    # --- building -----------------------------------------------------------------------

    def _empty_text(self) -> tuple[str, str]:
        t = self.t
        if self.editable:
            return t("Nothing on the map yet"), t("Draw an area, a line or a point with the tools on the map, "
                                                  "or import a GeoJSON file.")
        return t("Nothing on the map yet"), t("The city has not marked places on the map.")

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
            body = theme.add_classes(widgets.HBox([map_panel, theme.panel([
                theme.html(title_html(t("Marked on the map"))), self.wall.box],
                classes=["fk-map-side"])]), ["fk-map-layout"])
            return widgets.VBox([mapping_stylesheet(), theme.panel([self.summary], classes=["fk-challenge-panel"]),
                                 body])
        if self.role == "participant":
            self.pin_panel = self._build_pin_form()
            side = theme.add_classes(widgets.VBox([self.pin_panel, theme.panel([
                theme.html(title_html(t("Marked on the map"))), self.wall.box],
                classes=["fk-map-side"])]), ["fk-col"])
            body = theme.add_classes(widgets.HBox([map_panel, side]), ["fk-map-layout"])
            return widgets.VBox([mapping_stylesheet(), theme.panel([self.summary], classes=["fk-challenge-panel"]),
                                 body])
        form = self._build_challenge_form()
        if self.show_homework_link:
            form.children = (*form.children, self._homework_html())
        editor = self._build_feature_editor()
        importer = self._build_import()
        side = theme.add_classes(widgets.VBox([editor, theme.panel([
            theme.html(title_html(t("Marked on the map"))), self.wall.box], classes=["fk-map-side"])]), ["fk-col"])
        main = theme.add_classes(widgets.VBox([map_panel, importer]), ["fk-col"])
        body = theme.add_classes(widgets.HBox([main, side]), ["fk-map-layout"])
        return widgets.VBox([mapping_stylesheet(), form, self.notice, body])

    def _build_challenge_form(self) -> widgets.VBox:
        t = self.t
        self.title = theme.field(widgets.Text(description=t("Challenge"), placeholder=t(
            "e.g. Too little green and blue infrastructure in the centre")), classes=["fk-challenge-title"])
        self.description = theme.field(widgets.Textarea(description=t("Description"), placeholder=t(
            "What is the problem, where, for whom, and what has been tried?")), classes=["fk-challenge-description"])
        self.description.layout.height = "110px"
        self.theme = theme.field(widgets.Text(description=t("Themes (separated by commas)"), placeholder=", ".join(
            self.workshop.themes[:3])), classes=["fk-challenge-theme"])
        suggestions = []
        for name in self.workshop.themes:
            btn = theme.button("+ " + name, kind="ghost", small=True, classes=["fk-theme-suggest"],
                               tooltip=t("Add this theme"))
            btn.on_click(lambda _b, name=name: self.add_theme(name))
            suggestions.append(btn)
        self.theme_buttons = suggestions
        self.save_button = theme.button(t("Save the challenge"), kind="primary", classes=["fk-challenge-save"])
        self.save_button.on_click(lambda _b: self.save_challenge())
        self.saved_at = theme.html(classes=["fk-challenge-saved"])
        heading = t("The city's key local challenge")
        lead = t("Describe the challenge in a few lines and tag its themes; then show on the map where it is.")
        head = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(lead)}</p>')
        parts: list[widgets.Widget] = [head, self.title, self.description, self.theme]
        if suggestions:
            parts.append(theme.add_classes(widgets.HBox(suggestions), ["fk-actions", "fk-theme-suggestions"]))
        parts.append(theme.add_classes(widgets.HBox([self.save_button, self.saved_at]), ["fk-actions"]))
        return theme.panel(parts, classes=["fk-form", "fk-challenge-form"])

    def _homework_html(self) -> widgets.HTML:
        """The link to send to the city's representative, so they can prepare this as homework."""
        from facilitation.ui.kit.links import base_url

        t = self.t
        url = homework_link(base_url(), self.workshop.code, self.ctx.key or "")
        note = t("Homework link for the city's representative. It carries your facilitator key: send it to "
                 "them only.")
        return theme.html(f'{help_html(note)}<div class="fk-homework-link"><code>{esc(url)}</code></div>',
                          classes=["fk-homework"])

    def _build_feature_editor(self) -> widgets.VBox:
        t = self.t
        self.editor_head = theme.html(classes=["fk-feature-editor-head"])
        self.feature_label = theme.field(widgets.Text(description=t("Label"), placeholder=t("e.g. Flooded underpass")),
                                         classes=["fk-feature-label"])
        self.feature_kind = theme.field(widgets.Dropdown(options=kind_options(t), value="problem",
                                                         description=t("Kind")), classes=["fk-feature-kind"])
        self.feature_note = theme.field(widgets.Textarea(description=t("Note"), placeholder=t(
            "What happens here, and why it matters")), classes=["fk-feature-note"])
        self.feature_save = theme.button(t("Save feature"), kind="primary", small=True, classes=["fk-feature-save"])
        self.feature_remove = theme.button(t("Remove from the map"), kind="danger", small=True,
                                           classes=["fk-feature-remove"])
        self.feature_close = theme.button(t("Done"), kind="ghost", small=True, classes=["fk-feature-close"])
        self.feature_save.on_click(lambda _b: self.save_feature())
        self.feature_remove.on_click(lambda _b: self.remove_feature(self.selected))
        self.feature_close.on_click(lambda _b: self.select(None))
        self.editor_fields = widgets.VBox([self.feature_label, self.feature_kind, self.feature_note, theme.add_classes(
            widgets.HBox([self.feature_save, self.feature_remove, self.feature_close]), ["fk-actions"])])
        theme.add_classes(self.editor_fields, ["fk-form"])
        return theme.panel([self.editor_head, self.editor_fields], classes=["fk-feature-editor"])

    def _build_import(self) -> widgets.VBox:
        t = self.t
        self.upload = widgets.FileUpload(accept=".geojson,.json,application/geo+json,application/json", multiple=False,
                                         description=t("Choose a file"))
        theme.add_classes(self.upload, ["fk-import-file", "fk-btn", "fk-btn-secondary", "fk-btn-small"])
        self.import_kind = theme.field(widgets.Dropdown(options=kind_options(t), value="problem", description=t(
            "Kind for features without one")), classes=["fk-import-kind"])
        self.import_replace = widgets.Checkbox(value=False, description=t("Replace the features on the map"),
                                               indent=False)
        theme.add_classes(self.import_replace, ["fk-check", "fk-import-replace"])
        self.import_button = theme.button(t("Import"), kind="secondary", small=True, classes=["fk-import-submit"])
        self.import_button.on_click(lambda _b: self.import_file())
        lead = t("A GeoJSON file in WGS 84 (EPSG:4326). Labels come from the properties label or name; "
                 "notes from note or description.")
        head = theme.html(title_html(t("Import from GIS")) +
                          help_html(lead))
        return theme.panel([head, self.upload, self.import_kind, self.import_replace, theme.add_classes(
            widgets.HBox([self.import_button]), ["fk-actions"])], classes=["fk-form", "fk-import"])

    def _build_pin_form(self) -> widgets.VBox:
        t = self.t
        self.pin_head = theme.html(classes=["fk-pin-head"])
        self.pin_title = theme.field(widgets.Text(description=t("Your idea for this place"),
                                                  placeholder=t("A short title")), classes=["fk-pin-title"])
        self.pin_scale = theme.field(widgets.Dropdown(options=scale_options(t), value="", description=t("Scale")),
                                     classes=["fk-pin-scale"])
        self.pin_driver = theme.field(widgets.Dropdown(options=driver_options(t), value="", description=t("Driven by")),
                                      classes=["fk-pin-driver"])
        self.pin_submit = theme.button(t("Pin the idea"), kind="primary", small=True, classes=["fk-pin-submit"])
        self.pin_cancel = theme.button(t("Cancel"), kind="ghost", small=True, classes=["fk-pin-cancel"])
        self.pin_submit.on_click(lambda _b: self.pin_idea())
        self.pin_cancel.on_click(lambda _b: self.place(None, None))
        self.pin_fields = theme.add_classes(widgets.VBox([
            self.pin_title, theme.row([self.pin_scale, self.pin_driver]),
            theme.add_classes(widgets.HBox([self.pin_submit, self.pin_cancel]), ["fk-actions"])]), ["fk-form"])
        return theme.panel([self.pin_head, self.notice, self.pin_fields], classes=["fk-pin-form"])

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
            self._show_challenge()
        if "map" in topics:
            self.features = store.list_features(self.ctx.db, self.workshop.id)
            self._show_features()
        if "ideas" in topics and self.role != "facilitator":
            self.pins = [i for i in self._visible_ideas() if i.lat is not None]
            self._show_pins()

    def _visible_ideas(self) -> list[Idea]:
        wid = self.workshop.id
        if self.role == "participant":
            return store.list_ideas(self.ctx.db, wid, viewer_id=self.ctx.participant_id)
        settings = store.get_workshop_by_id(self.ctx.db, wid).settings or {}
        if settings.get("private_brainstorm") and not settings.get("ideas_revealed"):
            return []
        return [i for i in store.list_ideas(self.ctx.db, wid, facilitator=True) if not i.hidden]

    def _show_challenge(self) -> None:
        t, ch = self.t, self.challenge
        heading = t("The city's key local challenge")
        if ch is None:
            self.summary.value = theme.empty_html(t("The challenge has not been written yet"), t(
                "The city's representative describes it before the workshop."), icon="leaf")
        else:
            chips = "".join(theme.chip(tag, "accent") for tag in ch.themes)
            description = "".join(f"<p>{esc(p)}</p>" for p in ch.description.split("\n") if p.strip())
            self.summary.value = (
                title_html(heading) +
                f'<h2 class="fk-challenge-heading">{esc(ch.title)}</h2>'
                f'<div class="fk-challenge-description-text">{description}</div>'
                + (f'<div class="fk-chips">{chips}</div>' if chips else ""))
        if self.editable:
            values = {"title": ch.title if ch else "", "description": ch.description if ch else "",
                      "theme": ", ".join(ch.themes) if ch else ""}
            # Overwrite a field only if nobody has typed in it since it was last loaded.
            for name, widget in (("title", self.title), ("description", self.description), ("theme", self.theme)):
                if widget.value == self._loaded[name]:
                    widget.value = values[name]
            self._loaded = values
            stamp = ch.updated_at.strftime("%Y-%m-%d %H:%M") if ch and ch.updated_at else ""
            self.saved_at.value = (help_html(t("Saved {when} UTC").format(when=stamp))
                                   if stamp else "")

    def _show_features(self) -> None:
        self.fmap.show(self.features)
        self.wall.render(self.features)
        if self.editable:
            if self.selected is not None and self.selected not in {f.id for f in self.features}:
                self.selected = None
            self._show_editor()

    def _show_pins(self) -> None:
        self.fmap.show_pins(self.pins, self.pin_place, self.pin_title.value if self.role == "participant" else "")
        if self.role == "participant":
            self._show_pin_form()

    # --- facilitator: the challenge text ----------------------------------------------

    def add_theme(self, name: str) -> None:
        tags = [s.strip() for s in (self.theme.value or "").split(",") if s.strip()]
        if name not in tags:
            tags.append(name)
        self.theme.value = ", ".join(tags)

    def save_challenge(self) -> bool:
        """Save title, description and themes; on a problem the typed text stays."""
        t = self.t

        def action() -> str:
            title = self.title.value if isinstance(self.title.value, str) else ""
            if not title.strip():
                raise InvalidValue(t("Challenge"), t("please give the challenge a short title."))
            if len(title.strip()) > MAX_TITLE:
                raise InvalidValue(t("Challenge"), t("please keep the title under {n} characters.").format(n=MAX_TITLE))
            if len(self.description.value or "") > MAX_TEXT:
                raise InvalidValue(t("Description"), t("please keep it under {n} characters.").format(n=MAX_TEXT))
            themes = [s for s in (self.theme.value or "").split(",")]
            store.save_challenge(self.ctx.db, self.ctx.code, self.ctx.key, title=title,
                                 description=self.description.value or "", themes=themes)
            return t("The challenge is saved.")

        ok = guarded(self.notice, action)
        if ok:
            # What was typed is now stored: show the stored (tidied) text in the fields.
            self._loaded = {"title": self.title.value, "description": self.description.value, "theme": self.theme.value}
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
                                           label=self._default_label(geometry), kind="problem"))
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
        if self.editable:
            feature = known.get(self.selected)
            if feature is not None:
                self.feature_label.value = feature.label
                self.feature_kind.value = feature.kind
                self.feature_note.value = feature.note
            self._show_editor()
        self.wall.render(self.features)

    def _show_editor(self) -> None:
        t = self.t
        feature = next((f for f in self.features if f.id == self.selected), None)
        if feature is None:
            hint = t("Draw a shape, or press Edit on a feature in the list, to give it a label, a kind and a note.")
            self.editor_head.value = (title_html(t("Feature")) +
                                      help_html(hint))
            set_visible(self.editor_fields, False)
        else:
            self.editor_head.value = title_html(t("Feature") + " · " + feature.label)
            set_visible(self.editor_fields, True)

    def save_feature(self) -> bool:
        t = self.t

        def action() -> str:
            if self.selected is None:
                raise InvalidValue(t("Feature"), t("choose a feature on the map or in the list first."))
            label = self.feature_label.value if isinstance(self.feature_label.value, str) else ""
            if not label.strip():
                raise InvalidValue(t("Label"), t("please give the feature a short label."))
            store.update_feature(self.ctx.db, self.ctx.code, self.ctx.key, self.selected, label=label,
                                 kind=self.feature_kind.value, note=self.feature_note.value or "")
            return t("The feature is saved.")

        ok = guarded(self.notice, action)
        self.refresh({"map"})
        return ok

    def import_file(self) -> bool:
        """Import the chosen GeoJSON file: every feature, or none with the problem named."""
        t = self.t
        imported: list[MapFeature] = []

        def action() -> str:
            files = self.upload.value or ()
            if not files:
                raise InvalidValue(t("Import"), t("choose a GeoJSON file first."))
            item = files[0]
            content = item["content"] if isinstance(item, dict) else item.content
            name = (item.get("name") if isinstance(item, dict) else getattr(item, "name", "")) or "GeoJSON"
            try:
                imported.extend(store.import_geojson(
                    self.ctx.db, self.ctx.code, self.ctx.key, bytes(content), default_kind=self.import_kind.value,
                    default_label=t("Imported feature {n}"), replace=bool(self.import_replace.value)))
            except InvalidValue as exc:
                raise InvalidValue(name, exc.reason + " " + t("Nothing was imported.")) from None
            n = len(imported)
            return (t("1 feature imported.") if n == 1 else t("{n} features imported.").format(n=n))

        ok = guarded(self.notice, action)
        if ok:
            self.upload.value = ()
            self.refresh({"map"})
            centre, zoom = map_view(self.workshop.lat, self.workshop.lon, bounds(f.geometry for f in self.features))
            self.fmap.map.center, self.fmap.map.zoom = list(centre), zoom
        return ok

    # --- participant: pin an idea -------------------------------------------------------

    def place(self, lat: float | None, lon: float | None) -> None:
        """The participant clicked the map (or cancelled with None)."""
        self.pin_place = None if lat is None or lon is None else (round(lat, 6), round(lon, 6))
        self._show_pins()

    def _show_pin_form(self) -> None:
        t = self.t
        if self.pin_place is None:
            hint = t("Have an idea for a particular place? Click it on the map, then describe your idea here.")
            self.pin_head.value = (title_html(t("Pin an idea")) +
                                   help_html(hint))
            set_visible(self.pin_fields, False)
        else:
            hint = t("Your idea goes to the place marked on the map. Click elsewhere to move it.")
            self.pin_head.value = (title_html(t("Pin an idea")) +
                                   help_html(hint))
            set_visible(self.pin_fields, True)

    def pin_idea(self) -> bool:
        t = self.t

        def action() -> str:
            if self.pin_place is None:
                raise InvalidValue(t("Place"), t("click the map where your idea belongs first."))
            title = self.pin_title.value if isinstance(self.pin_title.value, str) else ""
            if not title.strip():
                raise InvalidValue(t("Your idea"), t("please give your idea a short title."))
            if not self.pin_scale.value or not self.pin_driver.value:
                raise InvalidValue(t("Your idea"), t("please choose the scale and who drives it."))
            if not self.ctx.token:
                raise NotAllowed(t("Please join the workshop first."))
            store.add_idea(self.ctx.db, self.ctx.code, self.ctx.token, title=title, scale=self.pin_scale.value,
                           driver=self.pin_driver.value, lat=self.pin_place[0], lon=self.pin_place[1])
            return t("Your idea is pinned to the map and on the wall.")

        ok = guarded(self.notice, action)
        if ok:
            self.pin_place = None
            self.pin_title.value = ""
            self.pin_scale.value = ""
            self.pin_driver.value = ""
            self.refresh({"ideas"})
        return ok

    def close(self) -> None:
        # The view before its parts (nothing open lists a closed widget), and what this role did not show.
        theme.close_tree(self.root, self.summary, self.legend, self.notice)
        self.wall.close()
        self.fmap.close()
