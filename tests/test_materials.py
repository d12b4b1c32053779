"""Materials: type checked by content and extension, size cap, checksum, and who may read or attach them."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from facilitation import store
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.programmes import MAX_MATERIAL_BYTES, check_material
from facilitation.store import schema as s

from conftest import TOKEN_A, TOKEN_B
from sample_files import DOCX, GIF, JPEG, ODP, PDF, PNG, WEBP


def office(parts: dict[str, bytes], *, mimetype: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        if mimetype is not None:
            z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()




@pytest.mark.parametrize("name,data,mime", [
    ("slides.pdf", PDF, "application/pdf"),
    ("map.PNG", PNG, "image/png"),
    ("photo.jpg", JPEG, "image/jpeg"),
    ("chart.gif", GIF, "image/gif"),
    ("pic.webp", WEBP, "image/webp"),
    ("notes.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("talk.odp", ODP, "application/vnd.oasis.opendocument.presentation"),
    ("agenda.md", "# Agenda\n- Powitanie – Kraków".encode(), "text/markdown"),
    ("C:\\Users\\x\\readme.txt", b"plain text", "text/plain"),
])
def test_allowed_types_are_recognised_by_content(name, data, mime) -> None:
    clean, found = check_material(name, data)
    assert found == mime and "\\" not in clean and "/" not in clean


@pytest.mark.parametrize("name,data,problem", [
    ("tool.exe", b"MZ\x90\x00", "cannot be attached"),
    ("noextension", PDF, "cannot be attached"),
    ("renamed.pdf", b"MZ\x90\x00 program", "is not a PDF"),
    ("image.png", PDF, "is not a PNG"),
    ("archive.docx", office({"evil.sh": b"rm -rf /"}), "is not a DOCX"),
    ("slides.pptx", DOCX, "is not a PPTX"),
    ("talk.odt", ODP, "is not a ODT"),
    ("binary.txt", b"abc\x00def", "is not a TXT"),
    ("latin.md", "zażółć".encode("cp1250"), "is not a MD"),
    ("empty.pdf", b"", "is empty"),
    ("huge.pdf", b"%PDF-" + b"0" * MAX_MATERIAL_BYTES, "larger than 10 MB"),
])
def test_wrong_or_oversized_files_are_refused(name, data, problem) -> None:
    with pytest.raises(InvalidValue, match=problem):
        check_material(name, data)


def test_attach_list_read_and_remove(db, workshop) -> None:
    before = db.revisions(workshop.id).get("materials", 0)
    item = store.add_meeting_item(db, workshop.code, workshop.key, topic="Presentations")
    m = store.add_material(db, workshop.code, workshop.key, filename="slides.pdf", data=PDF, title="City slides",
                           item_id=item.id)
    assert (m.size, m.sha256, m.mime, m.item_id, m.shown_title) == (
        len(PDF), hashlib.sha256(PDF).hexdigest(), "application/pdf", item.id, "City slides")
    assert store.list_materials(db, workshop.code) == [m]
    assert db.revisions(workshop.id)["materials"] == before + 1
    got, data = store.material_bytes(db, m.id, code=workshop.code, key=workshop.key)
    assert (got, data) == (m, PDF)
    with pytest.raises(InvalidValue, match="already attached as slides.pdf"):
        store.add_material(db, workshop.code, workshop.key, filename="copy.pdf", data=PDF)
    store.remove_material(db, workshop.code, workshop.key, m.id)
    assert store.list_materials(db, workshop.code) == []
    with pytest.raises(NotFound):
        store.material_bytes(db, m.id, code=workshop.code, key=workshop.key)


def test_who_may_read_a_material(db, workshop) -> None:
    org = store.issue_organiser_key(db)
    other = store.create_workshop(db, title="Elsewhere", city="Sofia")
    store.join(db, workshop.code, TOKEN_A)
    store.join(db, other.workshop.code, TOKEN_B)
    m = store.add_material(db, workshop.code, workshop.key, filename="map.png", data=PNG)
    presenter = store.issue_role_key(db, workshop.code, workshop.key, "presenter").key
    for allowed in (dict(organiser_key=org), dict(key=org), dict(key=workshop.key), dict(key=presenter),
                    dict(token=TOKEN_A)):
        assert store.material_bytes(db, m.id, code=workshop.code, **allowed)[1] == PNG
    for refused in (dict(), dict(key="wrong-key-wrong-key-wrong-key"), dict(key=other.key), dict(token=TOKEN_B),
                    dict(organiser_key="wrong-key-wrong-key-wrong-key"), dict(token="short")):
        with pytest.raises(NotAllowed):
            store.material_bytes(db, m.id, code=workshop.code, **refused)
    # The id of another workshop's material does not open it through this workshop's code.
    theirs = store.add_material(db, other.workshop.code, other.key, filename="a.pdf", data=PDF)
    with pytest.raises(NotFound):
        store.material_bytes(db, theirs.id, code=workshop.code, key=workshop.key)


def test_only_steering_keys_attach_or_remove(db, workshop) -> None:
    store.join(db, workshop.code, TOKEN_A)
    other = store.create_workshop(db, title="Elsewhere", city="Sofia")
    m = store.add_material(db, workshop.code, workshop.key, filename="slides.pdf", data=PDF)
    for key in (TOKEN_A, other.key, "wrong-key-wrong-key-wrong-key", None):
        with pytest.raises(NotAllowed):
            store.add_material(db, workshop.code, key, filename="map.png", data=PNG)
        with pytest.raises(NotAllowed):
            store.remove_material(db, workshop.code, key, m.id)
    assert [x.filename for x in store.list_materials(db, workshop.code)] == ["slides.pdf"]


def test_damaged_bytes_are_not_served(db, workshop) -> None:
    m = store.add_material(db, workshop.code, workshop.key, filename="slides.pdf", data=PDF)
    with db.write() as conn:  # a damaged copy (e.g. a bad restore): the checksum no longer matches
        conn.execute(s.materials.update().where(s.materials.c.id == m.id).values(data=PDF + b"x"))
    with pytest.raises(InvalidValue, match="damaged"):
        store.material_bytes(db, m.id, code=workshop.code, key=workshop.key)


def test_printable_agenda_is_escaped_and_lists_topics_and_materials(db, workshop) -> None:
    store.add_meeting_item(db, workshop.code, workshop.key, topic="<script>alert(1)</script> budget")
    store.add_material(db, workshop.code, workshop.key, filename="slides.pdf", data=PDF, title="Slides & maps")
    page = store.agenda_html(db, workshop.code)
    assert page.startswith("<!DOCTYPE html>") and "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; budget" in page and "Slides &amp; maps" in page
    assert "Brainstorm solutions" in page and "0–5 min" in page and "http" not in page
