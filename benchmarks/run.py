"""Capacity benchmark: the kit (``facilitation serve``) against plain ``voila notebooks/``.

``make bench`` (or ``python -m benchmarks.run``); ``--quick`` smoke-tests it in a minute or
two. Everything runs on loopback, every loop is bounded, servers and browsers are stopped
at the end. Each phase gets a fresh server (same settings) so phases do not disturb each
other (quick mode: one server per target for all phases):

crowd     N protocol-level pages open the participant link at the same moment (time to
          interactive), join, ideas go round (propagation to every other page), RSS and
          CPU per join; then the pages leave (3 of 4 as a closed tab: shutdown beacon; 1
          of 4 as a crashed browser: no beacon) and we count their kernels still alive
          ``--after-close`` seconds later.
browser   the same with real Chromium pages (1 page alone, then ``--browser-n`` at once).
reloads   ``--devices`` participants reload their page ``--reloads`` times in all; total
          memory of the server's process tree after the first 20 and at the end (when the
          server is quiet). Plain Voila leaks a kernel per reload: that run stops once
          ``--leak-limit`` kernels have leaked and reports the growth per reload.
large     (full mode) a larger protocol crowd, ``--large-n`` pages, kit started with
          ``--expected`` of that size.

Results: ``benchmarks/results/capacity[-quick].json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

import psutil

from facilitation import store


from . import browser, servers, stats
from .harness import free_port
from .protocol import PageClient, PageError, Timings

RESULTS = Path(__file__).resolve().parent / "results"
MB = 2**20
JOIN_CLASS = "fk-join-submit"
IDEA_CLASS = "fk-idea-title"


@dataclass
class Params:
    n: int = 20
    ideas: int = 10
    browser_n: int = 20
    browser_ideas: int = 3
    browser_timeout: float = 300.0
    after_close: float = 120.0
    reloads: int = 200
    devices: int = 4
    leak_limit: int = 40
    large_n: int = 40
    heartbeat: float = 20.0
    quick: bool = False
    update: bool = False
    logs: str = ""
    targets: tuple[str, ...] = ("kit", "plain")
    phases: tuple[str, ...] = ("crowd", "browser", "reloads", "large")


def quick_params() -> Params:
    return Params(n=4, ideas=2, browser_n=2, browser_ideas=1, after_close=10.0, reloads=6, devices=2,
                  leak_limit=12, large_n=0, browser_timeout=90.0, quick=True, phases=("crowd", "browser", "reloads"))


# --- a workshop and a server for one phase -------------------------------------------------

@dataclass
class Stage:
    server: servers.Server
    sampler: servers.Sampler
    code: str
    db_path: Path

    @property
    def url(self) -> str:
        return self.server.participant_url


def make_workshop(db_path: Path) -> str:
    """A fresh workshop with its brainstorm open (ideas can be added at once)."""
    with store.Database(db_path) as db:
        created = store.create_workshop(db, title="Capacity benchmark", city="Benchmark")
        wid, code = created.workshop.id, created.workshop.code
        index = next(item.position for item in store.agenda(db, wid) if item.step == "brainstorm")
        store.set_phase(db, code, created.key, index)
    return code


def open_stage(target: str, workdir: Path, expected: int, log_name: str) -> Stage:
    db_path = workdir / f"{target}.sqlite"
    code = make_workshop(db_path)
    port = free_port()
    log = workdir / f"{log_name}.log"
    if target == "kit":
        srv = servers.start_kit(db_path, code, port, expected, log)
    else:
        srv = servers.start_plain(db_path, code, port, log)
    sampler = servers.Sampler(srv.voila)
    # Ready when the pool is full (kit) and the server has calmed down, as before a session.
    sampler.wait_quiet(kernels_at_least=srv.pool, timeout=240)
    return Stage(srv, sampler, code, db_path)


def close_stage(stage: Stage) -> None:
    stage.sampler.stop()
    stage.server.stop()


# --- protocol crowd --------------------------------------------------------------------------

def think_time(i: int) -> float:
    """Seconds participant ``i`` takes to type a name before joining: 2-5 s, spread evenly."""
    return 2.0 + (i * 0.618034) % 1.0 * 3.0


class Crowd:
    """N protocol-level participants and their heartbeat thread."""

    def __init__(self, url: str, n: int, heartbeat: float) -> None:
        self.url, self.n, self.heartbeat_every = url, n, heartbeat
        self.clients: list[PageClient] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def join_all(self) -> list[Timings]:
        """Everyone opens the link at the same moment, then joins; returns the pages' timings."""
        barrier = threading.Barrier(self.n)
        tti: list[Timings] = []
        lock = threading.Lock()

        def one(i: int) -> None:
            client = PageClient(self.url, timeout=120)
            barrier.wait()
            try:
                timings = client.open(JOIN_CLASS)
                with lock:
                    tti.append(timings)
                time.sleep(think_time(i))  # a person reads the page and types a name
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
        return tti

    def _heartbeats(self) -> None:
        while not self._stop.wait(self.heartbeat_every):
            for client in list(self.clients):
                try:
                    client.heartbeat()
                except Exception:
                    pass

    def propagate(self, ideas: int, settle: float = 10.0) -> dict[str, Any]:
        """``ideas`` ideas, one at a time from different authors; delay until each other page has it."""
        per_page: list[float] = []
        to_all: list[float] = []
        missing = 0
        for i in range(min(ideas, len(self.clients))):
            author = self.clients[i % len(self.clients)]
            others = [c for c in self.clients if c is not author]
            marker = f"idea-{uuid.uuid4().hex[:10]}"
            arrived: dict[int, float] = {}
            done = threading.Event()
            lock = threading.Lock()

            def seen(index: int) -> Callable[[float], None]:
                def callback(at: float) -> None:
                    with lock:
                        arrived[index] = at
                        if len(arrived) == len(others):
                            done.set()
                return callback

            for j, client in enumerate(others):
                client.watch_text(marker, seen(j))
            author.type_text(IDEA_CLASS, marker)
            author.choose("fk-idea-scale", 1)
            author.choose("fk-idea-driver", 1)
            clicked = time.monotonic()
            author.click("fk-idea-submit")
            done.wait(settle)
            with lock:
                delays = [at - clicked for at in arrived.values()]
            per_page.extend(delays)
            missing += len(others) - len(delays)
            if len(delays) == len(others) and delays:
                to_all.append(max(delays))
            time.sleep(1.0)  # ideas one by one, as in a room
        return {"per_page": stats.summary(per_page), "to_all": stats.summary(to_all), "missing": missing}

    def leave(self) -> dict[str, Any]:
        """3 of 4 close their tab (shutdown beacon), 1 of 4 crash (no beacon)."""
        self._stop.set()
        statuses: dict[str, int] = {}
        crashed: list[str] = []
        closed: list[str] = []
        for i, client in enumerate(self.clients):
            if i % 4 == 3:
                client.close(beacon=False)
                crashed.append(client.kernel_id)
            else:
                status = client.close(beacon=True)
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                closed.append(client.kernel_id)
        return {"beacon_status": statuses, "closed": closed, "crashed": crashed}


