"""The extraction rules, family by family: invented sentences, the entities each must yield and the names
it must not.

Every row is a sentence written for this test (no sentence of a real article), the (type, name) pairs that
must be found, and names that must not be found as any entity. The whole pipeline runs, so a row also
holds the merging of linking (街道办事处 → 街道).
"""
from __future__ import annotations

import pytest

from kg.pipeline import extract_source
from kg.records import Source


def _entities(text: str) -> set[tuple[str, str]]:
    ex = extract_source(Source("t.txt", text.encode("utf-8")))
    return {(e.type, e.name) for e in ex.entities if e.origin == "text"}


def _check(text: str, found: set[tuple[str, str]], absent: set) -> None:
    """`absent` holds names no entity may have, or (type, name) pairs no entity of that type may have."""
    got = _entities(text)
    assert found <= got, (found - got, got)
    names = {name for _, name in got}
    wrong = {a for a in absent if (a in got if isinstance(a, tuple) else a in names)}
    assert not wrong, (wrong, got)


UNITS = [
    # one kind of village helps another: no village is called 带弱村 (a verb, and an adjective for the kind)
    ("推行大村带小村、强村带弱村、富村带穷村。", set(), {"带弱村", "带小村", "带穷村"}),
    # a demonstrative and a classifier name nothing (这首|社区之歌: "this song"); 那 opens real names (那坡县)
    ("东湖社区，这首社区之歌传唱多年。", {("Community", "东湖社区")}, {"这首社区"}),
    ("那坡县城厢镇召开会议。", {("District", "那坡县"), ("Town", "城厢镇")}, set()),
    # X镇|镇党委: the town, and its party committee (no town is called X镇镇)
    ("城关镇镇党委副书记王明说。", {("Town", "城关镇")}, {("Town", "城关镇镇")}),
    # a town written whole before its village, where jieba cuts inside it (黄麟|乡井|塘村): the register's two
    ("党员干部在黄麟乡井塘村帮助村民修路。", {("Town", "黄麟乡"), ("Village", "井塘村")}, {"黄麟乡井塘村"}),
    ("衔接圩镇、带动周边村庄。", set(), {"圩镇"}),  # a market town, a common noun
    # a title or a kind of town named by a common word the register has no town of (X省|卫生镇); 和平镇 it has
    ("该镇曾获评江西省卫生镇称号。", set(), {"卫生镇"}),
    ("和平镇召开会议。", {("Town", "和平镇")}, set()),
    # but one right after its city is a town, though the register's edition no longer has it (育才镇 of 2011)
    ("三亚市育才镇召开会议。", {("Town", "育才镇")}, set()),
    ("激活万人社区的治理活力。", set(), {"万人社区"}),  # how many live there, no name
    ("县委书记周洋下乡督导检查。", {("Person", "周洋")}, {"周洋下乡"}),  # a verb ending in 乡 (下乡) names no town
    # a township named by its place and its nationalities (三岔口|朝鲜族|镇), and a 村 jieba's HMM glued to the
    # preposition after it (三岔口|村以|…)
    ("东宁市三岔口朝鲜族镇三岔口村以种植业为主。", {("Town", "三岔口朝鲜族镇"), ("Village", "三岔口村")}, {"朝鲜族镇"}),
    # the villages listed, then counted (甲村、乙村、丙村|四村联动): the last is a village, 四村 none
    ("东湖村、西岭村、杨柳村、北坡村四村联动。", {("Village", "北坡村")}, {"北坡村四村"}),
    # the suffix grammar, the register, and a name's left edge
    ("浙江省杭州市西湖区北山街道召开会议。", {("Province", "浙江省"), ("City", "杭州市"), ("District", "西湖区"),
                                             ("SubdistrictOffice", "北山街道")}, set()),
    ("茶山乡地处县城东部，东毗城关镇，南接枫林乡。", {("Town", "城关镇"), ("Town", "枫林乡")},
     {"东毗城关镇", "南接枫林乡"}),  # a verb of bordering is no part of the name
    ("该街道东邻城中区，辖区内的城中村正在改造。", {("District", "城中区")}, {"东邻城中区", "城中村"}),
    # a 街道's community health centre is no 社区 called after the 街道 (unless the register has one)
    ("武侯区卫健委与玉林街道社区卫生服务中心举办义诊。", {("SubdistrictOffice", "玉林街道")}, {"玉林街道社区"}),
    ("各地急需街道干部，充分发挥街道作用。", set(), {"急需街道", "充分发挥街道"}),
    ("法院驻翠湖社区设立工作站。", set(), {"驻翠湖社区"}),
    # a verb's aspect particle before 村 (常拉着|村委会), a county with its suffix before 社区治理, and 街道 counted
    # in 条 (streets) name no unit
    ("老支书常拉着村委会主任商量。", set(), {"常拉着村"}),
    ("东山县社区治理有了新办法。", {("District", "东山县")}, {"东山县社区"}),
    ("衡水市社区志愿服务基地揭牌。", {("City", "衡水市")}, {"衡水市社区"}),
    # two villages joined by a conjunction jieba glued to them (大儒|村和凤|岭村), or listed with their suffix
    # before a count (甲村和乙村等2个村), and an epithet (网红村)
    ("还有东河村、小院村、大田村和凤岭村等4个村列入。", {("Village", "凤岭村")}, {"大田村和凤岭村"}),
    ("还有大孟村和石山村等2个村列入。", {("Village", "大孟村"), ("Village", "石山村")}, {"石山村村"}),
    ("这个小山村一下成了网红村。", set(), {"网红村"}),
    # a common word ending in a suffix (热爱|家乡) and a preposition before it (难题|解在|社区) name no unit
    ("他热爱家乡，常回家乡看看。", set(), {"热爱家乡"}),
    ("大事小事解在社区。", set(), {"解在社区"}),
    ("自驻村以来，他走遍了全村。", set(), {"自驻村"}),  # 驻村: stationed in the village
    # a city's name without 市 is no town (萍乡), and 任 after a village's name is "serves as" (X村|任|村…书记)
    ("萍乡市的老街很热闹，萍乡的夜晚也很美。", {("City", "萍乡市")}, {("Town", "萍乡")}),
    ("他在红光村任村党支部书记多年。", set(), {"红光村任村", "红光村任村党支部"}),
    ("这里有个社区很特别。", set(), {"有个社区"}),  # a classifier before the suffix
    # a slogan's verb and 乡 (文化建|乡) is no town; a town glued to its head's title (X|镇长) still is one
    ("全乡坚持“文化建乡、科技兴乡”。", set(), {"文化建乡", "科技兴乡"}),
    ("密云区十里堡镇长城村开展活动。", {("Town", "十里堡镇")}, set()),
    # a verb of two characters glued to a village the register holds and the article writes alone (齐聚|东李村),
    # and no name that ends inside the village's
    ("村民齐聚东李村广场。利辛县东李村位于王人镇。", {("Village", "东李村")}, {"齐聚东李村", "齐聚东"}),
    ("老人足不出社区就能看病。", set(), {"足不出社区"}),  # 不: a verb's phrase
    ("片区内共有商业街道6条。", set(), {"商业街道"}),
    # provinces, cities and districts only by names the register holds
    ("该区是全省工业百强区、主城区和核心区。", set(), {"工业百强区", "主城区", "核心区"}),
    ("积极响应省里号召，隶属于山东省。", {("Province", "山东省")}, {"积极响应省", "隶属于山东省"}),
    # a 社区 or 村 named by a kind of place or a modifier is a common noun
    ("推进城市社区和农村社区建设，打造现代社区、新型社区。", set(), {"城市社区", "农村社区", "现代社区", "新型社区"}),
    ("建设美丽的新农村，改变落后的小山村面貌。", set(), {"新农村", "小山村"}),
    ("园区、校区、社区三区联动。", set(), {"三区"}),
    # direction and number words at a name's edge
    ("胜利街道辖东交通巷社区、西交通巷社区。", {("Community", "东交通巷社区"), ("Community", "西交通巷社区")},
     {"交通巷社区"}),
    ("南宁市江南区江南街道二桥西社区召开议事会。", {("Community", "二桥西社区")}, {"桥西社区"}),
    # a common word no 社区 or 村 in China is called by; the article's district taken for a community
    ("合作社作为产生村集体经济收入的途径。", set(), {"产生村"}),
    ("上海市闵行区台办组织参访闵行社区。", {("District", "闵行区")}, {"闵行社区"}),
    # a list of names before a count and a level
    ("东门、水贝、金岭三个社区参加。", {("Community", "东门社区"), ("Community", "水贝社区"),
                                      ("Community", "金岭社区")}, set()),
    # a 社区 named by a common word right after its 街道, where the register holds it there
    ("鹤岗市兴山区岭北街道平安社区开展活动。", {("Community", "平安社区")}, set()),
    ("兴山区推进平安社区建设，岭北街道创建平安社区。", set(), {"平安社区"}),
    # a register name (运城市) that starts inside one word and ends inside the next (亚运|城市) is none
    ("杭州市拱墅区打造亚运城市志愿服务网络。", {("City", "杭州市")}, {"运城市", "山西省"}),
    # a newspaper's campaign (X日报|社区行) is no community, unless the register has one by that name
    ("本周五晚，东湖日报社区行走进二七街道。", {("Organization", "东湖日报")}, {"东湖日报社区"}),
    # a quoted epithet is no unit the register does not hold
    ("双河镇桃源村成了远近闻名的“樱桃村”。", {("Town", "双河镇"), ("Village", "桃源村")}, {"樱桃村"}),
    ("图为社区志愿者在清理楼道。", set(), {"图为社区"}),  # 图为 opens a caption
    # a 街道 named by a common word, right after the district the register holds it in, or its bare name
    ("鄂尔多斯市东胜区幸福街道开展活动。", {("SubdistrictOffice", "幸福街道")}, set()),
    ("鄂尔多斯东胜幸福街道开展活动。", {("District", "东胜区"), ("SubdistrictOffice", "幸福街道")}, {"东胜幸福街道"}),
    ("全区创建幸福街道。", set(), {"幸福街道"}),
    # a 村 named by a common noun or verb after 的 or an adverb is a kind of village (后进村: one lagging behind),
    # unless the register holds it in the article's districts
    ("这是全县出了名的后进村。", set(), {"后进村"}),
    ("修好了路，村民进村出户方便了。", set(), {"村民进村"}),  # people and what they do
    ("东湖镇后进村如今变了样。", {("Town", "东湖镇"), ("Village", "后进村")}, set()),
    # a county's bare name before a village the register holds in it, though the article names no such county
    ("屯昌南挽村的农民忙着收稻谷。", {("District", "屯昌县"), ("Village", "南挽村")}, {"屯昌南挽村"}),
    # an adverb's 地 and a preposition end what comes before a name (郑重|地对洋|坑村)
    ("领导郑重地对洋坑村党员说。", {("Village", "洋坑村")}, {"郑重地对洋坑村"}),
    # an epithet's ending (古村, 水乡) names a unit only where the register holds it
    ("双河镇桃源村是个美丽的千年古村。", {("Village", "桃源村")}, {"千年古村"}),
    ("串联起古村落以及白沙水乡、黄龙水乡等节点。", set(), {"白沙水乡", "黄龙水乡"}),
    # kinds of community that policy names (宜居, 低碳, 书香) are no community's name, though jieba tags some places
    ("这是一个居民都满意的宜居社区。", set(), {"宜居社区"}),
    ("南岗街道打造低碳社区和书香社区。", set(), {"低碳社区", "书香社区"}),
    # X居: a 居委会's short form, read where the register holds X居委会 in the article's district
    ("绍兴市越城区城南街道江家溇居及念亩头居等地开展调研。", {("Community", "江家溇社区"),
                                                         ("Community", "念亩头社区")}, set()),
    ("城南街道江家溇居民纷纷点赞。", set(), {"江家溇社区"}),
    # long forms are one unit with the short form
    ("北京市朝阳区和平街街道办事处召开会议。", {("SubdistrictOffice", "和平街街道")}, {"和平街街道办事处"}),
    # a registered 镇 whose suffix jieba glued to the village after it (普济|镇西|岭村) is that village's parent
    ("游客来到普济镇西岭村采摘草莓。", {("Town", "普济镇"), ("Village", "西岭村")}, {"普济镇西岭村"}),
    # a 社区 or 村 that reads as part of a verb's phrase counts only where the register confirms it: a verb and
    # its complement (聚起|社区), a complement after a one-character verb (跑|出旺村), an idiom's 而 (穿村而过)
    ("志愿者们聚起社区新力量。", set(), {"聚起社区"}),
    ("石桥县跑出旺村加速度。", set(), {"出旺村"}),
    ("流经城区的宝鸡河穿村而过。", set(), {"宝鸡河穿村"}),
    ("对于张庄村而言,这是大事。", {("Village", "张庄村")}, set()),
    # a town written without its suffix right before a village the register has in it (海门|新地村)
    ("潮阳区海门镇召开大会。海门新地村的村民参加。", {("Town", "海门镇"), ("Village", "新地村")}, {"海门新地村"}),
    # X村|村集体: the village is X村 (the register has few villages called X村村, and not this one)
    ("2023年,张庄村村集体经济收入63万元。", {("Village", "张庄村")}, {"张庄村村"}),
    # an honour (十大|和谐社区) or an epithet (第一|重镇) is no unit the register does not hold
    ("东风社区荣获全省十大和谐社区称号。", {("Community", "东风社区")}, {"十大和谐社区"}),
    ("打造全省茶叶产业第一重镇。", set(), {"重镇"}),
    # a country is no community's name (中国社区志愿服务网)
    ("来源:中国社区志愿服务网\n正文。", set(), {"中国社区"}),
    # a 村 after 一个 or 这个 may be a description: only the register confirms it
    ("江城县东湖镇是一个普通山边村。", set(), {"普通山边村"}),
    # a slogan of a common word and a verb (产业|兴村, 文化强村) is no village the register does not hold
    ("要打造尊重自然、产业兴村的美丽乡村。", set(), {"产业兴村"}),
    # a conjunction jieba glued to the suffix (任务重|而|村…) ends no village's name the register does not hold
    ("春耕任务重而村“两委”人手少。", set(), {"重而村"}),
    # a village quoted alone is an epithet where the register does not list it in the article's districts
    ("宁化县组织全镇“森林村”开展评比。", set(), {"森林村"}),
    ("宁化县东湖镇的“银杏村”游客很多。", {("Town", "东湖镇")}, {"银杏村"}),
    ("该镇是远近闻名的产业大镇。", set(), {"产业大镇"}),
    ("江华瑶乡的变化很大。", set(), {"江华瑶乡"}),  # a nationality's homeland, no township
    ("全市打造42个互嵌式社区。", set(), {"互嵌式社区"}),  # a manner (X式) makes a kind of place
    # a preposition glued to a 街道's name (即|以龙|山街道) is no part of it where the register has the rest
    ("即以龙山街道党工委为主体。", {("SubdistrictOffice", "龙山街道"), ("Organization", "龙山街道党工委")},
     {"以龙山街道"}),
    # where the name edge cut a village's first character, the longer name the article reads elsewhere is meant
    ("服务中心中河口村建起了大棚。中河口村党支部带领村民致富。", {("Village", "中河口村")}, {("Village", "河口村")}),
    # a registered 镇 whose suffix jieba glued into a place word (阳坊|镇西|贯市|村), right before a village of
    # the register in it: the town and the village
    ("昌平区阳坊镇西贯市村发展产业。", {("Town", "阳坊镇"), ("Village", "西贯市村")}, set()),
    ("静海区沿庄镇南张庄子村发展产业。", {("Town", "沿庄镇"), ("Village", "南张庄子村")}, {"张庄子村"}),
    # the names before 个村小组 or 个村民小组 are parts of a village, no villages
    ("南开乡东岭村下设甲山、乙山、丙山3个村小组。", {("Town", "南开乡")}, {"甲山村", "乙山村", "丙山村"}),
    ("该村下辖东岭、西岭两个村民小组。", set(), {"东岭村", "西岭村"}),
    # a slogan's 旺 (产业|旺村), a 苏木 (a township of Inner Mongolia) and 镇 as levels, an epithet (X小镇, 明星村)
    ("坚持产业旺村、生态美村。", set(), {"产业旺村"}),
    ("旗委要求苏木镇党委定期召开会议。", set(), {"苏木镇", "苏木镇党委"}),
    ("这座津南小镇吸引游客。", set(), {"津南小镇"}),
    ("这里成了远近闻名的明星村。", set(), {"明星村"}),
    # the 地 of an adverb (耐心|地管) is no first character of a name
    ("居民们耐心地管社区事务。", set(), {"地管社区"}),
    # one dictionary word no 社区 or 村 in China is called (扎根|社区, 美化|社区) is a verb and its object, where the
    # register of the article's districts does not hold it; a word a 社区 there is called names it
    ("上海市浦东新区的老党员扎根社区二十年。", {("District", "浦东新区")}, {"扎根社区"}),
    ("南京市鼓楼区的志愿者美化社区环境。", {("District", "鼓楼区")}, {"美化社区"}),
    ("北京市西城区的团结社区开展活动。", {("Community", "团结社区")}, set()),
    # a number's unit or measure word that jieba's HMM glued to the name after it (2020|年查|干乡, 5000|袋桃村)
    ("自2020年查干乡合作社成立以来，牧民增收。", {("Town", "查干乡")}, {"年查干乡"}),
    ("仓库里堆着800袋梨村面粉。", set(), {"袋梨村"}),
    # a county of one character and 县 that jieba lacks (赵县), read as one word; not 随|县委
    ("河北省石家庄市赵县范庄镇发展产业。", {("District", "赵县"), ("Town", "范庄镇")}, set()),
    ("他随县委书记调研。", set(), {"随县"}),
    # a town the register holds in the county whose name, or bare name, stands right before it, whatever jieba
    # made of it (仙居|下|各镇: not "each town")
    ("台州仙居下各镇发展产业。", {("District", "仙居县"), ("Town", "下各镇")}, set()),
    ("仙居县各镇举行活动。", {("District", "仙居县")}, {"各镇", "县各镇"}),
    # the 由 of a passive, glued to a word's end and the suffix (采摘园|由|村党支部), ends no village's name
    ("这个采摘园由村党支部统一经营。", set(), {"园由村", "园由村党支部"}),
    # a village the register holds after its parent written otherwise than the register writes it (X街 for X街道,
    # or a 镇 since made a 街道), which the name edge may have cut (下|陈街): the parent, by the register's name
    ("宁波市江北区洪塘街慈江村举行活动。", {("SubdistrictOffice", "洪塘街道"), ("Village", "慈江村")}, {"洪塘街慈江村"}),
    ("台州市椒江区下陈街南门村举行活动。", {("SubdistrictOffice", "下陈街道"), ("Village", "南门村")}, {"陈街南门村"}),
    # a city's housing estate (X六村) the register holds as a residents' committee (X六村居委会) is that 社区
    ("徐汇区凌云路街道梅陇六村举办议事会。梅陇六村居委会组织居民。", {("Community", "梅陇六村社区")},
     {"梅陇六村", "梅陇六村居委会"}),
    ("宝山区友谊路街道宝钢十一村社区开展活动。", {("Community", "宝钢十一村社区")}, {("Village", "宝钢十一村")}),
    ("江城市东湖居委会组织居民。", {("Community", "东湖社区")}, {"东湖居委会"}),  # 居委会: a 社区's long form
    # epithets (X小村, X侨乡, an honour's 生态镇) are units only where the register holds them
    ("走进大山深处的东湖小村。", set(), {"东湖小村"}),
    ("走进福建侨乡，古厝林立。", set(), {"福建侨乡"}),
    ("东湖镇荣获国家级生态镇称号。", {("Town", "东湖镇")}, {"国家级生态镇"}),
    # a 社区 no unit is called, inside a company's name, is the company's brand
    ("江城安邻社区服务有限公司承接了小区保洁。", {("Organization", "江城安邻社区服务有限公司")},
     {"安邻社区", "江城安邻社区"}),
]

