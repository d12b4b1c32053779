"""The step registry is the one list of step kinds, and the feed's topics are listed once.

* every entry names a view that exists, listens only to listed topics and has a label;
* every ``bump(..., "topic")`` in the code uses a topic of facilitation/domain/topics.py (read from
  the source, so a new writer with a new topic fails here until the topic is listed);
* no module spells the welcome/closed pair or a list of steps by hand;
* pages give the open view the time once a second (``tick(now)``), and only views that have one.
"""

from __future__ import annotations

import ast
import re
from datetime import datetime, timezone
from importlib import import_module
from pathlib import Path

import pytest

from facilitation.domain import steps
from facilitation.domain.clock import naive_utc, utc_now
from facilitation.domain.topics import TOPICS
from fixtures_ui import facilitator, participant, set_step

ROOT = Path(__file__).resolve().parents[1]
CODE = ROOT / "facilitation"
TOKEN = "registry-token-aaaaaaaaaaaaaaaaaaaa"


# --- the registry -----------------------------------------------------------------------------

@pytest.mark.parametrize("entry", steps.REGISTRY, ids=lambda e: e.name)
def test_each_entry_is_complete(entry: steps.Step) -> None:
    assert re.fullmatch(r"[a-z][a-z_]*", entry.name)
    assert entry.label and entry.topics, entry.name
    assert set(entry.topics) <= set(TOPICS), f"{entry.name} listens to unlisted topics {set(entry.topics) - set(TOPICS)}"
    module, _, cls = entry.view.partition(":")
    view = getattr(import_module(module), cls)  # the view the pages will build exists
    for method in ("refresh", "close"):
        assert callable(getattr(view, method, None)), f"{entry.view} has no {method}()"
    tick = getattr(view, "tick", None)
    assert tick is None or callable(tick)


def test_names_are_unique_and_the_derived_lists_follow_the_registry() -> None:
    names = [entry.name for entry in steps.REGISTRY]
    assert len(names) == len(set(names)) and steps.STEPS == tuple(names)
    assert steps.WELCOME in names and steps.CLOSED in names
    assert not steps.numbered(steps.WELCOME) and not steps.numbered(steps.CLOSED) and not steps.numbered("nonsense")
    assert set(steps.RATED_STEPS) <= steps.NUMBERED_STEPS  # a step that is not on the plan is not rated
    assert steps.PICK_STEPS == {e.name for e in steps.REGISTRY if e.pick_group}
    assert steps.CLOSED not in steps.PICK_STEPS and "feedback" not in steps.PICK_STEPS


