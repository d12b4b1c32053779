"""The practice form: add a practice to the library, or edit one (``fk-practice-form``).

On the programme page an organiser adds and edits any practice; in the scenarios step a
facilitator or an expert adds one from their workshop (and edits those their workshop
brought). The store checks the key either way; a refused or bad value leaves every typed
field as it was. After a new practice is saved the form empties, so the next save cannot
overwrite it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.errors import InvalidValue
from facilitation.domain.programmes import Practice
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Notice, guarded
from facilitation.ui.kit.markup import help_html, title_html

NEW = 0


def parse_year(t: Translate, value: Any) -> int | None:
    """The year typed (empty: none); a word or a fraction is refused with a sentence."""
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidValue(t("Year"), t("please write a year like 2021, or leave it empty."))
    return int(text)


class PracticeForm:
    """Title, city, country, year, source link, lesson, description and themes, with *Save*."""

    def __init__(self, db: store.Database, t: Translate, *, key: str | None, code: str | None = None,
                 on_saved: Callable[[Practice], Any] | None = None, folded: bool = False) -> None:
        self.db, self.t, self.key, self.code, self.on_saved = db, t, key, code, on_saved
        self.notice = Notice(t)
        self.pick = theme.dropdown(t("Edit"), [(t("A new practice"), NEW)], value=NEW,
                                   classes=["fk-practice-edit-pick"])
        self._quiet = False
        self.pick.observe(lambda _c: None if self._quiet else self.load(), names="value")
        self.title = theme.text(t("Title"), placeholder=t("e.g. Temporary street changes"),
                                classes=["fk-practice-title"])
        self.city = theme.text(t("City"), placeholder=t("e.g. Leuven"), classes=["fk-practice-city"])
        self.country = theme.text(t("Country"), placeholder=t("e.g. Belgium"), classes=["fk-practice-country"])
        self.year = theme.text(t("Year"), placeholder=t("e.g. 2021"), classes=["fk-practice-year"])
        self.link = theme.text(t("Source (web address)"), placeholder="https://…", classes=["fk-practice-source"])
        self.lesson = theme.text(t("Lesson for other cities"), placeholder=t("One sentence another city can use"),
                                 classes=["fk-practice-lesson-input"])
        self.description = theme.textarea(t("Description"), placeholder=t("What the city did, with whom, what it cost"),
                                          classes=["fk-practice-description"])
        self.themes = theme.text(t("Themes"), placeholder=t("e.g. mobility, nature-based solutions"),
                                 classes=["fk-practice-themes"])
        self.save_button = theme.button(t("Save practice"), kind="primary", classes=["fk-practice-save"])
        self.save_button.on_click(lambda _b: self.save())
        self.new_button = theme.button(t("New practice"), kind="ghost", small=True, classes=["fk-practice-new"])
        self.new_button.on_click(lambda _b: self.start_new())
        head = theme.html(title_html(t("Add a practice to the library")) + help_html(
            t("What another city did and what others can learn from it. Separate themes with commas.")))
        self.form = theme.panel([
            head, self.pick,
            theme.row([self.title, self.city], classes=["fk-practice-form-row"]),
            theme.row([self.country, self.year], classes=["fk-practice-form-row"]),
            self.link, self.lesson, self.description, self.themes, self.notice,
            theme.row([self.save_button, self.new_button], classes=["fk-actions"])],
            classes=["fk-form", "fk-practice-form"])
        # Folded (in the scenarios step): one button opens the form, so the editor stays short.
        self.open_button = theme.button(t("Add a practice to the library"), kind="ghost", small=True,
                                        classes=["fk-practice-form-open"])
        self.is_open = not folded
        self.open_button.on_click(lambda _b: self.unfold(not self.is_open))
        self.root = theme.box([self.open_button, self.form], classes=["fk-practice-form-host"])
        theme.set_visible(self.open_button, folded)
        theme.set_visible(self.form, self.is_open)
        self.refresh()

    def unfold(self, on: bool = True) -> None:
        """Show (or fold away) the form; what is typed stays."""
        self.is_open = bool(on)
        theme.set_visible(self.form, self.is_open)
        self.open_button.description = self.t("Close the practice form") if on else self.t(
            "Add a practice to the library")

    # --- reading ---------------------------------------------------------------------------

    def editable(self) -> list[Practice]:
        """The practices this page may edit (the store checks again on save)."""
        everything = store.search_practices(self.db)
        if not self.code:
            return everything
        here = store.get_workshop(self.db, self.code).id
        return [p for p in everything if p.source_workshop_id == here]

    def refresh(self) -> None:
        """Re-read the practices offered in *Edit* (keeping the one being edited)."""
        options = [(self.t("A new practice"), NEW)] + [
            (f"{p.title[:60]} ({p.city})" if p.city else p.title[:60], p.id) for p in self.editable() if p.id]
        if list(self.pick.options) == options:
            return
        current = self.pick.value
        self._quiet = True  # a list refresh must not wipe what is being typed
        try:
            self.pick.options = options
            self.pick.value = current if current in [v for _, v in options] else NEW
        finally:
            self._quiet = False

    def load(self) -> None:
        """Fill the fields with the practice chosen in *Edit* (empty them for a new one)."""
        chosen = self.pick.value
        p = store.get_practice(self.db, chosen) if isinstance(chosen, int) and chosen != NEW else None
        self.title.value = p.title if p else ""
        self.city.value = p.city if p else ""
        self.country.value = p.country if p else ""
        self.year.value = str(p.year) if p and p.year else ""
        self.link.value = p.link if p else ""
        self.lesson.value = p.lesson if p else ""
        self.description.value = p.description if p else ""
        self.themes.value = ", ".join(p.themes) if p else ""
        self.save_button.description = self.t("Save changes") if p else self.t("Save practice")
        self.notice.clear()

    def start_new(self) -> None:
        """Empty the form for another practice."""
        if self.pick.value == NEW:
            self.load()
        else:
            self.pick.value = NEW  # (loads)

    # --- writing ---------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        def text(widget: widgets.Widget) -> str:
            return widget.value if isinstance(widget.value, str) else ""

        return dict(title=text(self.title), city=text(self.city), country=text(self.country),
                    link=text(self.link).strip(), lesson=text(self.lesson), description=text(self.description),
                    themes=[x for x in text(self.themes).split(",") if x.strip()],
                    year=parse_year(self.t, self.year.value))

    def save(self) -> Practice | None:
        """Add the practice, or save the changes to the one being edited; a notice either way."""
        t = self.t
        saved: list[Practice] = []

        def action() -> str:
            values = self._values()
            if not values["title"].strip():
                raise InvalidValue(t("Title"), t("please give the practice a title."))
            chosen = self.pick.value
            if isinstance(chosen, int) and chosen != NEW:
                saved.append(store.update_practice(self.db, self.key, chosen, code=self.code, **values))
                return t("“{title}” saved.").format(title=saved[0].title)
            saved.append(store.add_practice(self.db, self.key, code=self.code, **values))
            return t("“{title}” is in the library now.").format(title=saved[0].title)

        if not guarded(self.notice, action):
            return None
        editing = self.pick.value != NEW
        self.refresh()
        if not editing:
            message = self.notice.value
            self.load()  # empty: the next save is a new practice, never this one again
            self.notice.value = message
        if self.on_saved is not None:
            self.on_saved(saved[0])
        return saved[0]

    def close(self) -> None:
        theme.close_tree(self.root)
