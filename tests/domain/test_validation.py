"""Identifier and personal detail checks give a reason a person can act on."""

from __future__ import annotations

from datetime import date

import pytest

from caseworker_app import validation
from caseworker_app.case_validation import clean_child_fields, clean_contact
from caseworker_app.errors import ValidationError

TODAY = date(2026, 11, 23)


def test_valid_upn_is_normalised() -> None:
    assert validation.check_upn(" b801200005001 ") == "B801200005001"


@pytest.mark.parametrize(("value", "reason"), [
    ("B80120000500", "13 characters"),
    ("C801200005001", "check letter is C but should be B"),
    ("B999200005001", "999 is not an English authority"),
    ("B8012000X5001", "11 digits"),
])
def test_bad_upn_says_what_is_wrong(value, reason) -> None:
    with pytest.raises(ValueError, match=reason):
        validation.check_upn(value)


def test_uln_check_digit() -> None:
    assert validation.check_uln("1234567899") == "1234567899"
    with pytest.raises(ValueError, match="check"):
        validation.check_uln("1234567890")
    with pytest.raises(ValueError, match="10 digits"):
        validation.check_uln("0123456789")


def test_nhs_number() -> None:
    assert validation.check_nhs_number("9434765919") == "943 476 5919"
    with pytest.raises(ValueError, match="NHS number"):
        validation.check_nhs_number("9434765918")


@pytest.mark.parametrize(("value", "expected"), [
    ("ex24qd", "EX2 4QD"), ("SW1A 1AA", "SW1A 1AA"), ("m1 1ae", "M1 1AE"),
])
def test_postcodes_normalised(value, expected) -> None:
    assert validation.check_postcode(value) == expected


@pytest.mark.parametrize("value", ["EX2", "12345", "QX1 1AA", "EX2 4QDD"])
def test_bad_postcodes_refused(value) -> None:
    with pytest.raises(ValueError, match="not a UK postcode"):
        validation.check_postcode(value)


def test_date_of_birth_in_the_future_is_refused() -> None:
    with pytest.raises(ValueError, match="in the future"):
        validation.check_date_of_birth(date(2026, 11, 24), TODAY)
    assert validation.check_date_of_birth(TODAY, TODAY) == TODAY


def test_date_of_birth_too_old_for_a_plan() -> None:
    with pytest.raises(ValueError, match="turns 25"):
        validation.check_date_of_birth(date(1995, 1, 1), TODAY)


def test_child_fields_report_every_problem_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_child_fields({"legal_surname": "  ", "upn": "C801200005001",
                            "date_of_birth": date(2030, 1, 1), "postcode": "nowhere"}, TODAY)
    assert set(caught.value.errors) == {"legal_surname", "upn", "date_of_birth", "postcode"}
    assert "required" in caught.value.errors["legal_surname"]


def test_child_fields_clean_blank_optional_values_to_none() -> None:
    cleaned = clean_child_fields({"upn": "", "preferred_name": "  Jay ", "home_language": ""},
                                 TODAY)
    assert cleaned == {"upn": None, "preferred_name": "Jay", "home_language": "English"}


def test_secondary_need_must_differ_from_primary() -> None:
    with pytest.raises(ValidationError, match="secondary need"):
        clean_child_fields({"secondary_need": "ASD"}, TODAY, current={"primary_need": "ASD"})


def test_contact_receiving_letters_needs_an_address() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_contact({"forename": "Ann", "surname": "Lee", "receives_letters": True,
                       "email": "not an email"})
    assert set(caught.value.errors) == {"address_line1", "postcode", "email"}
