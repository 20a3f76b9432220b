"""The letter service on a real database: settings, wording, composing, printing, the log.

PDFs are read back with pypdf (text, pages) and, for type sizes, poppler's pdftotext.
"""

from __future__ import annotations

import io
import json
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from caseworker_app.codes import (
    ChronologyKind,
    Need,
    PlanSection,
    Sex,
)
from caseworker_app.db.tables import ChronologyEntry, LetterIssued
from caseworker_app.entities import NewCase
from caseworker_app.entities_letters import LetterRequest
from caseworker_app.entities_plan import SectionText
from caseworker_app.errors import StaleRecordError, ValidationError
from caseworker_app.export.pdf_compose import RenderCancelled
from caseworker_app.letters.catalogue import CATALOGUE, Block, LetterKind
from caseworker_app.letters.templates import TemplateError
from caseworker_app.services import Services
from caseworker_app.services.letters import LetterError
from tests.letter_cases import ORG, case_with_parents, contact

LETTER_DAY = date(2026, 11, 23)


def png(size: tuple[int, int] = (120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 94, 165)).save(out, "PNG")
    return out.getvalue()


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


# ----- settings -------------------------------------------------------------------------------
def test_only_a_lead_saves_the_council_details(services: Services) -> None:
    with pytest.raises(ValidationError) as refused:
        services.letters.save_organisation(ORG)
    assert "lead" in refused.value.errors["role"]
    assert services.letters.organisation().council_name == ""


def test_council_details_round_trip_and_a_stale_save_is_refused(lead: Services) -> None:
    saved = lead.letters.save_organisation(ORG)
    assert saved.address_lines == ORG.address_lines and saved.row_version == 1
    assert lead.letters.organisation() == saved
    again = lead.letters.save_organisation(replace(saved, phone="01632 960999"))
    assert again.phone == "01632 960999" and again.row_version == 2
    with pytest.raises(StaleRecordError):
        lead.letters.save_organisation(replace(saved, phone="0"))  # read at version 1
    assert lead.letters.organisation().phone == "01632 960999"


def test_a_logo_must_be_an_image_and_is_printed(lead: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        lead.letters.save_organisation(ORG, logo=b"%PDF-1.7 not an image")
    assert "PNG or JPEG" in refused.value.errors["logo"]
    broken = png()[:-30]  # a PNG cut short: its header reads, its pixels do not
    with pytest.raises(ValidationError):
        lead.letters.save_organisation(ORG, logo=broken)
    logo = png()
    saved = lead.letters.save_organisation(ORG, logo=logo)
    assert len(saved.logo_sha256) == 64 and lead.letters.logo(saved.logo_sha256) == logo
    child_id = case_with_parents(lead)
    letters = lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    pdf = lead.letters.render([letters[0].stored])
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) == 1


# ----- wording --------------------------------------------------------------------------------
def test_built_in_wording_is_version_zero_for_every_letter_and_block(services: Services) -> None:
    listed = services.letters.templates()
    assert [t.key for t in listed] == [*(k.value for k in LetterKind), *(b.value for b in Block)]
    assert all(t.builtin for t in listed)
    for t in listed:  # the wording Caseworker ships passes its own checks
        key = Block(t.key) if t.is_block else LetterKind(t.key)
        assert services.letters.check_wording(key, t.subject, t.body) == []


def test_wording_with_an_unknown_field_is_refused_with_its_line(lead: Services) -> None:
    body = lead.letters.template(LetterKind.MAINTAIN).body + "\nSee you on {{ meeting_dat }}.\n"
    with pytest.raises(TemplateError) as refused:
        lead.letters.save_template(LetterKind.MAINTAIN, "Subject", body, based_on=0)
    problem = refused.value.problems[0]
    assert problem.line == body.count("\n")
    assert "meeting_dat" in problem.message and "{{ meeting_date }}" in problem.message
    assert lead.letters.template(LetterKind.MAINTAIN).version == 0


