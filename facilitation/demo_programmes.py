"""The demo programmes (``resources/demo/programmes/*.yaml``), loaded through the store like real input.

Three programmes from the seed texts, with their real dates and places only: the CoR–JASPERS
local workshops (a series), the MULTIPLY consortium meetings (in Polish) and the first cohort of
the Online Discussion Groups (phases, thematic and technical sessions). Coordinates of venues
come from the offline gazetteer. Loading is idempotent: a programme that exists is left alone.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from facilitation import store
from facilitation.domain.resources import resource

DEMO_DIR = resource("demo", "programmes")
# Each kind of session runs its own agenda (issue 24); a workshop's own ``template:`` wins (the CoR–JASPERS
# local workshops are seminars with presentations, breakouts and a citizens' dialogue).
TEMPLATES = {"city-workshop": "city-workshop", "partner-meeting": "partner-meeting",
             "thematic-session": "peer-learning-session", "technical-session": "technical-assistance"}
SHORT_TEMPLATE = "brainstorm-only"


def demo_files(folder: Path = DEMO_DIR) -> list[Path]:
    return sorted(Path(folder).glob("*.yaml"))


def load_programme(db: store.Database, path: Path, organiser_key: str) -> str | None:
    """Load one programme file unless a programme of that name exists; returns its name if loaded."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    p = data["programme"]
    if any(x.name == p["name"] for x in store.list_programmes(db)):
        return None
    language = p.get("language", "en")
    store.create_programme(db, organiser_key, name=p["name"], description=p.get("description", ""),
                           language=language, themes=p.get("themes", ()), organisers=p.get("organisers", ()),
                           hosts=p.get("hosts", ()))
    for phase in data.get("phases", ()):
        store.add_phase(db, organiser_key, p["name"], name=phase["name"], starts_on=phase.get("starts_on"),
                        ends_on=phase.get("ends_on"))
    texts = data.get("material_texts", {})
    codes = {}
    for w in data["workshops"]:
        kind = w.get("kind", "city-workshop")
        created = store.create_workshop(
            db, title=w["title"], city=w["city"], country=w.get("country", ""), language=language,
            date=str(w["date"]) if w.get("date") else None,
            template=w.get("template") or TEMPLATES.get(kind, SHORT_TEMPLATE), programme=p["name"])
        code, key = created.workshop.code, created.key
        codes[w["title"]] = code
        venue = store.add_venue(db, organiser_key, **w["venue"]) if w.get("venue") else None
        store.assign_workshop(db, organiser_key, code, programme=p["name"], phase=w.get("phase"), kind=kind,
                              end_date=str(w["end_date"]) if w.get("end_date") else None,
                              venue_id=venue.id if venue else None)
        items = [store.add_meeting_item(db, code, key, topic=m["topic"], notes=m.get("notes", ""),
                                        decisions=m.get("decisions", ""), city=m.get("city", ""))
                 for m in w.get("meeting", ())]
        for a in w.get("actions", ()):
            store.add_action(db, code, key, text=a["text"], owner=a.get("owner", ""), due=a.get("due"),
                             item_id=items[a["item"]].id if "item" in a else None)
        for m in w.get("materials", ()):
            store.add_material(db, code, key, filename=m["filename"], title=m.get("title", ""),
                               data=texts[m["filename"]].encode("utf-8"))
    for pr in data.get("practices", ()):
        store.add_practice(db, organiser_key, title=pr["title"], city=pr.get("city", ""),
                           country=pr.get("country", ""), link=pr.get("link", ""), lesson=pr.get("lesson", ""),
                           themes=pr.get("themes", ()), source_code=codes.get(pr.get("source", "")))
    return p["name"]


def load_demo_programmes(db: store.Database, folder: Path = DEMO_DIR) -> list[str]:
    """Load every demo programme that is not there yet; returns the names loaded now.

    Creating programmes needs an organiser key: one is issued for the loader (labelled
    "demo programmes") only when something is loaded, and not shown (only its hash is kept).
    """
    files = demo_files(folder)
    existing = {x.name for x in store.list_programmes(db)}
    todo = [f for f in files if yaml.safe_load(f.read_text(encoding="utf-8"))["programme"]["name"] not in existing]
    if not todo:
        return []
    key = store.issue_organiser_key(db, label="demo programmes")
    return [name for name in (load_programme(db, f, key) for f in todo) if name]
