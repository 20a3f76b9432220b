"""What the EHC plan PDFs say, as plain text and letter blocks (no reportlab here).

Shared by `pdf_plan` (the plan), `pdf_redline` (the proposed amendments) and any letter
that quotes a plan: the sections' formal titles, the labels a family uses to talk about
items ("need B2", "provision F3"), the "no needs identified" statements, the version's
status line, and `redline_blocks`, which turns two versions into `Heading` and `Redline`
blocks a letter or the redline document prints.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from caseworker_app.codes import PlanSection, PlanVersionKind
from caseworker_app.entities_plan import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    PlanDocument,
    PlanItem,
    SectionText,
)
from caseworker_app.export.letter_document import (
    Block,
    Heading,
    Paragraph,
    Redline,
    RedlineField,
    RedlineItem,
)
from caseworker_app.plan_diff import (
    ItemDiff,
    PlanDiff,
    changed_sections,
    compare,
    render_section_text,
)
from caseworker_app.rules.calendar import long_date

S = PlanSection

# What each section must contain, in the words of the SEND Regulations 2014 reg 12(1) and the
# SEND Code of Practice 9.62 (send-domain.md section 2), printed under each section heading.
SECTION_DESCRIPTIONS: dict[PlanSection, str] = {
    S.A: "The views, interests and aspirations of the child and their parents, or of the "
         "young person.",
    S.B: "The child or young person's special educational needs.",
    S.C: "The child or young person's health needs which relate to their special "
         "educational needs.",
    S.D: "The child or young person's social care needs which relate to their special "
         "educational needs or to a disability.",
    S.E: "The outcomes sought for the child or young person, including outcomes for adult "
         "life from Year 9.",
    S.F: "The special educational provision required by the child or young person, for "
         "each of their needs.",
    S.G: "Any health provision reasonably required by the learning difficulties or "
         "disabilities which result in the child or young person having special educational "
         "needs.",
    S.H1: "Any social care provision which must be made for the child or young person under "
          "section 2 of the Chronically Sick and Disabled Persons Act 1970.",
    S.H2: "Any other social care provision reasonably required by the learning difficulties "
          "or disabilities which result in the child or young person having special "
          "educational needs.",
    S.I: "The name and type of the school or other institution to be attended by the child "
         "or young person, or the type only.",
    S.J: "Where there is a personal budget, the needs and outcomes it covers and how it will "
         "be used.",
    S.K: "The advice and information gathered during the EHC needs assessment.",
}
NOTHING_RECORDED = "Nothing is recorded in this section."
DRAFT_SETTING = "A draft plan does not name a school or other setting."
_KIND_NOUN = {"need": "Need", "outcome": "Outcome", "provision": "Provision",
              "advice": "Advice"}
_STATUS = {"added": "added", "removed": "taken out", "changed": "changed"}


def section_heading(section: PlanSection) -> str:
    """"Section B: Special educational needs"."""
    return f"Section {section.label}"


def is_final(doc: PlanDocument) -> bool:
    """Whether `doc` is an issued final plan (the only kind printed without "DRAFT")."""
    return doc.kind == PlanVersionKind.FINAL and not doc.editable


def status_line(doc: PlanDocument) -> str:
    """"Final plan, issued 1 September 2026", "Draft plan, not issued"."""
    if is_final(doc) and doc.issued_on is not None:
        return f"{doc.kind.label}, issued {long_date(doc.issued_on)}"
    return f"{doc.kind.label}, not issued"


def issue_text(doc: PlanDocument) -> str:
    """The issue date as the cover prints it, or "Draft"."""
    if is_final(doc) and doc.issued_on is not None:
        return long_date(doc.issued_on)
    return "Draft"


def none_statement(section: PlanSection) -> str:
    """The explicit "No health needs identified." statement of a C, D, G, H1 or H2."""
    return render_section_text(section, SectionText(None, section, none_identified=True))


def _label(section: PlanSection, number: int) -> str:
    # "H1" and "H2" are sections already: their items read "H1.2", not "H12"
    return f"{section.value}.{number}" if len(section.value) > 1 else f"{section.value}{number}"


def item_labels(doc: PlanDocument) -> dict[uuid.UUID, str]:
    """Every item's label by id: needs B1, C1..., outcomes E1..., provision F1, H1.1...,
    advice K1..., numbered in order within their section."""
    labels: dict[uuid.UUID, str] = {}

    def number(section: PlanSection, items: Iterable[PlanItem]) -> None:
        for index, item in enumerate(sorted(items, key=lambda i: i.position), 1):
            if item.id is not None:
                labels[item.id] = _label(section, index)

    for section in NEED_SECTIONS:
        number(section, doc.needs_in(section))
    number(S.E, doc.outcomes)
    for section in PROVISION_SECTIONS:
        number(section, doc.provisions_in(section))
    number(S.K, doc.advice)
    return labels


def need_refs(need_ids: Iterable[uuid.UUID], labels: dict[uuid.UUID, str]) -> str:
    """The labels of linked needs, "B1, C2" (a need not in this plan shows as "?")."""
    return ", ".join(labels.get(i, "?") for i in need_ids)


# --- The redline ---------------------------------------------------------------------------

def _item_title(item: ItemDiff, new: dict[uuid.UUID, str], old: dict[uuid.UUID, str]) -> str:
    now = new.get(item.new_id) if item.new_id else None
    before = old.get(item.old_id) if item.old_id else None
    if now is None:  # removed: its label in the current plan, which the family has
        label = f"{before} of the current plan" if before else "of the current plan"
    elif before and before != now:
        label = f"{now} (was {before})"
    else:
        label = now
    return f"{_KIND_NOUN[item.kind]} {label}: {_STATUS[item.status]}"


def redline_items(diff: PlanDiff, section: PlanSection, old: PlanDocument | None,
                  new: PlanDocument) -> list[RedlineItem]:
    """The changes in one section: its text, then each added, removed or changed item."""
    part = diff.sections[section]
    items: list[RedlineItem] = []
    if any(c.op != "equal" for c in part.text):
        items.append(RedlineItem("Text of the section: changed",
                                 (RedlineField("", tuple(part.text)),)))
    new_labels = item_labels(new)
    old_labels = item_labels(old) if old is not None else {}
    for item in part.items:
        if item.status == "unchanged":
            continue
        fields = tuple(RedlineField(f.label, tuple(f.chunks)) for f in item.fields)
        items.append(RedlineItem(_item_title(item, new_labels, old_labels), fields))
    return items


def redline_blocks(old: PlanDocument | None, new: PlanDocument) -> tuple[Block, ...]:
    """What changed from `old` to `new`, section by section, as letter blocks: a summary
    paragraph, then each changed section's heading and its change list."""
    diff = compare(old, new)
    changed = changed_sections(diff)
    if not changed:
        return (Paragraph("Nothing has changed from the current plan."),)
    unchanged = [s.value for s in PlanSection if s not in changed]
    summary = "Sections changed: **" + ", ".join(s.value for s in changed) + "**."
    if unchanged:
        summary += " Not changed: " + ", ".join(unchanged) + "."
    blocks: list[Block] = [Paragraph(summary)]
    for index, section in enumerate(changed):
        blocks.append(Heading(section_heading(section), level=2))
        blocks.append(Redline(tuple(redline_items(diff, section, old, new)),
                              show_key=index == 0))
    return tuple(blocks)
