"""Letter use cases: the council's settings, the wording, composing, printing and the log.

- **Settings**: one synced `organisation` row (letterhead, signatory, the mediation, disagreement
  resolution and information, advice and support services); the logo is a `letter_asset`.
- **Wording**: each letter and statutory block has versioned templates; a lead officer saves a
  new version, checked first (`letters.templates.check_template`): unknown fields, slips and
  dropped legal content are refused with their line. No saved version: the built-in wording.
- **Composing**: the case's facts from the database, one letter per contact who receives
  letters (separated parents each get their own; large print for whoever asked), every date
  computed by rule (`letters.context`), the statutory blocks appended by rule to every
  appealable letter, and the plans a letter encloses (the amendment notice: the changes and
  the plan in force; a draft or final plan cover: that plan). A field the wording prints that
  has no value stops the letter with a message saying what to fill in and where.
- **Printing**: one PDF (a letter, or a print run of hundreds) written to a file and, in the
  same step, every letter recorded in the letter log and on the child's chronology with the
  SHA-256 of its content. A logged letter can be printed again exactly as sent.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker_app.codes import ChronologyKind, OfficerRole, PlanVersionKind, Relationship
from caseworker_app.db.base import new_id
from caseworker_app.db.tables import (
    ORGANISATION_ID,
    Allocation,
    AnnualReview,
    Child,
    ChronologyEntry,
    Contact,
    EhcPlan,
    LetterAsset,
    LetterIssued,
    LetterTemplate,
    NeedsAssessment,
    Officer,
    PlanVersion,
)
from caseworker_app.db.tables import Organisation as OrganisationRow
from caseworker_app.db.uow import Database
from caseworker_app.entities_letters import (
    ComposedLetter,
    IssuedLetter,
    LetterRecipient,
    LetterRequest,
    PrintRun,
    Skipped,
    TemplateKey,
    TemplateVersion,
)
from caseworker_app.entities_plan import PlanDocument
from caseworker_app.errors import NotFoundError, StaleRecordError, ValidationError
from caseworker_app.export import document_json
from caseworker_app.export.document_json import Enclosure, StoredLetter
from caseworker_app.export.letter_document import (
    Heading,
    LetterDocument,
    PlanCover,
    Recipient,
    blocks_from_text,
)
from caseworker_app.export.pdf_compose import Part, RenderCancelled, render_parts
from caseworker_app.export.pdf_letter import LetterPart, check_logo
from caseworker_app.export.pdf_plan import PlanPart
from caseworker_app.export.pdf_redline import RedlinePart
from caseworker_app.letters import defaults
from caseworker_app.letters.catalogue import (
    BLOCK_TITLES,
    CATALOGUE,
    Block,
    LetterKind,
    allowed_fields,
    key_of,
    required_fields,
    template_keys,
    title_of,
)
from caseworker_app.letters.context import Addressee, CaseFacts, Organisation, letter_values
from caseworker_app.letters.templates import (
    TemplateError,
    TemplateProblem,
    check_template,
    render,
)
from caseworker_app.rules.calendar import long_date
from caseworker_app.services.plans import PlanService
from caseworker_app.services.records import author_name

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

LOGO_LIMIT = 1_000_000  # bytes: a letterhead logo, not a photograph
LOGO_TYPES = {b"\x89PNG": ("image/png", ".png"), b"\xff\xd8\xff": ("image/jpeg", ".jpg")}
ORGANISATION_FIELDS = (
    "council_name", "phone", "email", "website", "local_offer", "signatory_name",
    "signatory_role", "mediation_service", "mediation_contact", "disagreement_service",
    "disagreement_contact", "ias_service", "ias_contact", "la_contact",
)
# Where the officer finds what a letter needs when a field has no value for this case.
FIELD_SOURCES = {
    "meeting_date": "the review meeting recorded as held (Reviews tab)",
    "advice_due": "the date the review meeting is arranged for (Reviews tab)",
    "request_date": "the date the assessment was requested (Assessment tab)",
    "plan_due": "the date the assessment was requested (Assessment tab)",
    "plan_issued": "an issued final plan (Plan tab)",
    "setting_name": "the child's school or setting (Child tab)",
    "officer_name": "an allocated case officer",
    "reasons": "the reasons, typed when printing",
    "cease_date": "the date the plan stops, typed when printing",
    "meeting_details": "the time and place of the meeting, typed when printing",
}
SAMPLE_TYPED = {
    "reasons": "(The reasons you type when you print the letter appear here.)",
    "cease_date": "31 July 2027",
    "meeting_details": "10am at Riverside Academy",
}
SAMPLE_CASE = CaseFacts("Zoë", "Łukasz-Ó Súilleabháin", date(2014, 3, 3), "EHC-000123",
                        preferred_name="", setting_name="Riverside Academy",
                        officer_name="Siobhán Kowalczyk", meeting_date=date(2026, 12, 14),
                        request_date=date(2026, 9, 1), plan_issued=date(2026, 11, 20),
                        extra=SAMPLE_TYPED)
SAMPLE_TO = Addressee("Aoife", "Ó Súilleabháin", "Ms",
                      ("Flat 3, Kingfisher Court", "14 Long Lane", "Marlton", "MA1 1AA"))


class LetterError(ValidationError):
    """A letter cannot be composed or a template saved; `problems` lists why, and where."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__({"letter": " ".join(self.problems)})


