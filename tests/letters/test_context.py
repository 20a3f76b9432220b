"""Letter field values: names as families expect them, and every date computed by rule."""

from __future__ import annotations

from datetime import date

from caseworker_app.letters import defaults
from caseworker_app.letters.catalogue import CATALOGUE, Block, LetterKind
from caseworker_app.letters.context import Addressee, CaseFacts, Organisation, letter_values
from caseworker_app.letters.templates import render

ORG = Organisation("Marlshire County Council", phone="01632 960000",
                   email="send@marlshire.example", local_offer="marlshire.example/localoffer",
                   mediation_service="Marlshire Mediation", mediation_contact="01632 960111",
                   disagreement_service="Marlshire DRS", disagreement_contact="01632 960222",
                   ias_service="Marlshire SENDIASS", ias_contact="01632 960333",
                   la_contact="the SEND team on 01632 960000")
CASE = CaseFacts("Siobhán", "Ó Súilleabháin", date(2013, 2, 28), "EHC000123",
                 preferred_name="Shiv", setting_name="Riverside Academy",
                 meeting_date=date(2026, 11, 10), request_date=date(2026, 9, 1),
                 extra={"reasons": "Her needs are met at school.", "unknown": "dropped"})
MUM = Addressee("Aoife", "Ó Súilleabháin", "Mrs", ("1 Long Lane", "Marlton", "MA1 1AA"))


def test_names_and_salutations() -> None:
    values = letter_values(LetterKind.MAINTAIN, CASE, MUM, ORG, date(2026, 11, 23))
    assert values["child_name"] == "Shiv Ó Súilleabháin"
    assert values["child_full_name"] == "Siobhán Ó Súilleabháin"
    assert values["salutation"] == "Dear Mrs Ó Súilleabháin"
    assert Addressee("Amir", "Khan", "Mr", is_young_person=True).salutation == "Dear Amir"
    assert Addressee("Sam", "Lee").salutation == "Dear Sam Lee"


def test_appeal_and_mediation_dates_run_two_months_from_the_letter() -> None:
    values = letter_values(LetterKind.NOT_ASSESS, CASE, MUM, ORG, date(2026, 12, 31))
    assert values["appeal_deadline"] == "28 February 2027"  # no 31 February: month end
    assert values["mediation_deadline"] == "28 February 2027"
    assert values["decision_date"] == "31 December 2026"
    assert values["plan_due"] == "19 January 2027"  # 20 weeks from 1 September 2026
    assert values["reasons"] == "Her needs are met at school."
    assert "unknown" not in values


def test_response_and_advice_dates() -> None:
    values = letter_values(LetterKind.AMENDMENT_NOTICE, CASE, MUM, ORG, date(2026, 11, 23))
    assert values["response_deadline"] == "8 December 2026"  # 15 days
    invite = letter_values(LetterKind.REVIEW_INVITATION, CASE, MUM, ORG, date(2026, 10, 1))
    assert invite["advice_due"] == "27 October 2026"  # 2 weeks before 10 November


def test_only_appealable_letters_carry_appeal_fields() -> None:
    values = letter_values(LetterKind.ASSESS, CASE, MUM, ORG, date(2026, 11, 23))
    assert "appeal_deadline" not in values


def test_every_default_letter_renders_with_a_complete_case() -> None:
    for kind, info in CATALOGUE.items():
        case = CaseFacts(**{**CASE.__dict__, "plan_issued": date(2026, 11, 20),
                            "extra": {"reasons": "Because.", "cease_date": "31 July 2027",
                                      "meeting_details": "10am at school"}})
        values = letter_values(kind, case, MUM, ORG, date(2026, 11, 23))
        text = render(defaults.LETTERS[kind], values, info.title)
        assert "{{" not in text and "Mrs Ó Súilleabháin" in text
        for block in info.blocks:
            render(defaults.BLOCKS[block], values, block.value)
    mediation = render(defaults.BLOCKS[Block.MEDIATION],
                       letter_values(LetterKind.CEASE, CASE, MUM, ORG, date(2026, 11, 23)),
                       "mediation")
    assert "Marlshire Mediation: 01632 960111" in mediation
    assert "**23 January 2027**" in mediation
