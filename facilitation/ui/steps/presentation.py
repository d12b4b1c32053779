"""The presentation step (issue 24): who speaks, about what, their material, and questions during the talk.

- participant (``fk-view-presentation``): ``fk-presentation-speaker`` (name, organisation, city and the
  title), the speaker's material as a download (``fk-presentation-material`` holding a
  ``fk-material-link``, fetched with the page's own token as on the materials list) and the questions
  panel (a question carries this step's agenda id).
- facilitator: the same speaker card and the console's questions panel (marks and hiding).
- presenter: speaker and title large (``fk-presentation-stage``), then the question being answered.

The speaker and material come from the step's settings (set in the agenda editor,
``ui/setup/presentation_settings.py``); a material that is not (or no longer) one of the workshop's
is not offered.
"""

from __future__ import annotations

from facilitation import store
from facilitation.domain.questions import Presentation, presentation
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.markup import el
from facilitation.ui.kit.materials import DownloadList, size_text
from facilitation.ui.steps.questions import QuestionsPanel


def speaker_html(t: Translate, talk: Presentation, *, big: bool = False) -> str:
    """Who speaks and about what (escaped); a friendly line when the agenda names no one yet."""
    size = " fk-presentation-big" if big else ""
    title = f'<h2 class="fk-presentation-title">{esc(talk.title)}</h2>' if talk.title else ""
    who = talk.speaker_name or t("The speaker")
    where = ", ".join(p for p in (talk.speaker_organisation, talk.speaker_city) if p)
    where_html = f'<div class="fk-presentation-where">{esc(where)}</div>' if where else ""
    kicker = t("Speaking now")
    return (f'<div class="fk-presentation-card{size}"><div class="fk-question-kicker">{esc(kicker)}</div>'
            f'{title}<div class="fk-presentation-who">{esc(who)}</div>{where_html}</div>')


class PresentationView:
    """The presentation step for one page (``role``: participant, facilitator or presenter)."""

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ("participant", "facilitator", "presenter"):
            raise ValueError(f"unknown role {role!r}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.speaker = theme.html(classes=["fk-presentation-speaker"] if role != "presenter"
                                  else ["fk-presentation-speaker", "fk-presentation-stage"])
        self.download = DownloadList(self._fetch, on_error=self._error)
        self.download.add_class("fk-presentation-material")
        self.questions = QuestionsPanel(ctx, role)
        parts = [self.speaker] if role == "presenter" else [self.speaker, self.download]
        heading = theme.html(el("div", "fk-panel-title", self.t("Questions")))
        self.root = theme.box([*parts, heading, self.questions.root],
                              classes=["fk-view", "fk-presentation", f"fk-view-presentation-{role}"])
        if role == "participant":
            self.root.add_class("fk-view-presentation")
        self.refresh({"agenda", "materials"})

    def _talk(self) -> Presentation:
        workshop = self.ctx.workshop
        item = store.current_step(self.ctx.db, workshop)
        return presentation(item.settings if item.step == "presentation" else {})

    def refresh(self, topics: set[str]) -> None:
        """The speaker and material follow the agenda's settings; the questions panel its topics."""
        if topics & {"agenda", "phase", "materials"}:
            talk = self._talk()
            self.speaker.value = speaker_html(self.t, talk, big=self.role == "presenter")
            items = self._items(talk)
            if items != self.download.items:
                self.download.items = items
            theme.show(self.download, bool(items))
        if topics & {"questions", "phase", "participants", "groups"}:
            self.questions.refresh(topics)

    def _items(self, talk: Presentation) -> list[dict]:
        """The speaker's material when it is one of the workshop's (the store checks the download again)."""
        if talk.material_id is None:
            return []
        for m in store.list_materials(self.ctx.db, self.ctx.code):
            if m.id == talk.material_id:
                kind = m.filename.rsplit(".", 1)[-1].upper() if "." in m.filename else ""
                label = self.t("Download: {title}").format(title=m.shown_title)
                return [{"id": str(m.id), "title": label, "filename": m.filename,
                         "meta": " · ".join(p for p in (kind, size_text(self.t, m.size)) if p)}]
        return []

    def _fetch(self, material_id: str) -> tuple[str, str, bytes]:
        material, data = store.material_bytes(self.ctx.db, int(material_id), code=self.ctx.code, key=self.ctx.key,
                                              token=self.ctx.token)
        return material.filename, material.mime, data

    def _error(self, exc) -> None:
        self.questions.notice.error(exc)

    def close(self) -> None:
        theme.close_tree(self.root)
