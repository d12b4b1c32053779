"""Keys leave the address bar once a page has loaded (issue 23), in real Chromium.

The console opens with ``?code=…&key=…``; once it has loaded, the address bar shows no key, yet
the page's kernel still acts with it (Next step moves the room) and a reload in the same tab
opens the console again. The presenter link it shows carries a presenter key, not the console's.
"""

from __future__ import annotations

import re

import pytest
from conftest import screenshot

from facilitation import store

pytestmark = pytest.mark.browser

LOAD = 90_000  # a cold kernel on a busy 2-core box


def test_the_key_leaves_the_address_bar_and_still_works(voila, browser):
    with store.Database(voila.db_url) as db:
        created = store.create_workshop(db, title="Keys out of sight", city="Gdansk")
        code, key = created.workshop.code, created.key
        before = store.get_workshop(db, code).phase_index
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(voila.facilitator(code, key), timeout=LOAD)
        page.locator(".fk-phase-next").wait_for(timeout=LOAD)
        page.wait_for_function("!location.search.includes('key=')", timeout=10_000)
        assert key not in page.url and f"code={code}" in page.url
        presenter = page.locator(".fk-presenter-link a").get_attribute("href")
        assert key not in presenter and re.search(r"presenter\.ipynb\?code=\w+&key=[\w-]+", presenter)
        page.click(".fk-phase-next")  # the kernel still holds the key it was opened with
        with store.Database(voila.db_url) as db:
            page.wait_for_timeout(200)
            for _ in range(50):
                if store.get_workshop(db, code).phase_index != before:
                    break
                page.wait_for_timeout(200)
            assert store.get_workshop(db, code).phase_index == before + 1
        page.reload(timeout=LOAD)  # the same tab gets its console back, and the key leaves again
        page.locator(".fk-phase-next").wait_for(timeout=LOAD)
        page.wait_for_function("!location.search.includes('key=')", timeout=10_000)
        screen = context.new_page()
        screen.goto(presenter, timeout=LOAD)
        screen.locator(".fk-stepbar-box").wait_for(timeout=LOAD)
        screen.wait_for_function("!location.search.includes('key=')", timeout=10_000)
        assert not screen.locator(".fk-phase-next").count()
        screenshot(screen, "keys-presenter-without-key-in-url")
    finally:
        context.close()
