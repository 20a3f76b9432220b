"""`python main.py sync ...` end to end: two people on one machine, separate keys and databases."""

from __future__ import annotations

from pathlib import Path

from caseworker_app.app import main
from caseworker_app.clock import FixedClock
from caseworker_app.codes import OfficerRole
from caseworker_app.db.store import open_database
from caseworker_app.services import Services


def person(folder: Path, name: str, role: OfficerRole, clock: FixedClock) -> Path:
    path = folder / f"{name}.db"
    database = open_database(path, clock).database
    Services.build(database, None).reference.create_profile(name.title(), role)
    database.dispose()
    return path


def run(capsys, folder: Path, who: str, *args: str) -> tuple[int, str, str]:
    status = main(["--identity", str(folder / f"{who}-keys"), "sync", "--db",
                   str(folder / f"{who}.db"), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def fingerprint(capsys, folder: Path, who: str) -> str:
    _status, out, _err = run(capsys, folder, who, "status")
    return next(line.split(": ", 1)[1] for line in out.splitlines()
                if line.startswith("Your fingerprint"))


def test_join_roster_export_import_from_the_shell(tmp_path, capsys, clock) -> None:
    person(tmp_path, "lead", OfficerRole.LEAD, clock)
    person(tmp_path, "alice", OfficerRole.CASE_OFFICER, clock)
    assert run(capsys, tmp_path, "lead", "start-team")[0] == 0
    join = tmp_path / "alice.cwjoin"
    assert run(capsys, tmp_path, "alice", "join-request", str(join))[0] == 0
    status, _out, err = run(capsys, tmp_path, "lead", "add-member", str(join),
                            "--fingerprint", "00000 11111")
    assert status == 1 and "does not match" in err  # the digits must be compared
    alice_digits = fingerprint(capsys, tmp_path, "alice")
    assert run(capsys, tmp_path, "lead", "add-member", str(join),
               "--fingerprint", alice_digits.replace(" ", ""))[0] == 0
    roster = tmp_path / "team.cwroster"
    assert run(capsys, tmp_path, "lead", "roster", str(roster))[0] == 0
    status, _out, err = run(capsys, tmp_path, "alice", "accept-roster", str(roster))
    assert status == 1 and "Check those digits" in err  # first roster: lead's digits needed
    lead_digits = fingerprint(capsys, tmp_path, "lead")
    assert run(capsys, tmp_path, "alice", "accept-roster", str(roster),
               "--fingerprint", lead_digits)[0] == 0
    out_dir = tmp_path / "usb"
    status, out, _err = run(capsys, tmp_path, "alice", "export", "--to", "Lead", "--out",
                            str(out_dir))
    assert status == 0 and "for Lead" in out
    [sent] = out_dir.glob("*.cwsync")
    status, out, _err = run(capsys, tmp_path, "lead", "import", str(sent))
    assert status == 0 and "from Alice: 1 new batch" in out
    status, out, _err = run(capsys, tmp_path, "lead", "import", str(sent))
    assert status == 0 and "already imported" in out
    sent.write_bytes(sent.read_bytes()[:-10])
    status, _out, err = run(capsys, tmp_path, "lead", "import", str(sent))
    assert status == 1 and "refused (" in err


def test_sync_needs_a_profile(tmp_path, capsys, clock) -> None:
    open_database(tmp_path / "empty.db", clock).database.dispose()
    status = main(["--identity", str(tmp_path / "k"), "sync", "--db",
                   str(tmp_path / "empty.db"), "status"])
    assert status == 1 and "no profile" in capsys.readouterr().err

