"""Shared fixtures: Qt offscreen, a fixed clock, and real SQLite files migrated to head.

QT_QPA_PLATFORM is set before anything imports Qt, so the suite runs headless everywhere.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the user's data folder (sync keys, logs, the default database) out of reach: every
# test run gets a scratch one.
if "CASEWORKER_TEST_DATA" not in os.environ:
    import tempfile

    os.environ["CASEWORKER_TEST_DATA"] = tempfile.mkdtemp(prefix="caseworker-test-data-")
    os.environ["XDG_DATA_HOME"] = os.environ["CASEWORKER_TEST_DATA"]

from caseworker_app.clock import FixedClock
from caseworker_app.codes import OfficerRole
from caseworker_app.db.store import open_database
from caseworker_app.db.uow import Database
from caseworker_app.entities import OfficerRecord
from caseworker_app.letters.context import Organisation
from caseworker_app.services import Services

TODAY = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at 23 November 2026, 10:30 UTC."""
    return FixedClock(TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database file lives."""
    return tmp_path / "caseworker.db"


@pytest.fixture
def database(db_path: Path, clock: FixedClock) -> Database:
    """A real SQLite file, created and migrated to head by the app's own start-up path."""
    opened = open_database(db_path, clock)
    yield opened.database
    opened.database.dispose()


@pytest.fixture
def services(database: Database) -> Services:
    """Services on the test database, acting as a case officer profile."""
    built = Services.build(database, None)
    officer = built.reference.create_profile("Priya Shah", OfficerRole.CASE_OFFICER)
    built.act_as(officer.id)
    return built


@pytest.fixture
def officer(services: Services) -> OfficerRecord:
    """The signed-in officer of `services`."""
    profile = services.reference.profile()
    assert profile is not None
    return profile


@pytest.fixture
def lead(services: Services) -> Services:
    """The same services, acting as a lead annual review officer ("Grace Lead")."""
    officer = services.reference.create_profile("Grace Lead", OfficerRole.LEAD)
    services.act_as(officer.id)
    return services


@pytest.fixture
def council(lead: Services) -> Organisation:
    """The council's letter details, saved by the lead (`tests.letter_cases.ORG`)."""
    from tests.letter_cases import ORG
    return lead.letters.save_organisation(ORG)
