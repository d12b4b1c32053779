"""Scenario housekeeping beyond ``content.save_scenario``: taking one out of the comparison."""

from __future__ import annotations

from facilitation.store import schema as s
from facilitation.store.content import _keep_history
from facilitation.store.db import Database, bump, now
from facilitation.store.workshops import owned_row, require_facilitator


def set_scenario_hidden(db: Database, code: str, key: str, scenario_id: int, hidden: bool = True) -> None:
    """Facilitator: withdraw a scenario from the comparison (kept in the data) or bring it back."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = owned_row(conn, s.scenarios, scenario_id, wrow["id"], "scenario")
        if bool(row["hidden"]) != bool(hidden):
            _keep_history(conn, wrow["id"], "scenarios", row, "facilitator")
            conn.execute(s.scenarios.update().where(s.scenarios.c.id == scenario_id).values(
                hidden=bool(hidden), updated_at=now()))
            bump(conn, wrow["id"], "scenarios")
