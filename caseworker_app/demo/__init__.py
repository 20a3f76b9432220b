"""Demonstration caseloads: wholly fictional but believable, deterministic, all or nothing.

The bulk of a demonstration caseload is a local seed: written with `record=False`, so it is
not in the change log (100,000 cases would add some 3 million ops) and never syncs. A demo
team shares it by starting every member from a copy of one demo database (each copy gets its
own replica id when first opened); what they change afterwards syncs as usual.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from caseworker_app.db.tables import ORGANISATION_ID, Child, EducationSetting, Officer, Organisation
from caseworker_app.db.uow import Database, UnitOfWork
from caseworker_app.demo.assessments import add_reassessments
from caseworker_app.demo.batch import Batch
from caseworker_app.demo.cases import CaseMaker
from caseworker_app.demo.places import Town, World, build_officers, build_settings
from caseworker_app.services.reference import PROFILE_KEY

__all__ = ["DemoCancelled", "DemoSummary", "generate_demo"]

CHUNK_CASES = 2_500  # cases built, written and reported at a time: bounds memory and latency
Progress = Callable[[int, int, str], None]


class DemoCancelled(Exception):  # noqa: N818 - the name other code catches
    """The caller asked to stop: raised inside the write transaction, so nothing is saved."""


@dataclass(frozen=True)
class DemoSummary:
    """What a demonstration load created."""

    cases: int
    officers: int
    settings: int
    contacts: int
    overdue_reviews: int


def generate_demo(database: Database, cases: int, seed: int = 1, *,
                  progress: Progress | None = None,
                  should_stop: Callable[[], bool] = lambda: False) -> DemoSummary:
    """Write `cases` fictional cases in one transaction; the same seed, the same caseload.

    `progress(done, total, message)` is called every few thousand cases and `should_stop()`
    as often: when it returns True, `DemoCancelled` is raised and nothing is written. A
    database with no profile yet gets the first case officer (~250 cases) as its profile.
    Loading again into a database that already has cases adds new ones after them.
    """
    if cases < 1:
        raise ValueError("The demonstration needs at least one case.")
    report = progress or (lambda _done, _total, _message: None)
    report(0, cases, "Preparing names and places")
    profile = database.get_meta(PROFILE_KEY)
    with database.write(uuid.UUID(profile) if profile else None) as uow:
        summary, first_officer = _load(uow, cases, seed, database.clock.today(), report,
                                       should_stop)
    if profile is None:
        database.set_meta(PROFILE_KEY, str(uuid.UUID(hex=first_officer)))
    return summary


def _load(uow: UnitOfWork, cases: int, seed: int, today: date, report: Progress,
          should_stop: Callable[[], bool]) -> tuple[DemoSummary, str]:
    """Write the team, the settings and the cases; the summary and the first officer's key."""
    first_reference = _first_reference(uow)
    # A second load into the same database must not repeat the first one's keys.
    world = World(f"{seed}:{first_reference}", cases)
    officers, officer_rows = build_officers(world, cases)
    settings, setting_rows = build_settings(world, cases)
    uow.insert_rows(Officer, officer_rows, record=False)
    uow.insert_rows(EducationSetting, setting_rows, record=False)
    _council(uow, world.big_towns[0])
    maker = CaseMaker(world, settings, officers, today, first_reference)
    _write_cases(maker, uow, cases, report, should_stop)
    add_reassessments(uow, world.new_id, f"{seed}:{first_reference}", today,
                      officers[0].name, first_reference)
    summary = DemoSummary(cases=cases, officers=len(officer_rows), settings=len(setting_rows),
                          contacts=maker.contacts.written, overdue_reviews=maker.plans.overdue)
    return summary, officers[0].id


def _council(uow: UnitOfWork, town: Town) -> None:
    """A fictional council's letter settings, so letters print straight away (kept if the
    database already has its own). Telephone numbers are Ofcom's drama range."""
    if uow.session.get(Organisation, ORGANISATION_ID) is not None:
        return
    uow.session.add(Organisation(
        id=ORGANISATION_ID, council_name="Marlshire County Council",
        address=f"SEND Team\nCounty Hall\nMarket Street\n{town.name}\nMA1 2ZZ",
        phone="01632 960000", email="send@marlshire.example", website="marlshire.example",
        local_offer="marlshire.example/localoffer", signatory_name="Dr Helen Okafor",
        signatory_role="Head of SEND Assessment and Review",
        mediation_service="Marlshire Mediation Service",
        mediation_contact="0808 157 0123, mediation@marlshire-mediation.example",
        disagreement_service="Marlshire Disagreement Resolution Service",
        disagreement_contact="0808 157 0456, drs@marlshire-drs.example",
        ias_service="Marlshire SENDIASS",
        ias_contact="0808 157 0789, sendiass@marlshire.example",
        la_contact="the SEND Team on 01632 960000 or send@marlshire.example",
        footer="Marlshire County Council processes personal information to carry out its "
               "duties under the Children and Families Act 2014: marlshire.example/privacy\n"
               "This letter is available in large print, Braille, audio and other languages "
               "on request."))
    uow.session.flush()


def _first_reference(uow: UnitOfWork) -> int:
    """The number after the highest EHC reference already in the database."""
    highest = uow.session.execute(
        select(func.max(Child.case_reference)).where(Child.case_reference.like("EHC%"))
    ).scalar()
    digits = (highest or "EHC0")[3:]
    return int(digits) + 1 if digits.isdigit() else 1


def _write_cases(maker: CaseMaker, uow: UnitOfWork, cases: int, report: Progress,
                 should_stop: Callable[[], bool]) -> None:
    """Build and write the cases a chunk at a time, reporting and checking for Cancel."""
    done = 0
    while done < cases:
        if should_stop():
            raise DemoCancelled("Demonstration data cancelled; nothing was saved.")
        batch = Batch()
        for _ in range(min(CHUNK_CASES, cases - done)):
            maker.case(batch)
        batch.write(uow)
        done += len(batch.rows[Child])
        report(done, cases, "Creating demonstration cases")
    if should_stop():  # the last chunk is written but not committed: still cancellable
        raise DemoCancelled("Demonstration data cancelled; nothing was saved.")
