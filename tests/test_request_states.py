"""Every page answers the widget protocol's ``request_states``, at every step, for every role.

A front end that reconnects (or an embed) asks the kernel for the state of all its widgets.
ipywidgets answers with ``get_state()`` of every open widget, and one container that still
lists a closed widget makes the whole answer fail (``_widget_to_json`` reads the closed
widget's ``model_id``): the page can then never be restored. Each test here is one kernel:
it builds one page, walks the agenda, lets other pages change the content through the store
(their kernels' way) and acts on its own page, and after every change asks as the front end
asks, through ipywidgets' own code: its handler when a step opens, the handler's first pass
(``Widget.get_manager_state()``) after each change. Stricter than the kernel, it also checks
that no widget is closed while an open one still lists it, and that a closed page leaves no
widget open.
"""

from __future__ import annotations

import functools
import itertools
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import pytest
from ipywidgets import Widget
from ipywidgets.widgets import widget as ipywidget_module

from facilitation import store
from facilitation.demo import load_demo
from facilitation.domain.errors import FacilitationError
from facilitation.ui.kit.base import make_context
from facilitation.ui.steps import TOPICS

from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from fixtures_ui import context, facilitator
from review_data import demo_and_peer
from widgets import find

from facilitation.domain.steps import ROLES
WIDGET_TO_JSON = ipywidget_module._widget_to_json

# --- the protocol, answered by ipywidgets itself ------------------------------------------


class _ControlComm:
    """The front end's end of the control comm: keeps what the kernel sends back."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self.sent.append(data)


def request_states(*, full: bool = False) -> dict[str, dict]:
    """Ask for every widget's state as a reconnecting front end does; returns the states.

    The handler (``full``) first calls ``Widget.get_manager_state()`` and then serialises
    every widget again the same way; the first pass alone fails exactly when it fails, at
    half the cost, so most asks use it.
    """
    if not full:
        return Widget.get_manager_state()["state"]
    comm = _ControlComm()
    previous, Widget._control_comm = Widget._control_comm, comm
    try:
        Widget._handle_control_comm_msg({"content": {"data": {"method": "request_states"}}})
    finally:
        Widget._control_comm = previous
    (reply,) = comm.sent
    assert reply["method"] == "update_states"
    return reply["states"]


def describe(widget: Widget) -> str:
    classes = [c for c in getattr(widget, "_dom_classes", ()) if c.startswith("fk-")][:4]
    return f"{type(widget).__name__}({' '.join(classes)})" if classes else type(widget).__name__


def widgets_in(value: Any) -> Iterator[Widget]:
    if isinstance(value, Widget):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from widgets_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from widgets_in(item)


def widget_traits(widget: Widget) -> tuple[str, ...]:
    """The synced traits serialised as widget references (``IPY_MODEL_…``)."""
    return _widget_traits(type(widget))


@functools.lru_cache(maxsize=None)
def _widget_traits(cls: type) -> tuple[str, ...]:
    return tuple(name for name, trait in cls.class_traits(sync=True).items()
                 if trait.metadata.get("to_json") is WIDGET_TO_JSON)


def closed_references() -> list[str]:
    """Every open widget's trait that still holds a closed widget, named."""
    found = []
    for widget in list(ipywidget_module._instances.values()):
        for name in widget_traits(widget):
            for ref in widgets_in(getattr(widget, name, None)):
                if ref.comm is None:
                    found.append(f"{describe(widget)}.{name} holds the closed {describe(ref)}")
    return found


def dangling_ids(states: dict[str, dict]) -> list[str]:
    """``IPY_MODEL_`` references in the answer to a model that is not an open widget."""
    found = []

    def scan(value: Any, owner: str, trait: str) -> None:
        if isinstance(value, str) and value.startswith("IPY_MODEL_") and value[10:] not in states:
            found.append(f"{owner}.{trait} refers to {value}")
        elif isinstance(value, (list, tuple)):
            for item in value:
                scan(item, owner, trait)
        elif isinstance(value, dict):
            for item in value.values():
                scan(item, owner, trait)

    for model_id, entry in states.items():
        widget = ipywidget_module._instances.get(model_id)
        if widget is None:
            found.append(f"{entry['model_name']} {model_id} is in the answer but not an open widget")
            continue
        for trait in widget_traits(widget):
            scan(entry["state"].get(trait), describe(widget), trait)
    return found


