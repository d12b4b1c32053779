"""The facilitator's feature editor: a drawn place's label, kind and note (``fk-feature-editor``).

A component: *Save feature*, *Remove from the map* and *Done* call ``on_save()``,
``on_remove()`` and ``on_close()``; the step's view asks the store.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import MapFeature
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.markup import help_html, title_html
from facilitation.ui.steps.challenge.labels import kind_options


class FeatureEditor:
    """Label, kind and note of the selected feature; a hint while none is selected."""

    def __init__(self, t: Translate, *, on_save: Callable[[], Any], on_remove: Callable[[], Any],
                 on_close: Callable[[], Any]) -> None:
        self.t = t
        self.head = theme.html(classes=["fk-feature-editor-head"])
        self.label = theme.field(widgets.Text(description=t("Label"), placeholder=t("e.g. Flooded underpass")),
                                 classes=["fk-feature-label"])
        self.kind = theme.field(widgets.Dropdown(options=kind_options(t), value="problem",
                                                 description=t("Kind")), classes=["fk-feature-kind"])
        self.note = theme.field(widgets.Textarea(description=t("Note"), placeholder=t(
            "What happens here, and why it matters")), classes=["fk-feature-note"])
        self.save_button = theme.button(t("Save feature"), kind="primary", small=True, classes=["fk-feature-save"])
        self.remove_button = theme.button(t("Remove from the map"), kind="danger", small=True,
                                          classes=["fk-feature-remove"])
        self.close_button = theme.button(t("Done"), kind="ghost", small=True, classes=["fk-feature-close"])
        self.save_button.on_click(lambda _b: on_save())
        self.remove_button.on_click(lambda _b: on_remove())
        self.close_button.on_click(lambda _b: on_close())
        self.fields = widgets.VBox([self.label, self.kind, self.note, theme.add_classes(
            widgets.HBox([self.save_button, self.remove_button, self.close_button]), ["fk-actions"])])
        theme.add_classes(self.fields, ["fk-form"])
        self.root = theme.panel([self.head, self.fields], classes=["fk-feature-editor"])

    def fill(self, feature: MapFeature) -> None:
        self.label.value = feature.label
        self.kind.value = feature.kind
        self.note.value = feature.note

    def show(self, feature: MapFeature | None) -> None:
        """The selected feature's fields, or how to select one."""
        t = self.t
        if feature is None:
            hint = t("Draw a shape, or press Edit on a feature in the list, to give it a label, a kind and a note.")
            self.head.value = (title_html(t("Feature")) +
                               help_html(hint))
            theme.set_visible(self.fields, False)
        else:
            self.head.value = title_html(t("Feature") + " · " + feature.label)
            theme.set_visible(self.fields, True)

    def values(self) -> dict[str, Any]:
        """Label, kind and note for the store (the label checked first)."""
        t = self.t
        label = self.label.value if isinstance(self.label.value, str) else ""
        if not label.strip():
            raise InvalidValue(t("Label"), t("please give the feature a short label."))
        return {"label": label, "kind": self.kind.value, "note": self.note.value or ""}