class LetterService:
    """Settings, wording, composing, printing and logging letters for the signed-in officer."""

    def __init__(self, database: Database, author_id: uuid.UUID | None,
                 plans: PlanService) -> None:
        self._db = database
        self.author_id = author_id
        self._plans = plans
        self._assets = Path(tempfile.gettempdir()) / "caseworker-letter-assets"

    # ----- organisation settings ------------------------------------------------------
    def organisation(self) -> Organisation:
        """The council's settings (empty until someone fills them in)."""
        with self._db.read() as session:
            return _organisation(session)

    def save_organisation(self, org: Organisation, logo: bytes | None = None,
                          remove_logo: bool = False) -> Organisation:
        """Save the settings (a lead officer only), with a new logo if `logo` is given.

        `org.row_version` must be the version read; a newer save in between is refused.
        """
        errors: dict[str, str] = {}
        if not org.council_name.strip():
            errors["council_name"] = "Enter the council's name."
        if org.email and "@" not in org.email:
            errors["email"] = "That is not an e-mail address."
        for name in ORGANISATION_FIELDS:
            if len(getattr(org, name)) > 300:
                errors[name] = "This is too long for a letterhead (300 characters at most)."
        media = None
        if logo is not None:
            media = _logo_type(logo)
            if media is None:
                errors["logo"] = "The logo must be a PNG or JPEG image."
            elif len(logo) > LOGO_LIMIT:
                errors["logo"] = "The logo is larger than 1 MB; use a smaller image."
            else:
                try:
                    check_logo(self._asset_file(_sha(logo), logo))
                except ValueError as exc:
                    errors["logo"] = str(exc)
        if errors:
            raise ValidationError(errors)
        with self._db.write(self.author_id) as uow:
            session = uow.session
            self._require_lead(session, "council details")
            row = session.get(OrganisationRow, ORGANISATION_ID)
            if row is None:
                row = OrganisationRow(id=ORGANISATION_ID)
                session.add(row)
            elif row.row_version != org.row_version:
                raise StaleRecordError("Someone saved the council's details since you opened "
                                       "them. Close and open them again.")
            for name in ORGANISATION_FIELDS:
                setattr(row, name, getattr(org, name).strip())
            row.address = "\n".join(x.strip() for x in org.address_lines if x.strip())
            row.footer = "\n".join(x.strip() for x in org.footer_lines if x.strip())
            if logo is not None and media is not None:
                row.logo_sha256 = _store_asset(session, logo, media)
            elif remove_logo:
                row.logo_sha256 = None
            session.flush()
            return _organisation(session)

    def logo(self, sha256: str) -> bytes | None:
        """A stored logo's bytes."""
        with self._db.read() as session:
            return session.scalar(select(LetterAsset.content)
                                  .where(LetterAsset.sha256 == sha256))

    # ----- wording ---------------------------------------------------------------------
    def templates(self) -> list[TemplateVersion]:
        """The wording in use for every letter and block, in catalogue order."""
        with self._db.read() as session:
            latest = _latest_templates(session)
        return [latest.get(key.value) or _builtin(key) for key in template_keys()]

    def template(self, key: TemplateKey) -> TemplateVersion:
        """The wording in use for one letter or block."""
        with self._db.read() as session:
            return _latest_templates(session, key.value).get(key.value) or _builtin(key)

    def template_history(self, key: TemplateKey) -> list[TemplateVersion]:
        """Every saved version of one letter's or block's wording, newest first, ending
        with the built-in wording."""
        with self._db.read() as session:
            rows = session.scalars(select(LetterTemplate).where(LetterTemplate.key == key.value)
                                   .order_by(LetterTemplate.version.desc(),
                                             LetterTemplate.created_at.desc()))
            return [_template_version(r) for r in rows] + [_builtin(key)]

    def check_wording(self, key: TemplateKey, subject: str, body: str
                      ) -> list[TemplateProblem]:
        """What is wrong with wording before it is saved (empty when nothing is)."""
        allowed = allowed_fields(key)
        problems = check_template(body, allowed, required_fields(key))
        if isinstance(key, LetterKind):
            if not subject.strip():
                problems.insert(0, TemplateProblem(0, "The subject line is empty."))
            else:
                problems = [TemplateProblem(0, f"Subject: {p.message}")
                            for p in check_template(subject, allowed)] + problems
        return problems

    def save_template(self, key: TemplateKey, subject: str, body: str, based_on: int,
                      note: str = "") -> TemplateVersion:
        """Save new wording as the next version (a lead officer only).

        Refused with the problems listed if it does not pass `check_wording`, or if someone
        saved a version after `based_on` (the version the editor opened).
        """
        problems = self.check_wording(key, subject, body)
        if problems:
            raise TemplateError(title_of(key), problems)
        with self._db.write(self.author_id) as uow:
            session = uow.session
            self._require_lead(session, "letter wording")
            latest = session.scalar(select(func.max(LetterTemplate.version))
                                    .where(LetterTemplate.key == key.value)) or 0
            if latest != based_on:
                raise StaleRecordError(f"Someone saved version {latest} of this wording since "
                                       "you opened it. Open it again to see their changes.")
            row = LetterTemplate(key=key.value, version=latest + 1,
                                 subject=subject.strip() if isinstance(key, LetterKind) else "",
                                 body=body.rstrip() + "\n", note=note.strip(),
                                 author_name=author_name(session, self.author_id))
            session.add(row)
            session.flush()
            return _template_version(row)

    def preview_wording(self, key: TemplateKey, subject: str, body: str,
                        large_print: bool = False) -> bytes:
        """A fictional letter printed with this wording, for the template editor.

        Council details not yet filled in print as "[...]" so the preview always shows.
        Raises TemplateError if the wording has problems.
        """
        problems = self.check_wording(key, subject, body)
        if problems:
            raise TemplateError(title_of(key), problems)
        kind = key if isinstance(key, LetterKind) else _example_kind(key)
        with self._db.read() as session:
            org = _with_placeholders(_organisation(session))
            wording = {**_wording(session), key.value: TemplateVersion(
                key.value, title_of(key), -1, subject, body)}
        to = replace(SAMPLE_TO, large_print=large_print)
        letter, _ = compose_document(kind, SAMPLE_CASE, to, org, self._db.clock.today(), wording)
        stored = StoredLetter(letter, (), org.logo_sha256)
        return self.render([stored])

    # ----- composing -------------------------------------------------------------------
    def recipients(self, child_id: uuid.UUID) -> list[LetterRecipient]:
        """The contacts who receive letters about the child, each as addressed."""
        with self._db.read() as session:
            return [_recipient(c) for c in _letter_contacts(session, child_id)]

    def compose(self, request: LetterRequest) -> list[ComposedLetter]:
        """One letter to each chosen contact; LetterError lists every reason it cannot be."""
        with self._db.read() as session:
            return self._compose_for(session, request, _organisation(session))

    def compose_run(self, child_ids: Sequence[uuid.UUID], kind: LetterKind,
                    letter_date: date, typed: dict[str, str] | None = None,
                    progress: Progress | None = None,
                    cancelled: Cancelled | None = None) -> PrintRun:
        """A print run: `kind` for every child in `child_ids`, one letter per contact who
        receives letters. A case that cannot have the letter (no contact, a date not yet
        recorded) is left out with the reason; the council's settings must be complete."""
        letters: list[ComposedLetter] = []
        skipped: list[Skipped] = []
        with self._db.read() as session:
            org = _organisation(session)
            gaps = org.gaps(CATALOGUE[kind].appealable)
            if gaps:
                raise LetterError([_gaps_message(gaps)])
            wording = _wording(session)
            for done, child_id in enumerate(child_ids, start=1):
                if cancelled is not None and cancelled():
                    raise RenderCancelled()
                request = LetterRequest(child_id, kind, letter_date, dict(typed or {}))
                try:
                    letters += self._compose_for(session, request, org, wording)
                except (LetterError, NotFoundError) as exc:
                    reason = " ".join(exc.problems) if isinstance(exc, LetterError) \
                        else str(exc)
                    skipped.append(Skipped(child_id, _child_name(session, child_id), reason))
                if progress is not None:
                    progress(done, len(child_ids))
        return PrintRun(tuple(letters), tuple(skipped))

    def _compose_for(self, session: Session, request: LetterRequest, org: Organisation,
                     wording: dict[str, TemplateVersion] | None = None
                     ) -> list[ComposedLetter]:
        info = CATALOGUE[request.kind]
        gaps = org.gaps(info.appealable)
        if gaps:
            raise LetterError([_gaps_message(gaps)])
        child = session.get(Child, request.child_id)
        if child is None:
            raise NotFoundError("That case no longer exists.")
        contacts = _letter_contacts(session, child.id)
        if request.contact_ids is not None:
            contacts = [c for c in contacts if c.id in request.contact_ids]
        if not contacts:
            raise LetterError(["No contact receives letters: add one, or tick \"Receives "
                               "letters\" for a contact (Contacts tab)."])
        facts = _facts(session, child, request.kind, request.typed)
        enclosures = self._enclosures(session, child, request.kind, facts)
        wording = wording or _wording(session)
        composed, problems = [], []
        for contact in contacts:
            recipient = _recipient(contact)
            if not recipient.address_lines:
                problems.append(f"{recipient.name} has no address (Contacts tab).")
                continue
            to = Addressee(contact.forename, contact.surname, contact.title or "",
                           recipient.address_lines, recipient.is_young_person,
                           recipient.large_print, str(contact.id))
            try:
                letter, used = compose_document(request.kind, facts, to, org, request.letter_date,
                                        wording)
            except TemplateError as exc:
                problems += _explain(exc, request.kind)
                break  # the same gap for every contact: say it once
            stored = StoredLetter(letter, enclosures, org.logo_sha256)
            text = document_json.dumps(stored)
            composed.append(ComposedLetter(
                child.id, _name(child), contact.id, request.kind, stored, used, text,
                document_json.content_hash(text)))
        if problems:
            raise LetterError(problems)
        return composed

    def _enclosures(self, session: Session, child: Child, kind: LetterKind,
                    facts: CaseFacts) -> tuple[Enclosure, ...]:
        """The plans a letter encloses, as they stand now."""
        if kind not in (LetterKind.AMENDMENT_NOTICE, LetterKind.DRAFT_PLAN_COVER,
                        LetterKind.FINAL_PLAN_COVER, LetterKind.FINAL_AMENDED_COVER):
            return ()
        versions = list(session.scalars(
            select(PlanVersion).join(EhcPlan, EhcPlan.id == PlanVersion.plan_id)
            .where(EhcPlan.child_id == child.id).order_by(PlanVersion.number.desc())))
        final = next((v for v in versions if v.kind == PlanVersionKind.FINAL), None)
        cover = PlanCover(f"{facts.known_as} {facts.legal_surname}", facts.date_of_birth,
                          None, facts.case_reference)
        if kind == LetterKind.AMENDMENT_NOTICE:
            proposed = next((v for v in versions
                             if v.kind == PlanVersionKind.PROPOSED_AMENDMENTS), None)
            if proposed is None or final is None:
                raise LetterError(["There are no proposed amendments to send: propose "
                                   "amendments on the Plan tab first."])
            current, new = self._plan(final.id), self._plan(proposed.id)
            return (Enclosure(new, cover, old=current), Enclosure(current, cover))
        if kind == LetterKind.DRAFT_PLAN_COVER:
            draft = next((v for v in versions if v.kind == PlanVersionKind.DRAFT), None)
            if draft is None:
                raise LetterError(["There is no draft plan to send: start one on the Plan "
                                   "tab first."])
            return (Enclosure(self._plan(draft.id), cover),)
        if final is None:
            raise LetterError(["There is no final plan to send: issue it on the Plan tab "
                               "first."])
        return (Enclosure(self._plan(final.id), cover),)

    def _plan(self, version_id: uuid.UUID) -> PlanDocument:
        return self._plans.document(version_id)

    # ----- printing and the log ----------------------------------------------------------
    def render(self, letters: Sequence[StoredLetter], progress: Progress | None = None,
               cancelled: Cancelled | None = None) -> bytes:
        """The letters (with what each encloses) as one PDF, each numbered on its own."""
        parts: list[Part] = []
        for stored in letters:
            letter = self._with_logo(stored)
            large = letter.recipient.large_print
            parts.append(LetterPart(letter))
            for enc in stored.enclosures:
                parts.append(RedlinePart(enc.old, enc.plan, enc.cover, large)
                             if enc.old is not None else PlanPart(enc.plan, enc.cover, large))
        title = letters[0].letter.title if len(letters) == 1 else "Letters"
        author = letters[0].letter.organisation.name if letters else ""
        return render_parts(parts, title=title, author=author, progress=progress,
                            cancelled=cancelled)

    def print_letters(self, letters: Sequence[ComposedLetter], path: Path,
                      progress: Progress | None = None, cancelled: Cancelled | None = None
                      ) -> list[IssuedLetter]:
        """Print `letters` to one PDF at `path` and record each as sent.

        The file appears whole or not at all (written beside, then renamed), and only
        if the letters are recorded: a cancelled run, or one whose recording fails,
        leaves no file, so nothing is posted that the log does not show.
        """
        if not letters:
            raise LetterError(["There are no letters to print."])
        pdf = self.render([c.stored for c in letters], progress, cancelled)
        path = Path(path)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(pdf)
        try:
            issued = self.record(letters, new_id() if len(letters) > 1 else None)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return issued

    def record(self, letters: Sequence[ComposedLetter], print_run_id: uuid.UUID | None = None
               ) -> list[IssuedLetter]:
        """Log `letters` as sent, each on its child's chronology, in one transaction."""
        with self._db.write(self.author_id) as uow:
            session = uow.session
            who = author_name(session, self.author_id)
            rows = []
            for c in letters:
                letter = c.stored.letter
                row = LetterIssued(
                    child_id=c.child_id, contact_id=c.contact_id, kind=c.kind.value,
                    issued_on=letter.letter_date, recipient_name=c.recipient_name,
                    large_print=c.large_print, templates=json.dumps(c.templates,
                                                                    sort_keys=True),
                    document=c.json, content_sha256=c.content_sha256,
                    print_run_id=print_run_id, author_name=who)
                session.add(row)
                rows.append(row)
                session.add(ChronologyEntry(
                    child_id=c.child_id, kind=ChronologyKind.LETTER, occurred_at=uow.now,
                    author_name=who,
                    summary=_clip(f"{CATALOGUE[c.kind].title}: letter to {c.recipient_name}"
                                  + (" (large print)" if c.large_print else "")),
                    body=_log_body(c)))
            session.flush()
            return [_issued(r) for r in rows]

    def issued(self, child_id: uuid.UUID) -> list[IssuedLetter]:
        """The letters logged for a child, newest first."""
        with self._db.read() as session:
            rows = session.scalars(select(LetterIssued).where(LetterIssued.child_id == child_id)
                                   .order_by(LetterIssued.created_at.desc()))
            return [_issued(r) for r in rows]

    def reproduce(self, letter_id: uuid.UUID) -> bytes:
        """A logged letter printed again, exactly as sent.

        Raises ValidationError if the stored letter no longer matches its recorded hash
        (the log was altered), and NotFoundError for an unknown letter.
        """
        with self._db.read() as session:
            row = session.get(LetterIssued, letter_id)
            if row is None:
                raise NotFoundError("That letter is not in the log.")
            text, expected = row.document, row.content_sha256
        if document_json.content_hash(text) != expected:
            raise ValidationError({"letter": "This letter's stored copy does not match the "
                                             "hash recorded when it was sent: it was altered."})
        return self.render([document_json.loads(text)])

    # ----- helpers -------------------------------------------------------------------------
    def _require_lead(self, session: Session, what: str) -> None:
        author = session.get(Officer, self.author_id) if self.author_id else None
        if author is None or author.role != OfficerRole.LEAD:
            raise ValidationError({"role": f"Only a lead annual review officer can change the "
                                           f"{what}."})

    def _with_logo(self, stored: StoredLetter) -> LetterDocument:
        """The letter with its logo (kept in the database) as a file the renderer reads."""
        if not stored.logo_sha256:
            return stored.letter
        found = [p for p in (self._assets / f"{stored.logo_sha256}{suffix}"
                             for _, suffix in LOGO_TYPES.values()) if p.exists()]
        if found:
            path = found[0]
        else:
            content = self.logo(stored.logo_sha256)
            if content is None:
                raise NotFoundError("The logo this letter was printed with is missing from "
                                    "the database.")
            path = self._asset_file(stored.logo_sha256, content)
        org = replace(stored.letter.organisation, logo_path=path)
        return replace(stored.letter, organisation=org)

    def _asset_file(self, sha256: str, content: bytes) -> Path:
        """The asset as a file reportlab can read (named by its hash, written once)."""
        self._assets.mkdir(parents=True, exist_ok=True)
        suffix = next((suffix for magic, (_, suffix) in LOGO_TYPES.items()
                       if content.startswith(magic)), ".bin")
        path = self._assets / f"{sha256}{suffix}"
        if not path.exists():
            fd, temp = tempfile.mkstemp(dir=self._assets)
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            os.replace(temp, path)
        return path


