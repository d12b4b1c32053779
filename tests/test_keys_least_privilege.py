"""Least privilege (issue 23, point 4): which key each link carries, revocation (open pages
withdraw), no key minted on every ``serve`` run, organiser keys from the CLI and the page, and
keys taken out of the address bar. Store tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from sqlalchemy import func, select
from widgets import find

from facilitation import store
from facilitation.domain.errors import NotAllowed, NotFound
from facilitation.store import schema as s
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.console import ConsoleApp
from facilitation.ui.pages.organiser import OrganiserApp
from facilitation.ui.pages.presenter import PresenterApp


def ctx(room, key: str):
    return make_context(f"code={room.code}&key={key}", db=room.db)


def link_key(html: str, notebook: str) -> str:
    """The key in the first link to ``notebook`` in ``html``."""
    return re.search(rf"{notebook}\?[^\"']*?key=([\w-]+)", html)[1]


# --- the presenter link carries a presenter key ------------------------------------------


def test_the_console_presenter_link_carries_a_presenter_key_not_the_console_key(workshop):
    console = ConsoleApp(ctx(workshop, workshop.key))
    html = find(console.root, "fk-presenter-link")[0].value
    key = link_key(html, "presenter.ipynb")
    assert workshop.key not in html and key != workshop.key
    assert store.key_role(workshop.db, workshop.code, key) == "presenter"
    assert store.can(workshop.db, workshop.code, key, "present")
    for action in ("steer", "roles", "moderate", "scenarios", "challenge"):
        assert not store.can(workshop.db, workshop.code, key, action), action
    with pytest.raises(NotAllowed):
        store.list_role_keys(workshop.db, workshop.code, key)  # a presenter cannot see the keys
    with pytest.raises(NotAllowed):
        store.set_phase(workshop.db, workshop.code, key, 1)
    # A reload shows the same link: one stored row, not one per page load.
    again = ConsoleApp(ctx(workshop, workshop.key))
    assert link_key(find(again.root, "fk-presenter-link")[0].value, "presenter.ipynb") == key
    presenters = [k for k in store.list_role_keys(workshop.db, workshop.code, workshop.key) if k.role == "presenter"]
    assert len(presenters) == 1
    assert PresenterApp(ctx(workshop, key)).workshop is not None


def test_a_revoked_presenter_link_is_replaced_and_its_screen_withdraws(workshop):
    db, code = workshop.db, workshop.code
    first = store.presenter_key(db, code, workshop.key)
    screen = PresenterApp(ctx(workshop, first))
    row = next(k for k in store.list_role_keys(db, code, workshop.key) if k.role == "presenter")
    store.revoke_role_key(db, code, workshop.key, row.id)
    screen.on_change({"access"})
    assert "fk-page-withdrawn" in screen.root._dom_classes
    second = store.presenter_key(db, code, workshop.key)
    assert second != first and store.key_role(db, code, second) == "presenter" and store.key_role(db, code, first) is None


def test_only_a_key_that_may_issue_role_links_derives_a_presenter_key(workshop):
    db, code = workshop.db, workshop.code
    for role in ("presenter", "expert", "city"):
        weaker = store.issue_role_key(db, code, workshop.key, role).key
        with pytest.raises(NotAllowed):
            store.presenter_key(db, code, weaker)
    with pytest.raises(NotAllowed):
        store.presenter_key(db, code, "x" * 32)
    co = store.issue_role_key(db, code, workshop.key, "co-facilitator").key
    assert store.presenter_key(db, code, co) not in (store.presenter_key(db, code, workshop.key), co)


# --- no organiser key in links but the organiser's own page -------------------------------


def test_organiser_console_links_carry_a_derived_co_facilitator_key_revoked_with_the_organiser(workshop):
    db, code = workshop.db, workshop.code
    organiser = store.issue_organiser_key(db, "programme office")
    page = OrganiserApp(make_context(f"key={organiser}", db=db), base="http://host/")
    html = find(page.root, "fk-workshop-item")[0].children[0].value
    console = link_key(html, "facilitator.ipynb")
    assert organiser not in html and store.key_role(db, code, console) == "co-facilitator"
    assert store.console_key(db, organiser, code) == console  # the same on every load
    open_console = ConsoleApp(ctx(workshop, console))
    assert open_console.workshop is not None
    with pytest.raises(NotAllowed):
        store.console_key(db, workshop.key, code)  # a facilitator key is no organiser key
    organiser_id = next(k.id for k in store.list_organiser_keys(db) if k.label == "programme office")
    store.revoke_organiser_key(db, organiser_id, local=True)
    assert store.key_role(db, code, console) is None and not store.is_facilitator(db, code, console)
    with pytest.raises(NotAllowed, match="revoked"):
        store.set_phase(db, code, console, 1)
    open_console.on_change({"access"})
    assert "fk-page-withdrawn" in open_console.root._dom_classes


# --- organiser keys listed and revoked; open organiser pages withdraw ---------------------


def test_organiser_keys_are_listed_and_revoked_and_open_pages_withdraw(workshop):
    db = workshop.db
    mine, other = store.issue_organiser_key(db, "me"), store.issue_organiser_key(db, "leaked")
    page = OrganiserApp(make_context(f"key={other}", db=db), base="http://host/")
    feed = page.watch.feed  # the page's own server-wide feed, polled as its task would
    listed = {k.label: k for k in store.organiser_keys_for(db, mine)}
    assert set(listed) >= {"me", "leaked"} and all(k.revoked_at is None for k in listed.values())
    with pytest.raises(NotAllowed):
        store.organiser_keys_for(db, workshop.key)
    with pytest.raises(NotAllowed):
        store.revoke_organiser_key(db, listed["me"].id, key=workshop.key)  # a facilitator cannot revoke
    mine_page = OrganiserApp(make_context(f"key={mine}", db=db), base="http://host/")
    rows = find(mine_page.root, "fk-organiser-key-item")
    assert len(rows) == 2
    button = next(find(row, "fk-organiser-key-revoke")[0] for row in rows if "leaked" in row.children[0].value)
    button.click()
    assert not store.is_organiser(db, other) and store.is_organiser(db, mine)
    assert len(find(mine_page.root, "fk-organiser-key-item")) == 1
    assert "fk-page-withdrawn" not in page.root._dom_classes
    assert "organisers" in feed.poll_once()  # the server-wide feed carries the revocation
    assert "fk-page-withdrawn" in page.root._dom_classes and not find(page.root, "fk-workshop-item")
    with pytest.raises(NotFound):
        store.revoke_organiser_key(db, 10**6, local=True)
    # Revoking its own key withdraws the page at once.
    find(mine_page.root, "fk-organiser-key-revoke")[0].click()
    assert "fk-page-withdrawn" in mine_page.root._dom_classes and not store.is_organiser(db, mine)


# --- serve reuses its keys; new ones only on purpose ---------------------------------------


def test_serve_keys_are_made_once_and_replaced_only_on_purpose(workshop):
    db, code = workshop.db, workshop.code
    first = store.serve_key(db, code)
    assert store.key_role(db, code, first) == "co-facilitator"
    assert store.serve_key(db, code) is None and store.serve_key(db, code) is None  # a restart mints nothing
    assert len(store.list_role_keys(db, code, workshop.key)) == 1
    organiser = store.serve_organiser_key(db)
    assert store.is_organiser(db, organiser) and store.serve_organiser_key(db) is None
    assert len(store.list_organiser_keys(db)) == 1
    renewed, renewed_organiser = store.serve_key(db, code, renew=True), store.serve_organiser_key(db, renew=True)
    assert store.key_role(db, code, renewed) == "co-facilitator" and store.key_role(db, code, first) is None
    assert store.is_organiser(db, renewed_organiser) and not store.is_organiser(db, organiser)
    assert store.serve_key(db, code) is None and store.serve_organiser_key(db) is None


def run_cli(db, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facilitation.cli", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120)


def test_organiser_keys_from_the_command_line(tmp_path):
    db = tmp_path / "keys.sqlite"
    out = run_cli(db, "organiser-keys", "new", "--label", "office", "--public-url", "https://w.example.org")
    assert out.returncode == 0, out.stderr
    key = re.search(r"^Organiser link: https://w\.example\.org/voila/render/organiser\.ipynb\?key=(\S+)$",
                    out.stdout, re.M)[1]
    listed = run_cli(db, "organiser-keys", "list").stdout
    number = re.search(r"^(\d+)  office · .* · valid$", listed, re.M)[1]
    assert key not in listed
    assert run_cli(db, "organiser-keys", "revoke", number).returncode == 0
    assert re.search(rf"^{number}  office · .* · revoked ", run_cli(db, "organiser-keys", "list").stdout, re.M)
    with store.Database(db) as database:
        assert not store.is_organiser(database, key)
    missing = run_cli(db, "organiser-keys", "revoke", "999")
    assert missing.returncode == 2 and "no organiser key number 999" in missing.stderr and "Traceback" not in missing.stderr


def key_counts(path) -> tuple[int, int]:
    """(organiser keys, role keys of every workshop) stored in the database at ``path``."""
    with store.Database(path) as db, db.read() as conn:
        return (conn.execute(select(func.count()).select_from(s.organiser_keys)).scalar_one(),
                conn.execute(select(func.count()).select_from(s.facilitator_keys)).scalar_one())


@pytest.mark.slow
def test_serve_twice_mints_no_key_and_new_links_replaces_them(tmp_path):
    from serving import ServeRun

    path = tmp_path / "room.sqlite"
    runs = []
    try:
        runs.append(ServeRun.start(path, "--expected", "1"))
        facilitator, organiser = runs[0].link("Facilitator"), runs[0].link("Organiser")
        runs[0].stop()
        after_first = key_counts(path)
        runs.append(ServeRun.start(path, "--expected", "1"))
        runs[1].stop()
        # The restart prints the same working links (the operator's keyring) and mints nothing.
        assert runs[1].link("Facilitator").split("key=")[1] == facilitator.split("key=")[1]
        assert runs[1].link("Organiser").split("key=")[1] == organiser.split("key=")[1]
        assert key_counts(path) == after_first
        with store.Database(path) as db:
            code = store.list_workshops(db)[0].code
            assert store.is_facilitator(db, code, facilitator.split("key=")[1])
            assert store.is_organiser(db, organiser.split("key=")[1])
        runs.append(ServeRun.start(path, "--expected", "1", "--new-links"))
        with store.Database(path) as db:
            assert not store.is_organiser(db, organiser.split("key=")[1])
            assert not store.is_facilitator(db, code, facilitator.split("key=")[1])
            assert store.is_facilitator(db, code, runs[2].link("Facilitator").split("key=")[1])
            assert store.is_organiser(db, runs[2].link("Organiser").split("key=")[1])
    finally:
        for run in runs:
            run.stop()


def test_an_open_programme_view_withdraws_when_its_organiser_key_is_revoked(workshop):
    from facilitation.ui.pages.programme.app import ProgrammeApp

    db = workshop.db
    organiser = store.issue_organiser_key(db, "programme office")
    store.create_programme(db, organiser, name="Peer cities")
    view = ProgrammeApp(make_context(f"key={organiser}", db=db))
    assert find(view.root, "fk-programme-pick") and view.watch.feed.poll_once() == set()
    store.revoke_organiser_keys(db)
    assert "organisers" in view.watch.feed.poll_once()
    assert "fk-page-withdrawn" in view.root._dom_classes and not find(view.root, "fk-programme-pick")


def test_a_lost_or_revoked_keyring_key_is_replaced_and_the_old_one_revoked(workshop, tmp_path, monkeypatch):
    from facilitation.serve.keyring import keyring_path, serve_keys

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    db, code = workshop.db, workshop.code
    first = serve_keys(db, [code])
    assert keyring_path(db.url).stat().st_mode & 0o077 == 0  # private to the operator
    assert serve_keys(db, [code]) == first  # kept: no new key
    store.revoke_organiser_key(db, store.list_organiser_keys(db)[-1].id, local=True)
    second = serve_keys(db, [code])
    assert second.workshops == first.workshops and second.organiser != first.organiser
    assert store.is_organiser(db, second.organiser)
    keyring_path(db.url).unlink()  # the copy is lost: new keys, and the unprintable old ones revoked
    third = serve_keys(db, [code])
    assert third.workshops[code] != first.workshops[code]
    assert store.is_facilitator(db, code, third.workshops[code])
    assert not store.is_facilitator(db, code, first.workshops[code])
    assert not store.is_organiser(db, second.organiser)
