"""The ``facilitation`` command: a thin layer over the store and the exports.

Errors are one clear sentence on stderr with a non-zero exit, never a traceback for a
user mistake (a bad option, a missing workshop, a file that is not a database).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from sqlalchemy.exc import DBAPIError

from facilitation import store
from facilitation.domain.errors import FacilitationError
from facilitation.i18n import Translator, translator
from facilitation.store import agendas
from facilitation.store.db import error_line, hide_password

EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one sentence, no usage dump
        sys.stderr.write(f"facilitation: {message} (see 'facilitation --help').\n")
        raise SystemExit(EXIT_USER_ERROR)


def _print_secrets(code: str, key: str, t: Translator) -> None:
    # English by default, exactly as scripts read them (--lang translates the labels).
    print(t("Join code: {code}").format(code=code))
    print(t("Facilitator key: {key}").format(key=key))


def cmd_new(args: argparse.Namespace) -> int:
    with store.Database(args.db) as db:
        created = store.create_workshop(
            db, title=args.title, city=args.city, country=args.country or "", language=args.language,
            template=args.template, round=args.round, date=args.date, programme=args.programme,
        )
    _print_secrets(created.workshop.code, created.key, args.t)
    return 0


def cmd_round2(args: argparse.Namespace) -> int:
    with store.Database(args.db) as db:
        steps = [x for x in args.steps.split(",") if x.strip()] if args.steps is not None else None
        created = store.copy_round_two(db, args.code, title=args.title, date=args.date, steps=steps)
    _print_secrets(created.workshop.code, created.key, args.t)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from facilitation.demo import load_demo

    with store.Database(args.db) as db:
        code, key = load_demo(db, programmes=True, language=args.language)
    _print_secrets(code, key, args.t)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with store.Database(args.db) as db:
        for w in store.list_workshops(db):
            count = store.participant_count(db, w.id)
            when = w.date.isoformat() if w.date else "no date"
            country = f", {w.country}" if w.country else ""
            print(f"{w.code}  {w.title} — {w.city}{country} · round {w.round} · {w.language} · {when} · "
                  f"{count} participant(s)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from facilitation.outputs import export

    with store.Database(args.db) as db:
        if args.programme is not None:
            from facilitation.outputs.programme_export import export_programme

            if args.all or args.code:
                raise FacilitationError("Name either a programme or a workshop's join code, not both.")
            written = export_programme(db, args.programme, Path(args.to), with_names=args.with_names)
        elif args.all:
            written = export.export_all(db, Path(args.to), with_names=args.with_names)
        elif args.code:
            written = export.export_workshop(db, args.code, Path(args.to), with_names=args.with_names)
        else:
            raise FacilitationError("Name a workshop's join code, or use --all or --programme NAME.")
    print(args.t.ngettext("Wrote {n} file to {to}", "Wrote {n} files to {to}", len(written)).format(
        n=len(written), to=args.to))
    return 0


def cmd_programmes(args: argparse.Namespace) -> int:
    with store.Database(args.db) as db:
        for p in store.list_programmes(db):
            entries = store.programme_workshops(db, p.name)
            dates = sorted(e.workshop.date for e in entries if e.workshop.date)
            span = " – ".join(dict.fromkeys(d.isoformat() for d in (dates[0], dates[-1]))) if dates else "no dates"
            phases = f" · {len(p.phases)} phase(s)" if p.phases else ""
            print(f"{p.name}  {len(entries)} workshop(s){phases} · {p.language} · {span}")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from facilitation.store.forget import forget_participant

    with store.Database(args.db) as db:
        result = forget_participant(db, args.code, args.participant, remove_text=args.remove_text or ())
    print(result.summary())
    for place in result.mentions:
        print(f"Still mentioned in someone else's text: {place}")
    if result.note:
        sys.stderr.write(f"facilitation: {result.note}\n")
    return 0 if result.file_scrubbed or not result.note else 1


def cmd_import(args: argparse.Namespace) -> int:
    from facilitation.outputs.paper_input import import_file

    with store.Database(args.db) as db:
        result = import_file(db, args.code, Path(args.file), kind=args.kind)
    print(result.summary())
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    with store.Database(args.db) as db:
        for name, value in db.diagnostics().items():
            print(f"{name}: {value}")
        print(f"integrity: {db.integrity_check()}")
    return 0


def public_base(url: str) -> str:
    """``--public-url`` as the start of every link: http(s), ending with a slash."""
    if not url.startswith(("http://", "https://")):
        raise FacilitationError("--public-url must start with http:// or https:// (got {url!r}).", url=url)
    return url if url.endswith("/") else url + "/"


def cmd_serve(args: argparse.Namespace) -> int:
    from facilitation.domain.links import organiser_link
    from facilitation.serve import launcher as server
    from facilitation.serve import supervise

    with store.Database(args.db) as db:
        if not store.list_workshops(db):
            from facilitation.demo import load_demo

            load_demo(db)
        workshops = [store.get_workshop(db, c) for c in args.codes] if args.codes else store.list_workshops(db)
        # Keys are made once and kept in the operator's private keyring (the store has only their
        # hashes): a restart prints the same links; --new-links replaces them on purpose.
        from facilitation.serve.keyring import serve_keys

        served = serve_keys(db, [w.code for w in workshops], renew=args.new_links)
        keys, organiser_key = served.workshops, served.organiser
        url = db.url
    from facilitation.serve import proxy, workers

    prefix = proxy.worker_prefix(args.worker_number) if args.worker_number else ""
    options = server.ServeOptions(host=args.host, port=args.port, expected=args.expected, kernel_id_prefix=prefix)
    listen = server.listen_url(args.host, args.port)
    # Links name the address people open (a proxy with TLS, a DNS name), not where Voila listens.
    base = public_base(args.public_url) if args.public_url else listen
    # SIGTERM (service managers), SIGHUP (a closed terminal) and Ctrl+C all stop Voila and
    # every kernel through the same path, so the port is free for the next serve.
    with supervise.stop_signals():
        family = None
        try:
            if args.workers > 1:  # N servers behind HAProxy on --host/--port (facilitation.serve.workers)
                family = workers.serve(options, args.workers, url, quiet=not args.verbose,
                                       first=args.worker_number or 1)
                ready = family.wait_until_ready(listen, timeout=180)
            else:
                family = supervise.Family(server.start(options, url, quiet=not args.verbose))
                ready = server.wait_until_ready(listen, family.proc, timeout=120)
            if not ready:
                raise FacilitationError(
                    "The server did not start on port {port} (is the port already in use? try --port).", port=args.port)
            for w in workshops:
                print(f"Workshop {w.code}: {w.title} — {w.city}")
                print(f"Participant link: {server.participant_link(base, w.code)}")
                print(f"Facilitator link: {server.facilitator_link(base, w.code, keys[w.code])}")
            print(f"Organiser link: {organiser_link(base, organiser_key)}")
            print("Press Ctrl+C to stop the server.", flush=True)
            code = family.wait()
            raise FacilitationError(
                "The Voila server stopped on its own (exit code {code}), so the workshop links no longer "
                "work; start it again with 'facilitation serve' (add --verbose to see its log).", code=code)
        except KeyboardInterrupt:
            print("Stopping the server…", flush=True)
            return 0
        finally:
            if family is not None:
                family.stop(server.STOP_GRACE)


def cmd_organiser_keys(args: argparse.Namespace) -> int:
    """List, revoke or add server-wide organiser keys (a new key is printed once, as its link)."""
    from facilitation.domain.links import organiser_link

    t = args.t
    with store.Database(args.db) as db:
        if args.action == "list":
            for k in store.list_organiser_keys(db):
                state = t("revoked {when}").format(when=f"{k.revoked_at:%Y-%m-%d %H:%M}") if k.revoked_at else t("valid")
                print(f"{k.id}  {k.label or '-'} · {k.created_at:%Y-%m-%d %H:%M} · {state}")
        elif args.action == "revoke":
            if args.id is None:
                raise FacilitationError("Name the number of the organiser key to revoke (see 'facilitation organiser-keys list').")
            store.revoke_organiser_key(db, args.id, local=True)
            print(t("Organiser key {id} revoked; its open pages close.").format(id=args.id))
        else:
            key = store.issue_organiser_key(db, label=args.label)
            base = public_base(args.public_url) if args.public_url else "http://127.0.0.1:8866/"
            print(f"Organiser link: {organiser_link(base, key)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="facilitation", description="Run and review city peer-learning workshops.")
    parser.add_argument("--db", default=None, help="database URL or SQLite file (env FACILITATION_DB; "
                                                   "default data/facilitation.sqlite)")
    parser.add_argument("--lang", default=None, metavar="LANG",
                        help="language of the messages (en, pl); English by default")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, required=True)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", default=argparse.SUPPRESS, help="database URL or SQLite file")
        p.add_argument("--lang", default=argparse.SUPPRESS, metavar="LANG", help="language of the messages")
        p.set_defaults(func=func)
        return p

    p = add("new", cmd_new, "Create a workshop and print its join code and facilitator key.")
    p.add_argument("--title", required=True)
    p.add_argument("--city", required=True)
    p.add_argument("--country", default="")
    p.add_argument("--language", default="en", help="en or pl")
    p.add_argument("--template", default=agendas.DEFAULT_TEMPLATE, metavar="NAME",
                   help="agenda template: " + ", ".join(agendas.COMMAND_LINE_NAMES) + " (also "
                        + ", ".join(n for n in agendas.known_names() if n not in agendas.COMMAND_LINE_NAMES)
                        + ", or a YAML file)")
    p.add_argument("--round", type=int, default=1)
    p.add_argument("--date", default=None, help="YYYY-MM-DD")
    p.add_argument("--programme", default=None, help="programme the workshop belongs to")

    p = add("round2", cmd_round2, "Create the next round's workshop from CODE (challenge, map, groups, ideas with "
                                  "their votes, people who chose to be recognised) and print its join code and key.")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--title", default=None)
    p.add_argument("--date", default=None, help="YYYY-MM-DD")
    p.add_argument("--steps", default=None, metavar="a,b,c",
                   help="the steps round 2 runs, e.g. scenarios,stakeholders,scoring,feedback "
                        "(default: every step of CODE's agenda but the welcome)")

    p = add("demo", cmd_demo, "Load the demo workshop and the demo programmes (idempotent) and print the "
                              "workshop's join code and a facilitator key.")
    p.add_argument("--language", default="en", help="en or pl: the demo workshop's language (each has its own join code)")
    add("list", cmd_list, "List workshops, one line each, beginning with the join code.")
    add("programmes", cmd_programmes, "List programmes, one line each, beginning with the name.")
    add("doctor", cmd_doctor, "Print facts about the database (SQLite version, schema, integrity).")

    p = add("serve", cmd_serve, "Serve workshops with Voila and print the participant and facilitator links.")
    p.add_argument("codes", nargs="*", metavar="CODE")
    p.add_argument("--host", default="127.0.0.1", help="0.0.0.0 lets devices in the room join")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--expected", type=int, default=30, help="participants expected (sizes the kernel pool)")
    p.add_argument("--verbose", action="store_true", help="show Voila's log")
    p.add_argument("--workers", type=int, default=1,
                   help="Voila servers on this host behind HAProxy on --host/--port (they use the next ports)")
    p.add_argument("--public-url", default=None, metavar="URL",
                   help="the address people open, used in the printed links (e.g. https://workshop.example.org/)")
    p.add_argument("--worker-number", type=int, default=0, metavar="NUMBER",
                   help="this server's number behind a proxy shared by several hosts (with --workers: "
                        "the first of the numbers; docs/deploy.md)")
    p.add_argument("--new-links", action="store_true",
                   help="replace the facilitator and organiser links made by an earlier run (they stop working) "
                        "and print the new ones; without it serve reuses them")

    p = add("organiser-keys", cmd_organiser_keys, "List, revoke or add organiser keys (the organiser page's link).")
    p.add_argument("action", choices=("list", "revoke", "new"))
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="the key's number (revoke)")
    p.add_argument("--label", default="", help="a label for the new key (new)")
    p.add_argument("--public-url", default=None, metavar="URL", help="the address in the printed link (new)")

    p = add("export", cmd_export, "Write a workshop's data files (CSV, XLSX, GeoJSON, HTML report).")
    p.add_argument("code", nargs="?", metavar="CODE")
    p.add_argument("--all", action="store_true", help="every workshop, one tidy table per entity")
    p.add_argument("--programme", default=None, metavar="NAME",
                   help="a programme: calendar, venues, tables and each workshop's files")
    p.add_argument("--to", required=True, metavar="DIR")
    p.add_argument("--with-names", action="store_true", help="include participants' display names")

    p = add("forget", cmd_forget, "Erase a participant's name (and free text on request) from a workshop.")
    p.add_argument("code", metavar="CODE")
    p.add_argument("participant", metavar="PARTICIPANT", help="the participant's number, pseudonym or name")
    p.add_argument("--remove-text", action="append", choices=("feedback", "ideas", "stakeholders", "questions", "notes",
                                                              "all"),
                   help="also remove this free text of theirs (repeatable)")

    p = add("import", cmd_import, "Import ideas or scores from paper input (CSV or XLSX with the export's columns).")
    p.add_argument("code", metavar="CODE")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--kind", choices=("ideas", "scores"), default=None,
                   help="what the file holds (default: recognised from its columns or sheet names)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.t = translator(args.lang)
    try:
        return int(args.func(args) or 0)
    except FacilitationError as exc:
        sys.stderr.write(f"facilitation: {args.t.error(exc)}\n")
        return EXIT_USER_ERROR
    except DBAPIError as exc:  # the server went away or refused mid-command: one line, never the password
        url = store.resolve_url(getattr(args, "db", None))
        sys.stderr.write(f"facilitation: the database at {hide_password(url)} failed: {error_line(exc, url)}\n")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
