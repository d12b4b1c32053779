"""report.html built from export tables alone (no database): one file, its stylesheet inlined
from ``resources/css/report.css``, its colours those of the one palette."""

from __future__ import annotations

import re

from facilitation.domain import palette
from facilitation.domain.records import Workshop
from facilitation.domain.resources import resource
from facilitation.outputs import report

SQUARE = {"type": "Polygon", "coordinates": [[[18.6, 54.3], [18.7, 54.3], [18.7, 54.4], [18.6, 54.3]]]}


def tables():
    workshop = {"participants": 3, "ideas": 1, "votes": 2, "scenarios": 0, "stakeholders": 2, "mean_rating": 4.0,
                "challenge_title": "Heat", "challenge_description": "Hot squares", "challenge_themes": ["heat"],
                "agreement_w": None, "agreement": "none", "programme": "Coast"}
    return {
        "workshops": [workshop],
        "map_features": [{"geometry": SQUARE, "kind": "asset", "label": "Park", "note": ""}],
        "ideas": [{"id": 1, "title": "Trees", "description": "", "scale": "small", "driver": "central",
                   "theme": "", "votes": 2, "hidden": False, "merged_into": None}],
        "scenarios": [], "case_studies": [], "results": [], "criteria": [],
        "stakeholders": [
            {"name": "Port", "category": "business", "power": 5, "interest": 4, "level": "involve",
             "quadrant": "manage_closely", "hidden": False, "merged_into": None},
            {"name": "School", "category": "knowledge", "power": 2, "interest": 5, "level": "inform",
             "quadrant": "keep_informed", "hidden": False, "merged_into": None},
        ],
        "feedback": [{"rating": 4, "take_home": "", "change": ""}],
    }


def build():
    workshop = Workshop(title="Cool city", city="Gdansk", code="ABCD", key_hash="h", language="en")
    return report.build_report(workshop, tables())


def test_the_stylesheet_is_the_css_file_inlined_once():
    html = build()
    css = resource("css", "report.css").read_text(encoding="utf-8")
    assert report.CSS == css and ".fk-doc" in css
    assert html.count("<style>") == 1 and f"<style>{css}</style>" in html
    assert "<link" not in html and "@import" not in html and "<script" not in html.lower()


def test_report_colours_come_from_the_palette():
    html = build()
    assert f"background:{palette.KIND_COLOURS['asset']}" in html  # map legend swatch
    assert f'fill="{palette.KIND_COLOURS["asset"]}"' in html  # the feature on the map
    for category, colour in palette.CATEGORY_COLOURS.items():
        assert f"background:{colour}" in html, category  # stakeholder legend
    assert f'fill="{palette.CATEGORY_COLOURS["business"]}"' in html  # the Port's dot on the grid
    assert f'fill="{palette.QUADRANT_COLOURS["manage_closely"]}"' in html
    assert f'fill="{palette.RATING_COLOUR}"' in html
    # every colour written into the SVG charts is a palette colour (or white)
    known = {c.lower() for c in _palette_colours()} | {"#fff", "#ffffff"}
    used = {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{3,6})"', html)}
    assert used <= known, used - known


def _palette_colours():
    for name, value in vars(palette).items():
        if not name.isupper():
            continue
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from value.values()
        elif isinstance(value, tuple):
            yield from value
