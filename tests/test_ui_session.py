"""The live session without a browser: build the pages, click, set values, assert on the store.

Several pages share one database as kernels do; ``feed.poll_once()`` stands in for the
live task, so what one page does reaches the others exactly as in Voila.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta

import ipywidgets as widgets
import pytest

from facilitation import store
from facilitation.ui import steps
from facilitation.ui.kit.base import make_context
from facilitation.ui.steps.brainstorm import BrainstormView
from facilitation.ui.pages.console import ConsoleApp, clock_text, schedule_delta
from facilitation.ui.pages.participant import ParticipantApp
from facilitation.ui.pages.presenter import PresenterApp
from facilitation.ui.steps.vote import VoteView

from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from fixtures_ui import open_step, sync
from widgets import find, walk

XSS = "<img src=x onerror=alert(1)>"


# --- helpers -----------------------------------------------------------------------------


def one(root, cls: str):
    found = find(root, cls)
    assert len(found) == 1, f"{cls}: {len(found)} found"
    return found[0]


def page_text(root) -> str:
    return "\n".join(str(getattr(w, "value", "")) for w in walk(root) if isinstance(w, widgets.HTML))


def participant(workshop, token: str | None, name: str = "", *, join: bool = True) -> ParticipantApp:
    app = ParticipantApp(make_context(f"code={workshop.code}", db=workshop.db))
    if token is not None:
        app.link.token = token
        if join and app.participant is None:
            app.name.value = name
            app.join_button.click()
    return app


def console(workshop, key: str | None = None, **kwargs) -> ConsoleApp:
    return ConsoleApp(make_context(f"code={workshop.code}&key={key or workshop.key}", db=workshop.db), **kwargs)


def add_idea(app: ParticipantApp, title: str, scale: str = "small", driver: str = "central", **extra) -> bool:
    view = app.host.view
    view.title.value = title
    view.scale.value = scale
    view.driver.value = driver
    view.description.value = extra.get("description", "")
    view.theme.value = extra.get("theme", "")
    view.submit.click()
    return "fk-notice-ok" in view.notice.value


def cards(app) -> dict[str, object]:
    return {c.body.value.split(">", 1)[1].split("</div>", 1)[0]: c for c in find(app.root, "fk-idea-card")}


def idea_id(workshop, title: str) -> int:
    ideas = store.list_ideas(workshop.db, workshop.id, facilitator=True, include_merged=True)
    return next(i.id for i in ideas if i.title == title)


# --- join and identity -------------------------------------------------------------------


def test_join_with_a_name_shows_who_i_am(workshop):
    app = participant(workshop, TOKEN_A, join=False)
    assert one(app.root, "fk-join-name") and one(app.root, "fk-join-submit")
    assert app.participant is None
    app.name.value = "Anna Nowak"
    app.join_button.click()
    assert app.participant is not None
    assert "Anna Nowak" in one(app.root, "fk-whoami").value
    assert store.participant_for_token(workshop.db, workshop.code, TOKEN_A).display_name == "Anna Nowak"
    assert find(app.root, "fk-view-waiting")
    assert not find(app.root, "fk-join-name")


def test_empty_name_is_anonymous_with_a_pseudonym(workshop):
    app = participant(workshop, TOKEN_A, "")
    person = store.participant_for_token(workshop.db, workshop.code, TOKEN_A)
    assert person.display_name == "" and person.pseudonym
    assert person.pseudonym in one(app.root, "fk-whoami").value


def test_reload_keeps_identity_and_remaining_votes(workshop):
    first = participant(workshop, TOKEN_A, "Anna")
    open_step(workshop, "brainstorm", first)
    add_idea(first, "Pocket parks")
    open_step(workshop, "vote", first)
    first.host.view.vote(idea_id(workshop, "Pocket parks"))
    first.close()
    again = participant(workshop, TOKEN_A, join=False)  # the same browser's token comes back
    assert again.participant is not None and again.participant.display_name == "Anna"
    assert not find(again.root, "fk-join-name")
    assert again.step == "vote"
    assert "2 votes left" in one(again.root, "fk-votes-left").value


def test_join_refuses_a_missing_or_short_token_and_a_long_name(workshop):
    app = participant(workshop, None)  # the browser has not sent its token yet
    assert not find(app.root, "fk-join-name") and "Connecting" in page_text(app.root)
    app.name.value = "Anna"
    assert app.join() is False  # a forged click before the token arrived
    assert "connecting" in app.notice.value.lower()
    app.link.token = "short"  # a forged page
    app.join_button.click()
    assert "fk-notice-error" in one(app.root, "fk-notice").value
    assert store.participants(workshop.db, workshop.id) == []
    app.link.token = TOKEN_B
    app.name.value = "x" * 500
    app.join_button.click()
    assert "fk-notice-error" in one(app.root, "fk-notice").value
    assert app.name.value == "x" * 500  # nothing lost
    assert store.participants(workshop.db, workshop.id) == []


def test_bad_or_missing_join_code_is_a_polite_page(workshop):
    for query in ("code=NOPE99", "", "code=%3Cscript%3E"):
        app = ParticipantApp(make_context(query, db=workshop.db))
        text = page_text(app.root)
        assert "could not find this workshop" in text
        assert "<script>" not in text
        assert not find(app.root, "fk-join-name")
        assert app.start() is False


# --- the facilitator drives every page ---------------------------------------------------


def test_step_change_reaches_every_participant(workshop):
    people = [participant(workshop, tok, name) for tok, name in ((TOKEN_A, "A"), (TOKEN_B, ""), (TOKEN_C, "C"))]
    fac = console(workshop)
    assert fac.step == "waiting"
    fac.next()
    fac.next()
    assert "fk-notice-ok" in fac.notice.value
    assert fac.step == "brainstorm" and "Brainstorm" in one(fac.root, "fk-phase-current").value
    sync(*people)
    for app in people:
        assert app.step == "brainstorm"
        assert find(app.root, "fk-view-brainstorm")
        assert not find(app.root, "fk-view-waiting")
    fac.previous()
    sync(*people)
    assert {app.step for app in people} == {"challenge"}
    assert all(find(app.root, "fk-view-challenge") for app in people)


def test_console_counts_participants_and_shows_join_link_and_qr(workshop):
    fac = console(workshop)
    assert ">0<" in one(fac.root, "fk-participant-count").value.replace("<b>", ">").replace("</b>", "<")
    participant(workshop, TOKEN_A)
    participant(workshop, TOKEN_B)
    sync(fac)
    assert "<b>2</b>" in one(fac.root, "fk-participant-count").value
    url = one(fac.root, "fk-join-url").value
    assert f"participant.ipynb?code={workshop.code}" in url and workshop.key not in url
    qr = one(fac.root, "fk-join-qr")
    assert isinstance(qr, widgets.Image) and bytes(qr.value).startswith(b"\x89PNG")


def test_console_timer_and_schedule():
    assert clock_text(0) == "0:00" and clock_text(65) == "1:05" and clock_text(3725) == "1:02:05"


def test_console_timer_counts_down_and_reports_behind(workshop):
    store.start_session(workshop.db, workshop.code, workshop.key)  # the timer counts from the start (issue 22)
    start = store.agenda(workshop.db, workshop.id)[0].started_at
    now = {"t": start + timedelta(minutes=2)}
    fac = console(workshop, now=lambda: now["t"])
    fac.tick()
    assert "3:00" in one(fac.root, "fk-timer").value  # 5 min planned, 2 gone
    assert "On schedule" in one(fac.root, "fk-timer").value
    now["t"] = start + timedelta(minutes=9)
    fac.tick()
    timer = one(fac.root, "fk-timer").value
    assert "+4:00" in timer and "4 min behind schedule" in timer


def test_schedule_delta_counts_finished_steps_and_overrun():
    from facilitation.domain.records import AgendaItem

    t0 = datetime(2026, 3, 14, 9, 0)
    items = [AgendaItem("waiting", 5, started_at=t0, ended_at=t0 + timedelta(minutes=2)),
             AgendaItem("brainstorm", 10, started_at=t0 + timedelta(minutes=2))]
    assert schedule_delta(items, 1, t0 + timedelta(minutes=5)) == -180  # 3 min ahead, step in time
    assert schedule_delta(items, 1, t0 + timedelta(minutes=16)) == 60  # 4 over, 3 ahead before


def test_console_without_the_key_is_a_polite_refusal(workshop):
    for query in (f"code={workshop.code}", f"code={workshop.code}&key=wrong-key-wrong-key-wrong",
                  f"code={workshop.code}&key=" + TOKEN_A):
        app = ConsoleApp(make_context(query, db=workshop.db))
        assert "for the facilitator" in page_text(app.root)
        for cls in ("fk-phase-next", "fk-phase-prev", "fk-join-qr", "fk-idea-hide", "fk-private-toggle"):
            assert not find(app.root, cls)
        assert app.start() is False
    presenter = PresenterApp(make_context(f"code={workshop.code}", db=workshop.db))
    assert "for the facilitator" in page_text(presenter.root)


# --- brainstorm ----------------------------------------------------------------------------


def test_ideas_appear_on_every_wall_and_in_the_matrix(workshop):
    a, b = participant(workshop, TOKEN_A, "A"), participant(workshop, TOKEN_B, "B")
    fac = console(workshop)
    open_step(workshop, "brainstorm", a, b, fac)
    assert add_idea(a, "Pocket parks", "small", "individual", description="On empty lots", theme="energy")
    assert a.host.view.title.value == ""  # the form is cleared after success
    assert add_idea(b, "Tram to the harbour", "large", "central")
    sync(a, b, fac)
    for app in (a, b, fac):
        assert set(cards(app)) == {"Pocket parks", "Tram to the harbour"}
    matrix = a.host.view.matrix.value
    large_central = matrix.split("fk-quadrant-large-central", 1)[1].split("fk-quadrant-large-individual", 1)[0]
    assert "Tram to the harbour" in large_central and "Pocket parks" not in large_central
    mine = cards(a)["Pocket parks"]
    assert "fk-card-mine" in mine._dom_classes and "Yours" in mine.body.value
    assert "Yours" not in cards(b)["Pocket parks"].body.value
    stored = store.list_ideas(workshop.db, workshop.id)
    assert [(i.title, i.scale, i.driver, i.theme) for i in stored][0] == ("Pocket parks", "small", "individual", "energy")


def test_participant_text_is_escaped_everywhere(workshop):
    a = participant(workshop, TOKEN_A, '<b onmouseover="x()">Eve</b>')
    open_step(workshop, "brainstorm", a)
    assert add_idea(a, XSS, description="<script>alert(2)</script> $x$", theme="")
    fac, pres = console(workshop), PresenterApp(make_context(f"code={workshop.code}&key={workshop.key}",
                                                             db=workshop.db))
    for app in (a, fac, pres):
        html = page_text(app.root)
        assert "<img" not in html and "<script>alert" not in html and "onmouseover=" not in html.replace(
            "onmouseover=&quot;", "")
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;Eve&lt;/b&gt;" in one(a.root, "fk-whoami").value
    assert "&#36;x&#36;" in page_text(a.root)
    assert store.list_ideas(workshop.db, workshop.id)[0].title == XSS  # stored exactly as typed


def test_idea_limits_are_explained_and_keep_the_text(workshop):
    a = participant(workshop, TOKEN_A)
    open_step(workshop, "brainstorm", a)
    view = a.host.view
    assert not add_idea(a, "   ")
    assert "short title" in one(a.root, "fk-notice").value
    long_title = "A" * 300
    assert not add_idea(a, long_title)
    assert "fk-notice-error" in one(a.root, "fk-notice").value and view.title.value == long_title
    assert not add_idea(a, "Fine title", description="d" * 5000)
    assert view.title.value == "Fine title" and view.description.value == "d" * 5000
    view.description.value = ""
    view.scale.value = ""
    view.submit.click()
    assert "scale" in one(a.root, "fk-notice").value.lower()
    assert store.list_ideas(workshop.db, workshop.id) == []
    with pytest.raises(Exception):
        view.scale.value = "huge"  # a Dropdown accepts only its options; the store checks again anyway


def test_private_brainstorm_then_reveal(workshop):
    a, b = participant(workshop, TOKEN_A), participant(workshop, TOKEN_B)
    fac = console(workshop)
    open_step(workshop, "brainstorm")
    fac.private_toggle.value = True  # as the facilitator's click would
    assert store.get_workshop(workshop.db, workshop.code).settings["private_brainstorm"] is True
    sync(a, b, fac)
    assert "Private writing" in a.host.view.banner.value
    add_idea(a, "Alone idea A")
    add_idea(b, "Alone idea B")
    sync(a, b, fac)
    assert set(cards(a)) == {"Alone idea A"} and set(cards(b)) == {"Alone idea B"}
    assert set(cards(fac)) == {"Alone idea A", "Alone idea B"}
    pres = PresenterApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    assert "Alone idea" not in pres.host.view.matrix.value and "2 ideas written so far" in page_text(pres.root)
    assert find(fac.root, "fk-reveal")[0].layout.display != "none"
    fac.reveal_button.click()
    sync(a, b, pres)
    assert set(cards(a)) == set(cards(b)) == {"Alone idea A", "Alone idea B"}
    assert "Alone idea A" in pres.host.view.matrix.value
    assert a.host.view.banner.value == ""


# --- vote ------------------------------------------------------------------------------------


@pytest.fixture
def voting_room(workshop):
    a, b = participant(workshop, TOKEN_A, "A"), participant(workshop, TOKEN_B, "B")
    open_step(workshop, "brainstorm", a, b)
    for title in ("Pocket parks", "Tram to the harbour", "Roof gardens"):
        add_idea(a, title)
    open_step(workshop, "vote", a, b)
    return workshop, a, b


def click_vote(app, title: str) -> str:
    card = cards(app)[title]
    card.vote_button.click()
    return one(app.root, "fk-notice").value


def test_vote_budget_and_per_idea_limit(voting_room):
    workshop, a, b = voting_room
    assert workshop_budget(workshop) == (3, 2)
    assert "3 votes left" in one(a.root, "fk-votes-left").value
    assert "fk-notice-ok" in click_vote(a, "Pocket parks")
    assert "fk-notice-ok" in click_vote(a, "Pocket parks")
    assert "at most 2" in click_vote(a, "Pocket parks")  # per-idea limit
    assert "fk-notice-ok" in click_vote(a, "Roof gardens")
    assert "1 vote left" not in one(a.root, "fk-votes-left").value
    assert "0 votes left" in one(a.root, "fk-votes-left").value
    assert "used all 3" in click_vote(a, "Tram to the harbour")  # budget
    assert store.votes_left(workshop.db, workshop.id, a.participant.id) == 0
    sync(b)
    assert "</span>2</span>" in cards(b)["Pocket parks"].body.value.split("fk-vote-count", 1)[1]
    assert "3 votes left" in one(b.root, "fk-votes-left").value  # budgets are per person


def workshop_budget(workshop) -> tuple[int, int]:
    ws = store.get_workshop(workshop.db, workshop.code)
    return ws.vote_budget, ws.votes_per_idea


def test_withdraw_a_dot(voting_room):
    workshop, a, _b = voting_room
    card = cards(a)["Roof gardens"]
    assert "fk-hidden" in card.withdraw_button._dom_classes
    click_vote(a, "Roof gardens")
    assert "fk-hidden" not in card.withdraw_button._dom_classes
    assert "Your dots" in card.body.value
    card.withdraw_button.click()
    assert "Dot taken back" in one(a.root, "fk-notice").value
    assert "3 votes left" in one(a.root, "fk-votes-left").value
    card.withdraw_button.click()  # nothing left to take back
    assert "fk-notice-error" in one(a.root, "fk-notice").value
    assert store.votes_left(workshop.db, workshop.id, a.participant.id) == 3


def test_hide_removes_the_idea_for_participants_and_keeps_it_in_the_data(voting_room):
    workshop, a, b = voting_room
    click_vote(b, "Tram to the harbour")
    fac = console(workshop)
    card = cards(fac)["Tram to the harbour"]
    card.hide_button.click()
    assert "hidden" in fac.notice.value.lower() or "hidden" in fac.host.view.notice.value.lower()
    sync(a, b)
    assert "Tram to the harbour" not in cards(a) and "Tram to the harbour" not in cards(b)
    hidden = store.get_idea(workshop.db, idea_id(workshop, "Tram to the harbour"))
    assert hidden.hidden and hidden.votes == 1  # still in the data
    assert "3 votes left" in one(b.root, "fk-votes-left").value  # the dot came back to spend elsewhere
    sync(fac)
    assert "fk-card-hidden" in cards(fac)["Tram to the harbour"]._dom_classes
    cards(fac)["Tram to the harbour"].hide_button.click()  # "Show again"
    sync(a)
    assert "Tram to the harbour" in cards(a)


def test_merge_carries_votes_over(voting_room):
    workshop, a, b = voting_room
    click_vote(a, "Pocket parks")
    click_vote(b, "Roof gardens")
    click_vote(b, "Roof gardens")
    fac = console(workshop)
    view = fac.host.view
    cards(fac)["Roof gardens"].merge_button.click()  # the duplicate
    assert view.merging.root.layout.display != "none"
    keep = idea_id(workshop, "Pocket parks")
    assert keep in [v for _, v in view.merging.target.options]
    assert idea_id(workshop, "Roof gardens") not in [v for _, v in view.merging.target.options]
    view.merging.target.value = keep
    view.merging.confirm_button.click()
    assert "votes moved over" in view.notice.value
    sync(a, b)
    assert set(cards(a)) == {"Pocket parks", "Tram to the harbour"}
    assert store.get_idea(workshop.db, keep).votes == 3
    dup = store.get_idea(workshop.db, idea_id(workshop, "Roof gardens"))
    assert dup.merged_into == keep  # nothing deleted


# --- participants cannot reach facilitator actions ---------------------------------------


def test_participants_cannot_moderate_or_drive_even_by_calling_handlers(voting_room):
    workshop, a, _b = voting_room
    view = a.host.view
    for cls in ("fk-idea-hide", "fk-idea-merge", "fk-phase-next", "fk-private-toggle", "fk-reveal"):
        assert not find(a.root, cls)
    target = idea_id(workshop, "Pocket parks")
    assert view.hide(target) is False
    assert "facilitator" in one(a.root, "fk-notice").value
    assert view.merge(target, idea_id(workshop, "Roof gardens")) is False
    view.open_merge(target)  # a forged "Merge…" click on a participant page
    assert not store.get_idea(workshop.db, target).hidden
    assert store.get_idea(workshop.db, target).merged_into is None
    # A participant page built with someone's guess of a key still has no key powers.
    forged = ParticipantApp(make_context(f"code={workshop.code}&key={TOKEN_A}", db=workshop.db))
    forged.link.token = TOKEN_A
    assert forged.host.view.hide(target) is False
    # A console whose key is wrong gets nowhere even if its methods are called.
    fake = console(workshop, key="not-the-key-not-the-key-123")
    assert not hasattr(fake, "next_button")
    with pytest.raises(Exception):
        store.set_phase(workshop.db, workshop.code, TOKEN_A, 0)
    assert store.get_workshop(workshop.db, workshop.code).phase_index == 3


def test_a_facilitator_view_without_the_key_is_refused_by_the_store(voting_room):
    """Even a facilitator-role view built by mistake without a key cannot moderate."""
    workshop, _a, _b = voting_room
    ctx = make_context(f"code={workshop.code}", db=workshop.db)
    view = VoteView(ctx, role="facilitator")
    target = idea_id(workshop, "Pocket parks")
    assert view.hide(target) is False
    assert not store.get_idea(workshop.db, target).hidden


def test_presenter_shows_results_but_never_hidden_ideas(voting_room):
    workshop, a, _b = voting_room
    click_vote(a, "Roof gardens")
    store.set_hidden(workshop.db, workshop.code, workshop.key, idea_id(workshop, "Tram to the harbour"))
    pres = PresenterApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    ranking = one(pres.root, "fk-ranking").value
    assert "Roof gardens" in ranking and "Pocket parks" in ranking and "Tram to the harbour" not in ranking
    assert ranking.index("Roof gardens") < ranking.index("Pocket parks")
    open_step(workshop, "closed", pres)
    assert pres.step == "closed" and find(pres.root, "fk-view-closed")


# --- robustness of the shell --------------------------------------------------------------


def test_a_step_whose_view_fails_shows_a_notice_only_for_that_step(workshop, monkeypatch, caplog):
    monkeypatch.setitem(steps.VIEWS, "challenge", "facilitation.ui.does_not_exist:Nope")
    a = participant(workshop, TOKEN_A)
    open_step(workshop, "challenge", a)
    root = one(a.root, "fk-view-challenge")
    assert "fk-step-unavailable" in root._dom_classes and "opens soon" in page_text(root)
    assert "does_not_exist" in caplog.text
    open_step(workshop, "brainstorm", a)
    assert find(a.root, "fk-view-brainstorm") and not find(a.root, "fk-step-unavailable")


def test_views_follow_the_step_view_protocol(workshop):
    participant(workshop, TOKEN_A)
    for cls in (BrainstormView, VoteView):
        for role in ("participant", "facilitator", "presenter"):
            ctx = make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db)
            ctx.token = TOKEN_A
            view = cls(ctx, role=role)
            assert f"fk-view-{cls.step}" in view.root._dom_classes
            view.refresh({"ideas"})
            view.close()
    with pytest.raises(ValueError):
        BrainstormView(make_context(f"code={workshop.code}", db=workshop.db), role="admin")


def test_participant_page_stays_light(workshop, tmp_path):
    """Building the participant page on the brainstorm step imports no heavy library."""
    open_step(workshop, "brainstorm")
    script = f"""
