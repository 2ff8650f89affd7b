"""Stage 6, statistics: reported figures with their value, unit as written and counted noun.

1.2万 → 12000, 3.5亿元 → 350000000 元, 600余个 → 600 个, 百分之八十 → 80 %, 三十余个 → 30 个.
A number is a figure only when a measure word follows it; dates, ordinals (第一), ages, numbers glued
to names (“110”专线, 1+1+N, 10分钟生活圈), phone and ICP numbers are not figures.
"""
from __future__ import annotations

import re
from decimal import Decimal

from kg.records import Article, Mention, Span, Statistic, Token
from kg.segmenting import tag_table

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
UNITS = ("个百分点 个小时 百分点 人次 户次 场次 万元 亿元 平方米 平方公里 公里 公顷 小时 元 块钱 个 名 人 位 项 次 件 户 家 场 条 支 起 所 座 处 间 套 台 辆 "
         "张 份 票 株 亩 吨 部 期 批 只 头 棵 本 篇 余 天 星级 栋 幢 斤 公斤 千克 ㎡ 盏 首 轮 届 门 班").split()
UNIT_RE = "|".join(sorted((u for u in UNITS if u != "余"), key=len, reverse=True))
# one Chinese digit alone counts too (三个党支部), but not 一, 二 or 两 (一个 is mostly "a", 两人 the two of
# a story) and not 百/千 alone (千户万人)
# (at most 12 numerals, 九千九百九十九 has 7: unbounded, a long run of them made each start search all the rest)
NUM = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]{2,12}|[十百千三四五六七八九])"
FIGURE = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十百千])"  # what every figure starts with: lets the scan skip other characters
    r"(?:(?P<pct>百分之(?P<pnum>[零〇一二两三四五六七八九十百点.\d]+))"
    r"|(?<!第)(?P<star>[一二三四五六七])星级"
    rf"|(?<![\d.+\-/:：A-Za-z第])(?<!周)(?<!星期){NUM}(?P<big>[万亿])?(?P<approx>余|多)?"
    rf"(?:(?P<percent>%|％)|(?P<unit>{UNIT_RE})))"
)
# The words that qualify a figure, and how: before the number, right after it, or after the unit.
QUALIFIED_BEFORE = re.compile(r"(?:将近|接近|不到|不足|超过|大约|约有|上|数|几|近|约|超|逾)$")
QUALIFIED_AFTER = re.compile(r"以上|以下|左右|上下|之多")
APPROXIMATION = {"余": "MoreThan", "多": "MoreThan", "以上": "MoreThan", "之多": "MoreThan", "超": "MoreThan",
                 "超过": "MoreThan", "逾": "MoreThan", "上": "MoreThan", "数": "MoreThan",
                 "不到": "LessThan", "不足": "LessThan", "以下": "LessThan", "近": "LessThan", "将近": "LessThan",
                 "接近": "LessThan", "几": "MoreThan", "约": "About", "大约": "About", "约有": "About", "左右": "About", "上下": "About"}
CLAUSE = re.compile(r"[，,。；;！!？?]")
ADJACENT_DIGITS = re.compile(r"[一二三四五六七八九]{2}")  # 四五个孩子: four or five, no one value
EVENT_UNITS = ("场", "次", "轮", "期", "届")  # units of events: a verb after one is what is counted (12场|宣讲)
NOUN_UNITS = ("户", "家", "人")  # a unit that is itself what is counted (服务3996户)
# What a figure counts: the words after the unit, or before the number, within the clause.
STOP = re.compile(r"[，,。；;：:！!？?、（）()\s\d%％…]|以上|以下|左右|之间")  # (a blank parts a title's phrases)
LEAD = re.compile(r"^(?:个多?月来|多?年来|的|了|之|共计|合计|总计|共|约|近|超|达|逾|其中|累计|先后|已|已有|有|突破|超过|达到|实现)+")
# 2023年接待游客, 2020年来累计接待: the date is not part of what is counted
DATE_PART = re.compile(r"\d{1,4}(?:年来|[年月日号])")
QUALIFIED_NOUN = re.compile(r"(?:以上|以下|左右|上下)的([\u4e00-\u9fff]{2,12})")  # what a qualified figure sizes
NOT_AFTER = re.compile(r"^(?:以上|以下|左右|以内|之内|之后|之前|多|余|年|月|日|时)|^[内后前里间]$")
# 由82%提升至97%, 由5天缩短到2天: the words around the second figure name a change, not what is counted.
CHANGE_VERB = "(?:提升|提高|增长|增加|上升|上涨|下降|降低|缩短|减少|扩充|扩大|跃升|攀升|升|涨|降|增|减|变)"
CHANGE_END = re.compile(rf"(?:{CHANGE_VERB}(?:至|到|为)|^(?:至|到|为|和|与|及))$")
CHANGE_START = re.compile(rf"^{CHANGE_VERB}")
CHANGE_VERB_END = re.compile(rf"{CHANGE_VERB}(?:至|到|为)$")
CHANGE_TIME = re.compile(r"(?:(?:由|从)(?:过去|最初|初期|起初|当初|原来|以前)?(?:的|每年)?"
                         r"|(?<=至|到|为)(?:去年|今年|现在|目前|如今|当年)的)$")
