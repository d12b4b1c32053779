"""One participant floods the wall while the room watches: does an honest idea still arrive in time?

    python -m benchmarks.flood [--url DATABASE_URL] [--watchers 12] [--flooders 2] [--ideas 10]

Every page runs as in a kernel, each in its own process with its own
:class:`~facilitation.store.Database`: ``--watchers`` pages follow the wall through
:class:`facilitation.live.Feed` (polling every 0.2 s, as shipped), and ``--flooders`` pages of ONE
participant post ideas in a loop as fast as the store answers (issue 23 measured a page getting
343 ideas accepted in 15 s before the store bounded each participant's posts). Honest participants
post ``--ideas`` ideas, one a second. Two phases in one run, on one database: a baseline without
the flood, then the same with it. Reported per phase: the delay from an honest idea's commit to
each watching page seeing it (median, p95, max), and for the flood the flooder's accepted and
refused posts. Results go to ``benchmarks/results/flood-BACKEND.{json,md}`` (sqlite, postgresql).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from facilitation import store
from facilitation.domain.errors import LimitReached
from facilitation.live import Feed
from facilitation.store import rates

RESULTS = Path(__file__).parent / "results"
FLOODER = "f" * 40
POLL = 0.2


def _watch(url: str, workshop_id: int, titles: list[str], deadline: float, ready: mp.Queue, out: mp.Queue) -> None:
    """A watching page: its feed's poll tick; when the wall changes, which honest ideas are new."""
    db = store.Database(url, migrate=False)
    feed = Feed(db, workshop_id)
    feed.poll_once()
    ready.put(True)
    seen: dict[str, float] = {}
    wanted = set(titles)
    while time.time() < deadline and wanted - set(seen):
        if "ideas" in feed.poll_once():
            stamp = time.time()
            for idea in store.list_ideas(db, workshop_id):
                if idea.title in wanted and idea.title not in seen:
                    seen[idea.title] = stamp
        time.sleep(POLL)
    db.close()
    out.put(seen)


def _flood(url: str, code: str, stop_at: Any, ready: mp.Queue, out: mp.Queue) -> None:
    """A flooding page: post as fast as the store answers until ``stop_at``."""
    db = store.Database(url, migrate=False)
    ready.put(True)
    accepted = refused = 0
    while time.time() < stop_at.value:
        try:
            store.add_idea(db, code, FLOODER, title="Flood", scale="small", driver="central")
            accepted += 1
        except LimitReached:
            refused += 1
    db.close()
    out.put((accepted, refused))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def phase(url: str, code: str, workshop_id: int, *, name: str, watchers: int, flooders: int,
          ideas: int) -> dict:
    """One phase: start the pages, post the honest ideas a second apart, collect the delays."""
    ctx = mp.get_context("spawn")
    titles = [f"{name} honest idea {n}" for n in range(ideas)]
    tokens = [f"{name[:1]}{n:03d}".ljust(40, "h") for n in range(ideas)]
    db = store.Database(url, migrate=False)
    with rates.unlimited():  # this process stands in for the honest participants' many pages
        for n, token in enumerate(tokens):
            store.join(db, code, token, f"Honest {n}")
    warmup = 2.0  # the flood runs this long before the first honest idea, and one second after the last
    ends = time.time() + 120 + warmup + ideas  # every page's own deadline (starting them takes a while)
    ready_q: mp.Queue = ctx.Queue()
    seen_q: mp.Queue = ctx.Queue()
    flood_q: mp.Queue = ctx.Queue()
    stop_at = ctx.Value("d", ends)
    pages = [ctx.Process(target=_watch, args=(url, workshop_id, titles, ends, ready_q, seen_q))
             for _ in range(watchers)]
    pages += [ctx.Process(target=_flood, args=(url, code, stop_at, ready_q, flood_q)) for _ in range(flooders)]
    for page in pages:
        page.start()
    for _ in pages:
        ready_q.get(timeout=120)  # every page has started (spawn imports the kit) and follows the wall
    time.sleep(warmup)  # the flood is on
    committed: dict[str, float] = {}
    for token, title in zip(tokens, titles, strict=True):
        store.add_idea(db, code, token, title=title, scale="small", driver="central")
        committed[title] = time.time()
        time.sleep(1.0)
    stop_at.value = time.time() + 1.0
    seen = [seen_q.get(timeout=120) for _ in range(watchers)]
    floods = [flood_q.get(timeout=120) for _ in range(flooders)]
    for page in pages:
        page.join(30)
    db.close()
    delays = [s[title] - committed[title] for s in seen for title in titles if title in s]
    missed = sum(1 for s in seen for title in titles if title not in s)
    return {
        "phase": name, "watchers": watchers, "flooding_pages": flooders, "honest_ideas": ideas,
        "median_s": round(statistics.median(delays), 3) if delays else None,
        "p95_s": round(_percentile(delays, 0.95), 3) if delays else None,
        "max_s": round(max(delays), 3) if delays else None,
        "missed": missed,
        "flood_accepted": sum(a for a, _ in floods), "flood_refused": sum(r for _, r in floods),
        "flood_seconds": round(ideas + 1 + warmup, 1) if flooders else 0,  # honest ideas are a second apart
    }


def run(url: str, *, watchers: int, flooders: int, ideas: int) -> list[dict]:
    db = store.Database(url)
    created = store.create_workshop(db, title="Flood benchmark", city="Gdansk", country="Poland",
                                    lat=54.35, lon=18.65)
    code, wid = created.workshop.code, created.workshop.id
    with rates.unlimited():
        store.join(db, code, FLOODER, "Fast")
    db.close()
    return [phase(url, code, wid, name="baseline", watchers=watchers, flooders=0, ideas=ideas),
            phase(url, code, wid, name="flood", watchers=watchers, flooders=flooders, ideas=ideas)]


def report(rows: list[dict], url: str) -> str:
    # The database's kind only: a results file names no machine's paths or hosts.
    lines = [f"# Honest ideas during a flood ({store.Database(url, migrate=False).dialect})", "",
             "| phase | watching pages | flooding pages | median s | p95 s | max s | missed | flood accepted "
             "| flood refused | flood s |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['phase']} | {r['watchers']} | {r['flooding_pages']} | {r['median_s']} | {r['p95_s']} | "
                     f"{r['max_s']} | {r['missed']} | {r['flood_accepted']} | {r['flood_refused']} | "
                     f"{r['flood_seconds']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="", help="database URL (default: a new SQLite file)")
    parser.add_argument("--watchers", type=int, default=12)
    parser.add_argument("--flooders", type=int, default=2)
    parser.add_argument("--ideas", type=int, default=10)
    args = parser.parse_args()
    url = args.url or "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="fk-flood-")) / "flood.sqlite")
    rows = run(url, watchers=args.watchers, flooders=args.flooders, ideas=args.ideas)
    text = report(rows, url)
    RESULTS.mkdir(exist_ok=True)
    backend = store.Database(url, migrate=False).dialect
    (RESULTS / f"flood-{backend}.json").write_text(json.dumps(rows, indent=2) + "\n")
    (RESULTS / f"flood-{backend}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
