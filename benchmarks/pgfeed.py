"""The change feed's load on PostgreSQL: N kernels' feeds polling, or listening, while ideas arrive.

    python -m benchmarks.pgfeed --url postgresql://USER@HOST:PORT/DB [--feeds 200] [--seconds 30]

Each feed runs as in a kernel: its own :class:`~facilitation.store.Database` (one pooled
connection), on an asyncio loop; the feeds are spread over a few processes. One writer adds
an idea a second. Modes:

* ``feed``: :class:`facilitation.live.Feed` as shipped: every 0.2 s it reads the notifications
  that arrived on the kernel's one connection (which LISTENs); ``bump`` NOTIFYs;
* ``poll``: the same feed polling the workshop's revisions, one autocommit statement a tick
  straight through psycopg (the cheapest polling);
* ``poll-before``: the feed before PostgreSQL was first-class (pre-ping, BEGIN, the sum of the
  whole ``revisions`` table, COMMIT: 4 statements a poll);
* ``listen``: a dedicated asyncio LISTEN connection per feed, woken by the socket (no tick).

Reported per mode: polls (or wake-ups) a second, the server's CPU (all its processes, from
/proc), the feed processes' CPU, the kit's connections, and the delay from an idea's commit
to each feed seeing it (p50/p95).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import statistics
import time

import psutil
from sqlalchemy import create_engine, text

CHANNEL = "fk_revisions"
INTERVAL = 0.2


def server_processes(url: str) -> list[psutil.Process]:
    """The postmaster of ``url``'s server and its children (read through a backend's parent)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        master = psutil.Process(pid).parent()
    engine.dispose()
    return [master, *master.children()]


def server_cpu(url: str) -> float:
    total = 0.0
    for proc in server_processes(url):
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def kit_connections(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE application_name IN "
                              "('facilitation', 'fk-listen')")).scalar_one()
    engine.dispose()
    return n


def feeds_process(mode: str, url: str, wid: int, count: int, seconds: float, last_commit, out) -> None:
    """Run ``count`` feeds for ``seconds``; put (polls, delays, cpu) on ``out``."""
    from facilitation import store
    from facilitation.live import Feed

    delays: list[float] = []
    polls = 0

    async def main() -> None:
        nonlocal polls
        if mode == "listen":
            import psycopg

            async def listener() -> None:
                nonlocal polls
                conninfo = url.replace("postgresql+psycopg://", "postgresql://")
                conn = await psycopg.AsyncConnection.connect(conninfo, autocommit=True, application_name="fk-listen")
                await conn.execute(f"LISTEN {CHANNEL}")
                while True:  # the generator holds the connection: leave it to read the revisions
                    async for _note in conn.notifies(stop_after=1):
                        pass
                    polls += 1
                    await conn.execute("SELECT topic, rev FROM revisions WHERE workshop_id = %s", (wid,))
                    delays.append(time.time() - last_commit.value)

            tasks = [asyncio.create_task(listener()) for _ in range(count)]
            await asyncio.sleep(seconds)
            for task in tasks:
                task.cancel()
            return
        feeds = []
        for _ in range(count):
            db = store.Database(url, migrate=False)
            if mode == "poll-before":
                db.engine = create_engine(db.url, pool_pre_ping=True, connect_args={"application_name": "facilitation"})
                db.change_counter = _whole_table_sum(db)
            elif mode == "poll":
                db.change_counter = _workshop_sum(db)
            feed = Feed(db, wid, interval=INTERVAL)
            feed.subscribe(lambda _topics: delays.append(time.time() - last_commit.value))
            feed.start()
            feeds.append(feed)
        await asyncio.sleep(seconds)
        for feed in feeds:
            feed.stop()
            polls += feed.polls
            feed.db.close()

    start = psutil.Process().cpu_times()
    asyncio.run(main())
    end = psutil.Process().cpu_times()
    out.put((polls, delays, end.user + end.system - start.user - start.system))


def _whole_table_sum(db):
    def counter(_workshop_id=None) -> int:
        with db.engine.connect() as conn, conn.begin():
            return int(conn.execute(text("SELECT coalesce(sum(rev), 0) FROM revisions")).scalar_one())
    return counter


def _workshop_sum(db):
    def counter(workshop_id=None) -> int:
        pooled = db.engine.raw_connection()
        try:
            driver = pooled.driver_connection
            driver.autocommit = True
            row = driver.execute("SELECT coalesce(sum(rev), 0) FROM revisions WHERE workshop_id = %s",
                                 (workshop_id,)).fetchone()
            driver.autocommit = False
            return int(row[0])
        finally:
            pooled.close()
    return counter


def run(mode: str, url: str, feeds: int, seconds: float, processes: int) -> dict:
    from facilitation import store

    with store.Database(url) as db:
        created = store.create_workshop(db, title=f"Feed load {mode}", city="Warsaw")
        wid = created.workshop.id
        for n in range(30):  # other workshops' rows, as on a server that holds a programme
            store.create_workshop(db, title=f"Other {n}", city="Krakow")
    ctx = mp.get_context("fork")
    last_commit = ctx.Value("d", time.time())
    out = ctx.Queue()
    share = [feeds // processes + (1 if i < feeds % processes else 0) for i in range(processes)]
    procs = [ctx.Process(target=feeds_process, args=(mode, url, wid, n, seconds, last_commit, out)) for n in share]
    for proc in procs:
        proc.start()
    time.sleep(min(10.0, seconds / 4))  # connections open, feeds settle
    cpu0, t0 = server_cpu(url), time.monotonic()
    connections = kit_connections(url)
    ideas = 0
    with store.Database(url) as db:
        while time.monotonic() - t0 < seconds / 2:
            with db.write() as conn:
                from facilitation.store import ideas as ideas_module
                from facilitation.domain.records import Idea
                from facilitation.store.db import bump, now

                idea = Idea(workshop_id=wid, title=f"Idea {ideas}", scale="small", driver="central")
                ideas_module.insert_idea(conn, idea, private=False, stamp=now())
                bump(conn, wid, "ideas")  # NOTIFYs the kit's channel
                if mode == "listen":
                    conn.execute(text(f"NOTIFY {CHANNEL}, '{wid}'"))
            last_commit.value = time.time()
            ideas += 1
            time.sleep(1.0)
    cpu1, t1 = server_cpu(url), time.monotonic()
    results = [out.get(timeout=seconds * 4) for _ in procs]
    for proc in procs:
        proc.join()
    polls = sum(r[0] for r in results)
    delays = sorted(d for r in results for d in r[1] if d < 5)
    return {
        "mode": mode, "feeds": feeds, "ideas": ideas, "connections": connections,
        "polls_per_s": round(polls / seconds, 1),
        "server_cpu_share": round((cpu1 - cpu0) / (t1 - t0), 3),
        "feed_processes_cpu_share": round(sum(r[2] for r in results) / seconds, 3),
        "seen_p50_s": round(statistics.median(delays), 3) if delays else None,
        "seen_p95_s": round(delays[int(len(delays) * 0.95) - 1], 3) if delays else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--modes", default="feed,poll,poll-before,listen")
    args = parser.parse_args()
    from facilitation.store import resolve_url

    url = resolve_url(args.url)
    for mode in args.modes.split(","):
        print(json.dumps(run(mode, url, args.feeds, args.seconds, args.processes)), flush=True)


if __name__ == "__main__":
    main()
