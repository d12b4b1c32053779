"""A group's city gives its map centre (offline gazetteer) wherever a group's map opens (issue 22, point 2)."""

from __future__ import annotations

import pytest
from conftest import TOKEN_A, TOKEN_B

from facilitation import store
from facilitation.domain import gazetteer
from facilitation.domain.errors import NotAllowed
from facilitation.domain.groups import ALL_GROUPS

KOSCIERZYNA = gazetteer.lookup("Kościerzyna", "Poland")
MINSK = gazetteer.lookup("Mińsk Mazowiecki", "Poland")


@pytest.fixture
def two_cities(db):
    """A workshop in Mińsk Mazowiecki with a second group for Kościerzyna (renamed with its city)."""
    created = store.create_workshop(db, title="Two cities", city="Mińsk Mazowiecki", country="Poland",
                                    lat=MINSK.lat, lon=MINSK.lon)
    code, key = created.workshop.code, created.key
    first = store.create_group(db, code, key, name="Mińsk", city="Mińsk Mazowiecki")
    second = store.create_group(db, code, key, name="Group 2")
    second = store.rename_group(db, code, key, second.id, city="Kościerzyna")
    return db, code, key, first, second


def test_the_gazetteer_knows_both_cities() -> None:
    assert KOSCIERZYNA is not None and MINSK is not None
    assert round(KOSCIERZYNA.lon, 1) == 18.0 and round(KOSCIERZYNA.lat, 1) == 54.1


def test_a_group_that_gets_a_city_centres_on_it(two_cities) -> None:
    _db, _code, _key, first, second = two_cities
    assert (round(second.lat, 3), round(second.lon, 3)) == (round(KOSCIERZYNA.lat, 3), round(KOSCIERZYNA.lon, 3))
    assert (round(first.lat, 3), round(first.lon, 3)) == (round(MINSK.lat, 3), round(MINSK.lon, 3))
    assert second.zoom == 12


def test_split_by_city_centres_each_new_group(db) -> None:
    created = store.create_workshop(db, title="By city", city="Mińsk Mazowiecki", country="Poland")
    code, key = created.workshop.code, created.key
    store.update_settings(db, code, key, ask_affiliation=True)
    store.join(db, code, TOKEN_A, "Ann", city="Kościerzyna")
    store.join(db, code, TOKEN_B, "Ben", city="Mińsk Mazowiecki")
    groups = store.split_into_groups(db, code, key, 2, "by_city")
    centres = {g.city: (round(g.lat, 2), round(g.lon, 2)) for g in groups}
    assert centres["Kościerzyna"] == (round(KOSCIERZYNA.lat, 2), round(KOSCIERZYNA.lon, 2))
    assert centres["Mińsk Mazowiecki"] == (round(MINSK.lat, 2), round(MINSK.lon, 2))


def test_a_centre_set_by_hand_stays_when_the_city_changes(two_cities) -> None:
    db, code, key, _first, second = two_cities
    store.save_group_challenge(db, code, key, second.id, title="Lakes", lat=54.2, lon=17.9, zoom=11)
    moved = store.rename_group(db, code, key, second.id, city="Gdynia")
    assert (moved.lat, moved.lon, moved.zoom) == (54.2, 17.9, 11)


def test_a_centre_from_the_former_city_follows_the_new_city(two_cities) -> None:
    db, code, key, _first, second = two_cities
    gdynia = gazetteer.lookup("Gdynia", "Poland")
    moved = store.rename_group(db, code, key, second.id, city="Gdynia")
    assert (round(moved.lat, 3), round(moved.lon, 3)) == (round(gdynia.lat, 3), round(gdynia.lon, 3))
    unknown = store.rename_group(db, code, key, second.id, city="Nowhere-on-the-map")
    assert unknown.lat is None and unknown.lon is None


def test_saving_the_text_keeps_the_centre(two_cities) -> None:
    db, code, key, _first, second = two_cities
    saved = store.save_group_challenge(db, code, key, second.id, title="Lakes and forests", text="Tourism")
    assert (saved.lat, saved.lon) == (second.lat, second.lon)


def test_a_city_link_draws_on_its_group_in_its_city(two_cities) -> None:
    """The homework map of the Kościerzyna link: the point lands in the group, the map opens on Kościerzyna."""
    from facilitation.ui.steps.groups.challenge import map_centre

    db, code, key, first, second = two_cities
    issued = store.issue_role_key(db, code, key, "city", label="Kościerzyna", group_id=second.id)
    point = {"type": "Point", "coordinates": [KOSCIERZYNA.lon, KOSCIERZYNA.lat]}
    drawn = store.add_feature(db, code, issued.key, geometry=point, label="Lake shore")
    assert drawn.group_id == second.id
    bound = store.key_group(db, code, issued.key)
    lat, lon = map_centre(bound, store.get_workshop(db, code))
    assert abs(lat - KOSCIERZYNA.lat) < 0.01 and abs(lon - KOSCIERZYNA.lon) < 0.01
    with pytest.raises(NotAllowed):
        store.save_group_challenge(db, code, issued.key, first.id, title="Not mine")
    seen = store.list_features(db, store.get_workshop(db, code).id, group_id=ALL_GROUPS)
    assert [f.label for f in seen] == ["Lake shore"]


