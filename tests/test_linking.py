"""Linking with the register: codes, completed parent chains, and one IRI per place across articles."""
from __future__ import annotations

import pytest
from rdflib.namespace import PROV, RDF

from kg.namespace import ID, KG
from kg.pipeline import build, extract_source
from kg.rdf import register_graph_iri, register_iri
from kg.records import Source


def _extract(text: str):
    return extract_source(Source("t.txt", text.encode("utf-8")))


def _by_name(ex):
    return {e.name: e for e in ex.entities}


def test_register_completes_the_chain_above_the_named_units():
    ex = _extract("天桥区北坦街道北关社区设立调解工作室，服务居民。")
    ents = _by_name(ex)
    assert ents["北关社区"].code == "370105007012"
    assert ents["济南市"].origin == ents["山东省"].origin == "register"
    assert not ents["济南市"].mentions and ents["山东省"].type == "Province"
    up = {(r.subject, r.object) for r in ex.relations if r.predicate == "partOf" and r.origin == "register"}
    key = {n: e.key for n, e in ents.items()}
    assert (key["天桥区"], key["济南市"]) in up and (key["济南市"], key["山东省"]) in up


def test_a_county_level_city_is_a_district():
    ents = _by_name(_extract("浙江省义乌市稠城街道开展志愿服务。"))
    assert ents["义乌市"].type == "District" and ents["义乌市"].code == "330782000000"
    assert ents["金华市"].origin == "register"


def test_a_county_level_city_bare_and_whole_is_one_district_in_its_city():
    # 肇庆|四会 (a bare parent before its town) and 肇庆|四会市: one 县级市, with its code, part of its city
    ex = _extract("肇庆四会罗源镇召开会议\n会后，大家来到肇庆四会市罗源镇的一个村。")
    districts = [e for e in ex.entities if e.type == "District"]
    assert [(e.name, e.code) for e in districts] == [("四会市", "441284000000")]
    ents = _by_name(ex)
    text = {(r.subject, r.object) for r in ex.relations if r.predicate == "partOf" and r.origin == "text"}
    assert (ents["四会市"].key, ents["肇庆市"].key) in text


def test_a_township_written_with_its_nationality_has_the_register_s_code():
    # the register writes 三岔口镇; the article, 三岔口朝鲜族镇
    assert _by_name(_extract("东宁市三岔口朝鲜族镇召开会议。"))["三岔口朝鲜族镇"].code == "231086101000"


def test_same_place_in_two_articles_has_one_iri():
    a = Source("a.txt", "天桥区北坦街道召开会议。".encode())
    b = Source("b.txt", "济南市天桥区推进网格化治理，北坦街道积极参与。".encode())
    ds = build([a, b]).dataset
    node = ID["division/370105007000"]
    graphs = {g for *_, g in ds.quads((node, RDF.type, KG.SubdistrictOffice, None))}
    assert len(graphs) == 2  # typed in both article graphs, one IRI


def test_register_facts_live_in_their_own_graph():
    ds = build([Source("a.txt", "天桥区北坦街道召开会议。".encode())]).dataset
    reg = ds.graph(register_graph_iri())
    assert (ID["division/370100000000"], PROV.wasDerivedFrom, register_iri()) in reg
    assert (ID["division/370105000000"], KG.partOf, ID["division/370100000000"]) in reg
    assert (ID["division/370105007000"], KG.adminCode, None) in reg
    articles = [g for g in ds.graphs() if (None, RDF.type, KG.Article) in g]
    assert len(articles) == 1
    assert (None, KG.adminCode, None) not in articles[0]
    assert (ID["division/370100000000"], None, None) not in articles[0]


def test_an_unsupported_homonym_gets_no_code():
    ents = _by_name(_extract("鼓楼区召开会议，部署工作。"))
    assert ents["鼓楼区"].code is None


def _rel(ex, predicate):
    name = {e.key: e.name for e in ex.entities}
    return {(name[r.subject], name[r.object]) for r in ex.relations if r.predicate == predicate}


def test_a_list_before_a_count_names_units_of_that_level():
    ex = _extract("罗湖区东门街道下辖东门、湖贝、立新等五个社区，服务居民。")
    ents = _by_name(ex)
    for name in ("东门社区", "湖贝社区", "立新社区"):
        assert ents[name].type == "Community"
        assert (name, "东门街道") in _rel(ex, "partOf")
    assert [m.span.text for m in ents["湖贝社区"].mentions] == ["湖贝"]