RANGE_FROM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:至|到|~|～|-|—)$")  # 3至|5名: the first end of a range
RANGE_BIG = re.compile(r"(?<![\d.])\d+(?:\.\d+)?[万亿](?:至|到|~|～|-|—)$")  # 2万至|3万元
LIKE_ASIDE = re.compile(r"^像[\u4e00-\u9fff]{1,8}?(?:这样|那样|一样)的")
# what follows the ordinal of a congress or a party's plenary session (第 left out: 十九届六中全会)
SESSION = re.compile(r"[一二三四五六七八九]中全会|全国|中央|人大|政协|党代会|代表大会|委员会|[省市区县]委")
MAX_MEASURE = 16
UNIT_ENDS = frozenset(u[-1] for u in UNITS)  # the last characters of units: where a figure ends
UNIT_CHARS = "".join(UNITS)  # what lstrip takes off a noun that a unit of the figure before opens
HOUSEHOLDS, POPULATION = "户数", "人口"
# 诉求解决率、居民满意率分别达到96.5%和97.8%: the k-th figure after 分别 counts the k-th listed noun
# (、 between at most 20 nouns, 和, 与 or 及 only before the last: a separator that is also a noun's character
# anywhere makes the search exponential in a run of them)
RESPECTIVELY = re.compile(r"((?:[\u4e00-\u9fff]{2,12}、){0,20}[\u4e00-\u9fff]{2,12}(?:、|[和与及](?=[\u4e00-\u9fff]))"
                          r"[\u4e00-\u9fff]{2,12}?)分别"
                          r"(?:达到|达|为|是|占|提升至|提高到|提高至|增长|增加|下降|降低|降至)?")
# what may stand between the figures of one 分别 list: numbers, units of 1-2 characters, separators
FIGURE_LIST_CHARS = re.compile(r"[\d.%％、和与及,，\u4e00-\u9fff]*")
LONG_WORD = re.compile(r"[\u4e00-\u9fff]{4}")
SHARE_OF = re.compile(r"([\u4e00-\u9fff]{2,12}?)占[\u4e00-\u9fff]{1,12}的")
# 居民满意率达到, 小区住户就有: the verb, and an adverb before it, are not part of what is counted
TRAILING_VERB = re.compile(r"(?:分别|就|也|还|都|可|均|能)?(?:(?<!最)高达|多达|长达|达到|达|为|是|约为|约|提升至|提高到|增至|超过|突破|共有|共|有|超|近|逾|不到|不足)了?$"
                           r"|(?:仅|只|却|将|已|仍)(?:达到|达|为|是|约为|约|超过|突破|有|超|近|逾|不到|不足)?$|[破由从了各]$")


def cn_to_number(text: str) -> Decimal | None:
    """Chinese numerals to a number: 三十 → 30, 九十六 → 96, 一千二百 → 1200, 八十点五 → 80.5.

    >>> cn_to_number("九十六"), cn_to_number("十五"), cn_to_number("两万三千")
    (Decimal('96'), Decimal('15'), Decimal('23000'))
    """
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = cn_to_number(whole) if whole else Decimal(0)
        if w is None or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
        return w + Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch in CN_BIG:
            total += (section + (digit or 0)) * CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))


def _number(text: str) -> Decimal | None:
    if text in CN_DIGITS:
        return Decimal(CN_DIGITS[text])
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    if re.fullmatch(r"[\d.]+", text):
        return None
    return cn_to_number(text)


