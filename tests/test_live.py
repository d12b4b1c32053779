"""The change feed: topics reported from the store, one asyncio task, and its self-stop."""

from __future__ import annotations

import asyncio
import threading

from facilitation import store
from facilitation.live import Feed

from conftest import TOKEN_A, TOKEN_B


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_poll_once_reports_changed_topics_only(workshop):
    feed = Feed(workshop.db, workshop.id)
    seen: list[set[str]] = []
    feed.subscribe(seen.append)
    assert feed.poll_once() == set()  # nothing changed since the feed was made
    store.join(workshop.db, workshop.code, TOKEN_A, "Anna")
    assert feed.poll_once() == {"participants"}
    store.add_idea(workshop.db, workshop.code, TOKEN_A, title="Pocket parks", scale="small", driver="individual")
    store.set_phase(workshop.db, workshop.code, workshop.key, 2)
    assert feed.poll_once() == {"ideas", "phase"}
    assert feed.poll_once() == set()
    assert seen == [{"participants"}, {"ideas", "phase"}]


def test_changes_from_another_connection_are_seen(workshop, tmp_path):
    other = store.Database(workshop.db.url)  # another kernel's connection to the same file
    try:
        feed = Feed(workshop.db, workshop.id)
        store.join(other, workshop.code, TOKEN_B, "")
        assert feed.poll_once() == {"participants"}
    finally:
        other.close()


def test_other_workshops_do_not_notify(workshop):
    feed = Feed(workshop.db, workshop.id)
    seen: list[set[str]] = []
    feed.subscribe(seen.append)
    other = store.create_workshop(workshop.db, title="Elsewhere", city="Sofia")
    store.set_phase(workshop.db, other.workshop.code, other.key, 1)
    assert feed.poll_once() == set()
    assert seen == []


def test_unsubscribe_and_failing_subscriber(workshop):
    feed = Feed(workshop.db, workshop.id)
    seen: list[set[str]] = []

    def broken(_topics):
        raise RuntimeError("a broken view")

    feed.subscribe(broken)
    unsubscribe = feed.subscribe(seen.append)
    store.join(workshop.db, workshop.code, TOKEN_A, "")
    feed.poll_once()  # the broken subscriber is logged, the other still hears
    assert seen == [{"participants"}]
    unsubscribe()
    store.join(workshop.db, workshop.code, TOKEN_B, "")
    assert feed.poll_once() == {"participants"}
    assert seen == [{"participants"}]


def test_start_without_event_loop_is_a_no_op(workshop):
    feed = Feed(workshop.db, workshop.id)
    assert feed.start() is False
    assert not feed.running


def test_stop_conditions_idle_and_closed(workshop):
    import ipywidgets as widgets

    clock = FakeClock()
    feed = Feed(workshop.db, workshop.id, idle_timeout=60, clock=clock)
    assert feed.stop_condition() is None
    clock.now += 61
    assert feed.stop_condition() == "idle"
    feed.touch()
    assert feed.stop_condition() is None
    root = widgets.VBox()
    feed.bind(root)
    assert feed.stop_condition() is None
    root.close()
    assert feed.stop_condition() == "closed"


def test_task_runs_on_the_loop_and_delivers_changes(workshop):
    async def scenario():
        feed = Feed(workshop.db, workshop.id, interval=0.01)
        got: list[set[str]] = []
        feed.subscribe(got.append)
        threads_before = threading.active_count()
        assert feed.start()
        assert feed._task.get_loop() is asyncio.get_running_loop()
        store.join(workshop.db, workshop.code, TOKEN_A, "")
        for _ in range(200):
            await asyncio.sleep(0.01)
            if got:
                break
        assert got == [{"participants"}]
        assert threading.active_count() == threads_before  # no helper thread
        feed.stop()
        await asyncio.sleep(0.03)
        assert not feed.running and feed.stop_reason == "stopped"

    asyncio.run(scenario())


def test_task_stops_itself_when_idle_and_a_heartbeat_resumes_it(workshop):
    async def scenario():
        feed = Feed(workshop.db, workshop.id, interval=0.01, idle_timeout=0.05)
        got: list[set[str]] = []
        feed.subscribe(got.append)
        feed.start()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if not feed.running:
                break
        assert not feed.running and feed.stop_reason == "idle"
        polls = feed.polls
        store.join(workshop.db, workshop.code, TOKEN_A, "")  # a change while the page sleeps
        await asyncio.sleep(0.05)
        assert feed.polls == polls and got == []  # stopped means silent
        feed.touch()  # the browser's heartbeat comes back
        assert feed.running
        for _ in range(100):
            await asyncio.sleep(0.01)
            if got:
                break
        assert got == [{"participants"}]  # what changed meanwhile is delivered
        feed.stop()

    asyncio.run(scenario())


def test_task_stops_when_its_root_widget_closes(workshop):
    import ipywidgets as widgets

    async def scenario():
        feed = Feed(workshop.db, workshop.id, interval=0.01)
        root = widgets.VBox()
        feed.bind(root)
        feed.start()
        await asyncio.sleep(0.03)
        assert feed.running
        root.close()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if not feed.running:
                break
        assert feed.stop_reason == "closed"
        feed.touch()  # a closed page is not resumed by a late heartbeat
        assert not feed.running

    asyncio.run(scenario())


def test_explicit_stop_is_not_undone_by_a_heartbeat(workshop):
    async def scenario():
        feed = Feed(workshop.db, workshop.id, interval=0.01)
        feed.start()
        feed.stop()
        feed.touch()
        assert not feed.running

    asyncio.run(scenario())

