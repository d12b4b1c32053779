"""Issue 23, point 1 in a real browser: an outage is said, the text stays, a retry stores it once.

* The database goes away: ``facilitation serve`` on a PostgreSQL cluster of this test's own
  (tests/pgserver.py); a participant types an idea; the cluster is stopped for 20 s while they
  post; the page says so (``fk-notice-error``) within seconds and the text stays in the field;
  after the cluster is back, the same click stores the idea exactly once. ``serve`` wrote one
  line when the outage began and one when it ended.
* The server goes away: ``serve`` and its Voila are killed; the page shows the
  ``fk-connection-lost`` banner in its own language (a Polish workshop here) within seconds;
  when a server answers on that port again (without the page's kernel) it asks for a reload.
* The network drops for a few seconds (a TCP relay between page and server closes every
  connection and refuses new ones): the banner shows, and goes by itself once Jupyter's client
  reconnects to the kernel, which kept running; the page works on without a reload.
"""

from __future__ import annotations

import os
import socket
import threading
import time

import psutil
import pytest

from facilitation import store
from facilitation.domain.links import participant_link

from conftest import screenshot
from fixtures_ui import set_step
from serving import ServeRun
from benchmarks.harness import free_port
import pgserver

pytestmark = pytest.mark.browser

LOAD = 90_000
WAIT = 15_000
OUTAGE_S = 20
ANSWER_LIMIT_S = 4.0  # the issue measured 11 s of silence; the connect timeout is 2 s


@pytest.fixture(scope="module")
def cluster():
    """A PostgreSQL cluster this module may stop and start (never the shared server)."""
    try:
        started = pgserver.start_cluster()
    except RuntimeError as exc:
        if os.environ.get("CI"):  # .ci/run installs the server binaries: a missing cluster is a failure there
            pytest.fail(f"no throwaway PostgreSQL cluster: {exc}")
        pytest.skip(f"no throwaway PostgreSQL cluster: {exc}")
    yield started
    started.stop()


def pg_ctl(cluster, action: str) -> None:
    data = str(cluster.datadir / "data")
    args = ["pg_ctl", "-D", data, "-w", "-m", "fast", action] if action == "stop" else [
        "pg_ctl", "-D", data, "-l", str(cluster.datadir / "server.log"), "-w",
        "-o", f"-p {cluster.port} -k {cluster.datadir} {pgserver.FAST}", action]
    done = cluster._run(*args)
    assert done.returncode == 0, done.stderr


def join(page, link: str, name: str) -> None:
    page.goto(link, timeout=LOAD)
    page.locator(".fk-join-name input").wait_for(timeout=LOAD)
    page.wait_for_timeout(300)  # the device token arrives with the first render
    page.fill(".fk-join-name input", name)
    page.click(".fk-join-submit")


def test_an_idea_posted_while_the_database_is_stopped_is_kept_and_stored_once(cluster, browser):
    url = pgserver.create_database(cluster.url)
    with store.Database(url) as db:
        created = store.create_workshop(db, title="Outage drill", city="Gdansk", country="Poland")
        set_step(db, created.workshop.code, created.key, "brainstorm")
        code, wid = created.workshop.code, created.workshop.id
    run = ServeRun.start(url, "--expected", "1")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        join(page, participant_link(run.base, code), "Kasia")
        page.locator(".fk-idea-title input").wait_for(timeout=WAIT)
        page.fill(".fk-idea-title input", "Shade trees along the tram line")
        page.select_option(".fk-idea-scale select", index=1)
        page.select_option(".fk-idea-driver select", index=1)

        pg_ctl(cluster, "stop")
        stopped = time.monotonic()
        page.click(".fk-idea-submit")
        page.locator(".fk-notice-error").wait_for(timeout=WAIT)
        answered = time.monotonic() - stopped
        print(f"\n[outage] the page answered in {answered:.2f} s with the database stopped")
        screenshot(page, "outage-database-stopped")
        notice = page.locator(".fk-notice").inner_text()
        assert "cannot be reached" in notice and "on the wall" not in notice
        assert answered < ANSWER_LIMIT_S
        assert page.input_value(".fk-idea-title input") == "Shade trees along the tram line"
        page.click(".fk-idea-submit")  # still down: said again, nothing stored, nothing lost
        page.wait_for_timeout(1000)
        assert "cannot be reached" in page.locator(".fk-notice").inner_text()
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - stopped)))
        pg_ctl(cluster, "start")

        page.click(".fk-idea-submit")  # the retry: no reload
        page.locator(".fk-notice-ok").wait_for(timeout=WAIT)
        page.locator(".fk-wall .fk-idea-card-title", has_text="Shade trees").wait_for(timeout=WAIT)
        assert page.input_value(".fk-idea-title input") == ""
        with store.Database(url) as db:
            titles = [i.title for i in store.list_ideas(db, wid, facilitator=True)]
        assert titles == ["Shade trees along the tram line"]
        time.sleep(3)  # the serve process's watch notices the end of the outage (it checks every 2 s)
    finally:
        context.close()
        run.stop()
    log = run.proc.stderr.read()
    assert log.count("database unreachable") == 1, log[-2000:]
    assert log.count("database reachable again") == 1, log[-2000:]
    pgserver.drop_database(url)


