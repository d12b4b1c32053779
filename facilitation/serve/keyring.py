"""The keys ``facilitation serve`` prints, kept between runs so a restart mints none.

The store keeps only a key's hash, so the key itself cannot be shown again from the database.
``serve`` keeps the plain keys it made in a private file of the operator's (mode 0600, in
``$XDG_STATE_HOME/facilitation/``, named by a hash of the database URL), like Jupyter keeps its
tokens. A restart prints the same links while their keys are valid; a key that was revoked, or
whose copy is lost, is replaced (the old one revoked), and ``--new-links`` replaces them all.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from facilitation import store


@dataclass
class ServeKeys:
    """What ``serve`` prints: one co-facilitator key per workshop and one organiser key."""

    workshops: dict[str, str] = field(default_factory=dict)
    organiser: str = ""


def keyring_path(db_url: str, environ: dict[str, str] | None = None) -> Path:
    """The private file for the database at ``db_url`` (the URL itself is never written)."""
    env = os.environ if environ is None else environ
    base = Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    digest = hashlib.sha256(db_url.encode()).hexdigest()[:20]
    return base / "facilitation" / f"serve-keys-{digest}.json"


def _load(path: Path) -> ServeKeys:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServeKeys(workshops={str(k): str(v) for k, v in dict(data.get("workshops", {})).items()},
                         organiser=str(data.get("organiser", "")))
    except (OSError, ValueError, AttributeError, TypeError):
        return ServeKeys()  # none yet, or unreadable: new keys replace the lost ones


def _save(path: Path, keys: ServeKeys) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"workshops": keys.workshops, "organiser": keys.organiser}, out)
    os.replace(tmp, path)


def serve_keys(db: store.Database, codes: list[str], *, renew: bool = False) -> ServeKeys:
    """The keys to print for ``codes``: the kept ones while valid, else new ones (old revoked)."""
    path = keyring_path(db.url)
    kept = ServeKeys() if renew else _load(path)
    keys = ServeKeys(workshops=dict(kept.workshops))
    for code in codes:
        key = kept.workshops.get(code)
        if not key or not store.is_facilitator(db, code, key):
            keys.workshops[code] = store.serve_key(db, code, renew=True) or ""
    if kept.organiser and store.is_organiser(db, kept.organiser):
        keys.organiser = kept.organiser
    else:
        keys.organiser = store.serve_organiser_key(db, renew=True) or ""
    if keys != kept:
        _save(path, keys)
    return keys
