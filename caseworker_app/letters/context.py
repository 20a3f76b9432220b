"""The values a letter's fields take, from the case, the addressee and the council's settings.

Every date a family must act by is computed here from the rules (`rules.deadlines` and
`rules.calendar`), never typed: the appeal deadline (2 months from the letter, §1e), the
last day to contact the mediation adviser (2 months, reg 33), the 15 days to comment on a
draft plan or amendment notice (reg 13(1), reg 22(2)), advice circulated 2 weeks before a
review meeting (reg 20) and the 20-week final plan date (reg 13(2)). Pure; no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from caseworker_app.export.letter_document import Organisation as Letterhead
from caseworker_app.letters.catalogue import CATALOGUE, LetterKind
from caseworker_app.rules.calendar import add_months, add_weeks, long_date
from caseworker_app.rules.deadlines import appeal_deadline

RESPONSE_DAYS = 15  # reg 13(1) and reg 22(2): "at least 15 days"
ADVICE_BEFORE_MEETING = timedelta(weeks=2)  # reg 20(3): circulated 2 weeks before
MEDIATION_MONTHS = 2  # reg 33: contact the mediation adviser within 2 months
ASSESSMENT_WEEKS = 20  # reg 13(2): the final plan within 20 weeks of the request


@dataclass(frozen=True)
class Organisation:
    """The council's settings for letters: its letterhead and signatory (printed by
    `export`, see `letterhead`) and the services every appealable letter names (fields).

    The one record of these settings; the services read and save it (one synced row)."""

    council_name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    local_offer: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    mediation_service: str = ""
    mediation_contact: str = ""
    disagreement_service: str = ""
    disagreement_contact: str = ""
    ias_service: str = ""
    ias_contact: str = ""
    la_contact: str = ""  # who to contact at the council about mediation (reg 32(f))
    footer_lines: tuple[str, ...] = ()  # small print on every page of a letter
    logo_sha256: str = ""  # the logo, a stored letter asset; empty for none
    row_version: int = 0  # as read, for saving it back

    def letterhead(self, logo_path: Path | None = None) -> Letterhead:
        """What the PDF layer prints at the head and foot of a letter."""
        return Letterhead(self.council_name, self.address_lines, self.phone, self.email,
                          self.website, logo_path, self.signatory_name, self.signatory_role,
                          self.footer_lines)

    def gaps(self, appealable: bool) -> list[str]:
        """What a letter of this sort needs from the settings that is not filled in."""
        needed = {"council_name": "the council's name", "address_lines": "its address",
                  "phone": "its telephone number", "email": "its e-mail address",
                  "signatory_name": "who signs letters", "local_offer": "the Local Offer"}
        if appealable:
            needed |= {"mediation_service": "the mediation service",
                       "mediation_contact": "the mediation service's contact details",
                       "disagreement_service": "the disagreement resolution service",
                       "disagreement_contact": "its contact details",
                       "ias_service": "the information, advice and support service",
                       "ias_contact": "its contact details",
                       "la_contact": "who to contact at the council about mediation"}
        return [label for name, label in needed.items() if not getattr(self, name)]


@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to: a contact who receives letters (each gets their own)."""

    forename: str
    surname: str
    title: str = ""
    address_lines: tuple[str, ...] = ()
    is_young_person: bool = False
    large_print: bool = False
    contact_id: str = ""  # the contact's id, for the letter log

    @property
    def name(self) -> str:
        """As on the envelope: "Ms Aisha Shah"."""
        return " ".join(p for p in (self.title, self.forename, self.surname) if p)

    @property
    def salutation(self) -> str:
        """"Dear Ms Shah"; "Dear Amir" to a young person; "Dear Aisha Shah" with no title."""
        if self.is_young_person:
            return f"Dear {self.forename}"
        if self.title:
            return f"Dear {self.title} {self.surname}"
        return f"Dear {self.forename} {self.surname}"


@dataclass(frozen=True)
class CaseFacts:
    """What a letter needs to know about the case."""

    legal_forename: str
    legal_surname: str
    date_of_birth: date
    case_reference: str
    preferred_name: str = ""
    setting_name: str = ""
    officer_name: str = ""
    meeting_date: date | None = None  # the annual review meeting
    request_date: date | None = None  # the request for an EHC needs assessment
    plan_issued: date | None = None  # the final plan this letter covers
    extra: Mapping[str, str] = field(default_factory=dict)  # typed by the officer

    @property
    def known_as(self) -> str:
        """The name the child is known by."""
        return self.preferred_name or self.legal_forename


def letter_values(kind: LetterKind, case: CaseFacts, to: Addressee, org: Organisation,
                  letter_date: date) -> dict[str, str]:
    """Every field's value for one letter (empty where the case has no value, which
    `templates.render` then refuses if the wording prints it)."""
    values = {
        "child_name": f"{case.known_as} {case.legal_surname}",
        "child_full_name": f"{case.legal_forename} {case.legal_surname}",
        "child_first_name": case.known_as,
        "child_date_of_birth": long_date(case.date_of_birth),
        "recipient_name": to.name,
        "salutation": to.salutation,
        "letter_date": long_date(letter_date),
        "case_reference": case.case_reference,
        "setting_name": case.setting_name,
        "officer_name": case.officer_name,
        "council_name": org.council_name,
        "council_phone": org.phone,
        "council_email": org.email,
        "local_offer": org.local_offer,
        "response_deadline": long_date(letter_date + timedelta(days=RESPONSE_DAYS)),
        "meeting_date": _d(case.meeting_date),
        "advice_due": _d(case.meeting_date - ADVICE_BEFORE_MEETING
                         if case.meeting_date else None),
        "request_date": _d(case.request_date),
        "plan_due": _d(add_weeks(case.request_date, ASSESSMENT_WEEKS)
                       if case.request_date else None),
        "plan_issued": _d(case.plan_issued),
    }
    if CATALOGUE[kind].appealable:
        values |= {
            "decision_date": long_date(letter_date),
            "appeal_deadline": long_date(appeal_deadline(letter_date).due),
            "mediation_deadline": long_date(add_months(letter_date, MEDIATION_MONTHS)),
            "mediation_service": org.mediation_service,
            "mediation_contact": org.mediation_contact,
            "ias_service": org.ias_service,
            "ias_contact": org.ias_contact,
            "disagreement_service": org.disagreement_service,
            "disagreement_contact": org.disagreement_contact,
            "la_contact": org.la_contact,
        }
    allowed = CATALOGUE[kind].field_names()
    values |= {k: v for k, v in case.extra.items() if k in allowed}
    return {k: v for k, v in values.items() if k in allowed}


def _d(day: date | None) -> str:
    return long_date(day) if day else ""