ORGANISATIONS = [
    # a body whose name begins with a measure word after a number is a kind of body, counted (43个|村股份经济合作社)
    ("全镇28个村股份经济合作社完成了换届。", set(), {"个村股份经济合作社"}),
    ("感谢第八批驻村工作队的帮助。", set(), {"批驻村工作队"}),
    # a body that a unit keeps in another (驻, "stationed in") is named with the unit that keeps it
    ("广州市驻梅州市工作队开展活动。", {("Organization", "广州市驻梅州市工作队"), ("City", "梅州市")}, {"梅州市工作队"}),
    # a part of a place that jieba's dictionary tags an organisation (中南部), and a word it does not know
    # that ends in a preposition (社员|卡到|合作社: "the card, to the cooperative") are no body's name
    ("东湖县位于湖南省中南部的山区。", set(), {"湖南省中南部", "中南部"}),
    ("请带好社员卡到合作社来领钱。", set(), {"社员卡到合作社", "好社员卡到合作社"}),
    # a party body is named by its unit and its kind, never with a verb between (X村|发挥|党支部…的作用)
    ("今年初，东湖村发挥党支部的引领作用。", set(), {"东湖村发挥党支部"}),
    # a preposition jieba glued to the word after the unit opens a phrase (X县|以村|党支部牵头…), no body
    ("近年来，宁化县以村党支部带头创业的方式推动发展。", set(), {"宁化县以村党支部"}),
    ("宁化县经信局召开会议。", {("Organization", "宁化县经信局")}, set()),  # (经 opens a word jieba does not know)
    # a company's name opens with its place (要|充分发挥|X县…有限公司), and a body's name after a verb not with its
    # aspect particle (成立|了鑫峰|合作社)
    ("要充分发挥宁化县宏达实业发展有限公司的龙头作用。", {("Organization", "宁化县宏达实业发展有限公司")},
     {"充分发挥宁化县宏达实业发展有限公司"}),
    ("福建省宁化县宏达实业发展有限公司成立。", {("Organization", "福建省宁化县宏达实业发展有限公司")}, set()),
    ("宏铝洛阳有色金属研究院有限公司成立。", {("Organization", "宏铝洛阳有色金属研究院有限公司")}, set()),  # a brand
    ("村民联合成立了鑫峰合作社。", {("Organization", "鑫峰合作社")}, {"了鑫峰合作社"}),
    # a quoted kind of body and what it does is a model, no body (“党委牵头合作社”)
    ("他们赴“党委牵头合作社”示范地区学习，推进党委牵头合作社建设。", set(), {"党委牵头合作社"}),
    ("不少农户尝试过办合作社。", set(), {"过办合作社"}),  # a particle jieba glued to the verb after it
    # a pronoun (选举|他任|合作社…: "elected him to") and a conjunction (X及|Y学院) jieba glued to the next word
    # are no part of a body's name; 何, a pronoun, is a surname too
    ("选举他任合作社社长。", set(), {"他任合作社"}),
    ("方红及新华学院的老师来到村里。", {("Organization", "新华学院")}, {"方红及新华学院"}),
    ("何家坝合作社成立了。", {("Organization", "何家坝合作社")}, set()),
    # a brand of two characters jieba parts at a conjunction (X县|福|和|劳务有限公司) is the company's, after its
    # county; not after 城市, a common word jieba tags a place
    ("村里引进了宁化县福和劳务有限公司。", {("Organization", "宁化县福和劳务有限公司")}, {"劳务有限公司"}),
    ("村里引进了江城市福和劳务有限公司。", set(), {"城市福和劳务有限公司"}),
    # a function character jieba glued to a unit's suffix (X村为|中心) opens no body after the unit
    ("以东湖镇南坪村为中心，联合附近6个村。", {("Village", "南坪村")}, {"南坪村为中心"}),
    # 时任 ("then serving as") opens no body's name, and a title after a body (副主委) is no part of it
    ("时任瑞丰阀门集团董事长的王大海当选。", {("Organization", "瑞丰阀门集团")}, {"时任瑞丰阀门集团"}),
    ("九三学社江城市委副主委李明出席。", {("Person", "李明")}, {"九三学社江城市委副主委"}),
    # a place in brackets inside a company's name, before its trade (X(城市)科技有限公司)
    ("来自蓝海(宁波)供应链管理有限公司的专家。", {("Organization", "蓝海(宁波)供应链管理有限公司")},
     {"供应链管理有限公司"}),
    # a body written right after a unit, to its head word
    ("余姚市委政法委、余姚市人民法院联合开展调解。", {("Organization", "余姚市委政法委"),
                                                  ("Organization", "余姚市人民法院")}, {"余姚市委"}),
    ("城关区人民法院第三党支部与东湖社区结对。", {("Organization", "城关区人民法院第三党支部")}, set()),
    ("东湖社区第二党支部书记王建国主持会议。", {("Organization", "东湖社区第二党支部"), ("Person", "王建国")}, set()),
    ("晋源区农业农村局、晋源区委组织部参加。", {("Organization", "晋源区农业农村局"),
                                              ("Organization", "晋源区委组织部")}, set()),
    # a trade written as a verb after a rare name (安阳|宏业|铸造|科技有限公司), a supporting unit before a body
    # (帮扶单位|东方集团), a chain of units as the source, and 来源 ending a word of the body text
    ("安阳宏业铸造科技有限公司投产。", {("Organization", "安阳宏业铸造科技有限公司")}, {"科技有限公司"}),
    ("帮扶单位东方集团捐赠了图书。", {("Organization", "东方集团")}, {"单位东方集团"}),
    ("来源：东风区红星镇\n红星镇开展活动。", {("Town", "红星镇")}, {("Organization", "东风区红星镇")}),
    ("社区拓宽志愿者来源：一是吸纳退休教师、医生等人才。", set(),
     {"一是吸纳退休教师、医生等人才。", "一是吸纳退休教师", "医生等人才"}),
    # a unit's companies (X社区辖区|企业) before one of them are no part of its name
    ("东风社区辖区企业华兴精密仪器研究院有限公司参加。", {("Organization", "华兴精密仪器研究院有限公司")},
     {"东风社区辖区企业华兴精密仪器研究院", "辖区企业华兴精密仪器研究院有限公司"}),
    # who took a post (X社区|担任|党委书记), members joining (牧户|加入|合作社), a paper's media centre, a verb
    # before a paper (修改|X日报社记者) and an empty 来源 (来源: 发布时间:)
    ("他三年前调到东风社区担任党委书记。", {("Community", "东风社区")}, {"东风社区担任党委"}),
    ("全村牧户加入合作社后收入翻番。", set(), {"全村牧户加入合作社"}),
    ("连云港日报融媒体中心记者 王强\n正文。", {("Organization", "连云港日报融媒体中心")}, {"日报融媒体中心"}),
    ("严禁转载东城日报社记者稿件。", {("Organization", "东城日报")}, {"严禁转载东城日报"}),
    ("来源: 发布时间:2024-03-05\n正文。", set(), {"发布"}),
    # a verb's head (跟着师傅|学会了), who spoke to a paper (李文燕|向|经济日报记者) and what a quoted body is made of
    # (“…服务队”|由|…服务队组成) are no part of a body's name
    ("她跟着师傅学会了开车。", set(), {"师傅学会"}),
    ("城东镇镇长李文燕向经济日报记者介绍，村里变化很大。", {("Organization", "经济日报")}, {"李文燕向经济日报"}),
    ("村长赵强告诉江城日报记者，今年收成好。", {("Organization", "江城日报")}, {"赵强告诉江城日报"}),  # and told it
    ("东风社区“五星志愿者服务队”由党员先锋服务队组成。", set(), {"五星志愿者服务队由党员先锋服务队"}),
    # a source that is only an outlet's kind (来源:融媒体中心), and a county town's centre, are no bodies
    ("来源:融媒体中心 发布时间:2024-02-26\n正文。", set(), {"融媒体中心"}),
    ("定南县城中心有条老街。", {("District", "定南县")}, {"定南县城中心"}),
    ("一是建公司，二是建基地。", set(), {"一是建公司"}),  # a list's first point
    # a village's numbered group (X村|四|社) is no body
    ("芮城县阳城镇江口村四社的院坝里。", {("Village", "江口村")}, {"江口村四社"}),
    # a verb between a place and a company's trade is its brand (X市|安心|家政服务有限公司)
    ("由衡水市安心家政服务有限公司承办。", {("Organization", "衡水市安心家政服务有限公司")}, {"家政服务有限公司"}),
    # a manner and a verb jieba tags as one proper noun (大力发展: nz) names no cooperative
    ("近年来，该村大力发展合作社，带动村民增收。", set(), {"大力发展合作社"}),
    # a setup verb between a unit and a head is what the unit did (青石村|成立|党支部), and a 来源 may list bodies
    ("青石村成立党支部，带领村民致富。", {("Village", "青石村")}, {"青石村成立党支部"}),
    ("来源：东城区委组织部、东城区民政局\n社区开展活动。", {("Organization", "东城区委组织部"),
                                                 ("Organization", "东城区民政局")}, {"东城区委组织部、东城区民政局"}),
    ("来源：东城日报/东城网\n社区开展活动。", {("Organization", "东城日报"), ("Organization", "东城网")},
     {"东城日报/东城网"}),
    ("（来源：东风街道）\n东风街道开展志愿活动。", {("SubdistrictOffice", "东风街道")},
     {("Organization", "东风街道")}),  # a unit as the source is the unit
    # a named cooperative may say its trade with a verb; without its own name the verb ends the body
    ("平山县金禾种植农民专业合作社去年成立。", {("Organization", "平山县金禾种植农民专业合作社")}, set()),
    ("平山县带动种植专业合作社发展。", set(), {"平山县带动种植专业合作社"}),
    # a verb, a second unit or a pause ends the body
    ("东湖社区携社会团体开展活动。", set(), {"东湖社区携社会团体"}),
    ("西宁市中心城区人口密集。", set(), {"西宁市中心"}),
    # named organisations without a unit
    ("全国党建研究会、中组部党建研究所的专家到场。", {("Organization", "全国党建研究会"),
                                                  ("Organization", "中组部党建研究所")}, set()),
    ("村里成立了金穗农业专业合作社。", {("Organization", "金穗农业专业合作社")}, set()),
    ("中国银行成都分行、阳光幼儿园捐赠了物资。", {("Organization", "中国银行成都分行"),
                                              ("Organization", "阳光幼儿园")}, set()),
    ("辖区内有4所小学和社区幼儿园。", set(), {"4所小学", "社区幼儿园"}),
    # 驰|丰源: a bound morpheme jieba leaves alone before a name it does not know is part of that name
    ("村民组建的驰丰源农业专业合作社承租运营。", {("Organization", "驰丰源农业专业合作社")}, {"丰源农业专业合作社"}),
    # an organisation jieba's dictionary knows as one word, alone or with a body after it
    ("大营镇还与河北师范大学签订合作协议。", {("Organization", "河北师范大学")}, set()),
    ("江岸区召开会议。区委常委、组织部部长刘晓峰出席。", {("Person", "刘晓峰")}, {"区委常委"}),  # a title
    # a development zone named by a proper name is no unit, but its bodies are organisations
    ("金普新区党工委委员、宣传部部长出席。", {("Organization", "金普新区党工委")}, {"金普新区"}),
    ("推进城市新区建设。", set(), {"城市新区"}),
    ("专家来自中央党校党建部。", {("Organization", "中央党校党建部")}, {"中央党校"}),
    # a word for "under it" stands between two bodies, in neither name
    ("临江城投集团下属企业长岭集团承建了该项目。", {("Organization", "长岭集团")}, {"企业长岭集团"}),
    # a word that ends in a title (党委书记) and a name end the body before them
    ("东湖村党委书记侯立河带队参观。", {("Organization", "东湖村党委")}, {"东湖村党委书记侯立河带队"}),
    # a level alone, the article's own
    ("市司法局牵头，县委组织部配合。", {("Organization", "市司法局")}, set()),
    ("成立同乐文化产业专业合作社、傈山养殖专业合作社和傈缘种植专业合作社。",
     {("Organization", "傈山养殖专业合作社"), ("Organization", "傈缘种植专业合作社")}, set()),
    # a level alone after a verb (联合|县委…) starts a body
    ("县司法局联合县委政法委开展调解。", {("Organization", "县司法局"), ("Organization", "县委政法委")}, set()),
    # a noun and its verb inside a body (城市|更新); a conjunction after a head word starts a second body
    ("市城市更新协会、县乡村振兴促进会参加。", {("Organization", "市城市更新协会"),
                                            ("Organization", "县乡村振兴促进会")}, set()),
    ("市城市更新协会和县乡村振兴促进会参加。", {("Organization", "市城市更新协会")},
     {"市城市更新协会和县乡村振兴促进会"}),
    ("石臼街道民政局联合团委开展活动。", {("Organization", "石臼街道民政局")}, {"石臼街道民政局联合团委"}),
    # a company's name: a capital-form numeral is a name's character, a city is a place whatever jieba tags
    # it (大同: an adverb), and a bracketed place or 集团 before the suffix is part of the name
    ("该食堂由大同玖鼎餐饮管理有限公司运营。", {("Organization", "大同玖鼎餐饮管理有限公司")}, set()),
    ("兴山区引进怀化(集团)公司和宏远科技（深圳）有限公司。", {("Organization", "怀化(集团)公司"),
                                                         ("Organization", "宏远科技（深圳）有限公司")}, set()),
    # names listed before 等 and a word for companies, when most are proper names; not trades, places or kinds
    ("东港区吸引华通、宏远、百川、北辰等一批物流企业落户。", {("Organization", "华通"), ("Organization", "宏远"),
                                                        ("Organization", "百川"), ("Organization", "北辰")},
     {"东港区吸引华通", "吸引华通"}),
    ("该镇引进种植、养殖、加工等企业，北京、上海等地企业也来了。", set(), {"种植", "养殖", "加工", "北京", "上海"}),
    ("北京、上海、广州等城市的企业参加。", set(), {"北京", "上海", "广州"}),
    ("辖区有华通物流、宏远科技等30余家企业。", {("Organization", "华通物流"), ("Organization", "宏远科技")}, set()),
    ("先后建立甲化厂、洗煤厂、砖厂等企业。", set(), {"洗煤厂", "砖厂"}),
    # news outlets
    ("据新华网报道，人民日报客户端也转发了。", {("Organization", "新华网"), ("Organization", "人民日报客户端")},
     {"人民日报"}),
    ("中新网北京5月3日电", {("Organization", "中国新闻网")}, set()),
    # who runs a company is no name (村办|公司); acting with a body (协同) is no part of its name
    ("该村的村办公司去年盈利。", set(), {"村办公司"}),
    ("东湖社区协同江城职业大学开展活动。", {("Organization", "江城职业大学")}, {"东湖社区协同江城职业大学"}),
    # a team after a quotation (“X”文艺队) is an organisation, unless it acts with the quoted body (“两委”|联合|…)
    ("社区组建“银发”文艺队。", {("Organization", "银发文艺队")}, {("Initiative", "银发")}),
    ("社区成立了“东风志愿者服务队”。", {("Organization", "东风志愿者服务队")}, {("Initiative", "东风志愿者服务队")}),
    # who owns a company (村属) names none
    ("村里办起村属劳务公司。", set(), {"村属劳务公司"}),
    ("东湖村“两委”联合驻村工作队走访农户。", set(), {"两委联合驻村工作队"}),
    # a verb and the unit's level word again (X社区|高标准|完成|社区…服务中心): what the unit did, no facility's name
    ("东湖社区高标准完成社区服务中心改造。", set(), {"东湖社区高标准完成社区服务中心"}),
    # 新 and a place before an outlet's suffix are its name (新|江城|客户端), but not the end of another word (创新)
    ("江城日报·新江城客户端记者 王强 摄", {("Organization", "新江城客户端")}, {"江城客户端"}),
    ("记者从创新江城客户端获悉。", set(), {"新江城客户端"}),
    # a facility after a unit is an initiative
    ("翠湖社区党群服务中心正式启用。", {("Initiative", "翠湖社区党群服务中心")}, set()),
    # so is a 新时代文明实践站; an adverb and a verb jieba tags as one noun (充分发挥) is no body word
    ("东街社区新时代文明实践站的志愿者送来水饺。", {("Initiative", "东街社区新时代文明实践站")}, set()),
    ("太京镇充分发挥新时代文明实践所的作用。", set(), {"太京镇充分发挥新时代文明实践所"}),
    # a base is a facility too, with a body of its own (not what the unit does: 建设|基地)
    ("兴山区现代农业产业基地正式投用，兴山区建设基地。", {("Initiative", "兴山区现代农业产业基地")},
     {"兴山区建设基地"}),
    # ... and one a body keeps there (驻, "stationed in") is named with the body
    ("东港区人民法院驻石臼街道诉源治理工作站揭牌。", {("Initiative", "东港区人民法院驻石臼街道诉源治理工作站"),
                                                  ("Organization", "东港区人民法院")}, {"石臼街道诉源治理工作站"}),
    # a verbal noun inside the body is a noun there (流动|党员), a verb before more body words is not (携)
    ("天桥区北坦街道流动党员服务中心开展活动。", {("Initiative", "北坦街道流动党员服务中心")}, set()),
    # a word that ends in a head word (大|局) and names no body
    ("该镇主动融入东湖区高质量发展大局。", set(), {"东湖区高质量发展大局"}),
    # a level character that begins a longer word (旗下, 市场) is no level alone an organisation is written on
    ("江城市青禾农业科技有限公司及旗下青禾莲藕供销合作社三方联动。", {("Organization", "青禾莲藕供销合作社")},
     {"旗下青禾莲藕供销合作社"}),
    # nor is a common word before a level (单位|区) a district the register lacks
    ("在驻区单位区农业农村局的协助下开展市集。", set(), {"单位区农业农村局"}),
    # a level character after a letter or digit is part of a housing block's name (A区, 3区), no level
    ("A区党支部组织居民清理楼道。", set(), {"区党支部"}),
    # what was done before a head word is no part of a name (在杭州|创建|公司), nor is a localizer jieba glued to
    # an unknown name (辖区|内锦程|集团), nor a count in quotes (“两个合作社”)
    ("他毕业后在杭州创建公司。", set(), {"杭州创建公司"}),
    ("街道联合辖区内锦程集团开展义诊。", {("Organization", "锦程集团")}, {"辖区内锦程集团"}),
    ("村党支部牵头领办“两个合作社”。", set(), {"两个合作社"}),
    # a brand in quotes right before a company's trade and suffix is its name
    ("村里为“满园香”茶叶有限公司建设厂房。", {("Organization", "满园香茶叶有限公司")}, {"茶叶有限公司"}),
    # X集团|有限公司 is one company's full name
    ("江城环境产业集团有限公司捐款。", {("Organization", "江城环境产业集团有限公司")}, {("Organization", "江城环境产业集团")}),
    # no name begins with a bare level word, where the length limit cut a long one (X|街道|柳北社区…艺术团)
    ("感谢秦川街道柳北社区银铃飞扬艺术团等社会组织。", {("Organization", "柳北社区银铃飞扬艺术团")},
     {"街道柳北社区银铃飞扬艺术团"}),
    # 住建 is one word (住建局, not 住|建局)
    ("红山区住建局召开会议。", {("Organization", "红山区住建局")}, set()),
    # a dictionary word that ends in a head word and names no body (统一领导|部署, 服务|大厅)
    ("走进东风社区服务大厅，桌上摆着台账。", set(), {"东风社区服务大厅"}),
    ("坚持区委统一领导部署，各部门分工负责。", set(), {"区委统一领导部署"}),
    # a bank or company followed by its branches is one organisation, the branch
    ("江城农村商业银行股份有限公司桂城分行东湖支行捐款。", {("Organization", "江城农村商业银行股份有限公司桂城分行东湖支行")},
     {"江城农村商业银行股份有限公司", "股份有限公司桂城分行东湖支行", "股份有限公司桂城分行"}),
    ("柳州市第一看守所开展活动。", {("Organization", "柳州市第一看守所")}, set()),
    # 暨 joins two events and begins no name
    ("8月5日，“邻里节”暨临江晚报创刊40周年读者节开幕。", {("Organization", "临江晚报")}, {"暨临江晚报"}),
]

