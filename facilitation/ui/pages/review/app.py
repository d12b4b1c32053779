"""The review page itself (see :mod:`facilitation.ui.pages.review`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.gazetteer import place_name
from facilitation.domain.geo import bounds, map_view
from facilitation.domain.records import Workshop
from facilitation.domain.similarity import similar_ideas
from facilitation.i18n import translator
from facilitation.outputs import report
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.featuremap import FeatureMap
from facilitation.ui.kit.language import LanguageSwitch
from facilitation.ui.kit.shell import polite_page
from facilitation.ui.pages.review.access import Entry, accessible_workshops, load_entries, review_keys
from facilitation.ui.pages.review.across import across_html, matches_table, rounds_html
from facilitation.ui.pages.programme.links import programme_link_html

ALL = ""
NUM = ' class="fk-n"'


def _fixed(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _options(t, values) -> list[tuple[str, str]]:  # noqa: ANN001 - a translator
    return [(t("All"), ALL)] + [(str(v), str(v)) for v in sorted({str(v) for v in values if v not in ("", None)},
                                                                   key=str.casefold)]


class ReviewApp:
    """The review page for ``ctx`` (keys from ``ctx.key``)."""

    role = "facilitator"

    def __init__(self, ctx: Context, *, keys: Sequence[str] | None = None) -> None:
        self.ctx, self.t = ctx, ctx.t
        t = self.t
        self.keys = list(keys) if keys is not None else review_keys(ctx)
        self.entries: list[Entry] = []
        self.notice = Notice(self.t)
        workshops = accessible_workshops(ctx.db, self.keys)
        if not workshops:
            self.root = polite_page(t, self.role, t("The review is for organisers"), t(
                "Open it with the organiser key or a workshop's facilitator key: review.ipynb?key=…"))
            self.root.add_class("fk-review-locked")
            return
        self.entries = load_entries(ctx.db, workshops)

        dd = lambda label, name: theme.add_classes(  # noqa: E731
            widgets.Dropdown(description=label, options=[(t("All"), ALL)], value=ALL),
            ["fk-field", f"fk-review-filter-{name}"])
        self.f_programme = dd(t("Programme"), "programme")
        self.f_city = dd(t("City"), "city")
        self.f_country = dd(t("Country"), "country")
        self.f_round = dd(t("Round"), "round")
        self.f_theme = dd(t("Theme"), "theme")
        self.f_from = theme.add_classes(widgets.DatePicker(description=t("From")),
                                        ["fk-field", "fk-review-filter-from"])
        self.f_to = theme.add_classes(widgets.DatePicker(description=t("To")), ["fk-field", "fk-review-filter-to"])
        self.refresh_button = theme.button(t("Reload"), kind="ghost", classes=["fk-review-refresh"])
        self.filters = [self.f_programme, self.f_city, self.f_country, self.f_round, self.f_theme, self.f_from,
                        self.f_to]
        self._fill_filter_options()
        for f in self.filters:
            f.observe(self._on_filter, names="value")
        self.refresh_button.on_click(lambda _b: guarded(self.notice, self.reload))

        self.count = theme.html(classes=["fk-review-count"])
        self.listing = theme.html(classes=["fk-review-list"])
        self.pick = theme.add_classes(widgets.Dropdown(description=t("Workshop"), options=[]),
                                      ["fk-field", "fk-review-workshop", "fk-review-pick"])
        self.pick.style.description_width = "initial"
        self.pick.observe(self._on_pick, names="value")
        self.top = theme.html(classes=["fk-review-top"])
        self.challenge = theme.html(classes=["fk-review-challenge"])
        self.legend = theme.html(classes=["fk-review-legend"])
        self.fmap = FeatureMap(editable=False, center=(50.0, 10.0), zoom=4, height="420px")
        self.fmap.map.add_class("fk-review-map")
        challenge_box = theme.panel([self.challenge, self.fmap.map, self.legend], classes=["fk-review-challenge-box"])
        self.detail = theme.html(classes=["fk-review-detail"])
        self.across = theme.html(classes=["fk-review-across"])
        self.rounds = theme.html(classes=["fk-review-rounds"])  # rounds of one city side by side (issue 14)
        detail_box = theme.add_classes(widgets.VBox([self.pick, self.top, challenge_box, self.detail]),
                                       ["fk-review-one"])
        self.tabs = widgets.Tab(children=[detail_box, widgets.VBox([self.across]), widgets.VBox([self.rounds])])
        self.tabs.set_title(0, t("One workshop"))
        self.tabs.set_title(1, t("Across workshops"))
        self.tabs.set_title(2, t("Rounds by city"))
        self.tabs.add_class("fk-review-tabs")

        programmes = programme_link_html(t, ctx.db, self.keys)  # organiser keys: the programme view too
        side = [theme.html(programmes), self.refresh_button] if programmes else [self.refresh_button]
        self.lang_switch = LanguageSwitch(t, first=None, on_pick=self.switch_language)  # or ?lang=pl
        side.insert(0, self.lang_switch.root)
        header = theme.header_box(t("Workshop review"), t("Outputs of every session, across cities and rounds"),
                                  side=side)
        filter_box = theme.panel([
            theme.html(report.tag("h2", t("Workshops"), "fk-panel-title")),
            theme.add_classes(widgets.Box(self.filters), ["fk-review-filters"]),
            self.count, self.listing], classes=["fk-review-panel"])
        self.root = theme.app_root([header, self.notice, filter_box, self.tabs], role=self.role,
                                   classes=["fk-review"])
        self.page = self.root  # the box on the screen, whichever language built its children
        wanted = ctx.query.get("code", "").strip().upper()
        self._apply(select=wanted or None)

    def switch_language(self, language: str) -> None:
        """Show the review in ``language``: built again from the store, keeping the filters, the
        workshop picked and the tab open."""
        fresh = ReviewApp(replace(self.ctx, t=translator(language)), keys=self.keys)
        for mine, theirs in zip(self.filters, fresh.filters):
            theirs.value = mine.value
        if self.pick.value in [value for _label, value in fresh.pick.options]:
            fresh.pick.value = self.pick.value
        fresh.tabs.selected_index = self.tabs.selected_index
        fresh.page = self.page
        theme.replace_children(self.page, fresh.root.children)  # this language's widgets close

    # --- filtering -------------------------------------------------------------------------

    def _fill_filter_options(self) -> None:
        t, e = self.t, self.entries
        for widget, values in ((self.f_programme, [x.programme for x in e]),
                               (self.f_city, [x.workshop.city for x in e]),
                               (self.f_country, [x.workshop.country for x in e]),
                               (self.f_round, [x.workshop.round for x in e]),
                               (self.f_theme, [th for x in e for th in x.themes])):
            current = widget.value
            widget.options = _options(t, values)
            widget.value = current if current in [v for _, v in widget.options] else ALL

    def visible(self) -> list[Entry]:
        """The entries that pass every filter."""
        def keep(x: Entry) -> bool:
            w = x.workshop
            return ((not self.f_programme.value or x.programme == self.f_programme.value)
                    and (not self.f_city.value or w.city == self.f_city.value)
                    and (not self.f_country.value or w.country == self.f_country.value)
                    and (not self.f_round.value or str(w.round) == self.f_round.value)
                    and (not self.f_theme.value or self.f_theme.value in x.themes)
                    and (self.f_from.value is None or (w.date is not None and w.date >= self.f_from.value))
                    and (self.f_to.value is None or (w.date is not None and w.date <= self.f_to.value)))
        return [x for x in self.entries if keep(x)]

    def _on_filter(self, _change: dict) -> None:
        guarded(self.notice, self._apply)

    def _on_pick(self, _change: dict) -> None:
        guarded(self.notice, self._render_detail)

    def _label(self, w: Workshop) -> str:
        return " · ".join(x for x in (w.city, self.t("Round {n}").format(n=w.round), w.title)) + f" ({w.code})"

    def _apply(self, select: str | None = None) -> None:
        t = self.t
        shown = self.visible()
        count = t("{n} of {total} workshops shown").format(n=len(shown), total=len(self.entries))
        self.count.value = report.tag("p", count, "fk-help")
        self.listing.value = self._listing_html(shown)
        keep = select or self.pick.value
        options = [(self._label(x.workshop), x.workshop.code) for x in shown]
        self.pick.unobserve(self._on_pick, names="value")
        try:
            self.pick.options = options
            codes = [c for _, c in options]
            self.pick.value = keep if keep in codes else (codes[0] if codes else None)
        finally:
            self.pick.observe(self._on_pick, names="value")
        self._render_detail()
        self.across.value = across_html(self.t, shown, self._all_ideas())
        self.rounds.value = rounds_html(self.t, self.ctx.db, shown)

    def reload(self) -> str:
        """Read every workshop again from the store (new sessions, late feedback, imports)."""
        workshops = accessible_workshops(self.ctx.db, self.keys)
        self.entries = load_entries(self.ctx.db, workshops)
        self._fill_filter_options()
        self._apply()
        return self.t.ngettext("Reloaded {n} workshop.", "Reloaded {n} workshops.", len(self.entries)).format(n=len(self.entries))

    # --- rendering -------------------------------------------------------------------------

    def entry(self, code: str | None) -> Entry | None:
        return next((x for x in self.entries if x.workshop.code == code), None)

    def _listing_html(self, shown: Sequence[Entry]) -> str:
        t = self.t
        if not shown:
            return theme.empty_html(t("No workshop matches these filters."))
        head = "".join(f"<th{NUM if n else ''}>{esc(h)}</th>" for h, n in (
            (t("Code"), 0), (t("Workshop"), 0), (t("City"), 0), (t("Country"), 0), (t("Round"), 1), (t("Date"), 0),
            (t("Programme"), 0), (t("Participants"), 1), (t("Ideas"), 1), (t("Votes"), 1)))
        rows = []
        for x in shown:
            w, r = x.workshop, x.row
            cells = [(w.code, 0), (w.title, 0), (w.city, 0), (w.country, 0), (w.round, 1),
                     (w.date.isoformat() if w.date else "", 0), (x.programme, 0), (r["participants"], 1),
                     (r["ideas"], 1), (r["votes"], 1)]
            rows.append("<tr>" + "".join(f"<td{NUM if n else ''}>{esc(v)}</td>" for v, n in cells)
                        + "</tr>")
        return f'<div class="fk-doc"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'

    def _render_detail(self) -> None:
        t = self.t
        x = self.entry(self.pick.value)
        if x is None:
            self.top.value = self.challenge.value = self.legend.value = ""
            self.fmap.show([])
            self.detail.value = theme.empty_html(t("No workshop matches these filters."))
            return
        w, tables = x.workshop, x.tables
        place = place_name(w.city, w.country, t.language)
        kicker = " · ".join(p for p in (x.programme, t("Round {n}").format(n=w.round),
                                          w.date.isoformat() if w.date else "", w.code) if p)
        head = (f'<header class="fk-report-head"><div class="fk-report-kicker">{esc(kicker)}</div>'
                f'<h1>{esc(w.title)}</h1><div class="fk-muted">{esc(place)}</div></header>')
        self.top.value = (f'<div class="fk-doc" data-workshop="{esc(w.code)}">{head}'
                          f"{report.summary_html(t, x.row)}</div>")
        self.challenge.value = f'<div class="fk-doc">{report.challenge_html(t, tables, with_map=False)}</div>'
        legend = report.features_legend_html(t, tables["map_features"], numbered=False)
        self.legend.value = f'<div class="fk-doc">{legend}</div>'
        # The map is the challenge step's own (ipyleaflet); tiles are optional, the features always show.
        features = store.list_features(self.ctx.db, w.id)
        centre, zoom = map_view(w.lat, w.lon, bounds(f.geometry for f in features), width=1000, height=420)
        self.fmap.map.center, self.fmap.map.zoom = list(centre), zoom
        self.fmap.show(features)
        from facilitation.outputs.report_groups import groups_html  # each group's figures (issue 22)

        by_group = groups_html(t, tables)
        sections = [report.ideas_html(t, tables, full_list=True), self._similar_html(w.code),
                    f'<div class="fk-review-groups">{by_group}</div>' if by_group else "",
                    report.scenarios_html(t, tables), report.stakeholders_html(t, tables),
                    self._scoring_html(x), report.feedback_html(t, tables)]
        self.detail.value = (f'<div class="fk-doc fk-review-doc" data-workshop="{esc(w.code)}">'
                             + '<div style="display:grid;gap:16px">' + "".join(sections) + "</div></div>")

    def _scoring_html(self, x: Entry) -> str:
        """The report's scoring section plus the spread per item (who disagrees on what)."""
        t = self.t
        html = report.scoring_html(t, x.tables)
        rows = x.tables["results"]
        if not rows:
            return html
        table = ("<table>" + report.thead((t("Item"), False), (t("Rank"), True), (t("Score"), True),
                                          (t("Raters"), True), (t("Spread"), True)) + "<tbody>"
                 + "".join(f'<tr><td>{esc(r["item"])}</td><td class="fk-n">{esc(r["rank"])}</td>'
                           f'<td class="fk-n">{esc("" if r["score"] is None else round(100 * r["score"]))}</td>'
                           f'<td class="fk-n">{esc(r["raters"])}</td>'
                           f'<td class="fk-n">{esc(_fixed(r["spread"]))}</td></tr>'
                           for r in sorted(rows, key=lambda r: (r["item_kind"], r["rank"])))
                 + "</tbody></table>")
        return html.replace("</section>", table + "</section>", 1) if html.endswith("</section>") else html

    def _all_ideas(self) -> list[dict[str, Any]]:
        return [{**i, "_city": x.workshop.city} for x in self.entries for i in x.tables["ideas"]]

    def _similar_html(self, code: str) -> str:
        t = self.t
        matches = similar_ideas(self._all_ideas(), only_workshop=code, limit=8)
        body = [report.open_section("similar", t("Similar ideas elsewhere"), "fk-review-similar")]
        if not matches:
            body.append(report.tag("p", t("No similar ideas in the other workshops yet."), "fk-muted"))
        else:
            body.append(matches_table(t, matches))
        return "".join(body) + "</section>"

    # --- page lifecycle ----------------------------------------------------------------------

    def start(self) -> bool:
        """The review is a snapshot (Reload reads again): no live feed to start."""
        return False

    def close(self) -> None:
        theme.close_tree(self.root)  # the map with it, after the panel that lists it
