"""Forgetting a participant: the name is gone from the database file and every export."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from facilitation import cli, store

from facilitation.outputs import export

from facilitation.outputs import paper_input as imports

from facilitation.store import forget as privacy
from facilitation.demo import load_demo
from facilitation.domain.errors import InvalidValue, NotFound

from review_data import PEER_NAMES, PEER_TOKENS, add_peer_workshop

ANNA = "Anna (city planner)"


def file_bytes(db: store.Database) -> bytes:
    """The database as stored: SQLite's file and its write-ahead log, or PostgreSQL's pages."""
    if db.sqlite_path is None:
        return server_pages(db)
    path = db.sqlite_path
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def server_pages(db: store.Database) -> bytes:
    """Every page of every table, index and TOAST table of the database, read raw (``pageinspect``)."""
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
        relations = conn.execute(text(
            "SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')::int "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 'i', 't')")).all()
        return b"".join(bytes(conn.execute(text("SELECT get_raw_page(:r, :b)"), {"r": rel, "b": n}).scalar_one())
                        for rel, blocks in relations for n in range(blocks))


def export_bytes(db: store.Database, out: Path) -> bytes:
    export.export_all(db, out, with_names=True)
    chunks = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                chunks += [z.read(n) for n in z.namelist()]
        elif path.is_file():
            chunks.append(path.read_bytes())
    return b"\n".join(chunks)


def forms(text: str) -> list[bytes]:
    """How a text can sit in the file: UTF-8, or JSON-escaped inside a JSON column."""
    return [text.encode("utf-8"), text.encode("unicode_escape").replace(b"\\x", b"\\u00")]


def test_forget_removes_the_name_from_the_file_bytes_and_every_export(db, tmp_path):
    code, _key = load_demo(db)
    assert ANNA.encode() in file_bytes(db)
    assert ANNA.encode() in export_bytes(db, tmp_path / "before")
    wid = store.get_workshop(db, code).id
    before = export.workshop_tables(db, store.get_workshop(db, code))

    result = privacy.forget_participant(db, code, ANNA)

    assert result.name_removed and result.file_scrubbed and result.note == ""
    assert ANNA.encode() not in file_bytes(db)
    assert b"Anna" not in file_bytes(db)
    assert b"Anna" not in export_bytes(db, tmp_path / "after")
    # Counts and anonymous contributions stay.
    after = export.workshop_tables(db, store.get_workshop(db, code))
    for table in ("ideas", "votes", "scores", "feedback", "stakeholders"):
        assert len(after[table]) == len(before[table]), table
    assert [i["votes"] for i in after["ideas"]] == [i["votes"] for i in before["ideas"]]
    assert after["results"] == before["results"]
    person = next(p for p in after["participants"] if p["id"] == result.participant_id)
    assert person["forgotten"] is True and person["ideas"] == 2 and person["votes"] == 3
    assert person["pseudonym"] == result.pseudonym
    assert store.participant_count(db, wid) == 5
    assert db.integrity_check() == "ok"


def test_forget_removes_the_free_text_asked_for_and_keeps_ratings(db, tmp_path):
    code, _key = load_demo(db)
    taken = "Try things for a summer before we build them."
    idea = "Depave and plant the market square"
    result = privacy.forget_participant(db, code, ANNA, remove_text=["feedback", "ideas"])
    assert result.texts_removed == {"feedback": 1, "ideas": 2}
    data = file_bytes(db)
    assert taken.encode() not in data and idea.encode() not in data
    tables = export.workshop_tables(db, store.get_workshop(db, code))
    mine = [i for i in tables["ideas"] if i["author_id"] == result.participant_id]
    assert [i["title"] for i in mine] == [privacy.REMOVED] * 2 and mine[0]["votes"] == 4
    fb = next(f for f in tables["feedback"] if f["participant_id"] == result.participant_id)
    assert (fb["rating"], fb["take_home"], fb["change"]) == (5, "", "")
    # Other people's text is theirs: untouched.
    assert any(f["take_home"] == "Scoring showed where we disagree." for f in tables["feedback"])


def test_a_revised_text_leaves_no_old_version_in_the_history(db):
    code, _key = add_peer_workshop(db)
    store.submit_feedback(db, code, PEER_TOKENS[2], rating=4, take_home="Zmieniona opinia", change="")
    result = privacy.forget_participant(db, code, PEER_NAMES[2], remove_text=["all"])
    data = file_bytes(db)
    for text in (PEER_NAMES[2], "Łucja: more trees", "Zmieniona opinia"):
        for form in forms(text):
            assert form not in data, text
    assert result.texts_removed == {"feedback": 1, "ideas": 1, "stakeholders": 1, "questions": 0, "notes": 0}


def test_mentions_in_other_peoples_text_are_reported_not_rewritten(db):
    code, _key = add_peer_workshop(db)
    result = privacy.forget_participant(db, code, PEER_NAMES[0])
    assert result.mentions == [f"feedback {result_feedback_id(db, code)} (take_home)"]
    assert b"Ask Elena Petrova about shade maps." in file_bytes(db)


def result_feedback_id(db, code: str) -> int:
    fb = store.list_feedback(db, store.get_workshop(db, code).id)
    return next(f.id for f in fb if "Elena" in f.take_home)


def test_participants_are_found_by_number_pseudonym_or_name_and_never_guessed(db):
    code, _key = add_peer_workshop(db)
    wid = store.get_workshop(db, code).id
    people = store.participants(db, wid)
    ivan = next(p for p in people if p.display_name == "Ivan")
    assert privacy.forget_participant(db, code, str(ivan.id)).participant_id == ivan.id
    anonymous = next(p for p in people if not p.display_name)
    assert privacy.forget_participant(db, code, anonymous.pseudonym.upper()).name_removed is False
    with pytest.raises(NotFound):
        privacy.forget_participant(db, code, "Nobody at all")
    with pytest.raises(InvalidValue):
        privacy.forget_participant(db, code, "Elena Petrova", remove_text=["everything"])
    store.join(db, code, "another-device-token-xxxxxxxx", "Elena Petrova")
    with pytest.raises(InvalidValue, match="give the number"):
        privacy.forget_participant(db, code, "elena petrova")


def test_a_paper_label_is_replaced_by_a_pseudonym(db, tmp_path):
    created = store.create_workshop(db, title="Paper", city="Vienna", country="Austria")
    path = tmp_path / "paper.csv"
    path.write_text("title,scale,driver,author\nMore benches,small,central,Maria Huber\n", encoding="utf-8")
    imports.import_file(db, created.workshop.code, path)
    result = privacy.forget_participant(db, created.workshop.code, "Maria Huber")
    assert result.pseudonym != "Maria Huber"
    assert b"Maria Huber" not in file_bytes(db)


def test_a_reader_holding_the_file_is_reported(db, monkeypatch):
    code, _key = load_demo(db)
    monkeypatch.setattr(privacy, "SCRUB_TIMEOUT_S", 0.2)
    if db.sqlite_path is None:  # PostgreSQL: another session's open transaction holds the table
        reader = create_engine(db.url).connect()
        reader.begin()
        reader.exec_driver_sql("SELECT count(*) FROM participants").scalar()
    else:
        reader = sqlite3.connect(str(db.sqlite_path))
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM participants").fetchone()
    try:
        result = privacy.forget_participant(db, code, ANNA)
    finally:
        reader.close()
    assert not result.file_scrubbed and "server" in result.note
    # The data itself is erased regardless; running again once the reader is gone finishes the job.
    assert not any(p.display_name == ANNA for p in store.participants(db, store.get_workshop(db, code).id))
    again = privacy.forget_participant(db, code, str(result.participant_id))
    assert again.file_scrubbed and ANNA.encode() not in file_bytes(db)


def test_cli_forget(db, capsys):
    code, _key = load_demo(db)
    assert cli.main(["--db", db.url, "forget", code, ANNA, "--remove-text", "feedback"]) == 0
    out = capsys.readouterr().out
    assert "name erased" in out and "1 feedback" in out and ANNA not in out
    assert cli.main(["--db", db.url, "forget", code, "Nobody"]) == 2
    assert "Nobody" in capsys.readouterr().err
