"""Accessibility in real Chromium pages: axe-core on every view, a participant with the keyboard alone.

axe-core (the npm package, ``npm ci --prefix tests/a11y``) runs with the WCAG 2.1 A/AA and
best-practice rules on each participant step, the console, the presenter, the review, the
organiser and the programme pages; a serious or critical violation fails (all violations are
printed with their nodes). One Voila server and one browser for the module; the participant page
follows the steps the store opens. Screenshots at 360 px land in tests/artifacts/a11y-*.png.

Both walks take their steps from the registry (facilitation.domain.steps), never from a list here:
a new kind of step is added to the workshop's agenda, given content (tests/step_content.py) and
walked like the others, with axe and with the keyboard.
"""

from __future__ import annotations

import pytest

from facilitation import store
from facilitation.domain import steps
from facilitation.domain.steps import STEPS
from facilitation.i18n import translator

from a11y import axe
from conftest import screenshot
from fixtures_ui import set_step
from step_content import FILLERS, add_every_step, fill
from test_ui_programme import build_programme

pytestmark = pytest.mark.browser

LOAD = 120_000  # a cold kernel on a busy 2-core box
WAIT = 20_000
PHONE = {"width": 360, "height": 740}
POINT = {"type": "Point", "coordinates": [18.6445, 54.3530]}


@pytest.fixture(scope="module")
def axe_js() -> str:
    source = axe.axe_source()
    if source is None:
        if axe.required_in_ci():
            pytest.fail(axe.missing_reason() + "; .ci/run should have installed it.")
        pytest.skip("Accessibility tests skipped: " + axe.missing_reason() + ".")
    return source


