"""Several cities in one workshop (issue 22) in a real Chromium phone page, in Polish: in round 2 a
participant of one city scores only that city's scenarios (3 × 5 fields, not the other city's too),
and the round-2 vote cards show the votes carried from round 1."""

from __future__ import annotations

import pytest

from conftest import screenshot
from fixtures_ui import set_step
from facilitation import store

pytestmark = pytest.mark.browser

NORTH, SOUTH = "Kościerzyna", "Mińsk Mazowiecki"


@pytest.fixture
def round_two(voila):
    """Round 1 in Polish with two cities as groups and one voted idea each; round 2 from it with each
    city's three scenarios, at the scoring step."""
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Dwa miasta", city="Gdańsk", country="Polska", language="pl")
        one, key = created.workshop, created.key
        tokens = (store.new_secret(), store.new_secret())  # fresh: the server's database is shared
        for n, token in enumerate(tokens):
            store.join(db, one.code, token, f"Osoba {n + 1}")
        north, south = store.split_into_groups(db, one.code, key, 2, "balanced")
        store.rename_group(db, one.code, key, north.id, name=NORTH, city=NORTH)
        store.rename_group(db, one.code, key, south.id, name=SOUTH, city=SOUTH)
        for token, title in zip(tokens, ("Zielone podwórka", "Park nad rzeką")):
            idea = store.add_idea(db, one.code, token, title=title, scale="small", driver="central")
            set_step(db, one.code, key, "vote")
            store.vote(db, one.code, token, idea.id)
        two = store.create_round_two(db, one.code, key, date="2026-04-20")
        code, key2 = two.workshop.code, two.key
        groups = {g.name: g.id for g in store.list_groups(db, two.workshop.id)}
        for city in (NORTH, SOUTH):
            for letter in "ABC":
                store.save_scenario(db, code, key2, name=f"{city} {letter}", group_id=groups[city])
        return code, key2


def test_a_citys_phone_scores_only_its_own_scenarios_in_polish(voila, browser, round_two):
    code, key = round_two
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="pl-PL")
    page = context.new_page()
    try:
        with store.Database(voila.db_url) as db:
            set_step(db, code, key, "vote")
        page.goto(voila.participant(code), timeout=90_000)
        page.locator(".fk-join-submit").wait_for(timeout=90_000)
        page.locator(".fk-join-name input").fill("Ola")
        page.locator(".fk-join-submit").click()
        page.locator(".fk-idea-card").first.wait_for(timeout=60_000)
        carried = page.locator(".fk-count-carried").first
        carried.wait_for(timeout=30_000)
        assert "z poprzedniej rundy" in carried.inner_text()  # round 1's vote, told apart, in Polish
        screenshot(page, "round2-vote-carried-phone-pl")
        with store.Database(voila.db_url) as db:
            set_step(db, code, key, "scoring")
        page.locator(".fk-view-scoring .fk-score-input").first.wait_for(timeout=60_000)
        titles = page.locator(".fk-score-item .fk-sc-itemtitle").all_inner_texts()
        assert len(titles) == 3 and len({t.rsplit(" ", 1)[0] for t in titles}) == 1  # one city's three
        assert page.locator(".fk-score-input select").count() == 3 * 5  # not 2 cities × 3 × 5
        assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # no sideways page
        screenshot(page, "round2-scoring-phone-pl")
    finally:
        context.close()


def test_the_experts_editor_picks_a_city_and_two_saves_make_two_scenarios(voila, browser, round_two):
    code, key = round_two
    with store.Database(voila.db_url) as db:
        expert = store.issue_role_key(db, code, key, "expert", "Ekspertka").key
        wid = store.get_workshop(db, code).id
        south = next(g.id for g in store.list_groups(db, wid) if g.name == SOUTH)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(voila.facilitator(code, expert), timeout=90_000)
        page.locator(".fk-scenario-group select").wait_for(timeout=90_000)
        page.locator(".fk-scenario-group select").select_option(label=SOUTH)
        page.wait_for_function("document.querySelector('.fk-scenario-pick select').options.length === 4")
        for name in ("Mińsk D", "Mińsk E"):  # the second save used to overwrite the first
            page.locator(".fk-scenario-name input").fill(name)
            page.wait_for_timeout(300)  # the typed name reaches the kernel before the click
            page.locator(".fk-scenario-save").click()
            page.wait_for_function("document.querySelector('.fk-scenario-name input').value === ''")
        page.locator(".fk-notice-ok").wait_for(timeout=10_000)
        page.locator(".fk-scenario-group").scroll_into_view_if_needed()
        screenshot(page, "scenario-editor-per-city")
        with store.Database(voila.db_url) as db:
            names = [s.name for s in store.list_scenarios(db, wid) if s.group_id == south]
        assert names == [f"{SOUTH} A", f"{SOUTH} B", f"{SOUTH} C", "Mińsk D", "Mińsk E"]
    finally:
        page.close()
