"""The caseload CSV opens safely in a spreadsheet and keeps every character."""

from __future__ import annotations

import csv
import uuid
from datetime import date

from caseworker_app.codes import CaseStatus, Need, Phase, ReviewStage
from caseworker_app.entities import CaseRow
from caseworker_app.export.caseload_csv import HEADINGS, safe_cell, write_caseload_csv

TODAY = date(2026, 11, 23)


def make_row(surname: str, setting: str) -> CaseRow:
    return CaseRow(uuid.uuid4(), "EHC000042", surname, "Zoë", None, "B801200005001",
                   date(2015, 9, 1), None, setting, Phase.PRIMARY, Need.ASD, date(2024, 1, 10),
                   date(2025, 1, 9), ReviewStage.DUE, None, None, None, CaseStatus.OPEN)


def test_formula_like_values_are_neutralised() -> None:
    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_cell("+44 1392") == "'+44 1392"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Łukasz") == "Łukasz"


def test_csv_round_trip(tmp_path) -> None:
    path = tmp_path / "caseload.csv"
    count = write_caseload_csv([make_row("Ní Bhriain", "=cmd|' /C calc'!A0"),
                                make_row("O'Neil", "St Mary's, Exeter")], path, TODAY)
    assert count == 2
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADINGS
    assert rows[1][1] == "Ní Bhriain" and rows[1][8].startswith("'=")
    assert rows[2][8] == "St Mary's, Exeter"
    assert rows[1][-1] == "Review overdue" and rows[1][7] == "Year 6"
    assert not list(tmp_path.glob("*.partial"))
