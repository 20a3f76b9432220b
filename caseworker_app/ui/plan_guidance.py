"""What good looks like in each section of an EHC plan: a few plain-English lines shown at
the top of the section in the plan editor, each ending with where it comes from.

Paraphrased from the team's domain reference (shared/reference/send-domain.md, section 2),
which gives the regulations, the Code of Practice and the published local authority
quality standards behind each point.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseworker_app.codes import PlanSection

S = PlanSection


@dataclass(frozen=True, slots=True)
class Guidance:
    """What a section must contain, and the points a quality check looks for."""

    must: str  # what the law requires the section to contain
    good: tuple[str, ...]  # what good looks like, one point a line
    source: str  # where it comes from


GUIDANCE: dict[PlanSection, Guidance] = {
    S.A: Guidance(
        "The views, interests and aspirations of the child and their parents, or of the "
        "young person.",
        ("Say how the views were gathered, and give the child's voice in their own words.",
         "Record short- and long-term aspirations, and carry them through into section E.",
         "Avoid generic statements that could be about any child."),
        "SEND Regulations 2014 reg 12(1)(a); good-quality plan checklist"),
    S.B: Guidance(
        "Every special educational need the child or young person has.",
        ("Start from strengths, current functioning and attainment.",
         "Describe each need clearly, one need an item, so that each can be matched to "
         "provision in F and an outcome in E (the golden thread)."),
        "SEND Regulations 2014 reg 12; good-quality plan checklist"),
    S.C: Guidance(
        "Health needs related to the child's special educational needs.",
        ("If there are none, say so explicitly: tick the box below. A blank section C is a "
         "common failure.",),
        "SEND Regulations 2014 reg 12; good-quality plan checklist"),
    S.D: Guidance(
        "Social care needs related to the child's special educational needs or disability.",
        ("If there are none, say so explicitly: tick the box below. A blank section D is a "
         "common failure.",),
        "SEND Regulations 2014 reg 12; good-quality plan checklist"),
    S.E: Guidance(
        "The outcomes sought for the child or young person.",
        ("Make each outcome SMART: specific, measurable, achievable, relevant and with a "
         "time by when.",
         "Write it from the child's point of view, not the service's.",
         "From Year 9, include outcomes that prepare for adulthood.",
         "Link each outcome to the needs it answers."),
        "SEND Code of Practice 9.61, 9.66"),
    S.F: Guidance(
        "Special educational provision for every need in section B.",
        ("Be detailed, specific and normally quantified: what, who, how often, for how long, "
         "group size and the expertise of the person delivering it.",
         "“Support”, “input”, “interventions”, “access to” and “opportunities” are "
         "unlikely to be enough on their own; “regular” and “as required” say nothing "
         "about how much.",
         "The plan is a free-standing legal document: more detail is expected for a "
         "mainstream placement."),
        "SEND Code of Practice 9.69; Worcestershire CC v SE [2020] UKUT 217 (AAC)"),
    S.G: Guidance(
        "Health provision reasonably required by the child's learning difficulties or "
        "disabilities.",
        ("It must be agreed by the responsible health commissioning body.",
         "Quantify it as in section F. If there is none, tick the box below."),
        "SEND Regulations 2014 reg 12(2)"),
    S.H1: Guidance(
        "Social care provision under section 2 of the Chronically Sick and Disabled Persons "
        "Act 1970.",
        ("Keep H1 and H2 separate; a blank or merged section is a common failure.",
         "If there is none, tick the box below."),
        "SEND Regulations 2014 reg 12; Devon Local Offer"),
    S.H2: Guidance(
        "Any other social care provision reasonably required, including adult care under the "
        "Care Act 2014.",
        ("Keep H1 and H2 separate; a blank or merged section is a common failure.",
         "If there is none, tick the box below."),
        "SEND Regulations 2014 reg 12; Devon Local Offer"),
    S.I: Guidance(
        "The name and type of the school or other setting, or the type only if no setting is "
        "named.",
        ("Leave it blank in a draft plan: the family may ask for a setting first.",
         "A named setting must admit the child or young person."),
        "Children and Families Act 2014 s.38-40; SEND Regulations 2014 reg 12"),
    S.J: Guidance(
        "Where any provision is made through a direct payment: the needs and outcomes it "
        "covers, and the details of the personal budget.",
        (),
        "SEND Regulations 2014 reg 12"),
    S.K: Guidance(
        "All the advice and information gathered during the assessment, listed as "
        "appendices.",
        ("The evidence for sections B, C and D should trace back to an item here.",),
        "IPSEA, what sections an EHC plan should have; good-quality plan checklist"),
}


def must_html(section: PlanSection) -> str:
    """What the section must contain, as one rich-text sentence."""
    return f"<b>Must contain:</b> {GUIDANCE[section].must}"


def good_html(section: PlanSection) -> str:
    """What good looks like in the section, as a short list, then the source."""
    guide = GUIDANCE[section]
    points = "".join(f"<li>{point}</li>" for point in guide.good)
    listed = f"<ul style='margin:0 0 2px -20px'>{points}</ul>" if points else ""
    return f"{listed}<i>Source: {guide.source}</i>"


def guidance_html(section: PlanSection) -> str:
    """The section's whole guidance: what it must contain, what good looks like, the source."""
    return f"{must_html(section)}{good_html(section)}"
