"""The review notebook in Voila and report.html in Chromium (offline), as people see them."""

from __future__ import annotations

import pytest

from facilitation import store

from facilitation.outputs import export

from conftest import screenshot
from review_data import demo_and_peer

pytestmark = pytest.mark.browser


def whole_page(page) -> None:
    """Voila scrolls inside its own container: grow the viewport so a screenshot shows everything."""
    height = page.evaluate("document.querySelector('.fk-review').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 80, 9000)})


@pytest.fixture(scope="module")
def review_keys(voila):
    with store.Database(voila.db_url) as db:
        return demo_and_peer(db)


def test_review_notebook_renders_the_demo_workshop_with_its_charts(voila, browser, review_keys):
    demo_code, demo_key = review_keys["demo"]
    peer_code, peer_key = review_keys["peer"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(voila.page("review.ipynb", key=f"{demo_key},{peer_key}", code=demo_code), timeout=90_000)
        detail = page.locator(".fk-review-detail")
        detail.locator('figure[data-chart="votes"] svg').wait_for(timeout=60_000)
        assert detail.locator(f'[data-workshop="{demo_code}"]').count() == 1
        # The challenge map (the challenge step's Leaflet map) draws the city's four features without tiles.
        shapes = page.locator(".fk-review-map path.leaflet-interactive")
        shapes.first.wait_for(timeout=20_000)
        assert shapes.count() >= 4
        assert "Sealed market square" in page.locator(".fk-review-legend").inner_text()
        # The demo's charts: votes, scale × driver matrix, stakeholder grid, ranking, ratings.
        for chart in ("votes", "matrix", "grid", "ranking", "ratings"):
            figure = detail.locator(f'figure[data-chart="{chart}"] svg')
            assert figure.count() == 1, chart
            box = figure.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 30, (chart, box)
        assert "Depave and plant the market square" in detail.inner_text()
        # Peer learning: the similar idea from the other city is pointed out.
        assert "Depave schoolyards and plant trees" in detail.locator(".fk-review-similar").inner_text()
        # Names are personal data: the review shows pseudonyms only.
        assert "Anna (city planner)" not in page.content()
        page.locator(".fk-review-list").wait_for()
        assert peer_code in page.locator(".fk-review-list").inner_text()
        whole_page(page)
        screenshot(page, "review")
        page.set_viewport_size({"width": 1280, "height": 900})

        page.get_by_role("tab", name="Across workshops").click()
        across = page.locator(".fk-review-across")
        across.locator('figure[data-chart="per-workshop"] svg').wait_for(timeout=10_000)
        for chart in ("per-workshop", "themes", "measures"):
            assert across.locator(f'figure[data-chart="{chart}"] svg').is_visible(), chart
        whole_page(page)
        screenshot(page, "review-across")

        # A filter narrows the list and the workshop shown (the kernel re-renders from the store).
        page.locator(".fk-review-filter-city select").select_option("Sofia")
        page.get_by_role("tab", name="One workshop").click()
        detail.locator(f'[data-workshop="{peer_code}"]').wait_for(timeout=10_000)
        assert demo_code not in page.locator(".fk-review-list").inner_text()
    finally:
        page.close()


def test_review_without_a_key_shows_nothing_of_the_workshops(voila, browser, review_keys):
    page = browser.new_page()
    try:
        page.goto(voila.page("review.ipynb", key="not-a-key-of-any-workshop-here"), timeout=90_000)
        page.locator(".fk-review-locked").wait_for(timeout=60_000)
        assert "Green and blue city centre" not in page.content()
    finally:
        page.close()


def test_report_opens_offline_with_its_charts_and_makes_no_request(browser, tmp_path):
    with store.Database(tmp_path / "report.sqlite") as db:
        codes = demo_and_peer(db)
        export.export_workshop(db, codes["demo"][0], tmp_path / "out")
    report = (tmp_path / "out" / "report.html").resolve()
    context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else route.abort())
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        charts = page.locator("figure.fk-chart svg")
        assert charts.count() >= 6
        for k in range(charts.count()):
            box = charts.nth(k).bounding_box()
            assert box and box["width"] > 200 and box["height"] > 30
        text = page.locator("main").inner_text()
        for heading in ("The challenge", "Solutions proposed", "Alternative scenarios", "Stakeholders",
                        "Impact scoring", "Feedback"):
            assert heading in text
        assert requests == [report.as_uri()], requests
        screenshot(page, "report")
    finally:
        context.close()