def extract_statistics(article: Article, sentences: tuple[Span, ...],
                       tokens: tuple[Token, ...] | None = None) -> tuple[Statistic, ...]:
    """The figures of each sentence. With the article's tokens, a unit must not begin a longer dictionary word:
    六|支部 is a branch, not six of something."""
    view, out = article.view, []
    starts = {t.begin: t.word for t in tokens} if tokens is not None else {}
    words = {b: w for b, w in starts.items() if len(w) > 1}
    for sent in sentences:
        prev_measure = ""
        for m in FIGURE.finditer(view, sent.begin, sent.end):
            if m["pct"]:
                value, unit = _number(m["pnum"]), "%"
            elif m["star"]:
                value, unit = _number(m["star"]), "星级"
            else:
                value, unit = _number(m["num"]), m["unit"] or "%"
                if value is not None and m["big"]:
                    value *= CN_BIG[m["big"]]
                if unit == "个小时":  # 700余个小时: hours
                    unit = "小时"
                if unit in ("万元", "亿元"):  # 3.5亿元 is 350000000 元
                    value = value * CN_BIG[unit[0]] if value is not None else None
                    unit = "元"
                if unit == "星级" and m["num"].isdigit():  # 5星级 is a rating only when written out as 五星级
                    continue
            if value is None or _glued(view, m) or _inside_quotes(view, m.start(), sent) or _place_name(view, m):
                continue
            if m["unit"] and (_begins_word(words, m.start("unit"), m.end()) or _begins_word(words, m.start(), m.end())):
                continue  # 六|支部 is a branch, 三位一体 a set phrase
            approximation, qualifier = _qualified(view, m)
            if m["num"] and not _a_count(view, m, qualifier):
                continue
            measure = _measure(view, m, sent, unit, prev_measure, starts)
            if not measure and unit in ("户", "人"):
                measure = HOUSEHOLDS if unit == "户" else POPULATION  # “3200户，9800人，…”: a place's, said bare
            prev_measure = measure or prev_measure
            b, e = m.span()
            mention = Mention(Span(b, e, article.text[b:e]), sent)
            value = Decimal(int(value)) if value == value.to_integral() else value
            out.append(Statistic(value, unit, measure, mention, approximation=approximation, qualifier=qualifier))
    return tuple(out)


def _begins_word(words: dict[int, str], b: int, e: int) -> bool:
    word = words.get(b)
    if word is None or len(word) <= e - b:
        return False
    from kg.segmenting import tokenizer

    return bool(tokenizer().FREQ.get(word))


def _qualified(view: str, m: re.Match) -> tuple[str | None, str]:
    """How the text qualifies a figure: 30余人, 300多户, 80%以上, 约200人, 近千人, 数千人次, 不到10户."""
    b, e = m.span()
    before = QUALIFIED_BEFORE.search(view, max(0, b - 2), b)
    after = QUALIFIED_AFTER.match(view, e)
    word = m["approx"] or (after.group(0) if after else None) or (before.group(0) if before else None)
    return (APPROXIMATION[word], word) if word else (None, "")


def _a_count(view: str, m: re.Match, qualifier: str) -> bool:
    """Whether a Chinese number is a count: not 千户万人 or 千条线 (a lone 百 or 千 is a figure of speech unless
    qualified: 数千人, 上百人, 百余人), not 四五个 (four or five), not 两个…'s slogans in quotes."""
    num = m["num"]
    if num.isdigit() or "." in num:
        return True
    if num in ("百", "千"):
        return bool(qualifier)
    return not ADJACENT_DIGITS.fullmatch(num)


def _inside_quotes(view: str, at: int, sent: Span) -> bool:
    """A number inside a short quotation belongs to a name or a slogan (“五个一”标准, “两个一”); in quoted
    speech (“社区下辖10个居民小区，…”) it is a figure."""
    opener = max(view.rfind("“", sent.begin, at), view.rfind("「", sent.begin, at))
    if opener < 0 or max(view.rfind("”", opener, at), view.rfind("」", opener, at)) >= 0:
        return False
    close = min((i for i in (view.find("”", at), view.find("」", at)) if i >= 0), default=-1)
    quoted = view[opener + 1:close] if close >= 0 else view[opener + 1:]
    return close >= 0 and len(quoted) <= 16 and not CLAUSE.search(quoted)


PLACE_NAME_TAIL = re.compile(r"[\u4e00-\u9fff]{0,3}?(?:市|县|区|镇|乡|街道)")  # the rest of a place's name


