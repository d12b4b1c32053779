"""The facilitator guide: the same sections in every language, every step, every image; its page and link.

The guide's Markdown ships in the package (``facilitation/resources/guide``; ``docs/guide`` links
there); the page ``guide.ipynb`` renders it with the screenshots inlined; the console links to it
in the console's language.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from facilitation import store
from facilitation.domain.steps import REGISTRY
from facilitation.i18n import translator
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.console import ConsoleApp
from facilitation.ui.pages.guide import GuideApp, guide_folder, guide_href, guide_languages, guide_markdown, render_guide
from fixtures_ui import context, facilitator

ROOT = Path(__file__).resolve().parents[1]
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
LANGUAGES = guide_languages()


def headings(text: str, level: str | None = None) -> list[str]:
    marks = [line.split(" ", 1) for line in text.splitlines() if re.match(r"#{1,6} ", line)]
    return [title for mark, title in marks if level is None or mark == level]


class Tags(HTMLParser):
    """Every tag of a page with its attributes (to check the rendered HTML, not its spelling)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_english_and_polish_are_written():
    assert {"en", "pl"} <= set(LANGUAGES) and LANGUAGES[0] == "en"


def test_docs_guide_is_a_relative_link_to_the_shipped_guide():
    link = ROOT / "docs" / "guide"
    assert link.is_symlink() and not link.readlink().is_absolute()
    assert link.resolve() == guide_folder().resolve()


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_language_has_the_same_sections_and_images(lang: str):
    english, other = guide_markdown("en")[1], guide_markdown(lang)[1]
    shape = [len(line.split(" ", 1)[0]) for line in english.splitlines() if re.match(r"#{1,6} ", line)]
    assert [len(line.split(" ", 1)[0]) for line in other.splitlines() if re.match(r"#{1,6} ", line)] == shape
    assert IMAGE.findall(other) == IMAGE.findall(english)
    assert other.count("\n|") == english.count("\n|"), "the table of export files has as many rows"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_image_exists_and_every_screenshot_is_used(lang: str):
    used = IMAGE.findall(guide_markdown(lang)[1])
    assert used and all((guide_folder() / url).is_file() for url in used), used
    shipped = {f"img/{p.name}" for p in (guide_folder() / "img").glob("*.png")}
    assert shipped == set(used)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_has_its_section_under_the_name_the_interface_shows(lang: str):
    t = translator(lang)
    sections = headings(guide_markdown(lang)[1], "###")
    missing = [step.name for step in REGISTRY if not any(t(step.label) in title for title in sections)]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_names_what_export_writes(lang: str):
    text = guide_markdown(lang)[1]
    for name in ("ideas.csv", "votes.csv", "challenge.geojson", "scenarios.csv", "stakeholders.csv", "scores.csv",
                 "feedback.csv", "participants.csv", "workshop.xlsx", "report.html", "facilitation export"):
        assert name in text


def test_rendering_escapes_raw_html_and_keeps_only_the_guides_images():
    html = render_guide("# T\n\n<script>alert(1)</script>\n\n![shot](img/vote.png)\n\n"
                        "![far](https://example.org/x.png) ![up](img/../../secret.png)")
    found = tags(html)
    assert ("script", {}) not in found and "&lt;script&gt;" in html
    sources = [attrs["src"] for tag, attrs in found if tag == "img"]
    assert len(sources) == 1 and sources[0].startswith("data:image/png;base64,")
    assert "example.org" not in html and "secret" not in html.replace("<em>up</em>", "")


@pytest.mark.parametrize("lang, title", [("en", "Facilitator guide"), ("pl", "Przewodnik dla prowadzącego")])
def test_the_page_shows_the_guide_in_its_language_with_images_inlined(db, lang: str, title: str):
    app = GuideApp(context(db, "", lang=lang))
    html = app.body.value
    found = tags(html)
    assert ("div", {"class": "fk-guide-text", "lang": lang}) in found
    assert any(tag == "h1" for tag, _ in found) and f"<h1>{title}</h1>" in html
    images = [attrs for tag, attrs in found if tag == "img"]
    assert len(images) == len(IMAGE.findall(guide_markdown(lang)[1]))
    assert all(attrs["src"].startswith("data:image/png;base64,") and attrs["alt"] for attrs in images)
    assert app.start() is False
    app.close()


def test_the_page_switches_language_and_falls_back_to_english(db):
    app = GuideApp(context(db, "", lang="pl"))
    header = app.root.children[0]
    assert app.switch.pick("en") and app.language == "en" and "<h1>Facilitator guide</h1>" in app.body.value
    assert app.root.children[0] is not header and header.comm is None, "the header is rebuilt in English"
    assert app.show("xx") == "en"
    app.close()


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_page_opens_in_the_workshops_language_unless_asked_otherwise(db, lang: str):
    code = store.create_workshop(db, title="Zielone centrum", city="Gdansk", language=lang).workshop.code
    app = GuideApp(make_context(f"code={code}", db=db))
    assert app.language == lang and f'lang="{lang}"' in app.body.value
    other = "en" if lang == "pl" else "pl"
    asked = GuideApp(make_context(f"code={code}&lang={other}", db=db))
    assert asked.language == other
    app.close()
    asked.close()


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_console_links_the_guide_in_its_language(workshop, lang: str):
    console = ConsoleApp(facilitator(workshop, lang=lang))
    links = [attrs for widget in _html_widgets(console.root) for tag, attrs in tags(widget.value)
             if tag == "a" and "fk-guide-link" in attrs.get("class", "").split()]
    assert [a["href"] for a in links] == [guide_href(lang)] == [f"guide.ipynb?lang={lang}"]
    console.close()


def _html_widgets(root):
    import ipywidgets as widgets

    stack, found = [root], []
    while stack:
        widget = stack.pop()
        if isinstance(widget, widgets.HTML):
            found.append(widget)
        stack.extend(getattr(widget, "children", ()))
    return found


def test_the_served_notebook_opens_the_guide():
    import facilitation.ui as ui

    notebook = ROOT / "facilitation" / "resources" / "notebooks" / "guide.ipynb"
    assert "guide_app()" in notebook.read_text(encoding="utf-8") and callable(ui.guide_app)
    assert "resources/guide/img/*.png" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
