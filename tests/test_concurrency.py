"""Many OS processes writing into one store at once (SQLite and PostgreSQL); a writer killed mid-run.

SQLite serialises writers; on PostgreSQL they run concurrently, so these tests are where the
store's locks prove themselves: processes are started, open the database, and are released
together (:func:`at_once`), then the rules are checked in the data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from facilitation import store
from facilitation.store import schema

IMPORTS = "import sys\nfrom facilitation import store\nfrom facilitation.domain.errors import LimitReached\n"
OPEN = "db = store.Database(sys.argv[1])\n"
# The go signal: every process starts at the same moment.
READY = 'print("ready", flush=True)\nsys.stdin.readline()\n'


def at_once(script: str, runs: list[list[str]], *, open_first: bool = True, timeout: float = 300) -> list[str]:
    """Run ``script`` in one process per argument list, released together; their stdout.

    Each process has ``db`` open on ``argv[1]`` before the release (``open_first``) or opens
    it right after. Fails the test with the first error output when any process fails.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    code = IMPORTS + (OPEN + READY if open_first else READY + OPEN) + textwrap.dedent(script)
    procs = [subprocess.Popen([sys.executable, "-c", code, *args], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for args in runs]
    try:
        for proc in procs:
            line = proc.stdout.readline()
            if line.strip() != "ready":
                proc.wait(timeout=timeout)
                pytest.fail(f"a process did not open the database: {proc.stderr.read()[-2000:]}")
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=timeout) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    errors = [err for (_, err), proc in zip(results, procs) if proc.returncode != 0]
    assert errors == [], errors[0][-2000:]
    return [out for out, _ in results]


VOTER = """
    code, token, idea = sys.argv[2], sys.argv[3], int(sys.argv[4])
    try:
        store.vote(db, code, token, idea)
        print("voted")
    except LimitReached:
        print("refused")
    """


@pytest.mark.slow
@pytest.mark.parametrize("spread", [4, 1], ids=["four-ideas", "one-idea"])
def test_eight_pages_voting_at_once_never_exceed_the_budget_or_the_cap(workshop, spread):
    db, code = workshop.db, workshop.code
    author = "concurrency-author-token-000000"
    store.join(db, code, author, "Author")
    ideas = [store.add_idea(db, code, author, title=f"Idea {n}", scale="small", driver="central").id
             for n in range(spread)]
    voter = "concurrency-voter-token-0000000"
    who = store.join(db, code, voter, "Voter")
    budget, per_idea = store.get_workshop(db, code).vote_budget, store.get_workshop(db, code).votes_per_idea
    assert per_idea < budget < 4 * per_idea  # so four ideas test the budget and one idea the cap

    outs = at_once(VOTER, [[db.url, code, voter, str(ideas[n % spread])] for n in range(8)])

    standing = store.my_votes(db, workshop.id, who.id)
    expected = min(budget, spread * per_idea)
    assert sum(standing.values()) == expected
    assert all(n <= per_idea for n in standing.values())
    assert [o.strip() for o in outs].count("voted") == expected
    assert store.votes_left(db, workshop.id, who.id) == budget - expected


JOINER = """
    code, token, ideas = sys.argv[2], sys.argv[3], int(sys.argv[4])
    me = store.join(db, code, token, token[-4:])
    print(me.id, flush=True)
    for i in range(ideas):
        store.add_idea(db, code, token, title=f"{token[-4:]}/{i}", scale="large", driver="individual")
    """


@pytest.mark.slow
def test_eight_joins_and_eight_times_fifty_ideas_at_once_all_succeed(workshop):
    db = workshop.db
    tokens = [f"concurrency-joiner-token-{n:06d}" for n in range(8)]
    outs = at_once(JOINER, [[db.url, workshop.code, token, "50"] for token in tokens])
    ids = {int(o.split()[0]) for o in outs}
    assert len(ids) == 8
    assert {p.id for p in store.participants(db, workshop.id)} == ids
    titles = {i.title for i in store.list_ideas(db, workshop.id, facilitator=True)}
    assert titles == {f"{t[-4:]}/{i}" for t in tokens for i in range(50)}
    # Every write bumped the revisions: 8 joins and 400 ideas, none lost to a race.
    revs = db.revisions(workshop.id)
    assert revs["participants"] == 8 and revs["ideas"] == 400


