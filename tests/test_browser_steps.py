"""The challenge map, the stakeholder grid and the scenario comparison in real Chromium pages.

Map tiles are blocked (as on a machine without internet): the city's features must still
show and be editable. Times are measured in the pages (MutationObserver timestamps against
the click time, one browser clock) and printed. Screenshots land in tests/artifacts/.
"""

from __future__ import annotations

import time

import pytest

from benchmarks.harness import arm

from facilitation import store

from conftest import screenshot
from fixtures_ui import set_step

pytestmark = pytest.mark.browser

LOAD = 120_000  # a cold kernel with ipyleaflet or bqplot on a busy 2-core box
WAIT = 20_000

SQUARE = {"type": "Polygon", "coordinates": [[[18.6515, 54.3486], [18.6540, 54.3486], [18.6540, 54.3498],
                                              [18.6515, 54.3498], [18.6515, 54.3486]]]}
RAMPARTS = {"type": "Polygon", "coordinates": [[[18.6420, 54.3480], [18.6440, 54.3480], [18.6440, 54.3510],
                                                [18.6420, 54.3510], [18.6420, 54.3480]]]}
RIVER = {"type": "LineString", "coordinates": [[18.6560, 54.3470], [18.6575, 54.3500], [18.6590, 54.3530]]}
UNDERPASS = {"type": "Point", "coordinates": [18.6445, 54.3530]}

def block_tiles(page) -> list[str]:
    """Fail every map tile request, as without internet; returns the URLs that were refused."""
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    page.route("**/*.png", lambda route: refuse(route) if "tile" in route.request.url else route.continue_())
    return refused


def grow(page, selector: str = ".fk-app", width: int = 1280) -> None:
    """Voila scrolls inside its own container: make the viewport as tall as the app for a screenshot."""
    height = page.evaluate(f"Math.max(document.querySelector('{selector}').scrollHeight, 600)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 6000)})


def join(page, url: str, step: str) -> None:
    page.goto(url, timeout=LOAD)
    page.locator(".fk-join-submit, .fk-view").first.wait_for(timeout=LOAD)
    if page.locator(".fk-join-submit").count():
        page.locator(".fk-join-submit").click()
    page.locator(f".fk-view-{step}").wait_for(timeout=LOAD)


def new_workshop(voila, title: str, step: str | None = None) -> tuple[store.Database, str, str, int]:
    db = store.Database(voila.db_url)
    created = store.create_workshop(db, title=title, city="Gdansk", country="Poland", lat=54.3505, lon=18.6510)
    code, key = created.workshop.code, created.key
    if step is not None:
        set_step(db, code, key, step)
    return db, code, key, created.workshop.id


def test_the_challenge_map_shows_and_edits_its_features_while_tiles_fail(voila, browser):
    db, code, key, wid = new_workshop(voila, "Green and blue city centre")
    try:
        store.save_challenge(db, code, key, title="Too little green and blue infrastructure in the city centre",
                             description="The historic centre heats up in summer and floods after cloudburst rain.",
                             themes=["nature-based solutions", "sustainable mobility"])
        for geometry, label, kind, note in [
                (SQUARE, "Sealed market square", "problem", "Fully paved, no shade."),
                (RIVER, "Motlawa river bank", "opportunity", "Could become a green walkway."),
                (UNDERPASS, "Flooded underpass", "problem", "Water stands for hours."),
                (RAMPARTS, "Old trees on the ramparts", "asset", "The only large canopy.")]:
            store.add_feature(db, code, key, geometry=geometry, label=label, kind=kind, note=note)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        refused = block_tiles(page)
        try:
            t0 = time.monotonic()
            page.goto(voila.page("challenge.ipynb", code=code, key=key), timeout=LOAD)
            shapes = page.locator(".fk-map path.leaflet-interactive")
            shapes.nth(3).wait_for(timeout=LOAD)
            print(f"\n[map] homework page with 4 features drawn in {time.monotonic() - t0:.1f} s; "
                  f"{len(refused)} tile requests refused")
            assert shapes.count() == 4
            labels = page.locator(".fk-map .fk-map-label").all_inner_texts()
            assert sorted(labels) == sorted(["Sealed market square", "Motlawa river bank", "Flooded underpass",
                                             "Old trees on the ramparts"])
            assert page.locator(".fk-feature-card").count() == 4
            assert page.locator(".fk-challenge-title input").input_value().startswith("Too little green")
            assert page.locator(".leaflet-pm-toolbar").count() >= 1  # the drawing tools are there

            # Draw a point with Geoman's circle-marker tool: the kit keeps it with a label of its own.
            page.locator(".leaflet-pm-icon-circle-marker").click()
            box = page.locator(".fk-map").bounding_box()
            page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.3)
            page.locator(".fk-feature-card", has_text="Point 5").wait_for(timeout=WAIT)
            assert page.locator(".fk-feature-label input").input_value() == "Point 5"
            page.locator(".fk-feature-label input").fill("Site for a shaded bus stop")
            page.locator(".fk-feature-kind select").select_option(label="Opportunity")
            page.locator(".fk-feature-note textarea").fill("Room for a green shelter.")
            page.locator(".fk-feature-save").click()
            page.locator(".fk-feature-card", has_text="Site for a shaded bus stop").wait_for(timeout=WAIT)
            page.locator(".fk-map .fk-map-label", has_text="Site for a shaded bus stop").wait_for(timeout=WAIT)
            features = store.list_features(db, wid)
            assert len(features) == 5
            assert (features[-1].label, features[-1].kind, features[-1].note, features[-1].geometry["type"]) == (
                "Site for a shaded bus stop", "opportunity", "Room for a green shelter.", "Point")
            assert page.locator(".fk-map path.leaflet-interactive").count() == 5
            grow(page)
            screenshot(page, "map-step")
        finally:
            page.close()
    finally:
        db.close()