# ----- composing, pure ------------------------------------------------------------------------
def compose_document(kind: LetterKind, facts: CaseFacts, to: Addressee, org: Organisation,
                     letter_date: date, wording: dict[str, TemplateVersion] | None = None
                     ) -> tuple[LetterDocument, dict[str, int]]:
    """One letter's document and the template versions it used (TemplateError if a field
    it prints has no value). Pure: `wording` by key, the built-in wording when None."""
    if wording is None:
        wording = {k.value: _builtin(k) for k in template_keys()}
    info = CATALOGUE[kind]
    values = letter_values(kind, facts, to, org, letter_date)
    own = wording[kind.value]
    problems: list[TemplateProblem] = []
    subject = body = ""
    try:
        subject = render(own.subject or info.subject, values, "subject")
    except TemplateError as exc:
        problems += exc.problems
    try:
        body = render(own.body, values, info.title)
    except TemplateError as exc:
        problems += exc.problems
    blocks = list(blocks_from_text(body))
    used = {kind.value: own.version}
    for block in info.blocks:
        text = wording[block.value]
        used[block.value] = text.version
        try:
            rendered = render(text.body, values, BLOCK_TITLES[block])
        except TemplateError as exc:
            problems += exc.problems
            continue
        blocks.append(Heading(BLOCK_TITLES[block], 2))
        blocks += blocks_from_text(rendered)
    if problems:
        raise TemplateError(info.title, problems)
    references = (("Our reference", facts.case_reference),
                  ("About", f"{facts.legal_forename} {facts.legal_surname}"),
                  ("Date of birth", long_date(facts.date_of_birth)))
    if facts.officer_name:
        references += (("Please ask for", facts.officer_name),)
    letter = LetterDocument(org.letterhead(), Recipient(to.name, to.address_lines,
                                                         to.large_print),
                            letter_date, subject, tuple(blocks), references)
    return letter, used


