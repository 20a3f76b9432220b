"""The structured rows of the plan in force: its needs, outcome, provision, links and advice.

Drawn from the same wording as the section text, with no random draws of their own, so the
caseload a seed gives is unchanged. Where the section F text is deliberately vague, so is
the row of provision, and its outcome has no measure: the quality checks have something
to find. Proposed amendments get copies naming their originals, as the app makes them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from caseworker_app.codes import Need, PlanSection
from caseworker_app.db.tables import (
    PlanAdvice,
    PlanNeed,
    PlanOutcome,
    PlanOutcomeNeed,
    PlanProvision,
    PlanProvisionNeed,
)
from caseworker_app.demo.batch import Batch
from caseworker_app.demo.people import ChildFacts
from caseworker_app.demo.plan_text import stage_end
from caseworker_app.demo.vocabulary import NEED_TEXT

Rows = list[tuple[Any, dict[str, Any]]]

# Section F for each need as a row: what, who, how often, how long, group size, expertise.
PROVISION: dict[Need, tuple[str, str, str, str, str, str]] = {
    Need.ASD: ("Rehearsal of the day's changes using a visual timetable",
               "Teaching assistant", "Daily", "20 minutes a session, all year", "1:1",
               "Trained in autism by the outreach team"),
    Need.SLCN: ("Speech and language therapy to a programme with termly targets",
                "Speech and language therapist", "Once a week",
                "30 minutes a session, all year", "1:1", "Specialist SALT (HCPC registered)"),
    Need.SEMH: ("Emotional literacy sessions on naming and managing anxiety",
                "ELSA-trained practitioner", "Once a week", "50 minutes a session, all year",
                "1:1", "Emotional literacy support assistant (ELSA) training"),
    Need.MLD: ("Precision teaching of reading and number facts", "Teaching assistant",
               "3 times a week", "10 minutes a session, all year", "1:1",
               "Trained in precision teaching by the educational psychologist"),
    Need.SLD: ("Communication through Makaton and symbols in every lesson", "All class staff",
               "Throughout the school day", "All year", "Class of up to 9 with 3 adults",
               "Makaton training renewed every year"),
    Need.PD: ("Help with personal care and transfers", "Two trained staff", "Daily",
              "2 hours a day, all year", "1:1", "Moving and handling training"),
    Need.SPLD: ("Structured, multi-sensory literacy programme", "Specialist dyslexia teacher",
                "Twice a week", "45 minutes a session, all year", "1:1",
                "Specialist dyslexia teacher (AMBDA or equivalent)"),
    Need.HI: ("Pre-teaching of new vocabulary, with the radio aid in use", "Teaching assistant",
              "3 times a week", "15 minutes a session, all year", "1:1",
              "Trained by a Qualified Teacher of the Deaf"),
    Need.PMLD: ("Sensory curriculum with a daily positioning programme", "Class staff",
                "Daily", "Throughout the school day, all year", "1 adult to 2 pupils",
                "Teacher experienced in PMLD; physiotherapy training"),
    Need.OTH: ("Pre-teaching of key vocabulary", "Teaching assistant", "Daily",
               "30 minutes a session, all year", "1:1", "Trained by the class teacher"),
    Need.VI: ("Teaching from a Qualified Teacher of Vision Impairment",
              "Qualified Teacher of Vision Impairment", "Once a week",
              "1 hour a session, all year", "1:1", "Mandatory qualification in vision"),
    Need.MSI: ("Access to every lesson through an intervenor", "Intervenor",
               "Throughout the school day", "All year", "1:1",
               "Trained in multi-sensory impairment"),
}
PROVISION[Need.DS] = PROVISION[Need.MLD]
MEASURE = "Progress checked against the target each term by the SENCo, with the family"


def add_plan_items(batch: Batch, new_id: Callable[[], str], version_id: str,
                   child: ChildFacts, provision_text: str, on: date) -> Rows:
    """Queue the need, outcome, provision, links and advice of a version; returns them.

    `provision_text` is the version's section F text: when it is not the need's own
    quantified wording it was made vague on purpose, and the row of provision follows it.
    """
    text, n = NEED_TEXT[child.need], child.first
    vague = provision_text != text.provision
    need_id, outcome_id, provision_id = new_id(), new_id(), new_id()
    what, who, often, long, group, expertise = PROVISION[child.need]
    if vague:
        what, who, often, long, group, expertise = provision_text, "", "", "", "", ""
    item = {"version_id": version_id, "position": 0, "source_id": None}
    rows: Rows = [
        (PlanNeed, {**item, "id": need_id, "section": PlanSection.B,
                    "text": text.need.format(n=n)}),
        (PlanOutcome, {**item, "id": outcome_id, "text": text.outcome.format(n=n) + ".",
                       "by_when": f"By the end of {stage_end(child.year)}",
                       "measure": "" if vague else MEASURE,
                       "preparing_for_adulthood": child.year >= 9}),
        (PlanProvision, {**item, "id": provision_id, "section": PlanSection.F, "what": what,
                         "who": who, "how_often": often, "how_long": long,
                         "group_size": group, "expertise": expertise}),
        (PlanAdvice, {**item, "id": new_id(), "dated": on - timedelta(days=42),
                      "author": text.specialist[0].upper() + text.specialist[1:],
                      "role": "Advice for the EHC needs assessment"}),
        (PlanOutcomeNeed, {"id": new_id(), "version_id": version_id,
                           "outcome_id": outcome_id, "need_id": need_id}),
        (PlanProvisionNeed, {"id": new_id(), "version_id": version_id,
                             "provision_id": provision_id, "need_id": need_id}),
    ]
    for table, row in rows:
        batch.add(table, row)
    return rows


def copy_plan_items(batch: Batch, new_id: Callable[[], str], version_id: str,
                    rows: Rows) -> None:
    """Queue copies of `rows` in another version, as "propose amendments" makes them."""
    copied = {row["id"]: new_id() for _table, row in rows}
    for table, row in rows:
        copy = {**row, "id": copied[row["id"]], "version_id": version_id}
        if "source_id" in row:
            copy["source_id"] = row["id"]
        for key in ("outcome_id", "provision_id", "need_id"):
            if key in row:
                copy[key] = copied[row[key]]
        batch.add(table, copy)
