"""Attacks on a running ``facilitation serve``, over the kernel websockets any page can open.

Each test attacks, then checks the room: the attacker's connection is closed, the server
stays under 1 GB, a page that was already open still works, and a fresh participant page
loads. Figures (RSS, load times) are printed for the notes; nothing is timed as a pass mark.
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid

import pytest
import websocket

from benchmarks.protocol import PageClient, page_facts, pack
from facilitation.serve.wsframes import split_legacy_binary
from tests.serving import PeakMemory, ServeRun, close_code, kernel_socket

pytestmark = pytest.mark.slow

GB = 2**30
JOIN, JOINED = "fk-join-submit", "fk-whoami"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    run = ServeRun.start(tmp_path_factory.mktemp("attacks") / "room.sqlite", "--expected", "2")
    yield run
    run.stop()


def joined_page(served: ServeRun, name: str) -> PageClient:
    page = PageClient(served.link("Participant"), timeout=60)
    page.open(JOIN)
    page.type_text("fk-join-name", name)
    page.click(JOIN)
    page.wait(lambda: page.find(JOINED) is not None, "the joined page")
    return page


def still_answers(page: PageClient) -> None:
    """The page's own kernel still answers it: a fresh widget-state request gets its reply."""
    page.request_states(timeout=30)


def fresh_page_loads(served: ServeRun) -> float:
    started = time.monotonic()
    page = PageClient(served.link("Participant"), timeout=60)
    page.open(JOIN)
    page.close()
    return time.monotonic() - started


def test_a_72_byte_frame_claiming_2_to_the_40_parts_closes_only_that_connection(served):
    victim = joined_page(served, "Ada")
    attacker = PageClient(served.link("Participant"), timeout=60)
    attacker.open(JOIN)
    with PeakMemory(served.voila()) as memory:
        ws = kernel_socket(served.base, attacker.kernel_id)
        ws.send((2**40).to_bytes(8, "little") + bytes(64), opcode=websocket.ABNF.OPCODE_BINARY)
        assert close_code(ws) == 1008
        load = fresh_page_loads(served)
        still_answers(victim)
    print(f"\n72-byte frame: Voila peak RSS {memory.peak / 2**20:.0f} MB, fresh page ready in {load:.2f} s")
    assert memory.peak < GB
    assert served.kernel_exists(attacker.kernel_id), "the attacked kernel itself stays up for its page"
    victim.close()
    attacker.close()


def _legacy(msg_type: str, content: dict, session: str) -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "", "session": session,
              "date": "", "version": "5.3"}
    return json.dumps({"header": header, "parent_header": {}, "metadata": {"version": "1.0.0"},
                       "content": content, "channel": "shell"})


def test_a_legacy_protocol_client_on_a_page_with_binary_buffers_gets_its_frames_and_the_room_stays_up(served):
    # The console's QR code is an Image widget: its state travels as a binary buffer.
    html = urllib.request.urlopen(served.link("Facilitator"), timeout=60).read().decode()
    kernel_id, _, _ = page_facts(html)
    victim = joined_page(served, "Grace")
    with PeakMemory(served.voila()) as memory:
        ws = kernel_socket(served.base, kernel_id, subprotocol=None)
        assert not ws.getsubprotocol()
        comm = uuid.uuid4().hex
        ws.send(_legacy("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}, "s"))
        ws.send(_legacy("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, "s"))
        buffers, deadline = None, time.monotonic() + 30
        while buffers is None and time.monotonic() < deadline:
            opcode, data = ws.recv_data()
            if opcode == websocket.ABNF.OPCODE_BINARY:
                msg, parts = split_legacy_binary(data)  # legacy framing, as negotiated
                if msg["content"].get("data", {}).get("method") == "update_states":
                    buffers = parts
        load = fresh_page_loads(served)
        still_answers(victim)
    print(f"\nlegacy client: Voila peak RSS {memory.peak / 2**20:.0f} MB, fresh page ready in {load:.2f} s")
    assert buffers, "the widget states (with the QR image's buffer) reached the legacy client"
    assert memory.peak < GB
    ws.close()
    victim.close()


def test_a_flooding_page_is_disconnected_and_the_room_does_not_notice(served):
    victim = joined_page(served, "Hedy")
    flooder = PageClient(served.link("Participant"), timeout=60)
    flooder.open(JOIN)
    ws = kernel_socket(served.base, flooder.kernel_id)
    header = {"msg_id": "x", "msg_type": "comm_info_request", "session": "s", "username": "", "version": "5.3",
              "date": ""}
    frame = pack("shell", [json.dumps(header).encode(), b"{}", b"{}", b"{}"])
    sent, started = 0, time.monotonic()
    with PeakMemory(served.voila()) as memory:
        try:
            for _ in range(20_000):
                ws.send(frame, opcode=websocket.ABNF.OPCODE_BINARY)
                sent += 1
        except (websocket.WebSocketException, ConnectionError, OSError):
            pass
        code = close_code(ws) if ws.connected else 1008
        flood_s = time.monotonic() - started
        answered = time.monotonic()
        still_answers(victim)
        answered = time.monotonic() - answered
    print(f"\nflood: {sent} messages sent in {flood_s:.2f} s before the close; victim answered in {answered:.2f} s; "
          f"Voila peak RSS {memory.peak / 2**20:.0f} MB")
    assert code == 1008
    assert memory.peak < GB
    victim.close()
    flooder.close()


def test_a_frame_over_the_size_limit_is_refused_by_the_server(served):
    page = PageClient(served.link("Participant"), timeout=60)
    page.open(JOIN)
    ws = kernel_socket(served.base, page.kernel_id)
    try:
        ws.send(bytes(17 * 2**20), opcode=websocket.ABNF.OPCODE_BINARY)
    except (websocket.WebSocketException, ConnectionError, OSError):
        pass
    assert close_code(ws) in (1009, None)  # "message too big" (or cut off while still sending)
    still_answers(page)
    page.close()
