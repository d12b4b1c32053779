"""Validation every record shares: the method's vocabularies, text limits, and the checks that
refuse a bad value with :class:`InvalidValue` naming the field and what is allowed.

Also the join code alphabet and the pseudonyms, so that what a participant types or is
given is checked in one place. :mod:`facilitation.domain.records` re-exports all of it.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Iterable, Mapping

from facilitation.domain.errors import InvalidValue
from facilitation.domain.languages import LANGUAGES as LANGUAGES  # re-exported: records and programmes check with it
from facilitation.domain.pseudonyms import WORDS as PSEUDONYM_WORDS

SCALES = ("small", "large")
DRIVERS = ("central", "individual")
FEATURE_KINDS = ("problem", "asset", "opportunity")
CATEGORIES = ("public", "business", "knowledge", "civil")
LEVELS = ("inform", "consult", "involve", "collaborate", "empower")
DIRECTIONS = ("higher", "lower")
GEOMETRY_TYPES = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")
ITEM_KINDS = ("scenario", "idea")

MAX_TITLE = 120
MAX_NAME = 60
MAX_TEXT = 2000
MAX_CITY = 80

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_RE = re.compile(rf"^[{JOIN_CODE_ALPHABET}]{{4,12}}$")

_ADJECTIVES = (
    "Amber", "Blue", "Bright", "Calm", "Clever", "Coral", "Green", "Golden", "Kind", "Lively",
    "Misty", "Quiet", "Rapid", "Silver", "Sunny", "Swift", "Teal", "Warm", "Wise", "Bold",
)
_NOUNS = (
    "Alder", "Beaver", "Birch", "Crane", "Falcon", "Fern", "Heron", "Kestrel", "Lark", "Linden",
    "Lynx", "Maple", "Otter", "Owl", "Plover", "Robin", "Rowan", "Swan", "Willow", "Wren",
)


def clean_text(field_name: str, value: Any, *, max_len: int, required: bool) -> str:
    """Strip and check a free-text value; refuse empty (when required) or too long text."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(field_name, "must be text.")
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise InvalidValue(field_name, "must not be empty.")
    if len(value) > max_len:
        raise InvalidValue(field_name, "is {n_value} characters long; at most {max_len} are allowed.", n_value=len(value), max_len=max_len)
    return value


def check_choice(field_name: str, value: Any, allowed: Iterable[str]) -> str:
    """Refuse a value that is not one of ``allowed``."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidValue(field_name, "must be one of {allowed} (got {value!r}).", allowed=', '.join(allowed), value=value)
    return value


def check_int(field_name: str, value: Any, lo: int, hi: int) -> int:
    """Refuse a value that is not a whole number in ``lo..hi`` (bools are refused too)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
        isinstance(value, float) and not value.is_integer()
    ):
        raise InvalidValue(field_name, "must be a whole number from {lo} to {hi} (got {value!r}).", lo=lo, hi=hi, value=value)
    value = int(value)
    if not lo <= value <= hi:
        raise InvalidValue(field_name, "must be a whole number from {lo} to {hi} (got {value}).", lo=lo, hi=hi, value=value)
    return value


def check_number(field_name: str, value: Any, lo: float, hi: float) -> float:
    """Refuse a value that is not a finite number in ``lo..hi``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidValue(field_name, "must be a number from {lo:g} to {hi:g} (got {value!r}).", lo=lo, hi=hi, value=value)
    if not lo <= value <= hi:
        raise InvalidValue(field_name, "must be a number from {lo:g} to {hi:g} (got {value:g}).", lo=lo, hi=hi, value=value)
    return float(value)


def check_tags(field_name: str, values: Any, *, max_items: int = 12) -> tuple[str, ...]:
    """A tuple of short distinct non-empty tags."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [v for v in values.split(",")]
    tags: list[str] = []
    for v in values:
        tag = clean_text(field_name, v, max_len=MAX_NAME, required=False)
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > max_items:
        raise InvalidValue(field_name, "at most {max_items} tags are allowed.", max_items=max_items)
    return tuple(tags)


