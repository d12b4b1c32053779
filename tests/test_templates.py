"""Workshop templates: the shipped ones load; a broken one names file, field and problem."""

from __future__ import annotations

import csv

import pytest

from facilitation import store
from facilitation.domain.errors import TemplateError
from facilitation.domain.steps import STEPS
from facilitation.store import agendas as templates

SEVEN = ("partner-meeting", "peer-learning-session", "technical-assistance", "local-seminar",
         "expert-workshop-1", "expert-workshop-2", "city-workshop")


def test_shipped_templates_load():
    names = templates.available()
    assert "city-two-rounds" in names
    for name in names:
        tpl = templates.load(name)
        assert tpl.agenda and tpl.vote_budget >= 1


def test_two_round_workshop_follows_the_method():
    tpl = templates.load("city-two-rounds")
    steps = [a.step for a in tpl.agenda]
    assert steps.index("challenge") < steps.index("brainstorm") < steps.index("vote") < steps.index(
        "scenarios") < steps.index("stakeholders") < steps.index("scoring") < steps.index("feedback")
    assert {c.direction for c in tpl.criteria} == {"higher", "lower"}
    assert "nature-based solutions" in tpl.themes


@pytest.mark.parametrize(
    "text, field, problem",
    [
        ("name: x\nagenda: []\n", "agenda", "must be a list of steps"),
        ("agenda:\n  - {step: brainstorm, minutes: 5}\n", "name", "is missing"),
        ("name: x\nagenda:\n  - {step: lunch, minutes: 5}\n", "agenda[0].step", "must be one of"),
        ("name: x\nagenda:\n  - {step: vote, minutes: -5}\n", "agenda[0].minutes", "0 to 600"),
        ("name: x\nvote_budget: 0\nagenda:\n  - {step: vote, minutes: 5}\n", "vote_budget", "1 to 20"),
        ("name: x\nagenda:\n  - {step: vote, minutes: 5}\ncriteria:\n  - {name: Cost, direction: down}\n",
         "criteria[0] (criterion direction)", "higher, lower"),
        ("name: x\nagendas: []\n", "agendas", "is not a template field"),
        ("name: x\nagenda: [\n", "", "not valid YAML at line"),
        ("name: x\nagenda:\n  - {step: vote, minutes: 5, starts_at: '25:00'}\n", "agenda[0].time", "time of day"),
        ("name: x\nagenda:\n  - {step: vote, minutes: 5, setting: {}}\n", "agenda[0].setting", "not a field of a step"),
        ("name: x\nagenda:\n  - {step: feedback, minutes: 5, settings: {a: 1}}\n",
         "agenda[0].settings (step settings)", "has no settings"),
        ("name: x\nagenda:\n  - {step: poll, minutes: 5, settings: {question: Q, kind: single, options: [a]}}\n",
         "agenda[0].settings (poll options)", "between 2 and"),
    ],
)
def test_broken_template_names_file_field_and_problem(tmp_path, text, field, problem):
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(TemplateError) as info:
        templates.load(path)
    message = str(info.value)
    assert "broken.yaml" in message
    assert f"field {field}" in message if field else True
    assert problem in message


def test_unknown_template_lists_available():
    with pytest.raises(TemplateError, match="city-two-rounds"):
        templates.load("no-such-template")


# --- issue 24: a template for every kind of session in the seeds -------------------------------


@pytest.mark.parametrize("name", SEVEN)
@pytest.mark.parametrize("language", ["en", "pl"])
def test_the_seven_templates_load_in_both_languages(name, language):
    assert name in templates.known_names()
    tpl = templates.load(name, language)
    english = templates.load(name, "en")
    assert [a.step for a in tpl.agenda] == [a.step for a in english.agenda]
    assert tpl.agenda[0].step == "waiting" and tpl.agenda[-1].step == "closed"
    assert all(a.title for a in tpl.agenda) and set(a.step for a in tpl.agenda) <= set(STEPS)
    if language == "pl":  # every title is translated (no English left in a Polish agenda)
        assert tpl.title != english.title
        changed = [a.title != e.title for a, e in zip(tpl.agenda, english.agenda, strict=True)]
        assert all(changed), [a.title for a, c in zip(tpl.agenda, changed, strict=True) if not c]