def phase_crowd(stage: Stage, p: Params, n: int, *, leave: bool = True) -> dict[str, Any]:
    sampler = stage.sampler
    cpu0, busy0, mine0 = sampler.cpu_total(), servers.machine_busy_seconds(), _my_cpu()
    t0 = time.monotonic()
    crowd = Crowd(stage.url, n, p.heartbeat)
    timings = crowd.join_all()
    joined_in = time.monotonic() - t0
    kernel_ids = [c.kernel_id for c in crowd.clients]
    # CPU per join: until the server is quiet again (the kit's pool refilled).
    sampler.wait_quiet(kernels_at_least=len(kernel_ids) + stage.server.pool, timeout=180)
    cpu = sampler.cpu_total() - cpu0
    window = time.monotonic() - t0
    busy = servers.machine_busy_seconds() - busy0
    mine = _my_cpu() - mine0
    rss = sampler.kernel_rss(kernel_ids)
    result: dict[str, Any] = {
        "n": n, "joined": len(crowd.clients), "failed": n - len(crowd.clients), "errors": crowd.errors[:5],
        "join_seconds": joined_in,
        "tti": stats.summary([t.interactive for t in timings if t.interactive is not None]),
        "tti_html": stats.summary([t.html for t in timings if t.html is not None]),
        "tti_ready": stats.summary([t.ready for t in timings if t.ready is not None]),
        "kernel_rss_mb": {"median": stats.percentile([r / MB for r in rss], 50), "max": max(rss) / MB if rss else None},
        "server_rss_mb": sampler.rss_total() / MB, "voila_rss_mb": sampler.voila_rss() / MB,
        "kernels_running": sampler.alive(),
        "cpu_per_join": cpu / max(len(crowd.clients), 1),
        "other_load": _other_load(busy, cpu + mine, window),
    }
    result["propagation"] = crowd.propagate(p.ideas)
    if not leave:
        for client in crowd.clients:
            client.close(beacon=True)
        return result
    left = crowd.leave()
    time.sleep(5)
    alive_soon = sampler.alive(left["closed"] + left["crashed"])
    deadline = time.monotonic() + p.after_close - 5
    while time.monotonic() < deadline:
        time.sleep(min(5.0, max(deadline - time.monotonic(), 0)))
    result["close"] = {
        "beacon_status": left["beacon_status"], "closed_tabs": len(left["closed"]), "crashed": len(left["crashed"]),
        "alive_after_5s": alive_soon, "wait_s": p.after_close,
        "alive_after_wait": sampler.alive(left["closed"] + left["crashed"]),
        "alive_after_wait_closed": sampler.alive(left["closed"]),
        "alive_after_wait_crashed": sampler.alive(left["crashed"]),
        "kernels_running": sampler.alive(), "pool": stage.server.pool,
    }
    return result


