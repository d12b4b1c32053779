"""A live session in real Chromium pages: one facilitator, three participants, a presenter.

The facilitator opens the brainstorm and every participant page follows; each participant
adds ideas and every page shows all of them; votes respect the budget; a hidden idea
vanishes; an XSS title shows as text and runs nothing; a reload keeps identity and votes.
Propagation times are measured in the pages (MutationObserver timestamps against the click
time, one browser clock) and printed; the assertion allows 3 s for a busy 2-core machine,
the target is 1 s. Screenshots land in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import time

import pytest

from benchmarks.harness import arm, seen_after

from facilitation import store

from conftest import screenshot

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
IDEAS = {
    "A": ["Pocket parks on empty lots", XSS],
    "B": ["Night bus to the harbour"],
    "C": ["Rain gardens on school yards"],
}
LOAD_TIMEOUT = 90_000  # a cold kernel on a busy 2-core box
WAIT = 10_000
PROPAGATION_LIMIT = 3.0  # seconds; the target is 1 s, the margin is for the busy machine

def browser_now(page) -> float:
    return page.evaluate("Date.now()")


def report(what: str, times: list[float]) -> None:
    print(f"\n[propagation] {what}: " + ", ".join(f"{t:.2f} s" for t in times) + f" (max {max(times):.2f} s)")
    assert max(times) <= PROPAGATION_LIMIT, f"{what} took {max(times):.2f} s"


def card(page, title: str):
    return page.locator(".fk-idea-card", has=page.locator(".fk-idea-card-title", has_text=title))


def titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".fk-wall .fk-idea-card-title").all_inner_texts()]


def grow_viewport(page, width: int) -> None:
    """Voila scrolls inside its own container: make the viewport as tall as the app for a screenshot."""
    height = page.evaluate("Math.max(document.querySelector('.fk-app').scrollHeight, 600)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 6000)})


def test_live_session_in_the_browser(voila, browser):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Green and blue city centre", city="Gdansk", country="Poland")
    code, key = created.workshop.code, created.key
    dialogs: list[str] = []
    contexts = []

    def new_page(width: int, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        return page

    try:
        # --- the facilitator opens the console ---------------------------------------------
        fac = new_page(1280)
        fac.goto(voila.facilitator(code, key), timeout=LOAD_TIMEOUT)
        fac.locator(".fk-phase-current").wait_for(timeout=LOAD_TIMEOUT)
        assert "Welcome" in fac.locator(".fk-phase-current").inner_text()
        assert f"code={code}" in fac.locator(".fk-join-url").inner_text()
        assert fac.evaluate("document.querySelector('img.fk-join-qr').naturalWidth") > 100
        assert key not in fac.locator(".fk-join-url").inner_text()

        # --- three participants join (one anonymous, one on a phone) ----------------------
        people = {}
        for label, name, width in (("A", "Anna", 390), ("B", "", 1100), ("C", "Piotr", 1100)):
            page = new_page(width, 844 if width < 500 else 900)
            start = time.monotonic()
            page.goto(voila.participant(code), timeout=LOAD_TIMEOUT)
            page.locator(".fk-join-name input").wait_for(timeout=LOAD_TIMEOUT)
            print(f"\n[render] participant {label}: join form after {time.monotonic() - start:.2f} s")
            page.fill(".fk-join-name input", name)
            page.click(".fk-join-submit")
            page.locator(".fk-view-waiting").wait_for(timeout=WAIT)
            who = page.locator(".fk-whoami").inner_text()
            assert (name in who) if name else who.strip().startswith("You are")
            people[label] = page
        pages = list(people.values())
        pseudonym_b = people["B"].locator(".fk-whoami b").inner_text().strip()
        assert pseudonym_b and pseudonym_b != "You are"
        fac.wait_for_function("() => document.querySelector('.fk-participant-count').innerText.includes('3')",
                              timeout=WAIT)

        # --- the facilitator opens the brainstorm: every page switches --------------------
        fac.click(".fk-phase-next")  # the challenge
        fac.wait_for_function("() => !document.querySelector('.fk-phase-current').innerText.includes('Welcome')",
                              timeout=WAIT)
        arm(pages, "brainstorm", ".fk-view-brainstorm")
        t0 = browser_now(fac)
        fac.click(".fk-phase-next")
        report("step change to brainstorm, 3 participant pages", seen_after(pages, "brainstorm", t0, WAIT))

        # --- each participant adds ideas; every page shows all of them ---------------------
        for label, ideas in IDEAS.items():
            page = people[label]
            for title in ideas:
                others = [p for p in [*pages, fac] if p is not page]
                arm(others, title, ".fk-idea-card-title", title)
                page.fill(".fk-idea-title input", title)
                page.fill(".fk-idea-description textarea", f"Proposed by participant {label}.")
                page.select_option(".fk-idea-scale select", index=1 if label != "B" else 2)
                page.select_option(".fk-idea-driver select", index=2 if label == "A" else 1)
                t0 = browser_now(page)
                page.click(".fk-idea-submit")
                report(f"idea from {label} on the 3 other pages", seen_after(others, title, t0, WAIT))
                assert page.locator(".fk-idea-title input").input_value() == ""
        every_title = sorted(t for ideas in IDEAS.values() for t in ideas)
        for page in [*pages, fac]:
            assert sorted(titles(page)) == every_title

        # --- the XSS title is text everywhere, and nothing ran -----------------------------
        for page in [*pages, fac]:
            assert card(page, XSS).count() == 1
            assert page.evaluate("document.querySelectorAll('.fk-app img[src=\"x\"]').length") == 0
        assert dialogs == []
        grow_viewport(people["C"], 1100)
        shot = screenshot(people["C"], "participant-wall")
        grow_viewport(people["A"], 390)
        screenshot(people["A"], "participant-wall-phone")
        people["A"].set_viewport_size({"width": 390, "height": 844})
        people["C"].set_viewport_size({"width": 1100, "height": 900})
        assert shot.exists()

        # --- vote: budget 3, at most 2 dots on one idea -------------------------------------
        arm(pages, "vote", ".fk-view-vote")
        t0 = browser_now(fac)
        fac.click(".fk-phase-next")
        report("step change to vote, 3 participant pages", seen_after(pages, "vote", t0, WAIT))
        anna = people["A"]
        left = anna.locator(".fk-votes-left")
        assert "3 votes left" in left.inner_text()
        for title, expected in (("Pocket parks", "2 votes left"), ("Pocket parks", "1 vote left"),
                                ("Rain gardens", "0 votes left")):
            if title == "Rain gardens":
                arm([people["C"]], "count", ".fk-idea-id-%s .fk-vote-count" % _idea_id(voila, code, title), "1")
                t0 = browser_now(anna)
            card(anna, title).locator(".fk-vote-button").click()
            anna.wait_for_function("t => document.querySelector('.fk-votes-left').innerText.includes(t)",
                                   arg=expected, timeout=WAIT)
        report("vote count on another participant's page", seen_after([people["C"]], "count", t0, WAIT))
        card(anna, "Night bus").locator(".fk-vote-button").click()  # a fourth dot: refused
        anna.locator(".fk-view-vote .fk-notice", has_text="used all 3").wait_for(timeout=WAIT)
        assert "0 votes left" in left.inner_text()
        grow_viewport(anna, 390)
        screenshot(anna, "participant-vote-phone")
        anna.set_viewport_size({"width": 390, "height": 844})
        card(anna, "Pocket parks").locator(".fk-vote-button").click()  # beyond the budget, again refused
        with store.Database(voila.db_url) as db:
            ws = store.get_workshop(db, code)
            anna_id = next(p.id for p in store.participants(db, ws.id) if p.display_name == "Anna")
            assert store.votes_left(db, ws.id, anna_id) == 0
            assert sum(store.my_votes(db, ws.id, anna_id).values()) == 3
        assert card(people["B"], "Pocket parks").locator(".fk-vote-count").inner_text().strip() == "2"

        # --- the facilitator hides an idea: it vanishes from every participant page ---------
        arm(pages, "hidden", ".fk-idea-card-title", "Night bus to the harbour", gone=True)
        t0 = browser_now(fac)
        card(fac, "Night bus").locator(".fk-idea-hide").click()
        report("hidden idea gone from 3 participant pages", seen_after(pages, "hidden", t0, WAIT))
        for page in pages:
            assert "Night bus to the harbour" not in titles(page)
        assert "Night bus to the harbour" in titles(fac)  # still there for the facilitator, flagged

        # --- a reload keeps the participant and the remaining votes -------------------------
        anna.reload(timeout=LOAD_TIMEOUT)
        anna.locator(".fk-view-vote .fk-votes-left").wait_for(timeout=LOAD_TIMEOUT)
        assert "Anna" in anna.locator(".fk-whoami").inner_text()
        assert anna.locator(".fk-join-name").count() == 0
        assert "0 votes left" in anna.locator(".fk-votes-left").inner_text()
        assert "2" == card(anna, "Pocket parks").locator(".fk-vote-count").inner_text().strip()
        b_page = people["B"]
        b_page.reload(timeout=LOAD_TIMEOUT)
        b_page.locator(".fk-view-vote").wait_for(timeout=LOAD_TIMEOUT)
        assert pseudonym_b in b_page.locator(".fk-whoami").inner_text()
        assert "3 votes left" in b_page.locator(".fk-votes-left").inner_text()

        # --- the presenter view shows the ranking, text escaped, hidden idea absent ---------
        presenter = new_page(1440, 900)
        presenter.goto(voila.page("presenter.ipynb", code=code, key=key), timeout=LOAD_TIMEOUT)
        presenter.locator(".fk-view-vote .fk-ranking .fk-idea-card").first.wait_for(timeout=LOAD_TIMEOUT)
        ranking = presenter.locator(".fk-ranking").inner_text()
        assert XSS in ranking and "Night bus" not in ranking
        assert ranking.index("Pocket parks") < ranking.index("Rain gardens")
        assert presenter.evaluate("document.querySelectorAll('.fk-app img[src=\"x\"]').length") == 0
        grow_viewport(presenter, 1440)
        screenshot(presenter, "presenter")
        grow_viewport(fac, 1280)
        screenshot(fac, "facilitator-console")
        assert dialogs == []
    finally:
        for context in contexts:
            context.close()


def _idea_id(voila, code: str, title_start: str) -> int:
    with store.Database(voila.db_url) as db:
        ws = store.get_workshop(db, code)
        return next(i.id for i in store.list_ideas(db, ws.id, facilitator=True) if i.title.startswith(title_start))
