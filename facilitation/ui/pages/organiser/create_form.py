"""Create a workshop: title, city (suggested from the offline gazetteer), country, language, date,
venue (a place or an online link) and the agenda template. The store checks the organiser key
and every value; the map of the new workshop opens centred on its city when the gazetteer knows it.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.store import Created
from facilitation.domain.languages import LANGUAGES as KIT_LANGUAGES
from facilitation.i18n import NATIVE_NAMES
from facilitation.store.agendas import DEFAULT_TEMPLATE
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded

# Each language in its own words, from the one list (domain.languages) and its native names.
LANGUAGES = tuple((NATIVE_NAMES.get(code, code), code) for code in KIT_LANGUAGES)
MIN_PREFIX = 2  # suggestions start after two letters


class CreateForm:
    """The form (``fk-setup-*``); ``on_created(created)`` runs after the store created the workshop."""

    def __init__(self, ctx: Context, key: str, *, on_created: Callable[[Created], None]) -> None:
        self.ctx, self.t, self.key, self.on_created = ctx, ctx.t, key, on_created
        t = self.t
        self.notice = Notice(self.t)
        self.title = theme.text(t("Title"), placeholder=t("e.g. Green and blue city centre"),
                                classes=["fk-setup-title"])
        self.city = widgets.Combobox(description=t("City"), placeholder=t("Start typing: Gdańsk, Lisboa…"),
                                     ensure_option=False, _dom_classes=("fk-field", "fk-setup-city"))
        self.country = widgets.Combobox(description=t("Country"), ensure_option=False,
                                        _dom_classes=("fk-field", "fk-setup-country"))
        self.place = theme.html(classes=["fk-setup-place"])
        language = ctx.query.get("lang", "en")  # the page's own language is the likely one
        language = language if language in {code for _name, code in LANGUAGES} else "en"
        self.language = theme.dropdown(t("Language"), LANGUAGES, value=language, classes=["fk-setup-language"])
        self.date = widgets.DatePicker(description=t("Date"), _dom_classes=("fk-field", "fk-setup-date"))
        self.venue = theme.text(t("Venue"), placeholder=t("A place (Town hall, room 2) or an online meeting link"),
                                classes=["fk-setup-venue"])
        templates = store.templates(t.language)  # the template names in the page's language
        names = [name for name, _title in templates]
        self.template = theme.dropdown(t("Agenda template"), [(title, name) for name, title in templates],
                                       value=DEFAULT_TEMPLATE if DEFAULT_TEMPLATE in names else None,
                                       classes=["fk-setup-template"])
        self.create_button = theme.button(t("Create the workshop"), kind="primary", classes=["fk-setup-create"])
        self.create_button.on_click(lambda _b: self.create())
        self.city.observe(lambda change: self.suggest(str(change["new"])), names="value")
        self.country.observe(lambda _change: self.show_place(), names="value")
        title = t("New workshop")
        self.root = theme.panel([
            theme.html(f'<div class="fk-panel-title">{esc(title)}</div>'),
            self.title,
            theme.row([self.city, self.country]),
            self.place,
            theme.row([self.language, self.date]),
            self.venue,
            self.template,
            theme.box([self.create_button], classes=["fk-actions"], horizontal=True),
            self.notice,
        ], classes=["fk-form", "fk-organiser-create"])

    # --- city suggestions and the map centre ------------------------------------------------

    def suggest(self, prefix: str) -> None:
        """Offer the places starting with what was typed; fill the country of a known city."""
        from facilitation.domain import gazetteer  # the place list loads when someone types a city

        prefix = prefix.strip()
        if len(prefix) >= MIN_PREFIX:
            names = list(dict.fromkeys(p.name for p in gazetteer.suggest(prefix)))
            if tuple(names) != tuple(self.city.options):
                self.city.options = names
        if not self.country.options:
            self.country.options = gazetteer.country_names(self.t.language)  # typed back in any of them
        place = gazetteer.lookup(prefix) if prefix else None
        if place is not None and not self.country.value.strip():
            self.country.value = gazetteer.country_name(place.country, self.t.language)
        self.show_place()

    def show_place(self) -> None:
        from facilitation.domain import gazetteer

        t, city = self.t, self.city.value.strip()
        if not city:
            self.place.value = ""
            return
        place = gazetteer.lookup(city, self.country.value.strip())
        if place is None:
            self.place.value = theme.chip(t("Not in the place list: the map will open on Europe; you can set "
                                            "its centre after creating."), "warn")
        else:
            self.place.value = theme.chip(t("The map opens on {place}, {country}.").format(
                place=place.name, country=gazetteer.country_name(place.country, t.language)), "accent")

    # --- creating ----------------------------------------------------------------------------

    def create(self) -> Created | None:
        created: list[Created] = []

        def action() -> str:
            # A country the page offered in its language ("Polska") is stored by its one English name,
            # as the command line and the exports name it; a country the gazetteer does not know, as typed.
            from facilitation.domain import gazetteer  # loaded already when a city was typed

            typed = self.country.value if isinstance(self.country.value, str) else ""
            known = gazetteer.find_country(typed)
            result = store.create_workshop_as_organiser(
                self.ctx.db, self.key, title=self.title.value, city=self.city.value,
                country=known[1] if known else typed,
                language=self.language.value, date=self.date.value, venue=self.venue.value,
                template=self.template.value)
            created.append(result)
            return self.t("Workshop created: “{title}”, join code {code}.").format(
                title=result.workshop.title, code=result.workshop.code)

        if not guarded(self.notice, action):
            return None
        self.title.value = ""
        self.venue.value = ""
        self.on_created(created[0])
        return created[0]