def test_a_list_whose_length_disagrees_with_its_count_is_not_read():
    ents = _by_name(_extract("东门街道推进东门、湖贝三个社区的改造。"))
    assert "东门社区" not in ents and "湖贝社区" not in ents


def test_units_named_after_xia_belong_to_the_governing_unit():
    ex = _extract("成都市锦江区牛市口街道辖8个社区，其中大观社区、均隆社区实施“邻里守望”行动。")
    assert {("大观社区", "牛市口街道"), ("均隆社区", "牛市口街道")} <= _rel(ex, "partOf")
    # the clause's coordinated subjects launch it
    assert _rel(ex, "launchedBy") == {("邻里守望行动", "大观社区"), ("邻里守望行动", "均隆社区")}


def test_a_chain_of_units_acts_through_its_last_unit():
    ex = _extract("河南省漯河市郾城区沙北街道黄河路社区设立“老李帮忙”工作室，由社区干部负责。")
    assert _rel(ex, "locatedIn") == {("老李帮忙工作室", "黄河路社区")}


def test_a_facility_a_body_keeps_in_a_unit_is_in_that_unit():
    ex = _extract("东港区人民法院第二党支部与石臼街道签署协议，成立东港区人民法院驻石臼街道诉源治理工作站。")
    station = "东港区人民法院驻石臼街道诉源治理工作站"
    assert (station, "石臼街道") in _rel(ex, "locatedIn")
    assert (station, "东港区人民法院第二党支部") in _rel(ex, "launchedBy")


def test_a_body_a_unit_sets_up_is_in_that_unit():
    # a quoted name, several body words and an organisation's head: one organisation, where the unit is
    ex = _extract("东湖社区成立“5+2”红色联席服务队，为居民办实事。")
    assert ("Organization", "5+2红色联席服务队") in {(e.type, e.name) for e in ex.entities}
    assert _rel(ex, "locatedIn") == {("5+2红色联席服务队", "东湖社区")}


def test_a_guide_or_a_title_is_not_launched_by_the_clause_s_actor():
    ex = _extract("去年以来，在新时代“枫桥经验”的指引下，县司法局推出“老兵调解”品牌。")
    assert _rel(ex, "launchedBy") == {("老兵调解品牌", "县司法局")}
    ex = _extract("2023年，东湖社区被评为全市“邻里守望工程”示范单位。")
    assert _rel(ex, "launchedBy") == set()
    assert _rel(ex, "locatedIn") == {("邻里守望工程", "东湖社区")}


def test_a_facility_named_on_its_unit_is_that_unit_s_unless_a_verb_says_who_built_it():
    ex = _extract("日照市东港区石臼街道东湖社区驿站内，居民在此阅读。作为全市首个社区驿站，东湖社区驿站的建成投用受到好评。")
    assert _rel(ex, "launchedBy") == {("东湖社区驿站", "东湖社区")}
    assert _rel(ex, "locatedIn") == {("东湖社区驿站", "东湖社区")}
    ex = _extract("石臼街道为居民开设了东湖社区驿站。")
    assert _rel(ex, "launchedBy") == {("东湖社区驿站", "石臼街道")}


def test_two_partners_of_an_agreement_both_launch_it():
    ex = _extract("热河路社区与鼓东街道签订了「双鼓楼」结对共建协议。")
    assert _rel(ex, "launchedBy") == {("双鼓楼结对共建协议", "热河路社区"), ("双鼓楼结对共建协议", "鼓东街道")}


def test_a_partner_after_a_clause_opening_with_is_not_the_actor():
    # 与X合作 with the actor left out: the actor is the one carried over from the sentence before
    ex = _extract("东湖社区发展茶产业。与华南农业大学合作，创新“专家+农户”培育模式。")
    assert _rel(ex, "launchedBy") == {("专家+农户培育模式", "东湖社区")}


def test_a_programme_taken_up_is_not_launched_by_who_takes_it_up():
    ex = _extract("东门街道践行新时代“枫桥经验”，湖贝社区打造“湖贝议事厅”。")
    assert _rel(ex, "launchedBy") == {("湖贝议事厅", "湖贝社区")}
    assert ("枫桥经验", "东门街道") in _rel(ex, "locatedIn")
    # 可推广的 is an adjective: 形成 launched it
    ex = _extract("东门街道形成了可复制、可推广的“东门样板”。")
    assert _rel(ex, "launchedBy") == {("东门样板", "东门街道")}


