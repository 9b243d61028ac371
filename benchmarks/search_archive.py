"""A generated archive for the search benchmarks: article files (docs/CONTENT.md) in
`--out`, built from the sample edition's sentences, with reporters whose names no
dictionary knows and the cities and counties of Zhejiang.

    python benchmarks/search_archive.py --articles 10000 --out /tmp/archive/content
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests" / "fixtures" / "site" / "content", ROOT / "content")
PLACES = {
    "杭州": "上城 拱墅 西湖 滨江 萧山 余杭 富阳 临安 桐庐 淳安 建德", "宁波": "海曙 江北 北仑 镇海 鄞州 奉化 余姚 慈溪 象山 宁海",
    "温州": "鹿城 龙湾 瓯海 洞头 永嘉 平阳 苍南 文成 泰顺 瑞安 乐清", "嘉兴": "南湖 秀洲 嘉善 海盐 海宁 平湖 桐乡",
    "湖州": "吴兴 南浔 德清 长兴 安吉", "绍兴": "越城 柯桥 上虞 新昌 诸暨 嵊州", "金华": "婺城 金东 武义 浦江 磐安 兰溪 义乌 东阳 永康",
    "衢州": "柯城 衢江 常山 开化 龙游 江山", "舟山": "定海 普陀 岱山 嵊泗", "台州": "椒江 黄岩 路桥 三门 天台 仙居 温岭 临海 玉环",
    "丽水": "莲都 青田 缙云 遂昌 松阳 云和 庆元 景宁 龙泉",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭陆汪范金石廖贾夏韦"
GIVEN = "浩呈永卫际明剑斌雪峰晓燕丽娟海波建国志强文军红霞伟华敏静芳婷俊杰欣怡子涵宇轩梓萱浩然一鸣思远佳琪雨桐晨曦嘉懿昕玥睿泽"


def sentences() -> list[str]:
    found = set()
    for folder in SOURCES:
        for path in sorted(folder.rglob("*.md")):
            body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
            for line in body.splitlines():
                if line and not line.startswith("#"):
                    found.update(s + "。" for s in re.split(r"。", line) if len(s) >= 8)
    return sorted(found)


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _title(rng: random.Random, pool: list[str], low: int, high: int) -> str:
    return re.sub(r"[，。、“”：；]", " ", rng.choice(pool))[: rng.randint(low, high)].strip()


_SEGMENTED: dict[str, list[str]] = {}


def _word_title(rng: random.Random, pool: list[str], low: int, high: int) -> str:
    """A headline made of consecutive words of a sentence (jieba), low to high
    characters: the paper's own vocabulary, rarely the same twice, as real headlines are
    (cutting every headline from a sentence's start gave each one dozens of copies)."""
    from sitegen.ingest.segment import words

    sentence = rng.choice(pool)
    if sentence not in _SEGMENTED:
        _SEGMENTED[sentence] = [w for w in words(re.sub(r"[，。、“”：；！？（）]", " ", sentence)) if w.strip()]
    found = _SEGMENTED[sentence]
    start = rng.randrange(len(found))
    high = rng.randint(low, high)
    title = ""
    for word in found[start:]:
        if len(title) + len(word) > high:
            break
        title += word
    if len(title) < low:
        title = "".join(found)[:high]
    return title


def article(
    rng: random.Random,
    pool: list[str],
    people: list[str],
    date: dt.date,
    page: int,
    order: int,
    kickers: float = 0.0,
    word_titles: bool = False,
) -> str:
    city = rng.choice(sorted(PLACES))
    county = rng.choice(PLACES[city].split())
    reporters = rng.sample(people, rng.choice((1, 1, 2)))
    correspondents = rng.sample(people, rng.choice((0, 1, 2, 3)))
    body = rng.sample(pool, rng.randint(6, 18))
    body[0] = f"{county}讯 {body[0]}"
    body.insert(rng.randrange(len(body)), f"{city}市{county}的{rng.randint(2, 9999)}名职工参加了活动，{reporters[0]}在现场看到。")
    paragraphs = ["".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    title = _word_title if word_titles else _title
    headline = title(rng, pool, 10, 22)
    # Kickers (引题) and subtitles (副题) only when asked, so the default archive (the
    # search benchmark's) stays what it was.
    extra = []
    if kickers and rng.random() < kickers:
        extra.append(f"kicker: '{title(rng, pool, 6, 14)}'")
    if kickers and rng.random() < kickers / 2:
        extra.append(f"subtitle: '{title(rng, pool, 8, 18)}'")
    byline = "记者" + "、".join(reporters) + (" 通讯员" + "、".join(correspondents) if correspondents else "") + "报道"
    return "\n".join([
        "---",
        f"headline: '{headline}'",
        *extra,
        f"byline: {byline}",
        f"reporters: [{', '.join(reporters)}]",
        f"correspondents: [{', '.join(correspondents)}]",
        f"city: {city}",
        f"county: {county}",
        "province: 浙江",
        "kind: article",
        f"edition: {date.isoformat()}",
        f"page: {page}",
        f"order: {order}",
        "---",
        "\n\n".join(paragraphs),
        "",
    ])


def generate(
    out: Path,
    articles: int,
    per_page: int = 8,
    pages: int = 8,
    start: str = "2016-01-01",
    seed: int = 7,
    every_days: int = 2,
    kickers: float = 0.0,
    word_titles: bool = False,
) -> None:
    """`articles` files from `start`, an edition every `every_days` days (1: a daily,
    8 pages of 8 articles: about 23,000 articles a year); `kickers`: the share of
    articles with a kicker (half as many get a subtitle); `word_titles`: headings made
    of words (_word_title) rather than cut from a sentence's start."""
    rng = random.Random(seed)
    pool = sentences()
    people = sorted({name(rng) for _ in range(400)})
    date = dt.date.fromisoformat(start)
    written = 0
    while written < articles:
        for page in range(1, pages + 1):
            for order in range(1, per_page + 1):
                if written == articles:
                    return
                folder = out / date.isoformat() / f"{page:02d}"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{order:02d}-a.md").write_text(
                    article(rng, pool, people, date, page, order, kickers, word_titles), encoding="utf-8"
                )
                written += 1
        date += dt.timedelta(days=every_days)  # every 2 days: about 180 editions, 11,500 articles a year


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.out, args.articles)