def _explain(exc: TemplateError, kind: LetterKind) -> list[str]:
    """A template error as the officer can act on it: what is missing and where it is set."""
    sources = dict(FIELD_SOURCES)
    if kind == LetterKind.REVIEW_INVITATION:
        sources["meeting_date"] = "the date the review meeting is arranged for (Reviews tab)"
    found = []
    for problem in exc.problems:
        name = problem.message.split("}}")[0].strip("{ ") if "has no value" in problem.message \
            else ""
        if name in sources:
            found.append(f"The letter needs {sources[name]}.")
        elif name:
            found.append(f"The letter needs a value for {{{{ {name} }}}}, which this case "
                         "does not have.")
        else:
            found.append(f"The wording of \"{exc.where}\" has a problem: {problem}. Ask your "
                         "lead officer to correct it.")
    return list(dict.fromkeys(found))


def _example_kind(block: Block) -> LetterKind:
    """A letter that carries `block`, to preview it in."""
    return next(k for k, info in CATALOGUE.items() if block in info.blocks)


def _gaps_message(gaps: list[str]) -> str:
    return ("The council's details are not complete (Letters > Council details): "
            + ", ".join(gaps) + ".")


def _with_placeholders(org: Organisation) -> Organisation:
    filled = {name: getattr(org, name) or f"[{name.replace('_', ' ')}]"
              for name in ORGANISATION_FIELDS}
    return replace(org, **filled, address_lines=org.address_lines or ("[council address]",))


