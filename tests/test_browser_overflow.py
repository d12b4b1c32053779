"""Nothing cut off on a phone: every participant step and every console tab at 360 px and 420 px, in
Polish and in English (issue 22, point 8).

One Voila server (the session's) and one browser for the module; per language one participant page
and one console page, both following the steps the store opens, so each view loads once and is
measured at both widths. A finding is a button, chip, heading or label whose text is wider than its
box (``scrollWidth > clientWidth``), one pushed out of the box that clips it, or a page wider than the
screen; the failure names each with its text. The steps come from the registry, never a list here.
"""

from __future__ import annotations

import pytest

from facilitation import store
from facilitation.domain.steps import STEPS

from conftest import screenshot
from fixtures_ui import set_step
from step_content import add_every_step, fill

pytestmark = pytest.mark.browser

LOAD = 120_000  # a cold kernel on a busy 2-core box
WAIT = 20_000
WIDTHS = (360, 420)
TOLERANCE = 2  # px: sub-pixel rounding of text
POINT = {"type": "Point", "coordinates": [17.9800, 54.1200]}

# Text that must fit its box: buttons, chips, headings and labels (a widget's description included).
TEXT_BOXES = ("button, .jupyter-button, .fk-chip, h1, h2, h3, h4, .fk-panel-title, .widget-label, label, "
              ".fk-stepbar-title, .fk-header-title, .widget-toggle-button, .fk-code, th, .fk-scenario-card-title")

MEASURE = """([selector, tol]) => {
  const name = el => {
    const own = [...el.classList].filter(c => c.startsWith('fk-') || c.startsWith('widget-') || c === 'jupyter-button');
    return el.tagName.toLowerCase() + (own.length ? '.' + own.join('.') : '');
  };
  const text = el => (el.innerText || el.value || el.title || '').replace(/\\s+/g, ' ').trim().slice(0, 80);
  const shown = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    // (a label only screen readers read is 1 px wide on purpose)
    return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && !el.closest('.leaflet-container, svg');
  };
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!shown(el)) continue;
    if (el.scrollWidth > el.clientWidth + tol && getComputedStyle(el).overflowX !== 'visible'
        || (el.scrollWidth > el.clientWidth + tol && el.matches('button, .jupyter-button'))) {
      found.push(`${name(el)} "${text(el)}": text ${el.scrollWidth}px in a ${el.clientWidth}px box`);
      continue;
    }
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const box = a.getBoundingClientRect();
      if (r.right > box.right + tol || r.left < box.left - tol) {
        const how = a.scrollWidth > a.clientWidth + tol && getComputedStyle(a).overflowX !== 'hidden'
          ? 'reachable only by a sideways scroll of' : 'clipped by';
        found.push(`${name(el)} "${text(el)}": ${how} ${name(a)} (${Math.round(r.right - box.right)}px out)`);
      }
      break;
    }
  }
  const page = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  if (page > window.innerWidth + tol) {
    const wide = [...document.querySelectorAll('.fk-app *')].filter(el => shown(el)
      && el.getBoundingClientRect().right > window.innerWidth + tol);
    const widest = wide.length ? wide[wide.length - 1] : null;
    found.push(`the page is ${page}px wide on a ${window.innerWidth}px screen`
               + (widest ? ` (e.g. ${name(widest)} "${text(widest)}")` : ''));
  }
  return found;
}"""


