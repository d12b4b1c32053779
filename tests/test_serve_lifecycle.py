"""``facilitation serve`` as a service: stopped by signals with nothing left behind, a Voila
that dies is reported, and a vanished phone's kernel is culled while a quiet one stays."""

from __future__ import annotations

import base64
import os
import signal
import socket
import time

import psutil
import pytest

from benchmarks.protocol import PageClient
from facilitation import store
from facilitation.serve import launcher as server
from facilitation.demo import load_demo
from facilitation.serve.supervise import Family
from tests.conftest import free_port
from tests.serving import V1, ServeRun, alive

pytestmark = pytest.mark.slow


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_stop_signal_leaves_no_voila_or_kernel_and_frees_the_port(tmp_path, signum):
    run = ServeRun.start(tmp_path / "room.sqlite", "--expected", "1")
    page = PageClient(run.link("Participant"), timeout=30)
    page.open("fk-join-submit")  # a connected page: its kernel, plus the pool's refill
    family = run.family()
    assert len(family) >= 2, "Voila and at least the page's kernel"
    started = time.monotonic()
    run.proc.send_signal(signum)
    code = run.proc.wait(timeout=30)
    gone = psutil.wait_procs(family, timeout=5)[1]
    took = time.monotonic() - started
    print(f"\n{signum.name}: serve exited {code} and {len(family)} processes were gone {took:.1f} s after the signal")
    assert code == 0
    assert not gone and not alive(family), f"left running: {alive(family)}"
    assert took < 15
    assert port_is_free(run.port)
    page.close(beacon=False)


def test_when_voila_dies_on_its_own_serve_says_so_in_one_sentence_and_exits_non_zero(tmp_path):
    run = ServeRun.start(tmp_path / "room.sqlite", "--expected", "1")
    family = run.family()
    run.voila().kill()
    code = run.proc.wait(timeout=30)
    err = run.proc.stderr.read().strip()
    assert code != 0
    assert err.startswith("facilitation: The Voila server stopped on its own") and "\n" not in err
    assert "Traceback" not in err
    psutil.wait_procs(family, timeout=10)
    assert not alive(family), "kernels of the dead Voila are stopped too"
    assert port_is_free(run.port)


def half_open(port: int, kernel_id: str) -> socket.socket:
    """A websocket that completes its handshake and then never reads or answers again: what a
    phone that lost its network leaves on the server (the TCP connection stays, silent)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /api/kernels/{kernel_id}/channels?session_id=gone-{key[:6]} HTTP/1.1\r\n"
                  f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {V1}\r\n\r\n")
                 .encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(4096)
    assert response.startswith(b"HTTP/1.1 101"), response[:200]
    return sock


def test_a_vanished_phones_kernel_is_culled_while_a_quiet_connected_page_keeps_its_kernel(tmp_path):
    db_path = tmp_path / "room.sqlite"
    with store.Database(db_path) as db:
        code, _ = load_demo(db)
    # Shortened, same mechanism: ping every 1 s, give up after 3 s without a pong, cull 4 s later.
    options = server.ServeOptions(port=free_port(), expected=2, ws_ping_interval=1, ws_ping_timeout=3,
                                  cull_disconnected_after=4, cull_interval=1)
    family = Family(server.start(options, str(db_path), quiet=True))
    try:
        base = server.listen_url("127.0.0.1", options.port)
        assert server.wait_until_ready(base, family.proc, timeout=90)
        link = server.participant_link(base, code)
        quiet = PageClient(link, timeout=30)
        quiet.open("fk-join-submit")  # its reader answers pings, as a locked phone's browser does
        phone = PageClient(link, timeout=30)
        phone.open("fk-join-submit")
        phone.close(beacon=False)  # the page goes; a half-open connection to its kernel stays
        silent = half_open(options.port, phone.kernel_id)
        started = time.monotonic()
        kernels = f"{base}api/kernels/"
        deadline = started + 150
        while time.monotonic() < deadline and _exists(kernels + phone.kernel_id):
            time.sleep(0.5)
        culled_after = time.monotonic() - started
        print(f"\nhalf-open connection's kernel culled {culled_after:.1f} s after it went silent (shortened settings)")
        assert not _exists(kernels + phone.kernel_id), "the vanished phone's kernel is gone within 150 s"
        time.sleep(options.ws_ping_timeout + options.cull_disconnected_after + 2)
        assert _exists(kernels + quiet.kernel_id), "a quiet page that answers pings keeps its kernel"
        silent.close()
        quiet.close()
    finally:
        family.stop(server.STOP_GRACE)
    assert not alive(list(family.members.values()))


def _exists(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def test_serve_command_sets_ping_frame_size_and_the_guarded_connection():
    command = server.voila_command(server.ServeOptions(port=9125))
    assert "--Voila.kernel_websocket_connection_class=facilitation.serve.wsguard.GuardedConnection" in command
    settings = next(a for a in command if a.startswith("--Voila.tornado_settings="))
    values = eval(settings.split("=", 1)[1], {})  # the literal Voila parses
    assert values["ws_ping_interval"] == server.WS_PING_INTERVAL * 1000
    assert values["ws_ping_timeout"] == server.WS_PING_TIMEOUT * 1000 <= 30_000
    assert values["websocket_max_message_size"] == server.MAX_MESSAGE_BYTES
    assert values["disable_check_xsrf"] is True
    # A vanished phone's kernel is gone within 150 s: ping timeout, the next ping, tornado's
    # 5 s close wait, the disconnected grace and one cull interval.
    worst = (server.WS_PING_TIMEOUT + server.WS_PING_INTERVAL + 5 + server.CULL_DISCONNECTED_AFTER
             + 2 * server.CULL_INTERVAL)
    assert worst < 150
