"""Domain exceptions the services raise and the screens turn into messages."""

from __future__ import annotations


class CaseworkerError(Exception):
    """Base class for every error the app reports to a person."""


class ValidationError(CaseworkerError):
    """One or more fields were rejected; nothing was saved.

    `errors` maps a field name to a plain-English reason, so a form can show each message
    beside its own field.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        detail = "; ".join(f"{field}: {msg}" for field, msg in self.errors.items())
        super().__init__(f"Not saved. {detail}")


class NotFoundError(CaseworkerError):
    """The record asked for does not exist (or was deleted)."""


class StaleRecordError(CaseworkerError):
    """The record changed since it was read; the person should reload before saving."""


class DatabaseError(CaseworkerError):
    """The database file cannot be opened, upgraded or trusted."""
