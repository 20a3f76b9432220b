"""EHC plans, the redline of proposed amendments and the amendments pack rendered to PDF,
from plans built by the real plan service on a migrated database, read back with pypdf and
pdftotext."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from caseworker_app.codes import Need, PlanSection, PlanVersionKind, Sex
from caseworker_app.entities import NewCase
from caseworker_app.entities_plan import (
    AdviceItem,
    NeedItem,
    OutcomeItem,
    PlanDocument,
    ProvisionItem,
)
from caseworker_app.export import letter_document as ld
from caseworker_app.export.pdf_pack import amendment_pack, render_pack
from caseworker_app.export.pdf_plan import PlanPart, render_plan
from caseworker_app.export.pdf_plan_model import (
    SECTION_DESCRIPTIONS,
    item_labels,
    none_statement,
    redline_blocks,
    section_heading,
)
from caseworker_app.export.pdf_redline import RedlinePart, render_redline
from caseworker_app.export.pdf_style import DELETED, INSERTED

S = PlanSection
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CASEWORKER_UPDATE_GOLDEN") == "1"
COVER = ld.PlanCover("Zoë Łukasz", date(2016, 2, 3), ld.Organisation("Northshire Council"),
                     "CW-1042")


@dataclass(frozen=True)
class Plans:
    draft: PlanDocument  # the first draft, as it was just before issue
    final: PlanDocument  # the same, issued on 1 September 2026
    proposed: PlanDocument  # proposed amendments to it


@pytest.fixture
def plans(services, officer) -> Plans:
    """A real plan: every section filled or marked as having nothing, issued, then amended:
    one provision row reworded, one need added, one piece of advice taken out, I changed."""
    case = services.cases.open_case(NewCase(
        legal_forename="Zoë", legal_surname="Łukasz", date_of_birth=date(2016, 2, 3),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=officer.id))
    service = services.plans
    doc = service.start_draft(case.child_id)
    v = doc.version_id

    def section(s: PlanSection, **fields: object) -> None:
        service.save_section(v, replace(service.document(v).section(s), **fields))

    section(S.A, body="Zoë loves horses and singing. She wants to be a vet.",
            detail="Met at home with her mum; Zoë drew her school day.")
    words = service.save_need(v, NeedItem(None, S.B, "Understanding spoken instructions"))
    reading = service.save_need(v, NeedItem(None, S.B, "Reading two years below her age"))
    hearing = service.save_need(v, NeedItem(None, S.C, "Glue ear in both ears"))
    for s in (S.D, S.H1, S.H2):
        section(s, none_identified=True)
    service.save_outcome(v, OutcomeItem(
        None, "Follows a three-step instruction in class without help", by_when="July 2027",
        measure="Class teacher observation each half term", need_ids=(words.id, hearing.id)))
    service.save_provision(v, ProvisionItem(
        None, S.F, "Speech and language therapy", who="Speech and language therapist",
        how_often="Once a week", how_long="30 minutes, for the school year",
        group_size="1:1", expertise="HCPC registered", need_ids=(words.id,)))
    service.save_provision(v, ProvisionItem(
        None, S.F, "Phonics programme", who="Teaching assistant", how_often="Daily",
        how_long="20 minutes", group_size="Up to 4", expertise="Trained by the SENCo",
        need_ids=(reading.id,)))
    service.save_provision(v, ProvisionItem(
        None, S.G, "Audiology review", who="NHS audiology", how_often="Every 6 months",
        need_ids=(hearing.id,)))
    section(S.I, body="Riverside Primary", detail="Mainstream primary")
    section(S.J, body="No personal budget has been requested.")
    service.save_advice(v, AdviceItem(None, "Dr Ana Nguyễn", "Educational psychologist",
                                      date(2026, 1, 14)))
    service.save_advice(v, AdviceItem(None, "Siobhán Kelly", "Class teacher",
                                      date(2026, 1, 20)))
    draft = service.document(v)
    final = service.issue_final(v, date(2026, 9, 1))

    proposed = service.propose_amendments(case.child_id)
    p = proposed.version_id
    therapy = proposed.provisions_in(S.F)[0]
    service.save_provision(p, replace(therapy, how_often="Twice a week"))
    service.save_need(p, NeedItem(None, S.B, "Anxious at break times"))
    service.remove_item(p, proposed.advice[1].id)
    service.save_section(p, replace(service.document(p).section(S.I),
                                    body="Riverside Academy"))
    return Plans(draft, final, service.document(p))


def pdftotext(pdf: bytes, *args: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (dev.py test does)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "in.pdf")
        path.write_bytes(pdf)
        return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")


def pages(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


# --- The plan ------------------------------------------------------------------------------

def test_cover_names_the_child_version_and_issue(plans: Plans) -> None:
    final = pages(render_plan(plans.final, COVER))[0]
    for expected in ("Education, Health and Care Plan", "Zoë Łukasz", "Date of birth: 3 "
                     "February 2016", "Plan version: 1", "Status: Final plan",
                     "Issued: 1 September 2026", "Reference: CW-1042", "Northshire Council"):
        assert expected in final
    draft = pages(render_plan(plans.draft, COVER))[0]
    assert "Status: Draft plan" in draft and "Issued: Draft" in draft


def test_sections_a_to_k_come_in_order_with_their_titles(plans: Plans) -> None:
    text = flat(pdftotext(render_plan(plans.final, COVER)))
    body = text[text.index("Section K: Advice and information") + 1:]  # after the cover
    positions = [body.index(f"{section_heading(s)} {SECTION_DESCRIPTIONS[s]}")
                 for s in PlanSection]
    assert positions == sorted(positions)
    assert "Zoë loves horses and singing." in body
    assert "How the views were gathered Met at home with her mum" in body


def test_needs_outcomes_and_provision_carry_their_labels(plans: Plans) -> None:
    labels = item_labels(plans.final)
    assert sorted(labels.values()) == ["B1", "B2", "C1", "E1", "F1", "F2", "G1", "K1", "K2"]
    text = pdftotext(render_plan(plans.final, COVER), "-layout")
    assert re.search(r"B1\s+Understanding spoken instructions", text)
    assert re.search(r"C1\s+Glue ear in both ears", text)
    assert re.search(r"E1\s+Follows a three-step.*B1, C1", text)  # the needs it meets
    # each provision row: its label, then the label of the need it meets, then what it is
    assert re.search(r"F1\s+B1\s+Speech and", text)
    assert re.search(r"F2\s+B2\s+Phonics", text)
    assert re.search(r"G1\s+C1\s+Audiology review", text)
    assert re.search(r"K1\s+Dr Ana Nguyễn\s+Educational psychologist\s+14 January 2026",
                     text)
    flat_text = flat(text)
    for s in (S.D, S.H1, S.H2):
        assert none_statement(s) in flat_text
    assert "Name of setting: Riverside Primary" in flat_text
    assert "Type of setting: Mainstream primary" in flat_text


def test_draft_carries_a_watermark_on_every_page_and_final_none(plans: Plans) -> None:
    draft = pages(render_plan(plans.draft, COVER))
    final = pages(render_plan(plans.final, COVER))
    proposed = pages(render_plan(plans.proposed, COVER))
    assert len(draft) >= 3 and all("DRAFT" in page for page in draft)
    assert all("DRAFT" in page for page in proposed)
    assert not any("DRAFT" in page for page in final)


def test_every_page_names_the_child_and_counts_pages(plans: Plans) -> None:
    texts = pages(render_plan(plans.final, COVER))
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Zoë Łukasz: EHC plan version 1, Final plan, issued 1 September 2026" in text


def test_large_print_plan_is_16_point_and_uses_cards(plans: Plans) -> None:
    pdf = render_plan(plans.final, COVER, large_print=True)
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if "Speech and language therapy" in text:
            sizes.add(round(size * abs(tm[3]) * abs(cm[3]), 2))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    assert sizes == {16.0}
    text = pdftotext(pdf, "-layout")
    assert re.search(r"How often\s+Once a week", text)  # label beside value, one per line
    assert len(pages(pdf)) > len(pages(render_plan(plans.final, COVER)))


def test_plan_rendering_is_deterministic(plans: Plans) -> None:
    assert render_plan(plans.draft, COVER) == render_plan(plans.draft, COVER)


# --- The redline ---------------------------------------------------------------------------

def test_redline_lists_each_change_under_its_label(plans: Plans) -> None:
    blocks = redline_blocks(plans.final, plans.proposed)
    assert isinstance(blocks[0], ld.Paragraph)
    assert blocks[0].text == ("Sections changed: **B, F, I, K**. Not changed: A, C, D, E, "
                              "G, H1, H2, J.")
    titles = [item.title for b in blocks if isinstance(b, ld.Redline) for item in b.items]
    assert titles == ["Need B3: added", "Provision F1: changed",
                      "Text of the section: changed", "Advice K2 of the current plan: taken out"]


def test_redline_pdf_shows_old_and_new_words(plans: Plans) -> None:
    pdf = render_redline(plans.final, plans.proposed, COVER)
    text = flat(pdftotext(pdf))
    assert "Proposed amendments to the EHC plan" in text
    assert "version 1, issued on 1 September 2026" in text
    assert "How often: Once Twice a week" in text  # the old word, then the new
    assert "Name of setting: Riverside Primary Academy" in text
    assert "Need: Anxious at break times" in text
    assert "Author: Siobhán Kelly" in text
    assert "Page 1 of 1" in text


def test_redline_marks_survive_black_and_white_printing(plans: Plans) -> None:
    """Deleted words are struck through and inserted ones underlined: lines drawn through
    and under the text, in the same red and blue as the words."""
    content = PdfReader(io.BytesIO(render_redline(plans.final, plans.proposed, COVER))
                        ).pages[0].get_contents().get_data().decode("latin-1")
    colours = {(op, tuple(round(float(v), 2) for v in rgb.split()))
               for rgb, op in re.findall(r"([\d.]+ [\d.]+ [\d.]+) (RG|rg)", content)}
    for colour in (DELETED, INSERTED):
        rgb = tuple(round(v, 2) for v in (colour.red, colour.green, colour.blue))
        assert ("rg", rgb) in colours  # the words
        assert ("RG", rgb) in colours  # the lines through and under them
    assert re.search(r"\d m [\d.]+ [\d.]+ l S", content)


def _unchanged_copy(doc: PlanDocument) -> PlanDocument:
    """What "propose amendments" makes before any edit: every item copied, naming its
    original in source_id, links moved to the copied needs."""
    new_id = {item.id: uuid.uuid4() for item in (*doc.needs, *doc.outcomes, *doc.provisions,
                                                 *doc.advice)}

    def copy(item):
        links = {"need_ids": tuple(new_id[i] for i in item.need_ids)} if hasattr(
            item, "need_ids") else {}
        return replace(item, id=new_id[item.id], source_id=item.id, **links)

    return replace(doc, version_id=uuid.uuid4(), needs=tuple(map(copy, doc.needs)),
                   outcomes=tuple(map(copy, doc.outcomes)),
                   provisions=tuple(map(copy, doc.provisions)),
                   advice=tuple(map(copy, doc.advice)))


def test_nothing_changed_says_so(plans: Plans) -> None:
    assert redline_blocks(plans.final, _unchanged_copy(plans.final)) == (
        ld.Paragraph("Nothing has changed from the current plan."),)


# --- The pack ------------------------------------------------------------------------------

def _letter(large: bool = False) -> ld.LetterDocument:
    return ld.LetterDocument(
        ld.Organisation("Northshire Council"),
        ld.Recipient("Ms Zoë Łukasz", ("1 Road", "NT1 2AB"), large_print=large),
        date(2026, 9, 20), "Proposed amendments to Zoë's EHC plan",
        ld.blocks_from_text("Dear Ms Łukasz,\n\nWe propose changes.\n"))


def test_pack_numbers_each_part_on_its_own(plans: Plans) -> None:
    pdf = amendment_pack(_letter(), plans.final, plans.proposed, COVER)
    texts = pages(pdf)
    plan_pages = len(pages(render_plan(plans.final, COVER)))
    redline_pages = len(pages(render_redline(plans.final, plans.proposed, COVER)))
    assert len(texts) == 1 + redline_pages + plan_pages
    numbers = ["Page 1 of 1"] + [f"Page {i} of {redline_pages}" for i in
                                 range(1, redline_pages + 1)]
    numbers += [f"Page {i} of {plan_pages}" for i in range(1, plan_pages + 1)]
    for text, number in zip(texts, numbers, strict=True):
        assert number in text
    assert "Private and confidential" in texts[0]
    assert "Proposed amendments to the EHC plan" in texts[1]
    assert "Education, Health and Care Plan" in texts[1 + redline_pages]
    assert not any("DRAFT" in t for t in texts)  # the current plan is the final one


def test_pack_follows_the_readers_large_print(plans: Plans) -> None:
    normal = amendment_pack(_letter(), plans.final, plans.proposed, COVER)
    large = amendment_pack(_letter(large=True), plans.final, plans.proposed, COVER)
    assert len(pages(large)) > len(pages(normal))


def test_pack_of_any_parts_is_deterministic(plans: Plans) -> None:
    parts = [RedlinePart(plans.final, plans.proposed, COVER), PlanPart(plans.proposed, COVER)]
    assert render_pack(parts) == render_pack(parts)
    assert plans.proposed.kind == PlanVersionKind.PROPOSED_AMENDMENTS


# --- Golden files (see test_pdf_letter.py for how to regenerate them) ----------------------

@pytest.mark.parametrize("name", ["plan_final", "plan_redline"])
def test_layout_matches_the_golden_file(plans: Plans, name: str) -> None:
    pdf = (render_plan(plans.final, COVER) if name == "plan_final"
           else render_redline(plans.final, plans.proposed, COVER))
    text = pdftotext(pdf, "-layout")
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file: run with CASEWORKER_UPDATE_GOLDEN=1 ({golden})"
    assert text == golden.read_text(encoding="utf-8")


def test_an_empty_draft_says_what_is_missing() -> None:
    empty = PlanDocument(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), 1, PlanVersionKind.DRAFT,
                         None, None, True)
    pdf = render_plan(empty, ld.PlanCover("Łukasz Nguyễn"))
    text = flat(pdftotext(pdf))
    # every section but I, and A twice (its views and how they were gathered)
    assert text.count("Nothing is recorded in this section.") == 12
    assert "A draft plan does not name a school or other setting." in text
    cover = pages(pdf)[0]  # in drawing order: the watermark first, then the text
    assert cover.startswith("DRAFT") and "Date of birth: Not recorded" in cover


def test_large_print_redline_renders(plans: Plans) -> None:
    pdf = render_redline(plans.final, plans.proposed, COVER, large_print=True)
    assert "How often: Once Twice a week" in flat(pdftotext(pdf))
    assert len(pages(pdf)) > 1
