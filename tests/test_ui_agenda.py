"""Issue 24, the agenda editor without a browser: pick any kind, fill its settings, insert it in the
middle with a start time, edit its settings later; refusals keep what was typed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from typing import Any

import ipywidgets as widgets
import pytest
from fixtures_ui import context
from widgets import find

from facilitation import store
from facilitation.domain import step_settings as checks
from facilitation.domain.errors import InvalidValue
from facilitation.domain.steps import REGISTRY
from facilitation.ui.setup import AgendaEditor
from facilitation.ui.setup import step_settings as editors


def check_demo(raw: Mapping[str, Any]) -> dict[str, Any]:
    question = raw.get("question")
    if not isinstance(question, str) or not question.strip():
        raise InvalidValue("question", "must be written.")
    return {"question": question.strip()}


class DemoEditor:
    """A kind's settings editor as the contract asks: ``Editor(t, settings)``, ``.root``, ``.value()``."""

    def __init__(self, t, settings: dict) -> None:
        self.question = widgets.Text(value=settings.get("question", ""), description=t("Question"),
                                     _dom_classes=("fk-demo-question",))
        self.root = widgets.VBox([self.question])

    def value(self) -> dict:
        return {"question": self.question.value}


@pytest.fixture
def demo_kind(monkeypatch):
    """The vote step given settings and a settings editor (both resolved from "module:name" text)."""
    monkeypatch.setitem(checks.SETTINGS_CHECKS, "vote", f"{__name__}:check_demo")
    monkeypatch.setitem(editors.EDITORS, "vote", f"{__name__}:DemoEditor")
    return "vote"


def editor(workshop, lang: str = "en") -> AgendaEditor:
    return AgendaEditor(context(workshop.db, workshop.code, lang=lang), workshop.key)


def agenda(workshop):
    return store.agenda(workshop.db, workshop.id)


def test_the_kind_picker_offers_every_registered_kind_translated(workshop):
    ed = editor(workshop, lang="pl")
    pick = find(ed.root, "fk-agenda-kind")[0]
    assert pick is ed.step_pick and [name for _label, name in pick.options] == [s.name for s in REGISTRY]
    labels = dict((name, label) for label, name in pick.options)
    assert labels["brainstorm"] == "Burza mózgów" and labels["vote"] != "Vote"


def test_a_new_step_goes_before_thank_you_by_default(workshop):
    ed = editor(workshop)
    items = agenda(workshop)
    assert items[-1].step == "closed"
    assert ed.position_pick.value == len(items) - 1
    ed.step_pick.value = "feedback"
    find(ed.root, "fk-agenda-add")[0].click()
    after = agenda(workshop)
    assert [i.step for i in after[-2:]] == ["feedback", "closed"]
    assert "fk-notice-ok" in ed.notice.value


def test_pick_a_kind_fill_its_settings_and_insert_it_in_the_middle(workshop, demo_kind):
    ed = editor(workshop)
    assert not find(ed.root, "fk-demo-question")  # brainstorm has no settings editor
    ed.step_pick.value = demo_kind
    question = find(ed.root, "fk-agenda-new-settings")[0]
    assert find(question, "fk-demo-question")
    find(question, "fk-demo-question")[0].value = "Which square first?"
    ed.position_pick.value = 2  # after step 2
    find(ed.root, "fk-agenda-new-start")[0].value = "10:15"
    find(ed.root, "fk-agenda-add")[0].click()
    assert "fk-notice-ok" in ed.notice.value, ed.notice.value
    items = agenda(workshop)
    assert (items[2].step, items[2].settings, items[2].starts_at) == ("vote", {"question": "Which square first?"},
                                                                      "10:15")
    row = find(ed.root, "fk-agenda-item")[2]
    assert find(row, "fk-agenda-start")[0].value == "10:15"
    assert "10:15" in find(row, "fk-agenda-label")[0].value
    assert find(ed.root, "fk-agenda-new-start")[0].value == ""  # emptied after the success


def test_a_refused_new_step_keeps_what_was_typed(workshop, demo_kind):
    ed = editor(workshop)
    n = len(agenda(workshop))
    ed.step_pick.value = demo_kind
    find(ed.root, "fk-agenda-new-start")[0].value = "25:99"
    find(ed.root, "fk-demo-question")[0].value = "Kept"
    find(ed.root, "fk-agenda-add")[0].click()
    assert "fk-notice-error" in ed.notice.value and len(agenda(workshop)) == n
    assert find(ed.root, "fk-agenda-new-start")[0].value == "25:99"
    assert find(ed.root, "fk-demo-question")[0].value == "Kept"
    find(ed.root, "fk-agenda-new-start")[0].value = "09:00"
    find(ed.root, "fk-demo-question")[0].value = ""  # the kind refuses an empty question
    find(ed.root, "fk-agenda-add")[0].click()
    assert "fk-notice-error" in ed.notice.value and len(agenda(workshop)) == n


