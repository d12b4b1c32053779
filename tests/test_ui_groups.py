"""Breakout groups on the pages (issue 14): the console's Groups tab splits the room and moves people,
each participant page shows only its group's work and follows a move live, the plenary brings the
room together, a group facilitator's console sees its group only, and round 2 starts from round 1.

Pages share one database as kernels do; ``sync`` (``feed.poll_once``) stands in for the live task.
"""

from __future__ import annotations

import datetime

import pytest

from facilitation import store
from facilitation.domain.errors import NotAllowed
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.console import ConsoleApp
from facilitation.ui.pages.participant import ParticipantApp
from facilitation.ui.pages.presenter import PresenterApp

from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from fixtures_ui import set_step, sync
from widgets import find, text

TOKEN_D = "participant-token-dddddddddddddddd"
NAMES = {TOKEN_A: "Anna", TOKEN_B: "Bartek", TOKEN_C: "Celina", TOKEN_D: "Dawid"}


def one(root, cls: str):
    found = find(root, cls)
    assert len(found) == 1, f"{cls}: {len(found)} found"
    return found[0]


def console(room, key: str | None = None) -> ConsoleApp:
    return ConsoleApp(make_context(f"code={room.code}&key={key or room.key}", db=room.db))


def participant(room, token: str) -> ParticipantApp:
    app = ParticipantApp(make_context(f"code={room.code}", db=room.db))
    app.link.token = token
    app.name.value = NAMES[token]
    app.join_button.click()
    assert app.participant is not None
    return app


def wall(app) -> list[str]:
    return [text(w.value) for w in find(app.root, "fk-idea-card-body")]


def add_idea(app, title: str) -> None:
    app.host.view.title.value = title
    app.host.view.scale.value = "small"
    app.host.view.driver.value = "central"
    app.host.view.submit.click()
    assert "fk-notice-ok" in app.host.view.notice.value, app.host.view.notice.value


@pytest.fixture
def room(workshop):
    """Four participants, a console on its Groups tab, the room split into two groups (balanced)."""
    pages = {token: participant(workshop, token) for token in NAMES}
    fac = console(workshop)
    fac.show_tab("groups")
    one(fac.root, "fk-group-count").value = 2
    one(fac.root, "fk-group-mode").value = "balanced"
    one(fac.root, "fk-group-split").click()
    assert "fk-notice-ok" in fac.groups.notice.value, fac.groups.notice.value
    sync(*pages.values())
    return workshop, fac, pages


def group_of(room, token: str):
    return store.my_group(room.db, room.code, token)


def test_split_puts_everyone_in_a_group_and_shows_a_card_each(room):
    workshop, fac, pages = room
    groups = store.list_groups(workshop.db, workshop.id)
    assert len(groups) == 2
    members = store.memberships(workshop.db, workshop.id)
    assert sorted(members) == sorted(p.participant.id for p in pages.values())
    assert sorted(list(members.values()).count(g.id) for g in groups) == [2, 2]
    cards = find(fac.root, "fk-group-card")
    assert len(cards) == 2
    for card, group in zip(cards, groups):
        shown = text(card.info.value)
        assert f"Group {group.number}" in shown and "2 people" in shown
        for token, page in pages.items():
            assert (NAMES[token] in shown) == (members[page.participant.id] == group.id)
    # every participant page names its group in fk-group-name
    for token, page in pages.items():
        chip = one(page.root, "fk-group-name")
        assert "fk-hidden" not in chip._dom_classes
        assert f"Group {group_of(workshop, token).number}" in text(chip.value)


