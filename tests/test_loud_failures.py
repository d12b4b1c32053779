"""Issue 23, point 1 without a browser: a store that cannot be reached is said, the text stays, a retry works.

The outage is simulated by giving the page's database an engine that cannot connect (a closed
port on PostgreSQL, a file in a missing folder on SQLite), then the real one back; the store,
the forms and the change feed run unchanged. Runs on both backends (tests/conftest.py).
"""

from __future__ import annotations

import socket
import time
from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from facilitation import store
from facilitation.domain.errors import StoreUnreachable
from facilitation.live import Feed
from facilitation.store import server
from facilitation.ui.kit.base import Notice, guarded, make_context
from facilitation.ui.pages.participant import ParticipantApp
from facilitation.ui.steps.brainstorm import BrainstormView

from fixtures_ui import participant, set_step
from widgets import find, text

from benchmarks.harness import free_port

TOKEN = "loud-failure-device-token-0123456789"
SENTENCE = "The workshop database cannot be reached just now"


@contextmanager
def outage(db: store.Database) -> Iterator[None]:
    """The store is unreachable inside the block (new connections fail at once), then back."""
    real = db.engine
    if db.is_sqlite:
        dead = create_engine("sqlite:////nonexistent-folder-fk/facilitation.sqlite")
    else:
        dead = server.make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/gone", server.Notes())
    db.engine = dead
    try:
        yield
    finally:
        db.engine = real
        dead.dispose()


def titles(db: store.Database, workshop_id: int) -> list[str]:
    return [i.title for i in store.list_ideas(db, workshop_id, facilitator=True)]


def brainstorm(workshop) -> BrainstormView:
    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    return BrainstormView(participant(workshop, TOKEN, "Kasia"))


def fill(view: BrainstormView, title: str) -> None:
    view.title.value, view.description.value = title, "by the river"
    view.scale.value, view.driver.value = "small", "central"


def test_an_idea_posted_during_an_outage_is_said_kept_and_stored_once_on_retry(workshop):
    view = brainstorm(workshop)
    fill(view, "Rain gardens")
    view.submit.click()
    assert "on the wall" in view.notice.value  # a success before the outage
    fill(view, "Shade trees")
    with outage(workshop.db):
        view.submit.click()
        notice = text(view.notice.value)
    assert SENTENCE in notice and "on the wall" not in notice  # the old success notice is gone
    assert "fk-notice-error" in view.notice.value
    assert (view.title.value, view.description.value, view.scale.value) == ("Shade trees", "by the river", "small")
    assert titles(workshop.db, workshop.id) == ["Rain gardens"]
    view.submit.click()  # the retry, with the store back
    assert "on the wall" in view.notice.value and view.title.value == ""
    assert sorted(titles(workshop.db, workshop.id)) == ["Rain gardens", "Shade trees"]
    view.close()


def test_editing_an_idea_during_an_outage_keeps_the_form_open_with_its_text(workshop):
    view = brainstorm(workshop)
    fill(view, "Rain gardens")
    view.submit.click()
    idea_id = int(store.list_ideas(workshop.db, workshop.id, facilitator=True)[0].id)
    editor = view.editor
    assert editor.open(idea_id)
    editor.title.value = "Rain gardens on every school yard"
    with outage(workshop.db):
        editor.save_button.click()  # the wall's refresh after it fails too: no traceback, the notice says it
    assert SENTENCE in text(view.notice.value) and "updated" not in view.notice.value
    assert editor.editing == idea_id and editor.title.value == "Rain gardens on every school yard"
    editor.save_button.click()
    assert "updated" in view.notice.value
    assert titles(workshop.db, workshop.id) == ["Rain gardens on every school yard"]
    view.close()


