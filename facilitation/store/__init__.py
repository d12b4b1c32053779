"""The workshop store: SQLAlchemy Core over SQLite (default) or any SQLAlchemy URL.

Functions take a :class:`Database` and plain values and return model dataclasses. Every
write is validated by the model and checked for permission here (facilitator key or
participant token, :mod:`~facilitation.store.access`), never only in a widget.

One module per record, and one writer per table: every INSERT, UPDATE or DELETE of a table
is in its module — ``workshops`` (workshops), ``programmes`` (programmes, phases), ``venues``,
``meetings`` (meeting items, action items, decisions), ``notes`` (discussion notes and contributions), ``materials``, ``practices``, ``agenda_rows`` (agenda; edited through ``agenda_edit``), ``access`` (facilitator
keys with their roles), ``organiser_keys``, ``people`` (participants), ``challenge``, ``features`` (map features), ``ideas``, ``votes``,
``scenarios``, ``stakeholders``, ``criteria``, ``scores``, ``feedback``, ``history``, ``groups`` (breakout
groups and their members; read through ``groups_read``), ``rates`` (each participant's fair share of posts), ``questions`` (questions from the room and their upvotes), ``polls`` (poll answers; a poll is an agenda step), ``db``
(revisions) and ``migrations`` (schema version). ``scored_items`` (what is scored, ballots,
group results), ``tables`` (rows for the exports), ``workshop_setup`` (creating and editing a workshop from a page;
it writes through ``workshops`` and ``venues``), ``programme_workshops`` (the programme view; it
places workshops through ``workshops``) and ``agenda_page`` (the printable agenda) only read; ``rounds`` (round 2 from round 1) copies through the record modules; ``forget`` erases through
the record modules; ``merge`` (two participants who are one person) moves rows through them. Everything public is re-exported here.
"""

from facilitation.store.access import (
    IssuedRoleKey,
    RoleKey,
    can,
    is_facilitator,
    console_key,
    is_organiser,
    issue_key,
    issue_role_key,
    key_role,
    list_role_keys,
    new_secret,
    presenter_key,
    require_role,
    revoke_role_key,
    serve_key,
)
from facilitation.store.organiser_keys import (
    SERVER_WIDE,
    OrganiserKey,
    issue_organiser_key,
    list_organiser_keys,
    organiser_keys_for,
    revoke_organiser_key,
    revoke_organiser_keys,
    serve_organiser_key,
)
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
    GroupFeedback,
    feedback_by_group,
    feedback_rows,
    feedback_summary,
    list_feedback,
    my_feedback,
    rated_steps,
    submit_feedback,
)
from facilitation.store.ideas import (
    add_idea,
    can_edit_ideas,
    edit_idea,
    get_idea,
    list_ideas,
    merge_ideas,
    set_hidden,
    withdraw_idea,
)
from facilitation.store.migrations import LATEST_VERSION
from facilitation.store.people import (
    Joined,
    author_label,
    author_labels,
    join,
    joined,
    naming_mode,
    participant_count,
    participant_for_token,
    participants,
    set_affiliation,
)
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
    is_started,
    list_workshops,
    programme_name,
    set_phase,
    start_session,
    update_settings,
)
from facilitation.store.agenda_edit import (
    add_agenda_item,
    extend_timer,
    move_agenda_item,
    pause_timer,
    remove_agenda_item,
    resume_timer,
    set_step_settings,
    update_agenda_item,
)
from facilitation.store.workshop_setup import (
    create_workshop_as_organiser,
    set_map_view,
    set_vote_rules,
    templates,
    update_details,
)
from facilitation.store.agenda_page import agenda_html
from facilitation.store.materials import add_material, list_materials, material_bytes, remove_material
from facilitation.store.meetings import (
    add_action,
    add_decision,
    add_meeting_item,
    list_actions,
    list_decisions,
    meeting,
    update_action,
    update_meeting_item,
)
from facilitation.store.notes import add_contribution, add_note, list_notes, takeaways
from facilitation.store.polls import (
    PollAnswer,
    answer_poll,
    my_answer,
    poll_answers,
    poll_results,
    polls,
    results_by_group,
    set_results_shown,
)
from facilitation.store.people import recognise
from facilitation.store.merge import Merged, merge_participants
from facilitation.store.practices import (
    add_practice,
    get_practice,
    harvest_practices,
    pick_practice,
    search_practices,
    update_practice,
)
from facilitation.store.programme_workshops import (
    ProgrammeWorkshop,
    assign_workshop,
    feedback_quotes,
    programme_workshops,
    unique_participants,
)
from facilitation.store.programmes import (
    add_phase,
    create_programme,
    get_programme,
    list_programmes,
    update_phase,
    update_programme,
)
from facilitation.store.venues import add_venue, get_venue, list_venues, venue_id_for
from facilitation.store.groups import (
    choose_group,
    create_group,
    move_participant,
    remove_group,
    rename_group,
    save_group_challenge,
    set_group_picking,
    set_plenary,
    split_into_groups,
)
from facilitation.store.groups_read import (
    all_groups,
    get_group,
    group_members,
    group_of,
    group_setup,
    group_summaries,
    key_group,
    list_groups,
    memberships,
    my_group,
    wall_group,
)
from facilitation.store.questions import (
    answering_question,
    ask_question,
    list_questions,
    mark_question,
    set_question_hidden,
    upvote_question,
    withdraw_upvote,
)
from facilitation.store.rounds import (
    ROUND_TWO_WELCOME,
    carried_votes,
    copy_round_two,
    create_round_two,
    next_round,
    people_here,
    previous_round,
)

__all__ = [name for name in dir() if not name.startswith("_")]
