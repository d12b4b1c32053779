"""Exports: every file opens, the data dictionary covers every column, round trips are lossless."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from facilitation import cli, store

from facilitation.outputs import dictionary

from facilitation.outputs import export

from facilitation.outputs import paper_input as imports
from facilitation.demo import load_demo

from review_data import PEER_NAMES, add_peer_workshop

DOCS = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"
CSV_FILES = [dictionary.table(name).file for name in export.CSV_TABLES]
DEMO_NAMES = ["Anna (city planner)", "Piotr (energy office)", "Lotte (design expert)"]
TRICKY = '=SUM(A1:A3) "quoted" <script>x</script>'


@pytest.fixture
def two(db):
    demo = load_demo(db)
    peer = add_peer_workshop(db)
    return {"demo": demo, "peer": peer}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def all_text(out: Path) -> str:
    """Every exported byte as text (XLSX unzipped), to search for what must (not) be there."""
    chunks = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                chunks += [z.read(n).decode("utf-8") for n in z.namelist()]
        elif path.is_file():
            chunks.append(path.read_text(encoding="utf-8"))
    return "\n".join(chunks)


def test_every_export_file_opens_with_pandas_openpyxl_and_json(two, db, tmp_path):
    code = two["demo"][0]
    written = export.export_workshop(db, code, tmp_path)
    names = {p.name for p in written}
    assert names == set(CSV_FILES) | {"challenge.geojson", "workshop.xlsx", "report.html", "datapackage.json"}
    for name in CSV_FILES:
        frame = pd.read_csv(tmp_path / name)
        assert list(frame.columns) == dictionary.BY_FILE[name].column_names(), name
        assert set(frame["workshop_code"].dropna()) <= {code}
    ideas = pd.read_csv(tmp_path / "ideas.csv")
    assert len(ideas) == 7 and ideas["votes"].sum() == 14
    assert {"id", "title", "description", "scale", "driver", "author", "votes", "hidden", "created_at"} <= set(
        ideas.columns)
    assert ideas["hidden"].dtype == bool
    assert len(pd.read_csv(tmp_path / "scores.csv")) == 40
    results = pd.read_csv(tmp_path / "results.csv")
    assert list(results["item"]) == ["Sponge centre", "Quick green wins"] and list(results["rank"]) == [1, 2]

    geo = json.loads((tmp_path / "challenge.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    for feature in geo["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Polygon", "LineString", "Point")
        assert feature["properties"]["workshop_code"] == code
    assert geo["workshops"][0]["challenge_title"].startswith("Too little green")

    wb = openpyxl.load_workbook(tmp_path / "workshop.xlsx")
    assert wb.sheetnames == [t.name for t in dictionary.TABLES] + [export.DICTIONARY_SHEET]
    frames = pd.read_excel(tmp_path / "workshop.xlsx", sheet_name=None)
    assert len(frames["ideas"]) == 7 and len(frames["map_features"]) == 4

    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and "<script" not in report.lower()
    assert " src=" not in report and "<link" not in report and "@import" not in report
    assert report.count("<svg") >= 6


def test_data_dictionary_covers_every_exported_column(two, db, tmp_path):
    export.export_workshop(db, two["peer"][0], tmp_path, with_names=True)
    for name in CSV_FILES:
        header = next(csv.reader((tmp_path / name).open(encoding="utf-8")))
        assert header == dictionary.BY_FILE[name].column_names(with_names=True), name
    wb = openpyxl.load_workbook(tmp_path / "workshop.xlsx", read_only=True)
    for table in dictionary.TABLES:
        header = [c.value for c in next(wb[table.name].iter_rows(max_row=1))]
        assert header == table.column_names(with_names=True), table.name
    sheet = list(wb[export.DICTIONARY_SHEET].iter_rows(values_only=True))
    assert sheet[0] == ("table", "file", "column", "type", "meaning")
    assert {(r[0], r[2]) for r in sheet[1:]} == {(t.name, c.name) for t in dictionary.TABLES for c in t.columns}
    geo = json.loads((tmp_path / "challenge.geojson").read_text(encoding="utf-8"))
    documented = set(dictionary.table("map_features").column_names(with_names=True))
    for feature in geo["features"]:
        assert set(feature["properties"]) | {"geometry"} == documented
    for table in dictionary.TABLES:
        for column in table.columns:
            assert column.type in dictionary.TYPES and column.meaning, (table.name, column.name)


def test_the_data_dictionary_in_the_docs_is_up_to_date():
    assert DOCS.read_text(encoding="utf-8") == dictionary.render_markdown(), (
        "docs/data-dictionary.md is stale: run python -m facilitation.outputs.dictionary docs/data-dictionary.md")


def test_pseudonyms_only_unless_names_are_asked_for(two, db, tmp_path):
    code = two["demo"][0]
    export.export_workshop(db, code, tmp_path / "plain")
    export.export_workshop(db, code, tmp_path / "named", with_names=True)
    plain = all_text(tmp_path / "plain")
    for name in DEMO_NAMES:
        assert name not in plain
    named = read_csv(tmp_path / "named" / "participants.csv")
    assert sorted(p["name"] for p in named if p["name"]) == sorted(DEMO_NAMES)
    ideas = read_csv(tmp_path / "named" / "ideas.csv")
    assert ideas[0]["author_name"] == "Anna (city planner)" and ideas[0]["author"] != ideas[0]["author_name"]
    assert "name" not in read_csv(tmp_path / "plain" / "participants.csv")[0]
    # The pseudonym is the same in both, so analysts can join the tables either way.
    plain_people = {p["id"]: p["pseudonym"] for p in read_csv(tmp_path / "plain" / "participants.csv")}
    assert plain_people == {p["id"]: p["pseudonym"] for p in named}
    # The report never lists participants, with or without names.
    assert "Anna" not in (tmp_path / "named" / "report.html").read_text(encoding="utf-8")


def test_text_is_exported_exactly_as_typed_and_escaped_only_in_the_report(two, db, tmp_path):
    export.export_workshop(db, two["peer"][0], tmp_path)
    ideas = read_csv(tmp_path / "ideas.csv")
    tricky = next(i for i in ideas if i["title"] == TRICKY)
    assert tricky["description"] == "Zażółć gęślą jaźń\nsecond line"
    challenge = read_csv(tmp_path / "workshops.csv")[0]["challenge_description"]
    assert challenge == 'Heat islands & "grey" courtyards <b>need</b> shade.'
    ws = openpyxl.load_workbook(tmp_path / "workshop.xlsx")["ideas"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == TRICKY]
    assert cells and cells[0].data_type == "s"  # text, never a formula
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>x</script>" not in report and "&lt;script&gt;x&lt;/script&gt;" in report
    assert "<b>need</b>" not in report and "&lt;b&gt;need&lt;/b&gt;" in report


def test_export_all_writes_one_tidy_table_per_entity(two, db, tmp_path):
    written = export.export_all(db, tmp_path)
    codes = {two["demo"][0], two["peer"][0]}
    for name in CSV_FILES:
        frame = pd.read_csv(tmp_path / name, keep_default_na=False)
        assert list(frame.columns[:4]) == ["workshop_code", "city", "country", "round"]
        assert list(frame.columns) == dictionary.BY_FILE[name].column_names()
    ideas = pd.read_csv(tmp_path / "ideas.csv")
    assert set(ideas["workshop_code"]) == codes and len(ideas) == 11
    assert set(zip(ideas["workshop_code"], ideas["city"])) == {(two["demo"][0], "Gdansk"), (two["peer"][0], "Sofia")}
    assert sorted(pd.read_csv(tmp_path / "workshops.csv")["round"]) == [1, 2]
    geo = json.loads((tmp_path / "challenge.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["workshop_code"] for f in geo["features"]} == codes
    assert pd.read_excel(tmp_path / "workshops.xlsx", sheet_name="ideas").shape[0] == 11
    assert {p.name for p in written if p.parent.name == "reports"} == {f"{c}.html" for c in codes}


def _comparable(rows: list[dict[str, str]], drop: set[str]) -> list[dict[str, str]]:
    """Rows without the store's own ids; references to ideas made by title instead."""
    titles = {r["id"]: r["title"] for r in rows if "title" in r}
    out = []
    for r in rows:
        r = {k: v for k, v in r.items() if k not in drop}
        if "merged_into" in r:
            r["merged_into"] = titles.get(r["merged_into"], "")
        out.append(r)
    return sorted(out, key=lambda r: json.dumps(r, sort_keys=True))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_import_round_trip_is_lossless_for_ideas_and_scores(two, db, tmp_path, fmt):
    code, key = two["peer"]
    # Make the source richer: a hidden idea and a merged duplicate.
    ideas = store.list_ideas(db, store.get_workshop(db, code).id, facilitator=True)
    store.set_hidden(db, code, key, ideas[3].id, True)
    store.merge_ideas(db, code, key, ideas[0].id, ideas[2].id)
    export.export_workshop(db, code, tmp_path / "a")

    target = store.create_workshop(db, title="Copy", city="Plovdiv", country="Bulgaria")
    tcode, tkey = target.workshop.code, target.key
    for sc in store.list_scenarios(db, store.get_workshop(db, code).id):
        store.save_scenario(db, tcode, tkey, name=sc.name, narrative=sc.narrative)
    if fmt == "csv":
        imports.import_file(db, tcode, tmp_path / "a" / "ideas.csv")
        result = imports.import_file(db, tcode, tmp_path / "a" / "scores.csv")
    else:
        result = imports.import_file(db, tcode, tmp_path / "a" / "workshop.xlsx")
        assert result.kinds == ["ideas", "scores"]
    export.export_workshop(db, tcode, tmp_path / "b")

    context = {"workshop_code", "city", "country", "round"}
    before = read_csv(tmp_path / "a" / "ideas.csv")
    after = read_csv(tmp_path / "b" / "ideas.csv")
    assert len(after) == len(before) == 4
    assert _comparable(after, context | {"id", "author_id"}) == _comparable(before, context | {"id", "author_id"})
    drop = context | {"id", "participant_id", "item_id", "criterion_id"}
    assert _comparable(read_csv(tmp_path / "b" / "scores.csv"), drop) == _comparable(
        read_csv(tmp_path / "a" / "scores.csv"), drop)
    assert [r["item"] for r in read_csv(tmp_path / "b" / "results.csv")] == [
        r["item"] for r in read_csv(tmp_path / "a" / "results.csv")]
    # Importing the same file again changes nothing.
    again = imports.import_file(db, tcode, tmp_path / "a" / ("ideas.csv" if fmt == "csv" else "workshop.xlsx"))
    assert again.ideas == 0 and again.scores == 0 and again.skipped > 0


