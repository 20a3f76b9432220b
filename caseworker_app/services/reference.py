"""Pick-lists and the local profile: officers, settings, and who is using this database."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from caseworker_app.codes import OfficerRole, Phase, SettingType
from caseworker_app.db.tables import Child, EducationSetting, Officer
from caseworker_app.db.uow import Database
from caseworker_app.entities import OfficerRecord, SettingRecord
from caseworker_app.errors import ValidationError

PROFILE_KEY = "profile_officer_id"


class ReferenceService:
    """Officers and settings for pick-lists, and the profile of this installation."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def officers(self, include_inactive: bool = False) -> list[OfficerRecord]:
        """Team members, by name."""
        query = select(Officer).order_by(Officer.display_name)
        if not include_inactive:
            query = query.where(Officer.active.is_(True))
        with self._db.read() as session:
            return [OfficerRecord(o.id, o.display_name, o.role, o.email, o.active)
                    for o in session.scalars(query)]

    def settings(self) -> list[SettingRecord]:
        """Schools, colleges and early years providers, by name."""
        with self._db.read() as session:
            return [SettingRecord(s.id, s.name, s.setting_type, s.phase, s.urn, s.town, s.postcode)
                    for s in session.scalars(select(EducationSetting)
                                             .order_by(EducationSetting.name))]

    def add_setting(self, name: str, setting_type: SettingType, phase: Phase,
                    author_id: uuid.UUID | None, urn: str | None = None) -> SettingRecord:
        """Add a setting that is not yet on the list."""
        if not name.strip():
            raise ValidationError({"name": "The setting needs a name."})
        if urn and not (urn.isdigit() and len(urn) == 6):
            raise ValidationError({"urn": "A URN is 6 digits."})
        with self._db.write(author_id) as uow:
            row = EducationSetting(name=name.strip(), setting_type=setting_type, phase=phase,
                                   urn=urn or None)
            uow.session.add(row)
            uow.session.flush()
            return SettingRecord(row.id, row.name, row.setting_type, row.phase, row.urn)

    def case_count(self) -> int:
        """How many cases the database holds (open and closed)."""
        with self._db.read() as session:
            return session.execute(select(func.count()).select_from(Child)).scalar_one()

    def profile(self) -> OfficerRecord | None:
        """The officer whose laptop this is, if set up."""
        value = self._db.get_meta(PROFILE_KEY)
        if value is None:
            return None
        with self._db.read() as session:
            officer = session.get(Officer, uuid.UUID(value))
            if officer is None:
                return None
            return OfficerRecord(officer.id, officer.display_name, officer.role, officer.email,
                                 officer.active)

    def create_profile(self, display_name: str, role: OfficerRole,
                       email: str | None = None) -> OfficerRecord:
        """Add the person using this installation as an officer and make them the profile."""
        if not display_name.strip():
            raise ValidationError({"display_name": "Enter your name."})
        with self._db.write(None) as uow:
            officer = Officer(display_name=display_name.strip(), role=role, email=email,
                              active=True)
            uow.session.add(officer)
            uow.session.flush()
            officer_id = officer.id
        self.use_profile(officer_id)
        record = self.profile()
        assert record is not None
        return record

    def use_profile(self, officer_id: uuid.UUID) -> None:
        """Make an existing officer the profile of this installation."""
        self._db.set_meta(PROFILE_KEY, str(officer_id))
