"""Exports for analysts, GIS and readers: CSV per table, GeoJSON, one XLSX, an HTML report.

``export_workshop`` writes one workshop, ``export_all`` every workshop into the same tables
(one tidy table per entity: every row carries workshop code, city, country and round).
Columns, their order and their meaning come from :mod:`facilitation.outputs.dictionary`.

Text is written exactly as typed: no HTML escaping in data files (only ``report.html``
escapes, because it is HTML). Participants appear by pseudonym; display names are written
only with ``with_names=True``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from facilitation import scoring, store

from facilitation.outputs import datapackage, dictionary

from facilitation.domain import mendelow
from facilitation.domain.groups import group_label
from facilitation.domain.records import Criterion, Workshop
from facilitation.store.criteria import criterion_from_row
from facilitation.outputs import meeting_tables, poll_tables, question_tables

CSV_TABLES = ("workshops", "participants", "ideas", "votes", "scenarios", "case_studies", "stakeholders",
              "criteria", "scores", "results", "feedback", "groups", *meeting_tables.NAMES,
              *question_tables.NAMES, *poll_tables.NAMES)
GEOJSON_FILE = "challenge.geojson"
WORKSHOP_XLSX = "workshop.xlsx"
ALL_XLSX = "workshops.xlsx"
REPORT_FILE = "report.html"
DICTIONARY_SHEET = "data dictionary"

Row = dict[str, Any]
Tables = dict[str, list[Row]]


# --- what a workshop holds, as rows -----------------------------------------------------


def quadrant(power: int, interest: int) -> str:
    """The Mendelow quadrant of a stakeholder, as the stakeholder step computes it."""
    return mendelow.quadrant(power, interest)


@dataclass(frozen=True)
class ScoringSummary:
    """Group results of one kind of scored item and how much the group agrees."""

    item_kind: str
    results: list[scoring.ItemResult]
    agreement: scoring.Agreement | None
    names: dict[int, str]


def scoring_summaries(criteria: Sequence[Criterion], score_rows: Sequence[Mapping[str, Any]],
                      item_names: Mapping[tuple[str, int], str]) -> list[ScoringSummary]:
    """Group ranking and agreement per scored item kind (scenarios first), from raw score rows."""
    by_id = {c.id: c for c in criteria}
    out = []
    for kind in ("scenario", "idea"):
        ballots: dict[int, dict[int, dict[str, float | None]]] = {}
        items: list[int] = []
        for r in score_rows:
            if r["item_kind"] != kind or r["criterion_id"] not in by_id:
                continue
            ballots.setdefault(r["participant_id"], {}).setdefault(r["item_id"], {})[
                by_id[r["criterion_id"]].name] = r["value"]
            if r["item_id"] not in items:
                items.append(r["item_id"])
        if not items or not criteria:
            continue
        results = scoring.group_result(ballots, items, list(criteria))
        agreement = scoring.agreement(ballots, items, list(criteria))
        names = {i: item_names.get((kind, i), "") for i in items}
        out.append(ScoringSummary(kind, results, agreement, names))
    return out


def workshop_tables(db: store.Database, workshop: Workshop, *, with_names: bool = False) -> Tables:
    """Every exported table of one workshop as rows of Python values, columns as in the dictionary."""
    stored = store.workshop_rows(db, workshop.id)
    prows, irows, vrows, frows, srows, strows, crows, scrows, fbrows = (
        stored.tables[name] for name in ("participants", "ideas", "votes", "map_features", "scenarios",
                                         "stakeholders", "criteria", "scores", "feedback"))
    challenge, programme, created_at = stored.challenge, stored.programme, stored.created_at

    ctx = {"workshop_code": workshop.code, "city": workshop.city, "country": workshop.country,
           "round": workshop.round}
    people = {p["id"]: p for p in prows}
    groups, members = store.all_groups(db, workshop.id), store.memberships(db, workshop.id)

    def grouped(gid: int | None) -> Row:
        """The group columns (issue 14): the group's label and city, empty without a group."""
        g = groups.get(gid) if gid is not None else None
        return {"group": group_label(g) if g else "", "group_city": g.city if g else ""}

    def pseudonym(pid: int | None) -> str:
        return people[pid]["pseudonym"] if pid in people else ""

    def name(pid: int | None) -> str:
        return people[pid]["display_name"] if pid in people else ""

    def shape(table: str, row: Row) -> Row:
        cols = dictionary.table(table).column_names(with_names)
        full = {**ctx, **row}
        return {c: full.get(c) for c in cols}

    active = [v for v in vrows if v["withdrawn_at"] is None]
    votes_on: dict[int, int] = {}
    for v in active:
        votes_on[v["idea_id"]] = votes_on.get(v["idea_id"], 0) + 1
    for i in irows:  # round 2: the votes an idea carried from round 1 count with this round's dots (issue 22)
        votes_on[i["id"]] = votes_on.get(i["id"], 0) + (i.get("carried_votes") or 0)
    titles = {i["id"]: i["title"] for i in irows}
    scen_names = {r["id"]: r["name"] for r in srows}

    tables: Tables = {name_: [] for name_ in dictionary.BY_NAME}
    for i in irows:
        tables["ideas"].append(shape("ideas", {
            **i, "author": pseudonym(i["author_id"]), "author_name": name(i["author_id"]),
            "votes": votes_on.get(i["id"], 0), "hidden": bool(i["hidden"]), **grouped(i["group_id"])}))
    for v in vrows:
        tables["votes"].append(shape("votes", {
            **v, "idea": titles.get(v["idea_id"], ""), "participant": pseudonym(v["participant_id"]),
            "participant_name": name(v["participant_id"]), **grouped(v["group_id"])}))
    for f in frows:
        tables["map_features"].append(shape("map_features", {**f, **grouped(f["group_id"])}))
    for r in srows:
        ids = list(r["idea_ids"] or ())
        tables["scenarios"].append(shape("scenarios", {
            **r, "idea_ids": ids, "idea_titles": " | ".join(titles.get(i, "") for i in ids),
            "votes": sum(votes_on.get(i, 0) for i in ids), "case_studies": len(r["case_studies"] or ()),
            "hidden": bool(r["hidden"]), **grouped(r.get("group_id"))}))
        for case in r["case_studies"] or ():
            tables["case_studies"].append(shape("case_studies", {
                "scenario_id": r["id"], "scenario": r["name"], "title": case.get("title", ""),
                "case_city": case.get("city", ""), "lesson": case.get("lesson", ""), "link": case.get("link", "")}))
    for st in strows:
        tables["stakeholders"].append(shape("stakeholders", {
            **st, "quadrant": quadrant(st["power"], st["interest"]), "scenario": scen_names.get(st["scenario_id"], ""),
            "author": pseudonym(st["author_id"]), "author_name": name(st["author_id"]), "hidden": bool(st["hidden"]),
            **grouped(st["group_id"])}))
    criteria = [criterion_from_row(r) for r in crows]
    crit_names = {c.id: c.name for c in criteria}
    for c in crows:
        tables["criteria"].append(shape("criteria", c))
    item_names = {**{("idea", k): v for k, v in titles.items()}, **{("scenario", k): v for k, v in scen_names.items()}}
    for sc in scrows:
        tables["scores"].append(shape("scores", {
            **sc, "participant": pseudonym(sc["participant_id"]), "participant_name": name(sc["participant_id"]),
            "item": item_names.get((sc["item_kind"], sc["item_id"]), ""),
            "criterion": crit_names.get(sc["criterion_id"], ""), **grouped(sc["group_id"])}))
    summaries = scoring_summaries(criteria, scrows, item_names)
    for summary in summaries:
        for res in summary.results:
            tables["results"].append(shape("results", {
                "item_kind": summary.item_kind, "item_id": res.item, "item": summary.names.get(res.item, ""),
                "rank": res.rank, "score": _round(res.score), "raters": res.n, "spread": _round(res.spread)}))
    for fb in fbrows:
        steps = fb["step_ratings"] or {}
        tables["feedback"].append(shape("feedback", {
            **fb, "participant": pseudonym(fb["participant_id"]), "participant_name": name(fb["participant_id"]),
            **{f"rating_{step}": steps.get(step) for step in dictionary.RATED_STEPS},
            **grouped(members.get(fb["participant_id"]))}))
    tables.update(meeting_tables.workshop_rows(db, workshop, shape=shape, grouped=grouped, name=name))  # issue 24
    tables.update(poll_tables.workshop_rows(db, workshop, shape=shape, grouped=grouped, name=name))  # issue 24
    tables.update(question_tables.workshop_rows(db, workshop, shape=shape, grouped=grouped, name=name))  # issue 24
    live_ids = {g.id for g in store.list_groups(db, workshop.id)}
    for g in sorted(groups.values(), key=lambda g: g.number):  # each group's own challenge (issue 22)
        tables["groups"].append(shape("groups", {
            "id": g.id, **grouped(g.id), "challenge_title": g.challenge_title,
            "challenge_description": g.challenge_text, "lat": g.lat, "lon": g.lon,
            "members": sum(1 for gid in members.values() if gid == g.id), "removed": g.id not in live_ids}))
    counted = {"ideas": irows, "votes": active, "stakeholders": strows, "scores": scrows}
    fb_by = {fb["participant_id"] for fb in fbrows}
    asked = bool((workshop.settings or {}).get("ask_affiliation"))  # given only when the workshop asked
    for p in prows:
        if p.get("merged_into") is not None:  # the same person's second entry: everything of it is the kept one's
            continue
        counts = {k: sum(1 for r in rs if r.get("author_id", r.get("participant_id")) == p["id"])
                  for k, rs in counted.items()}
        tables["participants"].append(shape("participants", {
            **{k: v for k, v in p.items() if k != "city"},  # the context's city is the workshop's
            "name": p["display_name"], "joined_at": p["created_at"], "source": p.get("source") or "live",
            "forgotten": p.get("forgotten_at") is not None, **counts, "feedback": p["id"] in fb_by,
            "organisation": (p.get("organisation") or "") if asked else "",
            "participant_city": (p.get("city") or "") if asked else "", **grouped(members.get(p["id"]))}))
    main_summary = max(summaries, key=lambda x: sum(r.n for r in x.results), default=None)
    ratings = [fb["rating"] for fb in fbrows]
    tables["workshops"].append(shape("workshops", {
        "title": workshop.title, "programme": programme, "language": workshop.language, "date": workshop.date,
        "template": workshop.template, "themes": list(workshop.themes), "lat": workshop.lat, "lon": workshop.lon,
        "challenge_title": challenge["title"] if challenge else "",
        "challenge_description": challenge["description"] if challenge else "",
        "challenge_themes": list(challenge["themes"] or ()) if challenge else [],
        "participants": sum(1 for p in prows if p.get("source") != "carried" and p.get("merged_into") is None), "ideas": len(irows), "votes": len(active), "scenarios": len(srows),
        "stakeholders": sum(1 for st in strows if not st["hidden"] and st["merged_into"] is None),
        "scores": len(scrows), "feedback": len(fbrows),
        "mean_rating": _round(sum(ratings) / len(ratings), 2) if ratings else None,
        "agreement_w": _round(main_summary.agreement.overall_w, 3) if main_summary and main_summary.agreement else None,
        "agreement": main_summary.agreement.label if main_summary and main_summary.agreement else "",
        "created_at": created_at, "groups": sum(1 for g in store.list_groups(db, workshop.id)),
        "previous_code": _previous_code(db, workshop)}))
    return tables


