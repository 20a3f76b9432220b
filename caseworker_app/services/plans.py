"""EHC plan use cases: start a draft, propose amendments, write it piece by piece, issue it.

Each section's text and each structured item (need, outcome, provision, advice, and each
link from an outcome or provision to a need) is a row of its own, saved alone in one small
transaction, so the editor can autosave and two officers editing different parts never
collide. Updates carry the `row_version` they were read at and are refused if it moved.

A final plan never changes. "Propose amendments" copies the latest final plan into a new
version, each copied row naming its original in `source_id` (how the redline pairs them);
issuing that version makes it the final plan. Items come back in order, and an item's
`position` is its index within its section; stored positions are spaced `STEP` apart, so
moving an item rewrites only that row (one field for sync to merge, not a renumbering).
Saves never write a position (a new item goes last; `move_item` places it), and a move
leaves row versions alone, so moving an item never makes an open editor's copy stale.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from caseworker_app.codes import CaseStatus, PlanSection, PlanVersionKind
from caseworker_app.db.base import SyncedMixin, new_id
from caseworker_app.db.tables import (
    AnnualReview,
    Child,
    EhcPlan,
    PlanAdvice,
    PlanNeed,
    PlanOutcome,
    PlanOutcomeNeed,
    PlanProvision,
    PlanProvisionNeed,
    PlanSectionText,
    PlanVersion,
)
from caseworker_app.db.uow import Database, UnitOfWork
from caseworker_app.entities_plan import (
    MAY_BE_NONE,
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    AdviceItem,
    NeedItem,
    OutcomeItem,
    PlanDocument,
    PlanItem,
    PlanVersionSummary,
    ProvisionItem,
    SectionText,
)
from caseworker_app.errors import NotFoundError, StaleRecordError, ValidationError
from caseworker_app.services.cases import first_review_due
from caseworker_app.services.records import log_case_event

STEP = 1024  # gap between stored positions: room for ten moves between two neighbours
SHORT_LIMIT = 200  # who, how often, by when...: a line
LONG_LIMIT = 20_000  # section text, a need, a measure: a few pages at most
DETAIL_SECTIONS = (PlanSection.A, PlanSection.I)  # how views were gathered; type of setting
FINAL_REFUSAL = "A final plan cannot change; propose amendments to change it."
ORDER = {section: index for index, section in enumerate(PlanSection)}

ItemTable = type[PlanNeed] | type[PlanOutcome] | type[PlanProvision] | type[PlanAdvice]
ITEM_TABLES: tuple[ItemTable, ...] = (PlanNeed, PlanOutcome, PlanProvision, PlanAdvice)
# Each link table, and the column naming the item the link belongs to.
LINKS = ((PlanOutcomeNeed, "outcome_id"), (PlanProvisionNeed, "provision_id"))
LINK_OF = {PlanOutcome: LINKS[0], PlanProvision: LINKS[1]}
ITEM_FIELDS = {
    PlanNeed: ("section", "text"),
    PlanOutcome: ("text", "by_when", "measure", "preparing_for_adulthood"),
    PlanProvision: ("section", "what", "who", "how_often", "how_long", "group_size",
                    "expertise"),
    PlanAdvice: ("author", "role", "dated"),
}
NOUN = {PlanNeed: "need", PlanOutcome: "outcome", PlanProvision: "provision",
        PlanAdvice: "piece of advice", PlanSectionText: "section"}


def _d(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class PlanService:
    """Reads and writes EHC plan versions on behalf of the signed-in officer."""

    def __init__(self, database: Database, author_id: uuid.UUID | None) -> None:
        self._db = database
        self.author_id = author_id

    # ----- reading -------------------------------------------------------------------
    def versions(self, child_id: uuid.UUID) -> list[PlanVersionSummary]:
        """Every version of the child's plan, newest first."""
        with self._db.read() as session:
            return [_summary(v) for v in _versions_of(session, child_id)]

    def document(self, version_id: uuid.UUID) -> PlanDocument:
        """One version with all its sections and items, in order."""
        with self._db.read() as session:
            return _document(session, version_id)

    def child_name(self, version_id: uuid.UUID) -> str:
        """The name of the child whose plan `version_id` is ("Forename Surname")."""
        with self._db.read() as session:
            found = session.execute(
                select(Child.preferred_name, Child.legal_forename, Child.legal_surname)
                .join(EhcPlan, EhcPlan.child_id == Child.id)
                .join(PlanVersion, PlanVersion.plan_id == EhcPlan.id)
                .where(PlanVersion.id == version_id)).first()
            if found is None:
                raise NotFoundError("That plan version no longer exists.")
            preferred, forename, surname = found
            return f"{preferred or forename} {surname}"

    def current_draft(self, child_id: uuid.UUID) -> PlanDocument | None:
        """The version being written (a draft or proposed amendments), if there is one."""
        with self._db.read() as session:
            found = _editable_of(_versions_of(session, child_id))
            return _document(session, found.id) if found else None

    def latest_final(self, child_id: uuid.UUID) -> PlanDocument | None:
        """The plan in force: the latest final version, if one was issued."""
        with self._db.read() as session:
            found = _final_of(_versions_of(session, child_id))
            return _document(session, found.id) if found else None

    # ----- versions ------------------------------------------------------------------
    def start_draft(self, child_id: uuid.UUID) -> PlanDocument:
        """A first draft plan for a child who has none; every section starts empty.

        Every section's row is made now, so later edits (here or on another laptop) change
        fields of the same rows rather than racing to create them.
        """
        with self._db.write(self.author_id) as uow:
            session = uow.session
            self._open_child(session, child_id)
            versions = _versions_of(session, child_id)
            if versions:
                editable = _editable_of(versions)
                raise ValidationError({"plan": _unfinished(editable) if editable else (
                    "This child already has a plan; propose amendments to change it.")})
            plan = EhcPlan(id=new_id(), child_id=child_id)
            version = PlanVersion(id=new_id(), plan_id=plan.id, number=1,
                                  kind=PlanVersionKind.DRAFT)
            session.add(plan)
            session.flush()
            session.add(version)
            session.flush()
            for section in PlanSection:
                session.add(PlanSectionText(version_id=version.id, section=section, body="",
                                            detail="", none_identified=False))
            log_case_event(uow, child_id, self.author_id, "Draft EHC plan started")
            session.flush()
            return _document(session, version.id)

    def propose_amendments(self, child_id: uuid.UUID) -> PlanDocument:
        """A new version copying every section and item of the latest final plan."""
        with self._db.write(self.author_id) as uow:
            session = uow.session
            self._open_child(session, child_id)
            versions = _versions_of(session, child_id)
            editable, final = _editable_of(versions), _final_of(versions)
            if editable is not None:
                raise ValidationError({"plan": _unfinished(editable)})
            if final is None:
                raise ValidationError({"plan": "There is no final plan to amend yet."})
            version = PlanVersion(id=new_id(), plan_id=final.plan_id,
                                  number=max(v.number for v in versions) + 1,
                                  kind=PlanVersionKind.PROPOSED_AMENDMENTS,
                                  based_on_id=final.id)
            session.add(version)
            session.flush()
            copy_version(session, final.id, version.id)
            log_case_event(uow, child_id, self.author_id,
                           f"Proposed amendments started (plan version {version.number})")
            session.flush()
            return _document(session, version.id)

    def discard(self, version_id: uuid.UUID) -> None:
        """Delete a draft or proposed amendments, row by row so the journal records each."""
        with self._db.write(self.author_id) as uow:
            session = uow.session
            version = _version(session, version_id)
            if version.kind == PlanVersionKind.FINAL:
                raise ValidationError({"version": "A final plan cannot be discarded."})
            plan = session.get(EhcPlan, version.plan_id)
            for tables in ((PlanOutcomeNeed, PlanProvisionNeed),
                           (*ITEM_TABLES, PlanSectionText)):
                for table in tables:
                    for row in session.scalars(select(table).where(
                            table.version_id == version_id)).all():
                        session.delete(row)
                session.flush()  # children before parents: the cascade must find nothing
            session.delete(version)
            session.flush()
            others = session.scalar(select(func.count()).select_from(PlanVersion).where(
                PlanVersion.plan_id == plan.id))
            reviewed = session.scalar(select(AnnualReview.id).where(
                AnnualReview.plan_id == plan.id).limit(1))
            if not others and reviewed is None:  # a first draft: the child has no plan again
                session.delete(plan)
            log_case_event(uow, plan.child_id, self.author_id,
                           f"{version.kind.label} discarded (plan version {version.number})")

    def issue_final(self, version_id: uuid.UUID, issued_on: date) -> PlanDocument:
        """Issue a draft or proposed amendments as the final plan, dated `issued_on`.

        A first plan sets the plan's first issue date and, if the case has no review open,
        opens the first annual review, due within 12 months (CFA 2014 s.44(1)).
        """
        today = self._db.clock.today()
        with self._db.write(self.author_id) as uow:
            session = uow.session
            version = _version(session, version_id)
            if version.kind == PlanVersionKind.FINAL:
                raise ValidationError({"version": "This version is already a final plan."})
            plan = session.get(EhcPlan, version.plan_id)
            child = session.get(Child, plan.child_id)
            self._check_issue(session, version, child, issued_on, today)
            first = session.scalar(select(PlanVersion.id).where(
                PlanVersion.plan_id == plan.id, PlanVersion.kind == PlanVersionKind.FINAL)
                .limit(1)) is None
            version.kind, version.issued_on = PlanVersionKind.FINAL, issued_on
            if plan.first_issued_on is None:
                plan.first_issued_on = issued_on
            if first and session.scalar(select(AnnualReview.id).where(
                    AnnualReview.child_id == child.id,
                    AnnualReview.completed_on.is_(None))) is None:
                session.add(AnnualReview(child_id=child.id, plan_id=plan.id,
                                         due_on=first_review_due(issued_on)))
            what = "Final EHC plan" if first else "Amended final EHC plan"
            log_case_event(uow, child.id, self.author_id,
                           f"{what} issued on {_d(issued_on)} (plan version {version.number})")
            session.flush()
            return _document(session, version.id)

    # ----- sections and items --------------------------------------------------------
    def save_section(self, version_id: uuid.UUID, text: SectionText) -> SectionText:
        """Create or update the text of one section."""
        section = _section(text.section, PlanSection)
        errors = _limits(body=(text.body, LONG_LIMIT), detail=(text.detail, LONG_LIMIT))
        if "detail" not in errors and text.detail.strip() and section not in DETAIL_SECTIONS:
            errors["detail"] = f"Section {section.value} has no second field."
        if text.none_identified and section not in MAY_BE_NONE:
            errors["none_identified"] = (
                f"Only sections {', '.join(s.value for s in MAY_BE_NONE)} can say that none "
                "was identified.")
        _raise(errors)
        fields = {"body": text.body, "detail": text.detail,
                  "none_identified": bool(text.none_identified)}
        with self._db.write(self.author_id) as uow:
            session = uow.session
            _editable(session, version_id)
            if text.id is None:
                if session.scalar(select(PlanSectionText.id).where(
                        PlanSectionText.version_id == version_id,
                        PlanSectionText.section == section)) is not None:
                    raise StaleRecordError(f"Section {section.value} was written elsewhere "
                                           "since you opened the plan; reload it first.")
                row = PlanSectionText(version_id=version_id, section=section, **fields)
                session.add(row)
            else:
                row = _current(session, PlanSectionText, version_id, text.id, text.row_version)
                if row.section != section:
                    raise ValidationError({"section": "A section's text cannot move to "
                                                      "another section."})
                _assign(row, fields)
            session.flush()
            return _section_record(row)

    def save_need(self, version_id: uuid.UUID, item: NeedItem) -> NeedItem:
        """Create or update one need in section B, C or D."""
        section = _section(item.section, NEED_SECTIONS, "A need belongs in section B, C or D.")
        errors = _limits(text=(item.text, LONG_LIMIT))
        _required(errors, "text", item.text, "Describe the need.")
        _raise(errors)
        with self._db.write(self.author_id) as uow:
            row = self._upsert(uow, PlanNeed, version_id, item,
                               {"section": section, "text": item.text})
            return _need_record(row, _index(uow.session, row))

    def save_outcome(self, version_id: uuid.UUID, item: OutcomeItem) -> OutcomeItem:
        """Create or update one outcome in section E, with the needs it answers."""
        errors = _limits(text=(item.text, LONG_LIMIT), by_when=(item.by_when, SHORT_LIMIT),
                         measure=(item.measure, LONG_LIMIT))
        _required(errors, "text", item.text, "Write the outcome.")
        _raise(errors)
        fields = {"text": item.text, "by_when": item.by_when, "measure": item.measure,
                  "preparing_for_adulthood": bool(item.preparing_for_adulthood)}
        with self._db.write(self.author_id) as uow:
            row = self._upsert(uow, PlanOutcome, version_id, item, fields, item.need_ids)
            return _outcome_record(row, _index(uow.session, row),
                                   _linked(uow.session, PlanOutcome, row.id))

    def save_provision(self, version_id: uuid.UUID, item: ProvisionItem) -> ProvisionItem:
        """Create or update one row of provision in F, G, H1 or H2, with the needs it meets."""
        section = _section(item.section, PROVISION_SECTIONS,
                           "Provision belongs in section F, G, H1 or H2.")
        errors = _limits(what=(item.what, LONG_LIMIT), who=(item.who, SHORT_LIMIT),
                         how_often=(item.how_often, SHORT_LIMIT),
                         how_long=(item.how_long, SHORT_LIMIT),
                         group_size=(item.group_size, SHORT_LIMIT),
                         expertise=(item.expertise, SHORT_LIMIT))
        _required(errors, "what", item.what, "Say what the provision is.")
        _raise(errors)
        fields = {"section": section, "what": item.what, "who": item.who,
                  "how_often": item.how_often, "how_long": item.how_long,
                  "group_size": item.group_size, "expertise": item.expertise}
        with self._db.write(self.author_id) as uow:
            row = self._upsert(uow, PlanProvision, version_id, item, fields, item.need_ids)
            return _provision_record(row, _index(uow.session, row),
                                     _linked(uow.session, PlanProvision, row.id))

    def save_advice(self, version_id: uuid.UUID, item: AdviceItem) -> AdviceItem:
        """Create or update one piece of advice listed in section K."""
        errors = _limits(author=(item.author, SHORT_LIMIT), role=(item.role, SHORT_LIMIT))
        _required(errors, "author", item.author, "Say whose advice this is.")
        if item.dated is not None and item.dated > self._db.clock.today():
            errors["dated"] = "Advice cannot be dated in the future."
        _raise(errors)
        fields = {"author": item.author, "role": item.role, "dated": item.dated}
        with self._db.write(self.author_id) as uow:
            row = self._upsert(uow, PlanAdvice, version_id, item, fields)
            return _advice_record(row, _index(uow.session, row))

    def save(self, version_id: uuid.UUID, record: SectionText | PlanItem) -> Any:
        """Create or update a section's text or any item, whichever `record` is."""
        match record:
            case SectionText():
                return self.save_section(version_id, record)
            case NeedItem():
                return self.save_need(version_id, record)
            case OutcomeItem():
                return self.save_outcome(version_id, record)
            case ProvisionItem():
                return self.save_provision(version_id, record)
            case AdviceItem():
                return self.save_advice(version_id, record)
        raise TypeError(f"cannot save {type(record).__name__}")

    def remove_item(self, version_id: uuid.UUID, item_id: uuid.UUID) -> None:
        """Delete a need, outcome, row of provision or piece of advice, and its links."""
        with self._db.write(self.author_id) as uow:
            session = uow.session
            _editable(session, version_id)
            row = _find_item(session, version_id, item_id)
            if isinstance(row, PlanNeed):  # the links from outcomes and provision to it
                # Their row versions stay: an editor still naming the need is refused by
                # validation, so it cannot undo this, and one that dropped it saves cleanly.
                for link_table, _owner in LINKS:
                    for link in session.scalars(select(link_table).where(
                            link_table.need_id == row.id)).all():
                        session.delete(link)
            elif type(row) in LINK_OF:
                link_table, owner = LINK_OF[type(row)]
                for link in session.scalars(select(link_table).where(
                        getattr(link_table, owner) == row.id)).all():
                    session.delete(link)
            session.flush()
            session.delete(row)

    def move_item(self, version_id: uuid.UUID, item_id: uuid.UUID, new_position: int) -> None:
        """Move an item to index `new_position` within its section (clamped to the ends).

        Row versions are left as they were: they guard what the saves write, and no save
        writes a position, so an editor holding the item can go on saving it after a move.
        """
        with self._db.write(self.author_id) as uow:
            session = uow.session
            _editable(session, version_id)
            row = _find_item(session, version_id, item_id)
            table = type(row)
            others = list(session.scalars(select(table).where(
                *_siblings(row), table.id != row.id).order_by(table.position, table.id)))
            index = max(0, min(new_position, len(others)))
            if index == _index(session, row):
                return
            before = others[index - 1].position if index > 0 else None
            after = others[index].position if index < len(others) else None
            if before is None or after is None:
                row.position = (after - STEP) if before is None else before + STEP
            elif after - before >= 2:
                row.position = (before + after) // 2
            else:  # no room left between the neighbours: space the whole section out again
                others.insert(index, row)
                for number, item in enumerate(others):
                    item.position = number * STEP
            versions = {item: item.row_version for item in (row, *others)}
            session.flush()  # stamps and journals each position changed...
            for item, row_version in versions.items():
                item.row_version = row_version  # ...then puts the row versions back

    # ----- helpers -------------------------------------------------------------------
    def _open_child(self, session: Session, child_id: uuid.UUID) -> Child:
        child = session.get(Child, child_id)
        if child is None:
            raise NotFoundError(f"No case with id {child_id}.")
        if child.status == CaseStatus.CLOSED:
            raise ValidationError({"plan": "This case is closed; reopen it to work on its plan."})
        return child

    def _check_issue(self, session: Session, version: PlanVersion, child: Child,
                     issued_on: date, today: date) -> None:
        errors = {}
        if child.status == CaseStatus.CLOSED:
            errors["plan"] = "This case is closed; reopen it before issuing a plan."
        base = session.get(PlanVersion, version.based_on_id) if version.based_on_id else None
        if issued_on > today:
            errors["issued_on"] = "A plan cannot be issued on a future date."
        elif base is not None and base.issued_on is not None and issued_on < base.issued_on:
            errors["issued_on"] = (f"The plan this amends was issued on {_d(base.issued_on)}; "
                                   "the amended plan cannot be issued before that.")
        placement = session.scalar(select(PlanSectionText).where(
            PlanSectionText.version_id == version.id, PlanSectionText.section == PlanSection.I))
        if placement is None or not (placement.body.strip() or placement.detail.strip()):
            errors[PlanSection.I.value] = ("A final plan names the school, college or other "
                                           "setting, or at least its type: fill in section I "
                                           "first.")
        _raise(errors)

    def _upsert(self, uow: UnitOfWork, table: ItemTable, version_id: uuid.UUID, item: Any,
                fields: dict[str, Any], need_ids: Sequence[uuid.UUID] | None = None) -> Any:
        """Insert (id None) or update an item of `table`, then its links to needs if any."""
        session = uow.session
        _editable(session, version_id)
        if item.id is None:
            row = table(id=new_id(), version_id=version_id,
                        position=_end(session, table, version_id, fields.get("section")),
                        **fields)
            session.add(row)
            changed = True
        else:
            row = _current(session, table, version_id, item.id, item.row_version)
            if "section" in fields and fields["section"] != row.section:
                row.position = _end(session, table, version_id, fields["section"])
            changed = _assign(row, fields)
        session.flush()  # the item exists before any link points at it
        if need_ids is not None:
            link_table, owner = LINK_OF[table]
            if _set_links(session, link_table, owner, row, need_ids) and not changed:
                _touch(uow, row)  # links are part of the record: other copies are now stale
            session.flush()
        return row


