"""Widget tests of the feedback step (no browser)."""

from __future__ import annotations


import ipywidgets as widgets
import pytest

from conftest import TOKEN_A, TOKEN_B
from facilitation import store
from facilitation.ui.steps.feedback import FeedbackView
from fixtures_ui import context, open_step, participant, set_step
from widgets import text, find as having


@pytest.fixture
def room(workshop):
    """A workshop that had the brainstorm and the vote, now at feedback."""
    for step in ("brainstorm", "vote", "feedback"):
        open_step(workshop, step)
    return workshop


def page(w, token: str) -> FeedbackView:
    return FeedbackView(participant(w, token, known=False), role="participant")


def test_the_form_rates_the_session_and_each_step_it_had(room):
    view = page(room, TOKEN_A)
    assert "fk-view-feedback" in view.root._dom_classes
    rating = having(view.root, "fk-feedback-rating")
    assert len(rating) == 1 and [v for _, v in rating[0].options] == [1, 2, 3, 4, 5] and rating[0].value is None
    assert list(view.form.step_ratings) == ["brainstorm", "vote"]  # steps never opened are not asked about
    assert len(having(view.root, "fk-feedback-comment")) == 2
    assert isinstance(having(view.root, "fk-feedback-takehome")[0], widgets.Textarea)
    assert len(having(view.root, "fk-feedback-submit")) == 1
    assert having(view.root, "fk-feedback-summary") == []


def test_a_rating_is_needed_and_nothing_typed_is_lost(room):
    view = page(room, TOKEN_A)
    view.form.take_home.value = "The 2×2 matrix"
    view.form.submit.click()
    assert "rate the session" in view.form.notice.value
    assert view.form.take_home.value == "The 2×2 matrix"
    assert store.list_feedback(room.db, room.id) == []


def test_feedback_saved_and_revised(room):
    view = page(room, TOKEN_A)
    view.form.rating.value = 4
    view.form.step_ratings["vote"].value = 2
    view.form.take_home.value = "Dot voting works"
    view.form.change.value = "Longer brainstorm"
    view.form.submit.click()
    assert "Thank you" in view.form.notice.value
    (fb,) = store.list_feedback(room.db, room.id)
    assert (fb.rating, dict(fb.step_ratings), fb.take_home, fb.change) == (4, {"vote": 2}, "Dot voting works",
                                                                           "Longer brainstorm")
    again = FeedbackView(context(room.db, room.code, token=TOKEN_A), role="participant")
    assert again.form.rating.value == 4 and again.form.step_ratings["vote"].value == 2
    assert again.form.step_ratings["brainstorm"].value is None
    assert again.form.submit.description == "Update feedback"
    again.form.rating.value = 5
    again.form.submit.click()
    (fb,) = store.list_feedback(room.db, room.id)
    assert fb.rating == 5 and fb.change == "Longer brainstorm"


def test_too_long_answers_are_refused_and_kept(room):
    view = page(room, TOKEN_A)
    view.form.rating.value = 3
    view.form.change.value = "x" * 2500
    view.form.submit.click()
    assert "fk-notice-error" in view.form.notice.value and len(view.form.change.value) == 2500
    assert store.list_feedback(room.db, room.id) == []


@pytest.mark.parametrize("role", ["facilitator", "presenter"])
def test_organisers_see_the_summary(room, role):
    a, b = page(room, TOKEN_A), page(room, TOKEN_B)
    ctx = context(room.db, room.code, key=room.key if role == "facilitator" else None)
    view = FeedbackView(ctx, role=role)
    assert "0 of 2 participants answered" in text(view.summary.value)
    a.form.rating.value = 5
    a.form.step_ratings["brainstorm"].value = 4
    a.form.take_home.value = '<script>alert("x")</script> the matrix'
    a.form.submit.click()
    b.form.rating.value = 2
    b.form.step_ratings["brainstorm"].value = 3
    b.form.change.value = "More time"
    b.form.submit.click()
    view.refresh({"feedback"})
    summary = text(view.summary.value)
    assert "2 of 2 participants answered" in summary and "3.5 / 5" in summary
    assert "Brainstorm solutions 3.5" in summary and "Dot voting –" in summary
    assert "the matrix" in summary and "More time" in summary
    assert "<script>" not in view.summary.value and "&lt;script&gt;" in view.summary.value
    pseudonyms = [p.pseudonym for p in store.participants(room.db, room.id)]
    assert not any(p in view.summary.value for p in pseudonyms)  # comments carry no names
    view.close()


def test_polish_summary_uses_a_decimal_comma(db):
    created = store.create_workshop(db, title="Zielone centrum", city="Gdańsk", language="pl")
    code, key = created.workshop.code, created.key
    set_step(db, code, key, "feedback")
    for token, rating in ((TOKEN_A, 4), (TOKEN_B, 3)):
        store.join(db, code, token)
        store.submit_feedback(db, code, token, rating=rating)
    view = FeedbackView(context(db, code, lang="pl", key=key), role="facilitator")
    assert "3,5" in text(view.summary.value)
