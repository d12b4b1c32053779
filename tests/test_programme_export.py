"""The programme export read back: iCalendar with the icalendar library, GeoJSON with json and a shape check."""

from __future__ import annotations

import csv
import json
import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from facilitation import cli, store
from facilitation.demo_programmes import load_demo_programmes
from facilitation.outputs import programme_tables as pt
from facilitation.outputs.programme_export import export_programme

SERIES = "CoR–JASPERS local workshops on the EU Urban Agenda"
MEETINGS = "MULTIPLY – spotkania konsorcjum"
COHORT = "Online Discussion Groups – Cohort 1"
# The seeds' dates and places: (programme, city in the title, first day, last day, (lat, lon) or None for online).
SEEDED = [
    (SERIES, "Vienna", date(2017, 5, 9), date(2017, 5, 9), (48.21, 16.37)),
    (SERIES, "Gdansk", date(2017, 7, 5), date(2017, 7, 5), (54.35, 18.65)),
    (SERIES, "Athens", date(2017, 7, 10), date(2017, 7, 10), (37.98, 23.73)),
    (SERIES, "Sofia", date(2017, 9, 13), date(2017, 9, 13), (42.70, 23.32)),
    (MEETINGS, "Radolfzell", date(2019, 1, 24), date(2019, 1, 25), (47.74, 8.97)),
    (MEETINGS, "Kraków", date(2019, 9, 30), date(2019, 10, 1), (50.06, 19.94)),
    (MEETINGS, "3. spotkanie", date(2020, 3, 13), date(2020, 3, 13), None),
    (MEETINGS, "4. spotkanie", date(2020, 10, 14), date(2020, 10, 15), None),
    (MEETINGS, "5. spotkanie", date(2021, 5, 21), date(2021, 5, 21), None),
    (MEETINGS, "6. spotkanie", date(2022, 3, 6), date(2022, 3, 6), None),
    (MEETINGS, "Helsingborg", date(2022, 5, 31), date(2022, 5, 31), (56.05, 12.69)),
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("programmes")
    with store.Database(folder / "demo.sqlite") as db:
        assert len(load_demo_programmes(db)) == 3
        out = {}
        for name in (SERIES, MEETINGS, COHORT):
            out[name] = folder / name.split()[0]
            export_programme(db, name, out[name])
    return out


def check_geojson_shape(doc: dict) -> None:
    """RFC 7946: a FeatureCollection of Features with Point geometries [lon, lat] and object properties."""
    assert doc["type"] == "FeatureCollection" and isinstance(doc["features"], list)
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        g = f["geometry"]
        assert g["type"] == "Point" and len(g["coordinates"]) == 2
        lon, lat = g["coordinates"]
        assert all(isinstance(v, float) and math.isfinite(v) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def events(folder: Path) -> list:
    cal = Calendar.from_ical((folder / pt.ICS_FILE).read_bytes())
    return list(cal.walk("VEVENT"))


@pytest.mark.parametrize("programme,city,first,last,coords", SEEDED)
def test_every_dated_demo_workshop_is_in_the_calendar_and_on_the_map(exported, programme, city, first, last,
                                                                     coords) -> None:
    folder = exported[programme]
    [ev] = [e for e in events(folder) if city in str(e.get("summary"))]
    assert ev.decoded("dtstart") == first and ev.decoded("dtend") == last + timedelta(days=1)
    code = str(ev.get("uid")).removeprefix("workshop-").split("@")[0]
    row = {r["workshop_code"]: r for r in read_csv(folder / "workshops.csv")}[code]
    assert (row["date"], row["end_date"] or row["date"]) == (first.isoformat(), last.isoformat())
    assert (folder / code / "workshops.csv").exists() and (folder / code / "report.html").exists()
    doc = json.loads((folder / pt.GEOJSON_FILE).read_text(encoding="utf-8"))
    check_geojson_shape(doc)
    points = [f for f in doc["features"] if code in f["properties"]["workshop_codes"]]
    if coords is None:
        assert "on-line" in str(ev.get("location")) and points == [] and ev.get("geo") is None
        return
    [point] = points
    lon, lat = point["geometry"]["coordinates"]
    assert (lat, lon) == pytest.approx(coords, abs=0.2)
    assert ev.decoded("geo") == pytest.approx((lat, lon)) and first.isoformat() in point["properties"]["dates"]
    assert city.casefold() in str(ev.get("location")).casefold()


def test_calendar_uids_are_stable_and_unique(exported) -> None:
    uids = [str(e.get("uid")) for folder in exported.values() for e in events(folder)]
    assert len(uids) == len(set(uids)) == len(SEEDED)


def test_undated_sessions_are_listed_but_not_in_the_calendar(exported) -> None:
    folder = exported[COHORT]
    rows = read_csv(folder / "workshops.csv")
    assert events(folder) == []
    kinds = [r["kind"] for r in rows]
    assert kinds.count("thematic-session") == 5 and kinds.count("technical-session") == 5
    assert {r["venue"] for r in rows} == {"Online"} and all(r["date"] == "" for r in rows)
    assert [r["phase"] for r in rows if r["kind"] == "technical-session"] == ["Problem-solving technical sessions"] * 5
    practices = read_csv(folder / "practices.csv")
    assert {p["city"] for p in practices} == {"Lahti", "Leuven"}


def test_tables_follow_the_dictionary_and_the_workbook_has_a_sheet_each(exported) -> None:
    folder = exported[MEETINGS]
    for name in pt.CSV_TABLES:
        table = pt.BY_NAME[name]
        with (folder / table.file).open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == [c.name for c in table.columns]
    items = read_csv(folder / "meeting.csv")
    assert len(items) == 3 + 3 + 4 + 4 + 3 + 1 + 2
    assert [i["decisions"] for i in items if i["decisions"]] == [
        next(i["decisions"] for i in items if i["topic"] == "Zadania na ostatnie miesiące projektu")]
    [action] = read_csv(folder / "actions.csv")
    assert action["text"].startswith("PRZYKŁAD") and action["done"] == "false"
    wb = load_workbook(folder / pt.XLSX_FILE, read_only=True)
    assert wb.sheetnames == [t.name for t in pt.PROGRAMME_TABLES] + ["data dictionary"]
    assert wb["programme_workshops"].max_row == 1 + 7


def test_cli_lists_programmes_and_exports_one(tmp_path, capsys) -> None:
    db_path = str(tmp_path / "cli.sqlite")
    assert cli.main(["--db", db_path, "demo"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db_path, "programmes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{SERIES}  4 workshop(s)") and "2017-05-09 – 2017-09-13" in line for line in lines)
    assert cli.main(["--db", db_path, "export", "--programme", SERIES, "--to", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / pt.ICS_FILE).exists()
    capsys.readouterr()
    assert cli.main(["--db", db_path, "export", "--programme", "Nothing", "--to", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no programme called 'Nothing'" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()