def test_each_page_shows_only_its_groups_ideas_and_the_plenary_shows_all(room):
    workshop, fac, pages = room
    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    sync(fac, *pages.values())
    for token, page in pages.items():
        add_idea(page, f"Idea of {NAMES[token]}")
    sync(fac, *pages.values())
    mates = {}
    for token in pages:
        mates[token] = {t for t in pages if group_of(workshop, t).id == group_of(workshop, token).id}
    for token, page in pages.items():
        shown = " | ".join(wall(page))
        for other in pages:
            assert (f"Idea of {NAMES[other]}" in shown) == (other in mates[token]), (token, shown)
    # the console sees every idea, each with its group's chip
    assert len(find(fac.host.view.root, "fk-idea-card")) == 4  # the Run tab's step, while Groups is open
    assert all("Group " in text(c.value) for c in find(fac.host.view.root, "fk-idea-card-body"))
    # the plenary: the toggle brings the room together, the board compares the groups
    plenary = one(fac.root, "fk-group-plenary")
    plenary.value = True
    assert store.group_setup(workshop.db, workshop.id).plenary
    fac.show_tab("run")
    board = fac.plenary.root
    assert "fk-hidden" not in board._dom_classes and board.value.count('class="fk-plenary-group"') == 2
    sync(*pages.values())
    for page in pages.values():
        assert len(wall(page)) == 4
        assert "Plenary" in text(one(page.root, "fk-group-name").value)
    fac.show_tab("groups")
    plenary.value = False
    sync(*pages.values())
    assert all(len(wall(page)) == 2 for page in pages.values())


def test_a_move_reaches_both_pages_without_reload(room):
    workshop, fac, pages = room
    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    sync(fac, *pages.values())
    anna, bartek = pages[TOKEN_A], pages[TOKEN_B]
    add_idea(anna, "Idea from Anna")
    sync(*pages.values())
    source = group_of(workshop, TOKEN_A)
    target = next(g for g in store.list_groups(workshop.db, workshop.id) if g.id != source.id)
    mover = next(c for c in find(fac.root, "fk-group-card") if c.group_id == source.id)
    mover.member.value = anna.participant.id
    mover.target.value = target.id
    mover.move_button.click()
    assert "fk-notice-ok" in fac.groups.notice.value
    assert group_of(workshop, TOKEN_A).id == target.id
    cards = {c.group_id: text(c.info.value) for c in find(fac.root, "fk-group-card")}
    assert "Anna" in cards[target.id] and "Anna" not in cards[source.id]
    sync(*pages.values())
    assert f"Group {target.number}" in text(one(anna.root, "fk-group-name").value)
    assert anna.step == "brainstorm"
    # Idea from Anna stays with the group it was written in: she now sees her new group's wall
    in_source = [t for t in pages if group_of(workshop, t).id == source.id]
    assert "Idea from Anna" not in " ".join(wall(anna))
    assert all("Idea from Anna" in " ".join(wall(pages[t])) for t in in_source)
    assert bartek.step == "brainstorm"


def test_rename_city_picking_and_a_forged_choice(room):
    workshop, fac, pages = room
    card = find(fac.root, "fk-group-card")[0]
    card.name.value, card.city.value = "Mobility <b>", "Gdańsk"
    card.rename_button.click()
    group = store.get_group(workshop.db, card.group_id)
    assert (group.name, group.city) == ("Mobility <b>", "Gdańsk")
    assert "Mobility &lt;b&gt;" in card.info.value  # escaped on the card
    anna = pages[TOKEN_A]
    # picking is off: the page has no picker at all, and a forged choice is refused by the store
    assert anna.groups.picker is None and anna.groups.choose() is False
    before = group_of(workshop, TOKEN_A).id
    other = next(g.id for g in store.list_groups(workshop.db, workshop.id) if g.id != before)
    with pytest.raises(NotAllowed, match="assigns the groups"):
        store.choose_group(workshop.db, workshop.code, TOKEN_A, other)
    assert group_of(workshop, TOKEN_A).id == before
    # picking on: the picker shows and the choice goes through
    one(fac.root, "fk-group-picking").value = True
    sync(anna)
    picker = one(anna.root, "fk-group-picker")
    assert "fk-hidden" not in picker._dom_classes
    anna.groups.pick.value = other
    one(anna.root, "fk-group-choose").click()
    assert group_of(workshop, TOKEN_A).id == other


