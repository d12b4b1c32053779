"""Import of paper input: malformed files refused with row, column and problem; all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from facilitation import cli, store

from facilitation.outputs import export

from facilitation.outputs import paper_input as imports
from facilitation.domain.errors import NotAllowed, NotFound
from facilitation.store import schema

from conftest import TOKEN_A


def write_csv(path: Path, rows: list[list[object]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def counts(db, wid: int) -> dict[str, int]:
    with db.read() as conn:
        return {t: conn.execute(select(func.count()).select_from(schema.metadata.tables[t]).where(
            schema.metadata.tables[t].c.workshop_id == wid)).scalar_one()
                for t in ("ideas", "votes", "scores", "participants", "history")}


def refused(db, workshop, path: Path, **kw) -> list[imports.Problem]:
    before = counts(db, workshop.id)
    with pytest.raises(imports.ImportRefused) as info:
        imports.import_file(db, workshop.code, path, **kw)
    assert counts(db, workshop.id) == before, "a refused file changed the database"
    assert "nothing was changed" in str(info.value)
    return info.value.problems


def where(problems) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in problems}


def test_paper_ideas_are_imported_with_a_paper_author_and_their_dots(workshop, tmp_path):
    db = workshop.db
    path = write_csv(tmp_path / "paper.csv", [
        ["title", "description", "scale", "driver", "theme", "author", "votes"],
        ["Shade sails on the square", "Cheap, fast, removable", "Small", "central", "nature-based solutions", "", "3"],
        ["Car-free Sundays", "", "large", "central", "", "Table 2", "0"],
    ])
    result = imports.import_file(db, workshop.code, path)
    assert (result.ideas, result.votes, result.participants) == (2, 3, 2)
    ideas = {i.title: i for i in store.list_ideas(db, workshop.id, facilitator=True)}
    assert ideas["Shade sails on the square"].votes == 3 and ideas["Shade sails on the square"].scale == "small"
    people = {p.id: p for p in store.participants(db, workshop.id)}
    assert people[ideas["Shade sails on the square"].author_id].pseudonym == imports.PAPER
    assert people[ideas["Car-free Sundays"].author_id].pseudonym == "Table 2"
    exported = export.workshop_tables(db, store.get_workshop(db, workshop.code))["participants"]
    assert {p["source"] for p in exported} == {"paper"}
    # A paper participant holds no token anyone knows: no device can act as them.
    with pytest.raises(NotAllowed):
        store.add_idea(db, workshop.code, "Paper", title="x", scale="small", driver="central")


def test_malformed_values_are_refused_with_row_column_and_problem(workshop, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [
        ["title", "scale", "driver", "votes", "lat", "lon", "hidden", "created_at"],
        ["Fine idea", "small", "central", "1", "", "", "false", "2026-03-12T09:00:00Z"],
        ["", "big", "central", "x", "", "", "maybe", "yesterday"],
        ["Half placed", "large", "individual", "0", "54.3", "", "", ""],
        ["Off the globe", "large", "individual", "0", "95", "18", "", ""],
    ])
    problems = refused(workshop.db, workshop, path)
    assert where(problems) == {(3, "title"), (3, "scale"), (3, "votes"), (3, "hidden"), (3, "created_at"),
                               (4, "lat"), (5, "lat")}
    scale = next(p for p in problems if p.column == "scale")
    assert "small, large" in scale.problem and "'big'" in scale.problem
    assert "row 3, column scale" in str(scale)


def test_wrong_columns_are_refused_on_the_header_row(workshop, tmp_path):
    problems = refused(workshop.db, workshop, write_csv(tmp_path / "cols.csv", [
        ["titel", "scale", "driver"], ["Typo in the header", "small", "central"]]))
    assert where(problems) == {(1, "titel"), (1, "title")}
    assert any("not a column of ideas" in p.problem for p in problems)
    assert any("required column is missing" in p.problem for p in problems)
    problems = refused(workshop.db, workshop, write_csv(tmp_path / "what.csv", [["name", "age"], ["x", "1"]]))
    assert problems[0].row == 1 and "neither ideas" in problems[0].problem


def test_files_that_are_not_tables_are_refused(workshop, tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("title,scale,driver\nZa\xbf\xf3\xb3\xe6,small,central\n".encode("latin-1"))
    assert "UTF-8" in refused(workshop.db, workshop, latin)[0].problem
    odd = tmp_path / "ideas.pdf"
    odd.write_bytes(b"%PDF-1.4")
    assert "CSV or XLSX" in refused(workshop.db, workshop, odd)[0].problem
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    assert "XLSX" in refused(workshop.db, workshop, fake)[0].problem
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "empty" in refused(workshop.db, workshop, empty)[0].problem
    with pytest.raises(NotFound):
        imports.import_file(workshop.db, workshop.code, tmp_path / "missing.csv")
    with pytest.raises(NotFound):
        imports.import_file(workshop.db, "NOSUCH", write_csv(tmp_path / "ok.csv", [["title", "scale", "driver"]]))


def test_a_file_mixing_workshops_is_refused(workshop, tmp_path):
    problems = refused(workshop.db, workshop, write_csv(tmp_path / "mix.csv", [
        ["workshop_code", "title", "scale", "driver"], ["AAAA", "One", "small", "central"],
        ["BBBB", "Two", "small", "central"]]))
    assert where(problems) == {(3, "workshop_code")}


def test_merged_into_must_refer_to_an_idea_of_the_file(workshop, tmp_path):
    problems = refused(workshop.db, workshop, write_csv(tmp_path / "merge.csv", [
        ["id", "title", "scale", "driver", "merged_into"], ["1", "Kept", "small", "central", ""],
        ["2", "Duplicate", "small", "central", "7"], ["1", "Same id", "small", "central", ""]]))
    assert where(problems) == {(3, "merged_into"), (4, "id")}


def scores_file(path: Path, rows: list[list[object]]) -> Path:
    return write_csv(path, [["participant", "item_kind", "item", "criterion", "value"], *rows])


def test_paper_scores_are_imported_and_checked_against_the_criteria(workshop, tmp_path):
    db = workshop.db
    scenario = store.save_scenario(db, workshop.code, workshop.key, name="Sponge centre")
    result = imports.import_file(db, workshop.code, scores_file(tmp_path / "scores.csv", [
        ["Table 1", "scenario", "Sponge centre", "CO2 reduction", "4"],
        ["Table 1", "scenario", "sponge centre", "cost", ""],  # case-insensitive names; empty = don't know
    ]))
    assert result.scores == 2
    values = {(s.criterion_id, s.value) for s in store.list_scores(db, workshop.id)}
    criteria = {c.name: c.id for c in store.list_criteria(db, workshop.id)}
    assert values == {(criteria["CO2 reduction"], 4.0), (criteria["Cost"], None)}
    assert all(s.item_id == scenario.id for s in store.list_scores(db, workshop.id))

    problems = refused(db, workshop, scores_file(tmp_path / "bad.csv", [
        ["Table 2", "scenario", "Sponge centre", "CO2 reduction", "9"],
        ["Table 2", "scenario", "Sponge centre", "Beauty", "3"],
        ["Table 2", "scenario", "Unknown plan", "Cost", "3"],
        ["Table 2", "plan", "Sponge centre", "Cost", "3"],
    ]))
    assert where(problems) == {(2, "value"), (3, "criterion"), (5, "item_kind")}
    assert "0 to 5" in next(p.problem for p in problems if p.column == "value")
    # Item names are checked once the other values are right.
    problems = refused(db, workshop, scores_file(tmp_path / "item.csv", [
        ["Table 2", "scenario", "Unknown plan", "Cost", "3"]]))
    assert where(problems) == {(2, "item")}


def test_an_xlsx_with_good_ideas_and_bad_scores_imports_nothing(workshop, tmp_path):
    path = write_xlsx(tmp_path / "paper.xlsx", {
        "ideas": [["title", "scale", "driver", "votes"], ["Pocket parks", "small", "central", 2]],
        "scores": [["participant", "item_kind", "item", "criterion", "value"],
                   ["Table 1", "idea", "Pocket parks", "CO2 reduction", 3],
                   ["Table 1", "idea", "Pocket parks", "Cost", 11]],
    })
    problems = refused(workshop.db, workshop, path)
    assert [(p.sheet, p.row, p.column) for p in problems] == [("scores", 3, "value")]
    assert store.list_ideas(workshop.db, workshop.id, facilitator=True) == []
    # Fixed, the same workbook imports both sheets: the scores find the idea imported with them.
    wb = openpyxl.load_workbook(path)
    wb["scores"]["E3"] = 1
    wb.save(path)
    result = imports.import_file(workshop.db, workshop.code, path)
    assert (result.ideas, result.votes, result.scores) == (1, 2, 2)


def test_an_idea_rolled_back_when_a_later_row_fails_in_the_write(workshop, tmp_path):
    """Rows that pass the checks but fail while writing (an ambiguous item) leave nothing behind."""
    db = workshop.db
    store.join(db, workshop.code, TOKEN_A, "")
    for _ in range(2):
        store.add_idea(db, workshop.code, TOKEN_A, title="Twin", scale="small", driver="central")
    path = write_xlsx(tmp_path / "twins.xlsx", {
        "ideas": [["title", "scale", "driver"], ["Brand new", "large", "central"]],
        "scores": [["item_kind", "item", "criterion", "value"], ["idea", "Twin", "Cost", 2]],
    })
    problems = refused(db, workshop, path)
    assert where(problems) == {(2, "item")} and "item_id" in problems[0].problem
    assert "Brand new" not in {i.title for i in store.list_ideas(db, workshop.id, facilitator=True)}


def test_semicolon_csv_from_a_european_spreadsheet_with_decimal_commas(workshop, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufefftitle;scale;driver;lat;lon\nŁąka kwietna;small;individual;54,35;18,65\n".encode("utf-8"))
    imports.import_file(workshop.db, workshop.code, path)
    idea = store.list_ideas(workshop.db, workshop.id, facilitator=True)[0]
    assert (idea.title, idea.lat, idea.lon) == ("Łąka kwietna", 54.35, 18.65)


def test_cli_import_reports_success_and_refusal(workshop, tmp_path, capsys):
    url = workshop.db.url
    good = write_csv(tmp_path / "good.csv", [["title", "scale", "driver"], ["Bike racks", "small", "central"]])
    assert cli.main(["--db", url, "import", workshop.code, str(good)]) == 0
    assert "Imported 1 idea(s)" in capsys.readouterr().out
    bad = write_csv(tmp_path / "bad.csv", [["title", "scale", "driver"], ["Bike racks", "tiny", "central"]])
    assert cli.main(["--db", url, "import", workshop.code, str(bad), "--kind", "ideas"]) == 2
    err = capsys.readouterr().err
    assert "row 2, column scale" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
