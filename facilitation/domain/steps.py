"""The step registry: every step of the method, once (name, label, lead, view, topics, rated).

Pages, the console, the feedback form, the exports and the data dictionary all read it; the
ui contract's ``fk-view-STEP`` names are the ``name`` column. ``view`` names the widget class
as text ("module:Class"), so the domain imports no UI. Labels and leads are English message
ids marked with :func:`N_` for the catalogue; pages translate them with their ``t``.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark ``message`` for translation where no translator exists yet (translated when shown)."""
    return message


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    lead: str  # one line telling the group what to do ("" for none)
    view: str  # "module:Class" under facilitation.ui.steps
    topics: frozenset[str]  # store topics whose change re-renders the step
    rated: bool  # participants rate it in the feedback step


_VIEWS = "facilitation.ui.steps"
REGISTRY: tuple[Step, ...] = (
    Step("waiting", N_("Welcome"), "", f"{_VIEWS}.waiting:WaitingView", frozenset({"workshop", "participants"}),
         False),
    Step("challenge", N_("Challenge"), N_("Look at the city's challenge and where it shows on the map."),
         f"{_VIEWS}.challenge:ChallengeView", frozenset({"challenge", "map", "ideas"}), True),  # ideas: pins
    Step("brainstorm", N_("Brainstorm"), N_("Propose solutions and place each one on scale and on who drives it."),
         f"{_VIEWS}.brainstorm:BrainstormView", frozenset({"ideas", "votes", "workshop"}), True),
    Step("vote", N_("Vote"), N_("Put your dots on the ideas you find most promising."),
         f"{_VIEWS}.vote:VoteView", frozenset({"ideas", "votes", "workshop"}), True),
    Step("scenarios", N_("Scenarios"), N_("See how the ideas combine into alternative scenarios."),
         f"{_VIEWS}.scenarios:ScenariosView", frozenset({"scenarios", "ideas", "votes", "groups"}), True),
    Step("stakeholders", N_("Stakeholders"),
         N_("Who must be consulted and involved? Place them by power and interest."),
         f"{_VIEWS}.stakeholders:StakeholdersView", frozenset({"stakeholders", "scenarios"}), True),
    Step("scoring", N_("Impact scoring"), N_("Score the options against the criteria."),
         f"{_VIEWS}.scoring:ScoringView", frozenset({"scores", "criteria", "scenarios", "ideas", "workshop"}), True),
    Step("feedback", N_("Feedback"), N_("Tell us how the session went for you."),
         f"{_VIEWS}.feedback:FeedbackView", frozenset({"feedback"}), False),
    Step("closed", N_("Closed"), "", f"{_VIEWS}.waiting:ClosedView", frozenset({"workshop"}), False),
)
BY_NAME = {step.name: step for step in REGISTRY}
STEPS = tuple(BY_NAME)  # in the order of a two-round workshop
RATED_STEPS = tuple(step.name for step in REGISTRY if step.rated)


def step(name: str) -> Step | None:
    """The registry entry of ``name`` (None for a name the method does not have)."""
    return BY_NAME.get(name)


# The pages a step view is built for (``View(ctx, role=...)``).
ROLES = ("participant", "facilitator", "presenter")
