"""Import from GIS: a GeoJSON file's features onto the challenge map (``fk-import``).

A component: *Import* calls ``on_import()``; the step's view asks the store, which imports
every feature or none and names the broken one.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation.domain.errors import InvalidValue
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.markup import help_html, title_html
from facilitation.ui.steps.challenge.labels import kind_options


class GeoJsonImport:
    """A file chooser, the kind for features without one, and whether to replace what is on the map."""

    def __init__(self, t: Translate, *, on_import: Callable[[], Any]) -> None:
        self.t = t
        self.upload = widgets.FileUpload(accept=".geojson,.json,application/geo+json,application/json", multiple=False,
                                         description=t("Choose a file"))
        theme.add_classes(self.upload, ["fk-import-file", "fk-btn", "fk-btn-secondary", "fk-btn-small"])
        self.kind = theme.field(widgets.Dropdown(options=kind_options(t), value="problem", description=t(
            "Kind for features without one")), classes=["fk-import-kind"])
        self.replace = widgets.Checkbox(value=False, description=t("Replace the features on the map"),
                                        indent=False)
        theme.add_classes(self.replace, ["fk-check", "fk-import-replace"])
        self.button = theme.button(t("Import"), kind="secondary", small=True, classes=["fk-import-submit"])
        self.button.on_click(lambda _b: on_import())
        lead = t("A GeoJSON file in WGS 84 (EPSG:4326). Labels come from the properties label or name; "
                 "notes from note or description.")
        head = theme.html(title_html(t("Import from GIS")) +
                          help_html(lead))
        self.root = theme.panel([head, self.upload, self.kind, self.replace, theme.add_classes(
            widgets.HBox([self.button]), ["fk-actions"])], classes=["fk-form", "fk-import"])

    def chosen(self) -> tuple[str, bytes]:
        """The chosen file's name and bytes (a problem raises :class:`InvalidValue`)."""
        t = self.t
        files = self.upload.value or ()
        if not files:
            raise InvalidValue(t("Import"), t("choose a GeoJSON file first."))
        item = files[0]
        content = item["content"] if isinstance(item, dict) else item.content
        name = (item.get("name") if isinstance(item, dict) else getattr(item, "name", "")) or "GeoJSON"
        return name, bytes(content)

    def clear(self) -> None:
        self.upload.value = ()
