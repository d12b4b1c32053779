"""Polls and word clouds (issue 24): a poll step's settings, one participant's answer, the results.

Pure: no I/O. A poll is an agenda step of kind ``poll`` whose ``settings`` hold the question, the
kind and its options; :func:`check_settings` checks them where they are written (the store), and
:func:`poll_settings` reads any stored row with defaults (an older row has ``{}``).

Kinds: ``single`` (one option), ``multiple`` (one or more options, at most ``max_choices`` when
set), ``rating`` (a point on a 1..``scale`` scale with a label at each end) and ``words`` (a word
cloud: up to :data:`MAX_ENTRIES` short entries of up to :data:`MAX_ENTRY_WORDS` words each).
An answer is stored as ``choices`` (option indexes from 0; for a rating, the point 1..N) and
``words`` (the entries as typed, trimmed). Word clouds count entries case-folded and show each
in its most common spelling.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from facilitation.domain.checks import check_choice, check_int, clean_text
from facilitation.domain.errors import InvalidValue
from facilitation.domain.steps import N_

KINDS = ("single", "multiple", "rating", "words")
KIND_LABELS: Mapping[str, str] = {
    "single": N_("Single choice"),
    "multiple": N_("Multiple choice"),
    "rating": N_("Rating scale"),
    "words": N_("Word cloud"),
}
CHOICE_KINDS = ("single", "multiple")
MAX_QUESTION = 300
MAX_OPTION = 120
MIN_OPTIONS, MAX_OPTIONS = 2, 12
MIN_SCALE, MAX_SCALE = 2, 10
MAX_SCALE_LABEL = 40
MAX_ENTRIES = 3  # a word cloud's entries per participant
MAX_ENTRY_WORDS = 3
MAX_ENTRY_CHARS = 40
_SPACES = re.compile(r"\s+")
_ENTRY_SPLIT = re.compile(r"[,;\n]")


@dataclass(frozen=True)
class PollSettings:
    """A poll step's settings as read (defaults filled in; an unset poll has no question)."""

    question: str = ""
    kind: str = "single"
    options: tuple[str, ...] = ()
    max_choices: int = 0  # multiple choice: at most this many (0: no maximum)
    scale: int = 5
    low_label: str = ""
    high_label: str = ""
    show_results: bool = True  # participants see the results once they have answered

    @property
    def ready(self) -> bool:
        """True when participants can answer (a question, and options for a choice kind)."""
        return bool(self.question) and (self.kind not in CHOICE_KINDS or len(self.options) >= MIN_OPTIONS)

    @property
    def points(self) -> tuple[int, ...]:
        """A rating's points 1..scale."""
        return tuple(range(1, self.scale + 1))


def _options(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str) or not isinstance(raw, Sequence):
        raise InvalidValue("poll options", "must be a list of texts.")
    options = tuple(clean_text(N_("poll option"), o, max_len=MAX_OPTION, required=True) for o in raw)
    return options


