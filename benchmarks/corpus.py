"""A generated corpus for the benchmarks: the dev articles again and again, with their names varied.

Article i is dev article i mod 9 (in file-name order) with its names swapped, deterministically for a seed:

- places: each district of the article becomes another real district of the register with the same suffix
  (区/县), under a 市 (and a 省, or a municipality if the original was in one); its city and province follow the
  register, its 街道/镇/乡 become ones of that district and its 社区/村 ones of that 街道, so the partOf chain is
  still real; short forms (杭州 for 杭州市, 西湖 for 西湖街道) and long ones (…办事处, …居委会) follow;
- people: generated names of the same length (a surname only where the original had one), and their given
  names, 老X nicknames and X书记 forms with them;
- studios and initiatives not named after a person or place: generated names.

The names the gold files list are what gets swapped; Traditional articles get Traditional names (the OpenCC
variant whose names the article uses), and each article keeps its original's encoding (GB18030, Big5, UTF-8
with BOM), line ends and HTML. An article whose new names its encoding cannot hold is drawn again.

    .venv/bin/python benchmarks/corpus.py OUT_DIR [--articles 2000] [--seed 1] [--jsonl FILE.jsonl]

writes one file per article into OUT_DIR (00000-dev-01-xihu-jinshagang.txt …) and, with --jsonl, the same
articles as JSON Lines, one `{"text" or "html", "url", "title", "date"}` object a line.
"""
from __future__ import annotations

import argparse
import codecs
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_CORPUS = SHARED / "corpus"
DEV_GOLD = SHARED / "eval" / "dev"
SUFFIXES = (".txt", ".htm", ".html")
MUNICIPALITIES = ("11", "12", "31", "50")  # province codes of 北京, 天津, 上海, 重庆
STREET_SUFFIXES = ("街道", "镇", "乡")
VILLAGE_SUFFIXES = ("社区", "村")
SCRIPTS = (None, "s2t", "s2hk", "s2tw")  # None: Simplified as written
ATTEMPTS = 200

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国志红玉萍文辉力斌宇浩凯健俊帆鹏瑞颖欣佳琳晨雪梅琴"
         "云荣爱珍莉晶婷倩丹蓉君薇岚馨悦冰宁远航峰波林松亮成康庆东立新春秋彤慧嘉振卫家永金")
STUDIO_A = ("暖心", "连心", "红帆", "同心", "和美", "阳光", "清风", "知心", "贴心", "先锋", "启航", "守望", "安康", "睦邻")
STUDIO_B = ("", "帮办", "议事", "调解", "服务", "之家", "驿站", "说事")
INITIATIVE_A = ("邻里", "楼栋", "小院", "红色", "共享", "便民", "睦邻", "民情", "百姓", "老友", "街巷", "院坝", "幸福")
INITIATIVE_B = ("议事会", "代办", "课堂", "夜话", "管家", "圆桌会", "服务站", "互助社", "微治理", "联络站",
                "微心愿", "议事坊", "帮帮团")


@dataclass(frozen=True)
class Article:
    """One generated article: its file name and bytes, and what a JSON Lines corpus holds of it."""

    name: str
    data: bytes
    text: str  # decoded, as the file reads
    html: bool
    url: str
    title: str | None
    date: str | None

    def json(self) -> str:
        return json.dumps({"html" if self.html else "text": self.text, "url": self.url, "title": self.title,
                           "date": self.date}, ensure_ascii=False)


@dataclass
class Template:
    """A dev article and the names its gold file lists."""

    path: Path
    text: str
    encoding: str  # a Python codec that writes bytes like the original's
    bom: bytes
    gold: dict
    title: str | None
    date: str | None
    script: str | None  # the OpenCC variant the article's names are written in; None: Simplified

    @property
    def html(self) -> bool:
        return self.path.suffix.lower() in (".htm", ".html")


