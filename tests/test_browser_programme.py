"""The programme view in Voila and Chromium: the organiser sees the calendar and the venue map and
downloads a material (the bytes arrive intact); a participant sees and downloads their workshop's
materials. Screenshots in English and in Polish (the consortium programme of the demo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import screenshot
from facilitation import store
from facilitation.demo_programmes import load_demo_programmes
from test_ui_programme import build_programme
from test_ui_materials import PDF

pytestmark = pytest.mark.browser
LOAD_TIMEOUT = 90_000
NAME = "Green cities (browser)"
POLISH = "MULTIPLY – spotkania konsorcjum"


def whole_page(page) -> None:
    """Voila scrolls inside its own container: grow the viewport so a screenshot shows everything."""
    height = page.evaluate("document.querySelector('.fk-app').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 80, 9000)})


@pytest.fixture(scope="module")
def world(voila):
    with store.Database(voila.db_url) as db:
        # Fresh device tokens: the server's database is shared with the other browser tests.
        tokens = (store.new_secret(), store.new_secret())
        built = build_programme(db, name=NAME, description="Four cities learn from each other: a sample programme.",
                                tokens=tokens)
        load_demo_programmes(db)
        return built


def test_the_organiser_sees_calendar_and_map_and_downloads_a_material(voila, browser, world):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        page.goto(voila.page("programme.ipynb", key=world.org, programme=NAME), timeout=LOAD_TIMEOUT)
        calendar = page.locator(".fk-programme-calendar")
        calendar.wait_for(timeout=LOAD_TIMEOUT)
        text = calendar.inner_text()
        assert "Onboarding" in text and "Kick-off in Gdansk" in text and "2026-03-10 – 2026-03-11" in text
        assert "Partner meeting" in text
        # The map draws the venue's marker without tiles; the list names every venue, the online one too.
        venues = page.locator(".fk-programme-map")
        venues.locator("path.leaflet-interactive").first.wait_for(timeout=20_000)
        assert venues.locator(".fk-map-label").first.inner_text() == "Gdansk"
        assert "City hall" in venues.inner_text() and "Video call" in venues.inner_text()
        assert page.locator(".fk-programme-workshop").count() == 2
        link = page.locator(".fk-material-link", has_text="Opening slides")
        assert link.get_attribute("download") == "slides.pdf"
        with page.expect_download(timeout=20_000) as info:
            link.click()
        download = info.value
        assert download.suggested_filename == "slides.pdf"
        assert Path(download.path()).read_bytes() == PDF
        # The printable agenda is a material too.
        with page.expect_download(timeout=20_000) as info:
            page.locator(".fk-material-link", has_text="Agenda (printable)").first.click()
        assert b"Kick-off in Gdansk" in Path(info.value.path()).read_bytes()
        page.locator(".fk-practice-search input").fill("rain")
        page.locator(".fk-practice-results", has_text="Start with one street.").wait_for(timeout=10_000)
        page.locator(".fk-practice-search input").fill("")
        page.locator(".fk-practice-results", has_text="Green roofs").wait_for(timeout=10_000)
        whole_page(page)
        screenshot(page, "programme-en")
    finally:
        page.close()


def test_the_polish_programme_speaks_polish(voila, browser, world):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(voila.page("programme.ipynb", key=world.org, programme=POLISH), timeout=LOAD_TIMEOUT)
        page.locator(".fk-programme-calendar").wait_for(timeout=LOAD_TIMEOUT)
        assert "Radolfzell" in page.locator(".fk-programme-calendar").inner_text()
        assert page.locator(".fk-programme-workshops-section h2").inner_text().lower() == "warsztaty"
        page.locator(".fk-programme-map path.leaflet-interactive").first.wait_for(timeout=20_000)
        assert page.locator(".fk-action-item").count() >= 1
        whole_page(page)
        screenshot(page, "programme-pl")
    finally:
        page.close()


def test_a_participant_sees_and_downloads_their_materials(voila, browser, world):
    page = browser.new_page(viewport={"width": 420, "height": 900}, accept_downloads=True)
    try:
        page.goto(voila.participant(world.city_code), timeout=LOAD_TIMEOUT)
        page.locator(".fk-join-name input").wait_for(timeout=LOAD_TIMEOUT)
        page.fill(".fk-join-name input", "Marta")
        page.click(".fk-join-submit")
        link = page.locator(".fk-participant-materials .fk-material-link", has_text="Opening slides")
        link.wait_for(timeout=30_000)
        with page.expect_download(timeout=20_000) as info:
            link.click()
        assert Path(info.value.path()).read_bytes() == PDF
        screenshot(page, "programme-participant-materials")
    finally:
        page.close()


def test_without_the_organiser_key_nothing_shows(voila, browser, world):
    page = browser.new_page()
    try:
        page.goto(voila.page("programme.ipynb", key=world.city_key), timeout=LOAD_TIMEOUT)
        page.locator(".fk-programme-locked").wait_for(timeout=LOAD_TIMEOUT)
        assert page.locator(".fk-programme-calendar").count() == 0
        assert "Opening slides" not in page.content()
    finally:
        page.close()


def test_the_facilitator_uploads_and_the_participant_sees_it_live(voila, browser, world):
    guest = browser.new_page(viewport={"width": 420, "height": 900})
    fac = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        guest.goto(voila.participant(world.meeting_code), timeout=LOAD_TIMEOUT)
        guest.locator(".fk-join-name input").wait_for(timeout=LOAD_TIMEOUT)
        guest.fill(".fk-join-name input", "Jan")
        guest.click(".fk-join-submit")
        record = guest.locator(".fk-participant-materials .fk-meeting-read")
        record.wait_for(timeout=30_000)
        assert "Book the hall" in record.inner_text() and guest.locator("li.fk-action-item").count() == 1

        fac.goto(voila.facilitator(world.meeting_code, world.meeting_key), timeout=LOAD_TIMEOUT)
        fac.locator(".fk-console-tabs button", has_text="Prepare").click()
        fac.locator(".fk-material-upload").wait_for(timeout=30_000)  # the record itself: a Decisions step (issue 24)
        with fac.expect_file_chooser() as chooser:
            fac.locator(".fk-material-upload").click()
        chooser.value.set_files(files=[{"name": "tool.exe", "mimeType": "application/octet-stream",
                                        "buffer": b"MZ\x90\x00binary"}])
        fac.locator(".fk-material-form .fk-notice-error", has_text="cannot be attached").wait_for(timeout=20_000)
        fac.fill(".fk-material-title input", "Minutes of the call")
        with fac.expect_file_chooser() as chooser:
            fac.locator(".fk-material-upload").click()
        chooser.value.set_files(files=[{"name": "minutes.md", "mimeType": "text/markdown",
                                        "buffer": "# Minutes\nWe met.".encode()}])
        fac.locator(".fk-materials-panel .fk-material-link", has_text="Minutes of the call").wait_for(timeout=20_000)
        # Live on the participant's page, without a reload; and the new action item too.
        guest.locator(".fk-material-link", has_text="Minutes of the call").wait_for(timeout=20_000)
        with store.Database(voila.db_url) as db:  # recorded in a Decisions step (tests/test_ui_meeting_steps.py)
            store.add_action(db, world.meeting_code, world.meeting_key, text="Send the minutes")
        guest.locator("li.fk-action-item", has_text="Send the minutes").wait_for(timeout=20_000)
        whole_page(fac)
        screenshot(fac, "programme-console-meeting")
        whole_page(guest)
        screenshot(guest, "programme-participant-meeting")
    finally:
        fac.close()
        guest.close()
