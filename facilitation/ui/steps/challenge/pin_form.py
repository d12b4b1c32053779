"""The participant's pin: an idea for the place they clicked on the map (``fk-pin-form``).

A component: *Pin the idea* and *Cancel* call ``on_pin()`` and ``on_cancel()``; the step's
view asks the store with the page's token. The idea joins the brainstorm wall with its place.
Without a mouse (or a steady hand), ``fk-pin-place`` lists the places marked on the map: choosing
one calls ``on_place(lat, lon)`` as a click there would, and choosing another moves the pin.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation.domain.errors import InvalidValue
from facilitation.domain.geo import anchor
from facilitation.domain.records import MapFeature
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Notice
from facilitation.ui.kit.ideas import driver_options, scale_options
from facilitation.ui.kit.markup import help_html, title_html


class PinForm:
    """How to pin an idea until a place is clicked; then its title, scale and driver."""

    def __init__(self, t: Translate, notice: Notice, *, on_pin: Callable[[], Any],
                 on_cancel: Callable[[], Any],
                 on_place: Callable[[float | None, float | None], Any] | None = None) -> None:
        self.t = t
        self._anchors: dict[int, tuple[float, float]] = {}
        # 0 stands for "no place chosen": a None value would leave the <select> blank.
        self.where = theme.field(widgets.Dropdown(options=[(t("Choose a place…"), 0)], value=0,
                                                  description=t("Or choose a place marked on the map")),
                                 classes=["fk-pin-place"])
        if on_place is not None:
            self.where.observe(lambda change: on_place(*self._anchors.get(change["new"], (None, None))),
                               names="value")
        self.head = theme.html(classes=["fk-pin-head"])
        self.title = theme.field(widgets.Text(description=t("Your idea for this place"),
                                              placeholder=t("A short title")), classes=["fk-pin-title"])
        self.scale = theme.field(widgets.Dropdown(options=scale_options(t), value="", description=t("Scale")),
                                 classes=["fk-pin-scale"])
        self.driver = theme.field(widgets.Dropdown(options=driver_options(t), value="", description=t("Driven by")),
                                  classes=["fk-pin-driver"])
        self.submit = theme.button(t("Pin the idea"), kind="primary", small=True, classes=["fk-pin-submit"])
        self.cancel = theme.button(t("Cancel"), kind="ghost", small=True, classes=["fk-pin-cancel"])
        self.submit.on_click(lambda _b: on_pin())
        self.cancel.on_click(lambda _b: on_cancel())
        self.fields = theme.add_classes(widgets.VBox([
            self.title, theme.row([self.scale, self.driver]),
            theme.add_classes(widgets.HBox([self.submit, self.cancel]), ["fk-actions"])]), ["fk-form"])
        self.root = theme.panel([self.head, self.where, notice, self.fields], classes=["fk-pin-form"])

    def show_places(self, features: list[MapFeature]) -> None:
        """The marked places to choose from (hidden while the map has none)."""
        self._anchors = {int(f.id): anchor(f.geometry) for f in features}
        chosen = self.where.value if self.where.value in self._anchors else 0
        self.where.options = [(self.t("Choose a place…"), 0), *((f.label, int(f.id)) for f in features)]
        self.where.value = chosen
        theme.set_visible(self.where, bool(features))

    def show(self, *, placed: bool) -> None:
        """The fields once a place is marked; before that, how to mark one."""
        t = self.t
        if not placed:
            hint = t("Have an idea for a particular place? Click it on the map, then describe your idea here.")
            self.head.value = (title_html(t("Pin an idea")) +
                               help_html(hint))
            theme.set_visible(self.fields, False)
            self.where.value = 0
        else:
            hint = t("Your idea goes to the place marked on the map. Click elsewhere to move it.")
            self.head.value = (title_html(t("Pin an idea")) +
                               help_html(hint))
            theme.set_visible(self.fields, True)

    def values(self) -> dict[str, Any]:
        """Title, scale and driver for the store (checked first: on a problem the text stays)."""
        t = self.t
        title = self.title.value if isinstance(self.title.value, str) else ""
        if not title.strip():
            raise InvalidValue(t("Your idea"), t("please give your idea a short title."))
        if not self.scale.value or not self.driver.value:
            raise InvalidValue(t("Your idea"), t("please choose the scale and who drives it."))
        return {"title": title, "scale": self.scale.value, "driver": self.driver.value}

    def clear(self) -> None:
        self.title.value = ""
        self.scale.value = ""
        self.driver.value = ""
