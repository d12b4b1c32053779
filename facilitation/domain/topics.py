"""Every topic of the change feed, once: the store bumps these, pages and step views listen to them.

A writer calls ``store.db.bump(conn, workshop_id, "<topic>")`` after each change; each page's
:class:`facilitation.live.Feed` tells its views which topics moved, and a step view re-renders
when one of its registry entry's ``topics`` did. tests/test_registry.py checks that every topic
the store bumps and every registry entry listens to is listed here.
"""

from __future__ import annotations

TOPICS: dict[str, str] = {
    "workshop": "the workshop's own settings (title, language, naming, round, scoring setup)",
    "phase": "which agenda step is open, and its timer",
    "agenda": "the agenda's steps, their order, settings and start times",
    "participants": "who joined, their names, cities and organisations",
    "access": "role links and access keys of the workshop",
    "organisers": "organiser keys, server-wide (not one workshop)",
    "groups": "groups and who belongs to which",
    "challenge": "the city's challenge text",
    "map": "map features and the map's settings",
    "ideas": "ideas posted in the brainstorm (and their pins)",
    "votes": "dot votes and the vote budget",
    "scenarios": "scenarios combining ideas",
    "stakeholders": "stakeholders placed by power and interest",
    "criteria": "the impact-scoring criteria",
    "scores": "impact scores",
    "feedback": "participants' feedback on the session",
    "materials": "the workshop's uploaded materials",
    "meeting": "the meeting record: decisions and action items",
    "questions": "participants' questions, their upvotes and the facilitator's marks",
    "polls": "polls, their answers and word clouds",
    "notes": "discussion notes and participants' contributions",
    "decisions": "decisions and action items recorded in a decisions step",
}


def known(topic: str) -> bool:
    """True when ``topic`` is a listed feed topic."""
    return topic in TOPICS
