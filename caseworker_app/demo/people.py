"""One fictional child: name, age, needs, setting, home and identifiers, as a `child` row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stdnum.gb import upn as stdnum_upn

from caseworker_app import validation
from caseworker_app.codes import CaseStatus, CloseReason, Need, Sex
from caseworker_app.demo.chance import Dice, Weighted
from caseworker_app.demo.places import Address, Setting, World
from caseworker_app.demo.shares import (
    LANGUAGE_PICK,
    PRIMARY_NEEDS,
    SPECIAL_SCHOOL_SHARE,
    YEAR_GROUPS,
)
from caseworker_app.demo.vocabulary import (
    CHILD_FIRST_F,
    CHILD_FIRST_M,
    DIVERSE_FIRST_F,
    DIVERSE_FIRST_M,
    DIVERSE_SURNAMES,
    LANGUAGES,
    NICKNAMES,
)
from caseworker_app.schoolyear import RECEPTION_AGE_OFFSET, academic_year_start, age_on

LA_CODE = "878"  # Devon, whose key-stage mix the ages follow
# Settings a child in each age group may attend; popular ones take more children with plans.
SETTING_GROUPS: dict[str, tuple[str, ...]] = {
    "early_years": ("nursery",),
    "infant": ("infant", "primary", "primary_academy", "resourced"),
    "junior": ("junior", "primary", "primary_academy", "resourced"),
    "secondary": ("academy", "college"),
    "sixth": ("academy", "sixth_form", "fe"),
    "post18": ("fe", "specialist_post16"),
    "special": ("special", "special_academy"),
    "independent": ("independent",),
    "alternative": ("alternative",),
}


def feminine(surname: str, language: str) -> str:
    """The form of a family name a woman or girl carries (Polish -ska, Sikh Kaur)."""
    if language == "Polish" and surname.endswith(("ski", "cki", "dzki")):
        return surname[:-1] + "a"
    if language == "Punjabi" and surname == "Singh":
        return "Kaur"
    return surname


def masculine(surname: str, language: str) -> str:
    """The family-name form `feminine` starts from (Kowalska to Kowalski, Kaur to Singh)."""
    if language == "Polish" and surname.endswith(("ska", "cka", "dzka")):
        return surname[:-1] + "i"
    if language == "Punjabi" and surname == "Kaur":
        return "Singh"
    return surname


@dataclass
class ChildFacts:
    """What later steps of one case need to know about the child."""

    id: str
    year: int
    dob: date
    age: int
    sex: Sex
    language: str
    first: str
    surname: str
    need: Need
    secondary: Need | None
    setting: Setting | None
    looked_after: bool
    address: Address
    closed_on: date | None = None
    close_reason: CloseReason | None = None


class ChildMaker(Dice):
    """Makes each case's child, and the `child` row once the case's fate is known."""

    def __init__(self, world: World, settings: list[Setting], today: date,
                 first_reference: int) -> None:
        super().__init__(world.rng)
        self.world, self.today, self.new_id = world, today, world.new_id
        self.next_reference = first_reference
        self.upns: set[str] = set()
        self.ulns: set[str] = set()
        self.nhs_numbers: set[str] = set()
        self._index_settings(settings)

    def _index_settings(self, settings: list[Setting]) -> None:
        # Popular schools take more children with plans: weight each by a random size.
        by_kind: dict[str, list[Setting]] = {}
        for setting in settings:
            by_kind.setdefault(setting.kind, []).append(setting)
        self.pools: dict[str, Weighted[Setting]] = {}
        for group, kinds in SETTING_GROUPS.items():
            members = [s for kind in kinds for s in by_kind[kind]]
            self.pools[group] = Weighted(members, [self.rng.uniform(0.4, 2.5) for _ in members])
        self.primary_estabs = [s.estab for s in by_kind["primary"]]

    def child(self) -> ChildFacts:
        """A new child: year group, birthday, sex, name, needs, setting and home."""
        rng = self.rng
        year = YEAR_GROUPS.pick(rng)
        cohort = academic_year_start(self.today) - year - RECEPTION_AGE_OFFSET
        dob = date(cohort, 9, 1) + self.days(0, 364)  # a cohort is born September-August
        dob = min(dob, self.today - timedelta(days=400))
        roll = self.random()
        sex = Sex.MALE if roll < 0.72 else Sex.FEMALE if roll < 0.997 else Sex.UNKNOWN
        language = "English" if self.random() < 0.88 else LANGUAGE_PICK.pick(rng)
        first, surname = self._child_name(sex, language)
        need = PRIMARY_NEEDS.pick(rng)
        age = age_on(dob, self.today)
        setting = self._setting_for(year, need)
        # Most children live near their school; the rest travel, or have no school.
        town = setting.town if setting and self.random() < 0.7 else self.choice(self.world.towns)
        return ChildFacts(
            id=self.new_id(), year=year, dob=dob, age=age, sex=sex, language=language,
            first=first, surname=surname, need=need, secondary=self._secondary(need),
            setting=setting, looked_after=age < 18 and self.random() < 0.085,
            address=self.world.address(town))

    def _secondary(self, primary: Need) -> Need | None:
        if self.random() >= 0.4:
            return None
        while True:
            need = PRIMARY_NEEDS.pick(self.rng)
            if need != primary:
                return need

    def _child_name(self, sex: Sex, language: str) -> tuple[str, str]:
        female = sex == Sex.FEMALE or (sex == Sex.UNKNOWN and self.random() < 0.5)
        if language != "English":
            _share, boys, girls, surnames = LANGUAGES[language]
            surname = self.choice(surnames)
            if female:
                return self.choice(girls), feminine(surname, language)
            return self.choice(boys), surname
        diverse = self.random() < 0.1
        if diverse:
            first = self.choice(DIVERSE_FIRST_F if female else DIVERSE_FIRST_M)
        else:
            first = self.choice(CHILD_FIRST_F if female else CHILD_FIRST_M)
        if diverse and self.random() < 0.5:
            surname = self.choice(DIVERSE_SURNAMES)
        else:
            surname = self.choice(self.world.surnames)
        if self.random() < 0.04:  # double-barrelled
            surname = f"{surname}-{self.choice(self.world.surnames)}"
        return first, surname

    def _setting_for(self, year: int, need: Need) -> Setting | None:
        """A setting that teaches the child's year group; special more often for complex needs."""
        rng, roll = self.rng, self.random()
        no_setting = 0.1 if year >= 14 else 0.07 if year >= 12 else 0.03 if year < 0 else 0.008
        if roll < no_setting:
            return None  # at home before school, elective home education, or NEET at 16+
        if -1 <= year <= 14 and self.random() < SPECIAL_SCHOOL_SHARE[need]:
            group = "independent" if year >= 1 and self.random() < 0.1 else "special"
        elif year < 0:
            group = "early_years"
        elif year <= 2:
            group = "infant"
        elif year <= 6:
            group = "junior"
        elif year <= 11:
            pru = need == Need.SEMH and self.random() < 0.08
            group = "alternative" if pru else "secondary"
        else:
            group = "sixth" if year <= 13 else "post18"
        return self.pools[group].pick(rng)

    def row(self, child: ChildFacts) -> dict[str, Any]:
        """The `child` row, with the next case reference and fresh identifiers."""
        line1, line2, town, postcode = child.address
        preferred = self._preferred_name(child) if self.random() < 0.08 else None
        override = child.year - 1 if 1 <= child.year <= 13 and self.random() < 0.01 else None
        reference = f"EHC{self.next_reference:06d}"
        self.next_reference += 1
        return {
            "id": child.id, "case_reference": reference, "legal_forename": child.first,
            "legal_surname": child.surname, "preferred_name": preferred,
            "date_of_birth": child.dob, "sex": child.sex, "upn": self._upn(child),
            "uln": self._uln() if child.age >= 14 else None,
            "nhs_number": self._nhs_number() if self.random() < 0.6 else None,
            "address_line1": line1, "address_line2": line2, "town": town, "postcode": postcode,
            "primary_need": child.need, "secondary_need": child.secondary,
            "looked_after": child.looked_after, "home_language": child.language,
            "interpreter_needed": child.language != "English" and self.random() < 0.4,
            "year_group_override": override,
            "setting_id": child.setting.id if child.setting else None,
            "status": CaseStatus.CLOSED if child.closed_on else CaseStatus.OPEN,
            "closed_on": child.closed_on, "close_reason": child.close_reason,
        }

    def _preferred_name(self, child: ChildFacts) -> str:
        if child.first in NICKNAMES:
            return NICKNAMES[child.first]
        pool = CHILD_FIRST_F if child.sex == Sex.FEMALE else CHILD_FIRST_M
        if self.random() < 0.3:  # a young person known by a name of another gender
            pool = CHILD_FIRST_M if pool is CHILD_FIRST_F else CHILD_FIRST_F
        name = self.choice(pool)
        return name if name != child.first else f"{name}-{self.choice(CHILD_FIRST_F)}"

    # ----- identifiers -----------------------------------------------------------------
    def _upn(self, child: ChildFacts) -> str | None:
        """UPN for Reception to Year 13: LA, first school, year of entry, serial, check letter."""
        if not 0 <= child.year <= 13:
            return None
        school = child.setting
        estab = (school.estab if school and school.kind in ("infant", "primary", "resourced")
                 else self.choice(self.primary_estabs))
        entry_year = (academic_year_start(self.today) - child.year) % 100
        for _ in range(50):
            number = f"{LA_CODE}{estab:04d}{entry_year:02d}{self.number(1, 999):03d}"
            upn = stdnum_upn.calc_check_digit(number) + number
            if upn not in self.upns:
                break
        self.upns.add(upn)
        return validation.check_upn(upn)

    def _uln(self) -> str:
        """A Unique Learner Number: 10 digits, the last a check digit."""
        while True:
            body = str(self.number(100_000_000, 999_999_999))
            total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
            check = 10 - total % 11
            if check < 10 and body + str(check) not in self.ulns:
                self.ulns.add(body + str(check))
                return validation.check_uln(body + str(check))

    def _nhs_number(self) -> str:
        """An NHS number in the 999 range the NHS keeps for test data (never issued)."""
        while True:
            body = f"999{self.number(0, 999_999):06d}"
            total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
            check = (11 - total % 11) % 11
            if check == 10:
                continue  # no valid number has this body
            formatted = validation.check_nhs_number(body + str(check))  # "999 123 4567"
            if formatted not in self.nhs_numbers:
                self.nhs_numbers.add(formatted)
                return formatted