class Audit:
    """axe's findings per view; fails at the end with every blocking violation listed."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: dict[str, list[dict]] = {}

    def check(self, page, view: str) -> None:
        violations = axe.run(page, self.source)
        self.found[view] = violations
        counts = {impact: sum(v["impact"] == impact for v in violations) for impact in ("critical", "serious",
                                                                                         "moderate", "minor")}
        print(f"\n[axe] {view}: {counts}")
        if violations:
            print(axe.describe(view, violations))

    def assert_clean(self) -> None:
        bad = {view: axe.blocking(v) for view, v in self.found.items() if axe.blocking(v)}
        assert not bad, "serious/critical axe violations:\n" + "\n".join(axe.describe(k, v) for k, v in bad.items())


def phone_shot(page, name: str) -> None:
    """A whole-page screenshot at 360 px (Voila scrolls inside its container: grow the viewport first);
    nothing may stick out sideways, so the text reflows rather than needing a horizontal scroll."""
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= PHONE["width"] + 1, f"{name}: the page is {wide} px wide on a {PHONE['width']} px screen"
    height = page.evaluate("() => Math.max(document.querySelector('.fk-app').scrollHeight, 600)")
    page.set_viewport_size({"width": PHONE["width"], "height": min(int(height) + 40, 6000)})
    screenshot(page, name)
    page.set_viewport_size(PHONE)


def workshop_with_content(db: store.Database, language: str = "en") -> tuple[str, str, int, list[str]]:
    """A workshop with an idea, a stakeholder, two scenarios and a map feature, and two participants; its
    agenda holds every kind of step of the registry (the kinds with content get it when opened: :func:`fill`)."""
    created = store.create_workshop(db, title="Green and blue centre (a11y)", city="Gdansk", country="Poland",
                                    lat=54.3505, lon=18.6510, language=language)
    code, key, wid = created.workshop.code, created.key, created.workshop.id
    tokens = [store.new_secret() for _ in range(2)]
    for token in tokens:
        store.join(db, code, token)
    store.save_challenge(db, code, key, title="Too little green in the centre",
                         description="The historic centre heats up in summer.", themes=["nature-based solutions"])
    store.add_feature(db, code, key, geometry=POINT, label="Flooded underpass", kind="problem", note="Water stands.")
    set_step(db, code, key, "brainstorm")
    store.add_idea(db, code, tokens[0], title="Rain gardens on school yards", scale="small", driver="central")
    store.save_scenario(db, code, key, name="Green corridors", narrative="Trees and shaded routes along the river.")
    store.save_scenario(db, code, key, name="Car-free centre", narrative="A pedestrian core with park-and-ride.")
    add_every_step(db, code, key)
    return code, key, wid, tokens


def open_on(db: store.Database, code: str, key: str, pages: list, step: str, language: str) -> None:
    """Open ``step`` and wait until each page's step bar names it (console and presenter views of the
    kinds carry no common class, their step bar does)."""
    set_step(db, code, key, step)
    item = next(i for i in store.agenda(db, store.get_workshop(db, code).id) if i.step == step)
    title = item.title or translator(language)(steps.step(step).label)
    for page in pages:
        page.locator(".fk-stepbar-box", has_text=title).wait_for(timeout=WAIT)
    pages[-1].wait_for_timeout(800)  # the views' widgets settle


def test_every_view_is_free_of_serious_axe_violations(voila, browser, axe_js):
    audit = Audit(axe_js)
    db = store.Database(voila.db_url)
    # In Polish: the phone screenshots (a11y-*.png) show the participant steps as a Polish room sees them.
    code, key, wid, tokens = workshop_with_content(db, language="pl")
    set_step(db, code, key, "waiting")
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(voila.participant(code), timeout=LOAD)
        page.locator(".fk-join-submit").wait_for(timeout=LOAD)
        audit.check(page, "join")
        phone_shot(page, "a11y-join")
        page.locator(".fk-join-name input").fill("Ala")
        page.locator(".fk-join-submit").click()
        for step in STEPS:
            set_step(db, code, key, step)
            fill(db, code, key, step, tokens)
            page.locator(f".fk-view-{step}").wait_for(timeout=LOAD)
            page.wait_for_timeout(400)  # let the step's widgets settle
            audit.check(page, step)
            phone_shot(page, f"a11y-{step}")
        set_step(db, code, key, "vote")

        console = context.new_page()
        console.set_viewport_size({"width": 1280, "height": 900})
        console.goto(voila.facilitator(code, key), timeout=LOAD)
        console.locator(".fk-phase-current").wait_for(timeout=LOAD)
        console.locator(".fk-idea-card").first.wait_for(timeout=WAIT)
        audit.check(console, "console")

        presenter = context.new_page()
        presenter.set_viewport_size({"width": 1280, "height": 900})
        presenter.goto(voila.page("presenter.ipynb", code=code, key=key), timeout=LOAD)
        presenter.locator(".fk-view-vote").wait_for(timeout=LOAD)
        audit.check(presenter, "presenter")
        for step in (name for name in STEPS if name in FILLERS):  # the console and big screen of each kind
            open_on(db, code, key, [console, presenter], step, "pl")
            audit.check(console, f"console-{step}")
            audit.check(presenter, f"presenter-{step}")
        set_step(db, code, key, "closed")
        presenter.locator(".fk-view-closed").wait_for(timeout=WAIT)
        audit.check(presenter, "presenter-closed")

        review = context.new_page()
        review.set_viewport_size({"width": 1280, "height": 900})
        review.goto(voila.page("review.ipynb", key=key, code=code), timeout=LOAD)
        review.locator(".fk-review-detail").wait_for(timeout=LOAD)
        review.wait_for_timeout(1500)
        audit.check(review, "review")

        world = build_programme(db, name="Green cities (a11y)", tokens=(store.new_secret(), store.new_secret()))
        organiser = context.new_page()
        organiser.set_viewport_size({"width": 1280, "height": 900})
        organiser.goto(voila.page("organiser.ipynb", key=world.org), timeout=LOAD)
        organiser.locator(".fk-setup-create").wait_for(timeout=LOAD)
        audit.check(organiser, "organiser")

        programme = context.new_page()
        programme.set_viewport_size({"width": 1280, "height": 900})
        programme.goto(voila.page("programme.ipynb", key=world.org, programme="Green cities (a11y)"), timeout=LOAD)
        programme.locator(".fk-programme-workshop").first.wait_for(timeout=LOAD)
        audit.check(programme, "programme")
    finally:
        context.close()
        db.close()
    audit.assert_clean()


FOCUSED_IN = "sel => { const a = document.activeElement; return !!(a && a.closest(sel)); }"


def tab_to(page, selector: str, *, limit: int = 60, back: bool = False) -> int:
    """Press Tab (Shift+Tab with ``back``) until the focus is inside ``selector``; returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(FOCUSED_IN, selector):
            return presses
    raise AssertionError(f"{selector} is not reachable with the keyboard ({limit} presses)")


