"""The shared world of a load: towns, streets, postcodes, settings and the officers' team."""

from __future__ import annotations

import functools
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from faker import Faker

from caseworker_app import validation
from caseworker_app.codes import OfficerRole, Phase, SettingType
from caseworker_app.demo.chance import id_maker
from caseworker_app.demo.vocabulary import (
    HOUSE_NAMES,
    INWARD_LETTERS,
    NURSERY_WORDS,
    PLACE_HEADS,
    PLACE_TAILS,
    POSTCODE_AREAS,
    SAINTS,
    STREET_KINDS,
    STREET_WORDS,
    TOWN_HEADS,
    TOWN_TAILS,
)

CASES_PER_OFFICER = 250
OFFICERS_PER_LEAD = 20
CASES_PER_SETTING = 25


@functools.lru_cache(maxsize=4096)
def ascii_name(text: str) -> str:
    """Lower-case ASCII letters of a name, for e-mail addresses."""
    text = text.translate(str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "ß": "ss"}))
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _possessive(name: str) -> str:
    """St James' or St Mary's."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


@dataclass(frozen=True)
class Town:
    """A fictional town or village with its postcode district."""

    name: str
    district: str


@dataclass(frozen=True)
class Setting:
    """What placing a child needs to know about a setting."""

    id: str
    name: str
    kind: str
    setting_type: SettingType
    phase: Phase
    town: Town
    estab: int


@dataclass(frozen=True)
class TeamMember:
    """An officer's key and name."""

    id: str
    name: str


Address = tuple[str, str | None, str, str]  # first line, second line, town, postcode

# Kinds of setting: share of settings, type, phase, establishment-number base and name forms.
SETTING_KINDS: dict[str, tuple[float, SettingType, Phase, int, tuple[str, ...]]] = {
    "nursery": (9, SettingType.EARLY_YEARS, Phase.EARLY_YEARS, 1000,
                ("{place} Nursery", "Little {word} Pre-school", "{town} Day Nursery")),
    "infant": (5, SettingType.MAINSTREAM, Phase.INFANT, 2000, ("{town} Infant School",)),
    "junior": (4, SettingType.MAINSTREAM, Phase.JUNIOR, 2000, ("{town} Junior School",)),
    "primary": (46, SettingType.MAINSTREAM, Phase.PRIMARY, 2000, (
        "{town} Primary School", "{saint} C of E Primary School", "{town} Primary School",
        "{saint} Catholic Primary School", "{town} Community Primary School")),
    "primary_academy": (6, SettingType.ACADEMY, Phase.PRIMARY, 2000,
                        ("{town} Primary Academy", "{place} Primary Academy")),
    "resourced": (2, SettingType.RESOURCED, Phase.PRIMARY, 2000, ("{town} Primary School",)),
    "academy": (9, SettingType.ACADEMY, Phase.SECONDARY, 4000, ("{town} Academy",)),
    "college": (7, SettingType.MAINSTREAM, Phase.SECONDARY, 4000,
                ("{town} Community College", "{town} School")),
    "special": (4, SettingType.SPECIAL, Phase.ALL_AGE, 7000,
                ("{place} School", "{place} Special School")),
    "special_academy": (2, SettingType.SPECIAL_ACADEMY, Phase.ALL_AGE, 7000,
                        ("{place} Academy", "{place} School")),
    "independent": (2, SettingType.INDEPENDENT_SPECIAL, Phase.ALL_AGE, 6000,
                    ("{place} House School", "{place} Hall School")),
    "alternative": (1.5, SettingType.ALTERNATIVE, Phase.SECONDARY, 1100,
                    ("{town} Learning Centre",)),
    "fe": (2.5, SettingType.FE_COLLEGE, Phase.POST16, 8000, ("{town} College",)),
    "sixth_form": (1.5, SettingType.SIXTH_FORM, Phase.POST16, 8000,
                   ("{town} Sixth Form College",)),
    "specialist_post16": (1, SettingType.SPECIALIST_POST16, Phase.POST16, 8000,
                          ("{place} College",)),
}


