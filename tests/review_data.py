"""Test data for the review and the exports: the demo workshop plus a peer city.

The peer workshop (Sofia, round 1) proposes ideas close to the demo's (depaving, green
roofs), so "similar ideas elsewhere" has something to find, and uses text that needs care:
quotes, ampersands, a would-be tag, a formula-looking title and Polish letters.
"""

from __future__ import annotations

from facilitation import store
from facilitation.demo import load_demo

PEER_TOKENS = ["peer-token-" + c * 20 for c in "abcd"]
PEER_NAMES = ["Elena Petrova", "", "Łucja Żółć", "Ivan"]


def add_peer_workshop(db: store.Database) -> tuple[str, str]:
    """A second city's workshop with ideas, votes, a scenario, stakeholders, scores and feedback."""
    created = store.create_workshop(db, title="Cooler streets for Sofia", city="Sofia", country="Bulgaria",
                                    round=1, date="2026-02-10", programme="Integrated urban planning exchange",
                                    lat=42.6977, lon=23.3219)
    code, key, wid = created.workshop.code, created.key, created.workshop.id
    store.save_challenge(db, code, key, title="Hot, sealed streets around the markets",
                         description='Heat islands & "grey" courtyards <b>need</b> shade.',
                         themes=["nature-based solutions", "energy"])
    store.add_feature(db, code, key, label="Women's market", kind="problem", note="No shade at noon",
                      geometry={"type": "Polygon", "coordinates": [[[23.316, 42.700], [23.319, 42.700],
                                                                    [23.319, 42.702], [23.316, 42.702],
                                                                    [23.316, 42.700]]]})
    store.add_feature(db, code, key, label="Vitosha boulevard", kind="opportunity",
                      geometry={"type": "LineString", "coordinates": [[23.318, 42.690], [23.321, 42.697]]})
    for token, name in zip(PEER_TOKENS, PEER_NAMES):
        store.join(db, code, token, name)
    ideas = [
        store.add_idea(db, code, PEER_TOKENS[0], title="Depave schoolyards and plant trees", scale="small",
                       driver="central", theme="nature-based solutions",
                       description="Replace asphalt with trees & rain gardens."),
        store.add_idea(db, code, PEER_TOKENS[1], title="Green roofs grant for apartment blocks", scale="large",
                       driver="individual", theme="built environment",
                       description="Co-fund green roofs for owners."),
        store.add_idea(db, code, PEER_TOKENS[2], title='=SUM(A1:A3) "quoted" <script>x</script>', scale="small",
                       driver="individual", theme="energy", description="Zażółć gęślą jaźń\nsecond line"),
        store.add_idea(db, code, PEER_TOKENS[3], title="Solar panels on public buildings", scale="large",
                       driver="central", theme="energy"),
    ]
    for token, picks in zip(PEER_TOKENS, ([0, 1], [0, 3], [1, 2], [0])):
        for idx in picks:
            store.vote(db, code, token, ideas[idx].id)
    scenario = store.save_scenario(db, code, key, name="Shade first", narrative="Trees & roofs before anything else.",
                                   idea_ids=[ideas[0].id, ideas[1].id],
                                   case_studies=[{"title": "Cool schoolyards", "city": "Paris",
                                                  "link": "https://example.org/oasis", "lesson": "Open them to all."}])
    store.add_stakeholder(db, code, PEER_TOKENS[0], name="Municipal schools", category="public", power=4,
                          interest=5, level="collaborate")
    store.add_stakeholder(db, code, PEER_TOKENS[2], name="Market traders", category="business", power=2, interest=4,
                          level="consult")
    criteria = store.list_criteria(db, wid)
    for token, values in zip(PEER_TOKENS[:3], ([3, 4, 4, 2, 1], [2, 5, 3, None, 2], [4, 4, 5, 1, 1])):
        store.set_scores(db, code, token, {("scenario", scenario.id, criterion.id): value
                                           for criterion, value in zip(criteria, values)}, prepared=True)
    store.submit_feedback(db, code, PEER_TOKENS[0], rating=4, step_ratings={"brainstorm": 5},
                          take_home="Ask Elena Petrova about shade maps.", change="")
    store.submit_feedback(db, code, PEER_TOKENS[2], rating=5, take_home="Łucja: more trees", change="Longer vote")
    return code, key


def demo_and_peer(db: store.Database) -> dict[str, tuple[str, str]]:
    """The demo workshop and the peer workshop: {"demo": (code, key), "peer": (code, key)}."""
    return {"demo": load_demo(db), "peer": add_peer_workshop(db)}
