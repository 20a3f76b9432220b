"""Checks on identifiers and personal details, each returning a plain-English reason.

Every function returns the cleaned value or raises `ValueError` whose message can be shown
beside the field as it stands. Identifier checks use python-stdnum where it knows the scheme.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.gb import nhs, upn

from caseworker_app.schoolyear import age_on

MAX_AGE_WITH_PLAN = 25  # plans end at the end of the academic year a young person turns 25
POSTCODE = re.compile(r"^(GIR 0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[\d ()-]{7,20}$")


def check_upn(value: str) -> str:
    """Validate an English Unique Pupil Number (13 characters with a check letter first)."""
    number = upn.compact(value)
    if len(number) != 13:
        raise ValueError(f"A UPN has 13 characters; this one has {len(number)}.")
    try:
        return upn.validate(number)
    except stdnum_errors.InvalidFormat:
        raise ValueError(
            "A UPN is a letter, 11 digits, then a digit or letter (for example A123456789012)."
        ) from None
    except stdnum_errors.InvalidComponent:
        raise ValueError(
            f"The UPN's local authority number {number[1:4]} is not an English authority."
        ) from None
    except stdnum_errors.InvalidChecksum:
        expected = upn.calc_check_digit(number[1:])
        raise ValueError(
            f"The UPN's check letter is {number[0]} but should be {expected}: "
            "a character has probably been mistyped."
        ) from None


def check_uln(value: str) -> str:
    """Validate a 10-digit Unique Learner Number (weights 10..2, check = 10 - sum mod 11)."""
    number = re.sub(r"\s", "", value)
    if not number.isdigit() or len(number) != 10 or number[0] == "0":
        raise ValueError("A ULN is 10 digits and does not start with 0.")
    total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
    if 10 - total % 11 != int(number[9]):
        raise ValueError("The ULN's last (check) digit does not match: check for a typing error.")
    return number


def check_nhs_number(value: str) -> str:
    """Validate a 10-digit NHS number (modulus 11 check digit)."""
    try:
        return nhs.format(nhs.validate(value))
    except stdnum_errors.ValidationError:
        raise ValueError("An NHS number is 10 digits with a valid check digit.") from None


def check_date_of_birth(value: date, today: date) -> date:
    """A date of birth must be in the past and young enough to hold an EHC plan."""
    if value > today:
        raise ValueError(f"The date of birth {value:%d/%m/%Y} is in the future.")
    if age_on(value, today) > MAX_AGE_WITH_PLAN + 1:
        raise ValueError(
            f"Born {value:%d/%m/%Y}, this person is {age_on(value, today)}: EHC plans end "
            "by the academic year a young person turns 25."
        )
    return value


def check_postcode(value: str) -> str:
    """Normalise and check a UK postcode (space before the last three characters)."""
    compact = re.sub(r"\s", "", value).upper()
    spaced = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    if not POSTCODE.match(spaced):
        raise ValueError(f"{value!r} is not a UK postcode (for example EX2 4QD).")
    return spaced


def check_email(value: str) -> str:
    """A plausible e-mail address (something@domain.tld)."""
    cleaned = value.strip()
    if not EMAIL.match(cleaned):
        raise ValueError(f"{value!r} is not an e-mail address.")
    return cleaned


def check_phone(value: str) -> str:
    """A UK or international phone number: digits, spaces, brackets, dashes, leading +."""
    cleaned = value.strip()
    if not PHONE.match(cleaned) or sum(c.isdigit() for c in cleaned) < 7:
        raise ValueError(f"{value!r} is not a phone number.")
    return cleaned


def check_required(value: str, what: str) -> str:
    """A required text field must not be blank."""
    cleaned = value.strip()
    if not cleaned:
        raise ValueError(f"{what} is required.")
    return cleaned
