"""The step registry: every kind of step, once (name, label, view, topics, lead and flags).

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
    """One kind of step. Name every field at each entry (keyword arguments): later fields have
    defaults, so a new field never touches the entries that do not need it."""

    name: str
    label: str
    view: str  # "module:Class" under facilitation.ui.steps
    topics: frozenset[str]  # feed topics (domain/topics.py) whose change re-renders the step
    lead: str = ""  # one line telling the group what to do ("" for none)
    rated: bool = True  # participants rate it in the feedback step
    numbered: bool = True  # counts in "Step 3 of 7" and in the plan participants see (not the welcome or the end)
    pick_group: bool = False  # participants may pick their breakout group while it is open
    shows_join: bool = False  # the view shows the join link itself (the presenter's footer hint stays off)


_VIEWS = "facilitation.ui.steps"
REGISTRY: tuple[Step, ...] = (
    Step(name="waiting", label=N_("Welcome"), view=f"{_VIEWS}.waiting:WaitingView",
         topics=frozenset({"workshop", "participants"}), rated=False, numbered=False, pick_group=True,
         shows_join=True),
    Step(name="challenge", label=N_("Challenge"), lead=N_("Look at the city's challenge and where it shows on the map."),
         view=f"{_VIEWS}.challenge:ChallengeView", topics=frozenset({"challenge", "map", "ideas"}),  # ideas: pins
         pick_group=True),
    Step(name="brainstorm", label=N_("Brainstorm"),
         lead=N_("Propose solutions and place each one on scale and on who drives it."),
         view=f"{_VIEWS}.brainstorm:BrainstormView", topics=frozenset({"ideas", "votes", "workshop"}), pick_group=True),
    Step(name="vote", label=N_("Vote"), lead=N_("Put your dots on the ideas you find most promising."),
         view=f"{_VIEWS}.vote:VoteView", topics=frozenset({"ideas", "votes", "workshop"})),
    Step(name="scenarios", label=N_("Scenarios"), lead=N_("See how the ideas combine into alternative scenarios."),
         view=f"{_VIEWS}.scenarios:ScenariosView", topics=frozenset({"scenarios", "ideas", "votes", "groups"})),
    Step(name="stakeholders", label=N_("Stakeholders"),
         lead=N_("Who must be consulted and involved? Place them by power and interest."),
         view=f"{_VIEWS}.stakeholders:StakeholdersView", topics=frozenset({"stakeholders", "scenarios"})),
    Step(name="scoring", label=N_("Impact scoring"), lead=N_("Score the options against the criteria."),
         view=f"{_VIEWS}.scoring:ScoringView",
         topics=frozenset({"scores", "criteria", "scenarios", "ideas", "workshop"})),
    Step(name="poll", label=N_("Poll"), lead=N_("Answer the poll; you can change your answer until the step closes."),
         view=f"{_VIEWS}.poll:PollView", topics=frozenset({"polls", "workshop", "phase", "agenda", "groups"})),
    Step(name="discussion", label=N_("Discussion"),
         lead=N_("A round table: add a short point with your city and organisation; the notes follow live."),
         view=f"{_VIEWS}.discussion:DiscussionView", topics=frozenset({"notes", "participants", "groups", "phase"})),
    Step(name="decisions", label=N_("Decisions"), lead=N_("The decisions and action items, as they are recorded."),
         view=f"{_VIEWS}.decisions:DecisionsView", topics=frozenset({"decisions", "meeting", "phase"})),
    Step(name="break", label=N_("Break"), view=f"{_VIEWS}.pause:BreakView", topics=frozenset({"phase", "workshop"}),
         rated=False),
    Step(name="presentation", label=N_("Presentation"),
         lead=N_("Listen to the speaker; ask your questions here while they talk."),
         view=f"{_VIEWS}.presentation:PresentationView",
         topics=frozenset({"questions", "phase", "agenda", "materials", "participants", "groups"})),
    Step(name="questions", label=N_("Questions"),
         lead=N_("Ask your questions and upvote the ones you want answered first."),
         view=f"{_VIEWS}.questions:QuestionsView", topics=frozenset({"questions", "phase", "participants", "groups"})),
    Step(name="feedback", label=N_("Feedback"), lead=N_("Tell us how the session went for you."),
         view=f"{_VIEWS}.feedback:FeedbackView", topics=frozenset({"feedback"}), rated=False),
    Step(name="closed", label=N_("Closed"), view=f"{_VIEWS}.waiting:ClosedView", topics=frozenset({"workshop"}),
         rated=False, numbered=False),
)
BY_NAME = {step.name: step for step in REGISTRY}
STEPS = tuple(BY_NAME)  # in the order of a two-round workshop
RATED_STEPS = tuple(step.name for step in REGISTRY if step.rated)
NUMBERED_STEPS = frozenset(step.name for step in REGISTRY if step.numbered)
PICK_STEPS = frozenset(step.name for step in REGISTRY if step.pick_group)
# The step a workshop shows before its session starts, and the one it ends on.
WELCOME, CLOSED = "waiting", "closed"


def step(name: str) -> Step | None:
    """The registry entry of ``name`` (None for a name the method does not have)."""
    return BY_NAME.get(name)


def numbered(name: str) -> bool:
    """True when ``name`` counts as a step of the plan ("Step 3 of 7"); unknown names do not."""
    entry = BY_NAME.get(name)
    return entry is not None and entry.numbered


# The pages a step view is built for (``View(ctx, role=...)``).
ROLES = ("participant", "facilitator", "presenter")
