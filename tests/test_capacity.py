"""Capacity settings: the serve command line, the light participant kernel, culling, the benchmark's parts.

No timing assertions: the figures come from ``make bench`` (see README, "Capacity").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from facilitation import store

from facilitation.ui.kit import voila_request as preheat

from facilitation.serve import launcher as server
from tests.conftest import TOKEN_A

HEAVY = ("pandas", "numpy", "ipyleaflet", "bqplot", "segno", "openpyxl", "voila", "jupyter_server")


# --- the serve command line -------------------------------------------------------------------

def parsed_config(options: server.ServeOptions):
    """The command line as Voila itself parses it (the traitlets config it will run with)."""
    from voila.app import Voila

    command = server.voila_command(options)
    assert command[1:3] == ["-m", server.VOILA_APP]
    app = Voila()
    app.parse_command_line(command[3:])
    return app, app.config


def setting(cfg, section: str, name: str):
    """A value from the parsed config, converted by the trait of the class that will read it."""
    from facilitation.serve.kernel_manager import RoomKernelManager
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    from voila.execute import VoilaExecutor

    classes = {"VoilaKernelManager": voila_kernel_manager_factory(RoomKernelManager, True, 0),
               "RoomKernelManager": RoomKernelManager, "MappingKernelManager": RoomKernelManager,
               "VoilaExecutor": VoilaExecutor}
    value = cfg[section][name]
    if hasattr(value, "get_value"):  # traitlets defers options of classes the app does not list
        value = value.get_value(classes[section].class_traits()[name])
    return value


def test_serve_command_pools_only_the_participant_page_sized_by_expected():
    options = server.ServeOptions(port=9123, expected=25, pool=None)
    app, cfg = parsed_config(options)
    assert cfg.VoilaConfiguration.preheat_kernel is True
    expected_pool = server.pool_size(25, server.total_memory())
    assert setting(cfg, "VoilaKernelManager", "kernel_pools_config") == {
        "default": {"pool_size": 0}, server.PARTICIPANT_NOTEBOOK: {"pool_size": expected_pool}}
    # Refills wait until the room has joined, then start one at a time.
    assert setting(cfg, "VoilaKernelManager", "fill_delay") == server.POOL_FILL_DELAY >= 5
    assert setting(cfg, "RoomKernelManager", "pool_start_spacing") == server.POOL_START_SPACING > 0
    assert setting(cfg, "VoilaExecutor", "iopub_timeout") == server.IOPUB_TIMEOUT > 4
    assert app.port == 9123 and app.port_retries == 0
    assert Path(app.root_dir) == options.notebook_dir


def test_serve_command_shuts_kernels_down_on_close_and_culls_by_connection():
    _, cfg = parsed_config(server.ServeOptions(port=9124, expected=3))
    assert cfg.Voila.tornado_settings["disable_check_xsrf"] is True
    assert cfg.VoilaConfiguration.multi_kernel_manager_class == "facilitation.serve.kernel_manager.RoomKernelManager"
    assert setting(cfg, "RoomKernelManager", "cull_disconnected_after") == server.CULL_DISCONNECTED_AFTER
    assert setting(cfg, "RoomKernelManager", "cull_unconnected_after") == server.CULL_UNCONNECTED_AFTER
    assert setting(cfg, "MappingKernelManager", "cull_idle_timeout") > 0  # the culler runs only when set
    assert setting(cfg, "MappingKernelManager", "cull_connected") is False  # a connected page is never culled
    # A closed room holds no participant kernel two minutes later.
    assert server.CULL_DISCONNECTED_AFTER + setting(cfg, "MappingKernelManager", "cull_interval") < 120
    assert cfg.VoilaConfiguration.show_tracebacks is False


def test_no_pool_when_nobody_is_expected():
    _, cfg = parsed_config(server.ServeOptions(expected=0))
    assert setting(cfg, "VoilaKernelManager", "kernel_pools_config") == {"default": {"pool_size": 0}}


def test_pool_size_fits_the_room_within_memory_and_start_up_bounds():
    gib = 2**30
    assert server.pool_size(30, 24 * gib) == 30
    assert server.pool_size(500, 24 * gib) == server.MAX_POOL
    assert server.pool_size(30, 4 * gib) == int(4 * gib * server.POOL_RAM_SHARE) // server.KERNEL_BYTES
    assert server.pool_size(30, 64 * 2**20) == 1  # a tiny machine still preheats one
    assert server.pool_size(0, 24 * gib) == 0
    assert server.pool_size(12, None) == 12
    assert server.ServeOptions(expected=30, pool=4).pool_kernels == 4


def test_server_environment_names_the_address_pooled_kernels_call_back():
    env = server.server_environment(server.ServeOptions(host="192.168.5.20"), "sqlite:///x.db", base={})
    assert env == {"FACILITATION_DB": "sqlite:///x.db", "VOILA_APP_IP": "192.168.5.20",
                   "JUPYTER_PATH": str(server.TEMPLATE_ROOT)}
    assert "VOILA_APP_IP" not in server.server_environment(server.ServeOptions(host="0.0.0.0"), "db", base={})


def test_pages_get_the_kits_stylesheets_from_the_page_template(monkeypatch):
    """Every page links each stylesheet of the kit once, as a static file the browser keeps: the
    serve command names the kit's template, the server's environment lets Voila find it."""
    from voila.paths import collect_static_paths, collect_template_paths
    from voila.utils import get_data_dir

    from facilitation.domain.resources import resource

    _, cfg = parsed_config(server.ServeOptions(port=9126))
    assert cfg.VoilaConfiguration.template == server.PAGE_TEMPLATE
    env = server.server_environment(server.ServeOptions(), "db", base={"JUPYTER_PATH": "/elsewhere"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(server.TEMPLATE_ROOT), "/elsewhere"]
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    paths = [Path(p) for p in collect_template_paths(["voila", "nbconvert"], server.PAGE_TEMPLATE, prune=True)]
    assert paths[0].parent.parent.parent == server.TEMPLATE_ROOT  # ours first, on Voila's own "lab"
    assert any(p.name == "lab" and (p / "index.html.j2").exists() for p in paths[1:])
    assert not get_data_dir().startswith(str(server.TEMPLATE_ROOT))  # Voila keeps its themes
    page = (paths[0] / "index.html.j2").read_text(encoding="utf-8")
    static = next(p for p in map(Path, collect_static_paths(["voila", "nbconvert"], server.PAGE_TEMPLATE))
                  if p.exists())  # where Voila serves the template's files from (its first existing folder)
    assert static.parent == paths[0]
    sheets = sorted(p.name for p in resource("css").glob("*.css"))
    assert {"theme.css", "mapping.css", "scoring.css", "report.css", "review.css"} <= set(sheets)
    for name in sheets:
        assert f'"{name}"' in page, f"the page template does not link {name}"
        assert (static / name).read_bytes() == resource("css", name).read_bytes()


def test_the_join_state_carries_no_stylesheet(db):
    """What the participant's page sends on every join and reconnect (its widgets' state) holds no CSS:
    the 24 kB stylesheet widget it used to carry is a cached file now."""
    from ipywidgets.widgets import widget as ipywidget_module

    from facilitation.demo import load_demo
    from facilitation.ui.kit import theme
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.pages.participant import ParticipantApp

    code, _key = load_demo(db)
    app = ParticipantApp(make_context(f"code={code}", db=db))
    for token in (None, TOKEN_A):  # before the browser's token arrives, then the join form
        if token:
            app.link.token = token
        on_page = theme.reachable([app.root])
        states = {w.model_id: w.get_state() for w in list(ipywidget_module._instances.values()) if id(w) in on_page}
        text = json.dumps(states, default=str)
        assert "<style" not in text and "fk-style" not in text
        # 32 kB before issues 14 and 16 added the language switch and the group chip to the header
        # (about 11 kB of widget state); the group picker is built only when picking is on.
        assert len(text) < 45_000, f"the join state grew to {len(text)} bytes"
    app.close()


# --- culling by connection ------------------------------------------------------------------------

class FakeKernel(SimpleNamespace):
    pass


@pytest.fixture
def manager():
    from facilitation.serve.kernel_manager import RoomKernelManager

    km = RoomKernelManager(cull_disconnected_after=60, cull_unconnected_after=300,
                           cull_idle_timeout=server.CULL_IDLE_TIMEOUT)
    km.shut: list[str] = []

    async def shutdown_kernel(kernel_id, *args, **kwargs):
        km.shut.append(kernel_id)
        km._kernels.pop(kernel_id, None)

    km.shutdown_kernel = shutdown_kernel
    return km


def test_disconnected_time_restarts_whenever_a_page_is_connected(manager):
    manager._kernel_connections["k"] = 0
    assert manager.disconnected_for("k", now=100.0) == 0.0
    assert manager.disconnected_for("k", now=150.0) == 50.0
    manager._kernel_connections["k"] = 1
    assert manager.disconnected_for("k", now=160.0) == 0.0
    manager._kernel_connections["k"] = 0
    assert manager.disconnected_for("k", now=200.0) == 40.0


def test_a_kernel_without_a_page_is_culled_even_when_its_live_task_keeps_it_active(manager, monkeypatch):
    import asyncio
    from datetime import datetime, timezone

    clock = [1000.0]
    monkeypatch.setattr("facilitation.serve.kernel_manager.time.monotonic", lambda: clock[0])
    just_now = datetime.now(timezone.utc)  # the live-update task just sent a widget update
    kernels = (("gone", "idle"), ("rendering", "busy"), ("open", "idle"), ("slow-browser", "idle"))
    for kid, state in kernels:
        manager._kernels[kid] = FakeKernel(execution_state=state, last_activity=just_now, kernel_name="python3",
                                           kernel_spec=SimpleNamespace(metadata={}))
        manager._kernel_connections[kid] = 0 if kid == "slow-browser" else 1

    async def cull_pass():
        for kid in list(manager._kernels):
            await manager.cull_kernel_if_idle(kid)

    asyncio.run(cull_pass())  # every page but the slow one is connected
    manager._kernel_connections.update(gone=0, rendering=0)  # their pages leave
    clock[0] += 1
    asyncio.run(cull_pass())
    assert manager.shut == []  # the grace period starts
    clock[0] += 61
    asyncio.run(cull_pass())
    assert manager.shut == ["gone"]  # active, but its page has been gone for 61 s
    assert set(manager._kernels) == {"rendering", "open", "slow-browser"}
    clock[0] += 240
    asyncio.run(cull_pass())
    assert manager.shut == ["gone", "slow-browser"]  # never connected: culled after 300 s


def test_pool_kernels_start_one_at_a_time_and_page_kernels_at_once(manager, monkeypatch):
    import asyncio

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    clock, sleeps, started = [100.0], [], []
    monkeypatch.setattr("facilitation.serve.kernel_manager.time.monotonic", lambda: clock[0])

    async def fake_sleep(seconds):
        sleeps.append(seconds)
        clock[0] += seconds

    async def fake_start(self, *args, **kwargs):
        started.append(kwargs["env"]["VOILA_PREHEAT"])
        return f"k{len(started)}"

    monkeypatch.setattr("facilitation.serve.kernel_manager.asyncio.sleep", fake_sleep)
    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", fake_start)
    manager.pool_start_spacing = 1.0

    async def starts():
        for preheat in ("True", "True", "False", "True"):
            await manager.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": preheat})

    asyncio.run(starts())
    assert started == ["True", "True", "False", "True"]
    assert sleeps == [1.0, 1.0]  # the second and third pool kernels waited; the page's kernel did not


# --- the light participant kernel ------------------------------------------------------------------

PAGE_SCRIPT = textwrap.dedent("""
    import json, sys
    from facilitation.ui import participant_app
    root = participant_app()
    app = root._fk_app
    app.use_token(sys.argv[1])
    assert app.join(), app.notice.value
    steps = [app.step]
    loaded = {"heavy": [m for m in sys.argv[2].split(",") if m in sys.modules],
              "sqlalchemy": "sqlalchemy" in sys.modules, "steps": steps,
              "classes": list(root._dom_classes), "participant": app.participant is not None}
    print("RESULT " + json.dumps(loaded))
