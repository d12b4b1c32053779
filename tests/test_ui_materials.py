"""Materials: the upload (type, size, permission in the store, errors as fk-notice) and the download
list (one file sent on request, with the page's own credentials; forged requests refused)."""

from __future__ import annotations

import pytest

from conftest import TOKEN_A, TOKEN_B
from facilitation import store
from facilitation.domain.errors import NotFound
from facilitation.domain.programmes import MAX_MATERIAL_BYTES
from facilitation.i18n import translator
from facilitation.ui.kit.materials import AGENDA_ID, DownloadList, MaterialsList, MaterialUpload, size_text
from sample_files import PDF, PNG
EN = translator("en")


def capture(links: DownloadList) -> list:
    """Record what the kernel would send to the browser (content, buffers)."""
    sent: list = []
    links.send = lambda content, buffers=None: sent.append((content, buffers))  # type: ignore[method-assign]
    return sent


def ask(links: DownloadList, material_id: str) -> None:
    """The browser's click, as the anchor's script sends it."""
    links._on_message(links, {"kind": "download", "id": material_id}, [])


def test_facilitator_uploads_and_the_list_offers_it(workshop):
    files = MaterialsList(workshop.db, workshop.code, EN, key=workshop.key)
    upload = MaterialUpload(workshop.db, workshop.code, workshop.key, EN, on_added=files.refresh)
    upload.title.value = "Opening slides"
    assert upload.add([("slides.pdf", PDF)])
    assert "fk-notice-ok" in upload.notice.value and upload.title.value == ""
    ids = [i["id"] for i in files.links.items]
    assert ids[0] == AGENDA_ID and len(ids) == 2
    item = files.links.items[1]
    assert item["title"] == "Opening slides" and item["filename"] == "slides.pdf" and "PDF" in item["meta"]
    [stored] = store.list_materials(workshop.db, workshop.code)
    assert stored.size == len(PDF) and len(stored.sha256) == 64


def test_a_click_sends_exactly_that_file(workshop):
    store.add_material(workshop.db, workshop.code, workshop.key, filename="map.png", data=PNG)
    files = MaterialsList(workshop.db, workshop.code, EN, key=workshop.key)
    sent = capture(files.links)
    mid = files.links.items[1]["id"]
    ask(files.links, mid)
    [(content, buffers)] = sent
    assert content == {"kind": "file", "id": mid, "filename": "map.png", "mime": "image/png"}
    assert buffers == [PNG]


def test_the_printable_agenda_is_a_material(workshop):
    files = MaterialsList(workshop.db, workshop.code, EN, token=TOKEN_A)
    store.join(workshop.db, workshop.code, TOKEN_A, "Ana")
    sent = capture(files.links)
    ask(files.links, AGENDA_ID)
    [(content, buffers)] = sent
    assert content["filename"] == f"agenda-{workshop.code}.html" and content["mime"] == "text/html"
    assert b"Green and blue centre" in buffers[0] and buffers[0].lstrip().lower().startswith(b"<!doctype html")


def test_a_participant_downloads_and_a_stranger_cannot(workshop):
    store.add_material(workshop.db, workshop.code, workshop.key, filename="slides.pdf", data=PDF)
    store.join(workshop.db, workshop.code, TOKEN_A, "Ana")
    mine = MaterialsList(workshop.db, workshop.code, EN, token=TOKEN_A, with_agenda=False)
    sent = capture(mine.links)
    ask(mine.links, mine.links.items[0]["id"])
    assert sent[0][1] == [PDF]

    stranger = MaterialsList(workshop.db, workshop.code, EN, token=TOKEN_B, with_agenda=False)  # never joined
    sent = capture(stranger.links)
    ask(stranger.links, stranger.links.items[0]["id"])
    [(content, buffers)] = sent
    assert content["kind"] == "error" and not buffers
    assert "fk-notice-error" in stranger.notice.value and "materials" in stranger.notice.value


