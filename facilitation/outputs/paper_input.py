"""Import of paper input: ideas or scores from CSV or XLSX with the columns of the export.

A file is checked whole before anything is written: every problem is reported with its row
(the header is row 1, as in a spreadsheet), its column and what is wrong, and nothing is
imported. A clean file is written in one transaction, so nothing is ever half-imported.

Who wrote a paper idea or score is the ``author`` / ``participant`` column (a pseudonym or
a label such as "Table 3"): an existing participant of the workshop with that pseudonym is
reused, otherwise a *paper* participant is created (no device can act as them). Rows without
one belong to the paper participant "Paper", who also casts the dots of the ``votes`` column.
Importing the same file twice changes nothing: identical ideas are skipped, scores updated.

Reading the file is :mod:`~facilitation.outputs.paper_files`, checking its rows
:mod:`~facilitation.outputs.paper_rows`; this module applies the checked rows through the
store's record modules (the same writers as the live pages; scores through the one score
path with ``prepared=True``), never with SQL of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Connection

from facilitation.outputs.paper_files import KINDS, ImportRefused, Problem, Sheet, read_file
from facilitation.outputs.paper_rows import PAPER, CheckedIdea, CheckedScore, Checker, check_ideas, check_scores
from facilitation.store import ideas, people, scenarios, scores, votes
from facilitation.store.access import workshop_row
from facilitation.store.criteria import read_criteria
from facilitation.store.db import Database, bump, now

__all__ = ["KINDS", "PAPER", "ImportRefused", "ImportResult", "Problem", "Sheet", "import_file", "read_file"]


@dataclass
class ImportResult:
    """What an import wrote."""

    ideas: int = 0
    votes: int = 0
    scores: int = 0
    participants: int = 0
    skipped: int = 0
    kinds: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"Imported {self.ideas} idea(s) with {self.votes} vote(s) and {self.scores} score(s); "
                f"{self.participants} paper participant(s) added; {self.skipped} row(s) already present.")


class _Writer:
    """Applies checked rows to one workshop inside one write transaction."""

    def __init__(self, conn: Connection, wrow, result: ImportResult) -> None:  # noqa: ANN001 - a row mapping
        self.conn, self.wrow, self.wid, self.result = conn, wrow, wrow["id"], result
        self.people: dict[str, int] = {}

    def participant(self, label: str) -> int:
        if label not in self.people:
            pid, created = people.paper_participant(self.conn, self.wid, label)
            self.result.participants += int(created)
            self.people[label] = pid
        return self.people[label]

    def write_ideas(self, rows: list[CheckedIdea]) -> None:
        existing = {(i.title, i.description, i.scale, i.driver, i.author_id): i.id
                    for i in ideas.ideas_in(self.conn, self.wid)}
        new_ids: dict[int, int] = {}
        for item in rows:
            author = self.participant(item.author)
            idea = replace(item.idea, author_id=author)
            key = (idea.title, idea.description, idea.scale, idea.driver, author)
            if key in existing:
                self.result.skipped += 1
                if item.file_id is not None:
                    new_ids[item.file_id] = existing[key]
                continue
            stamp = item.created_at or now()
            iid = ideas.insert_idea(self.conn, idea, private=False, stamp=stamp)
            existing[key] = iid
            if item.file_id is not None:
                new_ids[item.file_id] = iid
            self.result.ideas += 1
            if item.votes:
                votes.add_votes(self.conn, self.wid, iid, self.participant(PAPER), item.votes, stamp)
                self.result.votes += item.votes
        for item in rows:
            if item.merged_into is not None and item.file_id in new_ids:
                ideas.mark_merged(self.conn, new_ids[item.file_id], new_ids[item.merged_into])

    def resolve_items(self, rows: list[CheckedScore], check: Checker) -> dict[int, int]:
        """Row number → the item's id in this workshop (by name/title; the id breaks ties)."""
        items: dict[str, list[tuple[int, str]]] = {
            "scenario": scenarios.scenario_names(self.conn, self.wid),
            "idea": [(i.id, i.title) for i in ideas.ideas_in(self.conn, self.wid, include_merged=False)],
        }
        out = {}
        for sc in rows:
            candidates = items[sc.item_kind]
            if sc.item_title:
                matches = [i for i, title in candidates if title == sc.item_title] or [
                    i for i, title in candidates if title.casefold() == sc.item_title.casefold()]
                if len(matches) > 1 and sc.item_id in matches:
                    matches = [sc.item_id]
                if not matches:
                    check.bad(sc.row, "item", f"no {sc.item_kind} of this workshop is called {sc.item_title!r}")
                elif len(matches) > 1:
                    check.bad(sc.row, "item", f"{len(matches)} {sc.item_kind}s are called {sc.item_title!r}; "
                                              "give the right one's item_id")
                else:
                    out[sc.row] = matches[0]
            elif sc.item_id in {i for i, _ in candidates}:
                out[sc.row] = sc.item_id
            else:
                check.bad(sc.row, "item_id", f"{sc.item_id} is not a {sc.item_kind} of this workshop")
        return out

    def write_scores(self, rows: list[CheckedScore], items: dict[int, int]) -> None:
        for sc in rows:
            cell = (sc.item_kind, items[sc.row], sc.criterion.id)
            changed = scores.save_scores(self.conn, self.wrow, self.participant(sc.participant), {cell: sc.value},
                                         prepared=True, actor="import", created_at=sc.created_at,
                                         updated_at=sc.updated_at)
            if changed:
                self.result.scores += 1
            else:
                self.result.skipped += 1


def import_file(db: Database, code: str, path: Path, *, kind: str | None = None) -> ImportResult:
    """Import ideas and/or scores from a CSV or XLSX file into a workshop, all or nothing.

    Local administration (the CLI): like issuing a key, it needs access to the database,
    not a facilitator key. Raises :class:`ImportRefused` with every problem found.
    """
    path = Path(path)
    sheets = read_file(path, kind)
    order = sorted(sheets, key=lambda sh: KINDS.index(sh.kind))  # ideas first: scores may refer to them
    result = ImportResult(kinds=[sh.kind for sh in order])
    problems: list[Problem] = []
    with db.write() as conn:
        wrow = workshop_row(conn, code)
        wid = wrow["id"]
        criteria = read_criteria(conn, wid)
        checked = []
        for sheet in order:
            check = Checker(sheet, problems)
            check.columns()
            if problems:
                break
            rows = check_ideas(check, wid) if sheet.kind == "ideas" else check_scores(check, criteria)
            checked.append((sheet, check, rows))
        if problems:
            raise ImportRefused(path.name, problems)
        writer = _Writer(conn, wrow, result)
        for sheet, check, rows in checked:
            if sheet.kind == "ideas":
                writer.write_ideas(rows)
            else:
                items = writer.resolve_items(rows, check)
                if problems:
                    break
                writer.write_scores(rows, items)
        if problems:
            # Raising inside the transaction rolls back the ideas written before the scores.
            raise ImportRefused(path.name, problems)
        bump(conn, wid, "participants", "ideas", "votes", "scores")
    return result