# --- browser ------------------------------------------------------------------------------------

def phase_browser(stage: Stage, p: Params) -> dict[str, Any]:
    if not browser.available():
        return {"skipped": f"no Chromium at {browser.CHROMIUM}"}
    single = browser.run_sync(stage.url, 1, 0, timeout_s=p.browser_timeout)
    stage.sampler.wait_quiet(kernels_at_least=stage.server.pool, timeout=60)
    busy0, cpu0, t0 = servers.machine_busy_seconds(), stage.sampler.cpu_total(), time.monotonic()
    crowd = browser.run_sync(stage.url, p.browser_n, p.browser_ideas, think=think_time, timeout_s=p.browser_timeout)
    window = time.monotonic() - t0
    busy, cpu = servers.machine_busy_seconds() - busy0, stage.sampler.cpu_total() - cpu0
    time.sleep(5)
    return {
        "tti_one": single.tti[0] if single.tti else None,
        "html_one": single.html[0] if single.html else None,
        "html": stats.summary(crowd.html),
        "n": p.browser_n, "joined": crowd.joined, "failed": p.browser_n - len(crowd.tti), "timeout_s": p.browser_timeout,
        "errors": (single.errors + crowd.errors)[:5],
        "tti": stats.summary(crowd.tti),
        "propagation": {"per_page": stats.summary(crowd.propagation), "to_all": stats.summary(crowd.to_all),
                        "missing": crowd.missing},
        "alive_5s_after_close": stage.sampler.alive(crowd.kernel_ids + single.kernel_ids),
        "browser_and_other_cpu_share": _other_load(busy, cpu, window)["other_share"],
    }


# --- reloads ---------------------------------------------------------------------------------------

PHASES: dict[str, Callable[[Stage, Params], dict[str, Any]]] = {}