class Places:
    """The division register, read as the corpus needs it: districts and their 街道/镇/乡 by code."""

    def __init__(self):
        from kg.gazetteer import PSEUDO, canonical, default_register

        self.register = default_register()
        self.districts: list[str] = []  # 6-digit codes
        self.names: dict[str, str] = {}  # raw code -> canonical name
        self.streets: dict[str, list[str]] = defaultdict(list)  # district -> 9-digit codes
        for line in self.register._by_code:  # sorted by code, so every list below is in a fixed order
            code, name = line.split("\t")
            self.names[code] = canonical(name)
            if len(code) == 6 and not code.endswith("00") and name not in PSEUDO:
                self.districts.append(code)
            elif len(code) == 9:
                self.streets[code[:6]].append(code)

    def division(self, code: str):
        return self.register.get(code)

    def chain(self, code6: str) -> list:
        """City (if any) and province above a district, nearest first."""
        return self.register.chain(self.register.get(code6))

    def villages(self, street9: str) -> list:
        return [d for d in self.register.villages(street9[:6]) if d.code.startswith(street9)]

    @cached_property
    def by_suffix(self) -> dict[tuple[str, bool], list[str]]:
        out = defaultdict(list)
        for code in self.districts:
            name = self.names[code]
            if len(name) <= 5 and not any(w in name for w in ("开发", "管理", "经济", "高新", "园")):
                out[(name[-1], code[:2] in MUNICIPALITIES)].append(code)  # no 郑州高新技术产业开发区
        return out


def load_templates(corpus: Path = DEV_CORPUS, gold: Path = DEV_GOLD) -> list[Template]:
    """The dev articles that have a gold file, in file-name order."""
    from kg.cleaning import clean
    from kg.metadata import read_metadata
    from kg.reading import decode
    from kg.records import Source

    out = []
    for path in sorted(p for p in corpus.iterdir() if p.suffix.lower() in SUFFIXES):
        gold_file = gold / f"{path.stem}.gold.json"
        if not gold_file.is_file():
            continue
        data = path.read_bytes()
        decoded = decode(Source(path.name, data))
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        encoding = {"utf-8": "utf-8", "gb18030": "gb18030", "big5": "big5"}[decoded.encoding]
        article = read_metadata(clean(decoded))
        g = json.loads(gold_file.read_text(encoding="utf-8"))
        labels = [label for e in g["entities"] for label in e["labels"]]
        # the variant whose spelling of the gold names the text holds most often (ties: Simplified)
        script = max(SCRIPTS, key=lambda s: sum(decoded.text.count(_convert(s, label)) for label in labels))
        out.append(Template(path, decoded.text, encoding, bom, g, article.title.text if article.title else None,
                            article.issued.isoformat() if article.issued else None, script))
    if not out:
        raise SystemExit(f"no dev articles with gold files in {corpus} and {gold}")
    return out


_converters: dict[str, object] = {}


def _convert(script: str | None, text: str) -> str:
    if script is None:
        return text
    if script not in _converters:
        import opencc

        _converters[script] = opencc.OpenCC(script)
    return _converters[script].convert(text)


