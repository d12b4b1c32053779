"""Issue 23, fair share: each participant's post rates are checked in the store (both databases),
the refusal is a named sentence in both languages, and one participant flooding posts cannot
hold back the rest of the room (an honest idea still reaches every watching page within 1 s).

The timing of that last check under load is in ``make bench`` (benchmarks/flood.py).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest

from facilitation import store
from facilitation.domain.errors import LimitReached
from facilitation.i18n import translator
from facilitation.live import Feed
from facilitation.store import rates

FLOODER = "f" * 32
HONEST = "h" * 32
OTHER = "o" * 32


class Clock:
    """A store clock the test moves by hand (rates.now)."""

    def __init__(self) -> None:
        self.at = datetime(2026, 12, 1, 10, 0, 0)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def _no_remembered_refusals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rates, "_refused", {})  # tokens repeat across tests
    monkeypatch.setattr(rates, "_new_full_at", None)  # this process "is one page" per test


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(rates, "now", fake)
    return fake


def _idea(workshop, token: str, title: str):
    return store.add_idea(workshop.db, workshop.code, token, title=title, scale="small", driver="central")


def _titles(workshop) -> list[str]:
    return [i.title for i in store.list_ideas(workshop.db, workshop.id)]


def test_a_burst_of_ideas_then_one_every_few_seconds(workshop, clock) -> None:
    store.join(workshop.db, workshop.code, FLOODER, "Fast")
    rate = rates.RATES["idea"]
    for n in range(rate.burst):
        _idea(workshop, FLOODER, f"Burst {n}")
    with pytest.raises(LimitReached) as refused:
        _idea(workshop, FLOODER, "One too many")
    assert refused.value.template == "You are posting very fast; please wait {seconds} s and try again."
    assert refused.value.params["seconds"] == int(rate.every)
    assert "One too many" not in _titles(workshop)  # refused: nothing stored
    clock.advance(rate.every - 0.5)
    with pytest.raises(LimitReached):
        _idea(workshop, FLOODER, "Still too soon")
    clock.advance(0.5)
    _idea(workshop, FLOODER, "In time")  # a refused post took no share: one is back after `every`
    with pytest.raises(LimitReached):
        _idea(workshop, FLOODER, "Right after")
    clock.advance(rate.every * rate.burst)  # a quiet spell fills the bucket again, no further
    for n in range(rate.burst):
        _idea(workshop, FLOODER, f"Second burst {n}")
    with pytest.raises(LimitReached):
        _idea(workshop, FLOODER, "Over the second burst")
    assert len(_titles(workshop)) == 2 * rate.burst + 1


def test_each_participant_has_their_own_share(workshop, clock) -> None:
    store.join(workshop.db, workshop.code, FLOODER, "Fast")
    store.join(workshop.db, workshop.code, HONEST, "Calm")
    for n in range(rates.RATES["idea"].burst):
        _idea(workshop, FLOODER, f"Flood {n}")
    with pytest.raises(LimitReached):
        _idea(workshop, FLOODER, "Refused")
    assert _idea(workshop, HONEST, "Honest idea").title == "Honest idea"


def test_the_sentence_is_named_in_both_languages(workshop, clock) -> None:
    store.join(workshop.db, workshop.code, FLOODER, "Fast")
    for n in range(rates.RATES["idea"].burst):
        _idea(workshop, FLOODER, f"Flood {n}")
    with pytest.raises(LimitReached) as refused:
        _idea(workshop, FLOODER, "Refused")
    english = refused.value.localized(translator("en"))
    polish = refused.value.localized(translator("pl"))
    assert english == "You are posting very fast; please wait 8 s and try again."
    assert polish != english and "8" in polish


def test_stakeholders_votes_edits_and_feedback_are_bounded_too(workshop, clock) -> None:
    db, code = workshop.db, workshop.code
    store.join(db, code, FLOODER, "Fast")
    for n in range(rates.RATES["stakeholder"].burst):
        store.add_stakeholder(db, code, FLOODER, name=f"Council {n}", category="public", power=3, interest=3)
    with pytest.raises(LimitReached):
        store.add_stakeholder(db, code, FLOODER, name="One more", category="public", power=3, interest=3)
    mine = store.list_stakeholders(db, workshop.id)[0]
    for n in range(rates.RATES["stakeholder move"].burst):
        store.move_stakeholder(db, code, mine.id, power=1 + n % 5, interest=2, token=FLOODER)
    with pytest.raises(LimitReached):
        store.move_stakeholder(db, code, mine.id, power=5, interest=5, token=FLOODER)
    # a facilitator's moves are not a participant's posts
    store.move_stakeholder(db, code, mine.id, power=5, interest=5, key=workshop.key)

    idea = _idea(workshop, FLOODER, "Mine")
    for n in range(rates.RATES["idea change"].burst):
        store.edit_idea(db, code, FLOODER, idea.id, title=f"Mine {n}", scale="small", driver="central")
    with pytest.raises(LimitReached):
        store.edit_idea(db, code, FLOODER, idea.id, title="Mine again", scale="small", driver="central")

    for n in range(rates.RATES["feedback"].burst):
        store.submit_feedback(db, code, FLOODER, rating=1 + n % 5)
    with pytest.raises(LimitReached):
        store.submit_feedback(db, code, FLOODER, rating=5)

    store.join(db, code, OTHER, "Voter")
    clock.advance(3600)
    for _ in range(rates.RATES["vote"].burst // 2):
        store.vote(db, code, OTHER, idea.id)
        store.withdraw_vote(db, code, OTHER, idea.id)
    with pytest.raises(LimitReached):
        store.vote(db, code, OTHER, idea.id)


def test_a_page_joins_a_few_times_at_most_and_renames_are_bounded(workshop, clock) -> None:
    """A forged page joining with a new device token in a loop: each would be a new name on every
    wall. One kernel (one page) creates a few participants, then one a minute."""
    db, code = workshop.db, workshop.code
    burst = rates.NEW_PARTICIPANTS.burst
    for n in range(burst):
        store.join(db, code, f"device-{n}".ljust(32, "x"), f"Person {n}")
    with pytest.raises(LimitReached):
        store.join(db, code, "device-extra".ljust(32, "x"), "One more")
    store.join(db, code, "device-0".ljust(32, "x"), "")  # the same device again: not a new participant
    clock.advance(rates.NEW_PARTICIPANTS.every)
    store.join(db, code, "device-late".ljust(32, "x"), "Late")
    assert len(store.joined(db, code, workshop.key)) == burst + 1
    for n in range(rates.RATES["profile"].burst):
        store.join(db, code, "device-1".ljust(32, "x"), f"New name {n}")
    with pytest.raises(LimitReached):
        store.join(db, code, "device-1".ljust(32, "x"), "Yet another name")


def test_every_page_of_one_participant_shares_one_bucket(workshop, clock) -> None:
    """Two pages (two kernels, two connections) of one participant: the share is the store's."""
    second = store.Database(workshop.db.url)
    try:
        store.join(workshop.db, workshop.code, FLOODER, "Fast")
        for n in range(rates.RATES["idea"].burst):
            db = workshop.db if n % 2 else second
            store.add_idea(db, workshop.code, FLOODER, title=f"Page {n % 2}", scale="small", driver="central")
        with pytest.raises(LimitReached):
            store.add_idea(second, workshop.code, FLOODER, title="Third page", scale="small", driver="central")
    finally:
        second.close()