class CloseWatch:
    """Notes each widget closed while an open widget still lists it, at the moment it closes.

    The front end then receives the close before the container's new state, and any error
    in between leaves the container listing a closed widget for good; so "replace the
    children first, then close what left" is checked where it happens, not only at rest.
    Holders are indexed once and re-indexed only after a widget-valued trait changed.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []
        self._version = 0
        self._indexed = -1
        self._holders: dict[int, list[tuple[Widget, str]]] = {}

    def changed(self) -> None:
        self._version += 1

    def closing(self, widget: Widget) -> None:
        if widget.comm is None:
            return
        if self._indexed != self._version:
            self._holders = {}
            for holder in list(ipywidget_module._instances.values()):
                for name in widget_traits(holder):
                    for ref in widgets_in(getattr(holder, name, None)):
                        self._holders.setdefault(id(ref), []).append((holder, name))
            self._indexed = self._version
        for holder, name in self._holders.get(id(widget), ()):
            if holder.comm is not None and holder is not widget:
                self.problems.append(f"{describe(holder)}.{name} still listed {describe(widget)} when it was closed")


class Kernel:
    """One page's kernel: holds only this test's widgets; :meth:`ask` is the front end asking."""

    def __init__(self, page: str, watch: CloseWatch) -> None:
        self.page = page
        self.watch = watch
        self.asked = 0

    def ask(self, where: str, *, full: bool = False) -> dict[str, dict]:
        self.asked += 1
        at = f"{self.page} page, {where}"
        stale = closed_references()
        try:
            states = request_states(full=full)
        except Exception as exc:  # the failure a reconnecting browser would get
            pytest.fail(f"{at}: request_states failed ({type(exc).__name__}: {exc}); "
                        f"containers keeping closed widgets: {stale or 'none found'}")
        assert not stale, f"{at}: open widgets still refer to closed ones: {stale}"
        dangling = dangling_ids(states)
        assert not dangling, f"{at}: states refer to models that are not open widgets: {dangling}"
        closed_early, self.watch.problems[:] = list(self.watch.problems), []
        assert not closed_early, f"{at}: closed while still listed: {closed_early}"
        if full:  # CSS reaches the page once, linked by its template: no widget carries a stylesheet
            styled = [describe(ipywidget_module._instances[model_id]) for model_id, entry in states.items()
                      if "<style" in json.dumps(entry["state"], default=str)]
            assert not styled, f"{at}: widgets carrying CSS: {styled}"
        return states


@pytest.fixture
def watch(monkeypatch) -> Iterator[CloseWatch]:
    """Only this test's widgets exist, as in one page's kernel (other tests' are set aside),
    and every close is checked against the open widgets that list it."""
    instances = ipywidget_module._instances
    others = dict(instances)
    instances.clear()
    watching = CloseWatch()
    close, open_, notify = Widget.close, Widget.open, Widget.notify_change

    def watched_close(self: Widget) -> None:
        watching.closing(self)
        close(self)

    def watched_open(self: Widget) -> None:
        watching.changed()
        open_(self)

    def watched_notify(self: Widget, change: Any) -> None:
        if self.trait_metadata(change["name"], "to_json") is WIDGET_TO_JSON:
            watching.changed()
        notify(self, change)

    monkeypatch.setattr(Widget, "close", watched_close)
    monkeypatch.setattr(Widget, "open", watched_open)
    monkeypatch.setattr(Widget, "notify_change", watched_notify)
    try:
        yield watching
    finally:
        monkeypatch.undo()
        for widget in list(instances.values()):
            widget.close()
        instances.clear()
        instances.update(others)


def left_open() -> list[str]:
    """The widgets still open in this kernel (after its page closed there should be none)."""
    return sorted(describe(w) for w in ipywidget_module._instances.values())


# --- the room: one workshop, other pages acting through the store -------------------------


@dataclass
class Room:
    db: store.Database
    code: str
    key: str
    wid: int
    lat: float
    lon: float
    n: Iterator[int] = field(default_factory=lambda: itertools.count(1), init=False)  # fresh names

    def __post_init__(self) -> None:
        for token in (TOKEN_B, TOKEN_C):  # two other participants' pages
            store.join(self.db, self.code, token, "")

    def step_index(self, step: str) -> int:
        return next(i for i, item in enumerate(store.agenda(self.db, self.wid)) if item.step == step)

    def point(self, d: float = 0.0) -> dict:
        return {"type": "Point", "coordinates": [self.lon + d, self.lat + d]}

    def square(self) -> dict:
        lon, lat = self.lon, self.lat
        return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + .002, lat], [lon + .002, lat + .002],
                                                    [lon, lat + .002], [lon, lat]]]}

    def ideas(self) -> list:
        return [i for i in store.list_ideas(self.db, self.wid, facilitator=True) if not i.hidden]


def make_room(db: store.Database, kind: str) -> Room:
    if kind == "demo":
        code, key = load_demo(db)
    else:
        created = store.create_workshop(db, title="Green and blue centre", city="Gdansk", country="Poland",
                                        lat=54.352, lon=18.646)
        code, key = created.workshop.code, created.key
    ws = store.get_workshop(db, code)
    return Room(db, code, key, ws.id, ws.lat or 54.352, ws.lon or 18.646)


def attempt(action: Callable[[], Any]) -> Any:
    """Do what another page would; the store may refuse it in this step (that is fine here)."""
    try:
        return action()
    except FacilitationError:
        return None


def others_act(room: Room, step: str) -> Iterator[str]:
    """What other pages write during ``step`` (only what this step's views follow); yields a label after each."""
    db, code, key, n = room.db, room.code, room.key, next(room.n)
    topics = TOPICS[step]
    store.join(db, code, store.new_secret(), f"Late joiner {n}")  # the console follows this at every step
    yield "someone joined"
    if "challenge" in topics:
        attempt(lambda: store.save_challenge(db, code, key, title=f"Heat and floods {n}", description="Two lines\nhere",
                                             themes=["energy"]))
        yield "the challenge was saved"
    if "map" in topics:
        feature = attempt(lambda: store.add_feature(db, code, key, geometry=room.square(), label=f"Square {n}"))
        yield "a feature was drawn"
        if feature is not None:
            attempt(lambda: store.update_feature(db, code, key, feature.id, label=f"Renamed {n}", kind="asset"))
            yield "a feature was edited"
            attempt(lambda: store.remove_feature(db, code, key, feature.id))
            yield "a feature was removed"
    if "ideas" in topics:
        first = attempt(lambda: store.add_idea(db, code, TOKEN_B, title=f"Pocket park {n}", scale="small",
                                               driver="central"))
        second = attempt(lambda: store.add_idea(db, code, TOKEN_C, title=f"Pocket parks {n}", scale="large",
                                                driver="individual", lat=room.lat, lon=room.lon))
        yield "two ideas were posted"
        if first is not None and second is not None:
            attempt(lambda: store.set_hidden(db, code, key, first.id, True))
            yield "an idea was hidden"
            attempt(lambda: store.set_hidden(db, code, key, first.id, False))
            yield "the idea was shown again"
            attempt(lambda: store.merge_ideas(db, code, key, first.id, second.id))
            yield "two ideas were merged"
            attempt(lambda: store.set_hidden(db, code, key, first.id, True))
            yield "the merged idea was hidden"
    if "votes" in topics and room.ideas():
        target = room.ideas()[0].id
        attempt(lambda: store.vote(db, code, TOKEN_B, target))
        yield "a dot was added"
        attempt(lambda: store.withdraw_vote(db, code, TOKEN_B, target))
        yield "a dot was withdrawn"
    if "workshop" in topics:
        store.update_settings(db, code, key, private_brainstorm=True, ideas_revealed=False)
        yield "private writing was turned on"
        store.update_settings(db, code, key, ideas_revealed=True)
        yield "the ideas were revealed"
        store.update_settings(db, code, key, private_brainstorm=False)
        yield "private writing was turned off"
    if "scenarios" in topics:
        ids = [i.id for i in room.ideas()[:3]]
        scenario = attempt(lambda: store.save_scenario(
            db, code, key, name=f"Scenario {n}", narrative="Fast\nand small", idea_ids=ids,
            case_studies=[{"title": "Parklets", "city": "Leuven", "lesson": "Trial first"}]))
        yield "a scenario was saved"
        if scenario is not None:
            attempt(lambda: store.set_scenario_hidden(db, code, key, scenario.id, True))
            yield "a scenario was taken out"
    if "stakeholders" in topics:
        a = attempt(lambda: store.add_stakeholder(db, code, TOKEN_B, name=f"Water utility {n}", category="public",
                                                  power=4, interest=2, level="inform"))
        b = attempt(lambda: store.add_stakeholder(db, code, TOKEN_C, name=f"Water utilities {n}", category="business",
                                                  power=2, interest=5, level="empower"))
        yield "two stakeholders were added"
        if a is not None and b is not None:
            attempt(lambda: store.move_stakeholder(db, code, a.id, power=1, interest=1, token=TOKEN_B))
            yield "a stakeholder was moved"
            attempt(lambda: store.set_stakeholder_hidden(db, code, key, a.id, True))
            yield "a stakeholder was hidden"
            attempt(lambda: store.set_stakeholder_hidden(db, code, key, a.id, False))
            yield "the stakeholder was shown again"
            attempt(lambda: store.merge_stakeholders(db, code, key, a.id, b.id))
            yield "two stakeholders were merged"
    if "criteria" in topics:
        attempt(lambda: store.add_criterion(db, code, key, name=f"Shade {n}", weight=2.0))
        yield "a criterion was added (refused once scoring began)"
    if "scores" in topics:
        setup = store.scoring_setup(db, room.wid)
        for token, value in ((TOKEN_B, 4), (TOKEN_C, 1)):
            cells = {(i.kind, i.id, c.id): (value if i.id % 2 else 5 - value) for i in setup.items
                     for c in setup.criteria}
            attempt(lambda: store.set_scores(db, code, token, cells))
            yield "scores were saved"
        attempt(lambda: store.set_results_revealed(db, code, key, True))
        yield "the results were revealed"
        attempt(lambda: store.set_results_revealed(db, code, key, False))
        yield "the results were hidden again"
        attempt(lambda: store.set_results_revealed(db, code, key, True))
        yield "the results were revealed again"
    if "feedback" in topics:
        attempt(lambda: store.submit_feedback(db, code, TOKEN_B, rating=4, step_ratings={"brainstorm": 5},
                                              take_home="Shade maps", change=""))
        yield "feedback was sent"


# --- this page's own actions ---------------------------------------------------------------


def click_map(view, lat: float, lon: float) -> None:
    view.fmap.map._handle_leaflet_event(None, {"event": "interaction", "type": "click",
                                               "coordinates": [lat, lon]}, [])


def drop(scatter, index: int, x: float, y: float) -> None:
    scatter._handle_custom_msgs(None, {"event": "drag_end", "point": {"x": x, "y": y}, "index": index})


def participant_acts(app, room: Room, step: str) -> Iterator[str]:
    view, n = app.host.view, next(room.n)
    if step == "challenge":
        click_map(view, room.lat, room.lon)
        yield "clicking the map"
        pin = view.pin_form
        pin.title.value, pin.scale.value, pin.driver.value = f"Rain garden {n}", "small", "central"
        assert view.pin_idea(), view.notice.value
        yield "pinning an idea"
        click_map(view, room.lat + .001, room.lon)
        view.place(None, None)
        yield "cancelling a pin"
    elif step == "brainstorm":
        view.title.value, view.scale.value, view.driver.value = f"Tram loop {n}", "large", "central"
        assert view.add(), view.notice.value
        yield "posting an idea"
        view.mode.value = "matrix"
        view.mode.value = "wall"
        yield "switching wall and matrix"
    elif step == "vote":
        card = next(iter(view.wall.cards.values()), None)
        if card is not None:
            card.vote_button.click()
            assert "fk-notice-ok" in view.notice.value, view.notice.value
            yield "adding a dot"
            card.withdraw_button.click()
            assert "fk-notice-ok" in view.notice.value, view.notice.value
            yield "withdrawing the dot"
        app.link.token = TOKEN_C + "-other-device"
        yield "the browser sending an unknown token (join form)"
        app.link.token = TOKEN_A
        yield "the browser sending its token again"
    elif step == "stakeholders":
        view.form.name.value, view.form.power.value, view.form.interest.value = f"Residents {n}", 2, 5
        assert view.add(), view.notice.value
        yield "adding a stakeholder"
        if view.grid._movable_ids:
            drop(view.grid.movable, 0, 4.6, 1.2)
            yield "dragging a dot"
            view.start_editing(view.grid._movable_ids[0])
            view.form.name.value = f"Residents' council {n}"
            assert view.save_edit(), view.notice.value
            yield "editing a stakeholder"
    elif step == "scoring":
        form = view.form
        for i, control in enumerate(form.inputs.values()):
            control.value = [2, 3, "dont-know"][i % 3]
        assert form.save(), form.notice.value
        yield "saving scores"
        explore = find(view.root, "fk-robustness-open")
        if explore:
            explore[0].click()
            yield "opening the robustness panel"
    elif step == "feedback":
        view.form.rating.value = 5
        view.form.take_home.value = "More maps"
        assert view.form.save(), view.form.notice.value
        yield "sending feedback"


def challenge_edits(view, room: Room) -> Iterator[str]:
    """The facilitator's (or the city's) edits of the challenge and its map."""
    n = next(room.n)
    view.challenge_form.title.value = f"Too little green {n}"
    assert view.save_challenge(), view.notice.value
    yield "saving the challenge"
    assert view.add_drawn(room.point(.001)), view.notice.value
    yield "drawing a point"
    view.editor.label.value = f"Flooded underpass {n}"
    assert view.save_feature(), view.notice.value
    yield "saving a feature"
    assert view.remove_feature(view.selected), view.notice.value
    yield "removing the feature"


def facilitator_acts(app, room: Room, step: str) -> Iterator[str]:
    view, n = app.host.view, next(room.n)
    if step == "challenge":
        yield from challenge_edits(view, room)
    elif step in ("brainstorm", "vote"):
        app.private_toggle.value = True
        yield "turning private writing on"
        app.reveal_button.click()
        app.private_toggle.value = False
        yield "revealing and turning private writing off"
        cards = list(view.wall.cards.values())
        if len(cards) >= 2:
            cards[0].hide_button.click()
            yield "hiding an idea"
            cards[0].hide_button.click()
            yield "showing it again"
            cards[-1].merge_button.click()
            view.merging.target.value = cards[0].idea_id
            view.merging.confirm_button.click()
            assert "fk-notice-ok" in view.notice.value, view.notice.value
            yield "merging a duplicate"
        view.mode.value = "matrix"
        view.mode.value = "wall"
        yield "switching wall and matrix"
    elif step == "scenarios":
        row = view.add_case()
        yield "adding a case study row"
        find(row, "fk-case-remove")[0].click()
        yield "removing the case study row"
        row = view.add_case()
        row.title.value, row.city.value = "Parklets", "Leuven"
        view.name.value = f"Green first {n}"
        for box in list(view._checks.values())[:2]:
            box.value = True
        assert view.save(), view.notice.value
        yield "saving a scenario"
        view.pick.value = 0
        yield "starting a new scenario"
        if len(view.pick.options) > 1:
            view.pick.value = view.pick.options[1][1]
            yield "opening a saved scenario"
            assert view.remove(), view.notice.value
            yield "taking the scenario out"
    elif step == "stakeholders":
        cards = list(view.wall.cards.values())
        if len(cards) >= 2:
            cards[0].hide_button.click()
            yield "hiding a stakeholder"
            cards[0].hide_button.click()
            yield "showing it again"
            cards[-1].merge_button.click()
            view.merging.target.value = cards[0].stakeholder_id
            view.merging.confirm()
            assert "fk-notice-ok" in view.notice.value, view.notice.value
            yield "merging a duplicate"
        if view.grid._movable_ids:
            drop(view.grid.movable, 0, 2.2, 4.1)
            yield "dragging a dot"
    elif step == "scoring":
        panel = view.setup_panel
        panel.reveal.click()
        yield "showing or hiding the results"
        panel.reveal.click()
        yield "toggling the results back"
        editor = panel.editor
        editor.open_form(None)
        editor.fields["name"].value = f"Noise {n}"
        editor.save()
        yield "adding a criterion (refused once scoring began)"
        panel.source.value = "ideas"
        yield "scoring the top-voted ideas (refused once scoring began)"
        panel.source.value = "scenarios"
        yield "scoring the scenarios again"


OWN_ACTS = {"participant": participant_acts, "facilitator": facilitator_acts}


def open_page(room: Room, role: str):
    from facilitation.ui.pages.console import ConsoleApp
    from facilitation.ui.pages.participant import ParticipantApp
    from facilitation.ui.pages.presenter import PresenterApp

    if role == "participant":
        app = ParticipantApp(make_context(f"code={room.code}", db=room.db))
        app.link.token = TOKEN_A
        return app
    query = f"code={room.code}&key={room.key}"
    return (ConsoleApp if role == "facilitator" else PresenterApp)(make_context(query, db=room.db))


def go_to(app, room: Room, role: str, index: int) -> None:
    if role == "facilitator":
        assert app.go_to(index), app.notice.value  # the console's own button path
    else:
        store.set_phase(room.db, room.code, room.key, index)
    app.feed.poll_once()


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["demo", "empty"])
@pytest.mark.parametrize("role", ROLES)
def test_every_step_answers_request_states(db, watch, role, content):
    room = make_room(db, content)
    kernel = Kernel(role, watch)
    app = open_page(room, role)
    kernel.ask("as built")
    if role == "participant":
        app.name.value = "Anna"
        app.join_button.click()
        kernel.ask("after joining")
    steps = [item.step for item in store.agenda(db, room.wid)]
    own = OWN_ACTS.get(role)
    for index, step in enumerate(steps):
        go_to(app, room, role, index)
        assert app.step == step
        kernel.ask(f"step {step!r}, as opened", full=True)
        for label in others_act(room, step):
            app.feed.poll_once()
            kernel.ask(f"step {step!r}, after another page: {label}")
        for label in own(app, room, step) if own else ():
            app.feed.poll_once()
            kernel.ask(f"step {step!r}, after {label}")
    # Back and forth, as a facilitator correcting a click.
    for step in ("brainstorm", "challenge", "scoring", "vote", "stakeholders", "scenarios", "scoring", "waiting"):
        go_to(app, room, role, room.step_index(step))
        kernel.ask(f"step {step!r}, switched back to")
    app.close()
    kernel.ask("after the page closed")
    assert left_open() == [], "closing the page leaves widgets open"
    assert kernel.asked > 2 * len(steps)


@pytest.mark.parametrize("content", ["demo", "empty"])
def test_the_homework_page_answers_request_states(db, watch, content):
    from facilitation.ui.pages.homework import ChallengeApp

    room = make_room(db, content)
    kernel = Kernel("homework", watch)
    app = ChallengeApp(facilitator(room))
    kernel.ask("as built")
    view = app.view
    for label in challenge_edits(view, room):
        kernel.ask(f"after {label}")
    good = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Market"}, "geometry": room.square()}]})
    view.importer.upload.set_state({"value": [{"name": "city.geojson", "type": "application/geo+json", "size": len(good),
                                      "last_modified": 0, "content": memoryview(good.encode())}]})
    view.importer.replace.value = True
    assert view.import_file(), view.notice.value
    kernel.ask("after importing a file that replaces the features")
    for label in others_act(room, "challenge"):
        app.feed.poll_once()
        kernel.ask(f"after another page: {label}")
    app.close()
    kernel.ask("after the page closed")
    assert left_open() == [], "closing the page leaves widgets open"


def test_the_review_page_answers_request_states(db, watch):
    from facilitation.ui.pages.review import ALL, ReviewApp

    both = demo_and_peer(db)
    kernel = Kernel("review", watch)
    app = ReviewApp(context(db, "", key=",".join(k for _, k in both.values())))
    kernel.ask("as built")
    for code, _key in both.values():
        app.pick.value = code
        kernel.ask(f"after picking {code}")
    app.f_city.value = "Sofia"
    kernel.ask("after filtering by city")
    app.f_city.value = ALL
    kernel.ask("after clearing the filter")
    code, key = both["demo"]
    wid = store.get_workshop(db, code).id
    for feature in store.list_features(db, wid):
        store.remove_feature(db, code, key, feature.id)
    app.refresh_button.click()
    kernel.ask("after a reload with the map emptied")
    app.tabs.selected_index = 1
    kernel.ask("after opening the second tab")
    app.close()
    kernel.ask("after the page closed")
    assert left_open() == [], "closing the page leaves widgets open"