def _place_name(view: str, m: re.Match) -> bool:
    """Whether a figure of Chinese numerals begins a place's name the register holds (三门|峡市, 九台|区)."""
    if not m["num"] or m["num"][0].isdigit():
        return False
    after = PLACE_NAME_TAIL.match(view, m.end())
    if after is None:
        return False
    from kg.gazetteer import default_register

    return default_register().has_name(view[m.start():after.end()])


def _glued(view: str, m: re.Match) -> bool:
    """A number that belongs to a name or a time: 1+1+N, “110”, 10分钟, 2023年, 5月, 48小时内."""
    b, e = m.span()
    before, after = view[b - 1:b] if b else "", view[e:e + 1]
    if m["unit"] in ("个", "名", "人", "家", "天", "小时") and view.startswith(("月", "年", "分钟", "周岁", "岁"), e):
        return True
    if m["unit"] == "个" and view.startswith(("多月", "余月", "多小时", "多星期"), e):  # 3个多月: a time
        return True
    if m["unit"] in ("小时", "天") and view.startswith(("内", "之内", "以内"), e):  # 48小时内: a time limit
        return True
    if m["unit"] == "届" and SESSION.match(view, e):  # 党的十九届|六中全会, 十四届|全国人大: an ordinal
        return True
    if (before and before in "+＋") or (after and after in "+＋"):
        return True
    return bool(before and before in "“「\"" and after and after in "”」\"")


def _measure(view: str, m: re.Match, sent: Span, unit: str, prev: str, starts: dict[int, str]) -> str:
    b, e = m.span()
    listed = _respectively(view, sent, b)
    if listed:
        return listed
    # 120公里/百平方公里: a rate, whose second unit says nothing of what is measured
    after = _clause(view[e:min(sent.end, e + MAX_MEASURE)], forward=True) if view[e:e + 1] not in "/／" else ""
    word = starts.get(e)
    if word and len(word) > 1 and view.startswith(word, e) and not after.startswith(word):
        after = STOP.split(view[e:min(sent.end, e + MAX_MEASURE)])[0]  # 31家|共同体单位: 共 is no "in all" here
    after = LIKE_ASIDE.sub("", after)  # 300名|像X这样的|志愿者: the comparison is an aside
    before = _clause(view[max(sent.begin, b - MAX_MEASURE):b], forward=False)
    if RANGE_FROM.search(view, max(sent.begin, b - 12), b) and after and not NOT_AFTER.match(after):
        return _noun_only(view, after, e, starts)  # 3至5名网格员: a range, of what follows it
    if (rng := RANGE_BIG.search(view, max(sent.begin, b - 12), b)) is not None:
        b = rng.start()  # 收入达到2万至|3万元: what the range's first end follows says what is measured
        before = _clause(view[max(sent.begin, b - MAX_MEASURE):b], forward=False)
    before = CHANGE_TIME.sub("", before) or before  # 由最初的|2万元, 上升至去年的|9万元: when, not what
    if CHANGE_END.search(before) and (prev or CHANGE_VERB_END.search(before)):
        # the second figure of a change: it counts what the first did (with no figure before, 为 alone is "for")
        return prev or CHANGE_END.sub("", before) or before  # (跃升至1.5万元 with no first: what rose)
    # 辖13个村民组958户3522人: households and people with no noun of their own (村民组 is the 13's) are the
    # place's households and population
    noun = before.lstrip(UNIT_CHARS)  # (个)村民组: the noun after the figure before
    at = view.rfind(noun, max(sent.begin, b - MAX_MEASURE), b) if noun else b
    if unit == "户" and not after and at > sent.begin and (not noun or noun == prev) \
            and (view[at - 1] in UNIT_ENDS or not noun and prev and view[at - 1] == "、"):  # (…、650户)
        return HOUSEHOLDS
    if unit == "人" and prev == HOUSEHOLDS and (view[b - 1:b] == "户" or view[b - 2:b] in ("户,", "户，", "户、")):
        return POPULATION  # 860户3120人, 3200户，9800人
    if unit in ("%", "个百分点", "百分点", "成"):
        if before.endswith("占") or before == "占比":  # 党员占57%: 党员; a bare 占57% refers to the figure before
            return before[:-1] if len(before) > 2 else ((prev + "占比") if prev else "占比")
        if prev and before.startswith("占") and before.endswith("的"):
            return prev + "占比"  # 成员500余名，占常住人口的7%: so does a bare share of a whole
        share = SHARE_OF.fullmatch(before)  # 入社农户占全村农户的95%: 入社农户
        if share:
            return share.group(1)
        if before:
            return TRAILING_VERB.sub("", before) or before
        # 其中百分之八十以上在48小时内得到处置: with nothing before it, the rest of the clause says what
        rest = re.match(r"(?:以上|以下|左右)?(?:在[^，,。；;]{1,12}?[内中前后])?([\u4e00-\u9fff]{2,12})",
                        view[e:min(sent.end, e + 2 * MAX_MEASURE)])
        if rest:
            return rest.group(1).removeprefix("的") if len(rest.group(1)) > 2 else rest.group(1)
    elif after and not NOT_AFTER.match(after) and not CHANGE_START.match(after) \
            and not (before and before[-1] not in "以在于对把将从向给被让使和与及是为由" and starts.get(e) == after
                     and _tagged(after, "v") and unit not in EVENT_UNITS) \
            and not (before and unit.endswith("元") and _tagged(starts.get(e), "v", "p")):
        # 投资80万元|完成|3个…: a verb alone (but 以23票|赞成, and 开展12场|宣讲: an event is counted); money is
        # what the verb before it spends, whatever follows a verb or preposition after it (投资28.6万元|完成|…)
        return _noun_only(view, _coordinated(view, e, after), e, starts)
    if (not before or len(before) == 1 or _tagged(before, "p")) and (q := QUALIFIED_NOUN.match(view, e, sent.end)):
        return _noun_only(view, q.group(1), q.start(1), starts)  # (按)500户以下的规模, 50亩以上的种植大户
    if before and view[b - len(before) - 1:b - len(before)].isdigit():
        # 6名网格长负责服务3996户: 名 is the unit of the figure before (58公里|的山路走了: and 的 its particle)
        before = LEAD.sub("", before.lstrip(UNIT_CHARS))
    if before and unit in NOUN_UNITS and VERB_END.search(before):
        return unit  # 负责服务3996户: what the verb reaches is households
    if before:
        return _without_subject(view, TRAILING_VERB.sub("", before) or before, b, starts)
    # Nothing around the figure (突破28万元, 、1106人): the clause before it says what is counted.
    pieces = STOP.split(DATE_PART.sub("，", view[max(sent.begin, b - 2 * MAX_MEASURE):b]))[:-1]
    earlier = [p.lstrip(UNIT_CHARS) for p in map(_clean, pieces) if len(p) >= 2]  # 14个民族: not 个民族
    earlier = [p.removesuffix("于") for p in earlier]  # 收入于|2021年达…: not the preposition of the date
    earlier = [p for p in earlier if len(p) >= 2]
    return earlier[-1] if earlier else prev or after


