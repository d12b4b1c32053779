"""A light join: what a participant's phone downloads, measured in Chromium.

The kit's server (``facilitation.serve.voila_app``) compresses its responses and gives its
static files cache lifetimes, so a first join downloads compressed files and a rejoin (a
reload, a phone back from sleep) fetches the page and nothing else. The figures (requests
and bytes of a first join and of a rejoin) are printed and written to
``tests/artifacts/light-join.json``; the goals (first join ≤ 1.5 MB and ≤ 40 requests, rejoin
≤ 100 kB) are measured by ``make bench``: this test asserts the headers that make them
possible, not sizes or timings.
"""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import ARTIFACTS
from tornado import web

from benchmarks.joinweight import first_and_rejoin
from facilitation import store

# Tornado leaves bodies under 1 kB uncompressed; a response this large (on the wire) must be gzip.
COMPRESS_FROM = 2048


def lifetime(cache_control: str) -> int:
    """The max-age of a Cache-Control header (0 without one, or with no-cache / no-store)."""
    parts = [p.strip() for p in cache_control.lower().split(",")]
    if "no-cache" in parts or "no-store" in parts:
        return 0
    ages = [int(p.split("=", 1)[1]) for p in parts if p.startswith("max-age=")]
    return ages[0] if ages else 0


def test_static_routes_get_lifetimes_and_files_are_compressed_once(tmp_path):
    from facilitation.serve import voila_app

    class Page(web.RequestHandler):
        pass

    routes = [("/voila/static/(.*)", web.StaticFileHandler, {"path": str(tmp_path)}), ("/voila/render/(.*)", Page)]
    wrapped = voila_app.cached_handlers(routes)
    assert issubclass(wrapped[0][1], voila_app.CacheLifetime) and wrapped[0][2] == {"path": str(tmp_path)}
    assert wrapped[1] == routes[1]
    script = tmp_path / "app.js"
    script.write_text("console.log('x');\n" * 500)
    cache: dict = {}
    packed = voila_app.compressed(cache, str(script))
    assert gzip.decompress(packed) == script.read_bytes() and len(packed) < script.stat().st_size / 10
    assert voila_app.compressed(cache, str(script)) is packed and len(cache) == 1


@pytest.mark.browser
def test_first_join_is_compressed_and_a_rejoin_comes_from_the_cache(voila, browser):
    with store.Database(voila.db_url) as db:
        code = store.create_workshop(db, title="Light join", city="Gdansk", country="Poland").workshop.code
    first, again = first_and_rejoin(browser, voila.participant(code), ".fk-join-submit")
    figures = {"first_join": first.summary(), "rejoin": again.summary()}
    print(f"join weight: {figures}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "light-join.json").write_text(json.dumps(figures, indent=2))

    # Nothing from another host (Voila's template links Font Awesome from a CDN; the kit's does not).
    assert not first.elsewhere(voila.participant(code)), f"a join asked other hosts: {first.elsewhere(voila.participant(code))}"
    static = first.static()
    assert len(static) > 20, "the page's scripts and stylesheets were not seen"
    uncompressed = [t.url for t in static if t.bytes > COMPRESS_FROM and t.encoding != "gzip"]
    assert not uncompressed, f"static files sent without compression: {uncompressed[:5]}"
    page = [t for t in first.transfers if "/voila/render/" in t.url]
    assert page and page[0].encoding == "gzip", "the page's HTML is not compressed"
    uncached = [(t.url, t.cache_control) for t in static if lifetime(t.cache_control) < 3600]
    assert not uncached, f"static files without a cache lifetime: {uncached[:5]}"
    versioned = [t for t in static if "?v=" in t.url]
    assert versioned and all("immutable" in t.cache_control for t in versioned)

    # The rejoin fetches the page (new kernel) and no script or stylesheet of the first join.
    refetched = {t.url for t in again.static()} & {t.url for t in static}
    assert not refetched, f"a rejoin downloaded static files again: {sorted(refetched)[:5]}"
    assert again.requests < first.requests / 5
    assert any("/voila/render/" in t.url for t in again.transfers)
