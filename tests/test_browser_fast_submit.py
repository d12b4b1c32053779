"""Issue 23, point 6: a submit acts on the text the person sees, however fast it was typed or pasted.

ipywidgets throttles a field's per-keystroke updates (one in flight per widget) but sends a click
at once: typing "Kasia" at machine speed, then Tab and Enter on the join button, joined as "Ka".
The kit's text fields send their value when they lose focus or on Enter
(``facilitation.ui.kit.theme.submitted``), which the browser does before the click it precedes.
Two pages: one types and submits with the keyboard, one pastes and clicks; both on the join form
and on the idea form; the store must hold exactly what was typed.
"""

from __future__ import annotations

import pytest

from facilitation import store

from fixtures_ui import set_step

pytestmark = pytest.mark.browser

LOAD = 90_000
WAIT = 15_000
NAMES = {"keys": "Kasia Nowak-Wiśniewska", "paste": "Zbigniew Brzęczyszczykiewicz"}
IDEAS = {"keys": ("Shade trees along the tram line", "Plant lindens where the stops bake at noon"),
         "paste": ("Rain gardens in every school yard", "Unseal the asphalt; kids help plant")}


def enter(page, selector: str, value: str, how: str) -> None:
    """Put ``value`` in the field at machine speed: typed key by key (no delay) or pasted at once."""
    page.locator(selector).click()
    if how == "keys":
        page.keyboard.type(value)
    else:
        page.keyboard.insert_text(value)  # what a paste, autofill or a dictation tool does


def submit(page, button: str, how: str) -> None:
    """Submit at once: Tab to the button and press Enter, or click it with the mouse."""
    if how == "keys":
        page.locator(button).focus()
        page.keyboard.press("Enter")
    else:
        page.click(button)


@pytest.mark.parametrize("how", ["keys", "paste"])
def test_fast_typing_or_paste_then_submit_stores_what_was_typed(voila, browser, how):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Fast hands", city="Gdansk", country="Poland")
        set_step(db, created.workshop.code, created.key, "brainstorm")
        code, wid = created.workshop.code, created.workshop.id
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.goto(voila.participant(code), timeout=LOAD)
        page.locator(".fk-join-name input").wait_for(timeout=LOAD)
        page.wait_for_timeout(300)  # the device token arrives from localStorage with the first render
        enter(page, ".fk-join-name input", NAMES[how], how)
        if how == "keys":  # Tab then Enter on the join button, as in the issue
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
        else:
            page.click(".fk-join-submit")
        page.locator(".fk-idea-title input").wait_for(timeout=WAIT)
        with store.Database(voila.db_url) as db:
            names = [p.display_name for p in store.participants(db, wid)]
        assert names == [NAMES[how]]
        assert NAMES[how] in page.locator(".fk-whoami").inner_text()

        page.select_option(".fk-idea-scale select", index=1)
        page.select_option(".fk-idea-driver select", index=1)
        title, details = IDEAS[how]
        enter(page, ".fk-idea-description textarea", details, how)
        enter(page, ".fk-idea-title input", title, how)
        submit(page, ".fk-idea-submit", how)
        page.locator(".fk-notice-ok").wait_for(timeout=WAIT)
        with store.Database(voila.db_url) as db:
            ideas = [(i.title, i.description) for i in store.list_ideas(db, wid, facilitator=True)]
        assert ideas == [(title, details)]
    finally:
        context.close()
