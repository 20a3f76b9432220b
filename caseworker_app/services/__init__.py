"""Use cases the screens call. Services own sessions and return plain records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from caseworker_app.db.uow import Database
from caseworker_app.paths import user_data_dir
from caseworker_app.services.assessments import AssessmentService
from caseworker_app.services.cases import CaseService
from caseworker_app.services.letters import LetterService
from caseworker_app.services.plans import PlanService
from caseworker_app.services.reference import ReferenceService
from caseworker_app.services.reviews import ReviewService
from caseworker_app.services.sync import SyncService
from caseworker_app.services.worklist import WorkService
from caseworker_app.sync.keys import KeyStore
from caseworker_app.typing_journal import TypingJournal, journal_path


@dataclass
class Services:
    """Everything a screen may call, built once by the composition root."""

    database: Database
    cases: CaseService
    reference: ReferenceService
    reviews: ReviewService
    work: WorkService
    assessments: AssessmentService
    plans: PlanService
    typing: TypingJournal  # plan text typed and not yet saved, kept through a crash
    letters: LetterService
    sync: SyncService

    @classmethod
    def build(cls, database: Database, author_id: uuid.UUID | None,
              identity: Path | None = None) -> Services:
        """Wire the services for `database`, acting as officer `author_id`; `identity` is the
        folder of this installation's sync keys (default: the user's data folder)."""
        plans = PlanService(database, author_id)
        keystore = KeyStore(identity if identity is not None else user_data_dir() / "identity")
        return cls(database, CaseService(database, author_id), ReferenceService(database),
                   ReviewService(database, author_id), WorkService(database, author_id),
                   AssessmentService(database, author_id), plans,
                   TypingJournal(journal_path(database.path)),
                   LetterService(database, author_id, plans),
                   SyncService(database, author_id, keystore))

    def act_as(self, author_id: uuid.UUID) -> None:
        """Record later changes as made by `author_id` (after the profile is chosen)."""
        self.cases.author_id = author_id
        self.reviews.author_id = author_id
        self.work.author_id = author_id
        self.assessments.author_id = author_id
        self.plans.author_id = author_id
        self.letters.author_id = author_id
        self.sync.author_id = author_id
