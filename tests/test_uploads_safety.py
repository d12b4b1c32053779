"""Safe uploads (issue 23, point 5): the limit announced before sending and a sentence for a file
over it (checked in the browser: such a file never reaches the kernel), office files' unpacked
size bounded, content parsed as the type the extension names, file names cleaned and the notice
naming the stored file. Store tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from sample_files import DOCX, GIF, JPEG, ODF_CONTENT, ODF_MANIFEST, ODP, PDF, PNG, TYPES, WEBP, W, image, zipped

from facilitation import store
from facilitation.domain.checks import clean_file_name
from facilitation.domain.errors import InvalidValue
from facilitation.domain.programmes import MAX_MATERIAL_BYTES
from facilitation.domain.uploads import MAX_UNPACKED, check_upload
from facilitation.i18n import translator
from facilitation.ui.kit.materials import MaterialUpload

EN = translator("en")
GIB = 1 << 30


def bomb(ext: str, unpacked: int = GIB) -> bytes:
    """A real office file with one extra part of ``unpacked`` zero bytes (about 1 MB packed for 1 GiB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        if ext == "odt":
            z.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text",
                       compress_type=zipfile.ZIP_STORED)
            z.writestr("META-INF/manifest.xml", ODF_MANIFEST)
            z.writestr("content.xml", ODF_CONTENT)
        else:
            z.writestr("[Content_Types].xml", TYPES)
            z.writestr({"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[ext], W)
        with z.open("media/padding.bin", "w", force_zip64=True) as part:
            chunk = bytes(1 << 20)
            for _ in range(unpacked >> 20):
                part.write(chunk)
    return out.getvalue()


# --- the limit is announced, and a file over it gets a sentence ---------------------------


def test_the_upload_button_names_the_limit_and_a_file_over_it_gets_a_sentence(workshop):
    upload = MaterialUpload(workshop.db, workshop.code, workshop.key, EN)
    assert "at most 10 MB" in upload.picker.description and upload.picker.max_bytes == MAX_MATERIAL_BYTES
    # What the browser sends instead of a 20 MB file: its name and size only.
    upload.picker._on_message(upload.picker, {"kind": "too-big", "name": "../talk\u202egpj.pptx", "size": 20_000_000}, [])
    notice = upload.notice.value
    assert "fk-notice-error" in notice and "talkgpj.pptx is 20.0 MB" in notice and "at most 10 MB" in notice
    assert "\u202e" not in notice and "../" not in notice
    assert store.list_materials(workshop.db, workshop.code) == []
    # Forged: a file over the limit sent anyway is refused by the store, with a sentence.
    upload.picker._on_message(upload.picker, {"kind": "file", "name": "big.pdf"}, [b"%PDF-" + bytes(MAX_MATERIAL_BYTES)])
    assert "larger than 10 MB" in upload.notice.value and store.list_materials(workshop.db, workshop.code) == []


# --- office files: unpacked size bounded, required parts present --------------------------


@pytest.mark.parametrize("ext", ["docx", "xlsx", "odt"])
def test_a_zip_bomb_named_as_an_office_file_is_refused(ext):
    data = bomb(ext)
    assert len(data) < 2 * 1024 * 1024  # about 1 MB on the wire, 1 GiB unpacked
    with pytest.raises(InvalidValue, match=f"unpacks to more than {MAX_UNPACKED // (1 << 20)} MB"):
        check_upload(f"minutes.{ext}", data)


def test_an_office_file_within_the_bound_and_with_its_parts_is_accepted():
    assert check_upload("notes.docx", DOCX)[0] == "notes.docx"
    assert check_upload("talk.odp", ODP)[0] == "talk.odp"
    assert check_upload("padded.docx", bomb("docx", unpacked=4 << 20))[0] == "padded.docx"


@pytest.mark.parametrize("name, data", [
    ("nocontent.docx", zipped({"[Content_Types].xml": TYPES})),                        # no main part
    ("notypes.docx", zipped({"word/document.xml": W})),                                # no content types
    ("broken.docx", zipped({"[Content_Types].xml": TYPES, "word/document.xml": b"<w:document"})),  # not XML
    ("slides.pptx", DOCX),                                                             # a docx named pptx
    ("nomanifest.odp", zipped({"content.xml": ODF_CONTENT},
                              mimetype=b"application/vnd.oasis.opendocument.presentation")),
    ("text.odt", ODP),                                                                 # another ODF type
])
def test_an_office_file_without_its_required_parts_is_refused(name, data):
    with pytest.raises(InvalidValue, match="is not a"):
        check_upload(name, data)


# --- a file is what its extension says: parsed, not judged by its first bytes --------------


@pytest.mark.parametrize("name, data", [
    ("report.pdf", b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"),
    ("report.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),  # no cross-reference table
    ("report.pdf", PDF[: len(PDF) // 2]),                                     # cut in half
    ("map.png", b"\x89PNG\r\n\x1a\n" + bytes(64)),                            # a PNG signature, no image
    ("map.png", PNG[:-20]),                                                   # truncated
    ("photo.jpg", PNG),                                                       # a PNG named .jpg
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"<html>" * 20),
    ("chart.gif", b"GIF89a<script>alert(1)</script>"),
    ("pic.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
    ("notes.txt", b"abc\x00def"),
])
def test_content_that_is_not_its_type_is_refused(name, data):
    with pytest.raises(InvalidValue, match="is not a"):
        check_upload(name, data)


@pytest.mark.parametrize("name, data, mime", [
    ("slides.pdf", PDF, "application/pdf"), ("map.png", PNG, "image/png"), ("photo.jpg", JPEG, "image/jpeg"),
    ("photo.jpeg", JPEG, "image/jpeg"), ("chart.gif", GIF, "image/gif"), ("pic.webp", WEBP, "image/webp"),
])
def test_real_files_of_each_type_pass(name, data, mime):
    assert check_upload(name, data) == (name, mime)


def test_an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded():
    huge = image("PNG", size=(8000, 6000))  # 48 megapixels, a few hundred kB packed
    with pytest.raises(InvalidValue, match="is not a PNG"):
        check_upload("huge.png", huge)


# --- file names: no path parts, no control characters; the notice names the stored file ---


@pytest.mark.parametrize("raw, clean", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\ana\\slides.pdf", "slides.pdf"),
    ("photo\u202egpj.exe", "photogpj.exe"),             # right-to-left override
    ("a\u2066b\u2069c\u200f.md", "abc.md"),             # isolates and marks
    ("tab\tand\nnewline.txt", "tab and newline.txt"),
    ("..hidden.txt", "hidden.txt"),
    ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
])
def test_file_names_are_cleaned(raw, clean):
    assert clean_file_name(raw) == clean


@pytest.mark.parametrize("raw", ["", "../", "\u202e\u202d", "..."])
def test_a_name_with_nothing_left_is_refused(raw):
    with pytest.raises(InvalidValue, match="file name"):
        clean_file_name(raw)


def test_the_stored_name_is_clean_and_the_notice_shows_it(workshop):
    upload = MaterialUpload(workshop.db, workshop.code, workshop.key, EN)
    assert upload.add([("../../etc/passwd.txt", b"not the real one")])
    assert "Added passwd.txt." in upload.notice.value and "../" not in upload.notice.value
    assert upload.add([("notes\u202etxt.md", b"# notes")])
    assert "Added notestxt.md." in upload.notice.value and "\u202e" not in upload.notice.value
    stored = sorted(m.filename for m in store.list_materials(workshop.db, workshop.code))
    assert stored == ["notestxt.md", "passwd.txt"]
    with pytest.raises(InvalidValue, match="is not a"):
        store.add_material(workshop.db, workshop.code, workshop.key, filename="x.pdf",
                           data=b"%PDF-1.7\n<html><script>alert(1)</script></html>")


# --- in a real browser: a 20 MB file is kept back with a sentence ---------------------------


@pytest.mark.browser
def test_a_20_mb_file_gets_a_sentence_in_the_browser_and_is_never_sent(voila, browser):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Uploads", city="Gdansk")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(voila.facilitator(created.workshop.code, created.key), timeout=90_000)
        page.locator(".fk-console-tabs button", has_text="Prepare").click(timeout=90_000)
        button = page.locator(".fk-material-upload-button")
        button.wait_for(timeout=30_000)
        assert "at most 10 MB" in button.inner_text()
        with page.expect_file_chooser() as chooser:
            button.click()
        chooser.value.set_files(files=[{"name": "city-film.pdf", "mimeType": "application/pdf",
                                        "buffer": b"%PDF-1.7\n" + bytes(20 * 1000 * 1000)}])
        page.locator(".fk-material-form .fk-notice-error", has_text="city-film.pdf is 20.0 MB").wait_for(timeout=20_000)
        with page.expect_file_chooser() as chooser:
            button.click()
        chooser.value.set_files(files=[{"name": "slides.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        page.locator(".fk-material-form .fk-notice-ok", has_text="Added slides.pdf").wait_for(timeout=20_000)
        with store.Database(voila.db_url) as db:
            assert [m.filename for m in store.list_materials(db, created.workshop.code)] == ["slides.pdf"]
    finally:
        page.close()
