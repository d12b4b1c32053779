"""The practice library: case studies used in the programme's scenarios, kept for later workshops.

A search box and a theme filter over ``store.search_practices``, which also reaches the case
studies of every workshop's scenarios not gathered yet; each result shows its title, city,
country, year, link, lesson, description and themes. The organiser adds and edits practices
with :class:`~facilitation.ui.setup.practice_form.PracticeForm` and can gather the case studies
of this programme's workshops into the library (duplicates merged, checked in the store).
"""

from __future__ import annotations

from collections.abc import Sequence

from facilitation import store
from facilitation.domain.programmes import Practice
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Notice, esc, guarded
from facilitation.ui.setup.practice_form import PracticeForm

ALL = ""


def practice_html(t: Translate, p: Practice) -> str:
    place = ", ".join(x for x in (p.city, p.country, str(p.year or "")) if x)
    more = t("Read more")
    link = (f'<a class="fk-practice-link" href="{esc(p.link)}" target="_blank" rel="noopener noreferrer">'
            f'{esc(more)}</a>' if p.link else "")
    lesson = f'<p class="fk-practice-lesson">{esc(p.lesson)}</p>' if p.lesson else ""
    about = f'<p class="fk-practice-description">{esc(p.description)}</p>' if p.description else ""
    chips = "".join(theme.chip(x) for x in p.themes)
    if p.id is None:  # a case study of a workshop's scenario, not gathered into the library yet
        chips += theme.chip(t("In a workshop's scenario"), "accent")
    return (f'<article class="fk-practice"><div class="fk-card-title">{esc(p.title)}</div>'
            f'<div class="fk-muted">{esc(place)}{" · " if place and link else ""}{link}</div>{lesson}{about}'
            f'<div class="fk-chips">{chips}</div></article>')


def results_html(t: Translate, found: Sequence[Practice]) -> str:
    if not found:
        return theme.empty_html(t("No practice matches."), t("Try another word or theme."), icon="search")
    count = t.ngettext("{n} practice", "{n} practices", len(found)).format(n=len(found))
    return (f'<p class="fk-help">{esc(count)}</p><div class="fk-practice-list">'
            + "".join(practice_html(t, p) for p in found) + "</div>")


class PracticeLibrary:
    """The searchable library (``fk-practice-search``, ``fk-practice-theme``, ``fk-practice-results``)."""

    def __init__(self, db: store.Database, t: Translate, *, organiser_key: str, programme: str) -> None:
        self.db, self.t, self.key, self.programme = db, t, organiser_key, programme
        self.notice = Notice(self.t)
        self.query = theme.text(t("Search"), placeholder=t("e.g. green roofs, Gdansk"), classes=["fk-practice-search"],
                                live=True)  # filters as one types
        self.theme = theme.dropdown(t("Theme"), [(t("All"), ALL)], value=ALL, classes=["fk-practice-theme"])
        self.gather = theme.button(t("Gather from this programme's scenarios"), kind="ghost", small=True,
                                   classes=["fk-practice-harvest"])
        self.gather.on_click(lambda _b: self.harvest())
        self.results = theme.html(classes=["fk-practice-results"])
        self.query.observe(lambda _c: self.search(), names="value")
        self.theme.observe(lambda _c: self.search(), names="value")
        self.form = PracticeForm(db, t, key=organiser_key, on_saved=lambda _p: self._after_change())
        self.root = theme.box([theme.row([self.query, self.theme]), self.results,
                               theme.row([self.gather]), self.notice, self.form.root], classes=["fk-practices"])
        self._fill_themes()
        self.search()

    def _fill_themes(self) -> None:
        themes = sorted({x for p in store.search_practices(self.db, cases=True) for x in p.themes}, key=str.casefold)
        keep = self.theme.value if self.theme.value in themes else ALL
        self.theme.options = [(self.t("All"), ALL)] + [(x, x) for x in themes]
        self.theme.value = keep

    def search(self) -> list[Practice]:
        """Show the practices matching the search box and the theme (both checked in the store)."""
        query = self.query.value if isinstance(self.query.value, str) else ""
        chosen = self.theme.value if isinstance(self.theme.value, str) else ALL
        found = store.search_practices(self.db, query=query.strip(), theme=chosen, cases=True)
        self.results.value = results_html(self.t, found)
        return found

    def harvest(self) -> bool:
        def action() -> str:
            new = store.harvest_practices(self.db, self.key, self.programme)
            self._after_change()
            if not new:
                return self.t("Nothing new: every case study of this programme is in the library already.")
            return self.t.ngettext("{n} practice added to the library (the same case twice is kept once).",
                                   "{n} practices added to the library (the same case twice is kept once).",
                                   len(new)).format(n=len(new))
        return guarded(self.notice, action)

    def _after_change(self) -> None:
        self._fill_themes()
        self.search()
        self.form.refresh()

    def close(self) -> None:
        theme.close_tree(self.root)