def test_a_vote_for_another_groups_idea_is_refused_until_the_plenary(room):
    workshop, _console, pages = room
    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    sync(*pages.values())
    mine = group_of(workshop, TOKEN_A).id
    stranger = next(t for t in pages if group_of(workshop, t).id != mine)
    add_idea(pages[stranger], "Not for the group of Anna")
    idea = next(i for i in store.list_ideas(workshop.db, workshop.id, facilitator=True))
    set_step(workshop.db, workshop.code, workshop.key, "vote")
    sync(*pages.values())
    anna = pages[TOKEN_A]
    assert wall(anna) == []
    assert anna.host.view.vote(int(idea.id)) is False  # a faked click on a card Anna's page never showed
    assert "only for your group" in anna.host.view.notice.value
    assert store.my_votes(workshop.db, workshop.id, anna.participant.id) == {}
    store.set_plenary(workshop.db, workshop.code, workshop.key, True)
    sync(anna)
    assert len(wall(anna)) == 1 and anna.host.view.vote(int(idea.id)) is True


def test_a_group_facilitator_sees_and_moderates_only_their_group(room):
    workshop, fac, pages = room
    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    sync(*pages.values())
    for token, page in pages.items():
        add_idea(page, f"Idea of {NAMES[token]}")
    card = find(fac.root, "fk-group-card")[0]
    card.link_button.click()
    url = fac.groups.links[card.group_id]["group-facilitator"]
    assert "key=" in url and url.replace("&", "&amp;") in card.info.value
    key = url.split("key=")[1]
    lead = console(workshop, key)
    assert lead.lead is not None and find(lead.root, "fk-phase-next") == [] and find(lead.root, "fk-group-split") == []
    own = [i for i in store.list_ideas(workshop.db, workshop.id, facilitator=True) if i.group_id == card.group_id]
    others = [i for i in store.list_ideas(workshop.db, workshop.id, facilitator=True) if i.group_id != card.group_id]
    assert len(find(lead.root, "fk-idea-card")) == len(own) == 2
    assert lead.host.view.hide(int(others[0].id)) is False  # forged: another group's idea
    assert "only moderate their own group" in lead.host.view.notice.value
    assert all(not i.hidden for i in store.list_ideas(workshop.db, workshop.id, facilitator=True))
    assert lead.host.view.hide(int(own[0].id)) is True
    assert [i.id for i in store.list_ideas(workshop.db, workshop.id, facilitator=True) if i.hidden] == [own[0].id]
    assert "2 people" in text(lead.lead.card.value)


def test_the_presenter_shows_all_groups_side_by_side_or_one(room):
    workshop, _console, pages = room
    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    for token, page in pages.items():
        sync(page)
        add_idea(page, f"Idea of {NAMES[token]}")
    screen = PresenterApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    board = one(screen.root, "fk-plenary")
    assert board.value.count('class="fk-plenary-group"') == 2
    first = store.list_groups(workshop.db, workshop.id)[0]
    pick = one(screen.root, "fk-presenter-group")
    pick.value = first.id
    assert "fk-hidden" in board._dom_classes
    shown = " ".join(text(w.value) for w in find(screen.root, "fk-matrix-view"))
    mates = [t for t in pages if group_of(workshop, t).id == first.id]
    for token in pages:
        assert (f"Idea of {NAMES[token]}" in shown) == (token in mates)


