"""Shared fixtures: a temporary database, a workshop, a Voila server, a Chromium browser.

Browser tests use Debian's Chromium through the playwright package (never
``playwright install``). Without /usr/bin/chromium they skip with a message; in CI
(``CI`` set) a missing browser is an error, because .ci/run installs it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from benchmarks.harness import CHROMIUM, CHROMIUM_ARGS, chromium_available, free_port  # noqa: F401 (shared)
import pgserver
from sqlalchemy.engine import make_url

from facilitation import store

from facilitation.serve import launcher as server

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# `serve` keeps the keys it printed in the operator's state folder (facilitation.serve.keyring):
# tests, and the servers they start, keep theirs in a throwaway one.
os.environ.setdefault("XDG_STATE_HOME", tempfile.mkdtemp(prefix="fk-test-state-"))
TOKEN_A = "participant-token-aaaaaaaaaaaaaaaa"
TOKEN_B = "participant-token-bbbbbbbbbbbbbbbb"
TOKEN_C = "participant-token-cccccccccccccccc"


# Store tests run on both databases: every test of these modules that uses ``db`` (or
# ``workshop``) runs once on SQLite and once on PostgreSQL. A test that is about one database
# only says so with ``@pytest.mark.backends("sqlite")``.
# FACILITATION_TEST_BACKENDS=sqlite (make test-fast) limits them to SQLite: no PostgreSQL at all.
BACKENDS = tuple(os.environ.get("FACILITATION_TEST_BACKENDS", "sqlite,postgresql").split(","))
BOTH_BACKENDS = {"test_store", "test_challenge", "test_scenarios", "test_scoring_store", "test_stakeholders",
                 "test_privacy", "test_live", "test_export", "test_imports", "test_concurrency", "test_postgres",
                 "test_roles", "test_setup_store", "test_groups_store", "test_round2", "test_groups_scoring",
                 "test_group_scenarios", "test_carried_votes", "test_fair_share", "test_group_cities",
                 "test_session_start", "test_phones_store", "test_practices_library", "test_merge_participants", "test_loud_failures",
                 "test_keys_least_privilege", "test_uploads_safety", "test_questions", "test_polls", "test_agenda_kinds", "test_meeting_steps"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends(*names): the databases a store test runs on (default: both)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames or metafunc.module.__name__ not in BOTH_BACKENDS:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    names = [name for name in marker.args if name in BACKENDS] if marker else BACKENDS
    metafunc.parametrize("backend", names, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: which database ``db`` opens (SQLite outside the store modules)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server whose user may create databases (see tests/pgserver.py).

    Skips with the reason when there is none; under CI (which starts one) that is an error.
    """
    if "postgresql" not in BACKENDS:
        pytest.skip("PostgreSQL tests skipped: FACILITATION_TEST_BACKENDS leaves PostgreSQL out (make test-fast).")
    cluster = None
    url = os.environ.get(pgserver.ENV)
    reason = None
    if url:
        reason = pgserver.reachable(url)
    else:
        try:
            cluster = pgserver.start_cluster()
            url = cluster.url
        except RuntimeError as exc:
            reason = str(exc)
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable ({reason}); .ci/run should have started it.")
        pytest.skip(f"PostgreSQL tests skipped: {reason}.")
    yield url
    if cluster is not None:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (random name) for one test; dropped afterwards."""
    url = pgserver.create_database(pg_server)
    yield url
    pgserver.drop_database(url)


@pytest.fixture(scope="session")
def pg_migrated(pg_server: str) -> Iterator[str]:
    """The name of a database with the kit's schema, copied for each store test (faster than migrating)."""
    url = pgserver.create_database(pg_server)
    store.Database(url).close()
    yield make_url(url).database
    pgserver.drop_database(url)


@pytest.fixture
def db(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[store.Database]:
    """An empty workshop store on ``backend``: an SQLite file, or a fresh PostgreSQL database."""
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = pgserver.create_database(server, template=request.getfixturevalue("pg_migrated"))
        database = store.Database(url)
        yield database
        database.close()
        pgserver.drop_database(url)
        return
    database = store.Database(tmp_path / "test.sqlite")
    yield database
    database.close()


@dataclass
class WorkshopFixture:
    db: store.Database
    code: str
    key: str
    id: int


@pytest.fixture
def workshop(db: store.Database) -> WorkshopFixture:
    created = store.create_workshop(db, title="Green and blue centre", city="Gdansk", country="Poland",
                                    lat=54.352, lon=18.646)
    return WorkshopFixture(db=db, code=created.workshop.code, key=created.key, id=created.workshop.id)


@pytest.fixture(scope="session", autouse=True)
def _posts_unlimited_in_process() -> Iterator[None]:
    """Module and session fixtures post prepared data too, before any function fixture runs."""
    from facilitation.store import rates

    with rates.unlimited():
        yield


@pytest.fixture(autouse=True)
def _posts_unlimited(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests post prepared data at once: participants' post rates (store/rates.py) apply in this
    process only where a test checks them (test_fair_share); Voila kernels always apply them."""
    from facilitation.store import rates

    if request.module.__name__ == "test_fair_share":
        with rates.enforced():
            yield
        return
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("FACILITATION_POST_RATES", "off")  # scripts a test starts post at once too
    with rates.unlimited():
        yield
    monkeypatch.undo()


@dataclass
class VoilaServer:
    base: str
    db_url: str
    proc: subprocess.Popen

    def participant(self, code: str) -> str:
        return server.participant_link(self.base, code)

    def facilitator(self, code: str, key: str) -> str:
        return server.facilitator_link(self.base, code, key)

    def page(self, notebook: str, **params: str) -> str:
        return server.page_link(self.base, notebook, **params)


@pytest.fixture(scope="session")
def voila_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database file for the session's Voila server (tests create their own workshops in it)."""
    path = tmp_path_factory.mktemp("voila") / "browser.sqlite"
    store.Database(path).close()
    return str(path)


@pytest.fixture(scope="session")
def voila(voila_db: str) -> Iterator[VoilaServer]:
    """A Voila server started the way ``facilitation serve`` starts it, on a free port."""
    port = free_port()
    # A small preheated pool: browser tests open a few participant pages, not a room.
    options = server.ServeOptions(host="127.0.0.1", port=port, expected=2)
    log = (ARTIFACTS / "voila.log")
    ARTIFACTS.mkdir(exist_ok=True)
    with log.open("w") as fh:
        env = server.server_environment(options, voila_db)  # as serve runs it: the page template too
        proc = subprocess.Popen(server.voila_command(options), env=env, stdout=fh, stderr=subprocess.STDOUT,
                                cwd=str(options.notebook_dir))
    base = f"http://127.0.0.1:{port}/"
    if not server.wait_until_ready(base, proc, timeout=90):
        proc.kill()
        pytest.fail(f"Voila did not start; see {log}")
    yield VoilaServer(base=base, db_url=voila_db, proc=proc)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.hookimpl(tryfirst=True)  # before -m selects: `make test-fast` leaves out "not browser"
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: fast feedback first, and no Playwright loop around others.

    A test that asks for the ``browser`` fixture is a browser test even if its module forgot the mark.
    """
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


# Module scope, not session: Playwright's sync API keeps an asyncio loop running on the main
# thread while it is open, which breaks any later test that runs its own event loop.
@pytest.fixture(scope="module")
def browser():
    """A headless Debian Chromium driven by Playwright."""
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run should have installed it.")
        pytest.skip(f"Browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot under tests/artifacts/ (git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