# what opens a clause before the noun a figure counts: who did it and when (银川市|累计|解决…问题)
SUBJECT_TAGS = ("d", "ad", "t", "r", "p", "c", "m", "f")


def _without_subject(view: str, measure: str, b: int, starts: dict[int, str]) -> str:
    """The measure without the unit, adverbs and times that open its clause (银川市累计解决居民急难愁盼问题 → 解决居民
    急难愁盼问题): what is counted is the rest. The words come from the article's tokens, where there are any."""
    at = view.rfind(measure, max(0, b - 2 * MAX_MEASURE), b)
    if at < 0 or not starts:
        return measure
    from kg.lexicon import lexicon

    tags, suffixes, end, k = tag_table(), lexicon().admin_suffix_tuple, at + len(measure), at
    while k < end and (word := starts.get(k)) and k + len(word) < end:
        if not (word.endswith(suffixes) and len(word) > 1 or tags.get(word, "n").startswith(SUBJECT_TAGS)
                or word in ("累计", "共", "共计", "已", "已经", "先后", "目前", "现", "今年", "去年")):
            break
        k += len(word)
    if at < k < end - 2 and starts.get(k) == "的":
        k += 1  # 每年|的|纯收入, 这样|的|村民: the particle of the words skipped
    words, j = [], k  # the words after the subject; adverbs that end them say how, not what (面积|很快|便)
    while j < end and (word := starts.get(j)) and j + len(word) <= end:
        words.append(word)
        j += len(word)
    if j == end:
        while len(words) > 1 and tags.get(words[-1], "")[:1] == "d" and end - len(words[-1]) - k >= 2:
            end -= len(words.pop())
    return measure[k - at:end - at] if end - k >= 2 else measure