def test_wording_that_drops_what_the_law_requires_is_refused(lead: Services) -> None:
    body = lead.letters.template(Block.MEDIATION).body.replace("{{ mediation_deadline }}",
                                                               "soon")
    problems = lead.letters.check_wording(Block.MEDIATION, "", body)
    assert any("mediation_deadline" in p.message for p in problems)
    invitation = lead.letters.template(LetterKind.NOT_ASSESS)
    problems = lead.letters.check_wording(
        LetterKind.NOT_ASSESS, invitation.subject, invitation.body.replace("{{ reasons }}", ""))
    assert any("reasons" in p.message for p in problems)


def test_saved_wording_is_versioned_used_and_guarded(lead: Services, council) -> None:
    old = lead.letters.template(LetterKind.MAINTAIN)
    body = old.body.replace("We have looked at", "Our panel looked at")
    saved = lead.letters.save_template(LetterKind.MAINTAIN, old.subject, body, based_on=0,
                                       note="Panel wording")
    assert (saved.version, saved.author_name, saved.note) == (1, "Grace Lead", "Panel wording")
    with pytest.raises(StaleRecordError):  # someone else's editor opened version 0
        lead.letters.save_template(LetterKind.MAINTAIN, old.subject, old.body, based_on=0)
    history = lead.letters.template_history(LetterKind.MAINTAIN)
    assert [t.version for t in history] == [1, 0]
    child_id = case_with_parents(lead)
    letter = lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))[0]
    assert letter.templates[LetterKind.MAINTAIN.value] == 1
    assert letter.templates[Block.APPEAL.value] == 0
    assert "Our panel looked at" in text_of(lead.letters.render([letter.stored]))


def test_a_case_officer_cannot_change_wording(services: Services) -> None:
    t = services.letters.template(LetterKind.MAINTAIN)
    with pytest.raises(ValidationError):
        services.letters.save_template(LetterKind.MAINTAIN, t.subject, t.body, based_on=0)


def test_preview_shows_draft_wording_even_before_the_council_is_set_up(
        services: Services) -> None:
    t = services.letters.template(Block.APPEAL)
    pdf = services.letters.preview_wording(Block.APPEAL, "", t.body + "\nNEW SENTENCE.\n")
    text = text_of(pdf)
    assert "NEW SENTENCE." in text and "[council name]" in text
    with pytest.raises(TemplateError):
        services.letters.preview_wording(Block.APPEAL, "", "{{ nope }}")


# ----- composing ------------------------------------------------------------------------------
def test_each_contact_who_receives_letters_gets_their_own(services: Services, lead: Services,
                                                           council) -> None:
    child_id = case_with_parents(lead)
    letters = lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    assert [(c.recipient_name, c.large_print) for c in letters] == [
        ("Ms Siobhán Łukasz", False), ("Mr Tomasz Łukasz", True)]
    mum, dad = (text_of(lead.letters.render([c.stored])) for c in letters)
    assert "Dear Ms Łukasz" in mum and "Mr Tomasz Łukasz" not in mum
    assert "Dear Mr Łukasz" in dad and "Kingfisher Court" in dad
    assert "Nan Smith" not in mum + dad