def test_the_templates_follow_their_seeds():
    def kinds(name):
        return [a.step for a in templates.load(name).agenda]

    meeting = kinds("partner-meeting")
    assert "brainstorm" not in meeting and "vote" not in meeting
    assert meeting.index("discussion") < meeting.index("presentation") < meeting.index("decisions")
    peer = kinds("peer-learning-session")
    assert peer.index("presentation") < peer.index("questions") < peer.index("poll") < peer.index("discussion")
    polls = [a.settings["kind"] for a in templates.load("peer-learning-session").agenda if a.step == "poll"]
    assert set(polls) == {"single", "words"}
    assistance = kinds("technical-assistance")
    assert assistance.count("presentation") == 2 and assistance.index("questions") < assistance.index(
        "discussion") < assistance.index("decisions")
    seminar = kinds("local-seminar")
    assert seminar.count("discussion") == 2 and "presentation" in seminar and "decisions" in seminar
    assert kinds("expert-workshop-1")[1:4] == ["challenge", "brainstorm", "vote"]
    round2 = kinds("expert-workshop-2")
    assert round2.index("presentation") < round2.index("scenarios") < round2.index("stakeholders") < round2.index(
        "scoring")
    assert templates.load("expert-workshop-2").criteria
    assert templates.load("city-workshop") == templates.load("city-two-rounds")  # today's, by either name


def test_settings_and_start_times_in_a_template_are_read_per_language(tmp_path):
    path = tmp_path / "timed.yaml"
    path.write_text(
        "name: timed\nagenda:\n"
        "  - {step: poll, minutes: 5, starts_at: '09:30', settings: {question: {en: 'Which?', pl: 'Który?'},"
        " kind: single, options: [{en: Trees, pl: Drzewa}, {en: Bikes, pl: Rowery}]}}\n", encoding="utf-8")
    poll = templates.load(path, "pl").agenda[0]
    assert poll.starts_at == "09:30"
    assert (poll.settings["question"], poll.settings["options"]) == ("Który?", ["Drzewa", "Rowery"])
    assert templates.load(path, "en").agenda[0].settings["options"] == ["Trees", "Bikes"]


def test_a_polish_partner_meeting_has_no_brainstorm_and_exports_its_decisions(db, tmp_path):
    """Decisions go to the workshop export's decisions.csv; action items to its programme's actions.csv."""
    from fixtures_ui import context, set_step

    from facilitation.outputs import export
    from facilitation.outputs.programme_export import export_programme
    from facilitation.ui.steps.waiting import WaitingView

    created = store.create_workshop(db, title="Spotkanie konsorcjum", city="Kraków", language="pl",
                                    template="partner-meeting", programme="MULTIPLY")
    w, key = created.workshop, created.key
    agenda = store.agenda(db, w.id)
    assert "brainstorm" not in [a.step for a in agenda]
    plan = WaitingView(context(db, w.code, lang="pl"), role="participant")
    shown = plan.agenda.value
    assert "Runda postępów" in shown and "Burza mózgów" not in shown and "Głosowanie" not in shown
    set_step(db, w.code, key, "decisions")
    store.add_decision(db, w.code, key, "Następne spotkanie w Grazu")
    store.add_action(db, w.code, key, text="Przygotować plan wymiany", owner="Anna", due="2026-06-30")

    def rows(path):
        with path.open(encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))

    written = {p.name: p for p in export.export_workshop(db, w.code, tmp_path / "workshop")}
    assert [r["text"] for r in rows(written["decisions.csv"])] == ["Następne spotkanie w Grazu"]
    programme = {p.name: p for p in export_programme(db, "MULTIPLY", tmp_path / "programme")}
    assert [(r["text"], r["owner"]) for r in rows(programme["actions.csv"])] == [("Przygotować plan wymiany", "Anna")]


def test_the_demo_programmes_run_the_agenda_of_each_kind_of_session(db):
    from facilitation.demo_programmes import load_demo_programmes

    load_demo_programmes(db)
    by_template: dict[str, list[str]] = {}
    for w in store.list_workshops(db):
        by_template.setdefault(w.template, [a.step for a in store.agenda(db, w.id)])
    assert {"partner-meeting", "peer-learning-session", "technical-assistance", "local-seminar"} <= set(by_template)
    assert "brainstorm" not in by_template["partner-meeting"]
    assert "questions" in by_template["peer-learning-session"] and "poll" in by_template["peer-learning-session"]
    meeting = next(w for w in store.list_workshops(db) if w.template == "partner-meeting")
    assert meeting.language == "pl" and store.agenda(db, meeting.id)[1].title == "Runda postępów"