def test_an_organisation_with_and_without_its_place_name_is_one():
    ex = _extract("东湖镇组建了东湖镇强村富民公司。强村富民公司由14个村入股。")
    orgs = [e for e in ex.entities if e.type == "Organization"]
    assert [e.name for e in orgs] == ["东湖镇强村富民公司"] and "强村富民公司" in orgs[0].aliases


def test_a_programme_with_and_without_its_place_name_is_one():
    ex = _extract("热河路社区打造「热河路邻里中心」。「邻里中心」助餐点日均供餐220份。")
    [programme] = [e for e in ex.entities if e.type == "Initiative"]
    assert programme.name == "热河路邻里中心" and "邻里中心" in programme.aliases and len(programme.mentions) == 2


def test_register_names_split_a_chain_jieba_runs_together():
    ents = _by_name(_extract("河南省漯河市郾城区沙北街道召开会议。"))
    assert ents["郾城区"].code == "411103000000" and ents["沙北街道"].code == "411103001000"


def test_a_register_unit_a_lower_unit_starts_inside_is_its_parent():
    # jieba cuts 三台山|德昂族|乡邦外|村委会: the village is 邦外村, not 德昂族乡邦外村
    ents = _by_name(_extract("芒市三台山德昂族乡邦外村委会的群众来了。"))
    assert ents["三台山德昂族乡"].code == "533103205000" and ents["邦外村"].code == "533103205201"
    assert "德昂族乡邦外村" not in ents


def test_an_autonomous_unit_is_found_by_its_name_without_nationalities():
    ents = _by_name(_extract("芒市三台山乡出冬瓜村修通了公路。"))
    assert ents["三台山乡"].code == "533103205000" and ents["出冬瓜村"].code == "533103205203"
    ents = _by_name(_extract("德宏州芒市三台山乡允欠村委会组织群众。"))  # 德宏州: 德宏傣族景颇族自治州
    assert ents["德宏州"].code == "533100000000" and ents["芒市"].code == "533103000000"
    assert ents["允欠村"].code == "533103205204"
    assert not {"广州", "杭州", "神州"} & set(_by_name(_extract("他在广州、杭州打过工，走遍神州。")))  # no register names
    # and with both names in one article it is one unit, by its full name
    ex = _extract("三台山德昂族乡邦外村来了客人。三台山乡的干部说，路通了。")
    [town] = [e for e in ex.entities if e.type == "Town"]
    assert town.name == "三台山德昂族乡" and town.code == "533103205000" and "三台山乡" in town.aliases


def test_a_village_written_with_its_suffix_twice_is_the_register_s_village():
    # jieba reads 罗针田|村村 ("every village"); the register has 罗针田村 in 万寨乡, and no 罗针田村村
    ex = _extract("宣恩县万寨乡以罗针田村村为主导，组建联村党委。罗针田村村创新发展模式。")
    ents = _by_name(ex)
    assert ents["罗针田村"].code == "422825200203" and len(ents["罗针田村"].mentions) == 2
    # the mention is the name; the second 村 stands for the village again (X村|村集体, X村|村为主导)
    assert {m.span.text for m in ents["罗针田村"].mentions} == {"罗针田村"}
    assert not _by_name(_extract("宣恩县实现村村通公路。")).keys() & {"实现村", "村村"}


def test_a_community_read_with_its_city_s_bare_name_is_split():
    # a headline's 济南北关社区: 济南 is 济南市, the community is the 北关社区 the article places in 北坦街道
    ents = _by_name(_extract("济南北关社区开展活动\n天桥区北坦街道北关社区组织居民议事。"))
    assert "济南北关社区" not in ents and ents["北关社区"].code == "370105007012"
    assert ents["济南市"].code == "370100000000"


def test_no_parent_is_guessed_across_cities():
    ex = _extract("成都市锦江区召开会议。河南省漯河市郾城区沙北街道发言。大观社区介绍经验。")
    assert not {p for c, p in _rel(ex, "partOf") if c == "大观社区"}


def test_studio_names():
    ex = _extract("湖贝社区党委书记李春梅设立李春梅调解工作室。黄河路社区设立“老李帮忙”工作室。")
    ents = _by_name(ex)
    assert ents["李春梅调解工作室"].type == ents["老李帮忙工作室"].type == "WorkStudio"
    assert ("李春梅调解工作室", "李春梅") in _rel(ex, "namedAfter")
    assert "老李帮忙" not in ents  # the quotation names the studio, not an initiative


