"""The demo workshop (``resources/demo/workshop.yaml``), loaded through the store like real input.

Its text is written once per language (``{en: ..., pl: ...}``): the English demo is the default,
the Polish one has its own join code, Polish agenda and criteria (from the template) and content.
Loading is idempotent: a second load finds the workshop by its join code and only issues a
new facilitator key (keys are stored as hashes, so the first one cannot be shown again).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from facilitation import store
from facilitation.domain.errors import NotFound
from facilitation.domain.records import LANGUAGES, check_choice
from facilitation.domain.resources import resource
from facilitation.store import rates
from facilitation.store.agendas import localised

DEMO_FILE = resource("demo", "workshop.yaml")


def in_language(node: Any, language: str) -> Any:
    """``node`` with every ``{en: ..., pl: ...}`` text replaced by its ``language`` text (English
    when it has none in that language)."""
    if isinstance(node, dict) and node and set(node) <= set(LANGUAGES) and all(isinstance(v, str) for v in node.values()):
        return localised(node, language)
    if isinstance(node, dict):
        return {k: in_language(v, language) for k, v in node.items()}
    if isinstance(node, list):
        return [in_language(v, language) for v in node]
    return node


def load_demo(db: store.Database, path: Path = DEMO_FILE, *, programmes: bool = False,
              language: str = "en") -> tuple[str, str]:
    """:func:`_load_demo` without the participants' post rates (prepared data arrives at once)."""
    with rates.unlimited():
        return _load_demo(db, path, programmes=programmes, language=language)


def _load_demo(db: store.Database, path: Path = DEMO_FILE, *, programmes: bool = False,
               language: str = "en") -> tuple[str, str]:
    """Load the demo workshop in ``language`` if absent (and, with ``programmes``, the demo programmes
    of :mod:`facilitation.demo_programmes` that are absent); returns (join code, a facilitator key)."""
    check_choice("language", language, LANGUAGES)
    if programmes:
        from facilitation.demo_programmes import load_demo_programmes

        load_demo_programmes(db)
    data = in_language(yaml.safe_load(path.read_text(encoding="utf-8")), language)
    w = data["workshop"]
    try:
        store.get_workshop(db, w["code"])
        return w["code"], store.issue_key(db, w["code"], label="demo")
    except NotFound:
        pass
    created = store.create_workshop(db, title=w["title"], city=w["city"], country=w["country"],
                                    language=language, round=w["round"], date=str(w["date"]),
                                    template=w["template"], programme=w["programme"], lat=w["lat"], lon=w["lon"],
                                    code=w["code"])
    code, key, wid = created.workshop.code, created.key, created.workshop.id
    ch = data["challenge"]
    store.save_challenge(db, code, key, title=ch["title"], description=ch["description"], themes=ch["themes"])
    for f in data["features"]:
        store.add_feature(db, code, key, geometry=f["geometry"], label=f["label"], kind=f["kind"], note=f["note"])
    tokens = [store.new_secret() for _ in data["participants"]]
    for token, p in zip(tokens, data["participants"]):
        store.join(db, code, token, p["name"])
    ideas = [store.add_idea(db, code, tokens[i["by"]], title=i["title"], scale=i["scale"], driver=i["driver"],
                            theme=i.get("theme", ""), description=i.get("description", "")) for i in data["ideas"]]
    for who, picks in data["votes"].items():
        for idx in picks:
            store.vote(db, code, tokens[who], ideas[idx].id)
    scenarios = [store.save_scenario(db, code, key, name=s["name"], narrative=s["narrative"],
                                     idea_ids=[ideas[i].id for i in s["ideas"]],
                                     case_studies=s.get("case_studies", [])) for s in data["scenarios"]]
    for st in data["stakeholders"]:
        store.add_stakeholder(db, code, tokens[st["by"]], name=st["name"], category=st["category"],
                              power=st["power"], interest=st["interest"], level=st["level"])
    criteria = store.list_criteria(db, wid)
    for who, per_scenario in data["scores"].items():
        # Prepared data: scored before the scoring step is opened, through the one checked score path.
        store.set_scores(db, code, tokens[who], {
            ("scenario", scenarios[sidx].id, criterion.id): value
            for sidx, values in per_scenario.items() for criterion, value in zip(criteria, values)}, prepared=True)
    for fb in data["feedback"]:
        store.submit_feedback(db, code, tokens[fb["by"]], rating=fb["rating"], step_ratings=fb.get("steps", {}),
                              take_home=fb.get("take_home", ""), change=fb.get("change", ""))
    return code, key
