"""Pseudonym words per language ("Green Heron 17", "Zielony Żuraw 17").

Words are not translated one by one: an adjective must agree with its noun, so each language
has its own pair of lists that always agree (Polish: masculine adjectives, masculine nouns).
A language without lists uses English. Each list has 20 words, so a number maps to the same
kind of pseudonym in every language.
"""

from __future__ import annotations

WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pl": (
        ("Bursztynowy", "Niebieski", "Jasny", "Spokojny", "Bystry", "Koralowy", "Zielony", "Złoty", "Życzliwy",
         "Żwawy", "Mglisty", "Cichy", "Prędki", "Srebrny", "Słoneczny", "Szybki", "Morski", "Ciepły", "Mądry",
         "Odważny"),
        ("Bóbr", "Borsuk", "Dzięcioł", "Żuraw", "Sokół", "Jeż", "Bocian", "Jastrząb", "Skowronek", "Klon",
         "Ryś", "Wróbel", "Łoś", "Puchacz", "Kos", "Rudzik", "Jesion", "Łabędź", "Dąb", "Strzyżyk"),
    ),
}