class World:
    """Everything shared by all cases: name pools, towns, streets and the key generator."""

    def __init__(self, seed: str, cases: int) -> None:
        self.rng = random.Random(seed)
        self.new_id = id_maker(seed)
        self._faker_pools(seed)
        self.towns = self._towns(min(1200, 60 + cases // 150))
        self.streets = self._streets(min(4000, 300 + cases // 25))
        self.big_towns = self.towns[:8]  # where council offices and colleges are

    def _faker_pools(self, seed: str) -> None:
        # Faker is slow per call and its lists are finite, so draw pools once and pick from
        # them afterwards; repeats keep Faker's own weighting.
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        self.adult_m = [fake.first_name_male() for _ in range(2000)]
        self.adult_f = [fake.first_name_female() for _ in range(2000)]
        self.surnames = [fake.last_name() for _ in range(4000)]

    def _towns(self, count: int) -> list[Town]:
        names = sorted({head + tail for head in TOWN_HEADS for tail in TOWN_TAILS})
        self.rng.shuffle(names)
        towns = []
        for name in names[:count]:
            area, top = self.rng.choice(POSTCODE_AREAS)
            towns.append(Town(name, f"{area}{self.rng.randint(1, top)}"))
        return towns

    def _streets(self, count: int) -> list[str]:
        streets = ["High Street", "Fore Street", "Church Street", "Station Road"]
        while len(streets) < count:
            head = (self.rng.choice(STREET_WORDS) if self.rng.random() < 0.6
                    else self.rng.choice(self.surnames))
            kind = self.rng.choice(STREET_KINDS)
            if kind != head:  # no "Meadow Meadow"
                streets.append(f"{head} {kind}")
        return streets

    def postcode(self, town: Town) -> str:
        """A postcode in the town's district, checked as a user's entry would be."""
        rng = self.rng
        letters = INWARD_LETTERS
        while True:
            inward = (f"{int(rng.random() * 10)}{letters[int(rng.random() * 20)]}"
                      f"{letters[int(rng.random() * 20)]}")
            try:
                return validation.check_postcode(f"{town.district} {inward}")
            except ValueError:  # pragma: no cover - every letter above is allowed
                continue

    def address(self, town: Town | None = None) -> Address:
        """A home address: house number and street, a flat, or a named house."""
        rng = self.rng
        town = town or rng.choice(self.towns)
        street = rng.choice(self.streets)
        roll = rng.random()
        if roll < 0.82:
            line1, line2 = f"{int(rng.random() * 180) + 1} {street}", None
        elif roll < 0.94:
            line1, line2 = f"Flat {int(rng.random() * 24) + 1}", f"{rng.randint(1, 90)} {street}"
        else:
            line1, line2 = rng.choice(HOUSE_NAMES), street
        return line1, line2, town.name, self.postcode(town)


def build_officers(world: World, cases: int) -> tuple[list[TeamMember], list[dict[str, Any]]]:
    """Case officers (one per ~250 cases) then lead annual review officers (one per ~20)."""
    rng = world.rng
    case_officers = max(3, round(cases / CASES_PER_OFFICER))
    leads = max(1, round(case_officers / OFFICERS_PER_LEAD))
    officers, rows, taken, first_names = [], [], set(), world.adult_f + world.adult_m
    for index in range(case_officers + leads):
        for _attempt in range(50):  # distinct names, so pick-lists can tell people apart
            first, last = rng.choice(first_names), rng.choice(world.surnames)
            if f"{first} {last}" not in taken:
                break
        taken.add(f"{first} {last}")
        officer = TeamMember(world.new_id(), f"{first} {last}")
        role = OfficerRole.CASE_OFFICER if index < case_officers else OfficerRole.LEAD
        email = f"{ascii_name(first)}.{ascii_name(last)}{index + 1}@council.example.org"
        officers.append(officer)
        rows.append({"id": officer.id, "display_name": officer.name, "email": email,
                     "role": role, "active": True})
    return officers[:case_officers], rows


def _setting_counts(total: int) -> dict[str, int]:
    """How many settings of each kind: at least one of each, the rest by share."""
    shares = {kind: spec[0] for kind, spec in SETTING_KINDS.items()}
    spare, weight = total - len(shares), sum(shares.values())
    counts = {kind: 1 + int(spare * share / weight) for kind, share in shares.items()}
    counts["primary"] += total - sum(counts.values())
    return counts


def _setting_name(world: World, kind: str) -> tuple[str, Town]:
    rng = world.rng
    town = rng.choice(world.big_towns if kind in ("fe", "sixth_form") else world.towns)
    name = rng.choice(SETTING_KINDS[kind][4]).format(
        town=town.name, saint=f"St {_possessive(rng.choice(SAINTS))}",
        place=rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS), word=rng.choice(NURSERY_WORDS))
    return name, town


def build_settings(world: World, cases: int) -> tuple[list[Setting], list[dict[str, Any]]]:
    """Schools, colleges and nurseries named by phase, with URNs and valid addresses."""
    rng = world.rng
    settings, rows, names, urns, estabs = [], [], set(), set(), set()
    for kind, count in _setting_counts(max(20, cases // CASES_PER_SETTING)).items():
        _share, setting_type, phase, estab_base, _names = SETTING_KINDS[kind]
        for _ in range(count):
            for _attempt in range(30):  # a clash is possible with few towns; allow it then
                name, town = _setting_name(world, kind)
                if name not in names:
                    break
            names.add(name)
            urn = _unique(urns, lambda: str(rng.randint(100_000, 199_999)))
            estab = _unique(estabs, lambda base=estab_base: base + rng.randint(0, 1999))
            setting = Setting(world.new_id(), name, kind, setting_type, phase, town, estab)
            settings.append(setting)
            rows.append({"id": setting.id, "name": name, "urn": urn, "setting_type": setting_type,
                         "phase": phase, "address_line1": rng.choice(world.streets),
                         "address_line2": None, "town": town.name,
                         "postcode": world.postcode(town)})
    return settings, rows


def _unique(taken: set, make: Callable[[], Any]) -> Any:
    """A value from `make` not yet in `taken` (then recorded there); gives up after many tries."""
    value = make()
    for _ in range(200):
        if value not in taken:
            break
        value = make()
    taken.add(value)
    return value
