"""The letters logged for a child, as listed on the Letters tab, and the names their files get."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from enum import Enum

from caseworker_app.entities_letters import IssuedLetter
from caseworker_app.ui.models.case_detail_models import (
    RecordTableModel,
    format_date,
    format_datetime,
    yes_no,
)

# Characters Windows, macOS or Linux refuse (or treat specially) in a file name.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
NAME_LIMIT = 150  # characters before ".pdf": well inside every file system's limit


class IssuedLetterColumn(Enum):
    """Columns of the letter log."""

    DATE = "Date on letter"
    LETTER = "Letter"
    TO = "To"
    LARGE_PRINT = "Large print"
    BY = "Printed by"
    RECORDED = "Recorded"


class IssuedLetterTableModel(RecordTableModel):
    """The letters recorded as sent to a child's contacts, newest first."""

    columns = IssuedLetterColumn
    centred = frozenset({IssuedLetterColumn.DATE, IssuedLetterColumn.LARGE_PRINT,
                         IssuedLetterColumn.RECORDED})

    def set_records(self, records: Iterable[IssuedLetter]) -> None:
        """Show `records`, the one recorded last first."""
        super().set_records(sorted(records, key=lambda r: (r.recorded_at, r.issued_on),
                                   reverse=True))

    def text(self, record: IssuedLetter, column: IssuedLetterColumn) -> str:
        """What a cell shows."""
        match column:
            case IssuedLetterColumn.DATE:
                return format_date(record.issued_on)
            case IssuedLetterColumn.LETTER:
                return record.title
            case IssuedLetterColumn.TO:
                return record.recipient_name
            case IssuedLetterColumn.LARGE_PRINT:
                return yes_no(record.large_print)
            case IssuedLetterColumn.BY:
                return record.author_name
            case IssuedLetterColumn.RECORDED:
                return format_datetime(record.recorded_at)

    def tooltip(self, record: IssuedLetter, column: IssuedLetterColumn) -> str:
        """The letter's content hash on every cell: what proves the copy unchanged."""
        return f"{self.text(record, column)}\nContent SHA-256: {record.content_sha256}"


def safe_file_name(text: str, suffix: str = ".pdf") -> str:
    """`text` as a file name every system accepts: no path separators or reserved
    characters, no trailing dots or spaces, not too long; accents are kept."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub(" ", text)
    text = " ".join(text.split()).strip(" .")
    if len(text) > NAME_LIMIT:
        text = text[:NAME_LIMIT].rstrip(" .")
    return (text or "Letter") + suffix


def letter_file_name(letter_date: date, title: str, who: str) -> str:
    """The name suggested for a letter's PDF, sorting by date:
    "2026-11-23 Decision to keep the plan unchanged - Ms Siobhan Lukasz.pdf"."""
    return safe_file_name(f"{letter_date.isoformat()} {title} - {who}")
