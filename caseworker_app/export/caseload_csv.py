"""Write the caseload as shown (after search and filters) to a CSV file for a spreadsheet.

Cells are made safe to open in Excel or LibreOffice: a value starting with a character that
a spreadsheet would treat as a formula is prefixed with an apostrophe (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from caseworker_app import caseload
from caseworker_app.caseload import STATUS_LABELS, status_flag
from caseworker_app.entities import CaseRow
from caseworker_app.schoolyear import year_group_label

HEADINGS = ["Case reference", "Surname", "First name", "Preferred name", "UPN", "Date of birth",
            "Age", "Year group", "Setting", "Primary need", "Plan issued", "Next review due",
            "Review stage", "Officer", "Status"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text for one cell that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def caseload_record(row: CaseRow, today: date) -> list[str]:
    """One CSV line for a case, in the order of `HEADINGS`."""
    values = [
        row.case_reference, row.surname, row.forename, row.preferred_name, row.upn,
        row.date_of_birth.isoformat(), caseload.age_of(row, today),
        year_group_label(caseload.row_year_group(row, today)), row.setting_name,
        row.primary_need.value, row.plan_issued_on.isoformat() if row.plan_issued_on else "",
        row.review_due_on.isoformat() if row.review_due_on else "",
        row.review_stage.label if row.review_stage else "", row.officer_name,
        STATUS_LABELS[status_flag(row, today)],
    ]
    return [safe_cell(v) for v in values]


def write_caseload_csv(rows: Iterable[CaseRow], path: Path, today: date) -> int:
    """Write `rows` to `path` (UTF-8 with a byte order mark, so Excel reads accents right).

    Writes to a temporary file first and renames it, so a failure never leaves half a file.
    Returns the number of cases written.
    """
    partial = path.with_name(path.name + ".partial")
    count = 0
    with partial.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        for row in rows:
            writer.writerow(caseload_record(row, today))
            count += 1
    partial.replace(path)
    return count
