"""The store: migrations, safety checks, permissions, nothing destroyed, one writer per table."""

from __future__ import annotations

import ast
import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from facilitation import store
from facilitation.domain.errors import InvalidValue, LimitReached, NotAllowed, NotFound, StoreUnusable
from facilitation.store import schema
from facilitation.store.migrations import LATEST_VERSION, MIGRATIONS

from conftest import TOKEN_A, TOKEN_B


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrations_apply_to_an_empty_database(tmp_path):
    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).close()  # an empty file
    with store.Database(path) as db:
        with db.read() as conn:
            versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
            tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        assert versions == [m.version for m in MIGRATIONS]
        assert {t.name for t in schema.metadata.sorted_tables} <= tables
        assert db.diagnostics()["journal_mode"] == "wal"
    # Opening again applies nothing new.
    with store.Database(path) as db:
        with db.read() as conn:
            assert conn.execute(select(schema.schema_version.c.version)).scalars().all() == versions


@pytest.mark.parametrize("content", [b"this is not a database at all\n" * 50, b"\x00\x01binary" * 300,
                                     b"SQLite format 3\x00" + b"\xff" * 2000])
def test_a_file_that_is_not_a_database_is_refused_and_unchanged(tmp_path, content):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(StoreUnusable, match="nothing was changed|not a usable"):
        store.Database(path)
    assert digest(path) == before


def test_another_programs_sqlite_database_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(StoreUnusable, match="another program"):
        store.Database(path)
    assert digest(path) == before