import sys
from facilitation import store
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.participant import ParticipantApp
db = store.Database({workshop.db.url!r})
app = ParticipantApp(make_context("code={workshop.code}", db=db))
app.link.token = {TOKEN_A!r}
app.join_button.click()
assert app.step == "brainstorm", app.step
heavy = sorted(m for m in ("pandas", "ipyleaflet", "bqplot", "segno", "voila", "openpyxl", "numpy")
               if m in sys.modules)
print("HEAVY", heavy)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "HEAVY []" in out.stdout, out.stdout


# --- entry points ---------------------------------------------------------------------------


def test_entry_points_build_pages_from_the_query_string(workshop, monkeypatch):
    from facilitation.ui import facilitator_app, participant_app, presenter_app

    monkeypatch.setenv("FACILITATION_DB", workshop.db.url)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", f"code={workshop.code}")
    root = participant_app()
    assert "fk-role-participant" in root._dom_classes and find(root, "fk-page-link")
    assert root._fk_app.feed is not None  # no running loop here, so the page is driven by tests
    monkeypatch.setenv("QUERY_STRING", f"code={workshop.code}&key={workshop.key}")
    assert find(facilitator_app(), "fk-phase-next")
    assert find(presenter_app(), "fk-view-waiting")
    monkeypatch.setenv("QUERY_STRING", f"code={workshop.code}&key=wrong")
    assert not find(facilitator_app(), "fk-phase-next")