def test_large_print_is_set_large(lead: Services, council, tmp_path: Path) -> None:
    child_id = case_with_parents(lead)
    mum, dad = lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    sizes = {}
    for name, letter in (("mum", mum), ("dad", dad)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(lead.letters.render([letter.stored]))
        bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
        line = next(x for x in bbox.splitlines() if ">Dear<" in x)
        top, bottom = (float(line.split(f'{k}="')[1].split('"')[0]) for k in ("yMin", "yMax"))
        sizes[name] = bottom - top
    assert sizes["dad"] >= 1.4 * sizes["mum"]  # 16 pt against 11 pt


def test_every_appealable_letter_carries_the_rights_with_their_dates(
        lead: Services, council) -> None:
    child_id = case_with_parents(lead)
    typed = {"reasons": "Zoë's needs are met in school.", "cease_date": "31 July 2027"}
    with lead.database.write(None) as uow:  # the assessment letters need a request
        from caseworker_app.codes import AssessmentKind, AssessmentRequester
        from caseworker_app.db.tables import NeedsAssessment
        uow.session.add(NeedsAssessment(child_id=child_id, kind=AssessmentKind.REASSESSMENT,
                                        requested_by=AssessmentRequester.PARENT,
                                        request_received_on=date(2026, 9, 1)))
    for kind in (k for k, info in CATALOGUE.items() if info.appealable):
        letters = lead.letters.compose(LetterRequest(child_id, kind, date(2026, 12, 31), typed,
                                                     contact_ids=None))
        text = " ".join(text_of(lead.letters.render([letters[0].stored])).split())
        assert "28 February 2027" in text, kind  # appeal and mediation: 2 months, month end
        for needed in ("Your right to appeal", "Mediation", "Marlshire Mediation",
                       "0808 157 0123", "Disagreement resolution", "Marlshire DRS",
                       "Marlshire SENDIASS", "the SEND Team on 01632 960000",
                       "Private and confidential", "Dr Helen Okafor"):
            assert needed in text, (kind, needed)
    not_assessing = lead.letters.compose(LetterRequest(child_id, LetterKind.NOT_ASSESS,
                                                       LETTER_DAY, typed))[0]
    assert "Zoë's needs are met in school." in text_of(
        lead.letters.render([not_assessing.stored]))


def test_what_is_missing_is_said_with_where_to_fill_it_in(services: Services, lead: Services
                                                          ) -> None:
    child_id = case_with_parents(lead, meeting_held=None)
    with pytest.raises(LetterError) as missing_council:
        lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    assert "council's details are not complete" in str(missing_council.value)
    assert "the mediation service" in str(missing_council.value)
    lead.letters.save_organisation(ORG)
    with pytest.raises(LetterError) as no_meeting:
        lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    assert "Reviews tab" in no_meeting.value.problems[0]
    with pytest.raises(LetterError) as no_reasons:
        lead.letters.compose(LetterRequest(child_id, LetterKind.NOT_AMENDING, LETTER_DAY))
    assert "reasons" in no_reasons.value.problems[0]
    with pytest.raises(LetterError) as nothing_proposed:
        lead.letters.compose(LetterRequest(child_id, LetterKind.AMENDMENT_NOTICE, LETTER_DAY))
    assert "propose amendments on the Plan tab" in nothing_proposed.value.problems[0]


def test_the_amendment_notice_encloses_the_changes_and_the_plan_in_force(
        lead: Services, council) -> None:
    child_id = case_with_parents(lead)
    proposed = lead.plans.propose_amendments(child_id)  # of the plan issued in 2025
    lead.plans.save_section(proposed.version_id, replace(
        proposed.section(PlanSection.A), body="Zoë loves trains and buses."))
    mum = lead.letters.compose(LetterRequest(child_id, LetterKind.AMENDMENT_NOTICE,
                                             LETTER_DAY))[0]
    assert [e.old is not None for e in mum.stored.enclosures] == [True, False]
    pdf = lead.letters.render([mum.stored])
    text = text_of(pdf)
    assert "8 December 2026" in text  # 15 days to comment
    assert "Asking for a particular school or college" in text
    assert "Zoë loves trains and buses." in text  # the redline
    assert "EHC plan version 1" in text  # the plan in force, enclosed
    assert page_count(pdf) >= 4


# ----- printing and the log -------------------------------------------------------------------
def test_printing_records_each_letter_on_the_chronology_and_reproduces_it(
        lead: Services, council, tmp_path: Path) -> None:
    child_id = case_with_parents(lead)
    letters = lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    path = tmp_path / "out.pdf"
    issued = lead.letters.print_letters(letters, path)
    assert path.exists() and page_count(path.read_bytes()) >= 4
    assert [i.recipient_name for i in issued] == ["Ms Siobhán Łukasz", "Mr Tomasz Łukasz"]
    assert issued[0].print_run_id == issued[1].print_run_id is not None
    logged = lead.letters.issued(child_id)
    assert {i.content_sha256 for i in logged} == {c.content_sha256 for c in letters}
    detail = lead.cases.case_detail(child_id)
    entries = [e for e in detail.chronology if e.kind == ChronologyKind.LETTER]
    assert len(entries) == 2
    dad_entry = next(e for e in entries if "Tomasz" in e.summary)
    assert "(large print)" in dad_entry.summary
    assert letters[1].content_sha256 in dad_entry.body
    assert "built-in" in dad_entry.body
    again = lead.letters.reproduce(issued[1].id)
    assert again == lead.letters.render([letters[1].stored])  # byte for byte


def test_a_tampered_log_entry_is_not_reproduced(lead: Services, council, tmp_path: Path
                                                ) -> None:
    child_id = case_with_parents(lead)
    letters = lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    issued = lead.letters.print_letters(letters, tmp_path / "out.pdf")
    with lead.database.write(None) as uow:
        row = uow.session.get(LetterIssued, issued[0].id)
        stored = json.loads(row.document)
        stored["letter"]["recipient"]["name"] = "Someone Else"
        row.document = json.dumps(stored)
    with pytest.raises(ValidationError) as refused:
        lead.letters.reproduce(issued[0].id)
    assert "altered" in str(refused.value)


def test_a_cancelled_print_run_leaves_no_file_and_no_log(lead: Services, council,
                                                         tmp_path: Path) -> None:
    child_id = case_with_parents(lead)
    letters = lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    out = tmp_path / "letters"
    out.mkdir()
    with pytest.raises(RenderCancelled):
        lead.letters.print_letters(letters, out / "run.pdf", cancelled=lambda: True)
    assert list(out.iterdir()) == []
    with lead.database.read() as session:
        assert session.scalar(select(func.count()).select_from(LetterIssued)) == 0
        assert session.scalar(select(func.count()).select_from(ChronologyEntry).where(
            ChronologyEntry.kind == ChronologyKind.LETTER)) == 0


def test_a_print_run_leaves_out_cases_that_cannot_have_the_letter(lead: Services, council,
                                                                  tmp_path: Path) -> None:
    ready = [case_with_parents(lead) for _ in range(3)]
    no_meeting = case_with_parents(lead, meeting_held=None)
    seen: list[tuple[int, int]] = []
    run = lead.letters.compose_run([*ready, no_meeting], LetterKind.MAINTAIN, LETTER_DAY,
                                   progress=lambda done, total: seen.append((done, total)))
    assert len(run.letters) == 6  # two parents each
    assert [(s.child_id, s.child_name) for s in run.skipped] == [(no_meeting, "Zoë Łukasz")]
    assert "Reviews tab" in run.skipped[0].reason
    assert seen[-1] == (4, 4)
    issued = lead.letters.print_letters(run.letters, tmp_path / "run.pdf")
    assert len({i.print_run_id for i in issued}) == 1
    alone = sum(page_count(lead.letters.render([c.stored])) for c in run.letters)
    assert page_count((tmp_path / "run.pdf").read_bytes()) == alone >= 12


def test_sections_text_is_not_lost_when_enclosed(lead: Services, council) -> None:
    """A draft plan cover encloses the draft, watermarked."""
    officer = lead.reference.profile()
    child_id = lead.cases.open_case(NewCase(
        legal_forename="Amir", legal_surname="Khan", date_of_birth=date(2016, 1, 5),
        sex=Sex.MALE, primary_need=Need.SLCN, officer_id=officer.id)).child_id
    lead.cases.save_contact(child_id, contact("Aisha", "Khan"))
    draft = lead.plans.start_draft(child_id)
    lead.plans.save_section(draft.version_id, SectionText(
        draft.section(PlanSection.A).id, PlanSection.A, "Amir likes football.",
        row_version=draft.section(PlanSection.A).row_version))
    with lead.database.write(None) as uow:
        from caseworker_app.codes import AssessmentKind, AssessmentRequester
        from caseworker_app.db.tables import NeedsAssessment
        uow.session.add(NeedsAssessment(child_id=child_id, kind=AssessmentKind.NEW,
                                        requested_by=AssessmentRequester.PARENT,
                                        request_received_on=date(2026, 8, 3)))
    letter = lead.letters.compose(LetterRequest(child_id, LetterKind.DRAFT_PLAN_COVER,
                                                LETTER_DAY))[0]
    text = text_of(lead.letters.render([letter.stored]))
    assert "Amir likes football." in text and "DRAFT" in text
    assert "21 December 2026" in text  # the final plan 20 weeks from 3 August