def check_geometry(field_name: str, geometry: Any) -> dict:
    """A GeoJSON geometry object with WGS84 coordinates (longitude, latitude)."""
    if isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except ValueError:
            raise InvalidValue(field_name, "is not valid JSON.") from None
    if not isinstance(geometry, Mapping):
        raise InvalidValue(field_name, "must be a GeoJSON geometry object.")
    gtype = geometry.get("type")
    if gtype not in GEOMETRY_TYPES:
        raise InvalidValue(field_name, "type must be one of {geometry_types} (got {gtype!r}).", geometry_types=', '.join(GEOMETRY_TYPES), gtype=gtype)
    coords = geometry.get("coordinates")
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}[gtype]

    def walk(node: Any, level: int) -> None:
        if level == 0:
            if (
                not isinstance(node, (list, tuple))
                or len(node) < 2
                or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in node[:2])
            ):
                raise InvalidValue(field_name, "has a position that is not [longitude, latitude].")
            lon, lat = node[0], node[1]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise InvalidValue(field_name, "has a position outside the globe ({lon}, {lat}).", lon=lon, lat=lat)
            return
        if not isinstance(node, (list, tuple)) or not node:
            raise InvalidValue(field_name, "{gtype} coordinates are empty or malformed.", gtype=gtype)
        for child in node:
            walk(child, level - 1)

    walk(coords, depth)
    if gtype == "LineString" and len(coords) < 2:
        raise InvalidValue(field_name, "a line needs at least two positions.")
    if gtype == "Polygon" and any(len(ring) < 4 for ring in coords):
        raise InvalidValue(field_name, "a polygon ring needs at least four positions.")
    return json.loads(json.dumps({"type": gtype, "coordinates": coords}))


def pseudonym_for(number: int, language: str = "en") -> str:
    """A friendly pseudonym such as 'Green Heron 17' ('Zielony Żuraw 17' in Polish) from any number."""
    number = abs(int(number))
    adjectives, nouns = PSEUDONYM_WORDS.get(language, (_ADJECTIVES, _NOUNS))
    adj = adjectives[number % len(adjectives)]
    noun = nouns[(number // len(adjectives)) % len(nouns)]
    return f"{adj} {noun} {number % 97 + 1}"


def check_join_code(value: Any) -> str:
    """Normalise a join code (upper case, no spaces) and check its alphabet."""
    if not isinstance(value, str):
        raise InvalidValue("join code", "must be text.")
    code = value.strip().upper().replace(" ", "").replace("-", "")
    if not JOIN_CODE_RE.match(code):
        raise InvalidValue("join code", "{value!r} is not a join code (4 to 12 letters and digits).", value=value)
    return code


MAX_FILE_NAME = 200


def clean_file_name(value: Any) -> str:
    """An uploaded file's name as it is stored and shown: no folder part (``../../etc/passwd.txt`` →
    ``passwd.txt``), no control or invisible formatting characters (a right-to-left override turns
    ``gpj.exe`` into what looks like ``exe.jpg``), no leading dots, at most 200 characters with the
    extension kept; :class:`InvalidValue` when nothing usable is left."""
    import unicodedata  # only uploads need it

    text = unicodedata.normalize("NFC", str(value or "")).replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in re.sub(r"[\t\n\r]", " ", text)
                   if unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"))
    text = re.sub(r"\s+", " ", text).strip().lstrip(".").strip()
    if not text:
        raise InvalidValue("file name", "must not be empty.")
    if len(text) > MAX_FILE_NAME:
        stem, dot, ext = text.rpartition(".")
        ext = ext[:20] if dot else ""
        text = (stem if dot else text)[:MAX_FILE_NAME - len(ext) - 1].rstrip() + ("." + ext if ext else "")
    return text
