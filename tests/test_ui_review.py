"""The review page as widgets (no browser): access, filters, one workshop, across workshops."""

from __future__ import annotations

import re
from datetime import date

import ipywidgets as widgets
import pytest

from facilitation import store
from facilitation.domain.similarity import recurring, similar_ideas, similarity, tokens
from facilitation.ui.pages import review

from conftest import TOKEN_A
from fixtures_ui import context
from review_data import PEER_TOKENS, demo_and_peer

ORGANISER_KEY = "organiser-key-0123456789abcdef"


@pytest.fixture
def both(db):
    return demo_and_peer(db)


def app_for(db, *keys: str, lang: str = "en", query: dict | None = None) -> review.ReviewApp:
    ctx = context(db, "", lang=lang, key=",".join(keys), query=query)
    return review.ReviewApp(ctx)


def page_text(root: widgets.Widget) -> str:
    """Every HTML value and option label on the page (what a browser could show)."""
    out = []

    def walk(w):
        if isinstance(w, widgets.HTML):
            out.append(w.value)
        if isinstance(w, widgets.Dropdown):
            out.extend(str(label) for label, _ in w.options)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(root)
    return "\n".join(out)


def test_without_a_valid_key_the_review_shows_no_workshop(db, both, monkeypatch):
    monkeypatch.delenv(review.REVIEW_KEY_ENV, raising=False)
    for keys in ((), ("wrong-key-wrong-key-wrong-key",), (ORGANISER_KEY,)):
        app = app_for(db, *keys)
        assert "fk-review-locked" in app.root._dom_classes
        text = page_text(app.root)
        assert "Green and blue city centre" not in text and "Sofia" not in text
        assert app.entries == []


def test_a_facilitator_key_opens_its_own_workshop_only(db, both):
    app = app_for(db, both["demo"][1])
    assert [e.workshop.code for e in app.entries] == [both["demo"][0]]
    assert both["peer"][0] not in page_text(app.root)


def test_the_organiser_key_opens_every_workshop(db, both, monkeypatch):
    monkeypatch.setenv(review.REVIEW_KEY_ENV, ORGANISER_KEY)
    app = app_for(db, ORGANISER_KEY)
    assert {e.workshop.code for e in app.entries} == {both["demo"][0], both["peer"][0]}
    monkeypatch.setenv(review.REVIEW_KEY_ENV, "short")  # a too-short configured key opens nothing
    assert app_for(db, "short").entries == []


def test_one_workshop_shows_its_map_ideas_matrix_scenarios_grid_scoring_and_feedback(db, both):
    demo_code = both["demo"][0]
    app = app_for(db, both["demo"][1], both["peer"][1], query={"code": demo_code})
    assert app.pick.value == demo_code
    html = app.detail.value
    assert f'data-workshop="{demo_code}"' in html and f'data-workshop="{demo_code}"' in app.top.value
    for chart in ("votes", "matrix", "grid", "ranking", "ratings"):
        assert f'data-chart="{chart}"' in html, chart
    # The challenge with its map: the challenge step's own map widget, showing the city's features.
    assert "Too little green and blue infrastructure" in app.challenge.value
    shown = app.fmap.shapes.data["features"]
    assert sorted(f["properties"]["label"] for f in shown) == sorted(
        ["Sealed market square", "Motlawa river bank", "Flooded underpass after cloudbursts",
         "Old trees on the ramparts"])
    assert "Sealed market square" in app.legend.value
    assert abs(app.fmap.map.center[0] - 54.35) < 0.05
    for text in ("Depave and plant the market square", "Quick green wins",
                 "Sponge centre", "City roads department", "Kendall", "strong agreement",
                 "Try things for a summer before we build them."):
        assert text in html, text
    assert "Depave schoolyards and plant trees" in html  # similar idea from the peer city
    assert "Anna (city planner)" not in page_text(app.root)  # pseudonyms only


def test_user_text_is_escaped_everywhere_on_the_page(db, both):
    app = app_for(db, both["demo"][1], both["peer"][1], query={"code": both["peer"][0]})
    text = page_text(app.root)
    assert "<script>x</script>" not in text and "&lt;script&gt;x&lt;/script&gt;" in text
    assert "<b>need</b>" not in text
    app.tabs.selected_index = 1
    assert "<script>x</script>" not in app.across.value


