"""The data dictionary of a programme's export (``facilitation export --programme NAME``).

Part of :mod:`facilitation.outputs.dictionary` (same :class:`Column` and :class:`Table`),
split off to keep modules small: the programme's own tables, which are not per workshop, and
the properties of ``venues.geojson``. Each workshop's own files in the ``CODE/`` subfolder
are described by the main dictionary.
"""

from __future__ import annotations

from facilitation.domain.checks import LANGUAGES
from facilitation.domain.programmes import STATUSES, WORKSHOP_KINDS
from facilitation.outputs.dictionary import Column as C
from facilitation.outputs.dictionary import Table

ICS_FILE = "programme.ics"
GEOJSON_FILE = "venues.geojson"
XLSX_FILE = "programme.xlsx"

PROGRAMME_TABLES: tuple[Table, ...] = (
    Table("programme_workshops", "workshops.csv", "One row per workshop of the programme, in date order", (
        C("programme", "text", "The programme's name"),
        C("phase", "text", "The programme phase the workshop belongs to (empty when none)"),
        C("phase_position", "integer", "The phase's place in the programme (0 first)"),
        C("workshop_code", "text", "The workshop's join code (its own exports are in the folder of that name)"),
        C("title", "text", "The workshop's title"),
        C("kind", "text", "city-workshop, thematic-session, technical-session or partner-meeting",
          values=WORKSHOP_KINDS),
        C("city", "text", "The city the workshop is about (or its lead cities)"),
        C("country", "text", "The city's country"),
        C("language", "text", "The workshop's language", values=LANGUAGES),
        C("date", "date", "The (first) day of the workshop; empty when not set"),
        C("end_date", "date", "The last day of a workshop over several days (empty: one day)"),
        C("venue", "text", "The venue as one line: place, city, country (or the online link)"),
        C("venue_url", "text", "The online link of the venue (empty for a place)"),
        C("lat", "number", "Latitude of the venue (from the offline gazetteer; empty when online or unknown)"),
        C("lon", "number", "Longitude of the venue"),
        C("status", "text", "planned, running or done (done: its last day has passed or its last step is open)",
          values=STATUSES),
        C("participants", "integer", "Participants who joined"),
        C("ideas", "integer", "Ideas proposed"),
        C("votes", "integer", "Dot votes cast and not withdrawn"),
        C("meeting_items", "integer", "Agenda items (topics) in the meeting record"),
        C("actions", "integer", "Action items of the meeting record"),
        C("materials", "integer", "Files attached")),
        key=("workshop_code",)),
    Table("meeting_items", "meeting.csv", "The meeting records of the programme's workshops: one row per agenda "
          "item (topic) with its notes and decisions", (
        C("id", "integer", "The agenda item's number in the database"),
        C("workshop_code", "text", "The join code of the workshop whose record holds it"),
        C("workshop", "text", "That workshop's title"),
        C("position", "integer", "Its place in the record (0 first)"),
        C("topic", "text", "The topic"),
        C("city", "text", "The city a take-away is recorded for (thematic sessions; empty otherwise)"),
        C("notes", "text", "The notes"),
        C("decisions", "text", "The decisions taken")),
        key=("id",)),
    Table("actions", "actions.csv", "Every action item of the programme's meeting records", (
        C("id", "integer", "The action's number in the database"),
        C("workshop_code", "text", "The join code of the workshop whose record holds it"),
        C("workshop", "text", "That workshop's title"),
        C("item_id", "integer", "The agenda item it belongs to (empty: the meeting as a whole)"),
        C("topic", "text", "That agenda item's topic"),
        C("text", "text", "What is to be done"),
        C("owner", "text", "Who does it"),
        C("due", "date", "When it is due (empty: no date)"),
        C("done", "boolean", "true when it is done")),
        key=("id",)),
    Table("practices", "practices.csv", "Practices of the library presented in or gathered from the programme's "
          "workshops", (
        C("id", "integer", "The practice's number in the library"),
        C("title", "text", "What the city did"),
        C("city", "text", "The city of the practice"),
        C("country", "text", "Its country"),
        C("link", "text", "A web link to read more"),
        C("lesson", "text", "The lesson for other cities in one line"),
        C("themes", "list", "The themes it is tagged with"),
        C("workshop_code", "text", "The workshop it comes from")),
        key=("id",)),
    Table("venues", "venues.geojson", "One GeoJSON Point Feature per venue with coordinates; these are its "
          "properties (online venues have no point and are listed in workshops.csv)", (
        C("venue_id", "integer", "The venue's number in the database"),
        C("name", "text", "The place's name"),
        C("city", "text", "The venue's city"),
        C("country", "text", "The venue's country"),
        C("label", "text", "The venue as one line"),
        C("workshop_codes", "list", "Join codes of the programme's workshops held there"),
        C("titles", "list", "Their titles"),
        C("dates", "list", "Their dates (first day; empty when not set)"))),
)
BY_NAME = {t.name: t for t in PROGRAMME_TABLES}
CSV_TABLES = ("programme_workshops", "meeting_items", "actions", "practices")


def render_markdown() -> str:
    """The programme export's section of ``docs/data-dictionary.md``."""
    lines = [
        "## Programme exports",
        "",
        "`facilitation export --programme NAME --to DIR` writes the programme's files and, in a folder named by "
        "each workshop's join code, that workshop's own files (described above):",
        "",
        f"- `{ICS_FILE}`: iCalendar (RFC 5545), one `VEVENT` per workshop with a date: `DTSTART`/`DTEND` as "
        "whole days (`DTEND` is the day after the last day), `SUMMARY` the title, `LOCATION` the venue (place, "
        "city, country), `URL` the online link, `GEO` the venue's coordinates, `CATEGORIES` the kind; the `UID` "
        "is made of the join code, so a calendar that imports the file again updates the events. Workshops "
        "without a date are left out of the calendar (they are in `workshops.csv`).",
        f"- `{GEOJSON_FILE}`: a GeoJSON FeatureCollection (RFC 7946), one Point per venue with coordinates.",
        "- `workshops.csv`, `meeting.csv`, `actions.csv`, `practices.csv`: the tables below (CSV as described "
        "under Files).",
        f"- `{XLSX_FILE}`: one sheet per CSV and the venues, and these tables' dictionary.",
        "",
    ]
    for t in PROGRAMME_TABLES:
        lines += [f"### {t.name} (`{t.file}`)", "", t.meaning + ".", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {c.meaning.replace('|', '/')} |" for c in t.columns]
        lines.append("")
    return "\n".join(lines)
