"""Personal data rights: erase a participant's name (and the free text they ask to remove).

``forget_participant`` keeps counts and anonymous contributions (votes, scores, ratings and
ideas stay, under the pseudonym) and removes the name from the database *file*: on SQLite
the change is written with ``secure_delete``, the write-ahead log is checkpointed and
truncated and the file is rebuilt with ``VACUUM``, so no old page still holds the name; on
PostgreSQL the changed tables are rewritten with ``VACUUM FULL``.
Where the name still occurs in other people's text, the result lists it for a person to
decide (their words are not ours to change silently).

This module decides what is erased and scrubs the file; each table is changed by its own
record module (``people``, ``feedback``, ``ideas``, ``stakeholders``, ``history``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from facilitation.domain.errors import InvalidValue, NotFound
from facilitation.store import feedback, history, ideas, notes, people, questions, stakeholders
from facilitation.store.access import workshop_row
from facilitation.store.db import Database, bump, now
from facilitation.store.tables import text_mentions

REMOVED = "[removed on request]"
# How long the file scrub waits for other readers (a running server) before reporting it could not finish.
SCRUB_TIMEOUT_S = 5.0
TEXT_KINDS = ("feedback", "ideas", "stakeholders", "questions", "notes")


@dataclass
class ForgetResult:
    """What was erased, and where the name still occurs in other people's text."""

    participant_id: int
    pseudonym: str
    name_removed: bool
    texts_removed: dict[str, int] = field(default_factory=dict)
    mentions: list[str] = field(default_factory=list)
    file_scrubbed: bool = False
    note: str = ""

    def summary(self) -> str:
        texts = ", ".join(f"{n} {kind}" for kind, n in self.texts_removed.items() if n) or "no free text"
        return (f"Participant {self.participant_id} is now only '{self.pseudonym}': name "
                f"{'erased' if self.name_removed else 'was not given'}; removed {texts}.")


def _find(conn: Connection, workshop_id: int, who: Any) -> Mapping[str, Any]:
    rows = people.rows(conn, workshop_id)
    text = str(who).strip()
    if text.isdigit():
        for r in rows:
            if r["id"] == int(text):
                return r
    folded = text.casefold()
    matches = [r for r in rows if folded and (r["pseudonym"].casefold() == folded
                                              or r["display_name"].casefold() == folded)]
    if not matches:
        raise NotFound("No participant of this workshop is called or numbered {text!r}.", text=text)
    if len(matches) > 1:
        numbers = ", ".join(str(r["id"]) for r in matches)
        raise InvalidValue("participant", "{text!r} matches participants {numbers}; give the number instead.", text=text, numbers=numbers)
    return matches[0]


def _scrub_sqlite_file(db: Database) -> tuple[bool, str]:
    """Checkpoint and truncate the WAL, rebuild the file, truncate again: no stale page remains."""
    con = sqlite3.connect(str(db.sqlite_path), isolation_level=None, timeout=SCRUB_TIMEOUT_S)
    try:
        con.execute(f"PRAGMA busy_timeout={int(SCRUB_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA secure_delete=ON")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        busy, _log, _done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as exc:
        return False, (f"The database is in use ({exc}); the name is gone from the data but old copies may "
                       "remain in the file until you stop the server and run forget again.")
    finally:
        con.close()
    wal = db.sqlite_path.with_name(db.sqlite_path.name + "-wal")
    if busy or (wal.exists() and wal.stat().st_size > 0):
        return False, ("Another program (a running server?) is reading the database, so the write-ahead log "
                       "could not be emptied; stop the server and run forget again to erase old copies.")
    return True, ""


# The tables whose rows ``forget`` changes: rewritten so no page keeps the erased versions.
SCRUBBED_TABLES = ("participants", "ideas", "stakeholders", "feedback", "history")


