"""Two Voila servers behind HAProxy sharing one PostgreSQL: one room, pages on both servers.

``facilitation serve --workers 2`` as an operator runs it (:func:`facilitation.serve.workers.serve`):
six Chromium pages join through the proxy and land on both servers (each page's kernel id
starts with its server's prefix); an idea from each page reaches all five others, whichever
server they are on; a reloaded page comes back with its identity, and its shutdown beacon
reaches the server that holds its old kernel (that kernel is gone seconds later, not after
the culler's 75 s); a closed page's beacon does the same. Skips with a message without
HAProxy, PostgreSQL or Chromium; in CI (``CI`` set) .ci/run installs them, so a missing one fails.
``FACILITATION_TEST_VERBOSE=1`` (with ``-s``) shows the servers' logs and HAProxy's request log.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest
from conftest import screenshot
from fixtures_ui import set_step

from benchmarks.harness import arm, free_port_run, seen_after
from facilitation import cli, store
from facilitation.domain.errors import FacilitationError
from facilitation.serve import launcher, proxy, workers

PAGES = 6
LOAD_TIMEOUT = 120_000  # two servers, PostgreSQL and six Chromium pages share two cores
WAIT = 15_000
BEACON_WAIT = 20.0  # seconds for a shut-down kernel's process to be gone (the culler takes 75+)



def kernel_ids(family) -> set[str]:
    """Ids of the kernels a Voila server runs now (from their ``kernel-ID.json`` argument)."""
    ids = set()
    try:
        children = psutil.Process(family.proc.pid).children(recursive=True)
    except psutil.Error:
        return ids
    for child in children:
        try:
            for arg in child.cmdline():
                if "kernel-" in arg and arg.endswith(".json"):
                    ids.add(arg.rsplit("kernel-", 1)[1][:-5])
        except psutil.Error:
            continue
    return ids


def page_kernel(page) -> str:
    """The id of the kernel behind a Voila page (in the page's own configuration)."""
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def wait_gone(family, kernel_id: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if kernel_id not in kernel_ids(family):
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def haproxy() -> str:
    binary = proxy.haproxy_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("HAProxy is missing; .ci/run should have installed it (apt-get install haproxy).")
        pytest.skip("Two-server test skipped: HAProxy is not installed (apt-get install haproxy).")
    return binary


def test_each_server_gets_its_ports_prefix_and_share_of_the_room():
    servers = workers.worker_options(launcher.ServeOptions(host="0.0.0.0", port=8866, expected=25), 2)
    assert [(s.host, s.port, s.kernel_id_prefix) for s in servers] == [("127.0.0.1", 8867, "0001"),
                                                                       ("127.0.0.1", 8868, "0002")]
    assert [s.expected for s in servers] == [13, 13] and all(s.servers_on_host == 2 for s in servers)
    assert "--RoomKernelManager.kernel_id_prefix=0002" in launcher.voila_command(servers[1])
    assert not any("kernel_id_prefix" in a for a in launcher.voila_command(launcher.ServeOptions()))
    with pytest.raises(FacilitationError):
        proxy.worker_prefix(0)


def test_kernel_ids_carry_the_server_prefix_and_stay_routable():
    from jupyter_server.services.kernels.handlers import _kernel_id_regex

    from facilitation.serve.kernel_manager import RoomKernelManager

    ids = {RoomKernelManager(kernel_id_prefix="0002").new_kernel_id() for _ in range(50)}
    assert len(ids) == 50 and all(i.startswith("0002") and len(i) == 36 for i in ids)
    assert all(re.fullmatch(_kernel_id_regex, i) for i in ids)  # jupyter_server's routes still match


def test_haproxy_configuration_routes_kernel_paths_by_prefix(tmp_path):
    backends = [proxy.Backend(1, "127.0.0.1", 8867), proxy.Backend(2, "127.0.0.1", 8868)]
    text = proxy.render_haproxy("127.0.0.1", 8866, backends)
    assert "balance leastconn" in text and "timeout tunnel" in text
    # Ready (200) only once every server is marked up: before that HAProxy answers pages with 503.
    assert f"monitor-uri {proxy.READY_PATH}" in text and "monitor fail if { nbsrv(voila) lt 2 }" in text
    for b in backends:
        route = f"use-server {b.name} if {{ path_reg ^/(api/kernels|voila/api/shutdown)/{b.prefix} }}"
        assert route in text and f"server {b.name} {b.host}:{b.port}" in text
    binary = proxy.haproxy_binary()
    if binary:  # HAProxy itself accepts it (TLS variant needs a certificate file: checked by render only)
        (tmp_path / "h.cfg").write_text(text)
        check = subprocess.run([binary, "-c", "-f", str(tmp_path / "h.cfg")],
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stderr


def test_shipped_haproxy_cfg_is_what_the_renderer_prints(capsys):
    shipped = Path(__file__).resolve().parents[1] / "deploy" / "haproxy.cfg"
    proxy.main(["--system", "--listen", "0.0.0.0:443", "--tls-cert", "/etc/haproxy/certs/workshop.pem",
                "1=10.0.0.11:8866", "2=10.0.0.12:8866", "3=10.0.0.12:8867"])
    assert capsys.readouterr().out == shipped.read_text()


def test_public_url_names_the_links():
    assert cli.public_base("https://workshop.example.org") == "https://workshop.example.org/"
    with pytest.raises(FacilitationError):
        cli.public_base("workshop.example.org")


@pytest.mark.browser
@pytest.mark.scaleout
def test_two_servers_behind_haproxy_share_one_room(haproxy, pg_url, browser):
    with store.Database(pg_url) as db:
        created = store.create_workshop(db, title="Harbour district", city="Gdynia", country="Poland")
        code, key = created.workshop.code, created.key
        set_step(db, code, key, "brainstorm")
    port = free_port_run(2)
    options = launcher.ServeOptions(host="127.0.0.1", port=port, expected=PAGES)
    room = workers.serve(options, 2, pg_url, quiet=not os.environ.get("FACILITATION_TEST_VERBOSE"))
    contexts = []
    try:
        front = launcher.listen_url("127.0.0.1", port)
        assert room.wait_until_ready(front, timeout=180), "the servers or HAProxy did not start"
        families = {proxy.worker_prefix(n): room.families[f"server {n}"] for n in (1, 2)}
        link = launcher.participant_link(front, code)

        # The six pages load at once (a room arriving; the browser loads them side by side),
        # then each joins.
        pages = []
        for n in range(PAGES):
            context = browser.new_context(viewport={"width": 420, "height": 900})
            contexts.append(context)
            page = context.new_page()
            page.goto(link, timeout=LOAD_TIMEOUT, wait_until="commit")
            pages.append(page)
        for n, page in enumerate(pages):
            page.locator(".fk-join-name input").wait_for(timeout=LOAD_TIMEOUT)
            page.fill(".fk-join-name input", f"Person {n + 1}")
            page.click(".fk-join-submit")
        for page in pages:
            page.locator(".fk-view-brainstorm").wait_for(timeout=LOAD_TIMEOUT)

        # Every page's kernel runs on the server its id names; the pages are on both servers.
        kernels = [page_kernel(p) for p in pages]
        for kid in kernels:
            assert kid in kernel_ids(families[kid[:4]]), f"kernel {kid} is not on the server its prefix names"
        spread = Counter(kid[:4] for kid in kernels)
        print(f"pages per server: {dict(spread)}")
        assert set(spread) == set(families), f"all pages landed on one server: {dict(spread)}"

        # An idea from each page reaches all the others, across servers.
        for n, page in enumerate(pages):
            title = f"Shade trees on street {n + 1}"
            others = [p for p in pages if p is not page]
            arm(others, title, ".fk-idea-card-title", title)
            page.fill(".fk-idea-title input", title)
            page.fill(".fk-idea-description textarea", f"From page {n + 1} on server {kernels[n][:4]}.")
            page.select_option(".fk-idea-scale select", index=1 + n % 2)
            page.select_option(".fk-idea-driver select", index=1 + n // 3)
            t0 = page.evaluate("Date.now()")
            page.click(".fk-idea-submit")
            times = seen_after(others, title, t0, WAIT)
            print(f"idea from server {kernels[n][:4]} on the 5 other pages: max {max(times):.2f} s")
        for page in pages:
            assert page.locator(".fk-wall .fk-idea-card-title").count() == PAGES
        screenshot(pages[0], "workers-two-servers")

        # A reload: the old kernel's beacon reaches its server (the kernel goes now, not at culling);
        # the new page keeps the participant and reaches the server of its new kernel.
        reloaded, old = pages[1], kernels[1]
        reloaded.reload(timeout=LOAD_TIMEOUT)
        reloaded.locator(".fk-view-brainstorm").wait_for(timeout=LOAD_TIMEOUT)
        assert "Person 2" in reloaded.locator(".fk-whoami").inner_text()
        assert reloaded.locator(".fk-wall .fk-idea-card-title").count() == PAGES
        new = page_kernel(reloaded)
        assert new != old and new in kernel_ids(families[new[:4]])
        assert wait_gone(families[old[:4]], old, BEACON_WAIT), f"the reload's beacon did not stop kernel {old}"

        # A closed page: its beacon reaches its server too.
        closing = next(i for i in range(2, PAGES) if kernels[i][:4] != old[:4])
        pages[closing].close(run_before_unload=True)
        gone = kernels[closing]
        assert wait_gone(families[gone[:4]], gone, BEACON_WAIT), f"the close beacon did not stop kernel {gone}"
    finally:
        for context in contexts:
            if context.pages:
                screenshot(context.pages[0], "workers-last-page")
                break
        for context in contexts:
            context.close()
        room.stop(launcher.STOP_GRACE)
    assert not any(f.alive() for f in room.families.values()), "a server, kernel or the proxy outlived stop()"