def test_an_unusable_database_gives_a_polite_page(tmp_path, monkeypatch):
    from facilitation.ui import participant_app

    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("this is not a database")
    monkeypatch.setenv("FACILITATION_DB", str(not_a_db))
    monkeypatch.setenv("QUERY_STRING", "code=ABCDEF")
    root = participant_app()
    assert "cannot open right now" in page_text(root) and "not a workshop database" in page_text(root)


def test_pages_speak_the_workshop_language(db):
    created = store.create_workshop(db, title="Zielone centrum", city="Gdańsk", language="pl")
    app = ParticipantApp(make_context(f"code={created.workshop.code}", db=db))
    app.link.token = TOKEN_A
    assert app.join_button.description == "Dołącz do warsztatu"
    app.join_button.click()
    assert "Twój" not in one(app.root, "fk-whoami").value  # the pseudonym, not a label
    fac = ConsoleApp(make_context(f"code={created.workshop.code}&key={created.key}", db=db))
    assert fac.next_button.description == "Następny krok"
    assert "Dołączyło" in one(fac.root, "fk-participant-count").value


SESSION_MODULES = ("pages/participant", "pages/console/__init__", "pages/console/app", "pages/console/clock",
                   "pages/console/control", "pages/console/panels", "pages/console/prepare", "pages/presenter",
                   "steps/waiting", "steps/brainstorm", "steps/vote", "kit/ideas", "kit/idea_edit", "kit/access",
                   "kit/wall", "kit/moderation", "kit/theme", "kit/shell", "kit/identity", "kit/links", "__init__")


