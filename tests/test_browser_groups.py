"""Breakout groups in real Chromium (issue 14): four participants in their own browser contexts, the
facilitator splits them into two groups on the console, each page shows only its group's ideas, the
console shows both groups, the plenary brings them together, and ``ideas.csv`` names every idea's
group; back in groups each group scores on its own and the console shows one group's results.
Screenshots tests/artifacts/console-groups.png, plenary.png and scoring-per-group.png are for a person to look at.
"""

from __future__ import annotations

import csv

import pytest

from facilitation import store
from facilitation.domain.groups import group_label
from facilitation.outputs.export import export_workshop

from conftest import screenshot

pytestmark = pytest.mark.browser

LOAD = 90_000  # a cold kernel on a busy 2-core box
WAIT = 20_000
PEOPLE = {"Anna": "Tram priority on Grunwaldzka", "Bartek": "Rain gardens on school yards",
          "Celina": "Shade trees on the market square", "Dawid": "Night bus to the harbour"}


def grow_viewport(page, width: int) -> None:
    """Voila scrolls inside its own container: make the viewport as tall as the app for a screenshot."""
    page.set_viewport_size({"width": width, "height": 900})
    height = page.evaluate("Math.max(document.querySelector('.fk-app').scrollHeight, 600)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 6000)})


def wall_titles(page) -> set[str]:
    return {t.strip() for t in page.locator(".fk-wall .fk-idea-card-title").all_inner_texts()}


def test_groups_split_work_apart_and_meet_in_plenary(voila, browser, tmp_path):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Green and blue city centre", city="Gdansk", country="Poland")
        code, key = created.workshop.code, created.key
    contexts = []
    try:
        console_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(console_ctx)
        fac = console_ctx.new_page()
        fac.goto(voila.facilitator(code, key), timeout=LOAD)
        phones = {}
        for name in PEOPLE:  # each participant in a browser context of their own (own device token)
            ctx = browser.new_context(viewport={"width": 420, "height": 900})
            contexts.append(ctx)
            phone = ctx.new_page()
            phone.goto(voila.participant(code), timeout=LOAD)
            phones[name] = phone
        for name, phone in phones.items():
            phone.locator(".fk-join-name input").fill(name, timeout=LOAD)
            phone.click(".fk-join-submit")
            phone.locator(".fk-whoami", has_text=name).wait_for(timeout=WAIT)
        # the facilitator splits the room into two groups on the Groups tab
        fac.get_by_role("button", name="Groups", exact=True).click(timeout=LOAD)
        fac.locator(".fk-joined-name", has_text="Dawid").wait_for(timeout=WAIT)
        fac.locator(".fk-group-count input").fill("2")
        fac.locator(".fk-group-mode select").select_option(label="Balanced (mix organisations)")
        fac.click(".fk-group-split")
        fac.locator(".fk-group-card").nth(1).wait_for(timeout=WAIT)
        assert fac.locator(".fk-group-card").count() == 2
        with store.Database(voila.db_url) as db:
            wid = store.get_workshop(db, code).id
            groups = store.list_groups(db, wid)
            members = store.memberships(db, wid)
            by_name = {p.shown_name: p.participant_id for p in store.joined(db, code, key)}
            store.rename_group(db, code, key, groups[0].id, name="Mobility", city="Gdańsk")
            store.rename_group(db, code, key, groups[1].id, name="Green and blue", city="Sopot")
            group_of = {name: members[by_name[name]] for name in PEOPLE}
            labels = {g.id: group_label(store.get_group(db, g.id)) for g in groups}
            store.set_phase(db, code, key, 2)  # the brainstorm, for everyone
        assert sorted(group_of.values()).count(groups[0].id) == 2
        for name, phone in phones.items():
            phone.locator(".fk-group-name", has_text=labels[group_of[name]]).wait_for(timeout=WAIT)
            phone.locator(".fk-idea-title input").fill(PEOPLE[name], timeout=WAIT)
            phone.select_option(".fk-idea-scale select", index=1)
            phone.select_option(".fk-idea-driver select", index=1)
            phone.click(".fk-idea-submit")
        # each page shows its own group's ideas and no other
        for name, phone in phones.items():
            mine = {PEOPLE[n] for n in PEOPLE if group_of[n] == group_of[name]}
            phone.locator(".fk-wall .fk-idea-card").nth(1).wait_for(timeout=WAIT)
            phone.wait_for_timeout(300)  # let a late third card show, if one were coming
            assert wall_titles(phone) == mine, name
        grow_viewport(phone, 420)
        screenshot(phone, "participant-group-phone")
        # the console: both groups with their members and activity
        for g in groups:
            info = fac.locator(f".fk-group-id-{g.id} .fk-group-card-info", has_text="2 ideas")
            info.wait_for(timeout=WAIT)
            assert labels[g.id] in info.inner_text()
        grow_viewport(fac, 1280)
        screenshot(fac, "console-groups")
        # the plenary: one toggle, and everyone sees both groups
        fac.click(".fk-group-plenary")
        fac.locator(".fk-plenary .fk-plenary-group").nth(1).wait_for(timeout=WAIT)
        assert fac.locator(".fk-plenary .fk-plenary-group").count() == 2
        for phone in phones.values():
            phone.locator(".fk-wall .fk-idea-card").nth(3).wait_for(timeout=WAIT)
            assert wall_titles(phone) == set(PEOPLE.values())
        fac.get_by_role("button", name="Run the session").click()
        fac.locator(".fk-console-run .fk-plenary .fk-plenary-group").nth(1).wait_for(timeout=WAIT)
        grow_viewport(fac, 1280)
        screenshot(fac, "plenary")
        # back in groups, each group scores on its own; the console shows one group's results at a time
        with store.Database(voila.db_url) as db:
            store.set_plenary(db, code, key, False)
            store.save_scenario(db, code, key, name="Green corridor", narrative="Trees along the tram line")
            store.set_phase(db, code, key, [a.step for a in store.agenda(db, wid)].index("scoring"))
        scorers = [next(n for n in PEOPLE if group_of[n] == g.id) for g in groups]
        for name, choice in zip(scorers, (4, 1)):
            phone = phones[name]
            phone.locator(".fk-score-input select").first.wait_for(timeout=WAIT)
            for select in phone.locator(".fk-score-input select").all():
                select.select_option(index=choice)
            phone.click(".fk-score-submit")
            phone.locator(".fk-score-status", has_text="answered · saved").wait_for(timeout=WAIT)
        pick = fac.locator(".fk-score-group select")
        pick.wait_for(timeout=WAIT)
        pick.select_option(label=labels[groups[0].id])
        header = fac.locator(".fk-group-header", has_text=f"Results of {labels[groups[0].id]}")
        header.wait_for(timeout=WAIT)
        assert "1 of 2 participants have scored" in header.inner_text()
        grow_viewport(fac, 1280)
        screenshot(fac, "scoring-per-group")
    finally:
        for ctx in contexts:
            ctx.close()
    with store.Database(voila.db_url) as db:
        export_workshop(db, code, tmp_path)
    with (tmp_path / "ideas.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4
    author_of = {PEOPLE[n]: n for n in PEOPLE}
    for row in rows:
        assert row["group"] == labels[group_of[author_of[row["title"]]]], row