def test_a_group_with_a_city_and_no_centre_opens_on_the_city(two_cities) -> None:
    """Groups stored before centres came from the gazetteer: the map still opens on their city."""
    import dataclasses

    from facilitation.ui.steps.groups.challenge import map_centre

    db, code, _key, _first, second = two_cities
    old = dataclasses.replace(second, lat=None, lon=None)
    lat, lon = map_centre(old, store.get_workshop(db, code))
    assert abs(lon - KOSCIERZYNA.lon) < 0.01
    nowhere = dataclasses.replace(second, lat=None, lon=None, city="")
    assert map_centre(nowhere, store.get_workshop(db, code))[1] == pytest.approx(MINSK.lon)


# --- report, feedback and review carry the groups (point 4) ----------------------------------


@pytest.fixture
def two_challenges(two_cities):
    """Only group challenges (none for the workshop); Ann in Mińsk, Ben in Kościerzyna gave feedback."""
    db, code, key, first, second = two_cities
    store.save_group_challenge(db, code, key, first.id, title="Commuter traffic", text="Trains to Warsaw")
    store.save_group_challenge(db, code, key, second.id, title="Lake <shore> erosion", text="Kashubian lakes")
    ann, ben = store.join(db, code, TOKEN_A, "Ann").id, store.join(db, code, TOKEN_B, "Ben").id
    wid = store.get_workshop(db, code).id
    store.move_participant(db, code, key, ann, first.id)
    store.move_participant(db, code, key, ben, second.id)
    store.submit_feedback(db, code, TOKEN_A, rating=5, take_home="Park and ride")
    store.submit_feedback(db, code, TOKEN_B, rating=3, change="More time for the lakes")
    return db, code, wid


def test_export_has_each_groups_challenge_and_feedback_by_group(two_challenges) -> None:
    from facilitation.outputs import export

    db, code, _wid = two_challenges
    tables = export.workshop_tables(db, store.get_workshop(db, code))
    challenges = {g["group_city"]: g["challenge_title"] for g in tables["groups"]}
    assert challenges == {"Mińsk Mazowiecki": "Commuter traffic", "Kościerzyna": "Lake <shore> erosion"}
    kosc = next(g for g in tables["groups"] if g["group_city"] == "Kościerzyna")
    assert abs(kosc["lon"] - KOSCIERZYNA.lon) < 0.01 and kosc["members"] == 1 and kosc["removed"] is False
    by_rating = {f["rating"]: (f["group"], f["group_city"]) for f in tables["feedback"]}
    assert by_rating == {5: ("Mińsk", "Mińsk Mazowiecki"), 3: ("Group 2", "Kościerzyna")}