def test_an_empty_workshop_exports_headers_only_and_a_readable_report(db, tmp_path):
    created = store.create_workshop(db, title="Nothing yet", city="Lahti", country="Finland", language="pl")
    export.export_workshop(db, created.workshop.code, tmp_path)
    assert pd.read_csv(tmp_path / "ideas.csv").empty
    assert len(pd.read_csv(tmp_path / "workshops.csv")) == 1
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="pl">' in report and "Nothing yet" in report
    assert json.loads((tmp_path / "challenge.geojson").read_text())["features"] == []


def test_report_is_in_the_workshop_language(db, tmp_path):
    code, key = load_demo(db)
    created = store.create_workshop(db, title="Zielone centrum", city="Gdańsk", country="Polska", language="pl")
    store.save_challenge(db, created.workshop.code, created.key, title="Za mało zieleni", description="Upał")
    export.export_workshop(db, created.workshop.code, tmp_path / "pl")
    export.export_workshop(db, code, tmp_path / "en")
    polish = (tmp_path / "pl" / "report.html").read_text(encoding="utf-8")
    english = (tmp_path / "en" / "report.html").read_text(encoding="utf-8")
    assert "The challenge" in english and "The challenge" not in polish
    assert "Wyzwanie" in polish and "Za mało zieleni" in polish


