"""The README and the documentation site: short README, every page in the site, a strict build that
opens from disk with its search, and the commands the pages name exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def nav_pages(node: object) -> list[str]:
    """Every Markdown file mkdocs.yml's nav names, in order."""
    if isinstance(node, str):
        return [node] if node.endswith(".md") else []
    if isinstance(node, dict):
        return [page for value in node.values() for page in nav_pages(value)]
    if isinstance(node, list):
        return [page for value in node for page in nav_pages(value)]
    return []


def config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def test_readme_is_a_two_minute_read_with_the_links_it_names():
    lines = README.splitlines()
    assert 80 <= len(lines) <= 200, len(lines)  # about 150; it was 474 before the docs site
    for words in ("Participant link", "Facilitator link", "Organiser link", "make serve", "make test"):
        assert words in README, words
    for target in LINK.findall(README):
        if not target.startswith(("http://", "https://", "#")):
            assert (ROOT / target.split("#")[0]).exists(), target


def test_readme_screenshot_is_a_small_png():
    [image] = re.findall(r"!\[[^\]]+\]\(([^)]+\.png)\)", README)
    data = (ROOT / image).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 300_000


def test_readme_keeps_serving_on_a_public_network_and_points_to_deploying():
    assert re.search(r"^## Serving on a public network$", README, re.M)
    assert "docs/deploy.md" in README


def test_every_page_is_in_the_navigation_and_every_entry_exists():
    pages = nav_pages(config()["nav"])
    assert len(pages) == len(set(pages))
    on_disk = {
        (Path(folder) / name).relative_to(DOCS).as_posix()  # docs/guide is a link: follow it
        for folder, _dirs, files in os.walk(DOCS, followlinks=True)
        for name in files
        if name.endswith(".md") and not Path(folder).relative_to(DOCS).as_posix().startswith("npm")
    }  # docs/npm: what `make docs-deps` takes from npm (mkdocs.yml excludes it)
    assert set(pages) == on_disk
    for page in (
        "guide/en.md",
        "guide/pl.md",
        "organiser.md",
        "deploy.md",
        "capacity.md",
        "postgresql.md",
        "data-dictionary.md",
        "languages.md",
        "glossary.md",
        "contract-additions.md",
        "contributing.md",
    ):
        assert page in pages, page


def test_the_site_is_built_for_reading_offline():
    cfg = config()
    assert cfg["strict"] is True and cfg["use_directory_urls"] is False and cfg["theme"]["font"] is False
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in cfg["plugins"]]
    assert {"search", "offline"} <= set(plugins)
    # Material's offline plugin loads this shim from a CDN unless a local one is listed.
    [shim] = [p for p in cfg["extra"]["polyfills"] if "iframe-worker" in p]
    if not (DOCS / shim).is_file():  # taken from npm by `make docs-deps` (.ci/run runs it)
        if os.environ.get("CI"):
            pytest.fail(f"{shim} is missing: .ci/run should have run `make docs-deps`.")
        pytest.skip(f"{shim} is missing: run `make docs-deps` (needs npm).")


def test_make_targets_named_in_the_docs_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z0-9-]+):", makefile, re.M))
    texts = [README, (DOCS / "contributing.md").read_text(encoding="utf-8")]
    named = {m for text in texts for m in re.findall(r"`make ([a-z0-9-]+)", text)}
    assert {"serve", "test", "test-fast", "lint", "docs"} <= named
    assert named <= targets, named - targets


class Assets(HTMLParser):
    """The scripts, stylesheets and images a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and a.get("rel") in ("stylesheet", "preload", "icon") and a.get("href"):
            self.urls.append(a["href"] or "")


def test_the_strict_build_passes_and_every_page_loads_only_local_files(tmp_path: Path):
    pytest.importorskip("material", reason="the docs extra (mkdocs-material) is not installed")
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    index = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert index.startswith("var __index = ") and "stakeholder" in index.lower()
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")  # 404 is for a web server
    assert len(pages) >= len(nav_pages(config()["nav"]))
    for page in pages:
        parser = Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            assert not re.match(r"^(https?:)?//", url), (page.name, url)
            if not url.startswith("data:"):
                assert (page.parent / url.split("?")[0].split("#")[0]).resolve().is_file(), (page.name, url)