def test_a_newer_schema_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "future.sqlite"
    store.Database(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01')", (LATEST_VERSION + 1,))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = digest(path)
    with pytest.raises(StoreUnusable, match="newer version of the kit"):
        store.Database(path)
    assert digest(path) == before


def test_facilitator_key_is_stored_only_as_a_hash(workshop):
    with workshop.db.read() as conn:
        dump = "\n".join(str(tuple(r)) for r in conn.execute(select(schema.workshops)).all())
    assert workshop.key not in dump
    assert hashlib.sha256(workshop.key.encode()).hexdigest() in dump


def test_facilitator_actions_need_the_key(workshop):
    db, code = workshop.db, workshop.code
    for bad in (None, "", "wrong-key-wrong-key-wrong", TOKEN_A):
        with pytest.raises(NotAllowed):
            store.set_phase(db, code, bad, 2)
    assert store.set_phase(db, code, workshop.key, 2).phase_index == 2
    issued = store.issue_key(db, code, label="serve")
    assert store.set_phase(db, code, issued, 3).phase_index == 3


def test_participant_actions_need_a_joined_token(workshop):
    db, code = workshop.db, workshop.code
    with pytest.raises(NotAllowed):
        store.add_idea(db, code, TOKEN_A, title="Trees", scale="small", driver="central")
    with pytest.raises(NotAllowed):
        store.join(db, code, "short", "")
    store.join(db, code, TOKEN_A, "Anna")
    idea = store.add_idea(db, code, TOKEN_A, title="Trees", scale="small", driver="central")
    # A joined participant still cannot use facilitator actions.
    with pytest.raises(NotAllowed):
        store.set_hidden(db, code, TOKEN_A, idea.id)


def test_join_is_stable_per_token_and_gives_pseudonyms(workshop):
    db, code = workshop.db, workshop.code
    anon = store.join(db, code, TOKEN_A, "")
    again = store.join(db, code, TOKEN_A, "")
    named = store.join(db, code, TOKEN_B, "  Piotr ")
    assert anon.id == again.id and anon.pseudonym == again.pseudonym
    assert anon.display_name == "" and anon.shown_name == anon.pseudonym
    assert named.display_name == "Piotr"
    assert store.participant_count(db, workshop.id) == 2


def test_unknown_workshop_is_named(db):
    with pytest.raises(NotFound, match="ZZZZZZ"):
        store.get_workshop(db, "ZZZZZZ")


def test_vote_budget_and_per_idea_limit_are_enforced_in_the_store(workshop):
    db, code = workshop.db, workshop.code
    store.join(db, code, TOKEN_A, "")
    ideas = [store.add_idea(db, code, TOKEN_A, title=f"Idea {i}", scale="large", driver="individual")
             for i in range(4)]
    w = store.get_workshop(db, code)
    assert (w.vote_budget, w.votes_per_idea) == (3, 2)
    assert store.vote(db, code, TOKEN_A, ideas[0].id) == 2
    assert store.vote(db, code, TOKEN_A, ideas[0].id) == 1
    with pytest.raises(LimitReached):
        store.vote(db, code, TOKEN_A, ideas[0].id)
    assert store.vote(db, code, TOKEN_A, ideas[1].id) == 0
    with pytest.raises(LimitReached, match="all 3"):
        store.vote(db, code, TOKEN_A, ideas[2].id)
    assert store.withdraw_vote(db, code, TOKEN_A, ideas[0].id) == 1
    assert store.my_votes(db, w.id, store.participant_for_token(db, code, TOKEN_A).id) == {ideas[0].id: 1,
                                                                                          ideas[1].id: 1}
    with pytest.raises(InvalidValue):
        store.vote(db, code, TOKEN_A, "1")  # a forged value of the wrong type


def test_hide_and_merge_keep_everything(workshop):
    db, code, key = workshop.db, workshop.code, workshop.key
    store.join(db, code, TOKEN_A, "")
    store.join(db, code, TOKEN_B, "")
    keep = store.add_idea(db, code, TOKEN_A, title="More trees", scale="small", driver="central")
    dup = store.add_idea(db, code, TOKEN_B, title="Plant trees", scale="small", driver="central")
    off = store.add_idea(db, code, TOKEN_B, title="Off topic", scale="large", driver="central")
    store.vote(db, code, TOKEN_A, keep.id)
    store.vote(db, code, TOKEN_B, dup.id)
    store.vote(db, code, TOKEN_B, off.id)
    store.set_hidden(db, code, key, off.id)
    merged = store.merge_ideas(db, code, key, keep.id, dup.id)
    assert merged.votes == 2
    seen = [i.title for i in store.list_ideas(db, workshop.id)]
    assert seen == ["More trees"]
    everything = store.list_ideas(db, workshop.id, facilitator=True, include_merged=True)
    assert {i.title for i in everything} == {"More trees", "Plant trees", "Off topic"}
    rows = store.vote_rows(db, workshop.id)
    assert len(rows) == 3 and {r["original_idea_id"] for r in rows} == {keep.id, dup.id, off.id}
    # Hiding gives the dot back to the participant.
    assert store.votes_left(db, workshop.id, store.participant_for_token(db, code, TOKEN_B).id) == 2
    with workshop.db.read() as conn:
        assert conn.execute(select(schema.history)).all()


def test_private_brainstorm_shows_only_own_ideas_until_revealed(workshop):
    db, code, key = workshop.db, workshop.code, workshop.key
    a = store.join(db, code, TOKEN_A, "")
    b = store.join(db, code, TOKEN_B, "")
    store.update_settings(db, code, key, private_brainstorm=True)
    store.add_idea(db, code, TOKEN_A, title="A's idea", scale="small", driver="central")
    store.add_idea(db, code, TOKEN_B, title="B's idea", scale="small", driver="central")
    assert [i.title for i in store.list_ideas(db, workshop.id, viewer_id=a.id)] == ["A's idea"]
    assert len(store.list_ideas(db, workshop.id, facilitator=True)) == 2
    store.update_settings(db, code, key, ideas_revealed=True)
    assert len(store.list_ideas(db, workshop.id, viewer_id=b.id)) == 2
    with pytest.raises(InvalidValue):
        store.update_settings(db, code, key, private_brainstorm="yes")


def test_every_write_advances_the_change_counter_and_revisions(workshop, tmp_path):
    db, code = workshop.db, workshop.code
    other = store.Database(db.url)  # another process would use another connection
    before_counter = db.change_counter()
    before = db.revisions(workshop.id)
    store.join(other, code, TOKEN_A, "")
    store.add_idea(other, code, TOKEN_A, title="Trees", scale="small", driver="central")
    assert db.change_counter() != before_counter
    after = db.revisions(workshop.id)
    assert after["ideas"] == before.get("ideas", 0) + 1
    assert after["participants"] == before.get("participants", 0) + 1
    other.close()


def test_scores_keep_dont_know_apart_from_zero(workshop):
    db, code, key = workshop.db, workshop.code, workshop.key
    store.join(db, code, TOKEN_A, "")
    scenario = store.save_scenario(db, code, key, name="Quick wins")
    c1, c2 = store.list_criteria(db, workshop.id)[:2]
    store.set_scores(db, code, TOKEN_A, {("scenario", scenario.id, c1.id): 0}, prepared=True)
    store.set_scores(db, code, TOKEN_A, {("scenario", scenario.id, c2.id): None}, prepared=True)
    values = {s.criterion_id: s.value for s in store.list_scores(db, workshop.id)}
    assert values == {c1.id: 0.0, c2.id: None}
    with pytest.raises(InvalidValue, match="from 0 to 5"):
        store.set_scores(db, code, TOKEN_A, {("scenario", scenario.id, c1.id): 9}, prepared=True)


def test_environment_variable_selects_the_database(tmp_path, monkeypatch):
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("FACILITATION_DB", str(path))
    with store.Database() as db:
        assert db.sqlite_path == path.resolve()
    assert path.exists()


# Every INSERT, UPDATE or DELETE of a table is in that table's module (README, "Layout").
WRITERS = {
    "schema_version": "store/migrations.py", "revisions": "store/db.py", "programmes": "store/programmes.py",
    "workshops": "store/workshops.py", "agenda": "store/agenda_rows.py", "facilitator_keys": "store/access.py",
    "organiser_keys": "store/organiser_keys.py",
    "participants": "store/people.py", "challenges": "store/challenge.py", "map_features": "store/features.py",
    "ideas": "store/ideas.py", "votes": "store/votes.py", "scenarios": "store/scenarios.py",
    "stakeholders": "store/stakeholders.py", "criteria": "store/criteria.py", "scores": "store/scores.py",
    "feedback": "store/feedback.py", "history": "store/history.py",
    "phases": "store/programmes.py", "venues": "store/venues.py", "meeting_items": "store/meetings.py",
    "action_items": "store/meetings.py", "materials": "store/materials.py", "practices": "store/practices.py",
    "groups": "store/groups.py", "group_members": "store/groups.py",
    "post_rates": "store/rates.py",
    "questions": "store/questions.py", "question_votes": "store/questions.py",
    "notes": "store/notes.py", "decisions": "store/meetings.py",
    "poll_answers": "store/polls.py",
}
PACKAGE = Path(store.__file__).resolve().parents[1]
WRITE = re.compile(r"\b(?:s|schema)\.(\w+)\.(?:insert|update|delete)\(|\btable\s*=\s*schema\.(\w+)\b")


def test_every_table_has_one_writer_module():
    assert set(WRITERS) == {t.name for t in schema.metadata.sorted_tables}
    written: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for match in WRITE.finditer(path.read_text()):
            written.setdefault(match[1] or match[2], set()).add(path.relative_to(PACKAGE).as_posix())
    wrong = {table: sorted(where - {WRITERS[table]}) for table, where in written.items() if where - {WRITERS[table]}}
    assert not wrong, f"tables written outside their module: {wrong}"
    assert set(written) == set(WRITERS), f"no writer found for {set(WRITERS) - set(written)}"


def test_migrations_are_a_leaf_that_does_not_import_the_database_module():
    tree = ast.parse((PACKAGE / "store" / "migrations.py").read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert {m for m in imported if m and m.startswith("facilitation")} == {"facilitation.store"}
    assert not any(isinstance(n, ast.alias) and n.name == "db" for n in ast.walk(tree))

