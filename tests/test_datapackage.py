"""The open-data package: every export folder's datapackage.json validates with ``frictionless``,
says what the data dictionary says, and catches files that drift from it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless
import pytest

from facilitation.demo import load_demo
from facilitation.outputs import datapackage, dictionary, export

from review_data import add_peer_workshop


def validate(folder: Path) -> frictionless.Report:
    return frictionless.validate(str(folder / datapackage.DATAPACKAGE_FILE))


def problems(report: frictionless.Report) -> str:
    """Every error of a report, one a line, for an assertion message."""
    lines = [f"package: {e.message}" for e in report.errors]
    lines += [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    return "\n".join(lines)


def descriptor(folder: Path) -> dict:
    return json.loads((folder / datapackage.DATAPACKAGE_FILE).read_text(encoding="utf-8"))


def rewrite_csv(path: Path, change) -> None:
    """Read a CSV, let ``change`` edit its header and rows in place, write it back."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


@pytest.fixture
def demo_export(db, tmp_path):
    code, _ = load_demo(db)
    written = export.export_workshop(db, code, tmp_path / "demo")
    return code, tmp_path / "demo", written


def test_the_demo_export_is_a_valid_data_package(demo_export):
    code, out, written = demo_export
    assert out / "datapackage.json" in written
    report = validate(out)
    assert report.valid, problems(report)
    rows = {task.name: task.stats.get("rows") for task in report.tasks}
    assert rows["ideas"] == 7 and rows["votes"] == 14 and rows["scores"] == 40  # the data were read
    doc = descriptor(out)
    assert doc["name"] == f"workshop-{code}".lower() and doc["created"].endswith("Z")
    assert "licenses" not in doc  # the organiser's call, not the kit's
    paths = {r["path"] for r in doc["resources"]}
    assert paths == {dictionary.table(t).file for t in export.CSV_TABLES} | {export.GEOJSON_FILE}
    assert {p.name for p in written} >= paths
    geo = next(r for r in doc["resources"] if r["path"] == export.GEOJSON_FILE)
    assert geo["format"] == "geojson" and "schema" not in geo


def test_an_all_export_of_two_workshops_is_a_valid_data_package(db, tmp_path):
    codes = {load_demo(db)[0], add_peer_workshop(db)[0]}
    export.export_all(db, tmp_path, with_names=True)
    report = validate(tmp_path)
    assert report.valid, problems(report)
    doc = descriptor(tmp_path)
    assert doc["name"] == "workshops"
    ideas = next(r for r in doc["resources"] if r["name"] == "ideas")["schema"]
    assert "author_name" in [f["name"] for f in ideas["fields"]]  # --with-names columns are described too
    with (tmp_path / "ideas.csv").open(encoding="utf-8") as fh:
        assert {r["workshop_code"] for r in csv.DictReader(fh)} == codes


def test_every_dictionary_column_is_in_the_schema_with_its_meaning_and_type(demo_export):
    _, out, _ = demo_export
    resources = {r["name"]: r for r in descriptor(out)["resources"]}
    for name in export.CSV_TABLES:
        table = dictionary.table(name)
        res = resources[name]
        assert res["path"] == table.file and res["format"] == "csv" and res["encoding"] == "utf-8"
        assert res["mediatype"] == "text/csv" and res["schema"]["missingValues"] == [""]
        fields = res["schema"]["fields"]
        assert [f["name"] for f in fields] == table.column_names()
        for f in fields:
            column = table.column(f["name"])
            assert f["description"].startswith(column.meaning)
            assert f["type"] == datapackage.FIELD_TYPES[column.type]
            assert f.get("constraints", {}).get("enum", []) == list(column.values)
        assert res["schema"].get("primaryKey", []) == list(table.key)
        refs = {tuple(k["fields"]): k["reference"] for k in res["schema"].get("foreignKeys", [])}
        for column in table.columns:
            if column.refers_to:
                target = refs[(column.name,)]
                assert (target["resource"] or name) == column.refers_to and target["fields"] == ["id"]
    assert resources["ideas"]["schema"]["fields"][4 + 3]["constraints"]["enum"] == ["small", "large"]
    assert {"fields": ["idea_id"], "reference": {"resource": "ideas", "fields": ["id"]}} in (
        resources["votes"]["schema"]["foreignKeys"])


def test_a_column_the_schema_lacks_fails_validation(demo_export):
    _, out, _ = demo_export

    def add_column(rows):
        rows[0].append("mood")
        for row in rows[1:]:
            row.append("sunny")

    rewrite_csv(out / "ideas.csv", add_column)
    report = validate(out)
    assert not report.valid
    assert any(e.type in ("extra-label", "extra-cell") for t in report.tasks for e in t.errors), problems(report)


def test_a_value_outside_a_closed_vocabulary_fails_validation(demo_export):
    _, out, _ = demo_export

    def bad_scale(rows):
        rows[1][rows[0].index("scale")] = "medium"

    rewrite_csv(out / "ideas.csv", bad_scale)
    report = validate(out)
    assert not report.valid
    assert [e.type for t in report.tasks for e in t.errors] == ["constraint-error"], problems(report)


def test_a_broken_reference_and_a_wrong_type_fail_validation(demo_export):
    _, out, _ = demo_export

    def dangling(rows):
        rows[1][rows[0].index("idea_id")] = "999999"
        rows[2][rows[0].index("created_at")] = "yesterday"

    rewrite_csv(out / "votes.csv", dangling)
    report = validate(out)
    assert {e.type for t in report.tasks for e in t.errors} == {"foreign-key", "type-error"}, problems(report)