ADD_TIMES: list[float] = []


def test_a_stakeholder_added_on_one_page_shows_on_anothers_grid(voila, browser):
    db, code, key, wid = new_workshop(voila, "Stakeholders of the green centre", step="stakeholders")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        pages = [c.new_page() for c in contexts]
        for page in pages:
            join(page, voila.participant(code), "stakeholders")
            page.locator(".fk-stakeholder-figure svg").first.wait_for(timeout=LOAD)
        a, b = pages
        people = [
            ("City roads department", "Public authority", "5", "4", "Collaborate"),
            ("Old town residents' association", "Civil society & citizens", "2", "5", "Involve"),
            ("Heritage conservator", "Public authority", "5", "5", "Inform"),  # a mismatch
            ("University of Technology", "Knowledge institution", "2", "2", "Consult"),
            ("Shop owners on the market square", "Business", "4", "2", "Consult"),
        ]
        for name, category, power, interest, level in people:
            a.locator(".fk-stakeholder-name input").fill(name)
            a.locator(".fk-stakeholder-category select").select_option(label=category)
            a.locator(".fk-stakeholder-power select").select_option(power)
            a.locator(".fk-stakeholder-interest select").select_option(interest)
            a.locator(".fk-stakeholder-level select").select_option(label=level)
            arm([b], "card", ".fk-stakeholder-card-title", name, contains=True)
            arm([b], "dot", ".fk-stakeholder-figure text.dot_text", name[:12], contains=True)
            t0 = a.evaluate("Date.now()")
            a.locator(".fk-stakeholder-add").click()
            times = []
            for key_ in ("card", "dot"):
                b.wait_for_function("k => window.__fkSeen && (k in window.__fkSeen)", arg=key_, timeout=WAIT)
                times.append((b.evaluate("k => window.__fkSeen[k]", key_) - t0) / 1000)
            ADD_TIMES.append(max(times))
            a.locator(".fk-stakeholder-card-title", has_text=name).wait_for(timeout=WAIT)
        print("\n[stakeholders] added on page A, on page B's grid after: "
              + ", ".join(f"{t:.2f} s" for t in ADD_TIMES) + f" (max {max(ADD_TIMES):.2f} s)")
        # Each stakeholder had to reach page B's list and grid (the waits above); how fast is a
        # benchmark's question (make bench), not a timed assertion on a shared, noisy machine.
        stored = store.list_stakeholders(db, wid)
        assert [(s.name, s.power, s.interest) for s in stored][2] == ("Heritage conservator", 5, 5)
        assert "Heritage conservator" in b.locator(".fk-stakeholder-mismatches").inner_text()
        assert b.locator(".fk-stakeholder-card").count() == 5

        # Page A drags its own dot to another cell; page B sees the stakeholder move.
        dot = a.locator("g.object_grp", has=a.locator("text.dot_text", has_text="University of")).locator("path.dot")
        dot.wait_for(timeout=WAIT)
        start = dot.bounding_box()
        plot = a.locator(".fk-stakeholder-figure rect.plotarea_background").first
        cx, cy = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
        step = plot.bounding_box()["width"] / 5.6  # one score on the 0.2–5.8 axis
        arm([b], "moved", ".fk-stakeholder-card", "Power 4 · Interest 4", contains=True)
        a.mouse.move(cx, cy)
        a.mouse.down()
        a.mouse.move(cx + step, cy - step, steps=8)
        a.mouse.move(cx + 2 * step, cy - 2 * step, steps=8)
        a.mouse.up()
        b.wait_for_function("k => window.__fkSeen && ('moved' in window.__fkSeen)", timeout=WAIT)
        moved = next(s for s in store.list_stakeholders(db, wid) if s.name.startswith("University"))
        assert (moved.power, moved.interest) == (4, 4)
        grow(b)
        screenshot(b, "stakeholder-grid")
    finally:
        for c in contexts:
            c.close()
        db.close()


