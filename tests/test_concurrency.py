"""Many OS processes writing into one SQLite file at once; a writer killed mid-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from facilitation import store

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


@pytest.mark.slow
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
