"""After creating a workshop: its participant link (``fk-join-url``) with the QR code
(``fk-join-qr``), and the facilitator's link to the console (``fk-console-link``)."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation.domain import links as pages
from facilitation.domain.records import Workshop
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc


class LinksPanel:
    """Hidden until :meth:`show` is called with a new workshop and its facilitator key."""

    def __init__(self, ctx: Context, *, base: str) -> None:
        self.t, self.base = ctx.t, base
        self.info = theme.html(classes=["fk-links-info"])
        self.join_url = theme.html(classes=["fk-join-url"])
        self.qr = widgets.Image(value=b"", format="png", _dom_classes=("fk-join-qr",))
        self.console = theme.html(classes=["fk-links-console"])
        side = theme.box([self.info, self.join_url, self.console], classes=["fk-links-text"])
        self.root = theme.panel([theme.box([self.qr, side], classes=["fk-links-body"], horizontal=True)],
                                classes=["fk-organiser-links", "fk-hidden"])

    def show(self, workshop: Workshop, facilitator_key: str) -> None:
        from facilitation.ui.kit.links import is_local, qr_png  # segno only when a QR code is drawn

        t = self.t
        join = pages.participant_link(self.base, workshop.code)
        console = pages.facilitator_link(self.base, workshop.code, facilitator_key)
        ready, code_label = t("Ready: “{title}”").format(title=workshop.title), t("Join code")
        participants = t("Participants open this link or scan the code:")
        warn = ""
        if is_local(join):
            warn = theme.banner_html(t("This address works only on this computer. To let phones join, serve with "
                                       "--host 0.0.0.0 and open this page with the link it prints."), "warn")
        self.info.value = (f'<div class="fk-panel-title">{esc(ready)}</div>'
                           f'<p class="fk-help">{esc(code_label)} <span class="fk-code">{esc(workshop.code)}</span></p>'
                           f'{warn}<p class="fk-help">{esc(participants)}</p>')
        self.join_url.value = f'<a href="{esc(join)}" target="_blank" rel="noopener">{esc(join)}</a>'
        self.qr.value = qr_png(join)
        facilitator = t("Facilitator link (the console; it carries the key, so give it only to the facilitator):")
        open_console = t("Open the console")
        self.console.value = (f'<p class="fk-help">{esc(facilitator)}</p>'
                              f'<a class="fk-console-link fk-chip fk-chip-primary" href="{esc(console)}" '
                              f'target="_blank" rel="noopener">{esc(open_console)} ↗</a>'
                              f'<div class="fk-links-url">{esc(console)}</div>')
        theme.show(self.root, True)