def test_entries_name_their_fields() -> None:
    """Every Step(...) in the registry uses keyword arguments only (order of fields may change)."""
    tree = ast.parse((CODE / "domain" / "steps.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Step"]
    assert len(calls) == len(steps.REGISTRY)
    assert all(not call.args for call in calls), "a registry entry passes a field by position"


def test_no_hand_written_list_of_steps() -> None:
    """The welcome/closed pair and ``in ("waiting", ...)`` tuples come from the registry now."""
    pattern = re.compile(r"""\(\s*["'](waiting|closed)["']\s*,\s*["'](waiting|closed|feedback)["']""")
    offenders = [str(path.relative_to(ROOT)) for path in CODE.rglob("*.py")
                 if pattern.search(path.read_text(encoding="utf-8"))]
    assert not offenders


# --- the feed's topics ------------------------------------------------------------------------

def _strings(node: ast.AST | None) -> list[str]:
    """The string constants a topic expression holds (a literal, a tuple/list/set of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [s for elt in node.elts for s in _strings(elt)]
    return []


def _values_of(name: str, scopes: list[ast.AST]) -> list[str] | None:
    """What ``name`` holds: its assignments and ``.append``/``.extend`` calls in the given scopes."""
    found: list[str] = []
    seen = False
    for scope in scopes:
        for node in ast.walk(scope):
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    seen = True
                    found += _strings(node.value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in ("append", "extend", "add")
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == name):
                seen = True
                found += [s for arg in node.args for s in _strings(arg)]
    return found if seen else None


def bumped_topics() -> dict[str, set[str]]:
    """Every topic passed to ``bump(conn, workshop, *topics)`` in the code, with where it is bumped."""
    topics: dict[str, set[str]] = {}
    for path in CODE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and (getattr(call.func, "id", None) == "bump"
                                                    or getattr(call.func, "attr", None) == "bump")):
                continue
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            enclosing = [f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or f.lineno)]
            for arg in call.args[2:]:
                expr = arg.value if isinstance(arg, ast.Starred) else arg
                values = _strings(expr)
                if not values and isinstance(expr, ast.Name):
                    resolved = _values_of(expr.id, enclosing + [tree])
                    assert resolved, f"{where}: cannot tell which topics {expr.id} holds"
                    values = resolved
                assert values, f"{where}: a topic that is neither a literal nor a name holding literals"
                for value in values:
                    topics.setdefault(value, set()).add(where)
    return topics


def test_every_bumped_topic_is_listed() -> None:
    bumped = bumped_topics()
    assert {"phase", "ideas", "agenda"} <= set(bumped)  # the scan found the store's writers
    unlisted = {topic: sorted(where) for topic, where in bumped.items() if topic not in TOPICS}
    assert not unlisted, f"add these topics to facilitation/domain/topics.py: {unlisted}"


def test_every_listed_topic_has_a_meaning() -> None:
    assert all(isinstance(text, str) and len(text) > 10 for text in TOPICS.values())


# --- the clock and the tick -------------------------------------------------------------------

def test_utc_now_is_aware_and_naive_utc_converts() -> None:
    now = utc_now()
    assert now.tzinfo is not None and now.utcoffset().total_seconds() == 0
    assert abs((datetime.now(timezone.utc) - now).total_seconds()) < 5
    assert naive_utc(now).tzinfo is None and naive_utc(now) == now.replace(tzinfo=None)


class _Ticking:
    """A stand-in view that records the times it was given."""

    def __init__(self, ctx, role: str = "participant") -> None:
        import ipywidgets as widgets

        self.root = widgets.VBox()
        self.times: list[datetime] = []

    def refresh(self, topics: set[str]) -> None:
        """Nothing to re-render."""

    def tick(self, now: datetime) -> None:
        self.times.append(now)

    def close(self) -> None:
        self.root.close()


def _page_with_ticking_view(page, monkeypatch) -> _Ticking:
    view = _Ticking(None)
    monkeypatch.setattr(page.host, "view", view)
    return view


@pytest.mark.parametrize("page_name", ["participant", "console", "presenter"])
def test_every_page_ticks_its_open_view_once_a_second(workshop, monkeypatch, page_name) -> None:
    from facilitation.ui.pages.console import ConsoleApp
    from facilitation.ui.pages.participant import ParticipantApp
    from facilitation.ui.pages.presenter import PresenterApp

    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    pages = {"participant": lambda: ParticipantApp(participant(workshop, TOKEN, "Ola")),
             "console": lambda: ConsoleApp(facilitator(workshop)),
             "presenter": lambda: PresenterApp(facilitator(workshop))}
    page = pages[page_name]()
    view = _page_with_ticking_view(page, monkeypatch)
    page.start()  # no event loop in a test: the feed does not run, its tick is connected
    page.start()  # connected once however often the page starts
    assert len(page.feed._tickers) == 1
    page.feed._run_tickers()
    assert len(view.times) == 1 and view.times[0].tzinfo is not None
    page.feed._run_tickers()  # less than a second later: no second tick
    assert len(view.times) == 1
    moment = datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)
    page.tick(moment)
    assert view.times[-1] == moment
    page.close()


def test_a_view_without_tick_is_never_called_and_a_failing_tick_is_contained(workshop, monkeypatch) -> None:
    from facilitation.ui.pages.participant import ParticipantApp

    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    page = ParticipantApp(participant(workshop, TOKEN, "Ola"))
    assert not hasattr(page.host.view, "tick") or page.host.step != "brainstorm"
    page.tick(utc_now())  # the brainstorm view has no tick: nothing happens, nothing fails

    class Broken(_Ticking):
        def tick(self, now: datetime) -> None:
            raise RuntimeError("a countdown bug")

    monkeypatch.setattr(page.host, "view", Broken(None))
    page.tick(utc_now())  # logged, not raised: the feed keeps running for the page
    page.close()


def test_the_console_clock_runs_on_the_page_tick(workshop) -> None:
    from facilitation.ui.pages.console import ConsoleApp

    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")
    console = ConsoleApp(facilitator(workshop))
    console.start()
    assert len(console.feed._tickers) == 1  # one tick for the clock and the view, not two
    console.agenda.value = ""
    console.feed._run_tickers()
    assert console.agenda.value  # the agenda's times were redrawn by that tick
    console.close()


# --- every kind's view, built for every role from a workshop holding every kind -----------------

@pytest.mark.parametrize("name", steps.STEPS)
def test_every_view_builds_for_every_role(workshop, name) -> None:
    """A new kind's view renders for the participant, the console and the presenter (not the stand-in
    shown when a view fails) with its kind's content, and the participant's root carries fk-view-NAME."""
    from facilitation.ui.kit.shell import StepHost, UnavailableView
    from step_content import add_every_step, fill

    add_every_step(workshop.db, workshop.code, workshop.key)
    tokens = [f"registry-token-{n}-aaaaaaaaaaaaaaaaaaaa" for n in range(3)]
    pages = {"participant": participant(workshop, tokens[0], "Ola")}
    for n, token in enumerate(tokens[1:]):
        participant(workshop, token, f"Guest {n}")
    pages["facilitator"] = pages["presenter"] = facilitator(workshop)
    set_step(workshop.db, workshop.code, workshop.key, name)
    fill(workshop.db, workshop.code, workshop.key, name, tokens)
    for role, ctx in pages.items():
        host = StepHost(ctx, role)
        assert host.show(name)
        assert not isinstance(host.view, UnavailableView), f"the {name} view failed for the {role} (see the log)"
        if role == "participant":
            assert f"fk-view-{name}" in host.view.root._dom_classes
        host.refresh(set(steps.step(name).topics))
        host.tick(utc_now())
        host.close()


def test_the_tick_runs_on_the_kernels_loop_and_stops_with_the_page(workshop, monkeypatch) -> None:
    """On a running event loop (as in a kernel) the open view ticks about once a second; once the page
    is closed its feed stops and the view is never ticked again."""
    import asyncio

    from facilitation.ui.pages.presenter import PresenterApp

    set_step(workshop.db, workshop.code, workshop.key, "brainstorm")

    async def session() -> tuple[int, int]:
        page = PresenterApp(facilitator(workshop))
        view = _page_with_ticking_view(page, monkeypatch)
        assert page.start() and page.feed.running
        await asyncio.sleep(2.3)
        while_open = len(view.times)
        page.close()
        await asyncio.sleep(1.5)
        assert not page.feed.running and page.feed.stop_reason == "closed"  # no task left behind
        return while_open, len(view.times)

    while_open, after_close = asyncio.run(session())
    assert 2 <= while_open <= 3  # about one a second, not one per feed poll (five a second)
    assert after_close == while_open