# ----- reading helpers -------------------------------------------------------------------
def _versions_of(session: Session, child_id: uuid.UUID) -> list[PlanVersion]:
    return list(session.scalars(
        select(PlanVersion).join(EhcPlan, EhcPlan.id == PlanVersion.plan_id)
        .where(EhcPlan.child_id == child_id).order_by(PlanVersion.number.desc())))


def _editable_of(versions: Iterable[PlanVersion]) -> PlanVersion | None:
    return next((v for v in versions if v.kind != PlanVersionKind.FINAL), None)


def _final_of(versions: Iterable[PlanVersion]) -> PlanVersion | None:
    return next((v for v in versions if v.kind == PlanVersionKind.FINAL), None)


def _unfinished(version: PlanVersion) -> str:
    return (f"Finish or discard the {version.kind.label.lower()} started on "
            f"{_d(version.created_at.date())}.")


def _version(session: Session, version_id: uuid.UUID) -> PlanVersion:
    version = session.get(PlanVersion, version_id)
    if version is None:
        raise NotFoundError("That plan version no longer exists.")
    return version


def _editable(session: Session, version_id: uuid.UUID) -> PlanVersion:
    version = _version(session, version_id)
    if version.kind == PlanVersionKind.FINAL:
        raise ValidationError({"version": FINAL_REFUSAL})
    return version