def test_round_two_from_the_console(room):
    workshop, fac, pages = room
    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    sync(*pages.values())
    add_idea(pages[TOKEN_A], "Carried over")
    store.set_group_picking(workshop.db, workshop.code, workshop.key, True)
    fac.show_tab("prepare")
    one(fac.root, "fk-round-two-title").value = "Second round"
    one(fac.root, "fk-round-two-create").click()  # without a date: refused, nothing typed is lost
    assert store.next_round(workshop.db, workshop.id) is None
    assert "fk-notice-error" in fac.round_two.notice.value and one(fac.root, "fk-round-two-title").value
    one(fac.root, "fk-round-two-date").value = datetime.date(2026, 5, 12)
    boxes = find(fac.root, "fk-round-two-step")
    agenda = store.agenda(workshop.db, workshop.id)
    assert len(boxes) == len(agenda) and [b.value for b in boxes] == [i.step != "waiting" for i in agenda]
    wanted = ("scenarios", "scoring", "feedback")
    for box, item in zip(boxes, agenda):
        box.value = item.step in wanted
    one(fac.root, "fk-round-two-create").click()
    links = text(one(fac.root, "fk-round-two-links").value)
    nxt = store.next_round(workshop.db, workshop.id)
    assert nxt is not None and nxt.title == "Second round" and nxt.round == 2
    assert nxt.date == datetime.date(2026, 5, 12)
    assert [i.step for i in store.agenda(workshop.db, nxt.id)] == list(wanted)
    assert nxt.phase_index == 0 and not store.is_started(workshop.db, nxt.id)
    assert (nxt.settings or {}).get("group_picking") is True
    assert [g.name for g in store.list_groups(workshop.db, nxt.id)] == [
        g.name for g in store.list_groups(workshop.db, workshop.id)]
    assert nxt.code in links and "key=" in links
    assert [i.title for i in store.list_ideas(workshop.db, nxt.id, facilitator=True)] == ["Carried over"]
    assert "fk-hidden" in one(fac.root, "fk-round-two-form")._dom_classes
    # the review compares the two rounds of the city side by side
    from facilitation.ui.pages.review import ReviewApp

    new_key = links.split("key=")[1].split()[0]
    review = ReviewApp(make_context("", db=workshop.db), keys=[workshop.key, new_key])
    rounds = text(one(review.root, "fk-review-rounds").value)
    assert "Round 1" in rounds and "Round 2" in rounds and "Carried over" in rounds
    assert workshop.code in rounds and nxt.code in rounds


def test_each_group_has_its_own_stakeholder_grid(room):
    from facilitation.domain.records import CATEGORIES

    workshop, _console, pages = room
    for token in pages:
        store.add_stakeholder(workshop.db, workshop.code, token, name=f"Board of {NAMES[token]}",
                              category=CATEGORIES[0], power=3, interest=4)
    set_step(workshop.db, workshop.code, workshop.key, "stakeholders")
    sync(*pages.values())
    for token, page in pages.items():
        shown = {s.name for s in page.host.view.stakeholders}
        mates = {f"Board of {NAMES[t]}" for t in pages if group_of(workshop, t).id == group_of(workshop, token).id}
        assert shown == mates and len(shown) == 2


def test_a_city_link_for_one_group_writes_that_groups_challenge(room):
    from facilitation.ui.pages.homework import ChallengeApp

    workshop, fac, pages = room
    card = find(fac.root, "fk-group-card")[0]
    one(card, "fk-group-city-link").click()
    url = fac.groups.links[card.group_id]["city"]
    assert "challenge.ipynb" in url
    homework = ChallengeApp(make_context(f"code={workshop.code}&key={url.split('key=')[1]}", db=workshop.db))
    form = homework.group_form
    assert "fk-hidden" in homework.view.challenge_form.root._dom_classes  # not the workshop's own challenge
    form.title.value, form.text.value = "Flooding on the riverside", "Heavy rain floods the <b>lower town</b>."
    one(homework.root, "fk-group-challenge-save").click()
    assert "fk-notice-ok" in form.notice.value
    assert store.get_group(workshop.db, card.group_id).challenge_title == "Flooding on the riverside"
    other = next(g.id for g in store.list_groups(workshop.db, workshop.id) if g.id != card.group_id)
    form.group_id = other  # a forged target: the store keeps the link to its own group
    form.title.value = "Not ours"
    assert form.save() is False and "fk-notice-error" in form.notice.value
    assert store.get_group(workshop.db, other).challenge_title == ""
    sync(*pages.values())
    for token, page in pages.items():
        box = one(page.root, "fk-group-challenge")
        ours = group_of(workshop, token).id == card.group_id
        assert ("fk-hidden" not in box._dom_classes) == ours
        if ours:
            assert "Flooding on the riverside" in box.value and "&lt;b&gt;lower town" in box.value