def test_a_name_after_a_title_that_jieba_tags_as_an_adverb():
    assert _by_name(_extract("街道党工委书记王立新介绍了经验。"))["王立新"].type == "Person"


def test_one_quoted_programme_with_two_suffixes_is_one_initiative():
    ex = _extract("西江镇推行“积分超市”乡村治理模式。全镇推广“积分超市”模式，效果明显。")
    programmes = [e for e in ex.entities if e.type == "Initiative"]
    assert len(programmes) == 1 and len(programmes[0].mentions) == 2
    assert {programmes[0].name, *programmes[0].aliases} == {"积分超市乡村治理模式", "积分超市模式", "积分超市"}


def test_a_quoted_studio_name_before_an_activity_word():
    ents = _by_name(_extract("东坡路社区建立“老娘舅”调解工作室，调解纠纷。"))
    assert ents["老娘舅调解工作室"].type == "WorkStudio" and "老娘舅" not in ents


def test_names_never_run_over_a_line_end():
    ents = _by_name(_extract("西江镇推行“积分超市”乡村治理模式\n近年来成效明显。"))
    assert all("\n" not in e.name for e in ents.values())


def test_a_register_town_splits_off_the_village_written_after_it():
    ents = _by_name(_extract("浙江省湖州市安吉县天荒坪镇余村接待游客120万人次。"))
    assert ents["天荒坪镇"].code == "330523108000" and ents["余村"].code == "330523108204"
    assert "天荒坪镇余村" not in ents


def test_named_zones_the_register_lists_are_districts_but_generic_zones_are_not():
    ents = _by_name(_extract("苏州工业园区斜塘街道推出“邻里中心”模式。该市高新区管委会召开会议。"))
    assert ents["苏州工业园区"].code == "320576000000" and ents["斜塘街道"].code == "320576051000"
    assert "高新区" not in ents


def test_a_bare_level_word_opening_the_clause_is_the_unit_named_last():
    ex = _extract("金水区花园路街道老旧小区改造全面启动。为了让居民全程参与，街道推出“楼院议事会”。")
    assert _rel(ex, "launchedBy") == {("楼院议事会", "花园路街道")}


def test_a_named_company_is_an_organisation_and_a_partner():
    ex = _extract("长延堡社区联合陕西绿城物业服务有限公司成立“物业+党建”联盟。")
    assert _by_name(ex)["陕西绿城物业服务有限公司"].type == "Organization"
    assert _rel(ex, "launchedBy") == {("物业+党建联盟", "长延堡社区"), ("物业+党建联盟", "陕西绿城物业服务有限公司")}


def test_a_speech_verb_is_not_the_third_character_of_a_name():
    assert "李娜" in _by_name(_extract("社区书记李娜说：“大家有事找社区。”"))


def test_collective_words_are_not_units():
    ents = _by_name(_extract("会议要求，各县区、各乡镇要高度重视，全市各社区积极创建和谐社区。"))
    assert not [e for e in ents.values() if e.type in ("District", "Town", "Community")], ents


def test_a_community_under_a_street_the_register_lacks_gets_no_second_parent():
    ex = _extract("天桥区幸福大街街道北关社区召开居民议事会。")
    ents = _by_name(ex)
    assert ents["北关社区"].code is None
    assert {p for c, p in _rel(ex, "partOf") if c == "北关社区"} == {"幸福大街街道"}


def test_a_street_placed_through_its_community():
    # 北坦街道 alone has nothing around it to confirm it; the 北关社区 under it does
    ents = _by_name(_extract("北坦街道北关社区召开居民议事会。"))
    assert ents["北关社区"].code == "370105007012" and ents["北坦街道"].code == "370105007000"


@pytest.mark.parametrize("text, name", [("村党支部书记侯俊明说，这让村民受益。", "侯俊明"), ("社区书记王强都说好。", "王强")])
def test_a_name_jieba_glued_to_a_speech_verb(text, name):
    people = [e.name for e in _extract(text).entities if e.type == "Person"]
    assert people == [name]


def test_a_street_the_register_still_lists_as_a_town():
    # 撤镇设街道: the article's 唐昌街道 is the register's 唐昌镇, and the village under it is found there
    ents = _by_name(_extract("成都市郫都区唐昌街道战旗村发展集体经济。"))
    assert ents["唐昌街道"].code == "510117104000" and ents["战旗村"].code == "510117104213"


