"""Issue 24, questions and presentation views without a browser: a participant asks, another upvotes,
the console marks it as being answered, the presenter shows it; the presentation shows its speaker
and offers its material; user text is escaped everywhere."""

from __future__ import annotations

import html

from fixtures_ui import facilitator, participant
from sample_files import PNG
from widgets import find, text

from facilitation import store
from facilitation.ui.steps.presentation import PresentationView
from facilitation.ui.steps.questions import QuestionsView

ANNA, BEN = "a" * 32, "b" * 32


def _open(room, step: str, **settings) -> None:
    items = store.add_agenda_item(room.db, room.code, room.key, step=step, settings=settings or None)
    store.set_phase(room.db, room.code, room.key, len(items) - 1)


def _cards(view) -> list[str]:
    return [html.unescape(text(find(card, "fk-question-main")[0].value))
            for card in find(view.root, "fk-question-card")]


def _votes(view) -> list[str]:
    return [text(w.value) for w in find(view.root, "fk-question-votes")]


def test_ask_upvote_answer_and_the_presenter_shows_it(workshop):
    anna, ben = participant(workshop, ANNA, "Anna"), participant(workshop, BEN, "Ben")
    _open(workshop, "questions")
    asker, voter = QuestionsView(anna), QuestionsView(ben)
    console, screen = QuestionsView(facilitator(workshop), role="facilitator"), QuestionsView(
        facilitator(workshop), role="presenter")
    assert "fk-view-questions" in asker.root._dom_classes
    field = find(asker.root, "fk-question-text")[0]
    field.value = "<b>How</b> is it funded?"
    find(asker.root, "fk-question-submit")[0].click()
    assert field.value == "" and "question is in" in asker.panel.notice.value
    for view in (voter, console, screen):
        view.refresh({"questions"})
    assert _cards(voter) == ["<b>How</b> is it funded? Anna"]  # escaped text, the author named
    assert "&lt;b&gt;" in find(voter.root, "fk-question-main")[0].value
    own = find(asker.root, "fk-question-upvote")[0]
    assert own.disabled  # one's own question
    find(voter.root, "fk-question-upvote")[0].click()
    assert _votes(voter) == ["1"] and find(voter.root, "fk-question-upvote")[0].description == "Upvoted"
    find(voter.root, "fk-question-upvote")[0].click()  # a second click takes it back
    assert _votes(voter) == ["0"]
    find(voter.root, "fk-question-upvote")[0].click()
    console.refresh({"questions"})
    assert _votes(console) == ["1"]
    find(console.root, "fk-question-answering")[0].click()
    assert store.answering_question(workshop.db, workshop.id).text == "<b>How</b> is it funded?"
    screen.refresh({"questions"})
    big = find(screen.root, "fk-question-screen")[0].value
    assert "fk-question-now" in big and "&lt;b&gt;How&lt;/b&gt; is it funded?" in big and "<b>How" not in big
    asker.refresh({"questions"})
    assert "Being answered" in _cards(asker)[0]
    find(console.root, "fk-question-answered")[0].click()
    screen.refresh({"questions"})
    assert "fk-question-now" not in find(screen.root, "fk-question-screen")[0].value
    find(console.root, "fk-question-hide")[0].click()
    voter.refresh({"questions"})
    assert _cards(voter) == [] and len(find(console.root, "fk-question-card")) == 1  # still on the console
    assert find(console.root, "fk-question-hide")[0].description == "Show"


def test_a_refused_question_keeps_its_text_and_says_why(workshop):
    anna = participant(workshop, ANNA, "Anna")
    view = QuestionsView(anna)  # the welcome step is open: no questions yet
    field = find(view.root, "fk-question-text")[0]
    field.value = "Too early?"
    find(view.root, "fk-question-submit")[0].click()
    assert field.value == "Too early?" and "fk-notice-error" in view.panel.notice.value
    assert store.list_questions(workshop.db, workshop.id) == []


def test_presentation_shows_the_speaker_offers_the_material_and_takes_questions(workshop, monkeypatch):
    material = store.add_material(workshop.db, workshop.code, workshop.key, filename="contract.png", data=PNG,
                                  title="Climate City Contract")
    _open(workshop, "presentation", speaker_name="Ewa <i>Nowak</i>", speaker_organisation="City of Gdansk",
          speaker_city="Gdansk", title="Our climate contract", material_id=material.id)
    anna = participant(workshop, ANNA, "Anna")
    view = PresentationView(anna)
    assert "fk-view-presentation" in view.root._dom_classes
    speaker = find(view.root, "fk-presentation-speaker")[0].value
    assert "Ewa &lt;i&gt;Nowak&lt;/i&gt;" in speaker and "City of Gdansk, Gdansk" in speaker
    assert "Our climate contract" in speaker
    links = find(view.root, "fk-presentation-material")[0]
    assert [i["filename"] for i in links.items] == ["contract.png"]
    sent = []
    monkeypatch.setattr(links, "send", lambda content, buffers=None: sent.append((content, buffers)))
    assert links.download(str(material.id)) and sent[0][1][0] == PNG  # with the participant's own token
    find(view.root, "fk-question-text")[0].value = "Which budget line?"
    find(view.root, "fk-question-submit")[0].click()
    asked = store.list_questions(workshop.db, workshop.id)
    assert [q.text for q in asked] == ["Which budget line?"]
    assert asked[0].agenda_id == store.current_step(workshop.db, store.get_workshop(workshop.db, workshop.code)).id
    screen = PresentationView(facilitator(workshop), role="presenter")
    assert "fk-presentation-big" in find(screen.root, "fk-presentation-speaker")[0].value
    store.mark_question(workshop.db, workshop.code, workshop.key, asked[0].id, "answering")
    screen.refresh({"questions"})
    assert "Which budget line?" in find(screen.root, "fk-question-screen")[0].value
    _open(workshop, "questions")  # the Q&A after the talk shows the talk's questions too
    qa = QuestionsView(participant(workshop, BEN, "Ben"))
    assert _cards(qa) == ["Which budget line? Anna Being answered"]


def test_a_removed_material_is_no_longer_offered(workshop):
    material = store.add_material(workshop.db, workshop.code, workshop.key, filename="x.png", data=PNG)
    _open(workshop, "presentation", speaker_name="Ewa", material_id=material.id)
    view = PresentationView(participant(workshop, ANNA, "Anna"))
    assert len(find(view.root, "fk-presentation-material")[0].items) == 1
    store.remove_material(workshop.db, workshop.code, workshop.key, material.id)
    view.refresh({"materials"})
    links = find(view.root, "fk-presentation-material")[0]
    assert links.items == [] and "fk-hidden" in links._dom_classes


def test_the_settings_editor_offers_the_workshops_materials(workshop):
    from facilitation.i18n import translator
    from facilitation.ui.setup import step_settings

    editor = step_settings.build("presentation", translator("en"), {"speaker_name": "Ewa", "material_id": 7},
                                 materials=[("Slides", 3)])
    assert [v for _, v in editor.material.options] == [0, 3, 7]  # none, the workshop's, the one chosen before
    editor.material.value = 3
    editor.title.value = "Our contract"
    typed = editor.value()
    assert typed["material_id"] == 3 and typed["speaker_name"] == "Ewa" and typed["title"] == "Our contract"
    editor.material.value = 0
    assert editor.value()["material_id"] is None