def _summary(v: PlanVersion) -> PlanVersionSummary:
    return PlanVersionSummary(v.id, v.number, v.kind, v.issued_on, v.based_on_id,
                              v.kind != PlanVersionKind.FINAL)


def _in_order(rows: Iterable[Any]) -> list[tuple[Any, int]]:
    """Rows sorted by section and position, each with its index within its section."""
    ordered = sorted(rows, key=lambda r: (ORDER[getattr(r, "section", PlanSection.A)],
                                          r.position, r.id))
    counts: dict[PlanSection | None, int] = {}
    placed = []
    for row in ordered:
        key = getattr(row, "section", None)
        placed.append((row, counts.get(key, 0)))
        counts[key] = counts.get(key, 0) + 1
    return placed


def _document(session: Session, version_id: uuid.UUID) -> PlanDocument:
    found = session.execute(select(PlanVersion, EhcPlan.child_id)
                            .join(EhcPlan, EhcPlan.id == PlanVersion.plan_id)
                            .where(PlanVersion.id == version_id)).first()
    if found is None:
        raise NotFoundError("That plan version no longer exists.")
    version, child_id = found

    def rows(table: Any) -> list[Any]:
        return list(session.scalars(select(table).where(table.version_id == version_id)))

    needs = _in_order(rows(PlanNeed))
    rank = {need.id: index for index, (need, _) in enumerate(needs)}
    links: dict[uuid.UUID, list[uuid.UUID]] = {}
    for link_table, owner in LINKS:
        for owner_id, need_id in session.execute(
                select(getattr(link_table, owner), link_table.need_id)
                .where(link_table.version_id == version_id)):
            if need_id in rank:
                links.setdefault(owner_id, []).append(need_id)

    def need_ids(owner_id: uuid.UUID) -> tuple[uuid.UUID, ...]:
        return tuple(sorted(set(links.get(owner_id, ())), key=rank.__getitem__))

    return PlanDocument(
        version_id=version.id, plan_id=version.plan_id, child_id=child_id,
        number=version.number, kind=version.kind, issued_on=version.issued_on,
        based_on_id=version.based_on_id, editable=version.kind != PlanVersionKind.FINAL,
        sections={r.section: _section_record(r) for r in rows(PlanSectionText)},
        needs=tuple(_need_record(r, i) for r, i in needs),
        outcomes=tuple(_outcome_record(r, i, need_ids(r.id))
                       for r, i in _in_order(rows(PlanOutcome))),
        provisions=tuple(_provision_record(r, i, need_ids(r.id))
                         for r, i in _in_order(rows(PlanProvision))),
        advice=tuple(_advice_record(r, i) for r, i in _in_order(rows(PlanAdvice))),
    )


