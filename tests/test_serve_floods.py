"""Issue 23, page floods: one client address cannot fill the server with kernels.

Before: 60 requests for the participant page (16 at a time, no websocket) all answered 200 and
the server held 71 kernels 30 s later, each for 300 s. Now a client address may have
``RoomKernelManager.max_waiting_per_address`` pages loading (kernel started, websocket not open);
beyond it a polite 429 in the page's language, and a kernel whose page never connects is culled
within ~90 s. The server test is protocol level (benchmarks/protocol.py); the rest needs no server.
"""

from __future__ import annotations

import asyncio
import http.client
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from benchmarks.protocol import PageClient, page_facts
from facilitation.serve import launcher, proxy
from facilitation.serve.kernel_manager import RoomKernelManager
from facilitation.serve.voila_app import busy_page, client_address, page_language
from tests.serving import ServeRun

JOIN = "fk-join-submit"
FLOODER, NEWCOMER = "127.0.0.3", "127.0.0.2"


# --- who the client is -------------------------------------------------------------------------

def test_the_client_address_comes_from_a_trusted_proxy_only() -> None:
    # A direct client: its header is ignored, whatever it claims.
    assert client_address("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    # The kit's own HAProxy on loopback: the last hop it appended.
    assert client_address("127.0.0.1", "198.51.100.1") == "198.51.100.1"
    # A client behind the proxy prepending a fake hop gets its own address, not the fake one.
    assert client_address("127.0.0.1", "10.9.9.9, 198.51.100.1") == "198.51.100.1"
    # Chains of trusted proxies are walked back; other networks are trusted only when configured.
    assert client_address("10.0.0.5", "198.51.100.1, 10.0.0.4", "127.0.0.1,10.0.0.0/8") == "198.51.100.1"
    assert client_address("10.0.0.5", "198.51.100.1") == "10.0.0.5"
    assert client_address("127.0.0.1", None) == "127.0.0.1"


def test_the_busy_page_speaks_the_page_language_and_retries_by_itself() -> None:
    assert page_language("pl", None) == "pl"
    assert page_language(None, "pl-PL,pl;q=0.9,en;q=0.8") == "pl"
    assert page_language("xx", "de-DE") == "en"
    polish = busy_page("pl", "/voila/render/participant.ipynb?code=ABC")
    english = busy_page("en", "/voila/render/participant.ipynb?code=ABC")
    assert "Chwileczkę" in polish and "Please wait a moment" in english
    assert 'http-equiv="refresh"' in english
    assert "<script" not in busy_page("en", '/x?code="><script>alert(1)</script>')


# --- the kernel manager's books ----------------------------------------------------------------

@pytest.fixture
def manager(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("facilitation.serve.kernel_manager.time.monotonic", lambda: clock[0])
    km = RoomKernelManager(cull_disconnected_after=launcher.CULL_DISCONNECTED_AFTER,
                           cull_unconnected_after=launcher.CULL_UNCONNECTED_AFTER,
                           cull_idle_timeout=launcher.CULL_IDLE_TIMEOUT)
    km.clock, km.shut = clock, []

    async def shutdown_kernel(kernel_id, *args, **kwargs):
        km.shut.append(kernel_id)
        km._kernels.pop(kernel_id, None)
        km._forget(kernel_id)

    km.shutdown_kernel = shutdown_kernel
    return km


def _page(km: RoomKernelManager, kernel_id: str, address: str) -> bool:
    """One page request of ``address`` that gets kernel ``kernel_id`` if admitted."""
    if not km.admit(address):
        return False
    km._kernels[kernel_id] = SimpleNamespace(execution_state="idle", last_activity=datetime.now(timezone.utc),
                                             kernel_name="python3", kernel_spec=SimpleNamespace(metadata={}))
    km._kernel_connections[kernel_id] = 0
    km.served(address, kernel_id)
    return True


def test_an_address_may_have_a_handful_of_pages_loading_and_no_more(manager) -> None:
    limit = manager.max_waiting_per_address
    assert 1 <= limit <= 6
    admitted = [_page(manager, f"k{n}", "198.51.100.1") for n in range(60)]
    assert sum(admitted) == limit
    assert _page(manager, "newcomer", "198.51.100.2")  # another address is not held back
    # A page that connects stops counting: a room behind one address joins at its own pace.
    manager.notify_connect("k0")
    assert manager.waiting("198.51.100.1") == limit - 1
    assert _page(manager, "k-next", "198.51.100.1")
    # Requests still being served count too (16 at once cannot all slip past the check).
    assert not manager.admit("198.51.100.1")


def test_kernels_of_pages_that_never_connect_are_culled_within_a_minute_and_a_half(manager) -> None:
    for n in range(3):
        _page(manager, f"flood{n}", "198.51.100.1")
    _page(manager, "open", "198.51.100.2")
    manager.notify_connect("open")

    async def cull_pass():
        for kid in list(manager._kernels):
            await manager.cull_kernel_if_idle(kid)

    manager.clock[0] += launcher.CULL_UNCONNECTED_AFTER - 1
    asyncio.run(cull_pass())
    assert manager.shut == []
    manager.clock[0] += 2  # the culler runs every CULL_INTERVAL s: at most that much later
    asyncio.run(cull_pass())
    assert sorted(manager.shut) == ["flood0", "flood1", "flood2"]
    assert launcher.CULL_UNCONNECTED_AFTER + launcher.CULL_INTERVAL <= 90
    assert manager.waiting("198.51.100.1") == 0


def test_connections_are_recorded_when_they_open_and_close(manager) -> None:
    """A page that connects and leaves between two culler passes counts as having connected."""
    _page(manager, "brief", "198.51.100.1")
    manager.notify_connect("brief")
    manager.clock[0] += 5
    manager.notify_disconnect("brief")
    assert "brief" in manager._ever_connected
    assert manager.grace("brief") == launcher.CULL_DISCONNECTED_AFTER
    manager.clock[0] += 10
    assert manager.disconnected_for("brief") == 10  # counted from the page leaving, not a sample


# --- the proxy's per-address limits ------------------------------------------------------------

def test_the_proxy_limits_each_address_with_a_429() -> None:
    config = proxy.render_haproxy("0.0.0.0", 8080, [proxy.Backend(1, "127.0.0.1", 8081)])
    assert "stick-table type ipv6" in config
    assert "http_req_rate(10s)" in config and "conn_rate(10s)" in config
    assert "deny deny_status 429" in config
    shipped = (launcher.NOTEBOOK_DIR.parents[2] / "deploy" / "haproxy.cfg")
    if shipped.exists():  # the source tree (an installed kit has no deploy/)
        assert "deny deny_status 429" in shipped.read_text()


# --- a running server --------------------------------------------------------------------------

@pytest.mark.slow
def test_one_address_requesting_the_page_60_times_holds_a_handful_of_kernels(tmp_path) -> None:
    run = ServeRun.start(tmp_path / "room.sqlite", "--expected", "2")
    try:
        url = run.link("Participant")
        before = len(run.family()) - 1  # the pool's kernels

        parts = urllib.parse.urlsplit(url)

        def fetch(_: int) -> tuple[int, str]:
            """One page request from the flooding address, no websocket: (status, its page's kernel id).
            (127.0.0.1 is a trusted proxy's address by default: a client elsewhere floods.)"""
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120,
                                              source_address=(FLOODER, 0))
            try:
                conn.request("GET", f"{parts.path}?{parts.query}")
                answer = conn.getresponse()
                body = answer.read().decode("utf-8", "replace")
            finally:
                conn.close()
            if answer.status == 200:
                return 200, page_facts(body)[0]
            assert answer.status != 429 or "Please wait a moment" in body
            return answer.status, ""

        started = time.monotonic()
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(fetch, range(60)))
        flood_s = time.monotonic() - started
        statuses = [status for status, _ in answers]
        ok = statuses.count(200)
        assert statuses.count(429) == 60 - ok, statuses
        assert 1 <= ok <= 10, statuses

        # A newcomer from another address, directly and through the trusted proxy's header.
        newcomer = PageClient(url, timeout=60, source_address=NEWCOMER)
        ready = newcomer.open(JOIN)
        behind_proxy = PageClient(url, timeout=60, headers={"X-Forwarded-For": "198.51.100.77"})
        behind_proxy.open(JOIN)

        time.sleep(max(0.0, 30 - (time.monotonic() - started)))
        kernels = len(run.family()) - 1
        held = sum(run.kernel_exists(kernel_id) for _, kernel_id in answers if kernel_id)
        print(f"\n60 requests in {flood_s:.1f} s: {ok} answered 200, {60 - ok} 429; "
              f"newcomer interactive in {ready.interactive:.2f} s; 30 s later {kernels} kernels "
              f"({before} in the pool at the start), {held} of them held for the flooding address")
        assert held <= 5
        newcomer.close()
        behind_proxy.close()
    finally:
        run.stop()


@pytest.mark.slow
def test_behind_the_kits_haproxy_the_bound_is_per_client_not_per_proxy(tmp_path) -> None:
    """``serve --workers 1``: the server sees HAProxy (loopback, trusted) and bounds the client
    address HAProxy forwards, so one flooding client is refused and another is not."""
    if proxy.haproxy_binary() is None:
        pytest.skip("HAProxy is not installed (apt-get install haproxy)")
    run = ServeRun.start(tmp_path / "room.sqlite", "--expected", "2", "--workers", "1")
    try:
        parts = urllib.parse.urlsplit(run.link("Participant"))

        def fetch(source: str) -> int:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120, source_address=(source, 0))
            try:
                conn.request("GET", f"{parts.path}?{parts.query}")
                answer = conn.getresponse()
                answer.read()
                return answer.status
            finally:
                conn.close()

        with ThreadPoolExecutor(8) as pool:
            flood = list(pool.map(fetch, [FLOODER] * 12))
        assert flood.count(200) == RoomKernelManager.max_waiting_per_address.default_value, flood
        assert flood.count(429) == 12 - flood.count(200)
        assert fetch(NEWCOMER) == 200
    finally:
        run.stop()
