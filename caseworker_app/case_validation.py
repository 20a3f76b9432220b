"""Validation of a child's record and of contacts: every problem found at once, by field.

`clean_child_fields` and `clean_contact` return cleaned values or raise `ValidationError`
naming each bad field with a reason, so a form can show them all and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from caseworker_app import validation
from caseworker_app.codes import Need
from caseworker_app.errors import ValidationError

REQUIRED_CHILD = {
    "legal_forename": "Legal first name",
    "legal_surname": "Legal surname",
    "date_of_birth": "Date of birth",
    "primary_need": "Primary need",
}
TEXT_FIELDS = {
    "legal_forename", "legal_surname", "preferred_name", "address_line1", "address_line2",
    "town", "home_language", "title", "forename", "surname",
}
YEAR_GROUP_RANGE = range(-2, 15)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _checked(value: Any, check: Callable[[Any], Any]) -> Any:
    return None if value is None else check(value)


def clean_child_fields(changes: Mapping[str, Any], today: date,
                       current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Validate proposed values for a child's fields; `current` gives the unchanged ones."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    merged = {**(current or {}), **changes}
    for key, raw in changes.items():
        value = _blank_to_none(raw)
        try:
            if key in REQUIRED_CHILD and value is None:
                raise ValueError(f"{REQUIRED_CHILD[key]} is required.")
            if key == "date_of_birth":
                value = validation.check_date_of_birth(value, today)
            elif key == "upn":
                value = _checked(value, validation.check_upn)
            elif key == "uln":
                value = _checked(value, validation.check_uln)
            elif key == "nhs_number":
                value = _checked(value, validation.check_nhs_number)
            elif key == "postcode":
                value = _checked(value, validation.check_postcode)
            elif key == "year_group_override" and value is not None:
                if int(value) not in YEAR_GROUP_RANGE:
                    raise ValueError("An out-of-year-group placement must be Nursery to Year 14.")
                value = int(value)
            elif key == "secondary_need" and value is not None:
                if Need(value) == _blank_to_none(merged.get("primary_need")):
                    raise ValueError("The secondary need must differ from the primary need.")
            elif key == "home_language" and value is None:
                value = "English"
            cleaned[key] = value
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_contact(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a contact; one who receives letters needs a postal address."""
    cleaned = {k: _blank_to_none(v) for k, v in fields.items()}
    errors: dict[str, str] = {}
    for key, label in (("forename", "First name"), ("surname", "Surname")):
        if cleaned.get(key) is None:
            errors[key] = f"{label} is required."
    checks = {"email": validation.check_email, "phone": validation.check_phone,
              "postcode": validation.check_postcode}
    for key, check in checks.items():
        try:
            cleaned[key] = _checked(cleaned.get(key), check)
        except ValueError as exc:
            errors[key] = str(exc)
    if cleaned.get("receives_letters"):
        if cleaned.get("address_line1") is None:
            errors.setdefault("address_line1", "Letters need a first line of address.")
        if cleaned.get("postcode") is None:
            errors.setdefault("postcode", "Letters need a postcode.")
    if errors:
        raise ValidationError(errors)
    return cleaned
