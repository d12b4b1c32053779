"""The workshop store: SQLAlchemy Core over SQLite (default) or any SQLAlchemy URL.

Functions take a :class:`Database` and plain values and return model dataclasses. Every
write is validated by the model and checked for permission here (facilitator key or
participant token, :mod:`~facilitation.store.access`), never only in a widget.

One module per record, and one writer per table: every INSERT, UPDATE or DELETE of a table
is in its module — ``workshops`` (workshops, programmes, agenda), ``access`` (facilitator
keys), ``people`` (participants), ``challenge``, ``features`` (map features), ``ideas``, ``votes``,
``scenarios``, ``stakeholders``, ``criteria``, ``scores``, ``feedback``, ``history``, ``db``
(revisions) and ``migrations`` (schema version). ``scored_items`` (what is scored, ballots,
group results) and ``tables`` (rows for the exports) only read; ``forget`` erases through
the record modules. Everything public is re-exported here.
"""

from facilitation.store.access import is_facilitator, issue_key, new_secret
from facilitation.store.challenge import get_challenge, save_challenge
from facilitation.store.criteria import (
    add_criterion,
    criteria_locked,
    list_criteria,
    remove_criterion,
    update_criterion,
)
from facilitation.store.db import DEFAULT_DB_PATH, Database, resolve_url
from facilitation.store.features import (
    add_feature,
    import_features,
    import_geojson,
    list_features,
    remove_feature,
    update_feature,
)
from facilitation.store.feedback import (
    FeedbackSummary,
    feedback_rows,
    feedback_summary,
    list_feedback,
    my_feedback,
    rated_steps,
    submit_feedback,
)
from facilitation.store.ideas import add_idea, get_idea, list_ideas, merge_ideas, set_hidden
from facilitation.store.migrations import LATEST_VERSION
from facilitation.store.people import join, participant_count, participant_for_token, participants
from facilitation.store.scenarios import list_scenarios, save_scenario, set_scenario_hidden
from facilitation.store.scored_items import (
    ScoringData,
    ScoringItem,
    ScoringSetup,
    group_results,
    scoring_data,
    scoring_items,
    scoring_setup,
    set_results_revealed,
    set_scoring_items,
)
from facilitation.store.scores import list_scores, my_scores, score_rows, set_scores
from facilitation.store.stakeholders import (
    add_stakeholder,
    get_stakeholder,
    list_stakeholders,
    merge_stakeholders,
    move_stakeholder,
    set_stakeholder_hidden,
    update_stakeholder,
)
from facilitation.store.tables import WorkshopRows, workshop_rows
from facilitation.store.votes import my_votes, vote, vote_rows, votes_left, withdraw_vote
from facilitation.store.workshops import (
    Created,
    agenda,
    create_workshop,
    current_step,
    get_workshop,
    get_workshop_by_id,
    list_workshops,
    programme_name,
    set_phase,
    update_settings,
)

__all__ = [name for name in dir() if not name.startswith("_")]
