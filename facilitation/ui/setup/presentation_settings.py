"""The presentation step's settings in the agenda editor: the speaker (name, organisation, city), a title
and one of the workshop's materials to offer for download.

``Editor(t, settings, materials=…)``: ``materials`` are the workshop's materials as (title, id) pairs
(the agenda editor passes them; :data:`CONTEXT` names what the editor asks of it). A material chosen
before that is no longer offered stays chosen, named by its number, so saving never drops it
silently; the store checks every value (``domain.questions.check_presentation_settings``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from facilitation.domain.questions import presentation
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc

CONTEXT = ("materials",)  # what the agenda editor passes beside the settings


class Editor:
    """A presentation's settings as a form; ``root`` is the widget, ``value()`` the settings typed."""

    CONTEXT = CONTEXT

    def __init__(self, t: Translate, settings: Mapping[str, Any] | None,
                 materials: Sequence[tuple[str, int]] = ()) -> None:
        self.t = t
        talk = presentation(settings or {})
        self.name = theme.text(t("Speaker"), value=talk.speaker_name, placeholder=t("e.g. Ewa Nowak"),
                               classes=["fk-presentation-speaker-name"])
        self.organisation = theme.text(t("Organisation"), value=talk.speaker_organisation,
                                       placeholder=t("e.g. City of Gdansk"), classes=["fk-presentation-organisation"])
        self.city = theme.text(t("City"), value=talk.speaker_city, classes=["fk-presentation-city"])
        self.title = theme.text(t("Title of the talk"), value=talk.title, classes=["fk-presentation-title-input"])
        options: list[tuple[str, int]] = [(t("No material"), 0), *[(str(title), int(mid)) for title, mid in materials]]
        if talk.material_id is not None and talk.material_id not in {mid for _, mid in options}:
            options.append((t("Material {n}").format(n=talk.material_id), talk.material_id))
        self.material = theme.dropdown(t("Material to download"), options, value=talk.material_id or 0,
                                       classes=["fk-presentation-material-pick"])
        hint = t("Upload the slides under Materials first; participants can then download them during the talk.")
        self.root = theme.box([theme.row([self.name, self.organisation, self.city]), self.title, self.material,
                               theme.html(f'<p class="fk-help">{esc(hint)}</p>')],
                              classes=["fk-presentation-settings"])

    def value(self) -> dict[str, Any]:
        """The settings as typed (the store checks them)."""
        material = self.material.value
        return {"speaker_name": self.name.value, "speaker_organisation": self.organisation.value,
                "speaker_city": self.city.value, "title": self.title.value,
                "material_id": material if isinstance(material, int) and material > 0 else None}
