"""The facilitator guide page (``guide.ipynb?lang=pl``; ``?code=JOIN`` picks the workshop's language).

The guide is Markdown shipped in the package (``facilitation/resources/guide/LANG.md`` with its
screenshots in ``img/``; ``docs/guide`` links there). Voila serves no loose files, so the page
renders the Markdown to HTML here with every image inlined as a ``data:`` URI. Rendering escapes
raw HTML in the text (mistune with ``escape=True``); only images from the guide's own ``img/``
folder are kept. A language without a guide shows the English one. The console links here
(``fk-guide-link``, :func:`guide_link_html`) in the console's language.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import urlencode

from facilitation.domain.resources import resource
from facilitation.i18n import SOURCE_LANGUAGE, Translator, translator
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, esc
from facilitation.ui.kit.language import LanguageSwitch

GUIDE_NOTEBOOK = "guide.ipynb"
_IMAGE_NAME = re.compile(r"img/([A-Za-z0-9_-]+\.png)")


def guide_folder() -> Path:
    return resource("guide")


def guide_languages(folder: Path | None = None) -> tuple[str, ...]:
    """The languages the guide is written in (one ``LANG.md`` each), English first."""
    found = sorted(p.stem for p in (folder or guide_folder()).glob("*.md"))
    return tuple(sorted(found, key=lambda code: code != SOURCE_LANGUAGE))


def guide_markdown(language: str, folder: Path | None = None) -> tuple[str, str]:
    """``(language, text)`` of the guide in ``language``, or in English when it has none."""
    base = folder or guide_folder()
    path = base / f"{language}.md"
    if not path.is_file():
        language, path = SOURCE_LANGUAGE, base / f"{SOURCE_LANGUAGE}.md"
    return language, path.read_text(encoding="utf-8")


def image_data_uri(url: str, folder: Path | None = None) -> str | None:
    """``data:image/png;base64,…`` for ``img/NAME.png`` of the guide; None for anything else."""
    match = _IMAGE_NAME.fullmatch(url)
    if match is None:
        return None
    path = (folder or guide_folder()) / "img" / match.group(1)
    if not path.is_file():
        return None
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render_guide(markdown_text: str, folder: Path | None = None) -> str:
    """The guide's Markdown as HTML: raw HTML escaped, the guide's images inlined, others dropped."""
    import mistune  # nbconvert's Markdown renderer (a Voila dependency), loaded only on this page

    class GuideRenderer(mistune.HTMLRenderer):
        def image(self, text: str, url: str, title: str | None = None) -> str:
            src = image_data_uri(url, folder)
            if src is None:  # not one of the guide's screenshots: its description only
                return f"<em>{esc(text)}</em>"
            return (f'<img class="fk-guide-img" src="{src}" alt="{esc(text)}" loading="lazy" '
                    f'style="max-width:100%;height:auto;border:1px solid #d8dee8;border-radius:8px">')

    render = mistune.create_markdown(renderer=GuideRenderer(escape=True), plugins=["table"])
    return str(render(markdown_text))


def guide_href(language: str) -> str:
    """The guide page's address relative to any served page (the notebooks share one folder)."""
    return f"{GUIDE_NOTEBOOK}?{urlencode({'lang': language})}"


def guide_link_html(t: Translator) -> str:
    """The console's link to the guide (``fk-guide-link``), in the console's language."""
    label = t("Facilitator guide")
    return (f'<a class="fk-chip fk-chip-primary fk-guide-link" href="{esc(guide_href(t.language))}" '
            f'target="_blank" rel="noopener">{esc(label)} ↗</a>')


class GuideApp:
    """The guide in the page's language with a switch to the others (``fk-guide``, ``fk-guide-body``)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.t = ctx, ctx.t
        self.language = ""
        self.body = theme.html(classes=["fk-guide-body"])
        first = ctx.t.language if ctx.t.language in guide_languages() else SOURCE_LANGUAGE
        self.switch = LanguageSwitch(ctx.t, first=first, on_pick=self.show)
        panel = theme.panel([self.switch.root, self.body], classes=["fk-guide-panel"])
        self.root = theme.app_root([_header(ctx.t), panel], role="facilitator", classes=["fk-guide"])
        self.show(ctx.t.language)

    def show(self, language: str) -> str:
        """Render the guide in ``language`` (English when it has none); returns the language shown."""
        shown, text = guide_markdown(language)
        if shown != self.language and self.language:  # the header's words follow the guide's language
            old, *rest = self.root.children
            self.root.children = (_header(translator(shown)), *rest)
            old.close()
        self.language = shown
        self.body.value = f'<div class="fk-guide-text" lang="{esc(shown)}">{render_guide(text)}</div>'
        return shown

    def start(self) -> bool:
        """The guide is static text: no live feed."""
        return False

    def close(self) -> None:
        theme.close_tree(self.root)


def _header(t: Translator):
    return theme.header_box(t("Facilitator guide"), t("Prepare, run, moderate, close and export a workshop"))
