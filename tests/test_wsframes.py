"""The websocket frame checks: hand-made attacks, a differential test against jupyter_server's
own (de)serialisers, and a hypothesis fuzz with random and mutated frames."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
    serialize_binary_message,
    serialize_msg_to_ws_v1,
)

from facilitation.serve.wsframes import (
    V1_PROTOCOL,
    FrameError,
    FrameLimits,
    check_incoming,
    split_legacy_binary,
    split_v1,
)


def message(msg_type: str = "comm_msg", content: dict | None = None) -> dict:
    return {"header": {"msg_id": "m1", "msg_type": msg_type, "session": "s", "username": "", "date": "",
                       "version": "5.3"},
            "parent_header": {}, "metadata": {},
            "content": {"comm_id": "c", "data": {}} if content is None else content}


def v1_frame(msg: dict, buffers: list[bytes] = (), channel: str = "shell") -> bytes:
    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")]
    return serialize_msg_to_ws_v1([*parts, *buffers], channel)


def legacy_binary(msg: dict, buffers: list[bytes]) -> bytes:
    return serialize_binary_message({**msg, "channel": "shell", "buffers": list(buffers)})


# --- the attacks from the issue -----------------------------------------------------------------

def test_the_72_byte_frame_that_froze_the_server_is_refused():
    frame = (2**40).to_bytes(8, "little") + bytes(64)
    assert len(frame) == 72
    with pytest.raises(FrameError, match="claims 1099511627776 parts"):
        check_incoming(frame, V1_PROTOCOL)


def test_a_legacy_binary_frame_with_a_huge_part_count_is_refused():
    frame = (2**31 - 1).to_bytes(4, "big") + bytes(60)
    with pytest.raises(FrameError, match="parts"):
        check_incoming(frame, None)


@pytest.mark.parametrize("protocol", [V1_PROTOCOL, None])
def test_a_frame_over_the_size_limit_is_refused_before_parsing(protocol):
    limits = FrameLimits(max_bytes=1000)
    frame = v1_frame(message(content={"data": "x" * 2000}))
    with pytest.raises(FrameError, match="over the 1000-byte limit"):
        check_incoming(frame if protocol else json.dumps(message()) + " " * 1000, protocol, limits)


def test_v1_offsets_outside_the_frame_or_backwards_are_refused():
    good = bytearray(v1_frame(message()))
    past_end = bytearray(good)
    past_end[8 * 3:8 * 4] = (len(good) + 10).to_bytes(8, "little")
    with pytest.raises(FrameError, match="outside"):
        split_v1(bytes(past_end))
    backwards = bytearray(good)
    backwards[8 * 2:8 * 3] = (5).to_bytes(8, "little")  # before the end of the offset table
    with pytest.raises(FrameError, match="outside"):
        split_v1(bytes(backwards))


def test_v1_needs_the_four_message_parts_a_known_channel_and_a_json_header():
    with pytest.raises(FrameError, match="at least 6"):
        split_v1(serialize_msg_to_ws_v1([b"{}"], "shell"))
    with pytest.raises(FrameError, match="unknown channel"):
        split_v1(v1_frame(message(), channel="nope"))
    bad_header = serialize_msg_to_ws_v1([b"not json", b"{}", b"{}", b"{}"], "shell")
    with pytest.raises(FrameError, match="header is not JSON"):
        check_incoming(bad_header, V1_PROTOCOL)
    no_type = serialize_msg_to_ws_v1([b"{}", b"{}", b"{}", b"{}"], "shell")
    with pytest.raises(FrameError, match="msg_type"):
        check_incoming(no_type, V1_PROTOCOL)


def test_text_on_a_v1_connection_and_broken_legacy_text_are_refused():
    with pytest.raises(FrameError, match="text frame"):
        check_incoming(json.dumps(message()), V1_PROTOCOL)
    for text in ("[1, 2]", "{", "[" * 100_000, json.dumps({**message(), "content": "x"}),
                 json.dumps({k: v for k, v in message().items() if k != "parent_header"})):
        with pytest.raises(FrameError):
            check_incoming(text, None)


def test_well_formed_frames_pass_and_say_their_channel_and_type():
    frame = v1_frame(message("comm_open"), [b"\x00\x01", b""], channel="shell")
    assert check_incoming(frame, V1_PROTOCOL).header["msg_type"] == "comm_open"
    assert check_incoming(frame, V1_PROTOCOL).channel == "shell"
    text = json.dumps({**message("kernel_info_request"), "channel": "shell"})
    assert check_incoming(text, None).header["msg_type"] == "kernel_info_request"
    binary = legacy_binary(message(), [b"abc"])
    assert check_incoming(binary, None).header["msg_type"] == "comm_msg"


def test_too_many_buffers_are_refused_in_both_framings():
    limits = FrameLimits(max_buffers=3)
    with pytest.raises(FrameError, match="parts"):
        check_incoming(v1_frame(message(), [b"x"] * 4), V1_PROTOCOL, limits)
    with pytest.raises(FrameError, match="parts"):
        check_incoming(legacy_binary(message(), [b"x"] * 4), None, limits)
    check_incoming(v1_frame(message(), [b"x"] * 3), V1_PROTOCOL, limits)


# --- differential: what passes is exactly what jupyter_server decodes ----------------------------

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=20))
contents = st.dictionaries(st.text(max_size=8), json_leaf, max_size=4)
buffers = st.lists(st.binary(max_size=40), max_size=5)


@given(content=contents, bufs=buffers, channel=st.sampled_from(["shell", "control", "stdin", "iopub"]))
def test_v1_frames_from_jupyter_server_pass_and_split_like_upstream(content, bufs, channel):
    frame = v1_frame(message(content=content), bufs, channel)
    checked = check_incoming(frame, V1_PROTOCOL)
    assert checked.channel == channel
    assert split_v1(frame) == deserialize_msg_from_ws_v1(frame)


@given(content=contents, bufs=buffers)
def test_legacy_binary_frames_from_jupyter_server_pass_and_split_like_upstream(content, bufs):
    frame = legacy_binary(message(content=content), bufs)
    msg, parts = split_legacy_binary(frame)
    upstream = deserialize_binary_message(frame)
    assert msg["content"] == upstream["content"] == content
    assert parts == upstream["buffers"] == bufs


# --- fuzz: random and mutated frames never raise anything but FrameError --------------------------

def _accepts(frame: bytes | str, protocol: str | None) -> bool:
    try:
        check_incoming(frame, protocol, FrameLimits(max_bytes=4096))
    except FrameError:
        return False
    return True


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(frame=st.binary(max_size=300), protocol=st.sampled_from([V1_PROTOCOL, None]))
def test_random_bytes_are_checked_without_surprises(frame, protocol):
    if _accepts(frame, protocol) and protocol == V1_PROTOCOL:
        deserialize_msg_from_ws_v1(frame)  # what passed, upstream decodes without error


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(content=contents, bufs=buffers, data=st.data(), legacy=st.booleans())
def test_mutated_frames_are_checked_without_surprises(content, bufs, data, legacy):
    frame = bytearray(legacy_binary(message(content=content), bufs) if legacy else v1_frame(message(content=content), bufs))
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "count", "offset", "truncate", "extend"]))
        if kind == "flip" and frame:
            i = data.draw(st.integers(0, len(frame) - 1))
            frame[i] = data.draw(st.integers(0, 255))
        elif kind == "count":
            width = 4 if legacy else 8
            frame[:width] = data.draw(st.integers(0, 2**(8 * width) - 1)).to_bytes(width, "big" if legacy else "little")
        elif kind == "offset" and len(frame) >= 24:
            slot = data.draw(st.integers(1, 2))
            frame[8 * slot:8 * slot + 8] = data.draw(st.integers(0, 2**64 - 1)).to_bytes(8, "little")
        elif kind == "truncate":
            del frame[data.draw(st.integers(0, len(frame))):]
        elif kind == "extend":
            frame += data.draw(st.binary(max_size=50))
    protocol = None if legacy else V1_PROTOCOL
    if _accepts(bytes(frame), protocol):
        if legacy:
            deserialize_binary_message(bytes(frame))
        else:
            deserialize_msg_from_ws_v1(bytes(frame))


# --- the per-connection limits and the outgoing filter ----------------------------------------------

def test_token_bucket_allows_a_burst_then_the_sustained_rate():
    from facilitation.serve.wsguard import TokenBucket

    now = [0.0]
    bucket = TokenBucket(rate=10, burst=5, clock=lambda: now[0])
    assert all(bucket.take() for _ in range(5))
    assert not bucket.take()  # the burst is spent
    now[0] += 0.3  # three tokens back
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] += 100
    assert bucket.tokens <= 5 and all(bucket.take() for _ in range(5)) and not bucket.take()  # never above the burst
    assert not TokenBucket(rate=1, burst=10, clock=lambda: 0).take(11)  # one frame bigger than the burst


def test_execute_input_is_recognised_from_the_kernel_messages_header_only():
    from facilitation.serve.wsguard import _is_execute_input

    def zmq_parts(msg_type: str) -> list[bytes]:
        return [b"ident", b"<IDS|MSG>", b"signature", json.dumps({"msg_type": msg_type, "msg_id": "1"}).encode(),
                b"{}", b"{}", json.dumps({"code": "execute_input"}).encode()]

    assert _is_execute_input(zmq_parts("execute_input"))
    assert not _is_execute_input(zmq_parts("stream"))  # the word in the content does not count
    assert not _is_execute_input([b"no delimiter"])
