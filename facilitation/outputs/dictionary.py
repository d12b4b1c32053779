"""The data dictionary of the exports: every table, every column, its type and meaning.

This is the one place where exported columns are described. The exports write their
columns in this order, the XLSX carries it as a sheet, ``docs/data-dictionary.md`` is
generated from it (``python -m facilitation.outputs.dictionary docs/data-dictionary.md``) and the
tests check that every column in every exported file is listed here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from facilitation.domain import checks, mendelow
from facilitation.domain.steps import RATED_STEPS
from facilitation.outputs import meeting_tables, poll_tables
from facilitation.outputs import question_tables
from facilitation.scoring.shapes import AGREEMENT_THRESHOLDS

# The vocabulary of the ``type`` field (and how each type is written in CSV).
TYPES: dict[str, str] = {
    "text": "UTF-8 text exactly as typed (no HTML escaping); empty when there is none",
    "integer": "a whole number; empty when unknown",
    "number": "a decimal number with a dot; empty when unknown",
    "boolean": "true or false",
    "datetime": "UTC time in ISO 8601, e.g. 2026-03-12T09:41:07Z",
    "date": "a calendar date in ISO 8601, e.g. 2026-03-12",
    "list": "values separated by semicolons, e.g. 3;7;12",
    "geometry": "a GeoJSON geometry with WGS84 longitude, latitude (RFC 7946)",
}


@dataclass(frozen=True)
class Column:
    """One exported column. ``names_only``: written only when names are asked for (``--with-names``);
    ``values``: the closed vocabulary of a text column; ``refers_to``: the table whose ``id`` an integer
    column holds."""

    name: str
    type: str
    meaning: str
    names_only: bool = False
    values: tuple[str, ...] = ()
    refers_to: str = ""


@dataclass(frozen=True)
class Table:
    """One exported entity: the file it is written to, its columns in order and the columns that
    identify a row (``key``; empty when no column set does)."""

    name: str
    file: str
    meaning: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    def column_names(self, with_names: bool = False) -> list[str]:
        return [c.name for c in self.columns if with_names or not c.names_only]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


# Every table starts with these, so tables of many workshops stack into one tidy table.
CONTEXT: tuple[Column, ...] = (
    Column("workshop_code", "text", "The workshop's join code (unique per workshop)"),
    Column("city", "text", "The city the workshop is about"),
    Column("country", "text", "The city's country"),
    Column("round", "integer", "The workshop's round in its programme (1, 2, ...)"),
)


def _t(name: str, file: str, meaning: str, *columns: Column, key: tuple[str, ...] | None = None) -> Table:
    """A table; its key is ``id`` when it has one (ids are numbered across the whole database, so an
    ``id`` stays unique when ``--all`` stacks the workshops of a database)."""
    if key is None:
        key = ("id",) if any(c.name == "id" for c in columns) else ()
    return Table(name=name, file=file, meaning=meaning, columns=CONTEXT + tuple(columns), key=key)


AGREEMENTS = tuple(label for label, _ in AGREEMENT_THRESHOLDS) + ("none",)


C = Column


def _group(whose: str) -> tuple[Column, Column]:
    """The breakout group columns of a table (issue 14)."""
    return (C("group", "text", f"The breakout group {whose} (its name, else Group N; empty without groups)"),
            C("group_city", "text", "That group's city (empty when it has none)"))


TABLES: tuple[Table, ...] = (
    _t("workshops", "workshops.csv", "One row per workshop: what it is about and how much it produced",
       C("title", "text", "The workshop's title"),
       C("programme", "text", "The programme the workshop belongs to (empty when none)"),
       C("language", "text", "The workshop's language (en, pl)", values=checks.LANGUAGES),
       C("date", "date", "The day the workshop took place"),
       C("template", "text", "The template the workshop's agenda came from"),
       C("themes", "list", "The programme themes offered in the workshop"),
       C("lat", "number", "Latitude of the city's map centre"),
       C("lon", "number", "Longitude of the city's map centre"),
       C("challenge_title", "text", "The city's key local challenge"),
       C("challenge_description", "text", "The challenge in the city's words"),
       C("challenge_themes", "list", "The themes the challenge was tagged with"),
       C("participants", "integer", "Participants who joined (paper respondents included; people carried from "
                                    "the previous round are not counted)"),
       C("ideas", "integer", "Ideas proposed (hidden, withdrawn and merged duplicates included)"),
       C("votes", "integer", "Dot votes cast and not withdrawn"),
       C("scenarios", "integer", "Alternative scenarios"),
       C("stakeholders", "integer", "Stakeholders on the grid (hidden and merged ones left out)"),
       C("scores", "integer", "Individual scores given (one per participant, item and criterion)"),
       C("feedback", "integer", "Participants who gave feedback"),
       C("mean_rating", "number", "Mean session rating from feedback (1 to 5)"),
       C("agreement_w", "number", "Kendall's W of the participants' rankings of the scored items (0 to 1)"),
       C("agreement", "text", "Agreement label from W: strong, moderate, weak or none", values=AGREEMENTS),
       C("created_at", "datetime", "When the workshop was created in the kit"),
       C("groups", "integer", "Breakout groups the workshop has (0 when it worked as one room)"),
       C("previous_code", "text", "The join code of the workshop this round continues (empty for a first round)"),
       key=("workshop_code",)),
    _t("participants", "participants.csv", "One row per participant; names only with --with-names",
       C("id", "integer", "The participant's number in the database"),
       C("pseudonym", "text", "The pseudonym the kit gave (or the label of a paper respondent)"),
       C("name", "text", "The display name the participant typed (personal data)", names_only=True),
       C("source", "text", "live (joined with a device), paper (imported from paper input) or carried (brought "
                           "from the previous round because they chose to be recognised again)",
         values=("live", "paper", "carried")),
       C("joined_at", "datetime", "When the participant joined"),
       C("forgotten", "boolean", "true when the participant's name was erased on request"),
       C("ideas", "integer", "Ideas the participant proposed"),
       C("votes", "integer", "Dot votes the participant has on ideas now"),
       C("stakeholders", "integer", "Stakeholders the participant added"),
       C("scores", "integer", "Scores the participant gave"),
       C("feedback", "boolean", "true when the participant gave feedback"),
       C("organisation", "text", "The organisation the participant gave (only when the workshop asked)"),
       C("participant_city", "text", "The city the participant said they come from (only when the workshop asked)"),
       *_group("the participant is in now")),
    _t("ideas", "ideas.csv", "Every idea proposed in the brainstorm",
       C("id", "integer", "The idea's number in the database"),
       C("title", "text", "The idea's title"),
       C("description", "text", "The idea's description"),
       C("scale", "text", "small or large (the method's scale axis)", values=checks.SCALES),
       C("driver", "text", "central or individual (centrally-driven or individually-driven)",
         values=checks.DRIVERS),
       C("theme", "text", "The programme theme the idea was tagged with"),
       C("lat", "number", "Latitude where the idea applies (empty when not placed)"),
       C("lon", "number", "Longitude where the idea applies (empty when not placed)"),
       C("author_id", "integer", "The author's participant number", refers_to="participants"),
       C("author", "text", "The author's pseudonym"),
       C("author_name", "text", "The author's display name (personal data)", names_only=True),
       C("votes", "integer", "Votes on the idea now: standing dots (merged duplicates' included) and, in round 2, "
                             "the votes it carried from the previous round (carried_votes)"),
       C("hidden", "boolean", "true when the facilitator hid the idea from the wall"),
       C("merged_into", "integer", "The idea this duplicate was merged into (empty when not merged)", refers_to="ideas"),
       C("created_at", "datetime", "When the idea was proposed"),
       C("withdrawn_at", "datetime", "When the author withdrew the idea before voting opened (empty when not)"),
       *_group("whose wall the idea was proposed on"),
       C("previous_idea_id", "integer", "Round 2: the idea of the previous round it was carried from", refers_to="ideas"),
       C("carried_votes", "integer", "Round 2: the dot votes it had in the previous round (counted in votes)")),
    _t("votes", "votes.csv", "Every dot vote, withdrawn ones included",
       C("id", "integer", "The vote's number in the database"),
       C("idea_id", "integer", "The idea the dot is on now", refers_to="ideas"),
       C("idea", "text", "The title of that idea"),
       C("original_idea_id", "integer", "The idea the dot was first put on (differs after a merge)", refers_to="ideas"),
       C("participant_id", "integer", "The voter's participant number", refers_to="participants"),
       C("participant", "text", "The voter's pseudonym"),
       C("participant_name", "text", "The voter's display name (personal data)", names_only=True),
       C("created_at", "datetime", "When the dot was put"),
       C("withdrawn_at", "datetime", "When the dot was taken back (empty when it counts)"),
       *_group("the voter was in when voting (in the plenary the idea's group may differ)")),
    _t("map_features", "challenge.geojson",
       "The challenge map: one GeoJSON Feature per area, line or point; these are its properties",
       C("id", "integer", "The feature's number in the database"),
       C("label", "text", "The feature's label"),
       C("kind", "text", "problem, asset or opportunity", values=checks.FEATURE_KINDS),
       C("note", "text", "The note on the feature"),
       C("created_at", "datetime", "When the feature was drawn"),
       C("geometry", "geometry", "The feature's shape (the Feature's geometry in GeoJSON; GeoJSON text in XLSX)"),
       *_group("whose challenge map the feature is on (empty: the workshop's map)")),
    _t("scenarios", "scenarios.csv", "The alternative scenarios",
       C("id", "integer", "The scenario's number in the database"),
       C("name", "text", "The scenario's name"),
       C("narrative", "text", "The scenario's narrative"),
       C("idea_ids", "list", "The ideas the scenario bundles"),
       C("idea_titles", "text", "Their titles, separated by ' | '"),
       C("votes", "integer", "Votes on the scenario's ideas together (round 2: carried votes included)"),
       C("case_studies", "integer", "Case studies attached (see case_studies.csv)"),
       C("hidden", "boolean", "true when the scenario was withdrawn from the workshop"),
       C("created_at", "datetime", "When the scenario was written"),
       *_group("the scenario belongs to, which scores it")),
    _t("case_studies", "case_studies.csv", "Case studies from other cities attached to scenarios",
       C("scenario_id", "integer", "The scenario the case study is attached to", refers_to="scenarios"),
       C("scenario", "text", "That scenario's name"),
       C("title", "text", "The case study's title"),
       C("case_city", "text", "The city of the case study"),
       C("lesson", "text", "The lesson in one line"),
       C("link", "text", "A web link to read more")),
    _t("stakeholders", "stakeholders.csv", "Stakeholders on the power/interest grid",
       C("id", "integer", "The stakeholder's number in the database"),
       C("name", "text", "The stakeholder (an organisation or group)"),
       C("category", "text", "Quadruple helix: public, business, knowledge or civil", values=checks.CATEGORIES),
       C("power", "integer", "Power over the outcome, 1 (low) to 5 (high)"),
       C("interest", "integer", "Interest in the outcome, 1 (low) to 5 (high)"),
       C("quadrant", "text", "Mendelow grid: manage_closely, keep_satisfied, keep_informed or monitor "
                             "(power or interest of 4 or 5 counts as high)", values=mendelow.QUADRANTS),
       C("level", "text", "IAP2 engagement: inform, consult, involve, collaborate or empower",
         values=checks.LEVELS),
       C("scenario_id", "integer", "The scenario the stakeholder was mapped for (empty: all)", refers_to="scenarios"),
       C("scenario", "text", "That scenario's name"),
       C("author_id", "integer", "The participant number of who added it", refers_to="participants"),
       C("author", "text", "The pseudonym of who added it"),
       C("author_name", "text", "The display name of who added it (personal data)", names_only=True),
       C("hidden", "boolean", "true when the facilitator hid it"),
       C("merged_into", "integer", "The stakeholder this duplicate was merged into", refers_to="stakeholders"),
       C("created_at", "datetime", "When it was added"),
       *_group("whose grid it was added to")),
    _t("criteria", "criteria.csv", "The impact criteria items were scored on",
       C("id", "integer", "The criterion's number in the database"),
       C("position", "integer", "Its place in the list (0 first)"),
       C("name", "text", "The criterion's name"),
       C("description", "text", "What the criterion means"),
       C("weight", "number", "Its weight in the weighted sum"),
       C("direction", "text", "higher or lower (which end of the scale is better)", values=checks.DIRECTIONS),
       C("scale_min", "integer", "The lowest score allowed"),
       C("scale_max", "integer", "The highest score allowed")),
    _t("scores", "scores.csv", "Every individual score: one participant, one item, one criterion",
       C("id", "integer", "The score's number in the database"),
       C("participant_id", "integer", "The scorer's participant number", refers_to="participants"),
       C("participant", "text", "The scorer's pseudonym (or the paper respondent's label)"),
       C("participant_name", "text", "The scorer's display name (personal data)", names_only=True),
       C("item_kind", "text", "scenario or idea", values=checks.ITEM_KINDS),
       C("item_id", "integer", "The scored scenario's or idea's number"),
       C("item", "text", "The scored scenario's name or idea's title"),
       C("criterion_id", "integer", "The criterion's number", refers_to="criteria"),
       C("criterion", "text", "The criterion's name"),
       C("value", "number", "The score on the criterion's scale (empty: don't know)"),
       C("created_at", "datetime", "When the score was first given"),
       C("updated_at", "datetime", "When it was last changed"),
       *_group("the scorer was in")),
    _t("results", "results.csv", "The group ranking of the scored items (weighted sum, mean of participants)",
       C("item_kind", "text", "scenario or idea", values=checks.ITEM_KINDS),
       C("item_id", "integer", "The item's number"),
       C("item", "text", "The item's name or title"),
       C("rank", "integer", "Group rank, 1 = best (ties share a rank)"),
       C("score", "number", "Group score from 0 (worst) to 1 (best)"),
       C("raters", "integer", "Participants with a result for the item"),
       C("spread", "number", "Standard deviation of the participants' results (disagreement)"),
       key=("item_kind", "item_id")),
    _t("feedback", "feedback.csv", "Participants' feedback on the session",
       C("id", "integer", "The feedback's number in the database"),
       C("participant_id", "integer", "The participant's number", refers_to="participants"),
       C("participant", "text", "The participant's pseudonym"),
       C("participant_name", "text", "The participant's display name (personal data)", names_only=True),
       C("rating", "integer", "The session rating, 1 (poor) to 5 (excellent)"),
       # one column per step the registry marks as rated (records.Feedback.step_ratings)
       *(C(f"rating_{step}", "integer", f"The rating of the {step} step, 1 to 5 (empty: not rated)")
         for step in RATED_STEPS),
       C("take_home", "text", "What the participant takes home"),
       C("change", "text", "What should change next time"),
       C("created_at", "datetime", "When the feedback was first given"),
       C("updated_at", "datetime", "When it was last changed"),
       *_group("the participant is in now")),
    _t("groups", "groups.csv", "The breakout groups, removed ones too, with each group's own challenge (issue 22)",
       C("id", "integer", "The group's number in the database"),
       *_group("itself"),
       C("challenge_title", "text", "The group's own challenge (empty: it works on the workshop's)"),
       C("challenge_description", "text", "The description of the group's challenge"),
       C("lat", "number", "Latitude of the centre of the group's map (its city's, from the offline gazetteer, "
                          "unless set by hand)"),
       C("lon", "number", "Longitude of the centre of the group's map"),
       C("members", "integer", "Participants in the group now"),
       C("removed", "boolean", "true when the facilitator removed the group (what it produced keeps its name)")),
)

TABLES += meeting_tables.tables(C, _t, _group)  # notes.csv, decisions.csv (issue 24)
TABLES += question_tables.tables(C, _t, _group)  # questions.csv (issue 24)
TABLES += poll_tables.tables(C, _t, _group)  # polls.csv, poll_answers.csv (issue 24)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
BY_FILE: dict[str, Table] = {t.file: t for t in TABLES}


def table(name: str) -> Table:
    """The table called ``name`` (e.g. ``ideas``)."""
    return BY_NAME[name]


def rows() -> list[tuple[str, str, str, str, str]]:
    """(table, file, column, type, meaning) for every column: the XLSX sheet and the docs."""
    out = []
    for t in TABLES:
        for c in t.columns:
            meaning = c.meaning + (" — only with --with-names" if c.names_only else "")
            out.append((t.name, t.file, c.name, c.type, meaning))
    return out


def render_markdown() -> str:
    """The data dictionary as Markdown (``docs/data-dictionary.md`` is this text)."""
    lines = [
        "# Data dictionary of the exports",
        "",
        "Generated from `facilitation/outputs/dictionary.py` by "
        "`python -m facilitation.outputs.dictionary docs/data-dictionary.md`; do not edit by hand.",
        "",
        "`facilitation export CODE --to DIR` writes one workshop; `facilitation export --all --to DIR` "
        "writes every workshop into the same files, one tidy table per entity. Every table starts with "
        "`workshop_code`, `city`, `country` and `round`, so tables of several workshops stack. "
        "`workshop.xlsx` (one workshop) or `workshops.xlsx` (all) holds one sheet per table and this "
        "dictionary; `report.html` is a readable report for the city. Names of participants are "
        "personal data: they appear only in the columns marked *names only*, written only with "
        "`--with-names`; otherwise participants appear by pseudonym.",
        "",
        "## Files",
        "",
        "- CSV: UTF-8 (no byte order mark), comma separated, a header row, fields quoted where needed; "
        "line breaks typed inside a text stay inside its quoted field. Text is exactly as typed, even when it "
        "begins with `=`: open the XLSX in a spreadsheet, where every text cell is stored as text, never as a "
        "formula.",
        "- XLSX: the same columns; dates and times are spreadsheet dates (UTC); control characters that XML "
        "cannot hold are shown as U+FFFD.",
        "- GeoJSON (`challenge.geojson`): one FeatureCollection; each Feature's properties are the "
        "`map_features` columns below; the member `workshops` carries each workshop's challenge.",
        "- `datapackage.json`: a Frictionless Data Package describing the folder, generated from this "
        "dictionary: one resource per CSV with its Table Schema (types, meanings, closed vocabularies, "
        "keys and references below; an empty field is a missing value) and the GeoJSON. It states no "
        "licence: the organiser sets `licenses` before publishing the data.",
        "- `report.html`: one self-contained page per workshop (no scripts, no external requests), in the "
        "workshop's language; `--all` writes `reports/CODE.html` for each.",
        "",
        "## Importing paper input",
        "",
        "`facilitation import CODE FILE` reads ideas or scores from a CSV or XLSX file with the columns of "
        "`ideas.csv` or `scores.csv` (an XLSX export's `ideas` and `scores` sheets work too; CSV saved with "
        "semicolons works). Ideas need `title`, `scale`, `driver`; scores need `item_kind`, `item` (or "
        "`item_id`), `criterion` and `value` (empty: don't know). `author` / `participant` name who wrote it on "
        "paper (an existing pseudonym, or a label that becomes a paper participant; empty: `Paper`), and the "
        "`votes` of an idea become dots of the paper participant. Ids and the workshop columns are read for "
        "reference only. A file with any problem is refused whole, with the row, column and problem of each; "
        "nothing is half-imported. Importing the same file again changes nothing.",
        "",
        "## Erasing a name",
        "",
        "`facilitation forget CODE PARTICIPANT [--remove-text feedback|ideas|stakeholders|questions|all]` erases a "
        "participant's display name (the `forgotten` column turns true), optionally their free text, and "
        "rebuilds the SQLite file so no old copy remains; counts, votes, scores and ratings stay.",
        "",
        "## Types",
        "",
        "| type | how it is written |",
        "|---|---|",
        *(f"| {name} | {how} |" for name, how in TYPES.items()),
        "",
    ]
    for t in TABLES:
        lines += [f"## {t.name} (`{t.file}`)", "", t.meaning + ".", ""]
        refs = [f"`{c.name}` → `{c.refers_to}.id`" for c in t.columns if c.refers_to]
        if t.key or refs:
            lines += ["Key: " + (", ".join(f"`{k}`" for k in t.key) or "none")
                      + ("; references: " + ", ".join(refs) if refs else "") + ".", ""]
        lines += ["| column | type | meaning |", "|---|---|---|"]
        for c in t.columns:
            flag = " *(names only)*" if c.names_only else ""
            lines.append(f"| `{c.name}` | {c.type} | {c.meaning.replace('|', '/')}{flag} |")
        lines.append("")
    from facilitation.outputs import programme_tables  # it builds on this module's Column and Table

    lines.append(programme_tables.render_markdown())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the Markdown dictionary to the path given (or print it)."""
    argv = sys.argv[1:] if argv is None else argv
    text = render_markdown()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
