"""The open-data package of an export folder: ``datapackage.json`` (Frictionless Data Package).

One resource per CSV with its Table Schema (types, descriptions, closed vocabularies, primary
and foreign keys, missing values) and the GeoJSON as a resource of its own. Everything is
derived from :mod:`facilitation.outputs.dictionary`, so the dictionary, the files and the
package cannot tell different stories; ``tests/test_datapackage.py`` validates the package
with the ``frictionless`` library. See https://specs.frictionlessdata.io/data-package/.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any, Sequence

from facilitation.outputs import dictionary

DATAPACKAGE_FILE = "datapackage.json"
PROFILE = "data-package"  # not "tabular-": the GeoJSON is a resource too
# How a dictionary type is typed in a Table Schema (lists are semicolon-separated text: strings).
FIELD_TYPES: dict[str, str] = {
    "text": "string", "integer": "integer", "number": "number", "boolean": "boolean",
    "datetime": "datetime", "date": "date", "list": "string",
}
# The export writes a missing value (None) as an empty field (export.csv_value).
MISSING_VALUES = [""]


def field(column: dictionary.Column) -> dict[str, Any]:
    """The Table Schema field of one dictionary column."""
    out: dict[str, Any] = {"name": column.name, "type": FIELD_TYPES[column.type],
                           "description": column.meaning}
    if column.type == "boolean":
        out.update(trueValues=["true"], falseValues=["false"])
    elif column.type == "list":
        out["description"] += " (" + dictionary.TYPES["list"] + ")"
    elif column.type == "datetime":
        out["format"] = "%Y-%m-%dT%H:%M:%SZ"
    if column.values:
        out["constraints"] = {"enum": list(column.values)}
    return out


def schema(table: dictionary.Table, *, with_names: bool = False) -> dict[str, Any]:
    """The Table Schema of one table: fields, primary key, foreign keys and missing values."""
    names = table.column_names(with_names)
    out: dict[str, Any] = {
        "fields": [field(table.column(n)) for n in names],
        "missingValues": list(MISSING_VALUES),
    }
    if table.key:
        out["primaryKey"] = list(table.key)
    foreign = []
    if table.name != "workshops":
        foreign.append({"fields": ["workshop_code"],
                        "reference": {"resource": "workshops", "fields": ["workshop_code"]}})
    for name in names:
        target = table.column(name).refers_to
        if target:
            # Ids are unique across the database the export read (see dictionary.Table.key); a
            # single-field key also lets an empty reference (none) pass, as it should.
            foreign.append({"fields": [name],
                            "reference": {"resource": "" if target == table.name else target, "fields": ["id"]}})
    if foreign:
        out["foreignKeys"] = foreign
    return out


def resource(table: dictionary.Table, *, with_names: bool = False) -> dict[str, Any]:
    """The resource of one CSV table."""
    return {
        "name": table.name, "path": table.file, "profile": "tabular-data-resource",
        "title": table.name.replace("_", " ").capitalize(), "description": table.meaning,
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True,
                    "lineTerminator": "\r\n"},
        "schema": schema(table, with_names=with_names),
    }


def geojson_resource(path: str) -> dict[str, Any]:
    """The challenge map: a GeoJSON resource (no Table Schema; its properties are in the description)."""
    t = dictionary.table("map_features")
    props = ", ".join(c for c in t.column_names(with_names=True) if c != "geometry")
    return {"name": "challenge_map", "path": path, "profile": "data-resource", "format": "geojson",
            "mediatype": "application/geo+json", "encoding": "utf-8",
            "description": f"{t.meaning} ({props}); the member 'workshops' carries each workshop's challenge"}


def descriptor(tables: Sequence[str], geojson: str, workshop_codes: Sequence[str], *,
               with_names: bool = False, created: datetime | None = None) -> dict[str, Any]:
    """The ``datapackage.json`` of an export folder holding the CSVs of ``tables`` and ``geojson``.

    ``workshop_codes`` name the package (one workshop: ``workshop-CODE``; several: ``workshops``).
    No licence is stated: the data belong to the workshop's organiser, who sets ``licenses``
    before publishing (the kit's MIT licence covers its code, not the data).
    """
    codes = list(workshop_codes)
    one = len(codes) == 1
    created = created or datetime.now(timezone.utc)
    return {
        "profile": PROFILE,
        "name": re.sub(r"[^-a-z0-9._]", "-", (f"workshop-{codes[0]}" if one else "workshops").lower()),
        "title": (f"Workshop {codes[0]}" if one else "Workshops") + ": facilitation kit export",
        "description": ("Every table of " + (f"workshop {codes[0]}" if one else f"{len(codes)} workshops, stacked")
                        + ". Column meanings as in docs/data-dictionary.md. The licence of the data is "
                        "for the organiser to set before publishing."),
        "keywords": ["workshop", "participation", "urban planning", "peer learning"],
        "created": created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": [resource(dictionary.table(name), with_names=with_names) for name in tables]
                     + [geojson_resource(geojson)],
    }


def datapackage_bytes(tables: Sequence[str], geojson: str, workshop_codes: Sequence[str], *,
                      with_names: bool = False) -> bytes:
    """:func:`descriptor` as UTF-8 JSON text, as the export writes it."""
    doc = descriptor(tables, geojson, workshop_codes, with_names=with_names)
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
