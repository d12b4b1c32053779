"""The workshop store: SQLAlchemy Core over SQLite (default) or any SQLAlchemy URL.

Functions take a :class:`Database` and plain values and return model dataclasses. Every
write is validated by the model and checked for permission here (facilitator key or
participant token), never only in a widget.
"""

from facilitation.store.content import (
    add_feature,
    add_stakeholder,
    get_challenge,
    list_criteria,
    list_features,
    list_feedback,
    list_scenarios,
    list_scores,
    list_stakeholders,
    remove_feature,
    save_challenge,
    save_scenario,
    set_score,
    submit_feedback,
    update_feature,
)
from facilitation.store.db import DEFAULT_DB_PATH, Database, resolve_url
from facilitation.store.features import import_features, import_geojson
from facilitation.store.scenarios import set_scenario_hidden
from facilitation.store.stakeholders import (
    get_stakeholder,
    merge_stakeholders,
    move_stakeholder,
    set_stakeholder_hidden,
    update_stakeholder,
)
from facilitation.store.ideas import (
    add_idea,
    get_idea,
    list_ideas,
    merge_ideas,
    my_votes,
    set_hidden,
    vote,
    vote_rows,
    votes_left,
    withdraw_vote,
)
from facilitation.store.migrations import LATEST_VERSION
from facilitation.store.scoring_store import (
    FeedbackSummary,
    ScoringData,
    ScoringItem,
    ScoringSetup,
    add_criterion,
    criteria_locked,
    feedback_rows,
    feedback_summary,
    group_results,
    my_feedback,
    my_scores,
    rated_steps,
    remove_criterion,
    score_rows,
    scoring_data,
    scoring_items,
    scoring_setup,
    set_results_revealed,
    set_scores,
    set_scoring_items,
    update_criterion,
)
from facilitation.store.workshops import (
    Created,
    agenda,
    create_workshop,
    current_step,
    get_workshop,
    get_workshop_by_id,
    is_facilitator,
    issue_key,
    join,
    list_workshops,
    new_secret,
    participant_count,
    participant_for_token,
    participants,
    programme_name,
    set_phase,
    update_settings,
)

__all__ = [name for name in dir() if not name.startswith("_")]