@pytest.mark.parametrize("name", SESSION_MODULES)
def test_no_translation_hides_inside_an_f_string(name):
    """Babel does not extract ``t("...")`` written inside an f-string: such text would never be translated."""
    import ast
    from pathlib import Path

    import facilitation.ui as ui_package

    source = (Path(ui_package.__file__).parent / f"{name}.py").read_text(encoding="utf-8")
    hidden = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for sub in ast.walk(node):
                func = getattr(sub, "func", None)
                called = getattr(func, "id", None) or getattr(func, "attr", None)
                if isinstance(sub, ast.Call) and called in ("t", "_") and sub.args and isinstance(
                        sub.args[0], ast.Constant):
                    hidden.append((sub.lineno, sub.args[0].value))
    assert hidden == []


def test_session_strings_are_translated_to_polish(workshop):
    from facilitation.i18n import catalog, translator

    pl = translator("pl")
    ours = [m for m in catalog.extract() if m.id and any(
        loc[0].startswith("ui/") and loc[0][3:-3] in SESSION_MODULES for loc in m.locations)]
    assert len(ours) > 100
    same = ({m.id for m in ours if isinstance(m.id, str) and pl(m.id) == m.id}
            | {m.id[0] for m in ours if isinstance(m.id, tuple) and pl.ngettext(*m.id, 5) == m.id[1]}
            ) - {"{n} min", "{scale}, {driver}", "+1 min", "−1 min"}
    assert same == set()
