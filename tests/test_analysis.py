"""The analysts' functions behind notebooks/analysis.ipynb, on the demo workshop."""

from __future__ import annotations

import pandas as pd

from facilitation import scoring, store
from facilitation.demo import load_demo
from facilitation.outputs import analysis
from facilitation.outputs.frames import workshop_frames, workshops_frames


def test_visible_rows_leave_out_hidden_and_merged(db):
    code, _ = load_demo(db)
    ideas = workshop_frames(db, code)["ideas"]
    shown = analysis.visible(ideas)
    assert len(shown) == int((~ideas["hidden"] & ideas["merged_into"].isna()).sum())
    assert not shown["hidden"].any() and shown["merged_into"].isna().all()


def test_only_keeps_the_chosen_workshops_rows(db):
    code, _ = load_demo(db)
    store.create_workshop(db, title="Other", city="Leuven")
    frames = analysis.only(workshops_frames(db), [code])
    assert set(frames["workshops"]["workshop_code"]) == {code}
    for name, frame in workshop_frames(db, code).items():
        pd.testing.assert_frame_equal(frames[name], frame, check_categorical=False)


def test_ranking_matches_the_scoring_functions_and_keeps_dont_know_out(db):
    code, _ = load_demo(db)
    frames = workshop_frames(db, code)
    ranked, robustness = analysis.ranking(frames, draws=20)
    assert len(ranked) and set(ranked["item_kind"]) <= {"scenario", "idea"}
    scores = frames["scores"][frames["scores"]["item_kind"] == ranked["item_kind"].iloc[0]]
    cast = analysis.ballots(scores)
    assert any(v is None for items in cast.values() for cells in items.values() for v in cells.values()), \
        "the demo has a don't-know score, passed on as None (never 0)"
    items = list(dict.fromkeys(scores["item_id"]))
    expected = scoring.group_result(cast, items, analysis.criteria(frames["criteria"]))
    mine = ranked[ranked["item_kind"] == ranked["item_kind"].iloc[0]]
    assert list(mine["rank"]) == [r.rank for r in expected]
    assert list(mine["score"]) == [r.score for r in expected]
    assert set(robustness["without"]) == set(frames["criteria"]["name"])
    assert pd.api.types.is_integer_dtype(robustness["rank_reversals"])
