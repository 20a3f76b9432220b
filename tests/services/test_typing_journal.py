"""The typing journal: unsaved plan text survives on disk and goes back into its plan."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date

from caseworker_app.codes import Need, PlanSection, Sex
from caseworker_app.entities import NewCase
from caseworker_app.entities_plan import NeedItem, OutcomeItem, ProvisionItem
from caseworker_app.services.plans import PlanService
from caseworker_app.typing_journal import TypingJournal, journal_path

S = PlanSection


def draft(services, officer):
    case = services.cases.open_case(NewCase(
        legal_forename="Siobhán", legal_surname="Nowak", date_of_birth=date(2014, 5, 6),
        sex=Sex.FEMALE, primary_need=Need.ASD, officer_id=officer.id))
    return services.plans.start_draft(case.child_id)


def reopened(services) -> TypingJournal:
    """The journal as the next start of the app finds it on disk."""
    return TypingJournal(services.typing.path)


def test_the_journal_lives_beside_the_database(services, db_path) -> None:
    assert services.typing.path == journal_path(db_path)
    assert services.typing.path.name == "caseworker.db.typing.json"
    assert not services.typing.path.exists()  # nothing typed, no file


def test_unsaved_typing_is_on_disk_at_once_and_goes_once_saved(services, officer) -> None:
    doc = draft(services, officer)
    journal = services.typing
    section_a = replace(doc.section(S.A), body="Siobhán would like to work with anim")
    journal.put(doc.version_id, S.A, section_a)
    on_disk = json.loads(journal.path.read_text(encoding="utf-8"))
    assert on_disk["entries"][0]["record"]["body"] == "Siobhán would like to work with anim"
    journal.drop(doc.version_id, S.A)
    assert not journal.path.exists()


def test_recovery_puts_sections_and_items_back_and_says_where(services, officer) -> None:
    doc = draft(services, officer)
    v = doc.version_id
    plans = services.plans
    need = plans.save_need(v, NeedItem(None, S.B, "Understanding spoken words"))
    kept = plans.save_provision(v, ProvisionItem(None, S.F, "Speech therapy", need_ids=(need.id,)))

    journal = services.typing
    journal.put(v, S.A, replace(doc.section(S.A), body="Siobhán loves the sea and drawi"))
    new_key = uuid.uuid4()  # an outcome added and typed into, never saved
    journal.put(v, new_key, OutcomeItem(None, "Siobhán will follow a two-step instruc",
                                        need_ids=(need.id,)))
    journal.put(v, kept.id, replace(kept, how_often="Once a we"))

    recovery = reopened(services).recover(PlanService(services.database, officer.id))

    after = plans.document(v)
    assert after.section(S.A).body == "Siobhán loves the sea and drawi"
    assert [o.text for o in after.outcomes] == ["Siobhán will follow a two-step instruc"]
    assert after.outcomes[0].need_ids == (need.id,)
    assert after.provisions[0].how_often == "Once a we"
    assert after.provisions[0].what == "Speech therapy"
    parts = [(p.child_name, p.version_label, p.part) for p in recovery.restored]
    assert parts == [("Siobhán Nowak", "draft plan", "section A"),
                     ("Siobhán Nowak", "draft plan", "an outcome in section E"),
                     ("Siobhán Nowak", "draft plan", "provision in section F")]
    assert "Siobhán loves the sea" in recovery.message()
    assert not journal.path.exists()
    assert not recovery.not_restored


def test_typing_the_database_already_holds_is_not_put_back_twice(services, officer) -> None:
    doc = draft(services, officer)
    saved = services.plans.save_section(doc.version_id,
                                        replace(doc.section(S.A), body="Already saved"))
    # killed after the save landed but before the journal heard of it
    services.typing.put(doc.version_id, S.A, replace(saved, row_version=0))
    recovery = reopened(services).recover(services.plans)
    assert not recovery
    assert services.plans.document(doc.version_id).section(S.A).row_version == \
        saved.row_version


def test_typing_for_a_version_issued_since_is_kept_in_a_file_not_lost(
        services, officer, tmp_path) -> None:
    doc = draft(services, officer)
    v = doc.version_id
    plans = services.plans
    need = plans.save_need(v, NeedItem(None, S.B, "Reading"))
    plans.save_provision(v, ProvisionItem(None, S.F, "Daily reading", who="Teacher",
                                          how_often="Daily", how_long="20 minutes",
                                          need_ids=(need.id,)))
    plans.save_section(v, replace(plans.document(v).section(S.I), body="Bay School",
                                  detail="Mainstream"))
    services.typing.put(v, need.id, replace(need, text="Reading and spelli"))
    plans.issue_final(v, date(2026, 11, 20))

    recovery = reopened(services).recover(plans)

    assert not recovery.restored
    assert [p.part for p in recovery.not_restored] == ["a need in section B"]
    assert recovery.kept_at is not None and recovery.kept_at.parent == tmp_path
    assert "Reading and spelli" in recovery.kept_at.read_text(encoding="utf-8")
    assert str(recovery.kept_at) in recovery.message()
    assert not services.typing.path.exists()
    assert plans.document(v).needs[0].text == "Reading"  # the final plan is untouched


def test_an_unreadable_journal_is_set_aside_and_the_start_goes_on(services, tmp_path) -> None:
    services.typing.path.write_text('{"format": 1, "entries": [{"trunc', encoding="utf-8")
    recovery = reopened(services).recover(services.plans)
    assert not recovery
    assert not services.typing.path.exists()
    aside = list(tmp_path.glob("caseworker.db.typing.json.unreadable-*.json"))
    assert len(aside) == 1 and "trunc" in aside[0].read_text(encoding="utf-8")


def test_a_discarded_version_takes_its_typing_with_it(services, officer) -> None:
    doc = draft(services, officer)
    services.typing.put(doc.version_id, S.A, replace(doc.section(S.A), body="Gone"))
    services.typing.drop_version(doc.version_id)
    assert not services.typing.path.exists()