def test_quoted_names_with_an_organisation_suffix_are_organisations():
    ents = _by_name(_extract("村里成立了“战旗村股份经济合作联合社”，依托“乡村十八坊”项目发展经济。"))
    assert ents["战旗村股份经济合作联合社"].type == "Organization"
    assert ents["乡村十八坊项目"].type == "Initiative"


@pytest.mark.parametrize("text,parent,child,code", [
    ("来自杭州西湖区的志愿者走进社区。", "杭州市", "西湖区", "330106000000"),  # 西湖区: in 杭州 and in 南昌
    ("来自南昌西湖区的志愿者走进社区。", "南昌市", "西湖区", "360103000000"),
    ("广东东莞长安镇开展志愿服务。", "东莞市", "长安镇", "441900119000"),  # 东莞 has no districts
])
def test_a_parent_written_without_its_suffix_places_the_unit(text, parent, child, code):
    ex = _extract(text)
    ents = _by_name(ex)
    assert ents[child].code == code
    assert ents[parent].origin == "text" and ents[parent].mentions[0].span.text == parent[:2]
    part = {(r.subject, r.object) for r in ex.relations if r.predicate == "partOf"}
    assert (ents[child].key, ents[parent].key) in part


def test_a_bare_name_the_register_does_not_hold_the_unit_under_is_no_parent():
    # 西湖区 is in neither 南京 nor 新华: the word before it stays a word, and 西湖区 stays unplaced
    for text in ("南京西湖区的志愿者走进社区。", "新华西湖区的志愿者走进社区。"):
        ents = _by_name(_extract(text))
        assert ents["西湖区"].code is None and "南京市" not in ents and "新华区" not in ents


def test_a_parent_takes_back_the_suffix_jieba_glued_to_its_child():
    # jieba cuts 沾益|区金龙|街道: the district is 沾益区, the street 金龙街道 (in it, not the 金龙街道 of 泉州)
    ents = _by_name(_extract("位于曲靖市沾益区金龙街道东海社区。"))
    assert "区金龙街道" not in ents
    assert ents["金龙街道"].code == "530303003000" and [m.span.text for m in ents["金龙街道"].mentions] == ["金龙街道"]
    assert [m.span.text for m in ents["沾益区"].mentions] == ["沾益区"]


def test_a_unit_s_short_form_does_not_take_the_start_of_another_name():
    ents = _by_name(_extract("曲靖市沾益区委组织部召开会议，部署网格工作。沾益区委组织部有关负责人表示，沾益将继续推进。"))
    assert len(ents["沾益区委组织部"].mentions) == 2
    assert [m.span.text for m in ents["沾益区"].mentions] == ["沾益区", "沾益"]  # the last 沾益 is the district


def test_a_short_form_keeps_a_place_where_the_longer_name_is_not_a_word():
    # 羊排|村民: 羊排村 is written there, but not as words of its own; the villagers are 羊排's
    ents = _by_name(_extract("雷山县羊排村开展活动。羊排村民都说很好。"))
    assert [m.span.text for m in ents["羊排村"].mentions] == ["羊排村", "羊排"]


def test_a_village_written_before_its_committee_s_long_form_is_that_village():
    # X村|村民委员会 names X村, as the register reads its own names (not X村村)
    from kg.linking import canonical
    from kg.records import Candidate, Span

    cand = Candidate("Village", "红光村村民委员会", Span(0, 8, "红光村村民委员会"), stem="红光村")
    assert canonical(cand) == "红光村"
    assert canonical(Candidate("Village", "红光村民委员会", Span(0, 7, "红光村民委员会"), stem="红光")) == "红光村"


def test_a_second_村_that_begins_the_next_word_is_no_part_of_the_village_s_mention():
    # 红光村|村部: the village's office; the second 村 is not the name's (nor is 村部 a body)
    ents = _by_name(_extract("密云区十里堡镇红光村绿树成荫。 红光村村部门口挂起了新牌子。"))
    assert [m.span.text for m in ents["红光村"].mentions] == ["红光村", "红光村"]
    ents = _by_name(_extract("在红光村村部开座谈会，听取十里堡镇、红光村的汇报。"))
    assert "红光村村部" not in ents and [m.span.text for m in ents["红光村"].mentions] == ["红光村", "红光村"]


def test_a_village_glued_to_the_verb_before_it_is_the_one_written_elsewhere():
    # 包保 is one verb: 保东李村 is in no register, 东李村 is, and the article writes it alone too
    ents = _by_name(_extract("镇干部分片包保东李村，利辛县东李村位于王人镇。"))
    assert "保东李村" not in ents and len(ents["东李村"].mentions) == 2
