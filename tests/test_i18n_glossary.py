"""One term per concept: the Polish catalogue uses the words of docs/glossary.md and never a
word the glossary rejects for that concept."""

from __future__ import annotations

import re
from pathlib import Path

from facilitation.i18n import catalog

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"


def glossary() -> list[tuple[str, str, list[str]]]:
    """(English concept, Polish term, rejected Polish words) per row of the glossary's table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.startswith("|") or cells[0].startswith(("Concept", "-")):
            continue
        rejected = [w.strip() for w in cells[2].split(",") if w.strip()]
        rows.append((cells[0], cells[1], rejected))
    return rows


def _texts(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string or ""]


def _sources(message) -> str:
    return " ".join(message.id) if isinstance(message.id, tuple) else message.id


def test_the_glossary_names_the_concepts_of_the_issue():
    concepts = {english.split(" (")[0] for english, _pl, _no in glossary()}
    assert {"facilitator", "participant", "workshop", "vote", "dot", "stakeholder", "scenario",
            "criterion"} <= concepts


def test_no_polish_translation_uses_a_rejected_word_for_its_concept():
    rows = glossary()
    offenders = []
    for message in catalog.load("pl"):
        if not message.id:
            continue
        source = _sources(message).lower()
        for english, _polish, rejected in rows:
            concept = english.split(" (")[0].lower()
            if not re.search(rf"\b{re.escape(concept)}", source):
                continue
            for text in _texts(message):
                for word in rejected:
                    if re.search(rf"\b{re.escape(word.lower())}", text.lower()):
                        offenders.append(f"{concept}: {_sources(message)!r} → {text!r} uses {word!r}")
    assert not offenders, "\n".join(offenders[:20])


def test_facilitator_is_always_prowadzacy():
    """The issue's example: "facilitator" was translated two ways."""
    for message in catalog.load("pl"):
        if message.id and re.search(r"\bfacilitator\b", _sources(message)) and not re.search(
                r"\bgroup facilitator", _sources(message)):
            assert all("prowadząc" in text.lower() for text in _texts(message) if text), message.id
