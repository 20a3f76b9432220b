"""A real team for service tests: a lead and two officers, each with their own database,
keys and roster membership, exchanging real encrypted change files through a folder."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from caseworker_app.clock import FixedClock
from caseworker_app.codes import Need, OfficerRole, Sex
from caseworker_app.db.store import open_database
from caseworker_app.entities import NewCase
from caseworker_app.services import Services

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Member:
    """One person's installation: database, keys folder, services acting as them."""

    def __init__(self, folder: Path, name: str, role: OfficerRole,
                 officer_id: uuid.UUID | None = None) -> None:
        self.name = name
        self.folder = folder / name.lower()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.clock = FixedClock(START)
        self.database = open_database(self.folder / "caseworker.db", self.clock).database
        self.services = Services.build(self.database, None, identity=self.folder / "identity")
        if officer_id is None:
            officer_id = self.services.reference.create_profile(name, role).id
        else:
            self.services.reference.use_profile(officer_id)
        self.id = officer_id
        self.services.act_as(officer_id)
        self.outbox = self.folder / "outbox"

    @property
    def sync(self):
        return self.services.sync

    def tick(self, seconds: int = 60) -> None:
        self.clock.at += timedelta(seconds=seconds)

    def export_to(self, other: Member) -> Path:
        return self.sync.export_for(other.id, self.outbox).path

    def open_case(self, officer: Member | None = None, surname: str = "Nowak") -> uuid.UUID:
        return self.services.cases.open_case(NewCase(
            legal_forename="Amy", legal_surname=surname, date_of_birth=date(2014, 5, 2),
            sex=Sex.FEMALE, primary_need=Need.SLCN,
            officer_id=(officer or self).id, plan_issued_on=date(2025, 12, 1))).child_id

    def close(self) -> None:
        self.database.dispose()


def make_team(folder: Path) -> tuple[Member, Member, Member]:
    """A lead who starts a team and enrols two officers by join request, as people would:
    each officer's profile arrives at the lead first (their officer record), so the lead
    allocates to the same ids."""
    lead = Member(folder, "Lead", OfficerRole.LEAD)
    lead.sync.start_team()
    officers = []
    for name in ("Alice", "Bob"):
        officer = Member(folder, name, OfficerRole.CASE_OFFICER)
        request = officer.sync.join_request()
        assert lead.sync.read_join_request(request).fingerprint == \
            officer.sync.keys().public().fingerprint  # compared by phone
        lead.sync.add_member(request)
        officers.append(officer)
    roster = lead.sync.roster_file()
    for officer in officers:
        preview = officer.sync.preview_roster(roster)
        assert preview.first and preview.issuer_fingerprint == \
            lead.sync.keys().public().fingerprint
        officer.sync.accept_roster(roster)
    return lead, officers[0], officers[1]
