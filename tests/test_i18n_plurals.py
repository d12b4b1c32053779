"""Plural forms through the catalogue: every plural entry has its language's forms, and a
Polish report of real workshops says 1 uczestnik, 2 uczestników, 5 uczestników."""

from __future__ import annotations

import re

import pytest

from facilitation import store
from facilitation.i18n import LANGUAGES, catalog, translator
from facilitation.outputs.export import workshop_tables
from facilitation.outputs.report import build_report

POLISH_PLURAL = "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"


def test_plural_strings_are_extracted_with_both_english_forms():
    plurals = {m.id for m in catalog.extract() if isinstance(m.id, tuple)}
    assert ("{n} vote", "{n} votes") in plurals
    assert ("{n} participant", "{n} participants") in plurals


def test_every_plural_entry_has_exactly_its_languages_forms():
    for language in LANGUAGES:
        cat = catalog.load(language)
        entries = [m for m in cat if m.id and isinstance(m.id, tuple)]
        assert entries, f"{language}: no plural entries"
        for m in entries:
            assert isinstance(m.string, tuple) and len(m.string) == cat.num_plurals, (language, m.id, m.string)
            assert all(m.string), f"{language}: an empty plural form for {m.id[0]!r}"
            assert all(set(re.findall(r"\{(\w+)", form)) <= {"n"} | set(re.findall(r"\{(\w+)", m.id[1]))
                       for form in m.string), (language, m.id)


def test_polish_has_three_forms_and_picks_them_by_the_polish_rule():
    assert catalog.load("pl").num_plurals == 3
    assert catalog.load("pl").plural_expr.replace(" ", "") == POLISH_PLURAL.replace(" ", "")
    t = translator("pl")
    forms = {n: t.ngettext("{n} vote", "{n} votes", n).format(n=n) for n in (1, 2, 5, 12, 22, 25, 101)}
    assert forms == {1: "1 głos", 2: "2 głosy", 5: "5 głosów", 12: "12 głosów", 22: "22 głosy", 25: "25 głosów",
                     101: "101 głosów"}
    en = translator("en")
    assert [en.ngettext("{n} vote", "{n} votes", n).format(n=n) for n in (1, 2)] == ["1 vote", "2 votes"]


def _workshop_with(db: store.Database, n: int):
    """A Polish workshop where ``n`` people each post one idea and give it one dot."""
    created = store.create_workshop(db, title=f"Warsztat {n}", city="Gdańsk", country="Poland", language="pl")
    code, key = created.workshop.code, created.key
    steps = [item.step for item in store.agenda(db, created.workshop.id)]
    store.set_phase(db, code, key, steps.index("brainstorm"))
    ideas = []
    for i in range(n):
        store.join(db, code, f"device-{n}-{i:02d}-token-abcdefgh", f"Osoba {i}")
        ideas.append(store.add_idea(db, code, f"device-{n}-{i:02d}-token-abcdefgh", title=f"Pomysł {i}",
                                    scale="small", driver="central"))
    store.set_phase(db, code, key, steps.index("vote"))
    for i, idea in enumerate(ideas):
        store.vote(db, code, f"device-{n}-{i:02d}-token-abcdefgh", idea.id)
    workshop = store.get_workshop(db, code)
    return build_report(workshop, workshop_tables(db, workshop))


def _figures(report: str) -> dict[str, str]:
    """The key figures as {label: number}."""
    return {label: number for number, label in re.findall(
        r'<div class="fk-figure"><b>([^<]*)</b><span>([^<]*)</span></div>', report)}


@pytest.mark.parametrize(("n", "people", "ideas", "votes"), [
    (1, "uczestnik", "pomysł", "głos"),
    (2, "uczestników", "pomysły", "głosy"),
    (5, "uczestników", "pomysłów", "głosów"),
])
def test_polish_report_uses_the_right_form_for_1_2_and_5(db, n, people, ideas, votes):
    figures = _figures(_workshop_with(db, n))
    assert figures[people] == str(n)
    assert figures[ideas] == str(n)
    assert figures[votes] == str(n)
