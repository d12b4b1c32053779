"""Each workshop of the programme as a card (``fk-programme-workshop``): status, kind, when and
where, its outputs counted, its materials to download, its meeting record, and links to its
review and its export."""

from __future__ import annotations

from typing import Sequence

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import links as pages
from facilitation.domain.gazetteer import place_name
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.links import base_url
from facilitation.ui.kit.materials import MaterialsList
from facilitation.ui.pages.programme.calendar import kind_label, status_chip, venue_text, when_text
from facilitation.ui.steps.meeting.record import record_html


def counts_html(t: Translate, r: store.ProgrammeWorkshop) -> str:
    """The outputs as three figures: participants, ideas, votes."""
    cells = ((t("Participants"), r.participants), (t("Ideas"), r.ideas), (t("Votes"), r.votes))
    return '<div class="fk-programme-counts">' + "".join(
        f'<div><span class="fk-programme-count fk-n">{esc(n)}</span><span class="fk-muted">{esc(label)}</span></div>'
        for label, n in cells) + "</div>"


def card_html(t: Translate, r: store.ProgrammeWorkshop, organiser_key: str) -> str:
    """The card's head: title and status, kind · date · place, counts, links."""
    w = r.workshop
    place = venue_text(t, r.venue) or place_name(w.city, w.country, t.language)
    meta = " · ".join(p for p in (kind_label(t, r.kind), when_text(w.date, r.workshop.end_date), place, w.code) if p)
    review = pages.page_link(base_url(), pages.REVIEW_NOTEBOOK, key=organiser_key, code=w.code)
    export = f"facilitation export {w.code} --to exports/{w.code}"
    open_review, export_label = t("Open its review"), t("Export")
    return (f'<div class="fk-programme-workshop-head"><h3 class="fk-card-title">{esc(w.title)}</h3>'
            f'{status_chip(t, r.status)}</div><p class="fk-muted">{esc(meta)}</p>{counts_html(t, r)}'
            f'<p class="fk-programme-links"><a class="fk-programme-review" href="{esc(review)}" target="_blank" '
            f'rel="noopener">{esc(open_review)}</a> · <span class="fk-muted">{esc(export_label)}:</span> '
            f'<code class="fk-programme-export">{esc(export)}</code></p>')


class WorkshopCards:
    """The programme's workshops as cards; their material lists read with the organiser key."""

    def __init__(self, db: store.Database, t: Translate, rows: Sequence[store.ProgrammeWorkshop], organiser_key: str) -> None:
        self.materials: list[MaterialsList] = []
        cards: list[widgets.Widget] = []
        for r in rows:
            code = r.workshop.code
            files = MaterialsList(db, code, t, organiser_key=organiser_key)
            self.materials.append(files)
            parts: list[widgets.Widget] = [theme.html(card_html(t, r, organiser_key)), files.root]
            items, actions = store.meeting(db, code), store.list_actions(db, code=code)
            if items or actions:
                record, summary = record_html(t, items, actions), t("Meeting record")
                parts.append(theme.html(f'<details class="fk-programme-record"><summary>{esc(summary)}'
                                        f"</summary>{record}</details>"))
            cards.append(theme.box(parts, classes=["fk-card", "fk-programme-workshop"]))
        if not cards:
            cards = [theme.html(theme.empty_html(t("No workshops in this programme yet.")))]
        self.root = theme.box(cards, classes=["fk-programme-workshops"])

    def close(self) -> None:
        theme.close_tree(self.root)
