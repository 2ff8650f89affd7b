"""Figures: value, unit as written and what is counted; numbers in names, dates and ordinals are not figures."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.cleaning import Cleaned
from kg.metadata import read_metadata
from kg.segmenting import sentences, tokenize
from kg.statistics import cn_to_number, extract_statistics


def figures(text: str):
    return [(s.value, s.unit, s.measure) for s in statistics(text)]


def statistics(text: str):
    article = read_metadata(Cleaned("t.txt", text, "utf-8", None))
    return extract_statistics(article, sentences(article), tokenize(article))


@pytest.mark.parametrize("text, value, unit, measure_part", [
    ("全区划分为1153个网格，", Decimal(1153), "个", "网格"),
    ("累计服务1.2万人次。", Decimal(12000), "人次", "服务"),
    ("总投资3.5亿元，", Decimal(350000000), "元", "总投资"),
    ("收集居民诉求600余个，", Decimal(600), "个", "诉求"),
    ("办结率达百分之九十六。", Decimal(96), "%", "办结率"),
    ("吸纳社会组织三十余个，", Decimal(30), "个", "社会组织"),
    ("居民满意度达92.6%。", Decimal("92.6"), "%", "满意度"),
    ("全区共有网格员9097名", Decimal(9097), "名", "网格员"),  # at the very end of the text
    ("该社区荣获五星级党组织称号。", Decimal(5), "星级", "党组织"),
    ("其中党员占57%。", Decimal(57), "%", "党员"),
    ("居民满意率达到百分之八十，", Decimal(80), "%", "居民满意率"),
    ("其中百分之八十以上在48小时内得到处置。", Decimal(80), "%", "处置"),
    ("全村2023年接待游客120万人次。", Decimal(1200000), "人次", "接待游客"),
    ("日均服务老人3200余人次。", Decimal(3200), "人次", "日均服务老人"),
    ("入社农户占全村农户的95%。", Decimal(95), "%", "入社农户"),
    # money spent by the verb before it, whatever the verb or preposition after it does with it
    ("投资28.6万元完成东岗组的路灯安装。", Decimal(286000), "元", "投资"),
    ("投资960万元对李家湾村的水渠进行修缮。", Decimal(9600000), "元", "投资"),
])
def test_figures(text, value, unit, measure_part):
    found = figures(text)
    assert len(found) == 1, found
    v, u, m = found[0]
    assert (v, u) == (value, unit) and measure_part in m


def test_share_after_a_count_is_that_counts_share():
    found = figures("其中党员5207人，占57%。")
    assert found[1][:2] == (Decimal(57), "%") and "党员" in found[1][2]


def test_respectively_pairs_nouns_and_figures():
    found = figures("诉求解决率、居民满意率分别达到96.5%和97.8%。")
    assert [(v, m) for v, _, m in found] == [(Decimal("96.5"), "诉求解决率"), (Decimal("97.8"), "居民满意率")]


def test_a_verb_is_not_what_is_counted():
    [(_, _, measure)] = figures("居民满意率达到92%。")
    assert measure == "居民满意率"


@pytest.mark.parametrize("text", [
    "获评第五星级。",
    "在全市排名第一个。", "2023年以来，", "拨打“110”报警。", "打造“1+1+N”模式。", "建成10分钟生活圈。", "6月20日晚，",
])
def test_not_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize("text, value", [("十五", 15), ("九十六", 96), ("两万三千", 23000), ("一千二百", 1200), ("八十点五", 80.5)])
def test_chinese_numerals(text, value):
    assert cn_to_number(text) == Decimal(str(value))


@pytest.mark.parametrize("text, value, approximation, qualifier", [
    ("社区现有志愿者30余人。", 30, "MoreThan", "余"),
    ("帮扶困难群众300多户。", 300, "MoreThan", "多"),
    ("满意率达到80%以上。", 80, "MoreThan", "以上"),
    ("每天接待居民约200人次。", 200, "About", "约"),
    ("参与居民30人左右。", 30, "About", "左右"),
    ("辖区内仍有不到10户未签约。", 10, "LessThan", "不到"),
    ("活动吸引数千人次参与。", 1000, "MoreThan", "数"),
    ("全区划分为1153个网格。", 1153, None, ""),
])
def test_qualified_figures_say_how(text, value, approximation, qualifier):
    [st] = statistics(text)
    assert (st.value, st.approximation, st.qualifier) == (Decimal(value), approximation, qualifier)


@pytest.mark.parametrize("text, value, unit, measure", [
    ("社区党总支现有三个党支部。", 3, "个", "党支部"),  # one Chinese digit
    ("全县建成314个村、社区调委会。", 314, "个", "村、社区调委会"),  # coordinated nouns are counted together
    ("6名网格长负责服务3996户、9996名居民。", 3996, "户", "户"),  # what the verb reaches
    ("一个社区几十名工作人员往往要面对上千户居民。", 10, "名", "工作人员"),  # the noun, not the clause
    ("“社区下辖10个居民小区，6名网格长负责服务。”书记说。", 10, "个", "居民小区"),  # quoted speech holds figures
    ("组织128名网格员开展敲门行动。", 128, "名", "网格员"),  # the verb after the noun ends it
    ("这个大村由原来的三个村合并而成。", 3, "个", "村"),  # even after a noun of one character
    ("全市累计解决居民急难愁盼问题6000余件。", 6000, "件", "解决居民急难愁盼问题"),  # not who did it, or when
    ("街道链接31家共同体单位参与治理。", 31, "家", "共同体单位"),  # 共 is part of a word here
    ("推动全镇26个行政村均衡发展。", 26, "个", "行政村"),  # an adjective after the noun ends it
    ("每个网格配备3至5名网格员。", 5, "名", "网格员"),  # a range counts what follows it
    ("其中老年人1.2万人，占比14%。", 14, "%", "老年人占比"),  # a bare 占比 is the share of the figure before
    ("招募15名“护河员”巡查河道。", 15, "名", "护河员"),  # a quoted noun, without the verb after the quote
    ("社区辖6个大型成熟商品房小区。", 6, "个", "大型成熟商品房小区"),  # adjectives before the noun qualify it
    ("选聘11名专职网格组织员。", 11, "名", "专职网格组织员"),  # a verb with a noun suffix (组织|员) is a noun
    ("滨河小区住户就有2100余户。", 2100, "户", "滨河小区住户"),  # an adverb before the verb is not counted
    ("社区开展12场宣讲。", 12, "场", "宣讲"),  # an event's verb after its unit is what is counted
    ("东湖社区常住人口仅4200人。", 4200, "人", "东湖社区常住人口"),  # nor an adverb right before the figure
    ("过去村集体经营性收入只有2000元。", 2000, "元", "村集体经营性收入"),
    ("明年产值将超过90万元。", 900000, "元", "产值"),
    ("2019年来累计接待游客15万人次。", 150000, "人次", "接待游客"),  # since a year: the date is not counted
    ("喜讯 东湖街道建起“幸福小屋”12处", 12, "处", "东湖街道建起幸福小屋"),  # a blank parts a title's phrases
    ("全村茶园面积很快便达到600亩。", 600, "亩", "茶园面积"),  # adverbs that end the words before it
    ("志愿者由30人扩充至80人。", 30, "人", "志愿者"),  # a change: what changed, not the verb
    ("志愿者由30人扩充至80人。", 80, "人", "志愿者"),
    ("全村人均纯收入跃升至2.1万元。", 21000, "元", "全村人均纯收入"),
    ("村集体收入从3.5万元增至12万元。", 120000, "元", "村集体收入"),  # 增至: the second figure of a change
    ("服务满意度由80%提升至95%。", 80, "%", "服务满意度"),
    ("党员120名,占社区常住人口的3%。", 3, "%", "党员占比"),  # a share of a whole: of the figure before
    ("历经三轮评审、两次公示，", 3, "轮", "评审"),
    ("路网密度达到120公里/百平方公里。", 120, "公里", "路网密度"),  # a rate: not what its second unit says
    ("为12名留守儿童送去书包。", 12, "名", "留守儿童"),  # 为 with no figure before it is "for", no change
    ("实施70个“党建微治理”项目。", 70, "个", "党建微治理项目"),  # a quoted name is one noun, verbs and all
    ("其中66%的居民参与过志愿服务。", 66, "%", "居民参与过志愿服务"),
    ("全年开展文艺演出120场次。", 120, "场次", "开展文艺演出"),  # 场次 is a unit
    ("全区打造42个示范社区中，有5个获奖。", 42, "个", "示范社区"),  # a localizer that ends the words is where
    ("建成73个线上议事群。", 73, "个", "线上议事群"),  # ... but not one that begins a word (线上)
    ("年服务时长700余个小时……", 700, "小时", "服务时长"),  # 个小时 is hours; an ellipsis ends the words
    ("38公里的山路走了2个小时。", 2, "小时", "山路走"),  # the figure before's unit, 的 and 了 are not counted
    # households and people with no noun of their own after a count of groups are the place's
    ("东岭村辖12个村民组860户3120人。", 860, "户", "户数"),
    ("东岭村辖12个村民组860户3120人。", 3120, "人", "人口"),
    ("东岭村辖5个自然村、12个村民组、860户3120人。", 860, "户", "户数"),
    ("其中贫困户120户450人。", 450, "人", "贫困户"),  # (a noun of their own: the poor households' people)
    ("辖12个村民组，总人口860户3120人。", 860, "户", "总人口"),
    ("有18支志愿队、62户党员中心户。", 62, "户", "党员中心户"),
    # figures by year: the clause before the first, without its preposition of time (收入于|2021年达…)
    ("村集体收入于2021年达56万元、2022年达80万元。", 560000, "元", "村集体收入"),
    ("村集体收入于2021年达56万元、2022年达80万元。", 800000, "元", "村集体收入"),
    # a figure with only a preposition before it, qualified and then 的: the noun it sizes
    ("按照500户以下的规模划分网格。", 500, "户", "规模"),
    ("其中50亩以上的种植大户就有12户。", 50, "亩", "种植大户"),
    # adverbs, 了 and 的 around the noun, a comparison after the count, a range, and 一起 after the noun
    ("合作社年收益可达8万元。", 80000, "元", "合作社年收益"),
    ("他半年就收入了8000元。", 8000, "元", "收入"),
    ("农户人均收入能达到2万至3万元。", 30000, "元", "农户人均收入"),
    ("他家每年的纯收入有6万元。", 60000, "元", "纯收入"),
    ("300余名像老张这样的志愿者参与服务。", 300, "名", "志愿者"),
    ("村民王大海和30余名村民一起清理河道。", 30, "名", "村民"),
    ("合作社分红的60%共计12万元。", 120000, "元", "合作社分红的"),
    ("他家的收入突破了10万元。", 100000, "元", "收入"),  # 了 after the verb of reaching
    ("辖区两个小区各6个。", 6, "个", "小区"),  # 各: each
    # a facility's one-character suffix after a verb is part of the noun (文明|实践|所, 文明|实践|站)
    ("全县建成2个文明实践所和58个文明实践站。", 2, "个", "文明实践所"),
    ("全县建成2个文明实践所和58个文明实践站。", 58, "个", "文明实践站"),
    ("3个多月来共受理投诉15件。", 15, "件", "受理投诉"),  # the time before is not counted
    ("人均收入从3000元上涨到8000元。", 8000, "元", "人均收入"),  # 上涨 and 涨 are change verbs
    # when a change starts and ends (由最初的, 从过去每年, 至去年的) is not what changed
    ("租金收入由最初的2万元上升至去年的9万元。", 20000, "元", "租金收入"),
    ("租金收入由最初的2万元上升至去年的9万元。", 90000, "元", "租金收入"),
    ("集体收入从过去每年3万元增加到15万元。", 30000, "元", "集体收入"),
    ("全镇绿化率高达60%。", 60, "%", "全镇绿化率"),  # 高达 reaches (but 最高达: the highest)
    ("小麦亩产最高达700公斤。", 700, "公斤", "小麦亩产最高"),
    ("‘爱心驿站’面积300平方米。", 300, "平方米", "爱心驿站面积"),  # the inner quotes go too
    ("300余名居民欢聚一堂。", 300, "名", "居民"),  # an idiom that ends the words says what they do
    ("走访困难孤寡老人80位。", 80, "位", "走访困难孤寡老人"),  # but not one inside them
    # households and people said bare, with nothing around them, are the place's 户数 and 人口
    ("社区是三个小区合并的。“3200户，9800人，老人占三成。”书记说。", 3200, "户", "户数"),
    ("社区是三个小区合并的。“3200户，9800人，老人占三成。”书记说。", 9800, "人", "人口"),
])
def test_what_is_counted(text, value, unit, measure):
    found = [f for f in figures(text) if f[0] == Decimal(value) and f[1] == unit]
    assert found and found[0][2] == measure, figures(text)


@pytest.mark.parametrize("text", [
    "工作人员要面对千户万人。", "上面千条线，下面一根针。", "理清千头万绪。",  # numbers of speech
    "四五个孩子端坐桌前。",  # four or five
    "两人骂骂咧咧地进了调解室。",  # the two of a story
    "落实“十个一”标准。",  # a number inside a name
    "芙蓉区人民法院六支部与社区签署协议。",  # 六|支部 is a branch
    "学习党的二十届三中全会精神。", "十四届全国人大代表走进社区。",  # the ordinal of a session
    "构建党建、服务、治理三位一体的工作格局。",  # a set phrase that opens with the number
    "修缮历时4个多月。",  # a time
    "长春市九台区召开会议。",  # a place's name that opens with a number and a measure word (九台区)
])
def test_numbers_that_are_no_figures(text):
    assert figures(text) == []