# ----- reading rows ---------------------------------------------------------------------------
def _organisation(session: Session) -> Organisation:
    row = session.get(OrganisationRow, ORGANISATION_ID)
    if row is None:
        return Organisation("")
    return Organisation(
        row.council_name, tuple(x for x in row.address.splitlines() if x), row.phone,
        row.email, row.website, row.local_offer, row.signatory_name, row.signatory_role,
        row.mediation_service, row.mediation_contact, row.disagreement_service,
        row.disagreement_contact, row.ias_service, row.ias_contact, row.la_contact,
        tuple(x for x in row.footer.splitlines() if x), row.logo_sha256 or "", row.row_version)


def _builtin(key: TemplateKey) -> TemplateVersion:
    if isinstance(key, Block):
        return TemplateVersion(key.value, BLOCK_TITLES[key], 0, "", defaults.BLOCKS[key])
    return TemplateVersion(key.value, CATALOGUE[key].title, 0, CATALOGUE[key].subject,
                           defaults.LETTERS[key])


def _template_version(row: LetterTemplate) -> TemplateVersion:
    return TemplateVersion(row.key, title_of(key_of(row.key)), row.version, row.subject,
                           row.body, row.author_name, row.created_at, row.note)


def _latest_templates(session: Session, key: str | None = None) -> dict[str, TemplateVersion]:
    query = select(LetterTemplate).order_by(LetterTemplate.version, LetterTemplate.created_at)
    if key is not None:
        query = query.where(LetterTemplate.key == key)
    return {row.key: _template_version(row) for row in session.scalars(query)}


