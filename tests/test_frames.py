"""The analysts' API (facilitation.outputs.frames): the same typed frames from a database and an export."""

from __future__ import annotations

import pandas as pd
import pytest

from facilitation import store
from facilitation.demo import load_demo
from facilitation.domain.errors import NotFound
from facilitation.outputs import dictionary, export
from facilitation.outputs.frames import TABLES, typed, workshop_frames, workshops_frames


@pytest.fixture
def demo(db):
    code, _key = load_demo(db)
    return db, code


def test_frames_from_the_database_equal_frames_from_its_export(demo, tmp_path):
    db, code = demo
    export.export_workshop(db, code, tmp_path / "out")
    from_db = workshop_frames(db, code)
    from_db_url = workshop_frames(db.url, code)
    from_folder = workshop_frames(tmp_path / "out", code)
    assert list(from_db) == list(TABLES) == list(from_folder)
    for name in TABLES:
        assert list(from_db[name].columns) == dictionary.table(name).column_names(), name
        pd.testing.assert_frame_equal(from_db[name], from_folder[name], obj=name)
        pd.testing.assert_frame_equal(from_db[name], from_db_url[name], obj=name)
    assert len(from_db["ideas"]) >= 5 and len(from_db["scores"]) > 0 and len(from_db["workshops"]) == 1


def test_the_dtypes_are_as_promised(demo):
    db, code = demo
    f = workshop_frames(db, code)
    ideas, stakeholders, scores = f["ideas"], f["stakeholders"], f["scores"]
    assert isinstance(ideas["scale"].dtype, pd.CategoricalDtype)
    assert list(ideas["scale"].cat.categories) == ["small", "large"]
    assert list(ideas["driver"].cat.categories) == ["central", "individual"]
    assert isinstance(stakeholders["category"].dtype, pd.CategoricalDtype)
    assert stakeholders["level"].cat.ordered and stakeholders["level"].cat.categories[0] == "inform"
    assert isinstance(stakeholders["quadrant"].dtype, pd.CategoricalDtype)
    assert str(ideas["created_at"].dtype) == "datetime64[ns, UTC]"
    assert str(f["workshops"]["date"].dtype) == "datetime64[ns]"
    for column in ("id", "author_id", "votes", "merged_into", "round"):
        assert str(ideas[column].dtype) == "Int64", column
    assert str(scores["value"].dtype) == "Int64"
    assert str(stakeholders["power"].dtype) == "Int64"
    assert str(ideas["hidden"].dtype) == "boolean"
    assert str(f["criteria"]["weight"].dtype) == "Float64"
    assert f["scenarios"]["idea_ids"].map(lambda ids: all(isinstance(i, int) for i in ids)).all()


def test_dont_know_scores_are_missing_never_zero(demo):
    db, code = demo
    raw = store.workshop_rows(db, store.get_workshop(db, code).id).tables["scores"]
    dont_know = {r["id"] for r in raw if r["value"] is None}
    zeros = {r["id"] for r in raw if r["value"] == 0}
    assert dont_know, "the demo leaves a score as don't know"
    scores = workshop_frames(db, code)["scores"]
    assert set(scores.loc[scores["value"].isna(), "id"]) == dont_know
    assert set(scores.loc[scores["value"].eq(0).fillna(False), "id"]) == zeros
    assert scores["value"].mean() == pytest.approx(sum(r["value"] for r in raw if r["value"] is not None)
                                                   / (len(raw) - len(dont_know)))


def test_several_workshops_stack_with_their_codes(demo, tmp_path):
    db, code = demo
    other = store.create_workshop(db, title="Second round", city="Leuven", country="Belgium").workshop
    export.export_all(db, tmp_path / "all")
    from_db = workshops_frames(db)
    from_folder = workshops_frames(tmp_path / "all")
    for name in TABLES:
        pd.testing.assert_frame_equal(from_db[name], from_folder[name], obj=name)
        assert list(from_db[name].columns[:4]) == ["workshop_code", "city", "country", "round"]
    assert list(from_db["workshops"]["workshop_code"]) == [code, other.code]
    assert set(from_db["ideas"]["workshop_code"]) == {code}
    # one workshop out of an --all folder equals that workshop from the database
    for name in TABLES:
        pd.testing.assert_frame_equal(workshop_frames(tmp_path / "all", other.code)[name],
                                      workshop_frames(db, other.code)[name], obj=name)
    assert list(workshops_frames(db, [other.code, code])["workshops"]["workshop_code"]) == [code, other.code]


def test_unknown_workshops_and_sources_are_named(demo, tmp_path):
    db, code = demo
    export.export_workshop(db, code, tmp_path / "out")
    with pytest.raises(NotFound, match="NOPE"):
        workshop_frames(db, "NOPE")
    with pytest.raises(NotFound, match="NOPE"):
        workshop_frames(tmp_path / "out", "NOPE")
    with pytest.raises(FileNotFoundError):
        workshop_frames(tmp_path / "missing.sqlite", code)
    (tmp_path / "out" / "votes.csv").unlink()
    with pytest.raises(FileNotFoundError, match="votes.csv"):
        workshop_frames(tmp_path / "out", code)


def test_typed_keeps_empty_tables_and_unknown_text():
    empty = typed("ideas", pd.DataFrame({c: pd.Series([], dtype=str) for c in dictionary.table("ideas").column_names()}))
    assert len(empty) == 0 and str(empty["votes"].dtype) == "Int64"
    odd = typed("stakeholders", pd.DataFrame({"category": ["public", "", "other"], "note": ["NA", "", "x"]}))
    assert odd["category"].isna().tolist() == [False, True, False]
    assert list(odd["category"].cat.categories)[-1] == "other"  # a value outside the vocabulary is kept
    assert odd["note"].tolist() == ["NA", "", "x"]