def _linked(session: Session, table: ItemTable, owner_id: uuid.UUID) -> tuple[uuid.UUID, ...]:
    """The needs an outcome or provision is linked to, in the document's order."""
    link_table, owner = LINK_OF[table]
    found = session.execute(
        select(PlanNeed.id, PlanNeed.section, PlanNeed.position)
        .join(link_table, link_table.need_id == PlanNeed.id)
        .where(getattr(link_table, owner) == owner_id)).all()
    return tuple(dict.fromkeys(n.id for n in sorted(
        found, key=lambda n: (ORDER[n.section], n.position, n.id))))


def _section_record(r: PlanSectionText) -> SectionText:
    return SectionText(r.id, r.section, r.body, r.detail, r.none_identified, r.row_version,
                       r.source_id)


def _need_record(r: PlanNeed, index: int) -> NeedItem:
    return NeedItem(r.id, r.section, r.text, index, r.row_version, r.source_id)


def _outcome_record(r: PlanOutcome, index: int, need_ids: tuple[uuid.UUID, ...]) -> OutcomeItem:
    return OutcomeItem(r.id, r.text, r.by_when, r.measure, need_ids, r.preparing_for_adulthood,
                       index, r.row_version, r.source_id)


def _provision_record(r: PlanProvision, index: int,
                      need_ids: tuple[uuid.UUID, ...]) -> ProvisionItem:
    return ProvisionItem(r.id, r.section, r.what, r.who, r.how_often, r.how_long,
                         r.group_size, r.expertise, need_ids, index, r.row_version, r.source_id)