def _wording(session: Session) -> dict[str, TemplateVersion]:
    """The wording in use for every letter and block, by key."""
    latest = _latest_templates(session)
    return {k.value: latest.get(k.value) or _builtin(k) for k in template_keys()}


def _letter_contacts(session: Session, child_id: uuid.UUID) -> list[Contact]:
    return list(session.scalars(
        select(Contact).where(Contact.child_id == child_id, Contact.receives_letters.is_(True),
                              Contact.removed.is_(False))
        .order_by(Contact.created_at, Contact.id)))


def _recipient(c: Contact) -> LetterRecipient:
    lines = tuple(x.strip() for x in (c.address_line1, c.address_line2, c.town, c.postcode)
                  if x and x.strip())
    name = " ".join(p for p in (c.title, c.forename, c.surname) if p)
    return LetterRecipient(c.id, name, c.relationship_to_child.label, lines,
                           c.letter_format.value == "large_print",
                           c.relationship_to_child == Relationship.YOUNG_PERSON)


def _name(child: Child) -> str:
    return f"{child.preferred_name or child.legal_forename} {child.legal_surname}"


def _child_name(session: Session, child_id: uuid.UUID) -> str:
    child = session.get(Child, child_id)
    return _name(child) if child else "(case removed)"


def _facts(session: Session, child: Child, kind: LetterKind, typed: dict[str, str]
           ) -> CaseFacts:
    """What the letter says about the case. The invitation names the meeting as arranged;
    every later letter the meeting as held (so a decision never cites a meeting to come)."""
    officer = session.scalar(select(Officer.display_name)
                             .join(Allocation, Allocation.officer_id == Officer.id)
                             .where(Allocation.child_id == child.id, Allocation.end_on.is_(None)))
    review = session.scalars(select(AnnualReview).where(AnnualReview.child_id == child.id)
                             .order_by(AnnualReview.completed_on.is_(None).desc(),
                                       AnnualReview.due_on.desc())).first()
    request = session.scalar(select(NeedsAssessment.request_received_on)
                             .where(NeedsAssessment.child_id == child.id)
                             .order_by(NeedsAssessment.request_received_on.desc()))
    issued = session.scalar(
        select(PlanVersion.issued_on).join(EhcPlan, EhcPlan.id == PlanVersion.plan_id)
        .where(EhcPlan.child_id == child.id, PlanVersion.kind == PlanVersionKind.FINAL)
        .order_by(PlanVersion.number.desc()))
    meeting = None
    if review is not None:
        meeting = review.meeting_on if kind == LetterKind.REVIEW_INVITATION \
            else review.meeting_held_on
    return CaseFacts(child.legal_forename, child.legal_surname, child.date_of_birth,
                     child.case_reference, child.preferred_name or "",
                     child.setting.name if child.setting else "", officer or "", meeting,
                     request, issued, {k: v.strip() for k, v in typed.items() if v.strip()})


