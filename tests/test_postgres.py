"""PostgreSQL as a store: the driver extra, passwords never printed, one connection per kernel.

The store's behaviour on PostgreSQL is proven by the store test modules, which run on both
databases (conftest ``BOTH_BACKENDS``), and by test_concurrency; these are the server-only facts.
"""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from facilitation import cli, store
from facilitation.live import Feed
from facilitation.store import db as dbmod
from facilitation.store import server

import pgserver

PASSWORD = "s3cret-Pa55word"


def with_password(url: str) -> str:
    """``url`` with a password (the test cluster trusts local connections, so any password works)."""
    return make_url(url).set(password=PASSWORD).render_as_string(hide_password=False)


def admin(url: str):
    return create_engine(pgserver.with_driver(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def test_postgresql_urls_use_the_psycopg_driver():
    assert store.resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert store.resolve_url("postgres://u@h:5433/db") == "postgresql+psycopg://u@h:5433/db"
    assert store.resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_missing_driver_is_one_sentence_without_the_password():
    program = ("import sys; sys.modules['psycopg'] = None\n"
               "from facilitation.cli import main\n"
               f"sys.exit(main(['--db', 'postgresql://kit:{PASSWORD}@127.0.0.1:9/workshops', 'list']))")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == "facilitation: PostgreSQL needs the driver: pip install 'facilitation[postgres]'\n"
    assert PASSWORD not in done.stdout + done.stderr


def test_a_server_that_cannot_be_reached_is_one_line_without_the_password(capsys):
    from benchmarks.harness import free_port

    url = f"postgresql://kit:{PASSWORD}@127.0.0.1:{free_port()}/workshops"
    assert cli.main(["--db", url, "list"]) == 2
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err and "Traceback" not in err
    assert err.count("\n") == 1 and "***" in err and "cannot be used" in err


def test_doctor_reports_the_server_without_the_password(pg_url, capsys):
    url = with_password(pg_url)
    assert cli.main(["--db", url, "doctor"]) == 0
    out = capsys.readouterr().out
    assert PASSWORD not in out
    assert f"url: {make_url(url).render_as_string(hide_password=True)}" in out
    assert "server_version: 15" in out or "server_version: 1" in out
    assert f"schema_version: {store.LATEST_VERSION}" in out and "integrity: ok" in out


def backends(url: str) -> int:
    """Sessions of the kit (application_name) connected to ``url``'s database."""
    engine = admin(url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d AND "
                              "application_name = 'facilitation'"), {"d": make_url(url).database}).scalar_one()
    engine.dispose()
    return n


def commits(url: str) -> int:
    engine = admin(url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = :d"),
                         {"d": make_url(url).database}).scalar_one()
    engine.dispose()
    return n


def test_a_kernel_holds_one_connection_and_a_poll_sends_nothing(pg_url):
    with store.Database(pg_url) as db:
        created = store.create_workshop(db, title="Pool", city="Lodz")
        code, wid = created.workshop.code, created.workshop.id
        feed = Feed(db, wid)
        seen: list[set[str]] = []
        feed.subscribe(seen.append)
        store.join(db, code, "pool-test-token-00000000000", "Ola")
        for _ in range(20):
            feed.poll_once()
            store.list_ideas(db, wid)
        assert seen and "participants" in seen[0]
        assert backends(pg_url) == 1  # the page's store calls and its feed share one connection

        # A quiet room: the feed's ticks read the socket and send no statement at all.
        before = commits(pg_url)
        for _ in range(100):
            assert feed.poll_once() == set()
        assert commits(pg_url) - before <= 3  # the admin lookups of commits() itself

        # Another kernel's write reaches this feed through the notification on its one connection.
        with store.Database(pg_url) as other:
            store.join(other, code, "pool-test-token-11111111111", "Ewa")
        assert feed.poll_once() == {"participants"}
        assert backends(pg_url) == 1


def test_a_connection_the_server_dropped_is_replaced_before_use(pg_url, monkeypatch):
    with store.Database(pg_url) as db:
        created = store.create_workshop(db, title="Restart", city="Torun")
        monkeypatch.setattr(server, "IDLE_PING_S", 0.0)  # every checkout counts as after an idle spell
        engine = admin(pg_url)
        with engine.connect() as conn:
            ended = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                      "WHERE datname = :d AND application_name = 'facilitation'"),
                                 {"d": make_url(pg_url).database}).scalar_one()
        engine.dispose()
        assert ended == 1
        assert [w.code for w in store.list_workshops(db)] == [created.workshop.code]


def test_revisions_are_bumped_by_upsert(pg_url):
    with store.Database(pg_url) as db:
        wid = store.create_workshop(db, title="Bump", city="Opole").workshop.id
        with db.write() as conn:
            dbmod.bump(conn, wid, "ideas", "votes", "ideas")
            dbmod.bump(conn, wid, "ideas")
        revs = db.revisions(wid)
    assert revs["ideas"] == 2 and revs["votes"] == 1


def test_forget_exits_zero_and_rewrites_the_tables(pg_url, capsys):
    from facilitation.demo import load_demo

    with store.Database(pg_url) as db:
        code, _key = load_demo(db)
    assert cli.main(["--db", pg_url, "forget", code, "Anna (city planner)"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "name erased" in captured.out
