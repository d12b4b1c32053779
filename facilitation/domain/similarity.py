"""“Similar ideas elsewhere”: simple text similarity between ideas of different workshops.

Pure and dependency-free: word sets of title and description (lower case, common words
dropped, a crude stem) compared by Jaccard overlap, blended with difflib's ratio of the
titles so short titles with the same words in another order still match. Good enough to
point organisers at peer cities working on the same kind of measure; not a translator
(ideas in different languages rarely match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Iterable, Mapping, Sequence

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
STOPWORDS = frozenset(
    # English
    "the and for with from into onto that this those these their them they our your every all any more most "
    "less per via over under out off its his her was were are has have had been being will would can could "
    "should may might must not but yet than then there here where when what which who whom why how also "
    "very much many some each other such only own same too just new make made use using used "
    # Polish
    "oraz dla przez przy jest są być się nie tak jak czy lub albo które który która które ich ten ta to te "
    "tym tego tej jego jej pod nad bez dla jako aby żeby już też może można wszystkie każdy każda".split()
)
SUFFIXES = ("ing", "es", "s")


def stem(word: str) -> str:
    """A crude stem: lower case, a plural or -ing ending dropped (-ies becomes -y), at most seven letters."""
    word = word.casefold()
    if len(word) > 5 and word.endswith("ies"):
        return (word[:-3] + "y")[:7]
    for suffix in SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:7]


def tokens(text: str) -> frozenset[str]:
    """The stems of the words of ``text`` that carry meaning."""
    return frozenset(stem(w) for w in WORD.findall(text or "") if w.casefold() not in STOPWORDS)


def similarity(a_title: str, a_text: str, b_title: str, b_text: str) -> float:
    """0 (nothing in common) to 1 (the same words): 70 % word overlap, 30 % title likeness."""
    ta, tb = tokens(f"{a_title} {a_text}"), tokens(f"{b_title} {b_text}")
    jaccard = len(ta & tb) / len(ta | tb) if ta and tb else 0.0
    ratio = SequenceMatcher(None, a_title.casefold(), b_title.casefold()).ratio()
    return 0.7 * jaccard + 0.3 * ratio


@dataclass(frozen=True)
class Match:
    """An idea and a similar one from another workshop."""

    idea: Mapping[str, Any]
    other: Mapping[str, Any]
    score: float


def similar_ideas(ideas: Sequence[Mapping[str, Any]], *, threshold: float = 0.3, limit: int = 20,
                  only_workshop: str | None = None) -> list[Match]:
    """Pairs of similar ideas from different workshops, most similar first.

    ``ideas``: rows with ``workshop_code``, ``id``, ``title``, ``description`` (as exported).
    ``only_workshop``: keep pairs whose first idea is from that workshop (its peers elsewhere).
    Hidden ideas and merged duplicates are left out.
    """
    live = [i for i in ideas if not i.get("hidden") and i.get("merged_into") is None]
    pairs: list[Match] = []
    for x, a in enumerate(live):
        for b in live[x + 1:]:
            if a["workshop_code"] == b["workshop_code"]:
                continue
            score = similarity(a["title"], a.get("description", ""), b["title"], b.get("description", ""))
            if score < threshold:
                continue
            first, second = (b, a) if only_workshop and b["workshop_code"] == only_workshop else (a, b)
            if only_workshop and first["workshop_code"] != only_workshop:
                continue
            pairs.append(Match(first, second, score))
    pairs.sort(key=lambda m: (-m.score, m.idea["id"], m.other["id"]))
    return pairs[:limit]


def recurring(values_per_workshop: Mapping[str, Iterable[str]]) -> list[tuple[str, int]]:
    """How many workshops each value (e.g. a theme) occurs in, most frequent first."""
    counts: dict[str, int] = {}
    for values in values_per_workshop.values():
        for value in {v.strip() for v in values if v and v.strip()}:
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