def test_filters_narrow_the_list_the_picker_and_the_cross_workshop_view(db, both):
    demo, peer = both["demo"][0], both["peer"][0]
    app = app_for(db, both["demo"][1], both["peer"][1])
    assert [v for _, v in app.f_city.options] == ["", "Gdansk", "Sofia"]
    assert [v for _, v in app.f_round.options] == ["", "1", "2"]
    assert "energy" in [v for _, v in app.f_theme.options]

    app.f_city.value = "Sofia"
    assert [c for _, c in app.pick.options] == [peer]
    assert app.pick.value == peer and f'data-workshop="{peer}"' in app.detail.value
    assert demo not in app.listing.value and "1 of 2 workshops shown" in app.count.value
    assert "Gdansk" not in app.across.value

    app.f_city.value = ""
    app.f_round.value = "2"
    assert [c for _, c in app.pick.options] == [demo]
    app.f_round.value = ""
    app.f_theme.value = "energy"  # only the peer's challenge and ideas carry it
    assert [c for _, c in app.pick.options] == [peer]
    app.f_theme.value = ""
    app.f_from.value = date(2026, 3, 1)
    assert [c for _, c in app.pick.options] == [demo]
    app.f_to.value = date(2026, 3, 2)
    assert app.pick.options == () and "No workshop matches" in app.listing.value
    assert "No workshop matches" in app.detail.value
    app.f_from.value = None
    app.f_to.value = None
    app.f_programme.value = "Integrated urban planning exchange"
    assert len(app.pick.options) == 2


def test_picking_another_workshop_renders_it(db, both):
    app = app_for(db, both["demo"][1], both["peer"][1])
    app.pick.value = both["peer"][0]
    assert f'data-workshop="{both["peer"][0]}"' in app.detail.value
    assert "Cooler streets for Sofia" in app.top.value
    assert {f["properties"]["label"] for f in app.fmap.shapes.data["features"]} == {
        "Women's market", "Vitosha boulevard"}
    assert abs(app.fmap.map.center[0] - 42.70) < 0.05


def test_across_workshops_compares_counts_themes_measures_and_similar_ideas(db, both):
    app = app_for(db, both["demo"][1], both["peer"][1])
    html = app.across.value
    for chart in ("per-workshop", "themes", "measures"):
        assert f'data-chart="{chart}"' in html
    assert re.search(r"Gdansk · Round 2 \(GDANSK\)", html)
    assert "nature-based solutions" in html  # a theme both cities share
    similar = html[html.index('id="similar-across"'):]
    assert "Depave and plant the market square" in similar and "Depave schoolyards and plant trees" in similar
    assert "Green roofs subsidy for the old town" in similar


def test_reload_reads_new_contributions_from_the_store(db, both):
    app = app_for(db, both["demo"][1], both["peer"][1], query={"code": both["peer"][0]})
    store.add_idea(db, both["peer"][0], PEER_TOKENS[1], title="Drinking fountains on every square",
                   scale="small", driver="central")
    assert "Drinking fountains" not in app.detail.value
    app.refresh_button.click()
    assert "Drinking fountains on every square" in app.detail.value
    assert "Reloaded 2 workshops." in app.notice.value


def test_the_review_speaks_the_language_asked_for(db, both):
    app = app_for(db, both["demo"][1], lang="pl")
    text = page_text(app.root)
    assert "Przegląd warsztatów" in text and "Wyzwanie" in text and "Workshop review" not in text


def test_review_app_entry_point_reads_the_url(db, both, monkeypatch):
    from facilitation.ui import review_app

    monkeypatch.setenv("FACILITATION_DB", str(db.sqlite_path))
    monkeypatch.setenv("QUERY_STRING", f"key={both['peer'][1]}")
    root = review_app()
    assert "fk-review" in root._dom_classes
    assert both["peer"][0] in page_text(root) and "Gdansk" not in page_text(root)


def test_similarity_finds_the_same_measure_in_other_words():
    assert similarity("Green roofs subsidy", "for owners", "Subsidies for green roofs", "") > 0.5
    assert similarity("Green roofs subsidy", "", "Solar panels on schools", "") < 0.2
    assert "roof" in tokens("Green roofs") and "the" not in tokens("the roofs")
    ideas = [
        {"workshop_code": "A", "id": 1, "title": "Plant trees in schoolyards", "description": ""},
        {"workshop_code": "A", "id": 2, "title": "Plant trees in schoolyards too", "description": ""},
        {"workshop_code": "B", "id": 3, "title": "Trees for schoolyards", "description": "plant them"},
        {"workshop_code": "B", "id": 4, "title": "Trees for schoolyards", "description": "", "hidden": True},
        {"workshop_code": "C", "id": 5, "title": "Night buses", "description": ""},
    ]
    pairs = similar_ideas(ideas)
    assert {(m.idea["id"], m.other["id"]) for m in pairs} == {(1, 3), (2, 3)}  # never within one workshop
    only_b = similar_ideas(ideas, only_workshop="B")
    assert {m.idea["id"] for m in only_b} == {3} and {m.other["id"] for m in only_b} == {1, 2}
    assert recurring({"A": ["energy", "mobility"], "B": ["energy", " "], "C": []}) == [("energy", 2), ("mobility", 1)]


def test_a_participant_cannot_open_the_review_with_a_device_token(db, both):
    store.join(db, both["demo"][0], TOKEN_A, "Visitor")
    assert app_for(db, TOKEN_A).entries == []