def test_the_join_form_keeps_the_name_and_joins_on_retry(workshop):
    app = ParticipantApp(make_context(f"code={workshop.code}", db=workshop.db))
    app.link.token = TOKEN
    app.name.value = "Kasia"
    with outage(workshop.db):
        app.join_button.click()
    assert SENTENCE in text(app.notice.value)
    assert app.name.value == "Kasia" and app.participant is None
    app.join_button.click()
    assert app.participant is not None and app.participant.display_name == "Kasia"
    assert store.participant_for_token(workshop.db, workshop.code, TOKEN).display_name == "Kasia"


def test_the_sentence_is_in_the_pages_language(workshop):
    notice = Notice(make_context(f"code={workshop.code}&lang=pl", db=workshop.db).t)
    with outage(workshop.db):
        assert not guarded(notice, lambda: store.get_workshop(workshop.db, workshop.code) and None)
    shown = text(notice.value)
    assert shown and SENTENCE not in shown  # translated (tests/test_i18n* check the catalogue is complete)


def test_guarded_names_a_driver_error_that_escaped_the_store():
    notice = Notice()
    notice.ok("Your idea is on the wall.")

    def action() -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    assert not guarded(notice, action)
    assert SENTENCE in text(notice.value) and "on the wall" not in notice.value


def test_the_feed_survives_an_outage_and_catches_up(workshop):
    feed = Feed(workshop.db, workshop.id)
    writer = store.Database(workshop.db.url)  # another kernel, writing while this one cannot read
    try:
        with outage(workshop.db):
            assert feed.poll_once() == set()
            store.set_phase(writer, workshop.code, workshop.key, 1)
            assert feed.poll_once() == set()
            assert feed.outage_since is not None
        caught_up: set[str] = set()
        deadline = time.monotonic() + 5  # a server's notification reaches the socket a moment after the commit
        while "phase" not in caught_up and time.monotonic() < deadline:
            caught_up |= feed.poll_once()
            time.sleep(0.05)
        assert "phase" in caught_up
        assert feed.outage_since is None
    finally:
        writer.close()


@pytest.mark.backends("postgresql")  # a server's connect timeout: SQLite has none
def test_a_server_that_does_not_answer_is_named_within_seconds(backend):
    """A listening socket that never answers the startup: the connect timeout, not a hang."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    engine = server.make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{silent.getsockname()[1]}/x",
                                server.Notes())
    db = store.Database.__new__(store.Database)  # no migration: the server never answers
    db.url, db.sqlite_path, db.engine = str(engine.url), None, engine
    started = time.monotonic()
    try:
        with pytest.raises(StoreUnreachable):
            with db.read():
                pass
    finally:
        engine.dispose()
        silent.close()
    assert time.monotonic() - started < server.CONNECT_TIMEOUT_S + 2


def test_serve_reports_an_outage_and_its_end_in_one_line_each():
    import io

    from facilitation.serve.dbwatch import DbWatch

    answers = iter([None, "connection refused", "connection refused", None, None])
    out = io.StringIO()
    watch = DbWatch("postgresql+psycopg://fk:secret@db.example/fk", out=out, check=lambda _url: next(answers))
    lines = [watch.step() for _ in range(5)]
    assert [line is not None for line in lines] == [False, True, False, True, False]
    written = out.getvalue().splitlines()
    assert len(written) == 2 and "unreachable" in written[0] and "connection refused" in written[0]
    assert "reachable again" in written[1] and all("secret" not in line for line in written)


def test_a_console_step_change_during_an_outage_says_so_and_the_click_does_not_fail(workshop):
    """The console re-reads the store after every action; during an outage that re-read must not
    turn the click into a traceback in the kernel: the notice already has the sentence."""
    from facilitation.ui.pages.console import ConsoleApp

    app = ConsoleApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    try:
        with outage(workshop.db):
            app.next_button.click()  # raised StoreUnreachable from the console's refresh before
        said = " ".join(text(n.value) for n in find(app.root, "fk-notice"))
        assert "The workshop database cannot be reached just now" in said, said
        assert store.get_workshop(workshop.db, workshop.code).phase_index == 0  # nothing moved
        assert app.next() and store.get_workshop(workshop.db, workshop.code).phase_index == 1  # back: it works
    finally:
        app.close()