def typed(page, text: str) -> None:
    """Type as a person does, then pause: ipywidgets buffers value updates while the kernel is busy but
    sends a button's click at once, so an Enter right after the last key could reach the kernel first."""
    page.keyboard.type(text, delay=40)
    page.wait_for_timeout(300)


def follows(page, selector: str) -> bool:
    """Whether ``selector`` comes after the focused element in the page (so Tab, not Shift+Tab, reaches it)."""
    return page.evaluate("""sel => { const t = document.querySelector(sel), a = document.activeElement;
        return !a || a === document.body || !!(a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING); }""",
                         selector)


def focus_ring(page) -> dict:
    """The focused element's outline as the browser draws it."""
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; }""")


def wait_store(check, page, timeout_ms: int = WAIT):
    """Poll the store until ``check()`` is truthy (the page's kernel writes asynchronously)."""
    for _ in range(timeout_ms // 200):
        value = check()
        if value:
            return value
        page.wait_for_timeout(200)
    screenshot(page, "a11y-keyboard-failed")
    raise AssertionError("the store never showed the keyboard's action (see a11y-keyboard-failed.png)")


def test_a_participant_takes_part_with_the_keyboard_alone(voila, browser, axe_js):
    db = store.Database(voila.db_url)
    code, key, wid, tokens = workshop_with_content(db)
    set_step(db, code, key, "waiting")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.goto(voila.participant(code), timeout=LOAD)
        page.locator(".fk-join-submit").wait_for(timeout=LOAD)
        keys = page.keyboard

        # Join: the name field, then (one Tab on) the join button.
        tab_to(page, ".fk-join-name")
        typed(page, "Kasia")
        tab_to(page, ".fk-join-submit")
        ring = focus_ring(page)
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        keys.press("Enter")
        page.locator(".fk-view-waiting").wait_for(timeout=WAIT)
        me = wait_store(lambda: next((p for p in store.participants(db, wid) if p.display_name == "Kasia"), None), page)

        print("\n[keyboard] The map without a mouse")
        # The map without a mouse: pin an idea to a place chosen from the list of marked places.
        set_step(db, code, key, "challenge")
        page.locator(".fk-view-challenge .fk-pin-place select").wait_for(timeout=WAIT)
        tab_to(page, ".fk-pin-place")
        typed(page, "Flooded")  # a closed <select> picks the option one types (arrows open its list here)
        page.locator(".fk-pin-title input").wait_for(state="visible", timeout=WAIT)
        tab_to(page, ".fk-pin-title")
        typed(page, "Pump the water away")
        tab_to(page, ".fk-pin-scale")
        typed(page, "Small")
        tab_to(page, ".fk-pin-driver")
        typed(page, "Centrally")
        tab_to(page, ".fk-pin-submit")
        keys.press("Enter")
        pinned = wait_store(lambda: next((i for i in store.list_ideas(db, wid) if i.title == "Pump the water away"),
                                         None), page)
        assert (pinned.lat, pinned.lon) == (54.353, 18.6445)

        print("\n[keyboard] Post an idea")
        # Post an idea: title, description, scale and driver (typed), then the button.
        set_step(db, code, key, "brainstorm")
        page.locator(".fk-view-brainstorm .fk-idea-title").wait_for(timeout=WAIT)
        tab_to(page, ".fk-idea-title")
        typed(page, "Shade sails over the bus stops")
        tab_to(page, ".fk-idea-description")
        typed(page, "Cooler waiting in summer.")
        tab_to(page, ".fk-idea-scale")
        typed(page, "Small")
        tab_to(page, ".fk-idea-driver")
        typed(page, "Centrally")
        presses = tab_to(page, ".fk-idea-submit")
        assert presses <= 3, f"the submit button should follow the form, not {presses} Tabs later"
        assert focus_ring(page)["style"] != "none"
        keys.press("Enter")
        mine = wait_store(lambda: next((i for i in store.list_ideas(db, wid) if i.title.startswith("Shade sails")),
                                       None), page)
        assert (mine.author_id, mine.scale, mine.driver) == (me.id, "small", "central")

        print("\n[keyboard] Another participant posts")
        # Another participant posts: the polite live region says so.
        live = page.locator(".fk-view-brainstorm .fk-live")
        assert live.get_attribute("aria-live") == "polite"
        store.add_idea(db, code, tokens[1], title="Drinking fountains in the park", scale="small", driver="central")
        page.wait_for_function("() => document.querySelector('.fk-view-brainstorm .fk-live').innerText"
                               ".includes('Drinking fountains in the park')", timeout=WAIT)

        print("\n[keyboard] Vote")
        # Vote: a dot, withdraw it (Shift+Tab back to it), a dot again; Space and Enter both work.
        set_step(db, code, key, "vote")
        rain = next(i.id for i in store.list_ideas(db, wid) if i.title.startswith("Rain gardens"))
        card = f".fk-view-vote .fk-idea-id-{rain}"
        page.locator(card + " .fk-vote-button").wait_for(timeout=WAIT)
        tab_to(page, card + " .fk-vote-button")
        keys.press("Space")
        wait_store(lambda: sum(store.my_votes(db, wid, me.id).values()) == 1, page)
        page.locator(card + " .fk-vote-withdraw").wait_for(timeout=WAIT)
        tab_to(page, card + " .fk-vote-withdraw", back=not follows(page, card + " .fk-vote-withdraw"))
        keys.press("Enter")
        wait_store(lambda: sum(store.my_votes(db, wid, me.id).values()) == 0, page)
        tab_to(page, card + " .fk-vote-button", back=not follows(page, card + " .fk-vote-button"))
        keys.press("Enter")
        votes = wait_store(lambda: store.my_votes(db, wid, me.id) if sum(store.my_votes(db, wid, me.id).values()) == 1
                           else None, page)
        assert list(votes.values()) == [1]

        print("\n[keyboard] Stakeholders")
        # Stakeholders: add one with the form, then move it on the grid with Edit (no dragging).
        set_step(db, code, key, "stakeholders")
        page.locator(".fk-view-stakeholders .fk-stakeholder-name input").wait_for(timeout=WAIT)
        tab_to(page, ".fk-stakeholder-name")
        typed(page, "Bus operator")
        tab_to(page, ".fk-stakeholder-add")
        keys.press("Enter")
        added = wait_store(lambda: next((x for x in store.list_stakeholders(db, wid) if x.name == "Bus operator"), None),
                           page)
        edit = ".fk-view-stakeholders .fk-stakeholder-card .fk-stakeholder-edit"
        page.locator(edit).wait_for(timeout=WAIT)
        tab_to(page, edit, back=not follows(page, edit))
        keys.press("Enter")
        page.locator(".fk-stakeholder-save").wait_for(state="visible", timeout=WAIT)
        tab_to(page, ".fk-stakeholder-power", back=not follows(page, ".fk-stakeholder-power"))
        typed(page, "5")
        tab_to(page, ".fk-stakeholder-save")
        keys.press("Enter")
        moved = wait_store(lambda: next((x for x in store.list_stakeholders(db, wid)
                                         if x.id == added.id and x.power != added.power), None), page)
        assert (added.power, moved.power, moved.interest) == (3, 5, added.interest)

        print("\n[keyboard] Score")
        # Score: every control (typed), then the save button.
        set_step(db, code, key, "scoring")
        inputs = page.locator(".fk-view-scoring .fk-score-input select")
        inputs.first.wait_for(timeout=WAIT)
        for _ in range(inputs.count()):
            tab_to(page, ".fk-score-input")
            typed(page, "4")
        tab_to(page, ".fk-score-submit")
        keys.press("Enter")
        scores = wait_store(lambda: store.my_scores(db, wid, me.id), page)
        assert len(scores) == inputs.count() and all(v is not None for v in scores.values())

        print("\n[keyboard] Feedback")
        # Feedback: a rating button, a comment, send.
        set_step(db, code, key, "feedback")
        page.locator(".fk-view-feedback .fk-feedback-rating").wait_for(timeout=WAIT)
        tab_to(page, ".fk-feedback-rating")
        for _ in range(3):
            keys.press("Tab")  # 1 → 4: each rating is its own button
        keys.press("Enter")
        tab_to(page, ".fk-feedback-takehome")
        typed(page, "Shade matters.")
        tab_to(page, ".fk-feedback-submit")
        keys.press("Enter")
        saved = wait_store(lambda: store.my_feedback(db, wid, me.id), page)
        assert (saved["rating"], saved["take_home"]) == (4, "Shade matters.")
    finally:
        context.close()
        db.close()


# --- every other view of the registry, with the keyboard alone ----------------------------------

# The steps the walk above takes part in with dedicated actions; every other step of the registry is
# walked below (so a new kind of step is walked without touching this file).
FIRST_WALK = frozenset({"waiting", "challenge", "brainstorm", "vote", "stakeholders", "scoring", "feedback"})

FOCUSABLE = ("button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), "
             "textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])")
MARK_FOCUSED = """([view, focusable]) => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  a.dataset.fkReached = '1';
  if (!a.closest(view) || !a.matches(focusable)) return '';
  const s = getComputedStyle(a);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || s.boxShadow !== 'none';
  return ring ? '' : (a.tagName.toLowerCase() + ' "' + (a.innerText || a.value || a.title || '').trim().slice(0, 40) + '"');
}"""
UNREACHED = """([view, focusable]) => [...document.querySelectorAll(view + ' :is(' + focusable + ')')]
  .filter(el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
                  return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && !el.closest('svg, .leaflet-container'); })
  .filter(el => !el.dataset.fkReached)
  .map(el => el.tagName.toLowerCase() + ' "' + (el.innerText || el.value || el.title || '').trim().slice(0, 40) + '"')"""


COUNT = "([view, focusable]) => document.querySelectorAll(view + ' :is(' + focusable + ')').length"


def every_control_reachable(page, step: str, *, limit: int = 80) -> int:
    """Tab through the whole page once: each visible control of the step's view gets the focus, and
    shows a focus ring when it does (none is skipped, none traps the focus). Returns how many the view has."""
    view = f".fk-view-{step}"
    page.evaluate("() => { document.querySelectorAll('[data-fk-reached]').forEach(e => delete e.dataset.fkReached);"
                  " if (document.activeElement) document.activeElement.blur(); }")
    no_ring, seen = [], []
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(MARK_FOCUSED, [view, FOCUSABLE])
        handle = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
        if found:
            no_ring.append(found)
        if seen and handle == seen[0]:
            break  # round the page once
        seen.append(handle)
    unreached = page.evaluate(UNREACHED, [view, FOCUSABLE])
    assert not unreached, f"{step}: not reachable with Tab: {unreached}"
    assert not no_ring, f"{step}: no visible focus ring on {sorted(set(no_ring))}"
    return page.evaluate(COUNT, [view, FOCUSABLE])


def tab_to_text(page, selector: str, text: str, *, limit: int = 60) -> None:
    """Tab until the focus is on an element inside ``selector`` whose text holds ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("([sel, text]) => { const a = document.activeElement;"
                         " return !!(a && a.closest(sel) && (a.innerText || a.value || '').includes(text)); }",
                         [selector, text]):
            return
    raise AssertionError(f'"{text}" in {selector} is not reachable with the keyboard')


class Walk:
    """What a keyboard action needs: the page, the store, the workshop and who is typing."""

    def __init__(self, page, db: store.Database, code: str, key: str, wid: int, me) -> None:
        self.page, self.db, self.code, self.key, self.wid, self.me = page, db, code, key, wid, me

    def agenda_id(self, step: str) -> int:
        return next(i.id for i in store.agenda(self.db, self.wid) if i.step == step)


def ask_and_upvote(w: Walk) -> None:
    """Ask a question (typed, then the Ask button), and upvote someone else's."""
    tab_to(w.page, ".fk-question-text")
    typed(w.page, "Can a small city afford it?")
    tab_to(w.page, ".fk-question-submit")
    w.page.keyboard.press("Enter")
    wait_store(lambda: any(q.mine for q in store.list_questions(w.db, w.wid, viewer_id=w.me.id)), w.page)
    other = ".fk-question-card:not(.fk-question-mine) .fk-question-upvote"
    w.page.locator(other).first.wait_for(timeout=WAIT)
    before = {q.id: q.votes for q in store.list_questions(w.db, w.wid, viewer_id=w.me.id)}
    tab_to(w.page, other, back=not follows(w.page, other))
    w.page.keyboard.press("Enter")
    upvoted = wait_store(lambda: next((q for q in store.list_questions(w.db, w.wid, viewer_id=w.me.id)
                                       if q.upvoted), None), w.page)
    assert upvoted.votes == before[upvoted.id] + 1 and not upvoted.mine


def answer_the_poll(w: Walk) -> None:
    """Pick the second option (a toggle: Space), send it, then change the answer to the first."""
    agenda_id = w.agenda_id("poll")
    w.page.locator(".fk-poll-choice").first.wait_for(timeout=WAIT)
    tab_to_text(w.page, ".fk-poll-choice", "Shade sails")
    w.page.keyboard.press("Space")
    tab_to(w.page, ".fk-poll-submit")
    w.page.keyboard.press("Enter")
    wait_store(lambda: getattr(store.my_answer(w.db, agenda_id, w.me.id), "choices", None) == (1,), w.page)
    tab_to_text(w.page, ".fk-poll-choice", "Rain gardens", limit=80)  # Tab goes round the page to it
    w.page.keyboard.press("Space")
    tab_to(w.page, ".fk-poll-submit")
    w.page.keyboard.press("Enter")
    wait_store(lambda: store.my_answer(w.db, agenda_id, w.me.id).choices == (0,), w.page)


def contribute(w: Walk) -> None:
    """A short contribution to the round table, tagged with the participant's organisation."""
    tab_to(w.page, ".fk-note-text")
    typed(w.page, "Our parents' council could run this.")
    tab_to(w.page, ".fk-note-submit")
    w.page.keyboard.press("Enter")
    note = wait_store(lambda: next((n for n in store.list_notes(w.db, w.code) if n.participant_id == w.me.id), None),
                      w.page)
    assert note.text == "Our parents' council could run this."


KEYBOARD_ACTIONS = {"questions": ask_and_upvote, "poll": answer_the_poll, "discussion": contribute}


def test_every_other_view_works_with_the_keyboard_alone(voila, browser, axe_js):
    """The registry's steps the first walk does not take part in: each view's controls are all reachable
    with Tab and show a focus ring; where participants act (questions, polls, discussion), they do."""
    db = store.Database(voila.db_url)
    code, key, wid, tokens = workshop_with_content(db)
    set_step(db, code, key, "waiting")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    walked = []
    try:
        page = context.new_page()
        page.goto(voila.participant(code), timeout=LOAD)
        page.locator(".fk-join-submit").wait_for(timeout=LOAD)
        tab_to(page, ".fk-join-name")
        typed(page, "Kasia")
        tab_to(page, ".fk-join-submit")
        page.keyboard.press("Enter")
        page.locator(".fk-view-waiting").wait_for(timeout=WAIT)
        me = wait_store(lambda: next((p for p in store.participants(db, wid) if p.display_name == "Kasia"), None), page)
        walk = Walk(page, db, code, key, wid, me)
        for step in (name for name in STEPS if name not in FIRST_WALK):
            print(f"\n[keyboard] {step}")
            set_step(db, code, key, step)
            fill(db, code, key, step, tokens)
            page.locator(f".fk-view-{step}").wait_for(timeout=WAIT)
            page.wait_for_timeout(500)  # the view's widgets settle
            controls = every_control_reachable(page, step)
            print(f"[keyboard] {step}: {controls} controls, each reached with Tab")
            action = KEYBOARD_ACTIONS.get(step)
            if action is not None:
                assert controls >= 2, f"{step}: participants act here, yet the view has {controls} controls"
                action(walk)
            walked.append(step)
    finally:
        context.close()
        db.close()
    assert set(walked) | FIRST_WALK == set(STEPS)
