"""A poll's results as light HTML: bars with counts and percentages (``fk-poll-results``) and a word
cloud of spans sized by count (``fk-word-cloud``). Every option and word is escaped here."""

from __future__ import annotations

import math

from facilitation.domain.escaping import esc
from facilitation.domain.palette import ACCENT, CATEGORY_COLOURS, KIND_COLOURS
from facilitation.domain.polls import PollResults, PollSettings
from facilitation.i18n import Translate
from facilitation.ui.kit.numbers import number

MAX_CLOUD_WORDS = 60  # more would be unreadable on a phone; the exports keep every word
SMALLEST_EM, LARGEST_EM = 0.95, 3.2
# Colours that pass WCAG AA on white (palette.py), so a small word stays readable.
CLOUD_COLOURS = (ACCENT, *CATEGORY_COLOURS.values(), *KIND_COLOURS.values())


def answers_line(t: Translate, result: PollResults) -> str:
    text = t.ngettext("{n} answer", "{n} answers", result.answers).format(n=result.answers)
    return f'<div class="fk-poll-count">{esc(text)}</div>'


def bars_html(t: Translate, settings: PollSettings, result: PollResults, language: str) -> str:
    """One bar per option (or scale point): its label, a bar as wide as its share, the count and %."""
    rows = []
    peak = max(result.counts, default=0)
    for i, label in enumerate(result.labels):
        count, share = result.counts[i], result.percent(i)
        lead = " fk-poll-bar-lead" if peak and count == peak else ""
        rows.append(
            f'<div class="fk-poll-row"><div class="fk-poll-label">{esc(label)}</div>'
            f'<div class="fk-poll-bar"><div class="fk-poll-fill{lead}" style="width:{share}%"></div></div>'
            f'<div class="fk-poll-num">{count} · {share}%</div></div>')
    extra = ""
    if settings.kind == "rating":
        ends = ""
        if settings.low_label or settings.high_label:
            ends = (f'<div class="fk-poll-ends"><span>1 = {esc(settings.low_label)}</span>'
                    f'<span>{settings.scale} = {esc(settings.high_label)}</span></div>')
        mean = t("Mean: {mean} of {scale}").format(mean=number(result.mean, 1, language), scale=settings.scale)
        extra = ends + f'<div class="fk-poll-mean">{esc(mean)}</div>'
    if settings.kind == "multiple":
        several = t("Each person could choose several options.")
        extra = f'<div class="fk-help">{esc(several)}</div>'
    return ('<div class="fk-poll-results">'
            f'{answers_line(t, result)}{"".join(rows)}{extra}</div>')


def _centred(words: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The most frequent words in the middle of the cloud, the rarer ones towards its edges."""
    left: list[tuple[str, int]] = []
    right: list[tuple[str, int]] = []
    for i, pair in enumerate(words):
        (right if i % 2 == 0 else left).append(pair)
    return list(reversed(left)) + right


def cloud_html(t: Translate, result: PollResults) -> str:
    """The words sized by count (square root, so one popular word does not crush the rest)."""
    words = list(result.words[:MAX_CLOUD_WORDS])
    if not words:
        none_yet = t("No words yet.")
        body = f'<p class="fk-help">{esc(none_yet)}</p>'
    else:
        low, high = words[-1][1], words[0][1]
        spans = []
        for i, (word, count) in enumerate(_centred(words)):
            weight = math.sqrt((count - low) / (high - low)) if high > low else 1.0
            size = SMALLEST_EM + (LARGEST_EM - SMALLEST_EM) * weight
            colour = CLOUD_COLOURS[i % len(CLOUD_COLOURS)]
            title = t.ngettext("{n} time", "{n} times", count).format(n=count)
            spans.append(f'<span class="fk-cloud-word" style="font-size:{size:.2f}em;color:{colour}" '
                         f'title="{esc(title)}">{esc(word)}</span>')
        body = f'<div class="fk-cloud-words">{"".join(spans)}</div>'
    return f'<div class="fk-word-cloud">{answers_line(t, result)}{body}</div>'


def results_html(t: Translate, settings: PollSettings, result: PollResults, language: str) -> str:
    """The results the way the poll's kind shows them."""
    if settings.kind == "words":
        return cloud_html(t, result)
    return bars_html(t, settings, result, language)