def test_edit_a_steps_settings_and_start_time_later(workshop, demo_kind):
    store.add_agenda_item(workshop.db, workshop.code, workshop.key, step=demo_kind, position=1,
                          settings={"question": "First"})
    ed = editor(workshop)
    rows = find(ed.root, "fk-agenda-item")
    opener = find(rows[1], "fk-agenda-settings-open")[0]
    assert "fk-hidden" not in opener._dom_classes
    assert "fk-hidden" in find(rows[2], "fk-agenda-settings-open")[0]._dom_classes  # the welcome step has none
    opener.click()
    field = find(rows[1], "fk-demo-question")[0]
    assert field.value == "First"
    field.value = "Second"
    find(rows[1], "fk-agenda-settings-save")[0].click()
    assert "fk-notice-ok" in ed.notice.value
    assert agenda(workshop)[1].settings == {"question": "Second"}
    assert not find(rows[1], "fk-demo-question")  # closed after saving
    find(rows[1], "fk-agenda-settings-open")[0].click()
    find(rows[1], "fk-demo-question")[0].value = ""
    find(rows[1], "fk-agenda-settings-save")[0].click()
    assert "fk-notice-error" in ed.notice.value
    assert agenda(workshop)[1].settings == {"question": "Second"}
    assert find(rows[1], "fk-demo-question")[0].value == ""  # still open with what was typed
    find(rows[1], "fk-agenda-start")[0].value = "13:30"
    assert agenda(workshop)[1].starts_at == "13:30"
    find(rows[1], "fk-agenda-start")[0].value = "later"
    assert "fk-notice-error" in ed.notice.value and agenda(workshop)[1].starts_at == "13:30"


def test_a_forged_position_is_refused(workshop):
    ed = editor(workshop)
    n = len(agenda(workshop))
    assert not ed.add("vote", n + 5)
    assert not ed.add("vote", -1)
    assert "fk-notice-error" in ed.notice.value and len(agenda(workshop)) == n


def test_a_real_poll_set_up_in_the_editor_and_inserted_in_the_middle(workshop):
    """The poll kind's own settings editor (EDITORS) inside the agenda editor, checked by the poll's store check."""
    ed = editor(workshop)
    ed.step_pick.value = "poll"
    box = find(ed.root, "fk-agenda-new-settings")[0]
    find(box, "fk-poll-question")[0].value = "Which street first?"
    while len(find(box, "fk-poll-option")) < 2:
        find(box, "fk-poll-option-add")[0].click()
    for field, text in zip(find(box, "fk-poll-option")[:2], ("Main street", "River street"), strict=True):
        field.value = text
    ed.position_pick.value = 3
    find(ed.root, "fk-agenda-add")[0].click()
    assert "fk-notice-ok" in ed.notice.value, ed.notice.value
    poll = agenda(workshop)[3]
    assert poll.step == "poll" and poll.settings["question"] == "Which street first?"
    assert poll.settings["options"][:2] == ["Main street", "River street"]
    row = find(ed.root, "fk-agenda-item")[3]
    find(row, "fk-agenda-settings-open")[0].click()
    assert find(row, "fk-poll-question")[0].value == "Which street first?"  # opened with the stored settings


def test_the_organiser_picker_offers_the_templates_in_the_pages_language(db):
    from facilitation.ui.pages.organiser.create_form import CreateForm

    key = store.issue_organiser_key(db, label="test")
    form = CreateForm(context(db, "", lang="pl", query={"lang": "pl"}), key, on_created=lambda _c: None)
    offered = {name: label for label, name in form.template.options}
    for name in ("partner-meeting", "peer-learning-session", "technical-assistance", "local-seminar",
                 "expert-workshop-1", "expert-workshop-2", "city-two-rounds"):
        assert name in offered
    assert offered["partner-meeting"] == "Spotkanie partnerów"
    form.title.value, form.city.value, form.language.value = "Spotkanie", "Kraków", "pl"
    form.template.value = "partner-meeting"
    created = form.create()
    assert created is not None
    steps = [a.step for a in store.agenda(db, created.workshop.id)]
    assert "decisions" in steps and "brainstorm" not in steps


def test_the_consoles_plan_and_the_participants_plan_show_start_times(workshop):
    from datetime import datetime

    from facilitation.i18n import translator
    from facilitation.ui.pages.console.control import agenda_html
    from facilitation.ui.steps.waiting import WaitingView

    store.update_agenda_item(workshop.db, workshop.code, workshop.key, 1, starts_at="09:40")
    items = agenda(workshop)
    console = agenda_html(translator("en"), items, 0, datetime.now(UTC).replace(tzinfo=None))
    assert f"09:40 · {items[1].minutes} min" in console
    plan = WaitingView(context(workshop.db, workshop.code), role="participant").agenda.value
    assert "09:40" in plan