class Renamer:
    """New names for one article: (old, new) pairs, Simplified, the first pair for an old name winning."""

    def __init__(self, template: Template, register: Places, rng: random.Random):
        self.t, self.reg, self.rng = template, register, rng
        self.pairs: dict[str, str] = {}
        self.used: set[str] = set()
        self.entities = {e["id"]: e for e in template.gold["entities"]}
        self.parent = {r["s"]: r["o"] for r in template.gold["relations"] if r["p"] == "partOf"}

    def add(self, old: str, new: str | None) -> None:
        if new and old and old != new and old not in self.pairs:
            self.pairs[old] = new

    def rename(self, entity: dict, primary: str, new: str) -> None:
        """The entity's labels: the name itself, longer forms (…办事处) and shorter ones (杭州 for 杭州市)."""
        for label in sorted({primary, *entity["labels"]}):
            if label.startswith(primary):
                self.add(label, new + label[len(primary):])
            elif primary.startswith(label) and len(new) > len(primary) - len(label) + 1:
                self.add(label, new[: len(label) - len(primary)])
            elif label.endswith(primary):  # 福州市鼓楼区: the city as renamed already, when 鼓楼区 is taken
                self.add(label, substitute(label[: -len(primary)], self.pairs) + new)

    # ------------------------------------------------------------------ places

    def places(self) -> None:
        for did, district in self.entities.items():
            if district["type"] != "District":
                continue
            for _ in range(ATTEMPTS):
                choice = self._district(did, district)
                if choice is not None:
                    break
            else:
                continue  # no register district fits: this one keeps its name
            for eid, code, name in choice:
                entity = self.entities[eid]
                old = self._primary(entity)
                self.rename(entity, old, name)
                for suffix in STREET_SUFFIXES + VILLAGE_SUFFIXES:
                    # short forms the gold does not list (the 北雀 of 北雀村), for names in other names
                    if entity["type"] not in ("District", "City", "Province") and old.endswith(suffix) \
                            and len(old) - len(suffix) >= 2 and len(name) - len(suffix) >= 2:
                        self.add(old[: -len(suffix)], name[: -len(suffix)])
                        break

    def _primary(self, entity: dict) -> str:
        """The entity's name as the register writes it where it has a code, else its first label."""
        if entity.get("code"):
            d = self.reg.division(entity["code"])
            if d is not None and d.canonical in entity["labels"]:
                return d.canonical
        return entity["labels"][0]

    def _district(self, did: str, district: dict) -> list[tuple[str, str, str]] | None:
        """A register district like this one, with 街道 and 社区 for the ones under it: (entity, code, name)."""
        old = self._primary(district)
        muni = (district.get("code") or "")[:2] in MUNICIPALITIES
        code = self.rng.choice(self.reg.by_suffix[(old[-1], muni)])
        name = self.reg.names[code]
        if name in self.used:
            return None
        out = [(did, code, name)]
        # the units above, as the register has them, put first: a district's 福州市鼓楼区 follows its city
        up_id = self.parent.get(did)
        for d in self.reg.chain(code):
            if up_id is None:
                break
            entity = self.entities[up_id]
            want = {"City": 2, "Province": 1}.get(entity["type"])
            if want != d.level or d.canonical[-1] != self._primary(entity)[-1]:
                return None  # a 自治州 for a 市, a 自治区 for a 省: short forms would not follow
            out.insert(0, (up_id, d.code, d.canonical))
            up_id = self.parent.get(up_id)
        # the 街道/镇/乡 under it, and their 社区/村
        taken = set()
        for sid, street in self.entities.items():
            if self.parent.get(sid) != did or street["type"] not in ("SubdistrictOffice", "Town"):
                continue
            suffix = next((s for s in STREET_SUFFIXES if self._primary(street).endswith(s)), None)
            options = [c for c in self.reg.streets[code] if c not in taken and suffix
                       and self.reg.names[c].endswith(suffix)]
            if not options:
                return None
            street_code = self.rng.choice(options)
            taken.add(street_code)
            out.append((sid, street_code, self.reg.names[street_code]))
            for vid, village in self.entities.items():
                if self.parent.get(vid) != sid:
                    continue
                suffix = next((s for s in VILLAGE_SUFFIXES if self._primary(village).endswith(s)), None)
                options = [d for d in self.reg.villages(street_code) if d.code not in taken and suffix
                           and d.canonical.endswith(suffix) and len(d.canonical) <= 8]
                if not options:
                    return None
                d = self.rng.choice(options)
                taken.add(d.code)
                out.append((vid, d.code, d.canonical))
        if any(name in self.used for _, _, name in out):
            return None
        self.used.update(name for _, _, name in out)
        return out

    # ------------------------------------------------------------------ people, studios, initiatives

    def people(self) -> None:
        for entity in self.entities.values():
            if entity["type"] != "Person":
                continue
            full = max(entity["labels"], key=len)
            with_surname = len(full) >= 3 or full[0] in SURNAMES
            while True:
                given = "".join(self.rng.choice(GIVEN) for _ in range(len(full) - with_surname))
                new = (self.rng.choice(SURNAMES) if with_surname else "") + given
                if new not in self.used and new != full:
                    break
            self.used.add(new)
            self.add(full, new)
            for label in entity["labels"]:
                if full.endswith(label) and len(label) >= 2:  # the given name (淑芬 of 李淑芬)
                    self.add(label, new[-len(label):])
                elif with_surname and label in ("老" + full[0], "小" + full[0]):
                    self.add(label, label[0] + new[0])
            if with_surname and len(full) >= 3:
                self.add(full[0] + "书记", new[0] + "书记")

    def studios(self) -> None:
        for entity in self.entities.values():
            if entity["type"] != "WorkStudio":
                continue
            core = re.sub(r"(调解)?工作室$", "", entity["labels"][0])
            if len(core) < 2 or self._named(core):
                continue  # named after a person or place: those names change already
            self.add(core, self._fresh(STUDIO_A, STUDIO_B))

    def initiatives(self) -> None:
        for entity in self.entities.values():
            if entity["type"] != "Initiative" or any(re.search(r"[0-9A-Za-z+]", lb) for lb in entity["labels"]):
                continue  # 12345热线, 1+3+N: numbers stay, they are what the article is about
            core = min(entity["labels"], key=len)
            for label in [core] + [lb for lb in entity["labels"] if core not in lb]:
                if len(label) >= 2 and not self._named(label):
                    self.add(label, self._fresh(INITIATIVE_A, INITIATIVE_B))

    def _named(self, text: str) -> bool:
        return any(old in text for old in self.pairs)

    def _fresh(self, first, second) -> str:
        while True:
            new = self.rng.choice(first) + self.rng.choice(second)
            if new not in self.used and not any(new in old or old in new for old in self.pairs):
                self.used.add(new)
                return new

    # ------------------------------------------------------------------ all of it

    def mapping(self) -> dict[str, str]:
        """Old -> new in the article's script: its own variant first, then the others for leftovers."""
        self.places()
        self.people()
        self.studios()
        self.initiatives()
        out: dict[str, str] = {}
        for script in (self.t.script,) + tuple(s for s in SCRIPTS if s != self.t.script):
            for old, new in self.pairs.items():
                out.setdefault(_convert(script, old), _convert(script, new))
        return out


