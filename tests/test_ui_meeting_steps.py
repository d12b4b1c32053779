"""Discussion, decisions and break views without a browser (issue 24).

Each view is built for its roles, buttons are clicked and values set as a browser would, and the
test asserts on the store and on the widgets the contract names; the break countdown is moved with
``tick(now)`` at given times.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from conftest import TOKEN_A, TOKEN_B
from fixtures_ui import facilitator, participant
from widgets import find, text

from facilitation import store
from facilitation.domain.clock import naive_utc
from facilitation.ui.steps.decisions import DecisionsView
from facilitation.ui.steps.discussion import DiscussionView
from facilitation.ui.steps.pause import BreakView, back_at, countdown_text


def open_new(w, step: str, minutes: int = 10) -> int:
    items = store.add_agenda_item(w.db, w.code, w.key, step=step, minutes=minutes)
    store.set_phase(w.db, w.code, w.key, len(items) - 1)
    return items[-1].id


def hidden(widget) -> bool:
    return "fk-hidden" in widget._dom_classes


def cards(view, name: str) -> list[str]:
    return [text(w.value) for w in find(view.root, name)]


def test_discussion_notes_and_contributions_follow_live(workshop):
    w = workshop
    ana = participant(w, TOKEN_A, "Ana")
    open_new(w, "discussion")
    mine = DiscussionView(ana)
    console = DiscussionView(facilitator(w), role="facilitator")
    screen = DiscussionView(facilitator(w), role="presenter")
    assert "fk-view-discussion" in mine.root._dom_classes
    assert not find(screen.root, "fk-note-submit")  # the presenter only shows the notes
    # A participant without a profile is asked for organisation and city, here, with the contribution.
    assert not hidden(mine.organisation) and not hidden(mine.city)
    [field] = find(mine.root, "fk-note-text")
    field.value = "Our <script>alert(1)</script> heat plan"
    mine.organisation.value, mine.city.value = "City hall", "Lviv"
    find(mine.root, "fk-note-submit")[0].click()
    assert field.value == "" and "fk-notice-ok" in mine.notice.value
    console.text.value = "Gdansk shares its retention ponds"
    find(console.root, "fk-note-submit")[0].click()
    for view in (mine, console, screen):
        view.refresh({"notes"})
        shown = cards(view, "fk-note-card")
        assert shown[0].startswith("Gdansk shares") and "Lviv" in shown[1] and "City hall" in shown[1]
        assert all("<script>" not in w.value for w in find(view.root, "fk-note-card"))  # escaped
    [stored] = [n for n in store.list_notes(w.db, w.code) if n.participant_id is not None]
    assert (stored.kind, stored.organisation, stored.city) == ("contribution", "City hall", "Lviv")
    # Once the profile holds them (the workshop asks at joining), the view stops asking.
    store.update_settings(w.db, w.code, w.key, ask_affiliation=True)
    store.set_affiliation(w.db, w.code, TOKEN_A, "Port authority", "Gdynia")
    mine.refresh({"participants"})
    assert hidden(mine.organisation) and hidden(mine.city) and not hidden(console.city)


def test_a_refused_contribution_keeps_its_text_and_says_why(workshop):
    w = workshop
    ana = participant(w, TOKEN_A, "Ana")
    open_new(w, "discussion")
    view = DiscussionView(ana)
    view.text.value = "x" * 500  # over the contribution's limit
    assert not view.submit()
    assert view.text.value == "x" * 500 and "fk-notice-error" in view.notice.value
    view.text.value, view.take_away.value = "Shade on every square", True
    assert not view.submit()  # a take-away needs a city: the participant gave none
    assert "city" in text(view.notice.value)
    view.city.value = "Aarhus"
    assert view.submit() and store.takeaways(w.db, w.code)["Aarhus"][0].text == "Shade on every square"
    stranger = DiscussionView(participant(w, TOKEN_B, "Bo"), role="facilitator")  # no key: the store refuses
    stranger.text.value = "Forged note"
    assert not stranger.submit() and "fk-notice-error" in stranger.notice.value


def test_the_note_taker_link_writes_notes_from_the_console_view(workshop):
    w = workshop
    taker = store.issue_role_key(w.db, w.code, w.key, "note-taker", "Marta").key
    open_new(w, "discussion")
    ctx = facilitator(w)
    ctx.key = taker
    view = DiscussionView(ctx, role="facilitator")
    view.text.value, view.take_away.value, view.city.value = "Lviv will replicate the ponds", True, "Lviv"
    assert view.submit()
    [card] = cards(view, "fk-note-card")
    assert "Note-taker" in card and "Take-away" in card and "Lviv" in card


def test_decisions_and_action_items_in_the_step(workshop):
    w = workshop
    open_new(w, "decisions")
    console = DecisionsView(facilitator(w), role="facilitator")
    ana = DecisionsView(participant(w, TOKEN_A, "Ana"))
    assert "fk-view-decisions" in ana.root._dom_classes
    [box] = find(console.root, "fk-decision-text")
    box.value = "Apply jointly for the LIFE call"
    find(console.root, "fk-decision-add")[0].click()
    assert box.value == "" and [d.text for d in store.list_decisions(w.db, w.code)] == [
        "Apply jointly for the LIFE call"]
    console.editor.new_text.value, console.editor.new_owner.value = "Draft the application", "Gdansk"
    console.editor.new_due.value = date(2027, 1, 15)
    find(console.root, "fk-action-add")[0].click()
    assert len(find(console.root, "fk-action-item")) == 1
    [action] = store.list_actions(w.db, code=w.code)
    assert (action.owner, action.due) == ("Gdansk", date(2027, 1, 15))
    [done] = find(console.root, "fk-action-done-input")
    done.value = True
    assert store.list_actions(w.db, code=w.code)[0].done
    ana.refresh({"decisions", "meeting"})
    assert cards(ana, "fk-decision-card") == ["1 Apply jointly for the LIFE call"]
    assert "Draft the application" in text(ana.actions.value) and "2027-01-15" in text(ana.actions.value)
    assert 'class="fk-action-item fk-action-done"' in ana.actions.value
    # An empty decision is refused, with the reason, and nothing is recorded.
    box.value = "   "
    assert not console.add() and "fk-notice-error" in console.notice.value
    assert len(store.list_decisions(w.db, w.code)) == 1


def test_an_older_meeting_record_is_edited_in_the_decisions_step(workshop):
    w = workshop
    store.add_meeting_item(w.db, w.code, w.key, topic="Partner updates", notes="Gdansk: ponds built")
    open_new(w, "decisions")
    console = DecisionsView(facilitator(w), role="facilitator")
    assert console.meeting_editor is not None and find(console.root, "fk-meeting-edit")
    guest = DecisionsView(participant(w, TOKEN_A, "Ana"))
    assert "Partner updates" in guest.record.value and "Gdansk: ponds built" in guest.record.value


def test_the_break_counts_down_from_the_tick_and_says_when_we_are_back(workshop):
    w = workshop
    open_new(w, "break", minutes=15)
    item = store.current_step(w.db, store.get_workshop(w.db, w.code))
    started = item.started_at.replace(tzinfo=timezone.utc)
    view = BreakView(participant(w, TOKEN_A, "Ana"), zone=timezone.utc)
    assert "fk-view-break" in view.root._dom_classes
    view.tick(started + timedelta(minutes=5))
    assert text(view.countdown.value) == "10:00"
    end = (started + timedelta(minutes=15)).strftime("%H:%M")
    assert text(view.back.value) == f"Back at {end}"
    view.tick(started + timedelta(minutes=14, seconds=30))
    assert text(view.countdown.value) == "0:30"
    view.tick(started + timedelta(minutes=16))
    assert text(view.countdown.value) == "0:00" and text(view.back.value) == "We start again now."
    # +5 minutes on the console: the feed's "phase" topic re-reads the step, the next tick shows it.
    store.extend_timer(w.db, w.code, w.key, 5)
    view.refresh({"phase"})
    view.tick(started + timedelta(minutes=16))
    assert text(view.countdown.value) == "4:00"
    polish = BreakView(participant(w, TOKEN_B, "Bo", lang="pl"), role="presenter", zone=timezone.utc)
    polish.tick(started + timedelta(minutes=16))
    assert text(polish.countdown.value) == "4:00" and "Back at" not in polish.back.value
    assert back_at(view.item, started + timedelta(minutes=16), timezone.utc) == started + timedelta(minutes=20)


def test_countdown_text():
    assert countdown_text(0) == "0:00" and countdown_text(-5) == "0:00"
    assert countdown_text(59.2) == "1:00" and countdown_text(61) == "1:01"
    assert countdown_text(3725) == "1:02:05"
    assert naive_utc(datetime(2026, 1, 1, 12, tzinfo=timezone.utc)) == datetime(2026, 1, 1, 12)


def test_the_participants_materials_panel_leaves_the_record_to_an_open_decisions_step(workshop):
    from facilitation.ui.steps.meeting import ParticipantMaterialsPanel

    w = workshop
    store.add_action(w.db, w.code, w.key, text="Send the minutes")
    panel = ParticipantMaterialsPanel(participant(w, TOKEN_A, "Ana"))
    assert panel.record is not None and not hidden(panel.record_box)
    open_new(w, "decisions")
    panel.refresh({"phase"})
    assert hidden(panel.record_box)  # the step shows the actions: not twice on the page
    store.set_phase(w.db, w.code, w.key, 0)
    panel.refresh({"phase"})
    assert not hidden(panel.record_box)


def test_a_note_taker_link_opens_a_console_that_writes_notes_only(workshop):
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.kit.identity import PageLink
    from facilitation.ui.pages.console import ConsoleApp

    w = workshop
    taker = store.issue_role_key(w.db, w.code, w.key, "note-taker", "Marta").key
    page = ConsoleApp(make_context(f"code={w.code}&key={taker}", db=w.db), link=PageLink(""))
    assert "fk-console-notes" in page.root._dom_classes and not find(page.root, "fk-phase-next")
    assert not find(page.root, "fk-note-text") and not hidden(find(page.root, "fk-note-waiting")[0])
    open_new(w, "discussion")
    page.feed.poll_once()
    [field] = find(page.root, "fk-note-text")
    field.value = "Riga: the tender is out"
    find(page.root, "fk-note-submit")[0].click()
    assert [(n.text, n.by) for n in store.list_notes(w.db, w.code)] == [("Riga: the tender is out", "note-taker")]
    assert hidden(find(page.root, "fk-note-waiting")[0])
    store.set_phase(w.db, w.code, w.key, 0)
    page.feed.poll_once()
    assert not find(page.root, "fk-note-text")
    page.close()