def _advice_record(r: PlanAdvice, index: int) -> AdviceItem:
    return AdviceItem(r.id, r.author, r.role, r.dated, index, r.row_version, r.source_id)


# ----- writing helpers -------------------------------------------------------------------
def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _limits(**values: tuple[str, int]) -> dict[str, str]:
    """An error for each text longer than its limit (and for anything that is not text)."""
    errors = {}
    for name, (value, limit) in values.items():
        if not isinstance(value, str):
            errors[name] = "This must be text."
        elif len(value) > limit:
            errors[name] = f"Keep this under {limit:,} characters (it has {len(value):,})."
    return errors


def _required(errors: dict[str, str], name: str, value: str, message: str) -> None:
    """Text is stored as typed (the editor autosaves mid-word), but blank is refused."""
    if name not in errors and not value.strip():
        errors[name] = message


def _section(value: Any, allowed: Iterable[PlanSection], message: str = "") -> PlanSection:
    allowed = tuple(allowed)
    try:
        section = PlanSection(value)
    except ValueError:
        section = None
    if section not in allowed:
        raise ValidationError({"section": message or f"{value!r} is not a plan section."})
    return section


def _current(session: Session, table: Any, version_id: uuid.UUID, row_id: uuid.UUID,
             row_version: int) -> Any:
    """The stored row being updated, if it is still as the editor read it."""
    row = session.get(table, row_id)
    if row is None or row.version_id != version_id:
        raise NotFoundError(f"That {NOUN[table]} has been removed; reload the plan.")
    if row.row_version != row_version:
        raise StaleRecordError(f"This {NOUN[table]} was changed elsewhere since you opened "
                               "the plan; reload it to see the latest, then make your change.")
    return row


