"""The command line: the lines of the UI contract, one-sentence errors, serve prints links."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from facilitation import cli, store


def run(*args: str, db=None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "facilitation.cli"] + (["--db", str(db)] if db else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def secrets_of(output: str) -> tuple[str, str]:
    code = re.search(r"^Join code: (\S+)$", output, re.M).group(1)
    key = re.search(r"^Facilitator key: (\S+)$", output, re.M).group(1)
    return code, key


def test_new_prints_code_and_key_and_list_starts_with_code(tmp_path):
    db = tmp_path / "cli.sqlite"
    out = run("new", "--title", "Car-free centre", "--city", "Athens", "--country", "Greece", "--language", "pl",
              db=db)
    assert out.returncode == 0, out.stderr
    code, key = secrets_of(out.stdout)
    with store.Database(db) as database:
        w = store.get_workshop(database, code)
        assert (w.city, w.country, w.language) == ("Athens", "Greece", "pl")
        assert store.is_facilitator(database, code, key)
    listed = run("list", db=db)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[0].startswith(code + " ")


def test_db_option_works_after_the_command_and_from_the_environment(tmp_path):
    db = tmp_path / "after.sqlite"
    assert run("new", "--title", "T", "--city", "Vienna", "--db", str(db)).returncode == 0
    env = dict(os.environ, FACILITATION_DB=str(db))
    out = subprocess.run([sys.executable, "-m", "facilitation.cli", "list"], capture_output=True, text=True, env=env)
    assert "Vienna" in out.stdout


def test_demo_is_idempotent_and_prints_both_lines(tmp_path):
    db = tmp_path / "demo.sqlite"
    first, second = run("demo", db=db), run("demo", db=db)
    assert first.returncode == second.returncode == 0
    code1, key1 = secrets_of(first.stdout)
    code2, key2 = secrets_of(second.stdout)
    assert code1 == code2 == "GDANSK" and key1 != key2
    with store.Database(db) as database:
        # The demo workshop once, and the demo programmes' workshops once (issue 13).
        assert len(store.list_workshops(database)) == 1 + sum(
            len(store.programme_workshops(database, p.name)) for p in store.list_programmes(database)
            if p.name != "Integrated urban planning exchange")
        assert len(store.list_programmes(database)) == 4
        w = store.get_workshop(database, code1)
        assert store.is_facilitator(database, code1, key1) and store.is_facilitator(database, code1, key2)
        assert len(store.list_ideas(database, w.id)) >= 5
        assert len(store.list_scenarios(database, w.id)) >= 2
        assert store.list_features(database, w.id) and store.list_stakeholders(database, w.id)
        assert store.list_scores(database, w.id) and store.list_feedback(database, w.id)


@pytest.mark.parametrize(
    "args, words",
    [
        (["new", "--city", "Sofia"], "required: --title"),
        (["new", "--title", "T", "--city", "Sofia", "--language", "xx"], "language"),
        (["new", "--title", "T", "--city", "Sofia", "--template", "nope"], "no workshop template"),
        (["new", "--title", "T", "--city", "Sofia", "--date", "yesterday"], "not a date"),
        (["export", "NOPE99", "--to", "out"], "no workshop with the join code"),
        (["serve", "NOPE99"], "no workshop with the join code"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_user_mistakes_give_one_sentence_and_no_traceback(tmp_path, args, words):
    out = run(*args, db=tmp_path / "errors.sqlite")
    assert out.returncode != 0
    assert words in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_not_a_database_file_is_refused_and_left_byte_for_byte(tmp_path):
    path = tmp_path / "minutes.docx"
    path.write_bytes(b"PK\x03\x04 not a database " * 100)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for command in (["list"], ["demo"], ["new", "--title", "T", "--city", "Gdansk"], ["doctor"]):
        out = run(*command, db=path)
        assert out.returncode != 0
        assert "not a workshop database" in out.stderr and "Traceback" not in out.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_doctor_reports_sqlite_version(tmp_path):
    out = run("doctor", db=tmp_path / "doc.sqlite")
    assert out.returncode == 0
    assert re.search(r"^sqlite_version: 3\.\d+", out.stdout, re.M)
    assert "integrity: ok" in out.stdout


def test_parser_has_db_on_every_command():
    parser = cli.build_parser()
    for name in ("new", "demo", "list", "serve", "export", "doctor"):
        sub = parser._subparsers._group_actions[0].choices[name]
        assert any("--db" in a.option_strings for a in sub._actions), name


@pytest.mark.slow
def test_serve_prints_links_and_the_participant_page_answers(tmp_path):
    from conftest import free_port

    db = tmp_path / "serve.sqlite"
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "facilitation.cli", "--db", str(db), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        started = time.monotonic()
        lines = []
        while not any(line.startswith("Facilitator link: ") for line in lines):
            line = proc.stdout.readline()
            assert line, f"serve exited: {proc.stderr.read()[-2000:]}"
            lines.append(line.strip())
        participant = next(x for x in lines if x.startswith("Participant link: ")).split(": ", 1)[1]
        facilitator = next(x for x in lines if x.startswith("Facilitator link: ")).split(": ", 1)[1]
        assert participant.startswith(f"http://127.0.0.1:{port}/") and "code=GDANSK" in participant
        assert "key=" not in participant and "key=" in facilitator and "code=GDANSK" in facilitator
        with urllib.request.urlopen(participant, timeout=60) as response:
            assert response.status == 200
        assert time.monotonic() - started < 60
        key = re.search(r"key=([^&]+)", facilitator).group(1)
        with store.Database(db) as database:
            assert store.is_facilitator(database, "GDANSK", urllib.request.unquote(key))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_a_malformed_database_url_is_one_sentence_in_every_command(tmp_path):
    for command in (["doctor"], ["list"], ["new", "--title", "T", "--city", "Gdansk"], ["serve"], ["export", "X", "--to", str(tmp_path)]):
        out = run(*command, db="postgresql://kit:s3cret@db.example.org:abc/workshops")
        assert out.returncode == 2, (command, out.stderr)
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
        assert "is malformed" in out.stderr and "s3cret" not in out.stderr and "kit:***@" in out.stderr
