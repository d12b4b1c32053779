"""The practice library on the pages (issue 22, point 7), without a browser: the form on the programme
page (organiser) and in the scenarios step (facilitator, expert), gathering with duplicates merged,
search across every workshop, and the practice picker that always answers."""

from __future__ import annotations

from conftest import TOKEN_A
from fixtures_ui import context
from widgets import find, text

from facilitation import store
from facilitation.ui.pages.programme.practices import PracticeLibrary
from facilitation.ui.setup.practice_form import PracticeForm
from facilitation.ui.steps.scenarios.practice_pick import PracticePicker
from facilitation.ui.steps.scenarios.view import ScenariosView

SERIES = "Green cities"


def _org(db) -> str:  # noqa: ANN001
    key = store.issue_organiser_key(db, "tests")
    store.create_programme(db, key, name=SERIES)
    return key


def _fill(form: PracticeForm, **values: str) -> None:
    for name, value in values.items():
        getattr(form, name).value = value


def test_the_organiser_adds_and_edits_a_practice_and_nothing_typed_is_lost(workshop) -> None:
    org = _org(workshop.db)
    library = PracticeLibrary(workshop.db, context(workshop.db, "").t, organiser_key=org, programme=SERIES)
    form = library.form
    assert find(library.root, "fk-practice-form") and find(library.root, "fk-practice-save")
    _fill(form, title="Rain gardens", city="Gdańsk", country="Poland", year="20x1", themes="water, heat",
          description="Forty gardens in two years.", link="https://gdansk.pl/")
    form.save_button.click()
    assert "fk-notice-error" in form.notice.value and "year" in text(form.notice.value).lower()
    assert form.title.value == "Rain gardens" and form.description.value == "Forty gardens in two years."
    form.year.value = "2021"
    form.save_button.click()
    assert "fk-notice-ok" in form.notice.value, form.notice.value
    saved = store.search_practices(workshop.db, "rain")[0]
    assert (saved.year, saved.themes, saved.description) == (2021, ("water", "heat"), "Forty gardens in two years.")
    assert form.title.value == "" and form.pick.value == 0  # emptied: the next save is a new practice
    assert "Rain gardens" in text(library.results.value) and "2021" in text(library.results.value)
    assert ("heat", "heat") in list(library.theme.options)
    # Edit it: the form loads the practice, and saving changes it (not a second one).
    form.pick.value = saved.id
    assert (form.title.value, form.year.value, form.themes.value) == ("Rain gardens", "2021", "water, heat")
    form.lesson.value = "Start with one street."
    form.save_button.click()
    assert "fk-notice-ok" in form.notice.value
    assert [(p.title, p.lesson) for p in store.search_practices(workshop.db)] == [
        ("Rain gardens", "Start with one street.")]
    # A second practice with the same title and city is refused with a sentence, the fields kept.
    form.start_new()
    _fill(form, title="rain gardens", city="Gdansk")
    form.save_button.click()
    assert "already has" in text(form.notice.value) and form.title.value == "rain gardens"


def test_gathering_merges_and_search_reaches_every_workshop(workshop) -> None:
    org = _org(workshop.db)
    store.assign_workshop(workshop.db, org, workshop.code, programme=SERIES)
    case = {"title": "Temporary street changes", "city": "Leuven"}
    store.save_scenario(workshop.db, workshop.code, workshop.key, name="A", case_studies=[case])
    store.save_scenario(workshop.db, workshop.code, workshop.key, name="B",
                        case_studies=[{"title": "Temporary street-changes", "city": "leuven"}])
    lone = store.create_workshop(workshop.db, title="No programme", city="Umea")
    store.save_scenario(workshop.db, lone.workshop.code, lone.key, name="Winter",
                        case_studies=[{"title": "Snow-cleared cycle lanes", "city": "Umea"}])
    library = PracticeLibrary(workshop.db, context(workshop.db, "").t, organiser_key=org, programme=SERIES)
    assert "Snow-cleared cycle lanes" in text(library.results.value)  # a workshop outside any programme
    assert text(library.results.value).count("In a workshop") == 2  # neither gathered yet
    library.gather.click()
    assert "fk-notice-ok" in library.notice.value and "1 practice added" in text(library.notice.value)
    assert [p.title for p in store.search_practices(workshop.db)] == ["Temporary street changes"]
    library.gather.click()
    assert "Nothing new" in text(library.notice.value)


def test_the_picker_chooses_the_first_match_and_always_answers(workshop) -> None:
    org = _org(workshop.db)
    store.add_practice(workshop.db, org, title="Green roofs", city="Vienna", lesson="Subsidise them.")
    store.add_practice(workshop.db, org, title="Rain gardens", city="Gdansk")
    picked = []
    picker = PracticePicker(context(workshop.db, "").t, workshop.db, on_pick=picked.append)
    assert picker.choice.value == 0 and not picker.add_button.disabled  # the first result, chosen
    picker.add_button.click()
    assert [c.title for c in picked] == ["Green roofs"] and "fk-notice-ok" in picker.notice.value
    picker.search.value = "rain"
    assert picker.choice.value == 0 and picker.choice.label == "Rain gardens (Gdansk)"
    picker.search.value = "nothing like this"
    assert picker.add_button.disabled and "No practice matches" in text(picker.count.value)
    picker.add_button.click()  # a forged click on the disabled button
    assert "fk-notice-error" in picker.notice.value and len(picked) == 1
    picker.search.value = ""
    picker.choice.value = 1
    picker.search.value = "e"  # the chosen practice still matches: it stays chosen
    assert picker.choice.label == "Rain gardens (Gdansk)"


def test_the_expert_adds_a_practice_from_the_scenarios_step(workshop) -> None:
    expert = store.issue_role_key(workshop.db, workshop.code, workshop.key, "expert").key
    view = ScenariosView(context(workshop.db, workshop.code, key=expert), role="facilitator")
    form = view.practice_form
    assert "fk-hidden" in form.form._dom_classes  # folded until asked for
    form.open_button.click()
    assert "fk-hidden" not in form.form._dom_classes
    _fill(form, title="Pocket parks", city="Leuven", themes="green")
    form.save_button.click()
    assert "fk-notice-ok" in form.notice.value, form.notice.value
    practice = store.search_practices(workshop.db, "pocket")[0]
    assert practice.source_workshop_id == workshop.id
    assert view.practices.choice.label == "Pocket parks (Leuven)"  # the picker sees it at once
    view.practices.add_button.click()
    assert [row.value()["title"] for row in view.cases.children] == ["Pocket parks"]
    # A participant's page has no key: the same form there is refused by the store.
    store.join(workshop.db, workshop.code, TOKEN_A)
    forged = PracticeForm(workshop.db, view.t, key=TOKEN_A, code=workshop.code)
    _fill(forged, title="Forged", city="X")
    forged.save_button.click()
    assert "fk-notice-error" in forged.notice.value
    assert [p.title for p in store.search_practices(workshop.db)] == ["Pocket parks"]