class Findings:
    """What was cut off, per view and width; fails at the end with every one named."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}
        self.views = 0

    def check(self, page, view: str, *, shot: bool = False) -> None:
        """Measure ``page`` at each width; ``shot``: keep a screenshot at the narrowest for a person to look at."""
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(150)  # let the layout settle after the resize
            self.views += 1
            problems = page.evaluate(MEASURE, [TEXT_BOXES, TOLERANCE])
            if problems:
                self.found[f"{view} @ {width}px"] = problems
            if problems or (shot and width == WIDTHS[0]):
                screenshot(page, f"overflow-{view}-{width}".replace(" ", "-"))

    def assert_clean(self) -> None:
        lines = [f"{view}:\n  " + "\n  ".join(problems) for view, problems in self.found.items()]
        assert not self.found, "text cut off or a page wider than the screen:\n" + "\n".join(lines)


def city_room(db: store.Database, language: str) -> tuple[str, str, list[str], int]:
    """A two-city workshop with groups (picking on), a challenge, an idea, three scenarios and a stakeholder."""
    created = store.create_workshop(db, title="Zielono-niebieskie centra miast: Kościerzyna i Mińsk Mazowiecki",
                                    city="Radolfzell", country="Germany", lat=47.74, lon=8.97, language=language)
    code, key = created.workshop.code, created.key
    tokens = [store.new_secret() for _ in range(2)]
    for name, token in zip(("Aleksandra Wiśniewska-Grzybowska", "Bartłomiej"), tokens):
        store.join(db, code, token, name)
    first = store.create_group(db, code, key, name="Kościerzyna", city="Kościerzyna")
    store.create_group(db, code, key, name="Mińsk Mazowiecki", city="Mińsk Mazowiecki")
    store.set_group_picking(db, code, key, True)
    store.choose_group(db, code, tokens[0], first.id)
    store.save_challenge(db, code, key, title="Zbyt mało zieleni w śródmieściu",
                         description="Historyczne centrum nagrzewa się latem.", themes=["nature-based solutions"])
    store.save_group_challenge(db, code, key, first.id, title="Retencja wody na rynku",
                               text="Deszczówka spływa do kanalizacji.")
    store.add_feature(db, code, key, geometry=POINT, label="Zalany przejazd", kind="problem", note="Woda stoi.")
    set_step(db, code, key, "brainstorm")
    idea = store.add_idea(db, code, tokens[0], title="Ogrody deszczowe na szkolnych podwórkach", scale="small",
                          driver="central")
    for name in ("Zielone korytarze wzdłuż rzeki", "Śródmieście bez samochodów", "Niebiesko-zielona sieć"):
        store.save_scenario(db, code, key, name=name, narrative="Drzewa, ogrody deszczowe i zacienione trasy.",
                            idea_ids=[idea.id])
    return code, key, tokens, first.id


def console_tabs(page) -> list[tuple[str, object]]:
    """The console's tab buttons, as the page shows them (found on the page, not listed here)."""
    tabs = page.locator(".fk-console-tabs button")
    return [(tabs.nth(i).inner_text().strip(), tabs.nth(i)) for i in range(tabs.count())]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_nothing_is_cut_off_on_a_phone(voila, browser, language):
    findings = Findings()
    db = store.Database(voila.db_url)
    code, key, tokens, group_id = city_room(db, language)
    add_every_step(db, code, key)  # every kind of the registry is walked, not only the city workshop's
    set_step(db, code, key, "waiting")
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    try:
        phone = context.new_page()
        phone.goto(voila.participant(code), timeout=LOAD)
        phone.locator(".fk-join-submit").wait_for(timeout=LOAD)
        findings.check(phone, f"{language} join")
        phone.locator(".fk-join-name input").fill("Małgorzata Kowalczyk-Brzęczyszczykiewicz")
        phone.locator(".fk-join-submit").click()
        phone.locator(".fk-group-name").wait_for(timeout=WAIT)
        console = context.new_page()
        console.goto(voila.facilitator(code, key), timeout=LOAD)
        console.locator(".fk-phase-current").wait_for(timeout=LOAD)
        items = store.agenda(db, store.get_workshop(db, code).id)
        for step in STEPS:
            index = set_step(db, code, key, step)
            fill(db, code, key, step, tokens)
            phone.locator(f".fk-view-{step}").wait_for(timeout=WAIT)
            console.locator(".fk-phase-current .fk-phase-name", has_text=items[index].title).wait_for(timeout=WAIT)
            phone.wait_for_timeout(600)  # the step's widgets settle on both pages
            findings.check(phone, f"{language} participant {step}", shot=True)
            findings.check(console, f"{language} console run {step}", shot=True)
        tabs = console_tabs(console)
        assert len(tabs) >= 3, "the console shows its tabs"
        for label, button in tabs[1:]:
            button.click()
            console.wait_for_timeout(1500)  # the tab builds its editors on first open
            findings.check(console, f"{language} console tab {label}", shot=True)
        # The consoles of the other roles: the expert's (scenarios) and a group facilitator's.
        for role, root, extra in (("expert", ".fk-console-expert", {}),
                                  ("group-facilitator", ".fk-console-group", {"group_id": group_id})):
            issued = store.issue_role_key(db, code, key, role, label=role, **extra)
            other = context.new_page()
            other.goto(voila.facilitator(code, issued.key), timeout=LOAD)
            other.locator(root).wait_for(timeout=LOAD)
            other.wait_for_timeout(600)
            findings.check(other, f"{language} console {role}", shot=True)
            other.close()
    finally:
        context.close()
        db.close()
    assert findings.views == 2 * (1 + 2 * len(STEPS) + len(tabs) - 1 + 2)
    findings.assert_clean()
