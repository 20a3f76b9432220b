"""The wording of sections A to K of a plan version, from the child's needs and setting."""

from __future__ import annotations

from datetime import date, timedelta

from caseworker_app.codes import PlanSection
from caseworker_app.demo.chance import Dice
from caseworker_app.demo.people import ChildFacts
from caseworker_app.demo.vocabulary import (
    INTERESTS,
    NEED_TEXT,
    OLDER_VOICES,
    VAGUE_PROVISION,
    YOUNG_VOICES,
    NeedText,
)


def stage_end(year: int) -> str:
    """The end of the key stage (or course) a child in `year` is in."""
    if year <= 0:
        return "the Reception year"
    if year <= 2:
        return "Key Stage 1"
    if year <= 6:
        return "Key Stage 2"
    if year <= 9:
        return "Key Stage 3"
    if year <= 11:
        return "Year 11"
    return "Year 13" if year <= 13 else "the current college course"


def _outcome(child: ChildFacts, text: NeedText) -> str:
    """Section E: the need's outcome by the end of the key stage, and adulthood from Year 9."""
    n = child.first
    outcome = f"By the end of {stage_end(child.year)}, {text.outcome.format(n=n)}."
    if child.year >= 9:
        outcome += f" Preparing for adulthood: by 19, {n} will travel independently to college."
    return outcome


def _social_care(child: ChildFacts) -> str:
    """Section D: foster care for a looked-after child, otherwise no identified needs."""
    if child.looked_after:
        return f"{child.first} is looked after by the local authority and lives with foster carers."
    return (f"No social care needs related to {child.first}'s SEN or disability have been "
            "identified.")


def _provision(dice: Dice, text: NeedText, name: str) -> str:
    """Section F: quantified, but deliberately vague in about 1 plan in 6."""
    roll = dice.random()
    vague = dice.choice(VAGUE_PROVISION).format(n=name)
    if roll < 0.1:
        return vague
    if roll < 0.17:
        return f"{text.provision} {vague}"
    return text.provision


def section_texts(dice: Dice, child: ChildFacts, on: date) -> dict[PlanSection, str]:
    """Short, plausible text for sections A-K of one plan version."""
    n, text = child.first, NEED_TEXT[child.need]
    extra = NEED_TEXT[child.secondary] if child.secondary else None
    voice = dice.choice(OLDER_VOICES if child.age >= 11 else YOUNG_VOICES)
    return {
        PlanSection.A: f"{n} enjoys {dice.choice(INTERESTS)} and {dice.choice(INTERESTS)}. "
                       f"{n} says: \u201c{voice}\u201d",
        PlanSection.B: text.need.format(n=n) + (f" {extra.need.format(n=n)}" if extra else ""),
        PlanSection.C: (text.health.format(n=n)
                        or "No health needs related to SEN have been identified."),
        PlanSection.D: _social_care(child),
        PlanSection.E: _outcome(child, text),
        PlanSection.F: _provision(dice, text, n),
        PlanSection.G: text.health_provision or "No health provision is required.",
        PlanSection.H1: "No provision under section 2 of the Chronically Sick and Disabled "
                        "Persons Act 1970.",
        PlanSection.H2: ("Support from the allocated social worker under the care plan."
                         if child.looked_after else "None identified."),
        PlanSection.I: _placement(child),
        PlanSection.J: "No personal budget has been requested.",
        PlanSection.K: f"Parent and child views; advice from {text.specialist}; setting report; "
                       f"health advice. Advice gathered by {on - timedelta(days=42):%d/%m/%Y}.",
    }


def _placement(child: ChildFacts) -> str:
    """Section I: the named setting and its type, or why none is named."""
    if child.setting is not None:
        return f"{child.setting.name} ({child.setting.setting_type.label.lower()})."
    if child.year >= 12:
        return "Type of setting: further education college. No setting is named at present."
    return "No setting is named: the family has chosen to educate at home."

