"""Roles in the store: every key holder × every action, checked where the data is written.

For each role of ``ALL_ROLES``, a participant's device token, a revoked key and a wrong key,
every store function guarded by an action must succeed exactly when ``PERMISSIONS`` allows
it, and a refusal must leave the store untouched (no revision moved).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from facilitation import store
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.roles import ACTIONS, ALL_ROLES, KEY_ROLES, PERMISSIONS, allowed, roles_for

from conftest import TOKEN_A, TOKEN_B

POINT = {"type": "Point", "coordinates": [18.646, 54.352]}

# Every guarded store function, by the action that guards it.
CALLS = {
    "steer": {
        "set_phase": lambda db, code, k: store.set_phase(db, code, k, 1),
        "pause_timer": lambda db, code, k: store.pause_timer(db, code, k),
        "add_agenda_item": lambda db, code, k: store.add_agenda_item(db, code, k, step="vote", title="Dots"),
        "set_step_settings": lambda db, code, k: store.set_step_settings(db, code, k, 1, {}),
        "set_vote_rules": lambda db, code, k: store.set_vote_rules(db, code, k, vote_budget=5, votes_per_idea=2),
        "update_settings": lambda db, code, k: store.update_settings(db, code, k, naming="anonymous"),
        "joined": lambda db, code, k: store.joined(db, code, k),
    },
    "roles": {
        "issue_role_key": lambda db, code, k: store.issue_role_key(db, code, k, "expert", "Ann"),
        "list_role_keys": lambda db, code, k: store.list_role_keys(db, code, k),
    },
    "scenarios": {
        "save_scenario": lambda db, code, k: store.save_scenario(db, code, k, name="Green roofs first"),
    },
    "challenge": {
        "save_challenge": lambda db, code, k: store.save_challenge(db, code, k, title="Heat in the old town"),
        "add_feature": lambda db, code, k: store.add_feature(db, code, k, geometry=POINT, label="Square"),
    },
    "notes": {  # the discussion step keys_for opens (issue 24)
        "add_note": lambda db, code, k: store.add_note(db, code, k, text="Lviv starts with its heat plan"),
    },
    "moderate": {  # the idea keys_for puts on the wall, in the group the group facilitator moderates
        "set_hidden": lambda db, code, k: store.set_hidden(
            db, code, k, store.list_ideas(db, store.get_workshop(db, code).id)[0].id, True),
    },
}
HOLDERS = ALL_ROLES + ("participant", "revoked", "wrong")


def test_the_permission_table_is_the_agreed_one():
    steering = {"organiser", "facilitator", "co-facilitator"}
    assert set(PERMISSIONS) == set(ACTIONS) == set(CALLS) | {"present"}
    assert PERMISSIONS["steer"] == PERMISSIONS["roles"] == steering
    assert PERMISSIONS["scenarios"] == steering | {"expert", "group-facilitator"}  # its own group's
    assert PERMISSIONS["challenge"] == steering | {"city"}
    assert PERMISSIONS["present"] == steering | {"expert", "presenter", "group-facilitator"}
    assert PERMISSIONS["moderate"] == steering | {"group-facilitator"}
    assert PERMISSIONS["notes"] == steering | {"note-taker"}  # a note-taker writes notes, nothing else
    assert [a for a in ACTIONS if allowed("note-taker", a)] == ["notes"]
    assert not allowed(None, "present") and not allowed("organiser", "delete everything")
    assert roles_for("challenge") == ("organiser", "facilitator", "co-facilitator", "city")


def keys_for(w) -> dict[str, str]:
    """A key (or token) of every holder for the workshop ``w``."""
    keys = {"facilitator": w.key, "organiser": store.issue_organiser_key(w.db, "test")}
    group = store.create_group(w.db, w.code, w.key, name="North")  # the group facilitator's
    for role in KEY_ROLES:
        bound = group.id if role == "group-facilitator" else None
        keys[role] = store.issue_role_key(w.db, w.code, w.key, role, role, group_id=bound).key
    store.join(w.db, w.code, TOKEN_A)  # placed in the only group
    store.add_idea(w.db, w.code, TOKEN_A, title="Shade trees", scale="small", driver="central")
    keys["participant"] = TOKEN_A
    # A revoked co-facilitator key: it could do everything until it was revoked.
    revoked = store.issue_role_key(w.db, w.code, w.key, "co-facilitator", "gone")
    store.revoke_role_key(w.db, w.code, w.key, revoked.id)
    keys["revoked"] = revoked.key
    keys["wrong"] = "not-a-key-of-this-workshop-at-all"
    store.add_agenda_item(w.db, w.code, w.key, step="discussion")  # notes are written in an open discussion
    store.set_phase(w.db, w.code, w.key, len(store.agenda(w.db, w.id)) - 1)
    return keys


def expected(holder: str, action: str) -> bool:
    return holder in ALL_ROLES and allowed(holder, action)


@pytest.mark.parametrize("holder", HOLDERS)
@pytest.mark.parametrize("action,name", [(a, n) for a, calls in CALLS.items() for n in calls])
def test_each_holder_can_do_exactly_what_its_role_allows(workshop, holder, action, name):
    key = keys_for(workshop)[holder]
    before = workshop.db.revisions(workshop.id)
    call = CALLS[action][name]
    if expected(holder, action):
        call(workshop.db, workshop.code, key)
    else:
        with pytest.raises(NotAllowed) as refused:
            call(workshop.db, workshop.code, key)
        assert workshop.db.revisions(workshop.id) == before, "a refused call changed the store"
        if holder == "revoked":
            assert "revoked" in str(refused.value)


@pytest.mark.parametrize("holder", HOLDERS)
def test_the_presenter_view_and_the_role_of_each_key(workshop, holder):
    keys = keys_for(workshop)
    key = keys[holder]
    for action in ACTIONS:
        assert store.can(workshop.db, workshop.code, key, action) is expected(holder, action), action
    assert store.key_role(workshop.db, workshop.code, key) == (holder if holder in ALL_ROLES else None)
    assert store.is_facilitator(workshop.db, workshop.code, key) is expected(holder, "steer")


def test_a_revoked_link_fails_the_very_next_check_and_open_pages_hear_of_it(workshop):
    db, code = workshop.db, workshop.code
    issued = store.issue_role_key(db, code, workshop.key, "city", "Deputy mayor")
    assert len(issued.key) >= 20 and issued.role == "city" and issued.label == "Deputy mayor"
    store.save_challenge(db, code, issued.key, title="Flooding")
    access = db.revisions(workshop.id).get("access", 0)
    store.revoke_role_key(db, code, workshop.key, issued.id)
    assert db.revisions(workshop.id)["access"] == access + 1
    with pytest.raises(NotAllowed, match="revoked"):
        store.save_challenge(db, code, issued.key, title="Flooding again")
    assert store.key_role(db, code, issued.key) is None
    listed = {k.id: k for k in store.list_role_keys(db, code, workshop.key)}
    assert listed[issued.id].revoked_at is not None and listed[issued.id].role == "city"
    store.revoke_role_key(db, code, workshop.key, issued.id)  # revoking twice changes nothing
    assert db.revisions(workshop.id)["access"] == access + 1


@pytest.mark.backends("sqlite")  # reads the database file's bytes
def test_keys_are_stored_only_as_hashes_and_only_for_their_workshop(workshop):
    db = workshop.db
    other = store.create_workshop(db, title="Other", city="Vienna")
    issued = store.issue_role_key(db, workshop.code, workshop.key, "co-facilitator")
    raw = Path(db.sqlite_path).read_bytes()
    assert issued.key.encode() not in raw
    assert store.key_role(db, other.workshop.code, issued.key) is None
    with pytest.raises(NotAllowed):
        store.set_phase(db, other.workshop.code, issued.key, 1)
    # A role link cannot be revoked from another workshop's console.
    with pytest.raises(NotFound):
        store.revoke_role_key(db, other.workshop.code, other.key, issued.id)
    assert store.key_role(db, workshop.code, issued.key) == "co-facilitator"


def test_an_organiser_key_passes_for_every_workshop_until_revoked(workshop):
    db = workshop.db
    other = store.create_workshop(db, title="Other", city="Vienna")
    organiser = store.issue_organiser_key(db, "programme office")
    assert store.is_organiser(db, organiser) and not store.is_organiser(db, workshop.key)
    assert not store.is_organiser(db, None) and not store.is_organiser(db, "")
    for code in (workshop.code, other.workshop.code):
        assert store.key_role(db, code, organiser) == "organiser"
        store.set_phase(db, code, organiser, 1)
    assert store.revoke_organiser_keys(db) == 1
    assert not store.is_organiser(db, organiser)
    with pytest.raises(NotAllowed, match="revoked"):
        store.set_phase(db, workshop.code, organiser, 2)


def test_role_links_are_checked_values(workshop):
    with pytest.raises(InvalidValue, match="role"):
        store.issue_role_key(workshop.db, workshop.code, workshop.key, "organiser")
    with pytest.raises(InvalidValue, match="role"):
        store.issue_role_key(workshop.db, workshop.code, workshop.key, "facilitator")
    with pytest.raises(InvalidValue, match="key label"):
        store.issue_role_key(workshop.db, workshop.code, workshop.key, "expert", "x" * 61)
    assert store.list_role_keys(workshop.db, workshop.code, workshop.key) == []
    with pytest.raises(InvalidValue, match="action"):
        with workshop.db.read() as conn:
            store.require_role(conn, workshop.code, workshop.key, "everything")


def test_a_served_key_is_a_co_facilitator_and_old_rows_become_co_facilitators(tmp_path):
    path = tmp_path / "old.sqlite"
    with store.Database(path) as db:
        created = store.create_workshop(db, title="T", city="Vienna")
        served = store.issue_key(db, created.workshop.code, label="serve")
        assert store.key_role(db, created.workshop.code, served) == "co-facilitator"
    # An older database: the key row without its role column, before migration 2.
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE facilitator_keys DROP COLUMN role")
    con.execute("DELETE FROM schema_version WHERE version >= 2")
    con.commit()
    con.close()
    with store.Database(path) as db:
        assert store.key_role(db, created.workshop.code, served) == "co-facilitator"
        store.set_phase(db, created.workshop.code, served, 1)


def test_a_participant_token_is_no_key_and_a_key_is_no_token(workshop):
    store.join(workshop.db, workshop.code, TOKEN_B)
    with pytest.raises(NotAllowed):
        store.update_details(workshop.db, workshop.code, TOKEN_B, title="Hijacked")
    assert store.get_workshop(workshop.db, workshop.code).title == "Green and blue centre"
    with pytest.raises(NotAllowed):
        store.add_idea(workshop.db, workshop.code, workshop.key, title="From the key", scale="small",
                       driver="central")
