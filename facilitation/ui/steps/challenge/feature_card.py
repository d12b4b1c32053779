"""One feature in the list beside the map (``fk-feature-card``), with Edit and Remove for the editor."""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from facilitation.domain.records import MapFeature
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.steps.challenge.markup import feature_card_html


class FeatureCard(widgets.VBox):
    """One feature in the list beside the map (``fk-feature-card``)."""

    def __init__(self, t: Translate, feature: MapFeature, *, editable: bool,
                 on_edit: Callable[[int], object] | None = None,
                 on_remove: Callable[[int], object] | None = None) -> None:
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