""")


def run_participant_page(db_path: Path, code: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOILA_")}
    env.update(FACILITATION_DB=str(db_path), QUERY_STRING=f"code={code}")
    done = subprocess.run([sys.executable, "-c", PAGE_SCRIPT, TOKEN_A, ",".join(HEAVY)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line.removeprefix("RESULT "))


@pytest.mark.parametrize("step", ["waiting", "brainstorm", "vote"])
def test_participant_kernel_imports_no_heavy_library(tmp_path, step):
    db_path = tmp_path / "page.sqlite"
    with store.Database(db_path) as db:
        created = store.create_workshop(db, title="Capacity", city="Gdansk")
        code = created.workshop.code
        index = next(i.position for i in store.agenda(db, created.workshop.id) if i.step == step)
        store.set_phase(db, code, created.key, index)
    result = run_participant_page(db_path, code)
    assert result["participant"] and result["steps"] == [step]
    assert "fk-role-participant" in result["classes"]
    assert result["sqlalchemy"]  # the page really used the store in that process
    assert result["heavy"] == []


def test_heavy_import_check_sees_a_view_that_needs_them(tmp_path):
    """The check above can fail: the facilitator console draws the QR code, so segno is loaded."""
    db_path = tmp_path / "console.sqlite"
    with store.Database(db_path) as db:
        created = store.create_workshop(db, title="Capacity", city="Gdansk")
    script = textwrap.dedent("""
        import sys
        from facilitation.ui import facilitator_app
        root = facilitator_app()
        print("RESULT", sorted(set(sys.argv[1].split(",")) & set(sys.modules)), list(root._dom_classes))
    """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOILA_")}
    env.update(FACILITATION_DB=str(db_path), QUERY_STRING=f"code={created.workshop.code}&key={created.key}")
    done = subprocess.run([sys.executable, "-c", script, ",".join(HEAVY)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    line = [x for x in done.stdout.splitlines() if x.startswith("RESULT")][-1]
    assert "'segno'" in line and "fk-page-polite" not in line


# --- the preheated kernel's wait for its request ------------------------------------------------------

def test_request_info_url_from_voila_environment():
    env = {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k-1", "VOILA_APP_PORT": "8866", "VOILA_SERVER_URL": "/"}
    assert preheat.request_info_url(env) == "ws://127.0.0.1:8866/voila/query/k-1"
    assert preheat.request_info_url({**env, "VOILA_APP_IP": "::1"}) == "ws://[::1]:8866/voila/query/k-1"
    assert preheat.request_info_url({**env, "VOILA_PREHEAT": "False"}) is None


def test_wait_for_request_copies_the_request_into_the_environment(monkeypatch):
    sync_server = pytest.importorskip("websockets.sync.server")
    payload = {"QUERY_STRING": "code=ABC123", "SCRIPT_NAME": "/voila/render/participant.ipynb"}
    paths: list[str] = []

    def handler(ws):
        paths.append(ws.request.path)
        ws.send("x" * 70000 if ws.request.path.endswith("big") else json.dumps(payload))

    with sync_server.serve(handler, "127.0.0.1", 0) as ws_server:
        port = ws_server.socket.getsockname()[1]
        thread = threading.Thread(target=ws_server.serve_forever, daemon=True)
        thread.start()
        monkeypatch.delenv("QUERY_STRING", raising=False)
        monkeypatch.setenv("SCRIPT_NAME", "")
        assert preheat.wait_for_request(f"ws://127.0.0.1:{port}/voila/query/k-1") is True
        assert os.environ["QUERY_STRING"] == "code=ABC123"
        assert os.environ["SCRIPT_NAME"] == "/voila/render/participant.ipynb"
        # 70 kB arrives in a 64-bit-length frame, read across several socket reads
        assert preheat.receive_one_message(f"ws://127.0.0.1:{port}/big", timeout=10) == "x" * 70000
        ws_server.shutdown()
    assert paths == ["/voila/query/k-1", "/big"]
    # Importing the page's helpers must not import Voila (3.7 CPU-s and 45 MB per kernel).
    done = subprocess.run([sys.executable, "-c", "import sys, facilitation.ui.kit.voila_request, facilitation.ui.kit.base; "
                                                 "print('voila' in sys.modules)"], capture_output=True, text=True)
    assert done.stdout.strip() == "False"


def test_wait_for_request_without_a_server_gives_up_quietly(monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert preheat.wait_for_request(f"ws://127.0.0.1:{port}/voila/query/k") is False


# --- the benchmark's own parts (the benchmark itself is `make bench`, not part of the suite) -------------

def test_percentiles_and_summary():
    from benchmarks import stats

    assert stats.percentile([], 50) is None
    assert stats.percentile([3.0], 95) == 3.0
    assert stats.percentile([1, 2, 3, 4], 50) == 2.5
    assert stats.percentile(range(1, 101), 95) == pytest.approx(95.05)
    assert stats.summary([2.0, 1.0, 4.0]) == {"n": 3, "p50": 2.0, "p95": pytest.approx(3.8), "max": 4.0}
    assert stats.ratio(1.0, 4.0) == 0.25 and stats.ratio(1.0, 0) is None and stats.ratio(None, 1.0) is None
    with pytest.raises(ValueError):
        stats.percentile([1], 101)


def test_results_table_and_targets():
    from benchmarks import run, stats

    p = run.Params(n=20)
    kit = {"crowd": {"tti": {"p50": 0.4, "p95": 0.9, "max": 6.0}, "kernel_rss_mb": {"median": 72.0},
                     "close": {"alive_after_wait": 0}}, "reloads": {"growth_pct": 2.5}}
    plain = {"crowd": {"tti": {"p50": 8.0, "p95": 12.0, "max": 13.0}, "kernel_rss_mb": {"median": 72.0},
                       "close": {"alive_after_wait": 15}}, "reloads": {"growth_pct": 240.0}}
    table = stats.table(run.rows(p), kit, plain)
    line = next(x for x in table.splitlines() if "protocol) p95" in x and "Time to interactive" in x)
    assert "| 0.90 s | 12.00 s | 0.07× | ≤ 3 s | yes |" in line
    assert "| 6.00 s | 13.00 s |" in next(x for x in table.splitlines() if "protocol) max" in x)
    met = {t["figure"]: t["met"] for t in stats.targets(run.rows(p), kit)}
    assert met["Time to interactive, 20 joins at once (protocol) max"] is False
    assert met["RSS per participant kernel (median)"] is True
    assert met["Memory growth, all reloads vs first 20"] is True
    assert met["Participant kernels alive 120 s after all pages left"] is True
    assert met["Time to interactive, 20 Chromium pages at once p95"] is None  # not measured
    result = {"machine": {"cores": 2, "ram_gb": 24, "python": "3.11", "voila": "0.5", "jupyter_server": "2",
                          "chromium": None, "load_at_start": [0.1]},
              "runs": {"kit": {**kit, "pool": 20}, "plain": plain}, "finished": "today"}
    markdown = run.render_markdown(result, p)
    assert markdown.count("\n| ") >= 6 and "pool 20" in markdown


def test_protocol_framing_and_page_facts():
    from benchmarks import protocol

    parts = [b'{"msg_type": "comm_msg"}', b"{}", b"{}", b'{"data": {}}', b"\x00buffer"]
    assert protocol.unpack(protocol.pack("shell", parts)) == ("shell", parts)
    html = ('<script id="jupyter-config-data" type="application/json">{"baseUrl": "/x/", '
            '"kernelId": "0b5c2a34-1c2d-4e5f-8a9b-0c1d2e3f4a5b"}</script>'
            '<script type="application/vnd.jupyter.widget-view+json">{"version_major": 2, '
            '"model_id": "0123456789abcdef0123456789abcdef"}</script>')
    assert protocol.page_facts(html) == ("0b5c2a34-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "/x/",
                                         ["0123456789abcdef0123456789abcdef"])
    with pytest.raises(protocol.PageError):
        protocol.page_facts("<html>Error</html>")


def test_quick_mode_is_small_and_bounded():
    from benchmarks import run

    quick = run.parse(["--quick"])
    full = run.parse([])
    assert quick.quick and quick.n < full.n and quick.reloads < full.reloads and quick.after_close < full.after_close
    assert full.n == 20 and full.reloads == 200 and full.after_close == 120
    assert run.parse(["--only", "kit", "--phases", "crowd"]).targets == ("kit",)
    with pytest.raises(SystemExit):
        run.parse(["--phases", "everything"])


def test_pages_beyond_the_kernel_limit_are_refused_but_pool_refills_go_on(manager, monkeypatch):
    import asyncio

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from tornado import web

    started = []

    async def fake_start(self, *args, **kwargs):
        started.append(kwargs["env"]["VOILA_PREHEAT"])
        self._kernels[f"k{len(started)}"] = FakeKernel()
        return f"k{len(started)}"

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", fake_start)
    manager.pool_start_spacing, manager.max_kernels = 0, 2

    async def start(preheat):
        return await manager.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": preheat})

    asyncio.run(start("False"))
    asyncio.run(start("False"))
    with pytest.raises(web.HTTPError) as refused:
        asyncio.run(start("False"))
    assert refused.value.status_code == 503 and "full" in refused.value.reason
    asyncio.run(start("True"))  # the pool is bounded by its own size
    assert started == ["False", "False", "True"]


def test_the_kernel_limit_follows_memory_and_reaches_the_command_line():
    assert server.kernel_limit(None) == 0
    assert server.kernel_limit(24 * 2**30) == int(24 * 2**30 * 0.6) // server.KERNEL_BYTES
    assert server.kernel_limit(2**28) == server.MIN_KERNELS  # a tiny machine still serves a small room
    _, cfg = parsed_config(server.ServeOptions(port=9126))
    assert setting(cfg, "RoomKernelManager", "max_kernels") == server.kernel_limit(server.total_memory())