def substitute(text: str, mapping: dict[str, str]) -> str:
    """Every old name replaced in one pass, the longest match first, so no new name is renamed again."""
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=lambda k: (-len(k), k))))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def generate(n: int = 2000, seed: int = 1, templates: list[Template] | None = None) -> Iterator[Article]:
    """Articles 0 … n-1; article i is the same for a seed whatever n is."""
    from kg.reading import decode
    from kg.records import Source

    templates = templates or load_templates()
    register = Places()
    for i in range(n):
        t = templates[i % len(templates)]
        rng = random.Random(f"{seed}:{i}")
        name = f"{i:05d}-{t.path.stem}{t.path.suffix}"
        for _ in range(ATTEMPTS):
            mapping = Renamer(t, register, rng).mapping()
            text = substitute(t.text, mapping)
            try:
                data = t.bom + text.encode(t.encoding)
            except UnicodeEncodeError:
                continue  # a name Big5 cannot write: draw again
            if decode(Source(name, data)).text == text:  # still read as the original's encoding is
                break
        else:
            raise RuntimeError(f"{name}: no names found that {t.encoding} holds")
        title = substitute(t.title, mapping) if t.title else None
        yield Article(name, data, text, t.html, f"https://news.example.org/{i:05d}.html", title, t.date)


def write(out_dir: Path, n: int = 2000, seed: int = 1, jsonl: Path | None = None) -> list[Article]:
    """Write the corpus: one file per article into `out_dir`, and optionally one JSON Lines file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    articles = list(generate(n, seed))
    for a in articles:
        (out_dir / a.name).write_bytes(a.data)
    if jsonl is not None:
        jsonl.parent.mkdir(parents=True, exist_ok=True)
        jsonl.write_text("".join(a.json() + "\n" for a in articles), encoding="utf-8")
    return articles


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--articles", type=int, default=2000, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jsonl", type=Path, metavar="FILE", help="also write the articles as JSON Lines")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    articles = write(args.out_dir, args.articles, args.seed, args.jsonl)
    size = sum(len(a.data) for a in articles)
    chars = sum(len(a.text) for a in articles)
    kinds = defaultdict(int)
    for a in articles:
        kinds[Path(a.name).suffix] += 1
    print(f"wrote {len(articles)} articles ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}; "
          f"{chars} characters, {size / 1e6:.1f} MB) to {args.out_dir}"
          + (f", and {args.jsonl}" if args.jsonl else "") + f" in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
