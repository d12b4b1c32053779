"""Merging two participants from the console's joined list (issue 22, point 9), without a browser.

Pages share one database as kernels do; ``sync`` (``feed.poll_once``) stands in for the live task.
"""

from __future__ import annotations

import re

from conftest import TOKEN_A, TOKEN_B, TOKEN_C
from fixtures_ui import sync
from widgets import find, text

from facilitation import store
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.console import ConsoleApp
from facilitation.ui.pages.participant import ParticipantApp


def participant(room, token: str, name: str) -> ParticipantApp:  # noqa: ANN001 - the conftest fixture
    app = ParticipantApp(make_context(f"code={room.code}", db=room.db))
    app.link.token = token
    app.name.value = name
    app.join_button.click()
    assert app.participant is not None
    return app


def names(console: ConsoleApp) -> list[str]:
    """The names in the console's joined list, in order."""
    return re.findall(r'<li class="fk-joined-name"><span>([^<]*)</span>', console.joined.list.value)


def test_the_facilitator_merges_a_name_that_shows_twice_and_both_pages_follow(workshop) -> None:
    first, second = participant(workshop, TOKEN_A, "Ana"), participant(workshop, TOKEN_B, "Ana")
    participant(workshop, TOKEN_C, "Ben")
    store.add_idea(workshop.db, workshop.code, TOKEN_B, title="Parklets", scale="small", driver="central")
    console = ConsoleApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    merge = console.joined.merge
    assert names(console) == ["Ana", "Ana", "Ben"]
    assert find(console.root, "fk-merge") and "fk-hidden" not in merge.root._dom_classes
    # The two entries shown as "Ana" are offered first: the older one kept.
    assert (merge.keep.value, merge.other.value) == (first.participant.id, second.participant.id)
    merge.open_button.click()
    merge.go.click()
    assert "Ana" in merge.question.value and "fk-hidden" not in merge.confirm._dom_classes
    merge.yes.click()
    assert "fk-notice-ok" in merge.notice.value and "merged into" in merge.notice.value
    assert names(console) == ["Ana", "Ben"]  # this page at once
    sync(first, second)
    assert second.participant.id == first.participant.id  # the second browser is the kept participant now
    assert store.get_idea(workshop.db, store.list_ideas(workshop.db, workshop.id)[0].id).author_id == \
        first.participant.id
    assert [label for label, _ in merge.keep.options][1:] == [f"Ana (#{first.participant.id})",
                                                              f"Ben (#{first.participant.id + 2})"]


def test_a_merge_needs_two_different_people_and_says_so(workshop) -> None:
    participant(workshop, TOKEN_A, "Ana")
    participant(workshop, TOKEN_B, "Ben")
    console = ConsoleApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    merge = console.joined.merge
    assert (merge.keep.value, merge.other.value) == (0, 0)  # no twin names: nothing chosen for the facilitator
    merge.go.click()
    assert "fk-notice-error" in merge.notice.value and "fk-hidden" in merge.confirm._dom_classes
    ana = store.participant_for_token(workshop.db, workshop.code, TOKEN_A).id
    merge.keep.value = merge.other.value = ana
    merge.yes.click()  # a forged click on the hidden confirmation is refused the same way
    assert "two different" in text(merge.notice.value)
    assert len(store.joined(workshop.db, workshop.code, workshop.key)) == 2


def test_the_merge_row_shows_only_with_two_people(workshop) -> None:
    participant(workshop, TOKEN_A, "Ana")
    console = ConsoleApp(make_context(f"code={workshop.code}&key={workshop.key}", db=workshop.db))
    assert "fk-hidden" in console.joined.merge.root._dom_classes
