"""The practice library form in Voila and Chromium (issue 22, point 7): the organiser adds a practice on
the programme page and finds it in the library. Screenshot: tests/artifacts/practice-library-form.png."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS

from facilitation import store

pytestmark = pytest.mark.browser
LOAD_TIMEOUT = 90_000
NAME = "Practice library (browser)"


@pytest.fixture(scope="module")
def org(voila) -> str:  # noqa: ANN001 - the conftest fixture
    with store.Database(voila.db_url) as db:
        key = store.issue_organiser_key(db, "browser practices")
        store.create_programme(db, key, name=NAME, themes=["water", "mobility"])
        store.add_practice(db, key, title="Green roofs on tram shelters", city="Vienna", country="Austria",
                           year=2019, lesson="Co-fund them with owners.", themes=["heat"])
        return key


def test_the_organiser_adds_a_practice_with_the_form(voila, browser, org) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(voila.page("programme.ipynb", key=org, programme=NAME), timeout=LOAD_TIMEOUT)
        form = page.locator(".fk-practice-form")
        form.wait_for(timeout=LOAD_TIMEOUT)
        for cls, value in (("fk-practice-title", "Temporary street changes"), ("fk-practice-city", "Leuven"),
                           ("fk-practice-country", "Belgium"), ("fk-practice-year", "2021"),
                           ("fk-practice-source", "https://www.leuven.be/"),
                           ("fk-practice-lesson-input", "Trial a change for a season before building it."),
                           ("fk-practice-themes", "mobility, public space")):
            page.locator(f".{cls} input").fill(value)
        page.locator(".fk-practice-description textarea").fill(
            "Parklets and planters tried on three streets for one summer, then kept where people used them.")
        page.locator(".fk-practice-save").click()
        page.locator(".fk-practice-form .fk-notice-ok").wait_for(timeout=20_000)
        results = page.locator(".fk-practice-results")
        results.locator(".fk-practice", has_text="Temporary street changes").wait_for(timeout=20_000)
        assert "Leuven, Belgium, 2021" in results.inner_text()
        assert page.locator(".fk-practice-title input").input_value() == ""  # emptied for the next one
        # Fill the form again (not saved) so the screenshot shows it in use.
        page.locator(".fk-practice-title input").fill("Forest inventory and peat field restoration")
        page.locator(".fk-practice-city input").fill("Lahti")
        page.locator(".fk-practice-themes input").fill("nature-based solutions, water")
        # Voila scrolls inside its own container: grow the viewport so the whole section is on screen.
        height = page.evaluate("document.querySelector('.fk-app').scrollHeight")
        page.set_viewport_size({"width": 1100, "height": min(int(height) + 80, 9000)})
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".fk-programme-practices-section").screenshot(path=str(ARTIFACTS / "practice-library-form.png"))
        with store.Database(voila.db_url) as db:
            saved = [p for p in store.search_practices(db, "leuven") if p.title == "Temporary street changes"]
        assert [(p.year, p.themes) for p in saved] == [(2021, ("mobility", "public space"))]
    finally:
        page.close()
