"""`python main.py sync ...`: the Sync screen's work from a shell (no window, no Qt).

    sync status                         who you are, your team, what is waiting to be sent
    sync join-request FILE              write a request to join the lead officer's team
    sync start-team                     (lead) start a team with yourself as its lead
    sync add-member FILE --fingerprint DIGITS [--role officer|lead]
                                        (lead) add the person who sent a join request, after
                                        reading their fingerprint to them by phone
    sync remove-member NAME             (lead) remove someone for good
    sync roster FILE                    (lead) write the signed roster for members to import
    sync accept-roster FILE [--fingerprint DIGITS]
                                        import the lead's roster (the first time, with the
                                        lead's fingerprint as they read it to you)
    sync export (--to NAME | --all) [--out FOLDER]
    sync import FILE [FILE ...]         in any order; each is all or nothing
    sync conflicts                      what needs a person to decide (decide on the Sync tab)

Every refusal prints which check failed and exits with status 1; the database is unchanged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseworker_app.errors import CaseworkerError
from caseworker_app.services import Services

ROLES = {"officer": "officer", "lead": "lead"}


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `sync` and its subcommands."""
    sync = commands.add_parser("sync", help="exchange changes with your team by file",
                               description=__doc__,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    sync.add_argument("--db", type=Path, default=None, dest="sync_db",
                      help="database file (default: the app's own database)")
    actions = sync.add_subparsers(dest="sync_command", required=True)
    actions.add_parser("status", help="who you are, your team, what waits to be sent")
    join = actions.add_parser("join-request", help="write a request to join a team")
    join.add_argument("file", type=Path)
    actions.add_parser("start-team", help="(lead) start a team")
    add = actions.add_parser("add-member", help="(lead) add someone from their join request")
    add.add_argument("file", type=Path)
    add.add_argument("--fingerprint", required=True,
                     help="the digits the person read to you (spaces optional)")
    add.add_argument("--role", choices=sorted(ROLES), default="officer")
    remove = actions.add_parser("remove-member", help="(lead) remove someone for good")
    remove.add_argument("name")
    roster = actions.add_parser("roster", help="(lead) write the signed roster file")
    roster.add_argument("file", type=Path)
    accept = actions.add_parser("accept-roster", help="import the lead's roster")
    accept.add_argument("file", type=Path)
    accept.add_argument("--fingerprint", help="the lead's digits (needed the first time)")
    export = actions.add_parser("export", help="write a change file for a team member")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", help="the member's name (or id)")
    target.add_argument("--all", action="store_true", help="one file for every member")
    export.add_argument("--out", type=Path, default=Path.cwd(), help="folder (default: here)")
    take = actions.add_parser("import", help="import change files")
    take.add_argument("files", type=Path, nargs="+")
    actions.add_parser("conflicts", help="list what needs a person to decide")


def _n(count: int, noun: str) -> str:
    """'1 batch', '2 batches', '1,204 changes'."""
    plural = noun + ("es" if noun.endswith(("ch", "s")) else "s")
    return f"{count:,} {noun if count == 1 else plural}"


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def run_sync(args: argparse.Namespace, services: Services) -> int:
    """Run one `sync` subcommand against built services; returns the exit status."""
    sync = services.sync
    out = sys.stdout
    try:
        command = args.sync_command
        if command == "status":
            status = sync.status()
            print(f"You: {status.my_name or '(no profile yet)'}", file=out)
            print(f"Your fingerprint: {status.my_fingerprint}", file=out)
            print(f"Keys: {status.key_file}", file=out)
            if status.team_id is None:
                print("Not on a team yet.", file=out)
                return 0
            print(f"Team roster version {status.roster_version}:", file=out)
            for m in status.members:
                gone = " (removed)" if m.revoked_at else ""
                print(f"  {m.name:<24} {m.role:<8} {m.fingerprint}{gone}", file=out)
            if status.joined:
                for row in sync.outbox():
                    scope = " (their cases only)" if row.limited_to_their_cases else ""
                    print(f"  to {row.name}: {_n(row.to_send, 'change batch')} to send{scope}",
                          file=out)
            conflicts, waiting = sync.counts()
            print(f"Needs attention: {_n(conflicts, 'conflict')}, "
                  f"{_n(waiting, 'record')} waiting.",
                  file=out)
        elif command == "join-request":
            args.file.write_bytes(sync.join_request())
            print(f"Wrote {args.file}. Send it to your lead officer, then read them your "
                  f"fingerprint: {sync.status().my_fingerprint}", file=out)
        elif command == "start-team":
            roster = sync.start_team()
            print(f"Started team {roster.team_id} with you as its lead.", file=out)
        elif command == "add-member":
            data = args.file.read_bytes()
            preview = sync.read_join_request(data)
            if _digits(args.fingerprint) != _digits(preview.fingerprint):
                print(f"The fingerprint you typed does not match {preview.name}'s request "
                      f"({preview.fingerprint}). Not added: check with them by phone.",
                      file=sys.stderr)
                return 1
            sync.add_member(data, ROLES[args.role])
            print(f"Added {preview.name} as {args.role}. Now send them the roster "
                  "(sync roster FILE).", file=out)
        elif command == "remove-member":
            roster = sync.roster()
            matches = [m for m in (roster.members if roster else ())
                       if m.name == args.name or str(m.member_id) == args.name]
            if len(matches) != 1:
                print(f"No single team member is called {args.name!r}.", file=sys.stderr)
                return 1
            sync.revoke_member(matches[0].member_id)
            print(f"Removed {matches[0].name}: their new files will be refused.", file=out)
        elif command == "roster":
            args.file.write_bytes(sync.roster_file())
            print(f"Wrote {args.file}.", file=out)
        elif command == "accept-roster":
            data = args.file.read_bytes()
            preview = sync.preview_roster(data)
            if preview.first and (args.fingerprint is None or
                                  _digits(args.fingerprint) != _digits(
                                      preview.issuer_fingerprint)):
                print(f"This roster was signed by {preview.issuer_name} with fingerprint "
                      f"{preview.issuer_fingerprint}. Check those digits with them by phone, "
                      "then run again with --fingerprint.", file=sys.stderr)
                return 1
            roster = sync.accept_roster(data)
            print(f"Accepted roster version {roster.version} "
                  f"({', '.join(preview.member_names)}).", file=out)
        elif command == "export":
            roster = sync.roster()
            members = [m for m in (roster.members if roster else ()) if not m.revoked
                       and m.member_id != services.sync.author_id]
            if not args.all:
                members = [m for m in members if m.name == args.to or str(m.member_id) == args.to]
                if len(members) != 1:
                    print(f"No single team member is called {args.to!r}.", file=sys.stderr)
                    return 1
            for member in members:
                result = sync.export_for(member.member_id, args.out)
                print(f"{result.path}: {_n(result.batches, 'batch')} "
                      f"({_n(result.changes, 'change')}, "
                      f"{result.size_bytes / 1024:,.0f} KB) for {result.recipient_name}",
                      file=out)
                if result.unresolved_conflicts:
                    print(f"  Note: {_n(result.unresolved_conflicts, 'conflict')} not resolved "
                          "yet; they travel as they are.", file=out)
        elif command == "import":
            status = 0
            for path in args.files:
                try:
                    report = sync.import_file(path)
                except CaseworkerError as exc:
                    check = getattr(exc, "check", "error")
                    print(f"{path}: refused ({check}): {exc}", file=sys.stderr)
                    status = 1
                    continue
                if report.already_imported_on is not None:
                    print(f"{path}: already imported on "
                          f"{report.already_imported_on:%d %B %Y %H:%M}; nothing changed.",
                          file=out)
                    continue
                print(f"{path}: from {report.sender_name}: "
                      f"{_n(report.new_batches, 'new batch')} "
                      f"({_n(report.changes, 'change')}), {report.known_batches:,} already "
                      f"here, {_n(report.conflicts_opened, 'conflict')} opened, "
                      f"{_n(report.waiting, 'record')} waiting. Backup: {report.backup}",
                      file=out)
                if report.clock_warning:
                    print(f"  {report.clock_warning}", file=out)
            return status
        elif command == "conflicts":
            for conflict in sync.conflicts():
                values = " | ".join(f"{v.text} ({v.author_name}, {v.at:%d %b %H:%M})"
                                    for v in conflict.values)
                print(f"{conflict.case_label} / {conflict.record_label} / "
                      f"{conflict.field_label}: {values}", file=out)
    except CaseworkerError as exc:
        check = getattr(exc, "check", None)
        prefix = f"refused ({check}): " if check else ""
        print(f"caseworker sync: {prefix}{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"caseworker sync: {exc}", file=sys.stderr)
        return 1
    return 0