@pytest.mark.slow
def test_one_device_joining_from_eight_pages_at_once_is_one_participant(workshop):
    db = workshop.db
    token = "concurrency-same-device-token-00"
    outs = at_once(JOINER, [[db.url, workshop.code, token, "0"] for _ in range(8)])
    assert len({o.strip() for o in outs}) == 1
    assert [p.id for p in store.participants(db, workshop.id)] == [int(outs[0])]


OPENER = """
    print(db.diagnostics()["schema_version"])
    """


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """An empty database on ``backend``: a path where no SQLite file exists yet, or a new PostgreSQL database."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_url")
    return str(tmp_path / "fresh.sqlite")


@pytest.mark.slow
def test_four_processes_opening_an_empty_database_at_once_all_succeed(empty_url):
    outs = at_once(OPENER, [[empty_url] for _ in range(4)], open_first=False)
    assert [o.strip() for o in outs] == [str(store.LATEST_VERSION)] * 4
    with store.Database(empty_url) as db:
        with db.read() as conn:
            versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
            workshops = conn.execute(select(func.count()).select_from(schema.workshops)).scalar_one()
        assert sorted(versions) == list(range(1, store.LATEST_VERSION + 1))
        assert workshops == 0
        assert db.integrity_check() == "ok"

PROCESSES = 16
PER_PROCESS = 100

WRITER = textwrap.dedent(
    """
    import sys
    from facilitation import store
    url, code, n, me = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    token = f"concurrency-writer-token-{me:0>4}"
    db = store.Database(url)
    store.join(db, code, token, f"Writer {me}")
    for i in range(n):
        idea = store.add_idea(db, code, token, title=f"{me}/{i}", scale="small", driver="central")
        store.vote(db, code, token, idea.id)
        if i < n - 3:  # keep the last three dots, give the others back (rows stay)
            store.withdraw_vote(db, code, token, idea.id)
        print(idea.id, flush=True)
    db.close()
    """
)


# SQLite only: on PostgreSQL the same races are covered by the 8 x 50 test above, at a third of the time.
@pytest.mark.slow
@pytest.mark.backends("sqlite")
def test_sixteen_processes_write_ideas_and_votes_without_loss(tmp_path, workshop):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, workshop.db.url, workshop.code, str(PER_PROCESS), str(n)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for n in range(PROCESSES)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    errors = [err for (_, err), p in zip(results, procs) if p.returncode != 0]
    assert errors == [], errors[0][-2000:]
    reported = {int(line) for out, _ in results for line in out.split()}
    assert len(reported) == PROCESSES * PER_PROCESS

    db = workshop.db
    ideas = store.list_ideas(db, workshop.id, facilitator=True)
    assert {i.id for i in ideas} == reported
    assert {i.title for i in ideas} == {f"{m}/{i}" for m in range(PROCESSES) for i in range(PER_PROCESS)}
    votes = store.vote_rows(db, workshop.id)
    assert len(votes) == PROCESSES * PER_PROCESS
    assert sum(1 for v in votes if v["withdrawn_at"] is None) == PROCESSES * 3
    assert db.integrity_check() == "ok"


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from facilitation import store
    url, code = sys.argv[1], sys.argv[2]
    token = "killed-writer-token-000000"
    db = store.Database(url)
    store.join(db, code, token, "")
    i = 0
    while True:
        idea = store.add_idea(db, code, token, title=f"row {i}", scale="large", driver="individual")
        print(idea.id, flush=True)
        i += 1
    """
)


@pytest.mark.slow
def test_sigkill_mid_write_loses_no_committed_row(tmp_path):
    path = tmp_path / "killed.sqlite"
    with store.Database(path) as db:
        created = store.create_workshop(db, title="Crash test", city="Sofia")
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path), created.workshop.code],
                            stdout=subprocess.PIPE, text=True)
    committed = []
    for line in proc.stdout:
        committed.append(int(line))
        if len(committed) >= 300:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    # Anything printed after our last read was committed too; read it before checking.
    committed += [int(x) for x in proc.stdout.read().split()]
    assert proc.returncode == -signal.SIGKILL

    with store.Database(path) as db:
        assert db.integrity_check() == "ok"
        ids = {i.id for i in store.list_ideas(db, created.workshop.id, facilitator=True)}
    assert set(committed) <= ids
    assert len(ids) - len(committed) <= 1  # at most the row whose id was not printed yet
