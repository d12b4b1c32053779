"""Impact scoring in real Chromium pages: three participants score, the facilitator sees it live."""

from __future__ import annotations

import time

import pytest

from conftest import ARTIFACTS, screenshot
from fixtures_ui import set_step
from facilitation import store

pytestmark = pytest.mark.browser

GREEN = "Green corridors along the Motława"
CAR = "Car-free historic centre"
# What each participant chooses, criterion by criterion (template order: CO2 reduction, Green and blue
# infrastructure, Social acceptance, Cost, Time to implement), for the two scenarios in order.
CHOICES = [
    {GREEN: ["4", "5 (highest)", "4", "2", "3"], CAR: ["3", "1", "1", "2", "1"]},
    {GREEN: ["5 (highest)", "4", "3", "3", "2"], CAR: ["4", "1", "4", "1", "1"]},
    {GREEN: ["3", "4", "Don’t know", "2", "3"], CAR: ["2", "0 (lowest)", "0 (lowest)", "3", "2"]},
]


def grow(page, selector: str, width: int) -> None:
    """Voila scrolls inside its own container: make the viewport as tall as the content."""
    height = page.evaluate(f"Math.max(document.body.scrollHeight, document.querySelector('{selector}').scrollHeight)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 60, 9000)})


def text_of(page, selector: str) -> str:
    return page.locator(selector).first.inner_text()


@pytest.fixture
def scoring_workshop(voila):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Green and blue centre", city="Gdańsk", country="Poland")
        code, key = created.workshop.code, created.key
        store.save_scenario(db, code, key, name=GREEN,
                            narrative="Trees, rain gardens and shaded walking routes along the river.")
        store.save_scenario(db, code, key, name=CAR, narrative="A pedestrian core with park-and-ride and cargo bikes.")
        set_step(db, code, key, "scoring")
    return code, key


def test_three_participants_score_and_the_facilitator_sees_it_live(voila, browser, scoring_workshop):
    code, key = scoring_workshop
    facilitator = browser.new_page(viewport={"width": 1400, "height": 900})
    contexts = [browser.new_context(viewport={"width": 420, "height": 900}) for _ in CHOICES]
    try:
        facilitator.goto(voila.facilitator(code, key), timeout=90_000)
        facilitator.locator(".fk-ranking").wait_for(timeout=90_000)
        assert "0 of 0 participants have scored" in text_of(facilitator, ".fk-scoring-progress")

        pages = []
        for n, context in enumerate(contexts):
            page = context.new_page()
            page.goto(voila.participant(code), timeout=90_000)
            page.locator(".fk-join-submit").wait_for(timeout=90_000)
            page.locator(".fk-join-name input").fill(f"Tester {n + 1}")
            page.locator(".fk-join-submit").click()
            page.locator(".fk-view-scoring .fk-score-input").first.wait_for(timeout=60_000)
            pages.append(page)

        submitted = 0.0
        for page, choices in zip(pages, CHOICES):
            selects = page.locator(".fk-score-input select")
            assert selects.count() == 2 * 5
            labels = choices[GREEN] + choices[CAR]
            for k, label in enumerate(labels):
                selects.nth(k).select_option(label=label)
            page.wait_for_timeout(300)  # the last choice reaches the kernel before the click
            submitted = time.monotonic()
            page.locator(".fk-score-submit").click()
            page.locator(".fk-notice-ok").wait_for(timeout=10_000)

        # The facilitator's group view shows all three within 1 s of the last submit.
        facilitator.wait_for_function(
            "() => { const p = document.querySelector('.fk-scoring-progress');"
            " const a = document.querySelector('.fk-agreement');"
            " return p && p.innerText.includes('3 of 3 participants have scored')"
            " && a && a.innerText.includes('rankings of 3 participants'); }",
            timeout=10_000, polling=20)
        latency = time.monotonic() - submitted
        print(f"group view updated {latency:.2f} s after the last submit")
        assert latency < 1.0, f"the group view took {latency:.2f} s"

        ranking = text_of(facilitator, ".fk-ranking")
        assert ranking.index(GREEN) < ranking.index(CAR)
        agreement = text_of(facilitator, ".fk-agreement")
        assert "Strong agreement" in agreement and "Most contested:" in agreement
        # Don't know is kept apart: the third participant's answer shows as "? 1", never as a zero.
        assert "? 1" in text_of(facilitator, ".fk-score-chart-grid")

        # What the database holds matches what was chosen (don't know as no value).
        with store.Database(voila.db_url) as db:
            rows = store.score_rows(db, store.get_workshop(db, code).id)
        assert len(rows) == 30 and sum(r["dont_know"] for r in rows) == 1

        facilitator.locator(".fk-robustness-verdict").wait_for()
        grow(facilitator, ".fk-console", 1400)
        facilitator.wait_for_timeout(400)
        screenshot(facilitator, "group-view")

        # A weight slider re-ranks at once in the robustness panel (the workshop weights stay).
        handle = facilitator.locator(".fk-weight-slider .noUi-handle").first
        handle.focus()
        for _ in range(6):
            handle.press("ArrowLeft")
        facilitator.wait_for_function(
            "() => document.querySelector('.fk-weight-slider .widget-readout').innerText.trim() === '0.0'",
            timeout=5_000)
        # The kernel re-ranks with the new weight: CO2's share of the total drops to 0 %.
        facilitator.wait_for_function(
            "() => document.querySelector('.fk-weight-share').innerText.trim().startsWith('0')", timeout=5_000)
        facilitator.wait_for_timeout(1000)  # tipping points and stability follow just after the ranking
        facilitator.locator(".fk-robustness").screenshot(path=str(ARTIFACTS / "robustness.png"))
        with store.Database(voila.db_url) as db:
            assert store.list_criteria(db, store.get_workshop(db, code).id)[0].weight == 3

        # Participants see the results once the facilitator reveals them.
        facilitator.locator(".fk-results-reveal").click()
        pages[0].locator(".fk-view-scoring .fk-ranking").wait_for(timeout=5_000)
        assert GREEN in text_of(pages[0], ".fk-ranking")
        grow(pages[0], ".fk-view-scoring", 420)
        pages[0].evaluate("document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
        screenshot(pages[0], "scoring-participant")
    finally:
        facilitator.close()
        for context in contexts:
            context.close()
