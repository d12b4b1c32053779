"""The challenge step: GeoJSON import, the map's draw events, feature attributes, pins, the homework page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitation import store

from facilitation.domain import geo
from facilitation.domain.errors import InvalidValue, LimitReached, NotAllowed
from facilitation.domain.records import MapFeature
from facilitation.i18n import translator

from conftest import TOKEN_A, TOKEN_B
from fixtures_ui import context, facilitator as facilitator_ctx, participant

SQUARE = {"type": "Polygon", "coordinates": [[[18.65, 54.35], [18.66, 54.35], [18.66, 54.36], [18.65, 54.35]]]}
LINE = {"type": "LineString", "coordinates": [[18.64, 54.34], [18.65, 54.35], [18.67, 54.36]]}
POINT = {"type": "Point", "coordinates": [18.6445, 54.353]}
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "challenge.ipynb"


def fc(*features: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def feat(geometry: dict | None, **props) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def participant_ctx(workshop, token: str = TOKEN_A):
    return participant(workshop, token)


def drawn(geometry: dict, **props) -> dict:
    """A feature as Geoman sends it: style and type in the properties, no kit id."""
    return {"type": "Feature", "geometry": geometry, "properties": {"style": {"color": "#3388ff"}, "type": "polygon",
                                                                    **props}}


# --- parsing GeoJSON (pure) -------------------------------------------------------------------


def test_a_good_feature_collection_keeps_labels_kinds_and_notes():
    data = fc(feat(SQUARE, name="Market square", kind="Asset", description="Paved"),
              feat(LINE, label="River bank", note="Walkway?", kind="opportunity"),
              feat(POINT))
    parsed = geo.parse_feature_collection(data, default_kind="problem", default_label="Feature {n}")
    assert [(f.label, f.kind, f.note) for f in parsed] == [
        ("Market square", "asset", "Paved"), ("River bank", "opportunity", "Walkway?"), ("Feature 3", "problem", "")]
    assert parsed[1].geometry == LINE


def test_a_single_feature_and_bytes_with_a_bom_are_accepted():
    data = ("\ufeff" + json.dumps(feat(POINT, name="Underpass"))).encode("utf-8")
    assert [f.label for f in geo.parse_feature_collection(data)] == ["Underpass"]


BROKEN = [
    ("{not json", "line 1, column 2"),
    ("[1, 2]", "must be a GeoJSON object"),
    (json.dumps({"type": "Polygon", "coordinates": []}), "its type is 'Polygon'"),
    (json.dumps({"type": "FeatureCollection", "features": {}}), "without a \"features\" list"),
    (fc(), "contains no features"),
    (fc(feat(POINT), {"type": "Thing"}), "feature #2 (index 1) is not a GeoJSON Feature"),
    (fc(feat(POINT), feat(POINT), feat(None)), "feature #3 (index 2) has no geometry"),
    (fc(feat({"type": "GeometryCollection", "geometries": []})), "index 0) is a GeometryCollection"),
    (fc(feat(POINT, kind="road")), "kind 'road'"),
    (fc(feat({"type": "Point", "coordinates": [466000.0, 6022000.0]})), "look projected"),
    (fc(feat({"type": "Polygon", "coordinates": [[[1, 1], [2, 2], [1, 1]]]})), "ring needs at least four"),
    (fc(feat({"type": "Point", "coordinates": "18,54"})), "not [longitude, latitude]"),
    (fc(feat(POINT, name="x" * 200)), "feature label"),
    (json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:2180"}},
                 "features": [feat(POINT)]}), "EPSG:2180"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    ("   ", "is empty"),
]


@pytest.mark.parametrize("data, expected", BROKEN, ids=[e for _, e in BROKEN])
def test_a_broken_file_is_refused_with_the_feature_and_the_problem_named(data, expected):
    with pytest.raises(InvalidValue) as info:
        geo.parse_feature_collection(data)
    assert expected in str(info.value)
    assert str(info.value).startswith("GeoJSON file")


def test_too_many_features_or_bytes_is_a_limit():
    with pytest.raises(LimitReached):
        geo.parse_feature_collection(fc(*[feat(POINT)] * (geo.MAX_IMPORT_FEATURES + 1)))
    with pytest.raises(LimitReached):
        geo.parse_feature_collection(b" " * (geo.MAX_IMPORT_BYTES + 1))


@pytest.mark.parametrize("geometry, expected", [
    (POINT, (54.353, 18.6445)),
    (LINE, (54.35, 18.65)),
    ({"type": "LineString", "coordinates": [[0, 0], [2, 2]]}, (1.0, 1.0)),
    ({"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]]}, (1.0, 2.0)),
    ({"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}, (2.0, 1.0)),
])
def test_labels_are_anchored_inside_or_on_their_feature(geometry, expected):
    lat, lon = geo.anchor(geometry)
    assert (round(lat, 6), round(lon, 6)) == expected


def test_the_map_centres_on_the_workshop_and_falls_back_to_the_features():
    box = geo.bounds([SQUARE, POINT])
    assert box == ((54.35, 18.6445), (54.36, 18.66))
    centre, zoom = geo.map_view(54.352, 18.646, box)
    assert centre == (54.352, 18.646) and 12 <= zoom <= 16
    centre, zoom = geo.map_view(None, None, box)
    assert centre == pytest.approx((54.355, 18.65225))
    assert geo.map_view(54.3, 18.6, None) == ((54.3, 18.6), 13)
    assert geo.map_view(None, None, None)[1] == 4
    wide = geo.map_view(None, None, ((40.0, -5.0), (60.0, 25.0)))[1]
    assert wide < zoom


def test_leaflet_rounding_is_not_a_change_but_a_moved_vertex_is():
    precise = {"type": "Point", "coordinates": [18.123456789, 54.987654321]}
    assert geo.same_geometry(precise, {"type": "Point", "coordinates": [18.123457, 54.987654]})
    assert not geo.same_geometry(precise, {"type": "Point", "coordinates": [18.12346, 54.987654]})


def test_feature_collection_has_label_note_and_kind_on_every_feature(workshop):
    store.add_feature(workshop.db, workshop.code, workshop.key, geometry=SQUARE, label="Square <b>", kind="asset",
                      note="Paved")
    store.add_feature(workshop.db, workshop.code, workshop.key, geometry=POINT, label="Underpass")
    doc = json.loads(json.dumps(geo.feature_collection(store.list_features(workshop.db, workshop.id))))
    assert doc["type"] == "FeatureCollection"
    for f in doc["features"]:
        assert {"label", "note", "kind"} <= set(f["properties"])
    assert doc["features"][0]["properties"]["label"] == "Square <b>"  # data files keep text as typed


# --- importing into the store: all or nothing -------------------------------------------------------


def test_import_is_all_or_nothing_and_needs_the_facilitator_key(workshop):
    db = workshop.db
    store.add_feature(db, workshop.code, workshop.key, geometry=POINT, label="Drawn before")
    broken = fc(feat(SQUARE, name="A"), feat(LINE, name="B"), feat(None, name="C"))
    with pytest.raises(InvalidValue, match=r"index 2\) has no geometry"):
        store.import_geojson(db, workshop.code, workshop.key, broken)
    assert [f.label for f in store.list_features(db, workshop.id)] == ["Drawn before"]
    store.join(db, workshop.code, TOKEN_A)
    with pytest.raises(NotAllowed):
        store.import_geojson(db, workshop.code, TOKEN_A, fc(feat(SQUARE, name="A")))
    added = store.import_geojson(db, workshop.code, workshop.key, fc(feat(SQUARE, name="A"), feat(LINE, name="B")),
                                 default_kind="opportunity")
    assert [(f.label, f.kind) for f in added] == [("A", "opportunity"), ("B", "opportunity")]
    assert len(store.list_features(db, workshop.id)) == 3
    store.import_geojson(db, workshop.code, workshop.key, fc(feat(POINT, name="Only")), replace=True)
    assert [f.label for f in store.list_features(db, workshop.id)] == ["Only"]
    assert len(store.list_features(db, workshop.id, include_removed=True)) == 4  # nothing deleted


# --- the facilitator's map: draw events, attributes, edits ------------------------------------------


@pytest.fixture
def editor(workshop):
    from facilitation.ui.steps.challenge import ChallengeView

    view = ChallengeView(facilitator_ctx(workshop), role="facilitator")
    yield view
    view.close()


def send(control, event: str, geo_json) -> None:
    """Deliver a Geoman event as the browser sends it (a comm message on the draw control)."""
    control._handle_leaflet_event(None, {"event": f"pm:{event}", "geo_json": geo_json}, [])


def test_drawing_a_shape_keeps_it_with_a_label_and_opens_it_for_attributes(editor, workshop):
    draw = editor.fmap.draw
    assert draw.data == []  # the control's own data is empty when the event arrives: the event carries the shape
    send(draw, "create", drawn(SQUARE))
    features = store.list_features(workshop.db, workshop.id)
    assert [(f.label, f.kind, f.geometry) for f in features] == [("Area 1", "problem", SQUARE)]
    assert editor.selected == features[0].id
    assert editor.editor.label.value == "Area 1"
    assert [f["properties"]["fk_id"] for f in draw.data] == [features[0].id]
    # The browser's copy (without the kit's id) arrives after the event: the kit's list is put back.
    draw.set_state({"data": [drawn(SQUARE)]})
    assert [f["properties"].get("fk_id") for f in draw.data] == [features[0].id]
    assert draw.data[0]["properties"]["label"] == "Area 1"

    editor.editor.label.value = "Sealed market square"
    editor.editor.kind.value = "asset"
    editor.editor.note.value = "No shade at all"
    assert editor.save_feature()
    f = store.list_features(workshop.db, workshop.id)[0]
    assert (f.label, f.kind, f.note) == ("Sealed market square", "asset", "No shade at all")
    assert draw.data[0]["properties"]["kind"] == "asset"
    assert editor.fmap._label_markers[f.id][1].icon.html.count("Sealed market square") == 1


def test_points_and_lines_get_their_own_default_labels(editor, workshop):
    modes: list = []
    editor.fmap.draw.observe(lambda change: modes.append(change["new"]), names="current_mode")
    send(editor.fmap.draw, "create", [drawn(LINE, type="polyline")])
    assert modes == []  # a line ends by itself
    send(editor.fmap.draw, "create", drawn(POINT, type="circlemarker"))
    assert modes == ["draw:CircleMarker", None]  # the point tool is switched off after one point
    assert [f.label for f in store.list_features(workshop.db, workshop.id)] == ["Line 1", "Point 2"]
    assert editor.fmap.draw.data[1]["properties"]["type"] == "circlemarker"


def test_reshaping_on_the_map_saves_the_geometry_but_rounding_does_not(editor, workshop):
    draw = editor.fmap.draw
    send(draw, "create", drawn(SQUARE))
    send(draw, "create", drawn(POINT))
    first, second = store.list_features(workshop.db, workshop.id)
    moved = {"type": "Polygon", "coordinates": [[[18.651, 54.35], [18.66, 54.35], [18.66, 54.362], [18.651, 54.35]]]}
    everything = [dict(f) for f in draw.data]
    everything[0] = {**everything[0], "geometry": moved}
    send(draw, "vertexdrag", everything)
    assert store.list_features(workshop.db, workshop.id)[0].geometry == moved
    assert store.list_features(workshop.db, workshop.id)[1].geometry == POINT
    # The browser already shows what the store now has: the kit does not redraw the shapes under the pointer.
    assert draw.data[0]["geometry"] == SQUARE and editor.fmap._seen is not None
    draw.set_state({"data": everything})  # the browser's own copy arrives after the event
    assert draw.data[0]["geometry"] == moved
    with workshop.db.read() as conn:
        from sqlalchemy import func, select

        from facilitation.store import schema as s

        before = conn.execute(select(func.count()).select_from(s.history)).scalar()
    rounded = [{**f, "geometry": geo.rounded(f["geometry"], 6)} for f in draw.data]
    send(draw, "drag", rounded)
    with workshop.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(s.history)).scalar() == before
    assert second.id in {f.id for f in store.list_features(workshop.db, workshop.id)}


def test_removing_on_the_map_or_in_the_editor_keeps_the_data(editor, workshop):
    draw = editor.fmap.draw
    send(draw, "create", drawn(SQUARE))
    send(draw, "create", drawn(LINE))
    first, second = store.list_features(workshop.db, workshop.id)
    send(draw, "remove", [draw.data[0]])
    assert [f.id for f in store.list_features(workshop.db, workshop.id)] == [second.id]
    editor.select(second.id)
    assert editor.editor.label.value == "Line 2"
    editor.editor.remove_button.click()
    assert store.list_features(workshop.db, workshop.id) == []
    assert len(store.list_features(workshop.db, workshop.id, include_removed=True)) == 2
    assert draw.data == [] and editor.selected is None
    assert "Removed" in editor.notice.value


def test_a_shape_the_store_refuses_disappears_with_a_notice(editor, workshop):
    draw = editor.fmap.draw
    bad = {"type": "Point", "coordinates": [500.0, 54.0]}
    send(draw, "create", drawn(bad))
    draw.set_state({"data": [drawn(bad)]})
    assert store.list_features(workshop.db, workshop.id) == []
    assert draw.data == []
    assert "outside the globe" in editor.notice.value


def test_clicking_a_shape_opens_it_and_empty_labels_are_refused(editor, workshop):
    send(editor.fmap.draw, "create", drawn(SQUARE))
    fid = store.list_features(workshop.db, workshop.id)[0].id
    editor.select(None)
    editor.fmap.draw._handle_leaflet_event(None, {"event": "click", "geo_json": editor.fmap.draw.data[0],
                                                  "latlng": [54.35, 18.65]}, [])
    assert editor.selected == fid
    editor.editor.label.value = "   "
    assert not editor.save_feature()
    assert "label" in editor.notice.value
    assert editor.editor.label.value == "   "  # what was typed stays
    assert store.list_features(workshop.db, workshop.id)[0].label == "Area 1"


def test_the_challenge_text_is_saved_and_typed_text_survives_errors_and_refreshes(editor, workshop):
    editor.challenge_form.title.value = ""
    editor.challenge_form.description.value = "Hot and flooded"
    assert not editor.save_challenge()
    assert editor.challenge_form.description.value == "Hot and flooded"
    assert store.get_challenge(workshop.db, workshop.id) is None
    editor.challenge_form.title.value = "Too little green"
    editor.challenge_form.theme.value = "energy"
    suggestion = next(b for b in editor.challenge_form.theme_buttons if b.description == "+ nature-based solutions")
    suggestion.click()
    assert editor.challenge_form.theme.value == "energy, nature-based solutions"
    assert editor.save_challenge()
    ch = store.get_challenge(workshop.db, workshop.id)
    assert (ch.title, ch.description, ch.themes) == ("Too little green", "Hot and flooded",
                                                      ("energy", "nature-based solutions"))
    # Someone else saves while this page has unsaved typing in the description only.
    editor.challenge_form.description.value = "Typing in progress"
    store.save_challenge(workshop.db, workshop.code, workshop.key, title="Too little green and blue",
                         description="Other text", themes=["energy"])
    editor.refresh({"challenge"})
    assert editor.challenge_form.title.value == "Too little green and blue"
    assert editor.challenge_form.description.value == "Typing in progress"


def test_importing_a_file_through_the_page(editor, workshop):
    good = fc(feat(SQUARE, name="Market"), feat(POINT, name="Underpass", kind="problem"))
    editor.importer.upload.set_state({"value": [{"name": "city.geojson", "type": "application/geo+json", "size": len(good),
                                        "last_modified": 0, "content": memoryview(good.encode())}]})
    editor.importer.kind.value = "asset"
    assert editor.import_file()
    assert [(f.label, f.kind) for f in store.list_features(workshop.db, workshop.id)] == [
        ("Market", "asset"), ("Underpass", "problem")]
    assert "2 features imported" in editor.notice.value
    assert len(editor.fmap.draw.data) == 2

    broken = fc(feat(LINE, name="Fine"), feat({"type": "Point", "coordinates": [466000.0, 6022000.0]}, name="GIS"))
    editor.importer.upload.set_state({"value": [{"name": "broken.geojson", "type": "", "size": len(broken),
                                        "last_modified": 0, "content": memoryview(broken.encode())}]})
    assert not editor.import_file()
    assert "broken.geojson" in editor.notice.value and "feature #2 (index 1)" in editor.notice.value
    assert "Nothing was imported" in editor.notice.value
    assert len(store.list_features(workshop.db, workshop.id)) == 2
    editor.importer.upload.value = ()
    assert not editor.import_file()
    assert "choose a GeoJSON file" in editor.notice.value


# --- participants and the presenter ---------------------------------------------------------------


def test_participants_see_the_map_read_only_and_pin_ideas_to_places(workshop):
    from facilitation.ui.steps.challenge import ChallengeView

    db = workshop.db
    store.save_challenge(db, workshop.code, workshop.key, title="Heat <script>", description="Line one\nLine two",
                         themes=["energy"])
    store.add_feature(db, workshop.code, workshop.key, geometry=SQUARE, label="<img src=x onerror=alert(1)>",
                      kind="asset", note="Shade")
    view = ChallengeView(participant_ctx(workshop), role="participant")
    try:
        assert view.fmap.draw is None  # no drawing tools for participants
        assert "fk-view-challenge" in view.root._dom_classes
        assert "Heat &lt;script&gt;" in view.summary.value and "<p>Line two</p>" in view.summary.value
        shapes = view.fmap.shapes.data["features"]
        assert [f["properties"]["kind"] for f in shapes] == ["asset"]
        label = next(iter(view.fmap._label_markers.values()))[1].icon.html
        assert "<img" not in label and "&lt;img" in label
        card = next(iter(view.wall.cards.values()))
        assert "&lt;img" in card.body.value and "<img" not in card.body.value
        # The map is read-only for them: the store refuses a participant's feature edits.
        assert not view.add_drawn(POINT)
        assert "facilitator" in view.notice.value
        assert len(store.list_features(db, workshop.id)) == 1

        view.fmap.map._handle_leaflet_event(None, {"event": "interaction", "type": "click",
                                                   "coordinates": [54.3512, 18.6477]}, [])
        assert view.pin_place == (54.3512, 18.6477)
        assert not view.pin_idea()  # no title yet
        view.pin_form.title.value = "Rain garden here"
        view.pin_form.scale.value, view.pin_form.driver.value = "small", "central"
        assert view.pin_idea()
        idea = store.list_ideas(db, workshop.id)[0]
        assert (idea.title, idea.lat, idea.lon) == ("Rain garden here", 54.3512, 18.6477)
        assert view.pin_place is None and view.pin_form.title.value == ""
        assert idea.id in view.fmap._pin_markers
    finally:
        view.close()


def test_the_presenter_sees_pins_from_everyone_but_no_hidden_ones(workshop):
    from facilitation.ui.steps.challenge import ChallengeView

    db = workshop.db
    store.join(db, workshop.code, TOKEN_B)
    keep = store.add_idea(db, workshop.code, TOKEN_B, title="Pinned", scale="small", driver="central",
                          lat=54.35, lon=18.65)
    gone = store.add_idea(db, workshop.code, TOKEN_B, title="Off topic", scale="small", driver="central",
                          lat=54.36, lon=18.66)
    store.set_hidden(db, workshop.code, workshop.key, gone.id)
    view = ChallengeView(facilitator_ctx(workshop), role="presenter")
    try:
        assert set(view.fmap._pin_markers) == {keep.id}
        assert view.fmap.draw is None
    finally:
        view.close()


def test_two_editing_pages_follow_each_other_through_the_store(workshop):
    from facilitation.live import Feed
    from facilitation.ui.steps.challenge import ChallengeView

    one = ChallengeView(facilitator_ctx(workshop), role="facilitator")
    other = ChallengeView(facilitator_ctx(workshop), role="facilitator")
    feed = Feed(workshop.db, workshop.id)
    feed.subscribe(other.refresh)
    try:
        send(one.fmap.draw, "create", drawn(LINE))
        assert "map" in feed.poll_once()
        assert [f["properties"]["label"] for f in other.fmap.draw.data] == ["Line 1"]
        assert len(other.wall.cards) == 1
    finally:
        one.close()
        other.close()


# --- the homework page and its notebook ---------------------------------------------------------------


def test_the_homework_page_needs_the_key(workshop):
    from facilitation.ui.pages.homework import ChallengeApp, homework_link

    locked = ChallengeApp(context(workshop.db, workshop.code, key="wrong-key-" * 3))
    assert locked.view is None and "fk-page-polite" in locked.root._dom_classes
    app = ChallengeApp(facilitator_ctx(workshop))
    try:
        assert app.view is not None and "fk-view-challenge" in app.view.root._dom_classes
        assert "fk-page-challenge" in app.root._dom_classes
        store.add_feature(workshop.db, workshop.code, workshop.key, geometry=POINT, label="From elsewhere")
        app.feed.poll_once()
        assert [f.label for f in app.view.features] == ["From elsewhere"]
    finally:
        app.close()
    link = homework_link("http://host:8866/", workshop.code, workshop.key)
    assert link.startswith("http://host:8866/voila/render/challenge.ipynb?") and workshop.key in link
    assert "fk-homework" not in str([c._dom_classes for c in app.view.challenge_form.root.children])


def test_the_console_issues_a_city_homework_link_never_its_own_key(workshop, monkeypatch):
    import re

    from facilitation.ui.steps.challenge import ChallengeView

    monkeypatch.setenv("FACILITATION_BASE_URL", "http://192.0.2.7:8866/")
    console = ChallengeView(facilitator_ctx(workshop), role="facilitator")
    participant = ChallengeView(participant_ctx(workshop), role="participant")
    try:
        form = console.challenge_form
        assert form.homework.value == ""
        form.homework_button.click()
        match = re.search(r"http://192\.0\.2\.7:8866/voila/render/challenge\.ipynb\?code=(\w+)&amp;key=([\w-]+)",
                          form.homework.value)
        assert match and match.group(1) == workshop.code
        city_key = match.group(2)
        assert city_key != workshop.key and workshop.key not in form.homework.value
        assert store.key_role(workshop.db, workshop.code, city_key) == "city"
        # The city's key opens the homework, not the console's steering.
        assert not store.is_facilitator(workshop.db, workshop.code, city_key)
        assert not any(workshop.key in str(getattr(w, "value", "")) for w in _all_widgets(participant.root))
    finally:
        console.close()
        participant.close()


def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


def test_the_homework_notebook_is_thin():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown", "code"]
    assert len(code) == 1 and not code[0]["outputs"] and code[0]["execution_count"] is None
    assert "challenge_app()" in "".join(code[0]["source"])
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    from facilitation.ui import challenge_app

    assert callable(challenge_app)


def test_map_features_keep_their_attributes_as_geojson():
    f = MapFeature(workshop_id=1, id=7, geometry=LINE, label="Bank", kind="opportunity", note="Walk")
    assert f.to_geojson()["properties"] == {"id": 7, "label": "Bank", "note": "Walk", "kind": "opportunity"}


# --- every string of the map, scenario and stakeholder steps is translatable ---------------------------

SAME_IN_POLISH = {"Problem", "Link", "{scale}, {driver}", "e.g. Leuven"}


def test_every_string_of_these_steps_reaches_the_catalogue_and_has_polish():
    """t("…") inside an f-string is invisible to the extractor: these modules keep t() outside them."""
    import ast

    from babel.messages.pofile import read_po

    from facilitation.i18n.catalog import extract, po_path

    extracted = extract()
    with po_path("pl").open("rb") as fh:
        polish = read_po(fh, locale="pl")
    ui = Path(__file__).resolve().parents[1] / "facilitation" / "ui"
    literals = []
    names = ("steps/challenge", "kit/featuremap", "pages/homework", "steps/scenarios", "steps/stakeholders",
             "kit/moderation")
    files = [(n, f) for n in names for f in (sorted((ui / n).glob("*.py")) if (ui / n).is_dir() else [ui / f"{n}.py"])]
    for name, path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and ((isinstance(node.func, ast.Name) and node.func.id == "t")
                         or (isinstance(node.func, ast.Attribute) and node.func.attr == "t"))):
                literals.append((name, node.args[0].value))
    assert len(literals) > 150
    assert [lit for lit in literals if lit[1] not in extracted] == []
    untranslated = [lit for lit in literals if lit[1] not in SAME_IN_POLISH
                    and (polish.get(lit[1]) is None or polish.get(lit[1]).string in ("", lit[1]))]
    assert untranslated == []
    assert translator("pl")("Manage closely") != "Manage closely"
