"""Several documents in one PDF, each with its own page numbering: the proposed amendments
pack, and any other bundle the letter service needs.

Regulation 22(2) of the SEND Regulations 2014 has the amendment notice go out with a copy
of the existing plan; families and officers find one file easier to keep than three.
`render_pack` takes any parts (`LetterPart`, `RedlinePart`, `PlanPart`, or a `Part` of
your own, see `pdf_compose`) and lays them out one after the other, each starting on a new
page and numbered "Page 1 of N" within itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from caseworker_app.entities_plan import PlanDocument
from caseworker_app.export.letter_document import LetterDocument, PlanCover
from caseworker_app.export.pdf_compose import (
    Cancelled,
    Part,
    Progress,
    RenderCancelled,
    render_parts,
)
from caseworker_app.export.pdf_letter import LetterPart
from caseworker_app.export.pdf_plan import PlanPart
from caseworker_app.export.pdf_redline import RedlinePart

__all__ = ["LetterPart", "Part", "PlanPart", "RedlinePart", "RenderCancelled",
           "amendment_pack", "amendment_pack_parts", "render_pack"]


def render_pack(parts: Sequence[Part], title: str = "", author: str = "",
                progress: Progress | None = None, cancelled: Cancelled | None = None) -> bytes:
    """`parts` in one PDF, each on new pages with its own "Page N of M"."""
    return render_parts(parts, title=title or (parts[0].title if parts else ""),
                        author=author, progress=progress, cancelled=cancelled)


def amendment_pack_parts(letter: LetterDocument, current: PlanDocument,
                         proposed: PlanDocument, cover: PlanCover) -> list[Part]:
    """The parts of a proposed amendments pack: the letter, the redline of `current` to
    `proposed`, and the current plan; large print if the letter's reader asked for it."""
    large = letter.recipient.large_print
    return [LetterPart(letter), RedlinePart(current, proposed, cover, large),
            PlanPart(current, cover, large)]


def amendment_pack(letter: LetterDocument, current: PlanDocument, proposed: PlanDocument,
                   cover: PlanCover) -> bytes:
    """The proposed amendments pack as one PDF: letter, changes, current plan."""
    return render_pack(amendment_pack_parts(letter, current, proposed, cover),
                       title=letter.title, author=letter.organisation.name)