# a word of these classes ends the noun a figure counts (几十名工作人员|往往|要面对…, 26个行政村|均衡…): adverbs,
# times, prepositions, conjunctions, particles, adjectives (jieba's tags), and the words of a comparison (楼栋小组长|一样)
MEASURE_END_TAGS = ("d", "ad", "p", "c", "y", "t", "a")
AGENT_SUFFIXES = frozenset("员者师手家户点站室队组")
PLACE_SUFFIXES = frozenset("所馆院厅")  # (a suffix, not 所 the particle, where a word stands before it)
MEASURE_END_WORDS = frozenset(("一样", "一般", "似的", "那样", "这样", "一起", "一道", "一同"))
VERB_END = re.compile(r"(?:服务|负责|覆盖|帮助|帮扶|走访|联系|惠及|辐射|带动|涉及|包联|结对)$")


def _tagged(word: str | None, *classes: str) -> bool:
    """Whether jieba's dictionary tags `word` in one of these classes (by the tag's first letter: v, p)."""
    return word is not None and tag_table().get(word, "")[:1] in classes


def _noun_only(view: str, measure: str, at: int, starts: dict[int, str]) -> str:
    """The measure up to the first word that ends a noun phrase, by the article's tokens (when there are any)."""
    tags, offsets, pos = tag_table(), [], at
    for ch in measure:  # where each character is in the view: the measure has lost quotes and leading particles
        pos = view.find(ch, pos)
        offsets.append(pos)
        pos += 1
    for k in range(1, len(measure)):
        word = starts.get(offsets[k])
        if not word:
            continue
        opened = view[at:offsets[k]]
        if opened.count("“") > opened.count("”"):
            continue  # 70个“党建微治理”项目: a quoted name is one noun, whatever its words
        following = starts.get(offsets[k] + len(word))
        if tags.get(word) == "a" and tags.get(following, "")[:1] == "n":
            continue  # 6个大型|成熟|商品房小区: an adjective before a noun qualifies it
        if following in AGENT_SUFFIXES or following in PLACE_SUFFIXES and len(word) > 1 or word in AGENT_SUFFIXES \
                or word in PLACE_SUFFIXES:
            continue  # 17名党建|组织|员, 2个文明|实践|所: a verb with a noun suffix is a noun
        if k == len(measure) - 1 and tags.get(word) == "f":
            return measure[:k]  # 42个互嵌式社区|中: a localizer that ends the words is where, not what
        if k + len(word) == len(measure) and tags.get(word) == "i" and k >= 2:
            return measure[:k]  # 300名居民|欢聚一堂: an idiom that ends the words says what they do
        if (word in MEASURE_END_WORDS or tags.get(word, "n").startswith(MEASURE_END_TAGS)
                or tags.get(word, "n") == "v" and (k >= 2 or len(word) >= 2 and k == 1 and tags.get(
                    starts.get(offsets[0], ""), "")[:1] in ("n", "z"))  # (村, 组: zg)
                # 128名网格员|开展…, 三个村|合并…: the verb after the noun
                or view[offsets[k] - 1] in "”」" and _tagged(word, "v")):  # 15名“护河员”|巡查
            return measure[:k].rstrip("等")
    return measure.rstrip("等") or measure


def _coordinated(view: str, e: int, after: str) -> str:
    """314个村、社区调委会: a one-character noun coordinated with others counts them together."""
    if len(after) == 1 and view.startswith(after + "、", e):
        m = re.match(r"[\u4e00-\u9fff、]{1,12}", view[e:])
        return m.group(0).rstrip("、") if m else after
    return after


def _respectively(view: str, sent: Span, b: int) -> str:
    last, start = None, max(sent.begin, b - 80)
    if view.find("分别", start, b) < 0:  # RESPECTIVELY backtracks over every list; most figures have no 分别 before them
        return ""
    for r in RESPECTIVELY.finditer(view, start, b):
        last = r
    between = view[last.end():b] if last is not None else ""
    if last is None or not FIGURE_LIST_CHARS.fullmatch(between) or LONG_WORD.search(between):
        return ""
    k = len(re.findall(r"[\d.]+", view[last.end():b]))
    items = [_clean(x) for x in re.split(r"[、和与及]", last.group(1))]
    return items[k] if k < len(items) else ""


QUOTE_CHARS = re.compile(r"[“”「」‘’]")


def _clean(piece: str) -> str:
    piece = QUOTE_CHARS.sub("", piece).strip()
    return LEAD.sub("", piece).strip()


def _clause(text: str, forward: bool) -> str:
    parts = STOP.split(DATE_PART.sub("，", text))
    return _clean(parts[0] if forward else parts[-1])