PEOPLE = [
    ("记者 李红梅 通讯员 张小军", {("Person", "李红梅"), ("Person", "张小军")}, set()),
    ("本刊记者/王立群 通讯员/赵海燕\n正文开始。", {("Person", "王立群"), ("Person", "赵海燕")}, set()),
    ("全媒体记者 孙一鸣 钱多多 周文\n", {("Person", "孙一鸣"), ("Person", "钱多多"), ("Person", "周文")}, set()),
    # a two-character name padded with a blank, and a newspaper's □ before its author
    ("本报记者 赵　敏\n正文开始。", {("Person", "赵敏")}, set()),
    ("社区来了新书记\n□钱 进\n正文开始。", {("Person", "钱进")}, set()),
    ("居民在议事。新华网 韩冬摄\n", {("Person", "韩冬")}, set()),
    ("新华社福州6月2日电 (林晓雯)记者从省里获悉", {("Person", "林晓雯")}, set()),
    ("社区网格长钱立红上午走访居民。", {("Person", "钱立红")}, set()),
    ("专职调解员高兴华凭借经验化解纠纷。", {("Person", "高兴华")}, set()),
    ("依托许振国、方自强等乡贤调解纠纷。", {("Person", "许振国"), ("Person", "方自强")}, set()),
    ("陈秀英说，居民满意了。", {("Person", "陈秀英")}, set()),
    ("班子成员\n李晓梅:东风街道党工委书记。\n赵建:东风街道办事处主任。\n", {("Person", "李晓梅"), ("Person", "赵建")}, set()),
    ("党员干部带头，居民楼栋长出力。", set(), {"干部", "楼栋长"}),
    ("社区把党员派到楼栋担任楼栋长。", set(), {"楼栋"}),  # what begins a title (楼栋|长) is where it is held
    # a title inside a longer dictionary word is none (居民楼|外墙: 楼 is no surname here)
    ("小区居民楼外墙刷成了米黄色。", set(), {"楼外墙"}),
    # a name jieba's dictionary knows after a title, though its given name is a common word (建国)
    ("社区书记王建国参观了展览。", {("Person", "王建国")}, set()),
    # a name jieba knows before a title is no person where it is, or starts, one of the article's units
    ("白云村是个大村。王书记带领白云村干部群众修路。", {("Village", "白云村")}, {("Person", "白云村")}),
    ("东王村、冯庄村等村参加。", set(), {("Person", "冯庄村"), ("Person", "东王村")}),  # villages, not people
    # a photo credit where jieba glues the name's last character to 摄 (飞摄)
    ("南岗晨报记者周建飞摄", {("Person", "周建飞")}, {("Person", "周建")}),
    # a three-character name the dictionary does not know, that recurs and acts, though nothing introduces it
    ("返乡的商人周冬洋,流转了土地。周冬洋难掩激动之情。", {("Person", "周冬洋")}, set()),
    ("景尊城小区很大。景尊城小区有3栋楼。", set(), {"景尊城"}),  # before a place's word: a place
    # ... or a surname jieba cut from a given name it tags as a name (钱|士林), recurring and acting
    ("钱士林到工地去找人。钱士林作为施工负责人，把好质量关。", {("Person", "钱士林")}, set()),
    # a three-character name jieba's dictionary knows, acting (its word before a verb or a preposition)
    ("1929年，毛泽东在这里写下诗篇。", {("Person", "毛泽东")}, set()),
    ("学习贯彻习近平总书记重要讲话精神。", {("Person", "习近平")}, set()),  # 习: a surname of the 百家姓
    ("高水平打造示范区。", set(), {"高水平"}),  # a common word after the surname is no given name
    # a title that overlaps another one inside a word (党总|支书|记: 书记 ends the word, 支书 does not)
    ("红旗村党总支书记张家友说，路修好了。", {("Person", "张家友")}, set()),
    # ... but not a building jieba tags as a name, nor a licence (许可证) before a verbal noun
    ("花园路龙王庙改造完成了。", set(), {("Person", "龙王庙")}),
    ("网络视听节目许可证广播电视节目许可证", set(), {("Person", "许可证")}),
    # an editor's line that names a desk (编辑:江城频道) names no person
    ("文章很好。\n【纠错】编辑:江城频道\n", set(), {("Person", "江城频道")}),
    # a name jieba knows before a title that is a verb there (X|代表|丽水: represents a place) is none
    ("今年东魁杨梅代表台州参加了评比。", set(), {("Person", "杨梅")}),
    # a name jieba glued to 说 after a title
    ("社区党委副书记尹俊说，路通了。", {("Person", "尹俊")}, {("Person", "尹俊说")}),
    # a transliterated name of two parts joined by a middle dot, after a title or a by-line's role or before a
    # verb of speech, also a whole name where a title's grammar read a part of it; not a brand in quotes
    ("58岁的阿依古丽·热合曼说，邻里很和睦。", {("Person", "阿依古丽·热合曼")}, set()),
    ("居民帕尔哈提·吐尔逊用积分兑换了米面。", {("Person", "帕尔哈提·吐尔逊")}, set()),
    ("通讯员 努尔兰·巴合提 古丽娜尔·艾山\n正文。", {("Person", "努尔兰·巴合提"), ("Person", "古丽娜尔·艾山")}, set()),
    ("社区副主任米娜瓦尔·阿吉主持会议。", {("Person", "米娜瓦尔·阿吉")}, {("Person", "米娜瓦尔")}),
    ("打造“桃花红·邻里家”品牌。", set(), {("Person", "桃花红·邻里家")}),
    # a compound surname and the given name jieba cut from it, after a title
    ("退休教师欧阳春林也是志愿者。", {("Person", "欧阳春林")}, {("Person", "欧阳")}),
    # a name jieba glued to 家 ("home") after a title, and 一边 before a verb of speech
    ("走进荷塘社区居民程玉华家，她很高兴。", {("Person", "程玉华")}, set()),
    ("吴秀兰一边说一边竖起大拇指。", {("Person", "吴秀兰")}, set()),
    # an adverbial of manner between a name and its verb of speech
    ("返乡青年韩志远胸有成竹地说，明年还要扩种。", {("Person", "韩志远")}, set()),
    # names before 等 and a count of things are places (苑区), not people
    ("改造工程覆盖龙华苑、龙翔苑等4个苑区。", set(), {("Person", "龙华苑"), ("Person", "龙翔苑")}),
    ("依托彭国强、汤自明等3个人的经验。", {("Person", "彭国强"), ("Person", "汤自明")}, set()),
    # words jieba's dictionary tags as names, or knows as nouns, that are things: counted (两亩|胡萝卜), after
    # a title (村民|万元户), a doubled character (殷殷), a village (西|王庄村|村民)
    ("今年种了两亩胡萝卜，胡萝卜销往外地。", set(), {("Person", "胡萝卜")}),
    ("这几年村民万元户越来越多。", set(), {("Person", "万元户")}),
    ("全县干部牢记书记殷殷嘱托。", set(), {("Person", "殷殷")}),
    ("西王庄村村民赵大海是一名志愿者。", {("Village", "西王庄村")}, {("Person", "王庄村")}),
    # an adverb jieba glued to the name after a title (居民潘美连正|带领)
    ("居民韩翠连正带领邻居打扫楼道。", {("Person", "韩翠连")}, {("Person", "韩翠连正")}),
    # a team after a title is none of its members (志愿者|储备队), nor is an adverb (居民|陆续|来), nor 任
    # ("serves as") before a title (干部|任|副主任), but a name of 任 is one
    ("食堂刚开门，居民陆续来就餐。", set(), {("Person", "陆续来")}),
    ("由书记任组长，干部任副组长，县长任双队长。", set(), {("Person", "任副"), ("Person", "任双")}),
    ("公司总裁任正非说，要努力。", {("Person", "任正非")}, set()),
    # 所 before a verb (书记王海|所|带领), 因 (老人|曾|因), a verb (村民|顾虑) and a photo credit's 摄 are no part
    # of a name
    ("党支部书记王海所带领的党员突击队冲在前面。", {("Person", "王海")}, {("Person", "王海所")}),
    ("为了消除村民顾虑，合作社先试种。", set(), {("Person", "顾虑")}),
    ("80岁的老人曾因腿伤行动不便。", set(), {("Person", "曾因")}),
    ("本报记者 张华摄\n正文。", {("Person", "张华")}, {("Person", "张华摄")}),
    ("编辑:鲁北网 发布时间:2024年05月06日\n正文。", set(), {("Person", "鲁北网")}),  # an outlet as the editor
    # a common word jieba's dictionary tags a name, before a title (“荣誉|村民”), and a one-character adverb after a
    # surname (副书记|时|曾在…) are no one
    ("他被评为“荣誉村民”。", set(), {("Person", "荣誉")}),
    ("标准之一是党员管理好。", set(), {("Person", "管理好")}),  # 好 ends no name
    # a dictionary "name" listed with a thing (滑梯、梅花桩), and an outlet before a middle dot, are no one
    ("广场上有滑梯、梅花桩，周末人很多。", set(), {("Person", "梅花桩")}),
    ("作者:农民日报·中国农网见习记者 张强\n正文。", {("Person", "张强")}, {("Person", "农民日报·中国农网见习")}),
    ("他任县委副书记时曾在农村驻队。", set(), {("Person", "时曾")}),
    ("编辑:admin 发布时间:2024年05月06日\n正文。", set(), {"admin"}),  # and a site's account
    # a city's name without its suffix is no one, however often it recurs and acts (张家界, 张 a surname)
    ("他生在湖南张家界，长在张家界。张家界山水好，他回到张家界办合作社。", set(),
     {("Person", "张家界"), "张家界办合作社"}),
    ("志愿者储备队随时待命。", set(), {("Person", "储备队")}),
    # a dateline's parenthesis may list names before the reporter's (江城网5月8日电(甲 乙 记者丙))
    ("江城网5月8日电(周明远 吴小雨 记者郑凯)近日，东湖街道召开会议。",
     {("Person", "周明远"), ("Person", "吴小雨"), ("Person", "郑凯")}, set()),
    ("本报讯(周明远 吴小雨)近日，东湖街道召开会议。", {("Person", "周明远"), ("Person", "吴小雨")}, set()),
    ("江城日报讯(周明远记者郑凯)近日，东湖街道召开会议。", {("Person", "周明远"), ("Person", "郑凯")}, set()),
    # jieba's HMM glues a name's third character to the preposition after it (书记赵成|宝用|大喇叭)
    ("村党支部书记赵成宝用大喇叭喊了一声。", {("Person", "赵成宝")}, {("Person", "赵成")}),
    ("村党总支书记王在德站在田边。", {("Person", "王在德")}, {("Person", "王在")}),  # and a verb after it
    ("村民辛苦种出的农产品卖不出去。", set(), {("Person", "辛苦种")}),  # (辛苦 is a word, not a name's start)
    # a dictionary word and 性 is a noun, which jieba's dictionary may tag a name (问题|严重性)
    ("考虑到问题严重性，网格长立即上报。", set(), {("Person", "严重性")}),
    # a one-character verb and what a cadre takes charge of is no name (干部|包村, 党员|包|农户); 包 is a surname too
    ("实行干部包村、党员包农户。", set(), {("Person", "包村"), ("Person", "包农户")}),
    ("村党支部书记包国强说。", {("Person", "包国强")}, set()),
    # a preposition jieba's HMM glued to a name before a date (副乡长|王丹于|5月), a verb after a title (村民|管护),
    # and a village's name (派到|白龙村|担任, jieba's 白龙 a name) are no part of a name, or no name
    ("东湖乡副乡长王丹于5月8日带队考察。", {("Person", "王丹")}, {("Person", "王丹于")}),
    ("村支书赵强指导村民管护果树。", {("Person", "赵强")}, {("Person", "管护")}),
    ("他被派到白龙村担任第一书记。", set(), {("Person", "白龙村")}),
    ("村委会主任李九州说。", {("Person", "李九州")}, set()),  # (州 ends names too)
    # 和 before a count is a conjunction, not the last character of the name (村民刘勇|和|20名)
    ("村民赵强和30余名村民一起修路。", {("Person", "赵强")}, {("Person", "赵强和")}),
    # a "name" before an aspect particle ends in a verb (村民|高价|卖|了), a place word is where, not who (老人|房前),
    # and a photo credit's 摄 glued to a name of two is no part of it
    ("村民高价卖了粮食。", set(), {("Person", "高价卖")}),
    ("村民田间走着。", set(), {("Person", "田间走")}),
    ("老人房前有块菜地。", set(), {("Person", "房前")}),
    ("新华社记者王明摄 一棵树", {("Person", "王明")}, {("Person", "王明摄")}),
    ("村民金满仓了解情况后说。", {("Person", "金满仓")}, set()),  # (了解 is a word of its own)
    ("正文。\n责编：秋晨\n", {("Person", "秋晨")}, set()),  # (a time word as a pen name)
    # a transliterated name is one wherever it is written again: none of its parts is a name of its own there
    ("来到了村民阿迪力·伊斯马木提的家里。阿迪力·伊斯马木提是个好人。阿迪力·伊斯马木提看到我们。",
     {("Person", "阿迪力·伊斯马木提")}, {("Person", "马木提")}),
    # a common word of two that jieba's dictionary tags a name, before a verb that may be one of speech
    ("花草需要阳光补充能量。", set(), {("Person", "阳光")}),
    # what a verb takes is no one, though jieba's dictionary tags it a name (走上|石子路, 欣赏|杜鹃花); a neighbour
    # is a title a name follows (邻居, which the dictionary tags a verb)
    ("村民们走上石子路，说说笑笑。", set(), {("Person", "石子路")}),
    ("游客们欣赏杜鹃花，流连忘返。", set(), {("Person", "杜鹃花")}),
    ("热心的邻居王秀英，常来帮忙。", {("Person", "王秀英")}, set()),
    # a label and its colon (关键词：) is no name-colon-title line
    ("关键词：宁化县 村干部\n正文写得很长很长。", set(), {("Person", "关键词")}),
    # a word that names one of the article's units with its suffix is no one where it stands alone (白桦村)
    ("东湖村是远近闻名的白桦村。青年白桦讲解团队成立了。", set(), {("Person", "白桦")}),
    # a dictionary name inside a longer name at the same place (李|潘岳) is that name's part, unless it is
    # written alone too
    ("村党支部书记李潘岳说，要干。李潘岳又说。", {("Person", "李潘岳")}, {"潘岳"}),
    ("村党支部书记李潘岳说，要干。潘岳说好。", {("Person", "李潘岳"), ("Person", "潘岳")}, set()),
    # an adverb that is a surname too and a verb of speech (总书记|曾|说) are no one
    ("总书记曾说，要办好实事。", set(), {"曾说"}),
    # a conjunction or preposition and a verb (何时|能), which jieba's dictionary tags a name, is no one; a name
    # that begins with such a word is one (何其芳)
    ("项目何时开工？何时能建好？", set(), {"何时能"}),
    ("村党支部书记何其芳说，要干。", {("Person", "何其芳")}, set()),
]