def test_stakeholder_quadrants_are_the_stakeholder_steps_own(two, db):
    tables = export.workshop_tables(db, store.get_workshop(db, two["demo"][0]))
    quadrants = {st["name"]: st["quadrant"] for st in tables["stakeholders"]}
    assert quadrants == {
        "City roads department": "manage_closely",  # power 5, interest 4
        "Old town residents' association": "keep_informed",  # 2, 5
        "Shop owners on the market square": "keep_informed",  # 3, 4: three is not yet high
        "University of Technology": "monitor",  # 2, 2
        "Water utility": "keep_satisfied",  # 4, 2
        "Heritage conservator": "keep_satisfied",  # 5, 3
    }


def test_cli_export_one_and_all(two, db, tmp_path, capsys):
    url = db.url
    assert cli.main(["--db", url, "export", two["demo"][0], "--to", str(tmp_path / "one")]) == 0
    assert "Wrote 21 files" in capsys.readouterr().out  # groups.csv (22); notes, decisions, questions, polls (24)
    assert (tmp_path / "one" / "report.html").exists()
    assert cli.main(["--db", url, "export", "--all", "--to", str(tmp_path / "all"), "--with-names"]) == 0
    named = read_csv(tmp_path / "all" / "participants.csv")
    assert {p["name"] for p in named} >= {"Anna (city planner)", PEER_NAMES[0]}
    assert cli.main(["--db", url, "export", "NOSUCH", "--to", str(tmp_path / "x")]) == 2
    assert "NOSUCH" in capsys.readouterr().err
