"""The meeting record: the facilitator edits agenda items, notes, decisions and action items; participants
see it live and read-only (escaped); writes without the key are refused by the store."""

from __future__ import annotations

from datetime import date

from conftest import TOKEN_A
from facilitation import store
from fixtures_ui import facilitator, participant
from facilitation.ui.steps.meeting import ConsoleMeetingPanel, MeetingEditor, MeetingRecord, ParticipantMaterialsPanel
from facilitation.ui.steps.meeting.record import record_html
from facilitation.i18n import translator

XSS = '<img src=x onerror="alert(1)">'


def rows_with(box, cls: str) -> list:
    """Widgets under ``box`` carrying the class ``cls``."""
    out, todo = [], [box]
    while todo:
        w = todo.pop()
        if cls in getattr(w, "_dom_classes", ()):
            out.append(w)
        todo.extend(getattr(w, "children", ()))
    return out


def test_the_facilitator_writes_the_record(workshop):
    editor = MeetingEditor(facilitator(workshop))
    assert "No agenda items yet" in editor.items_box.children[0].value
    editor.new_topic.value = "Partner updates"
    assert editor.add_item()
    [item] = store.meeting(workshop.db, workshop.code)
    assert item.topic == "Partner updates" and editor.new_topic.value == ""
    assert editor.save_item(item.id, "Partner updates", "Gdansk showed the pilot.", "Meet in Krakow\nShare slides")
    assert editor.add_action(item.id, "Send the minutes", "Anna", date(2026, 12, 1))
    [action] = store.list_actions(workshop.db, code=workshop.code)
    assert (action.owner, action.due, action.done) == ("Anna", date(2026, 12, 1), False)
    rows = rows_with(editor.root, "fk-action-item")
    assert len(rows) == 1
    done = rows[0].children[0]
    done.value = True  # the checkbox saves at once
    assert store.list_actions(workshop.db, code=workshop.code)[0].done is True
    assert editor.save_action(action.id, text="Send the minutes", owner="Ben", due=None, set_due=True)
    again = store.list_actions(workshop.db, code=workshop.code)[0]
    assert (again.owner, again.due, again.done) == ("Ben", None, True)
    assert "fk-notice-ok" in editor.notice.value


def test_bad_values_and_strangers_are_refused(workshop):
    editor = MeetingEditor(facilitator(workshop))
    assert not editor.add_item("   ")
    assert "fk-notice-error" in editor.notice.value
    stranger = MeetingEditor(participant(workshop, TOKEN_A, "Ana"))  # no key: the store says no
    assert not stranger.add_item("Hijack")
    assert "fk-notice-error" in stranger.notice.value
    assert store.meeting(workshop.db, workshop.code) == []


def test_participants_see_it_live_and_escaped(workshop):
    panel = ParticipantMaterialsPanel(participant(workshop, TOKEN_A, "Ana"))
    assert panel.record is None  # a city workshop without a record shows only its materials
    item = store.add_meeting_item(workshop.db, workshop.code, workshop.key, topic=XSS, decisions="Yes\nNo")
    store.add_action(workshop.db, workshop.code, workshop.key, text=XSS, owner="Anna", item_id=item.id)
    panel.refresh({"ideas"})
    assert panel.record is None  # only the meeting and materials topics matter
    panel.refresh({"meeting"})
    html = panel.record.body.value
    assert XSS not in html and "&lt;img src=x" in html
    assert html.count('class="fk-action-item') == 1 and "<li>Yes</li>" in html
    store.update_action(workshop.db, workshop.code, workshop.key,
                        store.list_actions(workshop.db, code=workshop.code)[0].id, done=True)
    panel.refresh({"meeting"})
    assert "fk-action-done" in panel.record.body.value


def test_the_read_only_record_has_no_inputs(workshop):
    store.add_meeting_item(workshop.db, workshop.code, workshop.key, topic="Budget", city="Gdansk", notes="Take-away")
    store.add_action(workshop.db, workshop.code, workshop.key, text="Loose end")
    record = MeetingRecord(participant(workshop, TOKEN_A))
    assert rows_with(record.root, "fk-action-item") == []  # HTML only, nothing to edit
    assert "Other action items" in record.body.value and "Gdansk" in record.body.value


def test_empty_record_html():
    assert "No meeting record yet" in record_html(translator("en"), [], [])


def test_console_panel_mounts_materials_and_upload_and_points_to_the_decisions_step(workshop):
    panel = ConsoleMeetingPanel(facilitator(workshop))
    assert rows_with(panel.root, "fk-meeting-moved") and not rows_with(panel.root, "fk-meeting-edit")  # issue 24
    store.add_meeting_item(workshop.db, workshop.code, workshop.key, topic="Budget")
    panel.refresh({"meeting"})
    assert [label for label, _ in panel.upload.item.options][1] == "Budget"
    assert panel.upload.add([("notes.txt", b"plain notes")])
    assert [i["filename"] for i in panel.materials.links.items][-1] == "notes.txt"
    store.add_material(workshop.db, workshop.code, workshop.key, filename="more.md", data=b"# More")
    panel.refresh({"materials"})
    assert [i["filename"] for i in panel.materials.links.items][-1] == "more.md"


def test_the_participant_page_mounts_materials_and_follows_the_record(workshop):
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.pages.participant import ParticipantApp

    store.add_material(workshop.db, workshop.code, workshop.key, filename="slides.md", data=b"# Slides")
    app = ParticipantApp(make_context(f"code={workshop.code}", db=workshop.db))
    assert app.materials is None  # nothing before the participant is known
    app.link.token = TOKEN_A
    app.name.value = "Ana"
    app.join_button.click()
    assert app.materials is not None and app.materials.root in app.root.children
    assert [i["filename"] for i in app.materials.materials.links.items][-1] == "slides.md"
    store.add_meeting_item(workshop.db, workshop.code, workshop.key, topic="Questions to the lead cities")
    app.feed.poll_once()
    assert "Questions to the lead cities" in app.materials.record.body.value
    app.close()


def test_the_console_prepare_tab_holds_the_materials_and_no_second_record_editor(workshop):
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.kit.identity import PageLink
    from facilitation.ui.pages.console import ConsoleApp

    fac = ConsoleApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db), link=PageLink(""))
    assert not rows_with(fac.root, "fk-material-upload")  # built when the tab opens
    fac.tabs.value = "prepare"
    [panel] = [e for e in fac.prepare.editors if isinstance(e, ConsoleMeetingPanel)]
    assert rows_with(fac.root, "fk-material-upload") and rows_with(fac.root, "fk-meeting-moved")
    assert not rows_with(fac.root, "fk-meeting-edit")  # the record is kept in a Decisions step (issue 24)
    store.add_material(workshop.db, workshop.code, workshop.key, filename="late.txt", data=b"added elsewhere")
    fac.feed.poll_once()
    assert [i["filename"] for i in panel.materials.links.items][-1] == "late.txt"
    fac.close()