def check_settings(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A poll's settings checked for storing: a question, a kind, and what the kind needs.

    Choice kinds need 2..12 unique non-empty options; a rating a scale of 2..10 with optional end
    labels; a word cloud nothing more. Options typed for another kind are dropped, not refused.
    """
    if not isinstance(raw, Mapping):
        raise InvalidValue("poll settings", "must be a set of named values.")
    question = clean_text(N_("poll question"), raw.get("question"), max_len=MAX_QUESTION, required=True)
    kind = check_choice(N_("poll kind"), raw.get("kind", "single"), KINDS)
    show = raw.get("show_results", True)
    if not isinstance(show, bool):
        raise InvalidValue("show results", "must be yes or no.")
    out: dict[str, Any] = {"question": question, "kind": kind, "show_results": show}
    if kind in CHOICE_KINDS:
        options = _options(raw.get("options"))
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            raise InvalidValue("poll options", "need between {lo} and {hi} options (got {n}).",
                               lo=MIN_OPTIONS, hi=MAX_OPTIONS, n=len(options))
        if len({o.casefold() for o in options}) != len(options):
            raise InvalidValue("poll options", "must all be different.")
        out["options"] = list(options)
        if kind == "multiple":
            out["max_choices"] = check_int(N_("most choices"), raw.get("max_choices") or 0, 0, len(options))
    elif kind == "rating":
        out["scale"] = check_int(N_("rating scale"), raw.get("scale", 5), MIN_SCALE, MAX_SCALE)
        out["low_label"] = clean_text(N_("low end label"), raw.get("low_label"), max_len=MAX_SCALE_LABEL, required=False)
        out["high_label"] = clean_text(N_("high end label"), raw.get("high_label"), max_len=MAX_SCALE_LABEL,
                                       required=False)
    return out


def poll_settings(raw: Mapping[str, Any] | None) -> PollSettings:
    """Read stored settings with defaults; a row that does not check reads as an unset poll."""
    try:
        checked = check_settings(raw or {})
    except InvalidValue:
        return PollSettings()
    return PollSettings(question=checked["question"], kind=checked["kind"],
                        options=tuple(checked.get("options", ())), max_choices=checked.get("max_choices", 0),
                        scale=checked.get("scale", 5), low_label=checked.get("low_label", ""),
                        high_label=checked.get("high_label", ""), show_results=checked["show_results"])


# --- one participant's answer -------------------------------------------------------------


def normalise_entry(value: Any) -> str:
    """One word-cloud entry trimmed, its inner spaces collapsed; checked for length and words."""
    text = clean_text("word cloud entry", value, max_len=10 * MAX_ENTRY_CHARS, required=True)
    text = _SPACES.sub(" ", text)
    if len(text) > MAX_ENTRY_CHARS:
        raise InvalidValue("word cloud entry", "is {n_value} characters long; at most {max_len} are allowed.",
                           n_value=len(text), max_len=MAX_ENTRY_CHARS)
    if _ENTRY_SPLIT.search(text):  # the form splits entries on these, so one entry never holds them
        raise InvalidValue("word cloud entry", "must not contain commas or semicolons.")
    if len(text.split(" ")) > MAX_ENTRY_WORDS:
        raise InvalidValue("word cloud entry", "has more than {n} words.", n=MAX_ENTRY_WORDS)
    return text


def split_entries(text: str) -> list[str]:
    """A typed line of entries separated by commas, semicolons or new lines (empty parts dropped)."""
    return [part for part in (p.strip() for p in _ENTRY_SPLIT.split(text or "")) if part]


def word_key(entry: str) -> str:
    """What a word cloud counts an entry as: its case-folded, space-collapsed text."""
    return _SPACES.sub(" ", entry.strip()).casefold()


def check_answer(settings: PollSettings, choices: Any = (), words: Any = ()) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """(choices, words) of an answer to ``settings``, or :class:`InvalidValue` with a sentence."""
    if not settings.ready:
        raise InvalidValue("poll", "is not set up yet.")
    if settings.kind == "words":
        if isinstance(words, str) or not isinstance(words, Sequence):
            raise InvalidValue("word cloud", "must be a list of short entries.")
        entries: list[str] = []
        for raw in words:
            entry = normalise_entry(raw)
            if word_key(entry) not in {word_key(e) for e in entries}:
                entries.append(entry)
        if not entries:
            raise InvalidValue("word cloud", "needs at least one word.")
        if len(entries) > MAX_ENTRIES:
            raise InvalidValue("word cloud", "takes at most {n} entries.", n=MAX_ENTRIES)
        return (), tuple(entries)
    if isinstance(choices, (str, bytes)) or not isinstance(choices, Iterable):
        raise InvalidValue("poll answer", "must be a list of choices.")
    raw_choices = list(choices)
    if settings.kind == "rating":
        if len(raw_choices) != 1:
            raise InvalidValue("poll answer", "must be one point of the scale.")
        return (check_int(N_("rating"), raw_choices[0], 1, settings.scale),), ()
    n = len(settings.options)
    picked = tuple(sorted({check_int(N_("poll choice"), c, 0, n - 1) for c in raw_choices}))
    if len(picked) != len(raw_choices):
        raise InvalidValue("poll answer", "lists the same option twice.")
    if not picked:
        raise InvalidValue("poll answer", "needs a choice.")
    if settings.kind == "single" and len(picked) != 1:
        raise InvalidValue("poll answer", "takes only one choice.")
    if settings.kind == "multiple" and settings.max_choices and len(picked) > settings.max_choices:
        raise InvalidValue("poll answer", "takes at most {n} choices.", n=settings.max_choices)
    return picked, ()


def answer_text(settings: PollSettings, choices: Sequence[int], words: Sequence[str]) -> str:
    """An answer as readable text for exports (options by name; a rating's point; the entries)."""
    if settings.kind == "words":
        return "; ".join(words)
    if settings.kind == "rating":
        return "; ".join(str(c) for c in choices)
    return "; ".join(settings.options[c] for c in choices if 0 <= c < len(settings.options))


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PollResults:
    """What a poll's answers add up to: counts per option (or point), the mean of a rating, the words."""

    kind: str
    answers: int  # participants who answered
    labels: tuple[str, ...] = ()  # one per bar: the options, or the scale's points
    counts: tuple[int, ...] = ()
    mean: float | None = None  # a rating's mean point
    words: tuple[tuple[str, int], ...] = ()  # (most common spelling, count), most frequent first

    def percent(self, index: int) -> int:
        """The share of answerers who chose bar ``index``, rounded (0 without answers)."""
        return round(100 * self.counts[index] / self.answers) if self.answers else 0


def word_counts(entries: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Entries counted case-folded, each shown in its most common spelling (ties: the first seen);
    most frequent first, then alphabetically."""
    spellings: dict[str, Counter[str]] = {}
    order: dict[str, dict[str, int]] = {}
    for entry in entries:
        key = word_key(entry)
        if not key:
            continue
        shown = _SPACES.sub(" ", entry.strip())
        spellings.setdefault(key, Counter())[shown] += 1
        order.setdefault(key, {}).setdefault(shown, len(order[key]))
    counted = []
    for key, spelled in spellings.items():
        best = min(spelled, key=lambda s: (-spelled[s], order[key][s]))
        counted.append((best, sum(spelled.values())))
    return tuple(sorted(counted, key=lambda pair: (-pair[1], pair[0].casefold())))


def results(settings: PollSettings, answers: Iterable[tuple[Sequence[int], Sequence[str]]]) -> PollResults:
    """The results of ``answers`` (each ``(choices, words)``) to a poll with ``settings``."""
    answers = list(answers)
    if settings.kind == "words":
        return PollResults(kind="words", answers=len(answers),
                           words=word_counts(w for _choices, words in answers for w in words))
    if settings.kind == "rating":
        labels = tuple(str(p) for p in settings.points)
        counts = [0] * settings.scale
        points = [c for choices, _w in answers for c in choices if 1 <= c <= settings.scale]
        for p in points:
            counts[p - 1] += 1
        mean = sum(points) / len(points) if points else None
        return PollResults(kind="rating", answers=len(answers), labels=labels, counts=tuple(counts), mean=mean)
    counts = [0] * len(settings.options)
    for choices, _w in answers:
        for c in choices:
            if 0 <= c < len(counts):
                counts[c] += 1
    return PollResults(kind=settings.kind, answers=len(answers), labels=settings.options, counts=tuple(counts))
