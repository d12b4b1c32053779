"""Validation of the domain model: every bad value names the field and what is allowed."""

from __future__ import annotations

import pytest

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue

POLYGON = {"type": "Polygon", "coordinates": [[[18.6, 54.3], [18.7, 54.3], [18.7, 54.4], [18.6, 54.3]]]}


def idea(**kw):
    base = dict(workshop_id=1, title="Trees", scale="small", driver="central")
    return model.Idea(**{**base, **kw})


@pytest.mark.parametrize(
    "build, field, words",
    [
        (lambda: idea(title="   "), "idea title", "must not be empty"),
        (lambda: idea(title="x" * 121), "idea title", "at most 120"),
        (lambda: idea(scale="medium"), "idea scale", "small, large"),
        (lambda: idea(driver="both"), "idea driver", "central, individual"),
        (lambda: idea(lat=54.0), "idea location", "both latitude and longitude"),
        (lambda: idea(lat=95.0, lon=10.0), "idea latitude", "-90 to 90"),
        (lambda: model.Stakeholder(workshop_id=1, name="Port", category="public", power=6, interest=3),
         "stakeholder power", "1 to 5"),
        (lambda: model.Stakeholder(workshop_id=1, name="Port", category="media", power=3, interest=3),
         "stakeholder category", "public, business, knowledge, civil"),
        (lambda: model.Stakeholder(workshop_id=1, name="Port", category="public", power=3, interest=3, level="tell"),
         "engagement level", "inform, consult, involve, collaborate, empower"),
        (lambda: model.Stakeholder(workshop_id=1, name="Port", category="public", power=True, interest=3),
         "stakeholder power", "whole number"),
        (lambda: model.Criterion(name="Cost", direction="down"), "criterion direction", "higher, lower"),
        (lambda: model.Criterion(name="Cost", scale_min=5, scale_max=5), "criterion scale", "larger"),
        (lambda: model.Feedback(workshop_id=1, participant_id=1, rating=0), "session rating", "1 to 5"),
        (lambda: model.Feedback(workshop_id=1, participant_id=1, rating=3, step_ratings={"lunch": 4}),
         "rated step", "must be one of"),
        (lambda: model.MapFeature(workshop_id=1, geometry={"type": "Circle", "coordinates": [1, 2]}, label="x"),
         "map feature geometry", "type must be one of"),
        (lambda: model.MapFeature(workshop_id=1, geometry={"type": "Point", "coordinates": [200, 2]}, label="x"),
         "map feature geometry", "outside the globe"),
        (lambda: model.MapFeature(workshop_id=1, geometry=POLYGON, label="Square", kind="idea"),
         "feature kind", "problem, asset, opportunity"),
        (lambda: model.CaseStudy(title="Leuven", link="javascript:alert(1)"), "case study link", "http"),
        (lambda: model.Workshop(title="T", city="Gdansk", code="ab", key_hash="h"), "join code", "not a join code"),
        (lambda: model.Workshop(title="T", city="", code="ABCD", key_hash="h"), "city", "must not be empty"),
        (lambda: model.Workshop(title="T", city="Gdansk", code="ABCD", key_hash="h", language="xx"), "language",
         "en, pl"),
        (lambda: model.AgendaItem(step="lunch", minutes=5), "agenda step", "must be one of"),
        (lambda: model.Score(workshop_id=1, participant_id=1, item_kind="idea", item_id=1, criterion_id=1,
                             value=float("nan")), "score", "number"),
    ],
)
def test_bad_values_name_field_and_rule(build, field, words):
    with pytest.raises(InvalidValue) as info:
        build()
    assert info.value.field == field
    assert words in str(info.value)
    assert str(info.value).startswith(field)


def test_text_is_stripped_and_kept_as_typed():
    i = idea(title="  <b>Trees</b> & rain  ", description="50% less $heat$")
    assert i.title == "<b>Trees</b> & rain"
    assert i.description == "50% less $heat$"


def test_participant_shown_name_falls_back_to_pseudonym():
    anon = model.Participant(workshop_id=1, pseudonym="Green Heron 3")
    named = model.Participant(workshop_id=1, pseudonym="Green Heron 3", display_name="Anna")
    assert anon.shown_name == "Green Heron 3"
    assert named.shown_name == "Anna"


@pytest.mark.parametrize("number", [0, 1, 19, 20, 399, 400, 12345, 10**9])
def test_pseudonyms_are_two_words_and_a_number(number):
    words = model.pseudonym_for(number).split()
    assert len(words) == 3 and words[2].isdigit()


def test_pseudonyms_vary():
    assert len({model.pseudonym_for(n) for n in range(400)}) == 400


def test_join_code_is_normalised():
    assert model.check_join_code(" gd-ansk ") == "GDANSK"


def test_geometry_round_trips_as_plain_json():
    f = model.MapFeature(workshop_id=1, geometry=POLYGON, label="Square", note="hot", kind="problem", id=7)
    gj = f.to_geojson()
    assert gj["type"] == "Feature"
    assert gj["properties"] == {"id": 7, "label": "Square", "note": "hot", "kind": "problem"}
    assert gj["geometry"]["coordinates"][0][0] == [18.6, 54.3]


def test_frozen():
    i = idea()
    with pytest.raises(Exception):
        i.title = "other"  # type: ignore[misc]
