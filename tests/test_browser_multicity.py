"""Two cities in one workshop over two rounds, in real Chromium (seed 000; issue 22's "Must show").

The expert workshop for one country: Kościerzyna and Mińsk Mazowiecki work as two groups, each with its
own challenge and homework link. Round 1's ideas and votes come through the store (as phones would
send them); then in the browser: each city's homework map opens on its city, the facilitator creates
round 2 from round 1 on the console's Prepare tab, and one phone per city (360 px, Polish) sees the
carried votes on its round-2 cards and scores only its own city's scenarios. The export and the report
carry each group's challenge and results. Screenshot: tests/artifacts/round2-scoring-pl-360.png.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from facilitation import store
from facilitation.domain.gazetteer import lookup
from facilitation.outputs.export import export_workshop

from conftest import screenshot
from fixtures_ui import set_step

pytestmark = pytest.mark.browser

LOAD = 120_000  # a cold kernel on a busy 2-core box
WAIT = 30_000
PHONE = {"width": 360, "height": 780}
CITIES = {  # group (city) -> its challenge, its people, their ideas (the first gets most dots)
    "Kościerzyna": ("Jeziora i zielone śródmieście", ("Kasia", "Tomek"),
                    ("Ogrody deszczowe przy jeziorze", "Zielone torowisko")),
    "Mińsk Mazowiecki": ("Ruch samochodowy w centrum", ("Marek", "Ola"),
                         ("Parkuj i jedź przy stacji", "Strefa tempo 30")),
}
SCENARIOS = {"Kościerzyna": ("Zielony pierścień jezior", "Centrum bez aut"),
             "Mińsk Mazowiecki": ("Węzeł przesiadkowy", "Zielone ulice szkolne")}


def point(city: str) -> dict:
    place = lookup(city, "Poland")
    assert place is not None, city
    return {"type": "Point", "coordinates": [place.lon, place.lat]}


def round_one(db: store.Database) -> dict:
    """Round 1 as the seed runs it: two city groups with their challenges, ideas and votes."""
    created = store.create_workshop(db, title="Warsztat ekspercki: Polska", city="Mińsk Mazowiecki",
                                    country="Poland", language="pl", date="2026-03-10")
    code, key = created.workshop.code, created.key
    room = {"code": code, "key": key, "groups": {}, "city_keys": {}, "ideas": {}}
    # The workshop's own map shows the town hall of the workshop's city (before the groups split the work).
    store.add_feature(db, code, key, geometry=point("Mińsk Mazowiecki"), label="Ratusz w Mińsku")
    for city, (challenge, people, ideas) in CITIES.items():
        group = store.create_group(db, code, key, name=city, city=city)
        room["groups"][city] = group.id
        store.save_group_challenge(db, code, key, group.id, title=challenge, text=f"{city}: wyzwanie miasta.")
        city_key = store.issue_role_key(db, code, key, "city", label=city, group_id=group.id).key
        room["city_keys"][city] = city_key
        store.add_feature(db, code, city_key, geometry=point(city), label=f"Centrum: {city}")  # the homework
        for name in people:
            token = f"token-{name.lower()}-{code.lower()}-0123456789"
            person = store.join(db, code, token, name)
            store.move_participant(db, code, key, person.id, group.id)
            room.setdefault("tokens", {})[name] = token
    set_step(db, code, key, "brainstorm")
    for city, (_challenge, people, ideas) in CITIES.items():
        for name, title in zip(people, ideas):
            room["ideas"][title] = store.add_idea(db, code, room["tokens"][name], title=title, scale="small",
                                                  driver="central").id
    set_step(db, code, key, "vote")
    for city, (_challenge, people, ideas) in CITIES.items():
        for name in people:  # both dots of the group on its first idea: 2 votes to carry
            store.vote(db, code, room["tokens"][name], room["ideas"][ideas[0]])
    return room


def inside(page, label: str) -> float:
    """How far the map label ``label`` sits from the map's centre, as a share of the map's width (inf: not shown)."""
    return page.evaluate("""(label) => {
        const map = document.querySelector('.fk-map .leaflet-container') || document.querySelector('.leaflet-container');
        const el = [...document.querySelectorAll('.fk-map-label')].find(e => e.textContent.trim() === label);
        if (!map || !el) return Infinity;
        const m = map.getBoundingClientRect(), r = el.getBoundingClientRect();
        if (r.right < m.left || r.left > m.right || r.bottom < m.top || r.top > m.bottom) return Infinity;
        const dx = (r.left - (m.left + m.width / 2)), dy = (r.top - (m.top + m.height / 2));
        return Math.sqrt(dx * dx + dy * dy) / m.width;
    }""", label)


def grow(page, width: int) -> None:
    """Voila scrolls inside its own container: make the viewport as tall as the app for a screenshot."""
    height = page.evaluate("Math.max(document.querySelector('.fk-app').scrollHeight, 600)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 8000)})


def test_two_cities_in_two_rounds(voila, browser, tmp_path):
    db = store.Database(voila.db_url)
    room = round_one(db)
    code, key = room["code"], room["key"]
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    phones = []
    try:
        # Each city's homework map opens on its own city, not on the workshop's (Mińsk Mazowiecki).
        for city in CITIES:
            page = desk.new_page()
            page.goto(voila.page("challenge.ipynb", code=code, key=room["city_keys"][city]), timeout=LOAD)
            page.locator(".fk-map-label", has_text=f"Centrum: {city}").wait_for(timeout=LOAD)
            page.wait_for_timeout(500)
            assert inside(page, f"Centrum: {city}") < 0.25, f"{city}'s homework map does not open on {city}"
            grow(page, 1280)
            if city == "Kościerzyna":  # Mińsk is ~300 km away: off this map
                assert inside(page, "Ratusz w Mińsku") == float("inf")
            screenshot(page, f"multicity-homework-{city.split()[0].lower()}")
            page.close()

        # Round 2 from round 1, on the console's Prepare tab: its date and its steps (all but the welcome).
        console = desk.new_page()
        console.goto(voila.facilitator(code, key), timeout=LOAD)
        console.locator(".fk-console-tabs button").nth(1).click(timeout=LOAD)
        console.locator(".fk-round-two-date input").fill("2026-04-21", timeout=WAIT)
        console.wait_for_timeout(400)  # the date reaches the kernel before the click
        console.locator(".fk-round-two-create").click()
        console.locator(".fk-round-two-join").wait_for(timeout=WAIT)
        join_url = console.locator(".fk-round-two-join").get_attribute("href")
        console_url = console.locator(".fk-round-two-console").get_attribute("href")
        console.close()
        two = store.next_round(db, store.get_workshop(db, code).id)
        assert two is not None and two.round == 2 and two.date.isoformat() == "2026-04-21"
        assert two.title == "Warsztat ekspercki: Polska — runda 2"  # named in the workshop's language
        assert f"code={two.code}" in join_url
        key2 = console_url.split("key=")[1].split("&")[0]
        assert store.is_facilitator(db, two.code, key2)
        assert "waiting" not in [a.step for a in store.agenda(db, two.id)]  # round 2 starts with the work
        groups2 = {g.city: g for g in store.list_groups(db, two.id)}
        assert set(groups2) == set(CITIES)
        assert {g.challenge_title for g in groups2.values()} == {c[0] for c in CITIES.values()}

        # The expert's scenarios, per city, built on that city's carried ideas.
        expert = store.issue_role_key(db, two.code, key2, "expert", label="Generation.Energy").key
        carried = {i.title: i for i in store.list_ideas(db, two.id, facilitator=True)}
        for city, names in SCENARIOS.items():
            own = [carried[t].id for t in CITIES[city][2]]
            for name in names:
                store.save_scenario(db, two.code, expert, name=name, narrative=f"{name}: {city}.", idea_ids=own,
                                    group_id=groups2[city].id)

        # One phone per city joins round 2 and is put in its city's group.
        for city in CITIES:
            ctx = browser.new_context(viewport=PHONE)
            phone = ctx.new_page()
            phones.append((ctx, phone, city))
            phone.goto(join_url, timeout=LOAD)
            phone.locator(".fk-join-name input").fill(f"Gość z {city}", timeout=LOAD)
            phone.locator(".fk-join-submit").click()
            phone.locator(".fk-whoami", has_text="Gość").wait_for(timeout=WAIT)
        people = {p.shown_name: p.participant_id for p in store.joined(db, two.code, key2)}
        for city in CITIES:
            store.move_participant(db, two.code, key2, people[f"Gość z {city}"], groups2[city].id)

        # Carried votes on the round-2 cards: each city's first idea shows its 2 dots from round 1.
        set_step(db, two.code, key2, "vote")
        for _ctx, phone, city in phones:
            first, second = CITIES[city][2]
            card = phone.locator(".fk-idea-card", has_text=first)
            card.wait_for(timeout=WAIT)
            assert "2" in card.locator(".fk-vote-count").inner_text()
            assert phone.locator(".fk-idea-card", has_text=second).locator(".fk-vote-count").inner_text().strip() \
                .startswith("0")
            other = next(c for c in CITIES if c != city)
            assert phone.locator(".fk-idea-card", has_text=CITIES[other][2][0]).count() == 0

        # Scoring: each city's phone scores only its own two scenarios (2 x 5 criteria), nothing of the other.
        set_step(db, two.code, key2, "scoring")
        criteria = len(store.list_criteria(db, two.id))
        for n, (_ctx, phone, city) in enumerate(phones):
            selects = phone.locator(".fk-score-input select")
            selects.first.wait_for(timeout=WAIT)
            assert selects.count() == len(SCENARIOS[city]) * criteria
            shown = phone.locator(".fk-view-scoring").inner_text()
            other = next(c for c in CITIES if c != city)
            assert all(name in shown for name in SCENARIOS[city])
            assert not any(name in shown for name in SCENARIOS[other])
            for k in range(selects.count()):
                selects.nth(k).select_option(index=1 + (k + n) % 6)  # 0…5, never "Choose…"
            phone.wait_for_timeout(400)  # the last choice reaches the kernel before the click
            phone.locator(".fk-score-submit").click()
            phone.locator(".fk-notice-ok").wait_for(timeout=WAIT)
            if city == "Kościerzyna":
                grow(phone, PHONE["width"])
                phone.wait_for_timeout(300)
                screenshot(phone, "round2-scoring-pl-360")
                phone.set_viewport_size(PHONE)
        scenario_group = {s.id: s.group_id for s in store.list_scenarios(db, two.id)}
        for city in CITIES:
            pid = people[f"Gość z {city}"]
            mine = [sc for sc in store.list_scores(db, two.id) if sc.participant_id == pid]
            assert len(mine) == len(SCENARIOS[city]) * criteria
            assert {scenario_group[sc.item_id] for sc in mine} == {groups2[city].id}
    finally:
        for ctx, _phone, _city in phones:
            ctx.close()
        desk.close()

    # The export and the report: each group's challenge and results.
    out = Path(tmp_path) / "round2"
    export_workshop(db, two.code, out)
    with open(out / "groups.csv", newline="", encoding="utf-8") as f:
        challenges = {r["group_city"]: r["challenge_title"] for r in csv.DictReader(f)}
    assert challenges == {city: c[0] for city, c in CITIES.items()}
    with open(out / "scores.csv", newline="", encoding="utf-8") as f:
        scored = {r["group"] for r in csv.DictReader(f)}
    assert scored == set(CITIES)
    with open(out / "ideas.csv", newline="", encoding="utf-8") as f:
        votes = {r["title"]: int(r["votes"]) for r in csv.DictReader(f)}
    assert all(votes[c[2][0]] == 2 for c in CITIES.values())  # the carried votes count
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.count('class="fk-report-group-challenge"') == 2
    assert report.count('class="fk-report-group-results"') == 2
    for city, names in SCENARIOS.items():
        assert CITIES[city][0] in report and all(name in report for name in names)
    db.close()