def _assign(row: Any, fields: dict[str, Any]) -> bool:
    """Set the fields that differ; whether any did."""
    changed = False
    for key, value in fields.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _touch(uow: UnitOfWork, row: SyncedMixin) -> None:
    """Move a row's version on when only its links changed (no field of its own did)."""
    row.row_version += 1
    row.updated_at, row.updated_by = uow.now, uow.author_id


def _siblings(row: Any) -> list[Any]:
    """Conditions selecting the items of `row`'s section in its version."""
    table = type(row)
    found = [table.version_id == row.version_id]
    if hasattr(table, "section"):
        found.append(table.section == row.section)
    return found


def _index(session: Session, row: Any) -> int:
    """Where `row` stands in its section: how many items come before it."""
    table = type(row)
    return session.scalar(select(func.count()).select_from(table).where(
        *_siblings(row), or_(table.position < row.position,
                             and_(table.position == row.position, table.id < row.id))))


def _end(session: Session, table: Any, version_id: uuid.UUID,
         section: PlanSection | None) -> int:
    """The stored position after the last item of a section."""
    query = select(func.max(table.position)).where(table.version_id == version_id)
    if section is not None:
        query = query.where(table.section == section)
    last = session.scalar(query)
    return 0 if last is None else last + STEP


def _find_item(session: Session, version_id: uuid.UUID, item_id: uuid.UUID) -> Any:
    for table in ITEM_TABLES:
        row = session.get(table, item_id)
        if row is not None and row.version_id == version_id:
            return row
    raise NotFoundError("That item has been removed; reload the plan.")