def _issued(row: LetterIssued) -> IssuedLetter:
    kind = LetterKind(row.kind)
    return IssuedLetter(row.id, row.child_id, kind, CATALOGUE[kind].title, row.issued_on,
                        row.recipient_name, row.large_print, row.content_sha256,
                        row.author_name, row.created_at, row.print_run_id)


def _log_body(c: ComposedLetter) -> str:
    wording = ", ".join(f"{title_of(key_of(k))} {'built-in' if v == 0 else f'version {v}'}"
                        for k, v in c.templates.items())
    lines = [f"Dated {long_date(c.stored.letter.letter_date)}.",
             f"Wording: {wording}."]
    if c.stored.enclosures:
        lines.append("Enclosed: " + ", ".join(
            "the proposed changes" if e.old is not None else
            f"EHC plan version {e.plan.number} ({e.plan.kind.label.lower()})"
            for e in c.stored.enclosures) + ".")
    lines.append(f"Content SHA-256: {c.content_sha256}")
    return "\n".join(lines)


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _logo_type(content: bytes) -> str | None:
    return next((media for magic, (media, _) in LOGO_TYPES.items()
                 if content.startswith(magic)), None)


def _store_asset(session: Session, content: bytes, media: str) -> str:
    sha = _sha(content)
    if session.scalar(select(LetterAsset.id).where(LetterAsset.sha256 == sha)) is None:
        session.add(LetterAsset(sha256=sha, media_type=media, content=content))
    return sha


__all__ = ["LetterError", "LetterService", "RenderCancelled", "compose_document"]