def test_forged_requests_are_ignored(workshop):
    other = store.create_workshop(workshop.db, title="Elsewhere", city="Sofia")
    theirs = store.add_material(workshop.db, other.workshop.code, other.key, filename="secret.pdf", data=PDF)
    files = MaterialsList(workshop.db, workshop.code, EN, key=workshop.key)
    sent = capture(files.links)
    for junk in ({"kind": "download", "id": str(theirs.id)}, {"kind": "download", "id": 7},
                 {"kind": "download"}, {"kind": "other"}, "download", None):
        files.links._on_message(files.links, junk, [])
    assert sent == [] and files.links.sent == []
    with pytest.raises(NotFound):  # even asked directly, the store finds no such material in this workshop
        files._fetch(str(theirs.id))


@pytest.mark.parametrize("name, data, words", [
    ("notes.pdf", b"MZ\x90\x00 not a pdf", "not a PDF"),
    ("tool.exe", b"MZ\x90\x00", "cannot be attached"),
    ("big.pdf", b"%PDF-" + b"0" * MAX_MATERIAL_BYTES, "larger than"),
])
def test_bad_uploads_say_why_in_a_notice(workshop, name, data, words):
    upload = MaterialUpload(workshop.db, workshop.code, workshop.key, EN)
    assert not upload.add([(name, data)])
    assert "fk-notice-error" in upload.notice.value and words in upload.notice.value
    assert store.list_materials(workshop.db, workshop.code) == []


def test_the_same_file_twice_is_refused(workshop):
    upload = MaterialUpload(workshop.db, workshop.code, workshop.key, EN)
    assert upload.add([("a.pdf", PDF)])
    assert not upload.add([("b.pdf", PDF)])
    assert "already attached as a.pdf" in upload.notice.value


def test_only_the_facilitator_uploads(workshop):
    store.join(workshop.db, workshop.code, TOKEN_A, "Ana")
    upload = MaterialUpload(workshop.db, workshop.code, None, EN)
    assert not upload.add([("slides.pdf", PDF)])
    assert "fk-notice-error" in upload.notice.value
    assert store.list_materials(workshop.db, workshop.code) == []


def test_the_file_picker_feeds_the_store(workshop):
    upload = MaterialUpload(workshop.db, workshop.code, workshop.key, EN)
    sent = capture(upload.picker)
    upload.picker._on_message(upload.picker, {"kind": "file", "name": "slides.pdf", "size": len(PDF)}, [memoryview(PDF)])
    assert [m.filename for m in store.list_materials(workshop.db, workshop.code)] == ["slides.pdf"]
    assert sent == [({"kind": "done"}, None)]  # the button is ready for the next file


def test_attach_to_an_agenda_item(workshop):
    item = store.add_meeting_item(workshop.db, workshop.code, workshop.key, topic="Budget")
    upload = MaterialUpload(workshop.db, workshop.code, workshop.key, EN)
    upload.set_items([("Budget", item.id)])
    upload.item.value = item.id
    assert upload.add([("budget.pdf", PDF)])
    assert store.list_materials(workshop.db, workshop.code)[0].item_id == item.id


def test_helpers():
    assert size_text(EN, 820) == "820 bytes" and size_text(EN, 12_400) == "12 kB" and size_text(EN, 1_400_000) == "1.4 MB"


def test_the_facilitator_removes_a_material_and_others_cannot(workshop):
    files = MaterialsList(workshop.db, workshop.code, EN, key=workshop.key)
    upload = MaterialUpload(workshop.db, workshop.code, workshop.key, EN, on_added=files.refresh)
    assert "fk-hidden" in upload.remover._dom_classes  # nothing to remove yet
    upload.add([("a.pdf", PDF)])
    assert "fk-hidden" not in upload.remover._dom_classes
    [(label, mid)] = upload.remove_pick.options
    assert label == "a.pdf"
    stranger = MaterialUpload(workshop.db, workshop.code, "not-the-key-not-the-key-123", EN)
    assert not stranger.remove(mid) and "fk-notice-error" in stranger.notice.value
    assert not upload.remove("1; drop table") and "fk-notice-error" in upload.notice.value
    upload.remove_button.click()
    assert store.list_materials(workshop.db, workshop.code) == [] and "Removed." in upload.notice.value
    assert [i["id"] for i in files.links.items] == [AGENDA_ID]
    assert "fk-hidden" in upload.remover._dom_classes
