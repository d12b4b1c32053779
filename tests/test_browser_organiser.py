"""From the organiser link to a participant's idea, in real Chromium pages, with no command line.

The organiser opens ``organiser.ipynb?key=…`` (a key issued into the server's database, as
``facilitation serve`` does), creates a workshop, edits its agenda down to two steps in the page,
opens the console from the link the page shows and moves to the brainstorm; a participant opens
the participant link the page shows in another browser context, joins and posts an idea, which
shows on the wall. Screenshots of the organiser page and the agenda editor, in English and in
Polish, land in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import pytest

from facilitation import store

from conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

LOAD = 90_000  # a cold kernel on a busy 2-core box
WAIT = 15_000
IDEA = "Rain gardens along the riverside"


def grow_viewport(page, width: int) -> None:
    """Voila scrolls inside its own container: make the viewport as tall as the app for a screenshot."""
    page.set_viewport_size({"width": width, "height": 900})
    height = page.evaluate("Math.max(document.querySelector('.fk-app').scrollHeight, 600)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 6000)})


def open_organiser(browser, voila, key: str, *, lang: str = "", width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    params = {"key": key, **({"lang": lang} if lang else {})}
    page.goto(voila.page("organiser.ipynb", **params), timeout=LOAD)
    page.locator(".fk-setup-create").wait_for(timeout=LOAD)
    return context, page


def create(page, *, title: str, city: str, language: str, template: str) -> str:
    """Fill the form and create; returns the participant link the page then shows."""
    page.fill(".fk-setup-title input", title)
    page.fill(".fk-setup-city input", city)
    try:
        page.locator(".fk-setup-place .fk-chip-accent", has_text=city).wait_for(timeout=60_000)  # the gazetteer loads once (~2 s CPU)
    except Exception:
        screenshot(page, "organiser-place-missing")
        raise
    page.select_option(".fk-setup-language select", label=language)
    page.select_option(".fk-setup-template select", label=template)
    page.fill(".fk-setup-venue input", "Town hall, room 2")
    page.click(".fk-setup-create")
    page.locator(".fk-join-url a").wait_for(timeout=WAIT)
    page.locator(".fk-agenda-item").first.wait_for(timeout=WAIT)
    return page.locator(".fk-join-url").inner_text().strip()


def store_agenda(voila, code: str) -> list:
    with store.Database(voila.db_url) as db:
        return store.agenda(db, store.get_workshop(db, code).id)


def test_organiser_to_a_participant_idea(voila, browser):
    with store.Database(voila.db_url) as db:
        key = store.issue_organiser_key(db, label="browser test")
    contexts = []
    dialogs: list[str] = []
    try:
        context, org = open_organiser(browser, voila, key)
        contexts.append(context)
        org.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        join = create(org, title="Riverside after the flood", city="Gdańsk", language="English",
                      template="Short brainstorm session")
        assert "participant.ipynb?code=" in join
        assert org.evaluate("document.querySelector('img.fk-join-qr').naturalWidth") > 100

        # --- the agenda, down to two steps in the page: welcome and brainstorm ------------------
        rows = org.locator(".fk-agenda-item")
        while rows.count() > 2:
            n = rows.count()
            labels = [rows.nth(i).locator(".fk-agenda-label").inner_text() for i in range(n)]
            index = next(i for i in range(n - 1, 0, -1) if "Brainstorm" not in labels[i])
            rows.nth(index).locator(".fk-agenda-remove").click()
            org.wait_for_function(f"() => document.querySelectorAll('.fk-agenda-item').length === {n - 1}",
                                  timeout=WAIT)
        # The last removal re-renders the rows: type once the brainstorm row shows its stored minutes
        # (typing while that render is in flight is overwritten by it).
        org.wait_for_function("""() => { const r = document.querySelectorAll('.fk-agenda-item');
            return r.length === 2 && r[1].querySelector('.fk-agenda-label').innerText.includes('Brainstorm')
                && r[1].querySelector('.fk-agenda-minutes input').value === '25'; }""", timeout=WAIT)
        minutes = rows.nth(1).locator(".fk-agenda-minutes input")
        minutes.fill("20")
        minutes.press("Tab")  # the field saves when the person leaves it
        org.locator(".fk-agenda-editor .fk-notice-ok", has_text="Agenda saved").wait_for(timeout=WAIT)
        code = join.split("code=", 1)[1]
        with store.Database(voila.db_url) as db:
            items = store.agenda(db, store.get_workshop(db, code).id)
        assert [(i.step, i.minutes) for i in items] == [("waiting", 5), ("brainstorm", 20)]

        grow_viewport(org, 1280)
        screenshot(org, "organiser-en")
        org.locator(".fk-agenda-editor").screenshot(path=str(ARTIFACTS / "agenda-editor-en.png"))
        grow_viewport(org, 390)
        screenshot(org, "organiser-en-phone")

        # --- the facilitator opens the console from the page's link and starts the brainstorm --
        console_url = org.locator(".fk-links-console a.fk-console-link").get_attribute("href")
        fac_context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(fac_context)
        fac = fac_context.new_page()
        fac.goto(console_url, timeout=LOAD)
        fac.locator(".fk-phase-next").wait_for(timeout=LOAD)
        fac.click(".fk-phase-next")
        fac.wait_for_function("() => document.querySelector('.fk-phase-current').innerText.includes('Brainstorm')",
                              timeout=WAIT)

        # --- a participant opens the participant link in another context, joins, posts an idea --
        phone = browser.new_context(viewport={"width": 390, "height": 844})
        contexts.append(phone)
        person = phone.new_page()
        person.goto(join, timeout=LOAD)
        person.locator(".fk-join-name input").wait_for(timeout=LOAD)
        person.fill(".fk-join-name input", "Ola")
        person.click(".fk-join-submit")
        person.locator(".fk-view-brainstorm").wait_for(timeout=WAIT)
        person.fill(".fk-idea-title input", IDEA)
        person.select_option(".fk-idea-scale select", index=1)
        person.select_option(".fk-idea-driver select", index=1)
        person.click(".fk-idea-submit")
        person.locator(".fk-idea-card-title", has_text=IDEA).wait_for(timeout=WAIT)
        fac.locator(".fk-idea-card-title", has_text=IDEA).wait_for(timeout=WAIT)
        assert dialogs == []
    finally:
        for context in contexts:
            context.close()


def test_organiser_page_in_polish(voila, browser):
    with store.Database(voila.db_url) as db:
        key = store.issue_organiser_key(db, label="browser test pl")
    context, org = open_organiser(browser, voila, key, lang="pl")
    try:
        join = create(org, title="Zielono-niebieskie centrum", city="Kraków", language="Polski",
                      template="Warsztat miejski w dwóch rundach")  # template names in the page's language
        code = join.split("code=", 1)[1]
        with store.Database(voila.db_url) as db:
            w = store.get_workshop(db, code)
        assert (w.language, w.city, w.country) == ("pl", "Kraków", "Poland")
        assert abs(w.lat - 50.06) < 0.1
        grow_viewport(org, 1280)
        screenshot(org, "organiser-pl")
        org.locator(".fk-agenda-editor").screenshot(path=str(ARTIFACTS / "agenda-editor-pl.png"))
        # the console of the Polish workshop (the facilitator's link from the page)
        console_url = org.locator(".fk-links-console a.fk-console-link").get_attribute("href")
        fac = context.new_page()
        fac.goto(console_url, timeout=LOAD)
        fac.locator(".fk-phase-next").wait_for(timeout=LOAD)
        grow_viewport(fac, 1280)
        screenshot(fac, "console-pl")
        # the same editor in the console's second tab (Prepare), in the workshop's language
        fac.locator(".fk-console-tabs button").nth(1).click()
        fac.locator(".fk-console-prepare .fk-agenda-item").first.wait_for(timeout=WAIT)
        assert fac.locator(".fk-console-prepare .fk-agenda-item").count() == len(store_agenda(voila, code))
        grow_viewport(fac, 1280)
        screenshot(fac, "console-prepare-pl")
    finally:
        context.close()