def _scrub_server_tables(db: Database) -> tuple[bool, str]:
    """PostgreSQL: rewrite the changed tables (``VACUUM FULL``), so their files keep no old row version.

    Waits at most ``SCRUB_TIMEOUT_S`` for the table locks (a long transaction of another
    session holds them); copies in the server's write-ahead log, replicas and backups are
    outside the kit's reach (README, "PostgreSQL").
    """
    try:
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql(f"SET lock_timeout = '{int(SCRUB_TIMEOUT_S * 1000)}ms'")
            conn.exec_driver_sql("VACUUM FULL " + ", ".join(SCRUBBED_TABLES))
            conn.exec_driver_sql("RESET lock_timeout")
    except DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
        return False, (f"The database is in use ({reason}); the name is gone from the data but old row versions "
                       "may remain in the server's files until you stop the server and run forget again.")
    return True, ""


def forget_participant(db: Database, code: str, participant: Any, *,
                       remove_text: Iterable[str] = ()) -> ForgetResult:
    """Erase a participant's name; ``remove_text`` also removes their free text.

    ``participant``: the participant's number, pseudonym or display name. ``remove_text``:
    any of ``feedback`` (comments; the ratings stay), ``ideas`` (title and description
    replaced by a marker; the idea and its votes stay), ``stakeholders`` (name replaced),
    ``questions``, ``notes`` (discussion contributions' text replaced), or ``all``. Local administration (the CLI): it needs access to the database.
    """
    kinds = set(remove_text)
    if "all" in kinds:
        kinds = set(TEXT_KINDS)
    unknown = kinds - set(TEXT_KINDS)
    if unknown:
        raise InvalidValue("text to remove", "must be among {text_kinds} or all (got {sorted}).", text_kinds=', '.join(TEXT_KINDS), sorted=sorted(unknown))
    with db.write() as conn:
        if db.is_sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
        wrow = workshop_row(conn, code)
        wid = wrow["id"]
        row = _find(conn, wid, participant)
        pid, name = row["id"], row["display_name"]
        identifiers = [x for x in {name, str(participant).strip()} if x and not x.isdigit()]
        pseudonym = row["pseudonym"]
        if row["source"] == "paper" or any(x.casefold() in pseudonym.casefold() for x in identifiers):
            # A paper label or a pseudonym holding the name is itself personal: give a fresh one.
            pseudonym = people.fresh_pseudonym(pid, wrow["language"])
        stamp = now()
        people.erase_name(conn, pid, pseudonym, stamp)
        twins = people.merged_ones(conn, pid)  # the same person's other entries, merged by the facilitator
        for twin in twins:
            people.erase_name(conn, twin, people.fresh_pseudonym(twin, wrow["language"]), stamp)
        erased: dict[str, list[int]] = {}
        if "feedback" in kinds:
            erased["feedback"] = feedback.erase_comments(conn, wid, pid, stamp)
        if "ideas" in kinds:
            erased["ideas"] = ideas.erase_text(conn, wid, pid, stamp, REMOVED)
        if "stakeholders" in kinds:
            erased["stakeholders"] = stakeholders.erase_names(conn, wid, pid, stamp, REMOVED)
        if "questions" in kinds:
            erased["questions"] = questions.erase_text(conn, wid, pid, stamp, REMOVED)
        if "notes" in kinds:  # their discussion contributions (issue 24)
            erased["notes"] = notes.erase_text(conn, wid, pid, REMOVED)
        removed = {kind: len(ids) for kind, ids in erased.items()}
        history_rows = {"participants": [pid, *twins], **erased}
        # Earlier versions of what was erased would keep it: drop them from the history.
        for table_name, ids in history_rows.items():
            history.drop(conn, wid, table_name, ids)
        mentions = text_mentions(conn, wid, identifiers)
        bump(conn, wid, "participants", "ideas", "stakeholders", "feedback", "questions", "notes")
    result = ForgetResult(participant_id=pid, pseudonym=pseudonym, name_removed=bool(name),
                          texts_removed=removed, mentions=mentions)
    if db.is_sqlite and db.sqlite_path is not None:
        result.file_scrubbed, result.note = _scrub_sqlite_file(db)
    elif db.dialect == "postgresql":
        result.file_scrubbed, result.note = _scrub_server_tables(db)
    elif not db.is_sqlite:
        result.note = ("On this database server old row versions stay in its files until it reclaims them; "
                       f"rebuild the tables {', '.join(SCRUBBED_TABLES)} to erase them.")
    return result