def first_reload_mark(reloads: int) -> int:
    """Memory is compared after this many reloads and after all (20 in a full run)."""
    return 20 if reloads >= 40 else max(1, reloads // 2)


def phase_reloads(stage: Stage, p: Params) -> dict[str, Any]:
    sampler = stage.sampler
    devices = [PageClient(stage.url, timeout=120) for _ in range(p.devices)]
    for i, client in enumerate(devices):
        client.open(JOIN_CLASS)
        client.type_text("fk-join-name", f"Reloader {i + 1}")
        client.click(JOIN_CLASS)
        client.wait(lambda c=client: c.find(IDEA_CLASS) is not None, "the brainstorm form")
    done, marks, aborted, errors = 0, {}, None, []
    first_mark = first_reload_mark(p.reloads)

    def reload(index: int) -> None:
        old = devices[index]
        old.close(beacon=True)  # what the browser does on reload: beforeunload beacon, then GET
        fresh = PageClient(stage.url, token=old.token, timeout=120)
        try:
            fresh.open(IDEA_CLASS)  # the same device comes back as the same participant
        except (PageError, OSError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        devices[index] = fresh

    def measure() -> dict[str, float]:
        sampler.wait_quiet(kernels_at_least=stage.server.pool + p.devices, timeout=120)
        return {"reloads": done, "tree_rss_mb": sampler.rss_total() / MB, "voila_rss_mb": sampler.voila_rss() / MB,
                "kernels": sampler.alive()}

    with ThreadPoolExecutor(max_workers=p.devices) as pool:
        while done < p.reloads:
            batch = min(p.devices, p.reloads - done, (first_mark - done) if done < first_mark else p.devices)
            list(pool.map(reload, range(batch)))
            done += batch
            if done == first_mark:
                marks["first"] = measure()
            leaked = sampler.alive() - stage.server.pool - p.devices
            if stage.server.name == "plain" and leaked >= p.leak_limit:
                aborted = f"stopped after {done} reloads: {leaked} kernels leaked (limit {p.leak_limit})"
                break
    marks["end"] = measure()
    for client in devices:
        client.close(beacon=True)
    first, end = marks.get("first"), marks["end"]
    growth = None
    per_reload = None
    if first and end["reloads"] > first["reloads"]:
        growth = 100.0 * (end["tree_rss_mb"] - first["tree_rss_mb"]) / first["tree_rss_mb"]
        per_reload = (end["tree_rss_mb"] - first["tree_rss_mb"]) / (end["reloads"] - first["reloads"])
    return {"target_reloads": p.reloads, "done": done, "aborted": aborted, "errors": errors[:5],
            "after_first": first, "after_all": end, "growth_pct": growth, "mb_per_reload": per_reload,
            "extrapolated_growth_pct": (100.0 * per_reload * (p.reloads - first["reloads"]) / first["tree_rss_mb"]
                                        if per_reload is not None and first else None)}


PHASES.update(crowd=lambda stage, p: phase_crowd(stage, p, p.n), browser=phase_browser, reloads=phase_reloads,
              large=lambda stage, p: phase_crowd(stage, p, p.large_n, leave=False))


# --- helpers -------------------------------------------------------------------------------------

def _my_cpu() -> float:
    """CPU seconds of this process and its children (the client side, Chromium included)."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:4])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.NoSuchProcess:
            pass
    return total


def _other_load(machine_busy: float, ours: float, window: float) -> dict[str, float]:
    """How much of the machine's CPU went to processes that are not this run's server or client."""
    cores = os.cpu_count() or 1
    other = max(machine_busy - ours, 0.0)
    return {"window_s": window, "machine_busy_share": machine_busy / (window * cores) if window else 0.0,
            "other_share": other / (window * cores) if window else 0.0}


def machine() -> dict[str, Any]:
    import ipykernel
    import jupyter_server
    import voila

    chromium = None
    if browser.available():
        try:
            chromium = subprocess.run([browser.CHROMIUM, "--version"], capture_output=True, text=True,
                                      timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            chromium = None
    return {"cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "os": f"{platform.system()} {platform.release().split('-')[0]}",
            "voila": voila.__version__, "jupyter_server": jupyter_server.__version__,
            "ipykernel": ipykernel.__version__, "chromium": chromium,
            "load_at_start": [round(x, 2) for x in os.getloadavg()]}


def rows(p: Params) -> list[stats.Row]:
    n, bn = p.n, p.browser_n
    le = lambda limit: (lambda v: v <= limit)  # noqa: E731
    return [
        stats.Row(f"Pages that did not load or join, of {n} at once (protocol)", "crowd.failed", "", "0",
                  lambda v: v == 0),
        stats.Row(f"Time to interactive, {n} joins at once (protocol) p50", "crowd.tti.p50", " s"),
        stats.Row(f"Time to interactive, {n} joins at once (protocol) p95", "crowd.tti.p95", " s", "≤ 3 s", le(3)),
        stats.Row(f"Time to interactive, {n} joins at once (protocol) max", "crowd.tti.max", " s", "≤ 5 s", le(5)),
        stats.Row("… of which the page's HTML received, p95", "crowd.tti_html.p95", " s"),
        stats.Row("Time to interactive, 1 Chromium page alone", "browser.tti_one", " s"),
        stats.Row("… of which the page's HTML (navigation responseEnd)", "browser.html_one", " s"),
        stats.Row(f"Chromium pages not interactive within {p.browser_timeout:.0f} s, of {bn} at once", "browser.failed"),
        stats.Row(f"Time to interactive, {bn} Chromium pages at once p50", "browser.tti.p50", " s"),
        stats.Row(f"Time to interactive, {bn} Chromium pages at once p95", "browser.tti.p95", " s", "≤ 3 s", le(3)),
        stats.Row(f"Time to interactive, {bn} Chromium pages at once max", "browser.tti.max", " s", "≤ 5 s", le(5)),
        stats.Row(f"… HTML received, {bn} Chromium pages at once p95", "browser.html.p95", " s"),
        stats.Row(f"Idea propagation, {n} pages connected (protocol) p50", "crowd.propagation.per_page.p50", " s"),
        stats.Row(f"Idea propagation, {n} pages connected (protocol) p95", "crowd.propagation.per_page.p95", " s",
                  "≤ 1 s", le(1)),
        stats.Row("Idea propagation to all other pages (protocol) p95", "crowd.propagation.to_all.p95", " s"),
        stats.Row(f"Idea propagation, {bn} Chromium pages p50", "browser.propagation.per_page.p50", " s"),
        stats.Row(f"Idea propagation, {bn} Chromium pages p95", "browser.propagation.per_page.p95", " s",
                  "≤ 1 s", le(1)),
        stats.Row("RSS per participant kernel (median)", "crowd.kernel_rss_mb.median", " MB", "≤ 90 MB", le(90), 0),
        stats.Row("RSS per participant kernel (max)", "crowd.kernel_rss_mb.max", " MB", "", None, 0),
        stats.Row(f"RSS of the whole server, {n} joined (Voila + all kernels)", "crowd.server_rss_mb", " MB",
                  digits=0),
        stats.Row("RSS of the Voila process", "crowd.voila_rss_mb", " MB", digits=0),
        stats.Row("CPU seconds per join (server + kernels, pool refill included)", "crowd.cpu_per_join", " s"),
        stats.Row(f"Participant kernels alive {p.after_close:.0f} s after all pages left", "crowd.close.alive_after_wait",
                  "", "0", lambda v: v == 0),
        stats.Row("… of those, closed tabs (shutdown beacon)", "crowd.close.alive_after_wait_closed"),
        stats.Row("… of those, crashed browsers (no beacon)", "crowd.close.alive_after_wait_crashed"),
        stats.Row("Participant kernels alive 5 s after Chromium pages navigated away", "browser.alive_5s_after_close"),
        stats.Row("Reloads done", "reloads.done"),
        stats.Row(f"Server memory after the first {first_reload_mark(p.reloads)} reloads",
                  "reloads.after_first.tree_rss_mb", " MB", digits=0),
        stats.Row("Server memory after all reloads", "reloads.after_all.tree_rss_mb", " MB", digits=0),
        stats.Row(f"Memory growth, all reloads vs first {first_reload_mark(p.reloads)}", "reloads.growth_pct", " %",
                  "≤ 10 %", le(10), 1),
        stats.Row(f"Memory growth extrapolated to {p.reloads} reloads", "reloads.extrapolated_growth_pct", " %", "", None, 1),
        stats.Row(f"Time to interactive, {p.large_n} joins at once (protocol) p50", "large.tti.p50", " s"),
        stats.Row(f"Time to interactive, {p.large_n} joins at once (protocol) p95", "large.tti.p95", " s"),
        stats.Row(f"Time to interactive, {p.large_n} joins at once (protocol) max", "large.tti.max", " s"),
        stats.Row(f"Idea propagation, {p.large_n} pages connected (protocol) p95",
                  "large.propagation.per_page.p95", " s"),
    ]


def render_markdown(result: dict[str, Any], p: Params) -> str:
    m = result["machine"]
    kit, plain = result["runs"].get("kit", {}), result["runs"].get("plain", {})
    chosen = [r for r in rows(p) if stats.dig(kit, r.path) is not None or stats.dig(plain, r.path) is not None]
    other = [stats.dig(run, f"{ph}.other_load.other_share") for run in (kit, plain) for ph in ("crowd",)]
    other = [o for o in other if o is not None]
    lines = [
        f"Capacity benchmark ({'quick' if p.quick else 'full'} run, {result['finished']}): "
        f"{m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, Voila {m['voila']}, "
        f"jupyter_server {m['jupyter_server']}, {m.get('chromium') or 'no Chromium'}.",
        f"Kit: `facilitation serve --expected {p.n}` (pool {kit.get('pool', '–')}); plain: `voila notebooks/`.",
        "",
        stats.table(chosen, kit, plain),
        "",
        f"Load from other processes on the machine during the crowd phase: "
        f"{', '.join(f'{o:.0%}' for o in other) or '–'} of all cores (kit, plain); "
        f"load average at start {m['load_at_start']}.",
    ]
    for name, run in (("kit", kit), ("plain", plain)):
        notes = [f"{ph}: {run[ph]['aborted']}" for ph in ("reloads",) if isinstance(run.get(ph), dict) and run[ph].get("aborted")]
        notes += [f"{ph} errors: {run[ph]['errors']}" for ph in ("crowd", "browser", "reloads", "large")
                  if isinstance(run.get(ph), dict) and run[ph].get("errors")]
        beacons = stats.dig(run, "crowd.close.beacon_status")
        if beacons:
            notes.append(f"shutdown beacon answers (HTTP status: count) {beacons}")
        if notes:
            lines.append(f"- {name}: " + "; ".join(str(n) for n in notes))
    return "\n".join(lines) + "\n"


def run(p: Params, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run the phases; with ``previous`` results, keep their other phases (each phase notes when it ran)."""
    workdir = Path(tempfile.mkdtemp(prefix="fk-bench-"))
    result: dict[str, Any] = {"machine": machine(), "params": asdict(p), "runs": {}}
    if previous:
        result["runs"] = previous.get("runs", {})
        result["earlier_machine"] = previous.get("machine")
    try:
        for target in p.targets:
            out: dict[str, Any] = result["runs"].setdefault(target, {})
            shared: Stage | None = None  # quick mode: one server for every phase
            try:
                for phase in p.phases:
                    if phase == "large" and p.large_n <= 0:
                        continue
                    expected = p.large_n if phase == "large" else p.n
                    if shared is None:
                        _log(f"{target}: {phase} (starting the server)")
                        stage = open_stage(target, workdir, expected, f"{target}-{phase}")
                        shared = stage if p.quick else None
                    else:
                        stage = shared
                        _log(f"{target}: {phase}")
                    if phase != "large":
                        out["pool"] = stage.server.pool
                    try:
                        out[phase] = PHASES[phase](stage, p)
                        out[phase]["ran_at"] = time.strftime("%Y-%m-%d %H:%M")
                    except Exception as exc:  # one failed phase is reported, the others still run
                        out[phase] = {"errors": [f"{type(exc).__name__}: {exc}"]}
                    finally:
                        if shared is None:
                            close_stage(stage)
                    _log(f"{target}: {phase} done: {json.dumps(_brief(out.get(phase)))}")
            finally:
                if shared is not None:
                    close_stage(shared)
    finally:
        if p.logs:
            Path(p.logs).mkdir(parents=True, exist_ok=True)
            for log in workdir.glob("*.log"):
                shutil.copy(log, Path(p.logs) / log.name)
        shutil.rmtree(workdir, ignore_errors=True)
    result["finished"] = time.strftime("%Y-%m-%d")
    result["machine"]["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    kit, plain = result["runs"].get("kit", {}), result["runs"].get("plain", {})
    table_rows = rows(p)
    result["ratios"] = {r.label: stats.ratio(stats.dig(kit, r.path), stats.dig(plain, r.path))
                        for r in table_rows if isinstance(stats.dig(kit, r.path), (int, float))
                        and isinstance(stats.dig(plain, r.path), (int, float))}
    result["targets"] = stats.targets(table_rows, kit)
    return result


def _brief(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    keys = ("tti", "tti_one", "cpu_per_join", "kernel_rss_mb", "growth_pct", "done", "errors")
    return {k: data[k] for k in keys if k in data}


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse(argv: list[str] | None = None) -> Params:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1",
                    help="small smoke run (env BENCH_QUICK=1)")
    ap.add_argument("--n", type=int)
    ap.add_argument("--ideas", type=int)
    ap.add_argument("--browser-n", type=int)
    ap.add_argument("--after-close", type=float)
    ap.add_argument("--reloads", type=int)
    ap.add_argument("--devices", type=int)
    ap.add_argument("--leak-limit", type=int)
    ap.add_argument("--large-n", type=int)
    ap.add_argument("--only", choices=("kit", "plain"))
    ap.add_argument("--phases", help="comma-separated: crowd,browser,reloads,large")
    ap.add_argument("--logs", type=Path, help="copy the servers' logs into this directory")
    ap.add_argument("--update", action="store_true",
                    help="keep the other phases' figures from the last results file; replace only those run now")
    args = ap.parse_args(argv)
    p = quick_params() if args.quick else Params()
    for name in ("n", "ideas", "browser_n", "after_close", "reloads", "devices", "leak_limit", "large_n"):
        value = getattr(args, name)
        if value is not None:
            setattr(p, name, value)
    if args.only:
        p.targets = (args.only,)
    if args.phases:
        p.phases = tuple(x.strip() for x in args.phases.split(",") if x.strip())
    p.update = args.update
    p.logs = str(args.logs) if args.logs else ""
    bad = [x for x in p.phases if x not in ("crowd", "browser", "reloads", "large")]
    if bad or p.n < 2 or p.devices < 1 or p.reloads < 1:
        ap.error(f"bad settings: phases {bad}, n ≥ 2, devices ≥ 1, reloads ≥ 1")
    return p


def main(argv: list[str] | None = None) -> int:
    p = parse(argv)
    _log(f"{'quick' if p.quick else 'full'} run: targets {p.targets}, phases {p.phases}")
    stem = "capacity-quick" if p.quick else "capacity"
    previous = RESULTS / f"{stem}.json"
    result = run(p, json.loads(previous.read_text()) if p.update and previous.exists() else None)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    markdown = render_markdown(result, p)
    (RESULTS / f"{stem}.md").write_text(markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