def test_one_flooding_page_does_not_hold_back_the_room(workshop) -> None:
    """A participant posts as fast as the store answers (from two pages) while 8 pages watch
    through their change feeds: the flooder gets only their share, and an honest idea reaches
    every watching page (within 1 s in the benchmark)."""
    db, code = workshop.db, workshop.code
    store.join(db, code, FLOODER, "Fast")
    store.join(db, code, HONEST, "Calm")
    stop = threading.Event()
    accepted, refused = [0], [0]
    started = time.monotonic()

    def flood() -> None:
        page = store.Database(db.url)
        try:
            while not stop.is_set():
                try:
                    store.add_idea(page, code, FLOODER, title="Spam", scale="small", driver="central")
                    accepted[0] += 1
                except LimitReached:
                    refused[0] += 1
        finally:
            page.close()

    seen: dict[int, float] = {}
    ready = threading.Barrier(9)

    def watch(n: int, posted: list[float]) -> None:
        page = store.Database(db.url)
        feed = Feed(page, workshop.id)
        try:
            feed.poll_once()
            ready.wait()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and n not in seen:
                if "ideas" in feed.poll_once() and posted and any(
                        i.title == "Honest idea" for i in store.list_ideas(page, workshop.id)):
                    seen[n] = time.monotonic() - posted[0]
                time.sleep(0.05)
        finally:
            page.close()

    posted: list[float] = []
    flooders = [threading.Thread(target=flood) for _ in range(2)]
    watchers = [threading.Thread(target=watch, args=(n, posted)) for n in range(8)]
    for thread in flooders + watchers:
        thread.start()
    try:
        ready.wait()
        time.sleep(1.5)  # the flood is on
        posted.append(time.monotonic())
        _idea(workshop, HONEST, "Honest idea")
        for thread in watchers:
            thread.join(15)
    finally:
        stop.set()
        for thread in flooders:
            thread.join(15)
    flood_seconds = time.monotonic() - started
    rate = rates.RATES["idea"]
    assert refused[0] > 0, "the flood never reached the limit"
    assert accepted[0] <= rate.burst + flood_seconds / rate.every + 1
    assert sorted(seen) == list(range(8)), f"pages that never saw the honest idea: {set(range(8)) - set(seen)}"
    # How fast is measured in `make bench` (benchmarks/flood.py: median and p95 against a run without
    # the flood), not asserted here: this box is shared and noisy. The watchers give up after 10 s.


def test_the_page_says_so_in_its_language_and_keeps_the_text(workshop, clock) -> None:
    """Widget level: the sixth idea in a row gets the sentence (Polish page) and its text stays."""
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.pages.participant import ParticipantApp

    from fixtures_ui import open_step
    from widgets import find

    app = ParticipantApp(make_context(f"code={workshop.code}&lang=pl", db=workshop.db))
    app.link.token = FLOODER
    app.name.value = "Fast"
    app.join_button.click()
    open_step(workshop, "brainstorm", app)
    view = app.host.view
    for n in range(rates.RATES["idea"].burst + 1):
        view.title.value = f"Pomysł {n}"
        view.scale.value = "small"
        view.driver.value = "central"
        view.submit.click()
    notice = find(app.root, "fk-notice")[0].value
    assert "Publikujesz bardzo szybko" in notice and "8 s" in notice, notice
    assert view.title.value == f"Pomysł {rates.RATES['idea'].burst}"  # the refused text stays
    assert len(_titles(workshop)) == rates.RATES["idea"].burst