def _set_links(session: Session, link_table: Any, owner: str, row: Any,
               need_ids: Sequence[uuid.UUID]) -> bool:
    """Make `row`'s links exactly `need_ids`, adding and deleting only what differs."""
    wanted = list(dict.fromkeys(need_ids))
    if wanted:
        found = set(session.scalars(select(PlanNeed.id).where(
            PlanNeed.version_id == row.version_id, PlanNeed.id.in_(wanted))))
        if len(found) != len(wanted):
            raise ValidationError({"need_ids": "A linked need is not in this version of the "
                                               "plan; reload it and link the need again."})
    changed, kept = False, set()
    for link in session.scalars(select(link_table).where(
            getattr(link_table, owner) == row.id)).all():
        if link.need_id in wanted and link.need_id not in kept:
            kept.add(link.need_id)
        else:
            session.delete(link)
            changed = True
    for need_id in wanted:
        if need_id not in kept:
            session.add(link_table(version_id=row.version_id, need_id=need_id,
                                   **{owner: row.id}))
            changed = True
    return changed


def copy_version(session: Session, source_id: uuid.UUID, target_id: uuid.UUID) -> None:
    """Copy every section and item of one version into another, remapping the links."""
    copied: dict[uuid.UUID, uuid.UUID] = {}
    texts = {r.section: r for r in session.scalars(
        select(PlanSectionText).where(PlanSectionText.version_id == source_id))}
    for section in PlanSection:
        old = texts.get(section)
        session.add(PlanSectionText(
            version_id=target_id, section=section, body=old.body if old else "",
            detail=old.detail if old else "", none_identified=old.none_identified if old
            else False, source_id=old.id if old else None))
    for table in ITEM_TABLES:
        for old in session.scalars(select(table).where(table.version_id == source_id)).all():
            copied[old.id] = new_id()
            session.add(table(id=copied[old.id], version_id=target_id, position=old.position,
                              source_id=old.id,
                              **{k: getattr(old, k) for k in ITEM_FIELDS[table]}))
    session.flush()  # items before the links that point at them
    for link_table, owner in LINKS:
        for old in session.scalars(select(link_table).where(
                link_table.version_id == source_id)).all():
            if old.need_id in copied and getattr(old, owner) in copied:
                session.add(link_table(version_id=target_id, need_id=copied[old.need_id],
                                       **{owner: copied[getattr(old, owner)]}))
