"""Group picking in the store (issue 22, point 8): a choice is taken only on the steps where the picker
shows (waiting and the group's work before the vote); a forged choice on any other step is refused
and changes nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from facilitation import store
from facilitation.domain.errors import NotAllowed
from facilitation.domain.groups import PICK_STEPS
from facilitation.domain.steps import STEPS

from conftest import TOKEN_A
from fixtures_ui import set_step
from step_content import add_every_step


def test_a_group_is_picked_only_before_the_vote(workshop):
    w = workshop
    first = store.create_group(w.db, w.code, w.key, name="Kościerzyna", city="Kościerzyna")
    second = store.create_group(w.db, w.code, w.key, name="Mińsk Mazowiecki", city="Mińsk Mazowiecki")
    store.set_group_picking(w.db, w.code, w.key, True)
    me = store.join(w.db, w.code, TOKEN_A, "Ala")
    add_every_step(w.db, w.code, w.key)  # every kind of the registry is on the agenda
    taken = set()
    for step in STEPS:  # the registry's steps, each opened by the facilitator
        set_step(w.db, w.code, w.key, step)
        before = store.group_of(w.db, w.id, me.id)
        target = second if before is not None and before.id == first.id else first
        try:
            store.choose_group(w.db, w.code, TOKEN_A, target.id)
        except NotAllowed as refused:
            assert "before the vote" in str(refused)
            assert store.group_of(w.db, w.id, me.id) == before  # nothing changed
        else:
            taken.add(step)
            assert store.group_of(w.db, w.id, me.id).id == target.id
    assert taken == set(PICK_STEPS) & set(STEPS)
    assert "closed" not in taken and "feedback" not in taken


@pytest.mark.parametrize("language, title", [("pl", "Warsztat miejski w dwóch rundach"),
                                             ("en", "City workshop in two rounds")])
def test_template_names_in_a_language(language, title):
    assert dict(store.templates(language))["city-two-rounds"] == title


def test_round_two_of_a_polish_workshop_is_named_in_polish(db):
    created = store.create_workshop(db, title="Warsztat ekspercki", city="Kościerzyna", country="Poland",
                                    language="pl")
    two = store.create_round_two(db, created.workshop.code, created.key, date="2026-04-21").workshop
    assert two.title == "Warsztat ekspercki — runda 2"
    english = store.create_workshop(db, title="Expert workshop", city="Gdansk", country="Poland")
    assert store.create_round_two(db, english.workshop.code, english.key, date="2026-04-21").workshop.title == (
        "Expert workshop — round 2")
