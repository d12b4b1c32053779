"""The feedback step: participants rate the session and its steps; organisers read the results.

- participant: ``fk-feedback-rating`` (1–5 for the session), an optional 1–5 rating per step
  the workshop had, two ``fk-feedback-comment`` fields ("what will you take home", "what
  should change") and ``fk-feedback-submit``; the feedback can be revised.
- facilitator and presenter: the summary (responses, mean rating and its spread, per-step
  means, the comments). Comments are shown without names.
"""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.groups import group_label
from facilitation.domain.records import MAX_TEXT
from facilitation.store import FeedbackSummary
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.markup import el
from facilitation.ui.kit.numbers import number
from facilitation.ui.kit.shell import step_name

RATINGS = (1, 2, 3, 4, 5)


def _rating_buttons(t, classes: list[str]) -> widgets.ToggleButtons:
    buttons = widgets.ToggleButtons(options=[(str(n), n) for n in RATINGS], value=None,
                                    tooltips=[t("1 = poor"), t("2"), t("3"), t("4"), t("5 = excellent")])
    buttons.style.button_width = "46px"
    theme.add_classes(buttons, ["fk-switch", *classes])
    return buttons


class FeedbackForm:
    """The participant's feedback form, filled again with what they sent before."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.t = t = ctx.t
        wid = ctx.workshop.id
        self.steps = store.rated_steps(ctx.db, wid)
        self.rating = _rating_buttons(t, ["fk-feedback-rating"])
        self.step_ratings: dict[str, widgets.ToggleButtons] = {}
        rows: list[widgets.Widget] = []
        for item in self.steps:
            buttons = _rating_buttons(t, ["fk-feedback-step-rating", f"fk-feedback-step-{item.step}"])
            self.step_ratings[item.step] = buttons
            label = widgets.HTML(f'<span class="fk-sc-crit">{esc(item.title or step_name(t, item.step))}</span>',
                                 layout=widgets.Layout(flex="1 1 200px"))
            row = widgets.HBox([label, buttons], layout=widgets.Layout(width="100%", align_items="center"))
            row.add_class("fk-score-row")
            rows.append(row)
        self.take_home = theme.field(widgets.Textarea(description=t("What will you take home?"),
                                                      placeholder=t("An idea, a contact, a method…")),
                                     classes=["fk-feedback-comment", "fk-feedback-takehome"])
        self.change = theme.field(widgets.Textarea(description=t("What should change next time?"),
                                                   placeholder=t("Timing, tools, the room…")),
                                  classes=["fk-feedback-comment", "fk-feedback-change"])
        self.submit = theme.button(t("Send feedback"), kind="primary", classes=["fk-feedback-submit"])
        self.submit.on_click(lambda _b: self.save())
        self.notice = Notice(t)
        scale = el("span", "fk-sc-muted", t("1 = poor · 5 = excellent"))
        session = theme.panel([widgets.HTML(el("div", "fk-panel-title", t("The session as a whole"))
                                            + '<p class="fk-sc-lead">' + esc(t("How useful was this workshop for you?"))
                                            + f' {scale}</p>'),
                               self.rating], classes=["fk-sc-card", "fk-feedback-session"])
        parts: list[widgets.Widget] = [session]
        if rows:
            parts.append(theme.panel([widgets.HTML(el("div", "fk-panel-title", t("Each step (optional)"))), *rows],
                                     classes=["fk-sc-card", "fk-feedback-steps"]))
        parts.append(theme.panel([self.take_home, self.change], classes=["fk-sc-card", "fk-feedback-comments"]))
        parts.append(theme.add_classes(widgets.HBox([self.submit]), ["fk-actions"]))
        parts.append(self.notice)
        self.root = widgets.VBox(parts, layout=widgets.Layout(width="100%"))
        self.root.add_class("fk-feedback-form")
        self._fill()

    def _fill(self) -> None:
        pid = self.ctx.participant_id
        if pid is None:
            p = store.participant_for_token(self.ctx.db, self.ctx.code, self.ctx.token)
            pid = self.ctx.participant_id = p.id if p else None
        saved = store.my_feedback(self.ctx.db, self.ctx.workshop.id, pid) if pid is not None else None
        if not saved:
            return
        self.rating.value = saved["rating"]
        for step, buttons in self.step_ratings.items():
            buttons.value = saved["step_ratings"].get(step)
        self.take_home.value = saved["take_home"]
        self.change.value = saved["change"]
        self.submit.description = self.t("Update feedback")

    def save(self) -> bool:
        t = self.t

        def action() -> str:
            if self.rating.value is None:
                return ""
            store.submit_feedback(
                self.ctx.db, self.ctx.code, self.ctx.token, rating=self.rating.value,
                step_ratings={s: b.value for s, b in self.step_ratings.items() if b.value is not None},
                take_home=self.take_home.value, change=self.change.value)
            self.submit.description = t("Update feedback")
            return t("Thank you! Your feedback is saved; you can still change it.")

        if self.rating.value is None:
            self.notice.error(t("Please rate the session from 1 to 5 first."))
            return False
        if len(self.take_home.value) > MAX_TEXT or len(self.change.value) > MAX_TEXT:
            self.notice.error(t("Please keep each answer under {n} characters.").format(n=MAX_TEXT))
            return False
        return guarded(self.notice, action)


def summary_html(summary: FeedbackSummary, t, language: str) -> str:
    """Ratings, per-step means and comments for the organisers (comments escaped, no names)."""
    mean = number(summary.mean_rating, 1, language) if summary.mean_rating is not None else "–"
    kpis = (f'<div class="fk-sc-kpis"><div class="fk-sc-kpi fk-feedback-responses"><b>{summary.responses}</b>'
            + el("span", "", t.ngettext("of {n} participant answered", "of {n} participants answered", summary.participants).format(n=summary.participants)) + '</div>'
            f'<div class="fk-sc-kpi fk-feedback-mean"><b>{esc(mean)}<small style="font-size:15px;color:#5a6577"> / 5</small></b>'
            + el("span", "", t("session rating (mean)")) + '</div></div>')
    peak = max(summary.distribution.values(), default=0) or 1
    dist = "".join(
        f'<div>{n} ★</div><div class="fk-sc-scorebar"><div style="width:{round(summary.distribution[n] / peak * 100)}%">'
        f'</div></div><div class="fk-sc-num fk-sc-share">{summary.distribution[n]}</div>' for n in reversed(RATINGS))
    steps = ""
    if summary.steps:
        rows = []
        for item in summary.steps:
            m = summary.step_means.get(item.step)
            width = 0 if m is None else round((m - 1) / 4 * 100)
            rows.append(f'<div>{esc(item.title or step_name(t, item.step))}</div><div class="fk-sc-scorebar">'
                        f'<div style="width:{width}%"></div></div><div class="fk-sc-num fk-sc-share">'
                        f'{esc(number(m, 1, language))}</div>')
        steps = (el("div", "fk-sc-kicker", t("Steps (mean of 1–5)"), style="margin-top:14px")
                 + f'<div class="fk-sc-stab">{"".join(rows)}</div>')

    def comments(title: str, texts: tuple[str, ...], css: str) -> str:
        body = "".join(f"<li>{esc(text)}</li>" for text in texts) or (
            el("li", "fk-sc-muted", t("Nothing yet."), style="background:none"))
        return (f'<div class="{css}" style="flex:1 1 300px;min-width:0"><div class="fk-sc-kicker">{esc(title)}</div>'
                f'<ul class="fk-sc-comments">{body}</ul></div>')

    take_home = comments(t("What people take home"), summary.take_home, "fk-feedback-takehome-list")
    change = comments(t("What should change"), summary.change, "fk-feedback-change-list")
    comment_cols = ('<div style="display:flex;gap:20px;flex-wrap:wrap;margin-top:16px">'
                    f'{take_home}{change}</div>')
    return (el("div", "fk-panel-title", t("Feedback")) + f'{kpis}'
            + el("div", "fk-sc-kicker", t("Session rating")) + f'<div class="fk-sc-stab">{dist}</div>'
            f'{steps}{comment_cols}')


class FeedbackView:
    """The feedback step for one page: ``role`` is participant, facilitator or presenter."""

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        self.ctx = ctx
        self.role = role
        self.t = ctx.t
        self.form: FeedbackForm | None = None
        self.summary: widgets.HTML | None = None
        if role == "participant":
            self.form = FeedbackForm(ctx)
            self.root = widgets.VBox([self.form.root], layout=widgets.Layout(width="100%"))
            self.root.add_class("fk-view-feedback")
        elif role in ("facilitator", "presenter"):
            workshop = ctx.workshop
            self.wid, self.language = workshop.id, workshop.language
            self.summary = widgets.HTML()
            self.summary.add_class("fk-feedback-summary")
            self.root = widgets.VBox([theme.panel([self.summary], classes=["fk-sc-card"])],
                                     layout=widgets.Layout(width="100%"))
            self.root.add_class(f"fk-feedback-{role}")
            self.refresh({"feedback"})
        else:
            raise ValueError(f"unknown role {role!r}")
        self.root.add_class("fk-sc")

    def refresh(self, topics: set[str]) -> None:
        """The organisers' summary follows new feedback; the participant's form is left as typed."""
        if self.summary is not None and topics & {"feedback", "participants", "groups"}:
            self.summary.value = (summary_html(store.feedback_summary(self.ctx.db, self.wid), self.t, self.language)
                                  + self._groups_html())

    def _groups_html(self) -> str:
        """With breakout groups: each group's answers and mean rating (``fk-feedback-groups``); "" without."""
        t = self.t
        per_group = store.feedback_by_group(self.ctx.db, self.wid)
        if not per_group:
            return ""
        groups = {g.id: g for g in store.list_groups(self.ctx.db, self.wid)}
        rows = []
        for fb in per_group:
            group = groups.get(fb.group_id)
            if group is None:
                continue
            label = group_label(group, t)
            name = " · ".join([label] + ([group.city] if group.city and group.city != label else []))
            answered = t.ngettext("{n} of {total} answered", "{n} of {total} answered", fb.members).format(
                n=fb.responses, total=fb.members)
            mean = number(fb.mean_rating, 1, self.language) if fb.mean_rating is not None else "–"
            rows.append(f'<div>{esc(name)}</div><div class="fk-sc-muted">{esc(answered)}</div>'
                        f'<div class="fk-sc-num fk-sc-share">{esc(mean)}</div>')
        return (el("div", "fk-sc-kicker", t("By group (mean of 1–5)"), style="margin-top:14px")
                + f'<div class="fk-sc-stab fk-feedback-groups">{"".join(rows)}</div>')

    def close(self) -> None:
        theme.close_tree(self.root)
