"""Letter test cases shared by the service and screen tests: the council's details, contacts
and a child with separated parents, built through the services on a real database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from caseworker_app.codes import LetterFormat, Need, Relationship, Sex
from caseworker_app.db.tables import AnnualReview
from caseworker_app.entities import ContactRecord, NewCase
from caseworker_app.letters.context import Organisation
from caseworker_app.services import Services

ORG = Organisation(
    "Marlshire County Council", ("SEND Team", "County Hall", "Marlton", "MA1 2ZZ"),
    phone="01632 960000", email="send@marlshire.example", local_offer="marlshire.example/lo",
    signatory_name="Dr Helen Okafor", signatory_role="Head of SEND",
    mediation_service="Marlshire Mediation", mediation_contact="0808 157 0123",
    disagreement_service="Marlshire DRS", disagreement_contact="0808 157 0456",
    ias_service="Marlshire SENDIASS", ias_contact="0808 157 0789",
    la_contact="the SEND Team on 01632 960000")


def contact(forename: str, surname: str, relationship: Relationship = Relationship.MOTHER,
            **changes: object) -> ContactRecord:
    base = ContactRecord(None, "Ms", forename, surname, relationship, True, "12 Mill Lane",
                         None, "Marlton", "MA1 1AA", None, None, LetterFormat.STANDARD, True)
    return replace(base, **changes)


def case_with_parents(services: Services, *, meeting_held: date | None = date(2026, 11, 2)
                      ) -> uuid.UUID:
    """A child with a plan issued in 2025, separated parents (one wants large print) and a
    grandparent who does not receive letters; the review meeting held on 2 November."""
    officer = services.reference.profile()
    child_id = services.cases.open_case(NewCase(
        legal_forename="Zoë", legal_surname="Łukasz", date_of_birth=date(2014, 3, 3),
        sex=Sex.FEMALE, primary_need=Need.ASD, officer_id=officer.id,
        plan_issued_on=date(2025, 12, 1))).child_id
    services.cases.save_contact(child_id, contact("Siobhán", "Łukasz"))
    services.cases.save_contact(child_id, contact(
        "Tomasz", "Łukasz", Relationship.FATHER, title="Mr", address_line1="Flat 9",
        address_line2="Kingfisher Court, Long Lane", letter_format=LetterFormat.LARGE_PRINT))
    services.cases.save_contact(child_id, contact(
        "Nan", "Smith", Relationship.GRANDPARENT, receives_letters=False))
    with services.database.write(None) as uow:
        review = uow.session.scalars(select(AnnualReview)
                                     .where(AnnualReview.child_id == child_id)).one()
        review.meeting_on = date(2026, 11, 2)
        review.meeting_held_on = meeting_held
    return child_id