def test_a_killed_server_shows_the_connection_lost_banner_in_the_pages_language(tmp_path, browser):
    db_path = tmp_path / "killed.sqlite"
    with store.Database(db_path) as db:
        created = store.create_workshop(db, title="Serwer znika", city="Gdańsk", country="Poland", language="pl")
        code = created.workshop.code
    run = ServeRun.start(db_path, "--expected", "1")
    context = browser.new_context(viewport={"width": 900, "height": 700})
    try:
        page = context.new_page()
        page.goto(participant_link(run.base, code), timeout=LOAD)
        page.locator(".fk-join-name input").wait_for(timeout=LOAD)
        assert page.locator(".fk-connection-lost").count() == 0
        family = [psutil.Process(run.proc.pid), *run.family()]
        for process in family:
            process.kill()
        killed = time.monotonic()
        page.locator(".fk-connection-lost").wait_for(timeout=WAIT)
        shown = time.monotonic() - killed
        print(f"\n[outage] the banner showed {shown:.2f} s after the server was killed")
        screenshot(page, "outage-server-killed")
        assert "Utracono połączenie" in page.locator(".fk-connection-lost").inner_text()
        assert shown < 5
        # The server comes back on the same port; its kernel is gone, so the page asks for a reload.
        again = ServeRun.start(db_path, "--expected", "1", "--port", str(run.port))  # the last --port wins
        try:
            page.locator(".fk-connection-back .fk-connection-reload").wait_for(timeout=WAIT)
            assert "Odśwież stronę" in page.locator(".fk-connection-lost").inner_text()
            page.click(".fk-connection-reload")
            page.locator(".fk-join-name input").wait_for(timeout=LOAD)
            assert page.locator(".fk-connection-lost").count() == 0
        finally:
            again.stop()
    finally:
        context.close()
        run.stop()


class Relay:
    """A TCP relay to ``upstream``; :meth:`cut` closes every connection and refuses new ones for a while."""

    def __init__(self, upstream: int) -> None:
        self.upstream, self.port = upstream, free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.open: list[socket.socket] = []
        self.down_until = 0.0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if time.monotonic() < self.down_until:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self.upstream))
            self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.close()
                except OSError:
                    pass

    def cut(self, seconds: float) -> None:
        self.down_until = time.monotonic() + seconds
        for conn in list(self.open):
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.open.clear()

    def close(self) -> None:
        self.listener.close()


def test_a_network_drop_shows_the_banner_and_clears_it_when_the_page_reconnects(tmp_path, browser):
    db_path = tmp_path / "blip.sqlite"
    with store.Database(db_path) as db:
        code = store.create_workshop(db, title="Network drill", city="Gdansk", country="Poland").workshop.code
    run = ServeRun.start(db_path, "--expected", "1")
    relay = Relay(run.port)
    context = browser.new_context(viewport={"width": 900, "height": 700})
    try:
        page = context.new_page()
        page.goto(participant_link(f"http://127.0.0.1:{relay.port}/", code), timeout=LOAD)
        page.locator(".fk-join-name input").wait_for(timeout=LOAD)
        relay.cut(3)
        cut = time.monotonic()
        page.locator(".fk-connection-lost").wait_for(timeout=WAIT)
        assert "Reconnecting" in page.locator(".fk-connection-lost").inner_text()
        page.locator(".fk-connection-lost").wait_for(state="detached", timeout=30_000)
        print(f"\n[outage] a 3 s network drop: the banner went {time.monotonic() - cut:.1f} s after the cut")
        page.fill(".fk-join-name input", "Ola")  # the same kernel answers: no reload
        page.click(".fk-join-submit")
        page.locator(".fk-whoami", has_text="Ola").wait_for(timeout=WAIT)
    finally:
        context.close()
        relay.close()
        run.stop()
