"""Capacity at programme scale: arrivals, a burst, the memory of a room, a busy room, a join's weight.

``python -m benchmarks.scale`` (part of ``make bench``; ``--quick`` runs a small version in a few
minutes). Protocol-level pages (:class:`benchmarks.protocol.PageClient`) stand for phones, as
in ``benchmarks.run``; each target gets a fresh server and a fresh workshop with its brainstorm
open. Targets, measured in the same run:

kit       ``facilitation serve`` (one Voila server)
kit-2w    ``facilitation serve --workers 2`` (two servers behind HAProxy; needs haproxy)
kit-before  the kit before issue 15 (commit :data:`BEFORE_COMMIT`, unpacked from git history into
          the scratch folder and run with this environment; skipped with a sentence without it)
plain     ``voila notebooks/`` with Voila's defaults (arrivals and burst only: it leaks and crawls)

Scenarios per target:

arrivals  ``--arrivals`` participants open the link at random moments over ``--over`` seconds
          and join; seconds until each page is interactive (p50, p95, max)
memory    the room that arrived: RSS of the whole process tree and of one kernel
busy      with those pages connected, one idea a second for ``--ideas`` ideas: seconds until
          every other page shows each idea, CPU seconds per idea (server tree and machine), and
          the CPU a kernel spends per change
burst     ``--burst`` participants open the link at the same moment (fresh server)
weight    (Chromium, unless ``--no-browser``) bytes and requests of a first join and of a rejoin in Chromium

Results: ``benchmarks/results/scale[-quick].json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from facilitation.serve import proxy

from . import servers, stats
from .harness import chromium_available, free_port, free_port_run
from .protocol import PageClient, PageError
from .run import IDEA_CLASS, JOIN_CLASS, MB, RESULTS, Crowd, make_workshop


# The kit before issue 15 (PostgreSQL, workers, light join): the "kit-before" target runs it.
BEFORE_COMMIT = "9241c69"


def before_tree(workdir: Path) -> Path | None:
    """The kit's source at :data:`BEFORE_COMMIT`, unpacked from this clone's history into
    ``workdir`` (``git archive``: no worktree, nothing changes in the repository); None, with a
    sentence printed, when there is no git or no such commit (a shallow clone)."""
    tree = workdir / "kit-before"
    if (tree / "facilitation").is_dir():
        return tree
    tree.mkdir(parents=True, exist_ok=True)
    try:
        archive = subprocess.run(["git", "-C", str(servers.REPO), "archive", BEFORE_COMMIT],
                                 capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    except (OSError, subprocess.CalledProcessError):
        print(f"kit-before skipped: commit {BEFORE_COMMIT} is not in this clone's history (or git is missing).")
        return None
    return tree


def make_workshop_in(tree: Path, db_path: Path) -> str:
    """A workshop made by the kit in ``tree`` (an older kit reads only a database it made)."""
    code = ("import sys; from pathlib import Path; from benchmarks.run import make_workshop; "
            "print(make_workshop(Path(sys.argv[1])))")
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", code, str(db_path)], cwd=str(tree), env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def start(target: str, workdir: Path, expected: int, phase: str = "") -> tuple[servers.Server, servers.Sampler, str]:
    db_path = workdir / f"{target}-{time.monotonic_ns()}.sqlite"
    tree = before_tree(workdir) if target == "kit-before" else None
    code = make_workshop_in(tree, db_path) if tree else make_workshop(db_path)
    log = workdir / f"{target}{'-' + phase if phase else ''}.log"
    port = free_port() if target != "kit-2w" else free_port_run(2)
    if target == "plain":
        srv = servers.start_plain(db_path, code, port, log)
    else:
        srv = servers.start_kit(db_path, code, port, expected, log, workers=2 if target == "kit-2w" else 1,
                                root=tree, name=target)
    sampler = servers.Sampler(srv.voila)
    sampler.wait_quiet(kernels_at_least=srv.pool, timeout=300)
    return srv, sampler, code



class Room(Crowd):
    """A crowd whose members arrive at random moments (or all at once) and join."""

    def arrive(self, over: float, seed: int = 15) -> list[float]:
        """Each participant opens the link at a random moment in ``over`` s; seconds to interactive."""
        rng = random.Random(seed)
        starts = sorted(rng.uniform(0, over) for _ in range(self.n))
        t0 = time.monotonic()
        ready: list[float] = []
        lock = threading.Lock()

        def one(i: int) -> None:
            time.sleep(max(starts[i] - (time.monotonic() - t0), 0))
            client = PageClient(self.url, timeout=180)
            try:
                timings = client.open(JOIN_CLASS)
                with lock:
                    ready.append(timings.interactive or 0.0)
                client.type_text("fk-join-name", f"Participant {i + 1}")
                client.click(JOIN_CLASS)
                client.wait(lambda: client.find(IDEA_CLASS) is not None, "the brainstorm form")
                with lock:
                    self.clients.append(client)
            except (PageError, OSError) as exc:
                with lock:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                client.close(beacon=False)

        with ThreadPoolExecutor(max_workers=self.n) as pool:
            list(pool.map(one, range(self.n)))
        self._beat = threading.Thread(target=self._heartbeats, daemon=True)
        self._beat.start()
        return ready

    def close_all(self) -> None:
        self._stop.set()
        for client in self.clients:
            client.close(beacon=True)


def busy(room: Room, sampler: servers.Sampler, ideas: int) -> dict[str, Any]:
    """One idea about every second with every page connected: propagation and CPU per idea."""
    sampler.wait_quiet(timeout=120)
    before_tree, before_machine = sampler.cpu_total(), servers.machine_busy_seconds()
    before_kernels = _kernel_cpu(sampler)
    started = time.monotonic()
    result = room.propagate(ideas, settle=10.0)
    sampler.wait_quiet(timeout=60)  # the pages' reactions finish
    pages = len(room.clients)
    kernel_cpu = _kernel_cpu(sampler) - before_kernels
    result.update(
        pages=pages, seconds=round(time.monotonic() - started, 1),
        cpu_per_idea_tree=(sampler.cpu_total() - before_tree) / max(ideas, 1),
        cpu_per_idea_machine=(servers.machine_busy_seconds() - before_machine) / max(ideas, 1),
        kernel_ms_per_change=1000 * kernel_cpu / max(ideas * pages, 1),
    )
    return result


def _kernel_cpu(sampler: servers.Sampler) -> float:
    now = sampler.sample()
    return sum(now.cpu.get(pid, 0.0) for pid in now.kernels.values())


def run_target(target: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    # The box may be shared: the 1-minute load average before and after, with every figure.
    out: dict[str, Any] = {"load_before": round(os.getloadavg()[0], 1)}
    srv, sampler, _code = start(target, workdir, expected=args.arrivals, phase="arrivals")
    room = Room(srv.participant_url, args.arrivals, heartbeat=20.0)
    try:
        ready = room.arrive(args.over)
        out["arrivals"] = {"n": args.arrivals, "over_s": args.over, "interactive": stats.summary(ready),
                           "errors": len(room.errors), "error_kinds": sorted(set(room.errors))[:3]}
        if target != "plain":
            sampler.wait_quiet(timeout=120)
            kernels = sampler.kernel_rss([c.kernel_id for c in room.clients])
            out["memory"] = {"pages": len(room.clients), "tree_mb": round(sampler.rss_total() / MB),
                             "kernel_mb_median": round(stats.percentile(kernels, 50) / MB) if kernels else None}
            out["busy"] = busy(room, sampler, args.ideas)
    finally:
        room.close_all()
        sampler.stop()
        srv.stop()
    srv, sampler, _code = start(target, workdir, expected=args.burst, phase="burst")
    crowd = Crowd(srv.participant_url, args.burst, heartbeat=20.0)
    try:
        tti = crowd.join_all()
        out["burst"] = {"n": args.burst, "interactive": stats.summary([t.interactive or 0.0 for t in tti]),
                        "errors": len(crowd.errors), "error_kinds": sorted(set(crowd.errors))[:3]}
    finally:
        crowd._stop.set()
        for client in crowd.clients:
            client.close(beacon=True)
        sampler.stop()
        srv.stop()
    out["load_after"] = round(os.getloadavg()[0], 1)
    return out


def join_weight(workdir: Path) -> dict[str, Any]:
    """First join and rejoin of the participant page in Chromium (kit, one server)."""
    from playwright.sync_api import sync_playwright

    from .harness import CHROMIUM, CHROMIUM_ARGS
    from .joinweight import first_and_rejoin

    srv, sampler, _code = start("kit", workdir, expected=2)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            first, again = first_and_rejoin(browser, srv.participant_url, "." + JOIN_CLASS)
            browser.close()
        return {"first_join": first.summary(), "rejoin": again.summary()}
    finally:
        sampler.stop()
        srv.stop()


def markdown(results: dict[str, Any]) -> str:
    header = ("| target | arrivals p50 / p95 / max (s) | burst p95 (s) | room RSS (MB) | kernel (MB) | "
              "busy: pages | idea on all pages p95 (s) | CPU-s per idea (tree / machine) | kernel ms per change | "
              "load avg before / after |")
    rows = [header, "|---|---|---|---|---|---|---|---|---|---|"]
    for target, r in results["targets"].items():
        a, b = r.get("arrivals", {}).get("interactive", {}), r.get("burst", {}).get("interactive", {})
        m, busy_ = r.get("memory", {}), r.get("busy", {})
        rows.append(" | ".join([
            f"| {target}", f"{stats.fmt(a.get('p50'))} / {stats.fmt(a.get('p95'))} / {stats.fmt(a.get('max'))}",
            stats.fmt(b.get("p95")), stats.fmt(m.get("tree_mb"), digits=0),
            stats.fmt(m.get("kernel_mb_median"), digits=0),
            stats.fmt(busy_.get("pages"), digits=0), stats.fmt(busy_.get("to_all", {}).get("p95")),
            f"{stats.fmt(busy_.get('cpu_per_idea_tree'))} / {stats.fmt(busy_.get('cpu_per_idea_machine'))}",
            stats.fmt(busy_.get("kernel_ms_per_change"), digits=1),
            f"{stats.fmt(r.get('load_before'), digits=1)} / {stats.fmt(r.get('load_after'), digits=1)}"]) + " |")
    p = results["params"]
    head = (f"Arrivals: {p['arrivals']} over {p['over']} s; burst: {p['burst']} at once; busy room: "
            f"{p['ideas']} ideas about one a second. {results['machine']}\n\n")
    weight = results.get("join_weight")
    tail = (f"\n\nJoin weight (Chromium): first join {weight['first_join']['requests']} requests, "
            f"{weight['first_join']['kB']} kB; rejoin {weight['rejoin']['requests']} requests, "
            f"{weight['rejoin']['kB']} kB.\n") if weight else "\n"
    return head + "\n".join(rows) + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1",
                        help="a small version, minutes not an hour (env BENCH_QUICK=1)")
    parser.add_argument("--arrivals", type=int, default=200)
    parser.add_argument("--over", type=float, default=60.0)
    parser.add_argument("--burst", type=int, default=60)
    parser.add_argument("--ideas", type=int, default=60)
    parser.add_argument("--targets", default="kit,kit-2w,kit-before,plain")
    parser.add_argument("--no-browser", action="store_true", help="skip the join's weight in Chromium")
    parser.add_argument("--logs", default="", metavar="DIR", help="keep the servers' logs and databases here")
    args = parser.parse_args(argv)
    if args.quick:
        args.arrivals, args.over, args.burst, args.ideas = 12, 10.0, 8, 5
    targets = [t for t in args.targets.split(",") if t]
    if "kit-2w" in targets and proxy.haproxy_binary() is None:
        print("kit-2w skipped: HAProxy is not installed (apt-get install haproxy).")
        targets.remove("kit-2w")
    import platform

    results: dict[str, Any] = {
        "params": {"arrivals": args.arrivals, "over": args.over, "burst": args.burst, "ideas": args.ideas},
        "machine": f"{os.cpu_count()} cores, {platform.python_version()}, {time.strftime('%Y-%m-%d')}",
        "targets": {}}
    with tempfile.TemporaryDirectory(prefix="fk-scale-") as scratch:
        tmp = args.logs or scratch
        Path(tmp).mkdir(parents=True, exist_ok=True)
        if "kit-before" in targets and before_tree(Path(tmp)) is None:
            targets.remove("kit-before")
        for target in targets:
            print(f"--- {target}", flush=True)
            results["targets"][target] = run_target(target, args, Path(tmp))
            print(json.dumps(results["targets"][target], default=str), flush=True)
        if not args.no_browser and chromium_available():
            results["join_weight"] = join_weight(Path(tmp))
    RESULTS.mkdir(exist_ok=True)
    name = "scale-quick" if args.quick else "scale"
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2, default=str))
    (RESULTS / f"{name}.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
