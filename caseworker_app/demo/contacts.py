"""The people who get a case's letters: parents, carers, social workers, the young person."""

from __future__ import annotations

from typing import Any

from caseworker_app.codes import LetterFormat, Relationship
from caseworker_app.db.tables import Contact
from caseworker_app.demo.batch import Batch
from caseworker_app.demo.chance import Dice
from caseworker_app.demo.people import ChildFacts, feminine, masculine
from caseworker_app.demo.places import Address, World, ascii_name
from caseworker_app.demo.vocabulary import EMAIL_DOMAINS, LANGUAGES, PHONE_FORMATS


class ContactMaker(Dice):
    """Adds each case's contacts, counting them for the load's summary."""

    def __init__(self, world: World) -> None:
        super().__init__(world.rng)
        self.world, self.new_id = world, world.new_id
        self.written = 0

    def add(self, batch: Batch, child: ChildFacts) -> None:
        """1 or 2 people who get letters: parents, carers, or the young person at 18+."""
        if child.looked_after:
            people = [self._person(child, Relationship.FOSTER_CARER, child.address, False),
                      self._person(child, Relationship.SOCIAL_WORKER, self._office(), False)]
        elif child.age >= 18:
            people = [self._young_person(child)]
            if self.random() < 0.45:
                people.append(self._person(child, self._parent_kind(), child.address, True,
                                           letters=self.random() < 0.5))
        else:
            kind = self._parent_kind()
            carer_pr = kind != Relationship.GRANDPARENT or self.random() < 0.5  # e.g. an SGO
            people = [self._person(child, kind, child.address, carer_pr)]
            if self.random() < 0.55:
                people.append(self._second_parent(child, kind))
        for person in people:
            batch.add(Contact, {"id": self.new_id(), "child_id": child.id, **person})
        self.written += len(people)

    def _parent_kind(self) -> Relationship:
        roll = self.random()
        return (Relationship.MOTHER if roll < 0.72 else Relationship.FATHER if roll < 0.87
                else Relationship.PARENT if roll < 0.93 else Relationship.GRANDPARENT)

    def _second_parent(self, child: ChildFacts, first: Relationship) -> dict[str, Any]:
        """Another adult: ~20% separated parents (own address, own letters), else same home."""
        roll = self.random()
        if roll > 0.8:
            kind = Relationship.STEP_PARENT if roll < 0.9 else Relationship.GRANDPARENT
        elif first == Relationship.PARENT:
            kind = Relationship.PARENT
        else:
            kind = Relationship.FATHER if first == Relationship.MOTHER else Relationship.MOTHER
        parental = kind in (Relationship.MOTHER, Relationship.FATHER, Relationship.PARENT)
        if parental and self.random() < 0.2:
            return self._person(child, kind, self.world.address(), True, letters=True)
        # One letter per household: a second adult at the same address is copied in only
        # when they are a grandparent living apart who asked for letters.
        letters = kind == Relationship.GRANDPARENT and self.random() < 0.3
        address = self.world.address() if kind == Relationship.GRANDPARENT else child.address
        return self._person(child, kind, address, parental, letters=letters)

    def _person(self, child: ChildFacts, kind: Relationship, address: Address, parental: bool,
                letters: bool = True) -> dict[str, Any]:
        """A contact row for a parent, carer or professional."""
        female = {Relationship.MOTHER: True, Relationship.FATHER: False}.get(
            kind, self.random() < 0.6)
        forename, surname = self._adult_name(child, kind, female)
        line1, line2, town, postcode = address
        work = kind == Relationship.SOCIAL_WORKER
        domain = "council.example.org" if work else self.choice(EMAIL_DOMAINS)
        email = (f"{ascii_name(forename)}.{ascii_name(surname)}{self.number(1, 99)}@{domain}"
                 if work or self.random() < 0.75 else None)
        large_print = self.random() < 0.03
        return {
            "title": self._title(kind, female), "forename": forename, "surname": surname,
            "relationship_to_child": kind, "parental_responsibility": parental,
            "address_line1": line1, "address_line2": line2, "town": town, "postcode": postcode,
            "email": email, "phone": self._phone() if self.random() < 0.9 else None,
            "letter_format": LetterFormat.LARGE_PRINT if large_print else LetterFormat.STANDARD,
            "receives_letters": letters, "removed": False,
        }

    def _adult_name(self, child: ChildFacts, kind: Relationship, female: bool) -> tuple[str, str]:
        family = kind not in (Relationship.FOSTER_CARER, Relationship.SOCIAL_WORKER)
        if family and child.language != "English":
            _share, men, women, surnames = LANGUAGES[child.language]
            base = child.surname if kind != Relationship.STEP_PARENT else self.choice(surnames)
            base = masculine(base, child.language)
            if female:
                return self.choice(women), feminine(base, child.language)
            return self.choice(men), base
        first = self.choice(self.world.adult_f if female else self.world.adult_m)
        same = family and kind != Relationship.STEP_PARENT and self.random() < 0.75
        return first, child.surname if same else self.choice(self.world.surnames)

    def _title(self, kind: Relationship, female: bool) -> str | None:
        roll = self.random()
        if roll < 0.02:
            return "Dr"
        if kind == Relationship.PARENT and roll < 0.15:
            return "Mx"
        if not female:
            return "Mr"
        return "Mrs" if roll < 0.5 else "Ms" if roll < 0.85 else "Miss"

    def _young_person(self, child: ChildFacts) -> dict[str, Any]:
        person = self._person(child, Relationship.YOUNG_PERSON, child.address, False)
        person.update(forename=child.first, surname=child.surname, title=None)
        return person

    def _office(self) -> Address:
        town = self.choice(self.world.big_towns)
        return ("Children's Social Care", f"{town.name} Civic Centre", town.name,
                self.world.postcode(town))

    def _phone(self) -> str:
        return self.choice(PHONE_FORMATS).format(self.number(0, 999))