def _previous_code(db: store.Database, workshop: Workshop) -> str:
    previous = store.previous_round(db, workshop.id) if workshop.previous_id else None
    return previous.code if previous else ""


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


# --- writing values ----------------------------------------------------------------------


def _number(value: float) -> str:
    if not math.isfinite(value):
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def csv_value(value: Any) -> str:
    """One value as CSV text (see the types in :data:`facilitation.outputs.dictionary.TYPES`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _atomic_write(path: Path, data: bytes) -> Path:
    """Write a file whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def csv_bytes(table: str, rows: Sequence[Row], *, with_names: bool) -> bytes:
    """A table as UTF-8 CSV with a header row (comma separated, quoted where needed)."""
    return rows_csv(dictionary.table(table).column_names(with_names), rows)


def rows_csv(cols: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``rows`` as UTF-8 CSV with the header ``cols`` (CRLF lines, values as the exports write them)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([csv_value(row.get(c)) for c in cols])
    return buf.getvalue().encode("utf-8")


def geojson_document(tables: Tables) -> dict:
    """The challenge maps as one GeoJSON FeatureCollection; the workshops' challenges ride along."""
    features = []
    for row in tables["map_features"]:
        props = {k: (csv_value(v) if isinstance(v, datetime) else v) for k, v in row.items() if k != "geometry"}
        features.append({"type": "Feature", "id": row["id"], "geometry": row["geometry"], "properties": props})
    challenges = [{k: w[k] for k in ("workshop_code", "city", "country", "round", "title", "challenge_title",
                                     "challenge_description", "challenge_themes")} for w in tables["workshops"]]
    return {"type": "FeatureCollection", "workshops": challenges, "features": features}


def xlsx_bytes(tables: Tables, *, with_names: bool) -> bytes:
    """One sheet per table (as in the CSVs; map features with GeoJSON text) and the data dictionary."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def put(ws, row_idx: int, col_idx: int, value: Any) -> None:
        if isinstance(value, (list, tuple)):
            value = ";".join(str(v) for v in value)
        elif isinstance(value, Mapping):
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        elif isinstance(value, float) and not math.isfinite(value):
            value = None
        cell = ws.cell(row=row_idx, column=col_idx)
        if isinstance(value, str):
            # XML cannot hold control characters; a text beginning with "=" stays text, never a formula.
            cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell.data_type = "s"
        else:
            cell.value = value
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"

    def sheet(title: str, header: list[str], body: Iterable[Sequence[Any]]) -> None:
        ws = wb.create_sheet(title)
        for j, col in enumerate(header, start=1):
            put(ws, 1, j, col)
            ws.cell(row=1, column=j).font = Font(bold=True)
        widths = [len(h) for h in header]
        for i, values in enumerate(body, start=2):
            for j, value in enumerate(values, start=1):
                put(ws, i, j, value)
                widths[j - 1] = max(widths[j - 1], min(60, len(csv_value(value))))
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = max(8, width + 2)
        ws.freeze_panes = "A2"

    wb = Workbook()
    wb.remove(wb.active)
    for t in dictionary.TABLES:
        cols = t.column_names(with_names)
        sheet(t.name, cols, ([row.get(c) for c in cols] for row in tables[t.name]))
    sheet(DICTIONARY_SHEET, ["table", "file", "column", "type", "meaning"], dictionary.rows())
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_tables(tables: Tables, out: Path, xlsx_name: str, *, with_names: bool) -> list[Path]:
    written = [_atomic_write(out / dictionary.table(name).file, csv_bytes(name, tables[name], with_names=with_names))
               for name in CSV_TABLES]
    doc = json.dumps(geojson_document(tables), ensure_ascii=False, indent=1)
    written.append(_atomic_write(out / GEOJSON_FILE, doc.encode("utf-8")))
    written.append(_atomic_write(out / xlsx_name, xlsx_bytes(tables, with_names=with_names)))
    package = datapackage.datapackage_bytes(CSV_TABLES, GEOJSON_FILE, [w["workshop_code"] for w in tables["workshops"]],
                                            with_names=with_names)
    written.append(_atomic_write(out / datapackage.DATAPACKAGE_FILE, package))
    return written


def _report(workshop: Workshop, tables: Tables, path: Path) -> Path:
    from facilitation.outputs.report import build_report

    return _atomic_write(path, build_report(workshop, tables).encode("utf-8"))


# --- the two entry points (facilitation export) ------------------------------------------


def export_workshop(db: store.Database, code: str, out: Path, *, with_names: bool = False) -> list[Path]:
    """Write every export file of one workshop into ``out``; returns the files written."""
    workshop = store.get_workshop(db, code)
    tables = workshop_tables(db, workshop, with_names=with_names)
    out = Path(out)
    written = _write_tables(tables, out, WORKSHOP_XLSX, with_names=with_names)
    written.append(_report(workshop, tables, out / REPORT_FILE))
    return written


def all_tables(db: store.Database, *, with_names: bool = False,
               workshops: Sequence[Workshop] | None = None) -> Tables:
    """The tables of many workshops (default: all) stacked: one tidy table per entity."""
    merged: Tables = {name: [] for name in dictionary.BY_NAME}
    for w in (store.list_workshops(db) if workshops is None else workshops):
        for name, rows in workshop_tables(db, w, with_names=with_names).items():
            merged.setdefault(name, []).extend(rows)
    return merged


def export_all(db: store.Database, out: Path, *, with_names: bool = False) -> list[Path]:
    """Every workshop into the same tables in ``out``, plus ``reports/CODE.html`` per workshop."""
    out = Path(out)
    workshops = store.list_workshops(db)
    merged: Tables = {name: [] for name in dictionary.BY_NAME}
    reports = []
    for w in workshops:
        tables = workshop_tables(db, w, with_names=with_names)
        for name, rows in tables.items():
            merged.setdefault(name, []).extend(rows)
        reports.append(_report(w, tables, out / "reports" / f"{w.code}.html"))
    return _write_tables(merged, out, ALL_XLSX, with_names=with_names) + reports

