"""Checked parsing of Jupyter kernel websocket frames (both wire protocols), stdlib only.

Every page of the kit talks to its kernel over a websocket that any visitor can write to.
jupyter_server's decoders trust the frame: ``deserialize_msg_from_ws_v1`` builds a list as
long as the part count in the first 8 bytes (2**40 parts from a 72-byte frame: 100 % CPU
and ~80 MB/s until the machine runs out of memory), and ``deserialize_binary_message``
builds a struct format as long as the 4-byte count of the legacy framing. Voila's
``read_header_from_binary_message`` does the same to outgoing messages, whichever protocol
the connection negotiated. :func:`check_incoming` answers, in time proportional to the
part count it allows, whether a frame is one those decoders can take safely;
:mod:`facilitation.serve.wsguard` calls it before they see anything. It can go when upstream
validates frames itself.

The two framings:

* ``v1.kernel.websocket.jupyter.org`` (binary): 8-byte little-endian count ``n``, then ``n``
  8-byte offsets; ``offsets[0]..offsets[1]`` is the channel name, then one part per offset
  pair (header, parent header, metadata, content, buffers...).
* legacy (no subprotocol): a JSON text message, or a binary one with a 4-byte big-endian
  part count, 4-byte big-endian offsets, a JSON message and its buffers.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
CHANNELS = frozenset({"shell", "control", "iopub", "stdin"})
# A Jupyter message has four JSON parts (header, parent header, metadata, content).
MESSAGE_PARTS = 4


class FrameError(ValueError):
    """A websocket frame that is not a well-formed kernel message; the sentence says why."""


@dataclass(frozen=True)
class FrameLimits:
    """Bounds far above real widget messages (a widget update is a few kB; a GeoJSON upload
    of a city district a few MB), far below what hurts the server."""

    max_bytes: int = 16 * 2**20
    max_buffers: int = 64
    max_header_bytes: int = 64 * 2**10


@dataclass(frozen=True)
class Message:
    """What a checked frame holds: its channel (None: not given) and its header."""

    channel: str | None
    header: dict


DEFAULT_LIMITS = FrameLimits()


def check_incoming(frame: str | bytes, protocol: str | None, limits: FrameLimits = DEFAULT_LIMITS) -> Message:
    """Check a frame a browser sent over a connection that negotiated ``protocol``.

    Returns its channel and header; raises :class:`FrameError` for anything jupyter_server's
    decoders could choke on, loop on or allocate without bound for.
    """
    if len(frame) > limits.max_bytes:
        raise FrameError(f"frame of {len(frame)} bytes is over the {limits.max_bytes}-byte limit")
    if protocol == V1_PROTOCOL:
        if not isinstance(frame, (bytes, bytearray, memoryview)):
            raise FrameError("text frame on a v1 connection (v1 messages are binary)")
        channel, parts = split_v1(bytes(frame), limits)
        return Message(channel, _json_header(parts[0], limits))
    if isinstance(frame, str):
        return _legacy_text(frame)
    msg, _ = split_legacy_binary(bytes(frame), limits)
    return _legacy_message(msg)


def split_v1(frame: bytes, limits: FrameLimits = DEFAULT_LIMITS) -> tuple[str, list[bytes]]:
    """The channel and parts of a v1 frame, every offset checked first."""
    count = _count(frame, 8, "little", limits.max_buffers + MESSAGE_PARTS + 2)
    if count < MESSAGE_PARTS + 2:
        raise FrameError(f"v1 frame has {count} offsets; a kernel message needs at least {MESSAGE_PARTS + 2}")
    offsets = _offsets(frame, 8, count, "little")
    channel = _text(frame[offsets[0]:offsets[1]], "channel")
    if channel not in CHANNELS:
        raise FrameError(f"unknown channel {channel[:20]!r}")
    return channel, [frame[offsets[i]:offsets[i + 1]] for i in range(1, count - 1)]


def split_legacy_binary(frame: bytes, limits: FrameLimits = DEFAULT_LIMITS) -> tuple[dict, list[bytes]]:
    """The JSON message and buffers of a legacy binary frame, every offset checked first."""
    count = _count(frame, 4, "big", limits.max_buffers + 1)
    if count < 1:
        raise FrameError("legacy binary frame has no parts")
    offsets = _offsets(frame, 4, count, "big") + [len(frame)]
    parts = [frame[offsets[i]:offsets[i + 1]] for i in range(count)]
    return _json(parts[0], "message part"), parts[1:]


def _count(frame: bytes, width: int, order: str, most: int) -> int:
    if len(frame) < width:
        raise FrameError(f"frame of {len(frame)} bytes is shorter than its part count")
    count = int.from_bytes(frame[:width], order, signed=False)
    if count > most:
        raise FrameError(f"frame claims {count} parts; at most {most} are allowed")
    return count


def _offsets(frame: bytes, width: int, count: int, order: str) -> list[int]:
    """``count`` offsets after the count field: inside the frame, past the table, never decreasing."""
    table_end = width * (count + 1)
    if len(frame) < table_end:
        raise FrameError(f"frame of {len(frame)} bytes is shorter than its table of {count} offsets")
    fmt = ("<" if order == "little" else ">") + ("Q" if width == 8 else "I") * count
    offsets = list(struct.unpack(fmt, frame[width:table_end]))
    previous = table_end
    for offset in offsets:
        if offset < previous or offset > len(frame):
            raise FrameError(f"offset {offset} is outside {previous}..{len(frame)}")
        previous = offset
    return offsets


def _text(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FrameError(f"{what} is not UTF-8") from None


def _json_header(raw: bytes, limits: FrameLimits) -> dict:
    if len(raw) > limits.max_header_bytes:
        raise FrameError(f"header of {len(raw)} bytes is over the {limits.max_header_bytes}-byte limit")
    return _valid_header(_json(raw, "header"))


def _valid_header(header: object) -> dict:
    if not isinstance(header, dict) or not isinstance(header.get("msg_type"), str):
        raise FrameError("header is not an object with a msg_type")
    return header


def _legacy_text(frame: str) -> Message:
    return _legacy_message(_json(frame, "text frame"))


def _json(raw: str | bytes, what: str) -> object:
    """``raw`` parsed as JSON, or :class:`FrameError` naming ``what`` (deep nesting included)."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise FrameError(f"{what} is not JSON ({type(exc).__name__})") from None


def _legacy_message(msg: object) -> Message:
    if not isinstance(msg, dict):
        raise FrameError("message is not a JSON object")
    channel = msg.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise FrameError(f"unknown channel {str(channel)[:20]!r}")
    # jupyter_server reads all four fields of a legacy message without checking them
    for field in ("parent_header", "metadata", "content"):
        if not isinstance(msg.get(field), dict):
            raise FrameError(f"{field} is missing or not an object")
    return Message(channel, _valid_header(msg.get("header")))