STUDIOS = [
    ("社区成立了周桂芳调解工作室。", {("WorkStudio", "周桂芳调解工作室")}, {"桂芳调解工作室"}),
    ("东坡路社区建立“老娘舅”调解工作室。", {("WorkStudio", "老娘舅调解工作室")}, set()),
    ("全市培育特色调解工作室22个。", set(), {"特色调解工作室"}),
    ("区里有多家个人品牌调解工作室。", set(), {"个人品牌调解工作室"}),  # kind words only: a kind of studio
    ("他笑着指了指工作室的门。", set(), {"指工作室"}),  # a verb said twice (指了指), no name
    ("建成专业品牌人民调解工作室。", set(), {"专业品牌人民调解工作室"}),  # 人民调解: a kind of mediation
    # a surname jieba left alone before a given name it tags a name (张|玉兰|人民调解|工作室)
    ("社区成立了张玉兰人民调解工作室。", {("WorkStudio", "张玉兰人民调解工作室")}, {"玉兰人民调解工作室"}),
    # a studio quoted inside a quotation (‘…工作室’) is named from its quote, conjunction-like first character too
    ("他说：“多亏了‘和美议事工作室’帮忙。”", {("WorkStudio", "和美议事工作室")}, {"美议事工作室"}),
]

INITIATIVES = [
    # a quotation that names a paper's or a site's section (开设“X”专栏, “X”版块) is no programme, and a unit that ends
    # it no unit the register does not hold
    ("电视台推出“走进新社区”栏目，每周播出。", set(), {"走进新社区", "新社区"}),
    ("网站开设“乡音”版块，刊登来信。", set(), {"乡音"}),
    ("报纸开设“田野”专栏，刊登来信。", set(), {"田野"}),
    ("该镇推行“积分超市”模式。", {("Initiative", "积分超市模式")}, set()),
    # a dictionary noun that holds a number and a one-character verb (“百花|开”) is a clause, no numbered programme
    ("全镇民宿“百花开”。", set(), {"百花开"}),
    ("全乡推行“一户一档”。", {("Initiative", "一户一档")}, set()),
    # a quoted kind of people (X明白人, X带头人) is no programme; 合伙人 is a programme's word
    ("村里培育“政策明白人”和“致富带头人”。", set(), {"政策明白人", "致富带头人"}),
    ("推行“社区合伙人”计划。", {("Initiative", "社区合伙人计划")}, set()),
    ("全县坚持“百姓代办”发展思路。", {("Initiative", "百姓代办")}, set()),
    # one dictionary verb in quotes is a stance, not a programme, whatever introduces it
    ("形成了“推进”与“观望”两种态度。", set(), {("Initiative", "推进"), ("Initiative", "观望")}),
    # what a place is called is an epithet, not a programme (素有“X”之称)
    ("东湖县山多地少，素有“八山一水一分田”之称。", set(), {("Initiative", "八山一水一分田")}),
    # a count in figures is no programme (聚焦“5个难点”), a slogan's count in words may be one
    ("该乡聚焦“5个难点”，打好组合拳。", set(), {("Initiative", "5个难点")}),
    # and an adjective alone is a quality (“幸福”产业园), though one with a programme's suffix names it (“温暖”行动)
    ("村里开展“温暖”行动，打造“幸福”产业园。", {("Initiative", "温暖行动")}, {("Initiative", "幸福")}),
    ("街道构建“一核多元”联建共治体系。", {("Initiative", "一核多元联建共治体系")}, set()),
    ("社区坚持和发展新时代“枫桥经验”。", {("Initiative", "枫桥经验")}, set()),
    ("总结形成了社区资源调度“四步法”。", {("Initiative", "四步法")}, set()),
    ("中午，“蔬菜直通车”准时开进小区。", {("Initiative", "蔬菜直通车")}, set()),
    ("在“邻里说事”议事室内，居民畅所欲言。", {("Initiative", "邻里说事议事室")}, set()),  # 议事|室内
    ("创建的“文博联盟”“青年联盟”等品牌", {("Initiative", "文博联盟"), ("Initiative", "青年联盟")},
     {"青年联盟等品牌"}),
    # parts joined by plus signs name a working model, whatever governs the quotation
    ("该村以“支部+企业+农户”的形式发展产业。", {("Initiative", "支部+企业+农户")}, set()),
    # ... however many parts it has
    ("推行“党委+支部+网格+楼栋+单元+家庭”六方联动的做法。", {("Initiative", "党委+支部+网格+楼栋+单元+家庭")}, set()),
    # after a launch verb's phrase and 的, a name the dictionary does not know is launched, a common word is said
    # of something (…是实施产业振兴的“主心骨”)
    ("街道打造服务全体居民的“幸福驿家”。", {("Initiative", "幸福驿家")}, set()),
    ("党组织是实施产业振兴的“主心骨”。", set(), {"主心骨"}),
    # quotations that touch are a list: one beside a programme is one (“乙”), and a blank between the characters
    # of a word goes (“共 享 网”), but not one between a slogan's phrases
    ("创新“共治网”“共 享 网”“服务网”工作模式。", {("Initiative", "共治网"), ("Initiative", "共享网"),
                                                 ("Initiative", "服务网工作模式")}, {"共 享 网"}),
    ("共商“邻里解忧愁 团结促和谐”说事会。", set(), {"邻里解忧愁团结促和谐", "邻里解忧愁 团结促和谐"}),
    # what 有 governs is no programme (建设有“颜值”), nor is 新 and a noun (“新底色”)
    ("推动示范村建设有“颜值”更有产值。", set(), {"颜值"}),
    ("擦亮宜居宜业“新底色”。", set(), {"新底色"}),
    # nor 新 and a programme suffix (“新平台”), a suffix's name said to be a bad thing (…的不良现象), so many
    # things said of a list (“三驾马车”), or words that open with an adverb (“一时之举”, 一时: d)
    ("街道推行“新机制”。", set(), {"新机制"}),
    ("老街由“脏乱差”变为整洁家园。", set(), {"脏乱差变为整洁家园"}),  # 变为 ends what follows the quote
    ("杜绝“门面工程”的不良现象。", set(), {"门面工程"}),
    ("人才、资金和技术成为发展的“三驾马车”。", set(), {"三驾马车"}),
    ("这项服务并非“一时之举”。", set(), {"一时之举"}),
    # a count of things, with a programme suffix (“三项机制”) or with a classifier of things (一根|绳, 百条|线,
    # 三面|红旗: an honour's name, and 嘎查村 is a kind of village, not one)
    ("全镇推行“三项机制”。", set(), {"三项机制"}),
    # a pair of places of one thing (“线上+线下”, “室内+室外”) is a manner, unless a suffix names the programme
    ("社区推行“室内+室外”，搭建“线上+线下”服务平台。", {("Initiative", "线上+线下服务平台")},
     {"室内+室外", "线上+线下"}),
    ("社区打造“一根绳”和“百条线”。", set(), {"一根绳", "百条线"}),
    ("该嘎查获评“两面红旗嘎查村”。", set(), {"两面红旗嘎查村", "嘎查村"}),
    # a quotation that ends in an organisation's head (艺术团), or that jieba knows as a body or a meeting
    # (“党代会”, nt), is no programme
    ("学习贯彻落实“党代会”部署。", set(), {"党代会"}),
    ("成立“韵漫花街艺术团”，开展文化活动。", set(), {("Initiative", "韵漫花街艺术团")}),
    # a quotation that is a programme suffix alone (“共同体”) names none; with a name before the suffix it does
    ("夯实基层治理“共同体”。", set(), {"共同体"}),
    ("打造“红色共同体”。", {("Initiative", "红色共同体")}, set()),
    # a quotation that describes a state of things (…的良好局面) is no programme, whatever introduces it
    ("形成了“人人参与、个个出力”的良好局面。", set(), {"人人参与、个个出力"}),
    # a quotation inside a quotation (‘…’) is read as one
    ("书记说：“我们将依托‘红色物业’，让居民少跑腿。”", {("Initiative", "红色物业")}, set()),
    # figures of speech are none
    ("争当基层治理的“领头雁”，下好“一盘棋”。", set(), {"领头雁", "一盘棋"}),
    ("着手打造“花园式”村庄，培育本土“田秀才”。", set(), {"花园式"}),
    ("社区有“五多一少”特点。", set(), {"五多一少"}),
    ("按照“需求相近、资源共享”原则分类提炼三类项目。", set(), {"需求相近、资源共享"}),  # a slogan
    # numbers and nouns without quotes, introduced by a launch verb or followed by a suffix
    ("社区开展四问四答活动，打响三社联动品牌。", {("Initiative", "四问四答活动"), ("Initiative", "三社联动品牌")}, set()),
    # numbers and nouns joined by a preposition or a particle make a phrase (由一产|向|二产|的|延伸), no name
    ("积极探索由一产向二产的延伸。", set(), {"一产向二产的"}),
    ("八九十年代的老小区三番五次漏水。", set(), {"八九十年代", "三番五次"}),
    ("街道推进两项改革，实施三大工程。", set(), {"两项改革", "三大工程"}),  # counts of things
    # a word of a title and 制 is a programme without quotes, unless the dictionary knows it (家长制)
    ("全面推行林长制和河长制，反对家长制作风。", {("Initiative", "林长制"), ("Initiative", "河长制")}, {"家长制"}),
    # a one-character suffix only right after its quotation
    ("全面推行“楼长”制，不搞“终身制”。", {("Initiative", "楼长制")}, {"终身制"}),
    # a quantity, a number word of the dictionary and a list of characters name no programme, however quoted
    ("打通为民服务最后“一公里”。", set(), {"一公里"}),
    ("东湖区打造“三部曲”。", set(), {"三部曲"}),
    ("打造集“山、水、林、田”于一体的景区。", set(), {"山、水、林、田"}),
    # a quoted programme that reads like a unit is no unit
    ("街道依托“青年社区”行动招募志愿者。", {("Initiative", "青年社区行动")}, {"青年社区"}),
    # and the same name quoted alone later is that programme's short name, not a community
    ("街道推出“青苗社区”行动。报名加入“青苗社区”的青年有30人。", {("Initiative", "青苗社区行动")},
     {("Community", "青苗社区")}),
]


@pytest.mark.parametrize("text, found, absent", UNITS, ids=[t[:16] for t, *_ in UNITS])
def test_units(text, found, absent):
    _check(text, found, absent)


@pytest.mark.parametrize("text, found, absent", ORGANISATIONS, ids=[t[:16] for t, *_ in ORGANISATIONS])
def test_organisations(text, found, absent):
    _check(text, found, absent)


@pytest.mark.parametrize("text, found, absent", PEOPLE, ids=[t[:16] for t, *_ in PEOPLE])
def test_people(text, found, absent):
    _check(text, found, absent)


@pytest.mark.parametrize("text, found, absent", STUDIOS, ids=[t[:16] for t, *_ in STUDIOS])
def test_studios(text, found, absent):
    _check(text, found, absent)


@pytest.mark.parametrize("text, found, absent", INITIATIVES, ids=[t[:16] for t, *_ in INITIATIVES])
def test_initiatives(text, found, absent):
    _check(text, found, absent)
