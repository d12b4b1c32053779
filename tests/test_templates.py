"""Workshop templates: the shipped ones load; a broken one names file, field and problem."""

from __future__ import annotations

import pytest

from facilitation.store import agendas as templates
from facilitation.domain.errors import TemplateError


def test_shipped_templates_load():
    names = templates.available()
    assert "city-two-rounds" in names
    for name in names:
        tpl = templates.load(name)
        assert tpl.agenda and tpl.vote_budget >= 1


def test_two_round_workshop_follows_the_method():
    tpl = templates.load("city-two-rounds")
    steps = [a.step for a in tpl.agenda]
    assert steps.index("challenge") < steps.index("brainstorm") < steps.index("vote") < steps.index(
        "scenarios") < steps.index("stakeholders") < steps.index("scoring") < steps.index("feedback")
    assert {c.direction for c in tpl.criteria} == {"higher", "lower"}
    assert "nature-based solutions" in tpl.themes


@pytest.mark.parametrize(
    "text, field, problem",
    [
        ("name: x\nagenda: []\n", "agenda", "must be a list of steps"),
        ("agenda:\n  - {step: brainstorm, minutes: 5}\n", "name", "is missing"),
        ("name: x\nagenda:\n  - {step: lunch, minutes: 5}\n", "agenda[0].step", "must be one of"),
        ("name: x\nagenda:\n  - {step: vote, minutes: -5}\n", "agenda[0].minutes", "0 to 600"),
        ("name: x\nvote_budget: 0\nagenda:\n  - {step: vote, minutes: 5}\n", "vote_budget", "1 to 20"),
        ("name: x\nagenda:\n  - {step: vote, minutes: 5}\ncriteria:\n  - {name: Cost, direction: down}\n",
         "criteria[0] (criterion direction)", "higher, lower"),
        ("name: x\nagendas: []\n", "agendas", "is not a template field"),
        ("name: x\nagenda: [\n", "", "not valid YAML at line"),
    ],
)
def test_broken_template_names_file_field_and_problem(tmp_path, text, field, problem):
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(TemplateError) as info:
        templates.load(path)
    message = str(info.value)
    assert "broken.yaml" in message
    assert f"field {field}" in message if field else True
    assert problem in message


def test_unknown_template_lists_available():
    with pytest.raises(TemplateError, match="city-two-rounds"):
        templates.load("no-such-template")