def test_the_scenario_comparison_renders_for_participants(voila, browser):
    db, code, key, wid = new_workshop(voila, "Scenarios for the green centre")
    try:
        tokens = [store.new_secret() for _ in range(3)]
        for token in tokens:
            store.join(db, code, token)
        ideas = [store.add_idea(db, code, tokens[i % 3], title=t, scale=s, driver=d) for i, (t, s, d) in enumerate([
            ("Depave and plant the market square", "small", "central"),
            ("Riverside walkway instead of parking", "large", "central"),
            ("Temporary parklets trial", "small", "central"),
            ("Sponge-city drainage plan", "large", "central"),
            ("Green roofs subsidy for the old town", "large", "individual"),
            ("Rain barrels for every courtyard", "small", "individual")])]
        for token, picks in zip(tokens, [(0, 1, 3), (0, 1, 2), (0, 4, 5)]):
            for i in picks:
                store.vote(db, code, token, ideas[i].id)
        store.save_scenario(db, code, key, name="Quick green wins", narrative=(
            "Small, fast and visible: trial parklets and depaving this summer, rain barrels to involve residents."),
            idea_ids=[ideas[i].id for i in (0, 2, 5)], case_studies=[{
                "title": "Temporary street changes", "city": "Leuven", "link": "https://example.org/leuven",
                "lesson": "Trial a change for a season before building it."}])
        store.save_scenario(db, code, key, name="Sponge centre", narrative=(
            "A structural plan: the river bank becomes a green walkway and a drainage plan holds rain water."),
            idea_ids=[ideas[i].id for i in (1, 3, 4, 0)], case_studies=[{
                "title": "Forest inventory and peat field restoration", "city": "Lahti",
                "lesson": "Nature stores carbon and protects from floods."}])
        set_step(db, code, key, "scenarios")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            join(page, voila.participant(code), "scenarios")
            table = page.locator(".fk-scenario-compare table.fk-compare")
            table.wait_for(timeout=LOAD)
            assert page.locator(".fk-scenario-card .fk-scenario-card-title").all_inner_texts() == [
                "Quick green wins", "Sponge centre"]
            rows = [r.strip() for r in page.locator(".fk-compare .fk-compare-rowhead").all_inner_texts() if r.strip()]
            assert [r.lower() for r in rows] == ["narrative", "ideas", "scale × driver", "votes carried",
                                                 "case studies"]
            votes = page.locator(".fk-compare-votes .fk-votes-carried b").all_inner_texts()
            assert votes == ["5", "7"]
            assert page.locator(".fk-compare a[href='https://example.org/leuven']").count() == 1
            assert page.locator(".fk-scenario-save").count() == 0  # read-only for participants
            grow(page)
            screenshot(page, "scenario-comparison")
        finally:
            page.close()
    finally:
        db.close()