def test_the_report_shows_group_challenges_and_feedback_by_group(two_challenges, tmp_path) -> None:
    import csv

    from facilitation.outputs import export

    db, code, _wid = two_challenges
    export.export_workshop(db, code, tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "The challenge has not been written down yet" not in html
    assert html.count('class="fk-report-group-challenge"') == 2
    assert "Commuter traffic" in html and "Lake &lt;shore&gt; erosion" in html and "<shore>" not in html
    assert html.count('class="fk-report-feedback-group"') == 2
    mine = html.split('class="fk-report-feedback-group"')[2]
    assert "Kościerzyna" in mine and "More time for the lakes" in mine and "Park and ride" not in mine
    with open(tmp_path / "feedback.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["group_city"] for r in rows} == {"Mińsk Mazowiecki", "Kościerzyna"}
    with open(tmp_path / "groups.csv", newline="", encoding="utf-8") as f:
        assert [r["challenge_title"] for r in csv.DictReader(f)] == ["Commuter traffic", "Lake <shore> erosion"]


def test_without_groups_the_feedback_section_is_the_rooms(workshop) -> None:
    from facilitation.i18n import translator
    from facilitation.outputs import export, report

    w = workshop
    store.join(w.db, w.code, TOKEN_A, "Ann")
    store.submit_feedback(w.db, w.code, TOKEN_A, rating=4, take_home="Trees")
    tables = export.workshop_tables(w.db, store.get_workshop(w.db, w.code))
    html = report.feedback_html(translator("en"), tables)
    assert "fk-report-feedback-group" not in html and "Trees" in html and 'data-chart="ratings"' in html
    assert tables["groups"] == [] and tables["feedback"][0]["group"] == ""


# --- where the maps open (widgets, no browser) -------------------------------------------------


def _near(centre, place) -> bool:
    return abs(centre[0] - place.lat) < 0.05 and abs(centre[1] - place.lon) < 0.05


@pytest.mark.backends("sqlite")
def test_each_page_opens_a_groups_map_on_its_city(two_cities) -> None:
    """The homework page of the Kościerzyna link, a Kościerzyna participant's challenge map and the console
    showing that group open on Kościerzyna; the console showing every group stays on the workshop's city."""
    import ipywidgets as widgets
    from widgets import text, walk

    from facilitation.ui.kit.base import make_context
    from facilitation.ui.pages.homework import ChallengeApp
    from facilitation.ui.steps.challenge import ChallengeView

    db, code, key, first, second = two_cities
    store.save_challenge(db, code, key, title="Mińsk's own challenge")
    store.add_feature(db, code, key, geometry={"type": "Point", "coordinates": [MINSK.lon, MINSK.lat]},
                      label="Station")  # the workshop's map lies in Mińsk
    issued = store.issue_role_key(db, code, key, "city", label="Kościerzyna", group_id=second.id)
    homework = ChallengeApp(make_context(f"code={code}&key={issued.key}", db=db))
    assert _near(homework.view.fmap.map.center, KOSCIERZYNA)
    shown = " ".join(text(str(getattr(w, "value", ""))) for w in walk(homework.root) if isinstance(w, widgets.HTML))
    assert "Homework of Group 2 · Kościerzyna" in shown
    assert [f.label for f in homework.view.features] == []  # Mińsk's station is not this link's to edit
    homework.view.add_drawn({"type": "Point", "coordinates": [18.0, 54.12]})
    assert [f.group_id for f in homework.view.features] == [second.id]
    drawn = [f for f in store.list_features(db, store.get_workshop(db, code).id) if f.group_id == second.id]
    assert len(drawn) == 1
    store.set_group_picking(db, code, key, True)
    store.join(db, code, TOKEN_A, "Ann")
    store.choose_group(db, code, TOKEN_A, second.id)
    ctx = make_context(f"code={code}", db=db)
    ctx.token = TOKEN_A
    ctx.participant_id = store.participant_for_token(db, code, TOKEN_A).id
    mine = ChallengeView(ctx, role="participant")
    assert _near(mine.fmap.map.center, KOSCIERZYNA)
    console_one = ChallengeView(make_context(f"code={code}&key={key}&group={second.id}", db=db), role="facilitator")
    assert _near(console_one.fmap.map.center, KOSCIERZYNA)
    console_all = ChallengeView(make_context(f"code={code}&key={key}", db=db), role="facilitator")
    assert _near(console_all.fmap.map.center, MINSK)
    presenter = ChallengeView(make_context(f"code={code}&key={key}&group={first.id}", db=db), role="presenter")
    assert _near(presenter.fmap.map.center, MINSK)
    for page in (homework, mine, console_one, console_all, presenter):
        page.close()


@pytest.mark.backends("sqlite")
def test_the_review_page_shows_group_challenges_groups_and_feedback_by_group(two_challenges) -> None:
    from widgets import find, text

    from facilitation.ui.kit.base import make_context
    from facilitation.ui.pages.review import ReviewApp

    db, code, _wid = two_challenges
    key = store.issue_organiser_key(db, label="review")
    review = ReviewApp(make_context(f"key={key}&code={code}", db=db))
    challenge = text(find(review.root, "fk-review-challenge")[0].value)
    assert "Commuter traffic" in challenge and "Lake &lt;shore&gt; erosion" in challenge  # escaped
    assert "not been written down" not in challenge
    detail = find(review.root, "fk-review-detail")[0].value
    assert "fk-review-groups" in detail and detail.count("fk-report-feedback-group") == 2
    assert "Kościerzyna" in text(detail)
    review.close()


@pytest.mark.backends("sqlite")
def test_the_feedback_step_shows_each_groups_answers(two_challenges) -> None:
    from facilitation.ui.kit.base import make_context
    from facilitation.ui.steps.feedback import FeedbackView
    from widgets import find, text

    db, code, wid = two_challenges
    per_group = store.feedback_by_group(db, wid)
    assert [(g.responses, g.members, g.mean_rating) for g in per_group] == [(1, 1, 5.0), (1, 1, 3.0)]
    view = FeedbackView(make_context(f"code={code}", db=db), role="facilitator")
    shown = text(find(view.root, "fk-feedback-summary")[0].value)
    assert "Mińsk · Mińsk Mazowiecki" in shown and "Group 2 · Kościerzyna" in shown and "1 of 1 answered" in shown
    view.close()
