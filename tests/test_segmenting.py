"""Stage 4, segmenting: jieba tokens tile the view, sentences are spans of the original text."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import example, given, strategies as st

from kg.cleaning import Cleaned
from kg.metadata import read_metadata
from kg.pipeline import example_path
from kg.segmenting import sentences, tokenize, tokenizer


def article(text: str):
    return read_metadata(Cleaned("a.txt", text, "utf-8", None))


def test_tokens_tile_the_view(article_name, extraction):
    art = extraction(article_name).article
    tokens = tokenize(art)
    assert tokens
    assert tokens[0].begin == 0 and tokens[-1].end == len(art.view)
    for a, b in zip(tokens, tokens[1:]):
        assert a.end == b.begin
    for t in tokens:
        assert t.begin < t.end
        assert art.view[t.begin:t.end] == t.word
    assert "".join(t.word for t in tokens) == art.view


def test_tokens_are_simplified_words():
    art = article("北關社區的網格員在天橋區北坦街道工作。")
    words = [t.word for t in tokenize(art)]
    assert "".join(words) == "北关社区的网格员在天桥区北坦街道工作。"
    assert "网格员" in words or ("网格" in words and "员" in words)


def test_sentences_are_spans_of_the_text(article_name, extraction):
    art = extraction(article_name).article
    sents = sentences(art)
    assert len(sents) > 5
    previous_end = 0
    for s in sents:
        assert art.text[s.begin:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert "\n" not in s.text  # line breaks end sentences
        assert s.begin >= previous_end  # in order, no overlap
        previous_end = s.end
    # Together they cover every character that is not white space.
    covered = "".join(s.text for s in sents)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", art.text)


def test_sentences_split_at_chinese_and_ascii_ends():
    text = "第一句。第二句！第三句？“第四句。”第五句; 第六句\n第七句"
    got = [s.text for s in sentences(article(text))]
    assert got == ["第一句。", "第二句！", "第三句？", "“第四句。”", "第五句;", "第六句", "第七句"]


def test_sentences_of_traditional_text_keep_traditional_characters():
    text = "北關社區的茶亭裡，居民圍坐在一起。說心裡話！"
    got = sentences(article(text))
    assert [s.text for s in got] == ["北關社區的茶亭裡，居民圍坐在一起。", "說心裡話！"]
    assert [(s.begin, s.end) for s in got] == [(0, 17), (17, 22)]


@pytest.mark.parametrize("code", [
    "from kg.segmenting import tokenizer; tokenizer()",
    "from kg.segmenting import tokenizer; list(tokenizer().tokenize('北关社区网格员'))",
])
def test_loading_the_tokenizer_prints_nothing_to_stdout(code, capfd):
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    out, err = capfd.readouterr()  # nothing leaks past the pipes either
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert proc.stdout == b""
    assert out == ""
    assert b"Traceback" not in proc.stderr
    assert b"prefix dict" not in proc.stderr  # jieba's start-up banner is silenced


@pytest.fixture(scope="session")
def stock_jieba():
    """jieba's own Tokenizer with the shipped dictionary: what `tokenizer()` must cut exactly like."""
    from importlib import resources

    import jieba

    tok = jieba.Tokenizer()
    with resources.as_file(resources.files("kg").joinpath("data/userdict.txt")) as path:
        tok.load_userdict(str(path))
    return tok


def test_tokens_are_the_words_of_stock_jieba(article_name, extraction, stock_jieba):
    for text in (extraction(article_name).article.view, extraction(article_name).article.text):
        assert tokenizer().lcut(text, HMM=True) == stock_jieba.lcut(text, HMM=True)
    assert [t.word for t in tokenize(extraction(article_name).article)] == stock_jieba.lcut(
        extraction(article_name).article.view, HMM=True)


def test_tokenizer_after_a_change_of_the_dictionary_cuts_as_stock_jieba(stock_jieba):
    """Route costs are remembered per dictionary state: a word added, or its frequency changed, forgets them."""
    import jieba

    texts = ["", "社区", "北关社区网格员在天桥区北坦街道工作。", "abc 123 北京", "乒乓球拍卖完了", "结婚的和尚未结婚的"]
    mine, stock = type(tokenizer())(), jieba.Tokenizer()
    for tok in (mine, stock):
        tok.FREQ, tok.total, tok.initialized = dict(stock_jieba.FREQ), stock_jieba.total, True
    before = [stock.lcut(t) for t in texts]
    assert [mine.lcut(t) for t in texts] == before
    for tok in (mine, stock):
        tok.add_word("拍卖", 1)  # words whose costs were remembered, made rare
        tok.add_word("尚未", 1)
        tok.add_word("网格员在", 100000)
    after = [stock.lcut(t) for t in texts]
    assert after != before
    assert [mine.lcut(t) for t in texts] == after


# Random text from the reference article's characters and words, with Latin letters, digits and marks.
EXAMPLE = example_path().read_text(encoding="utf-8")
RANDOM_TEXT = st.lists(st.sampled_from(sorted(set(re.findall(r"[\u4e00-\u9fff]{2,4}", EXAMPLE))))
                       | st.text(alphabet=sorted(set(EXAMPLE)) + list("abcXYZ019 .%+#&-"), max_size=6),
                       max_size=60).map("".join)


@given(RANDOM_TEXT)
def test_tokenizer_cuts_random_text_as_stock_jieba(stock_jieba, text):
    assert tokenizer().lcut(text, HMM=True) == stock_jieba.lcut(text, HMM=True)
    assert tokenizer().lcut(text, HMM=False) == stock_jieba.lcut(text, HMM=False)
    assert tokenizer().lcut(text, cut_all=True) == stock_jieba.lcut(text, cut_all=True)


@pytest.mark.parametrize("freq, text", [
    ({"甲": 1, "甲甲": 1000}, "甲甲甲"),  # 甲甲|甲 and 甲|甲甲 cost the same: the later end wins
    ({"丁": 0, "丁乙": 1, "乙": 1000}, "丁乙"),  # 丁 starts a word but is none
    ({"甲": 1000, "甲丁": 1}, "甲丁甲丁"),  # no word starts at 丁: alone, it costs as a word seen once
    ({"甲": 1, "甲甲": 1000, "乙": 10, "丁": 0, "丁乙": 1}, "乙甲甲甲丙丁乙甲甲甲甲戊"),  # 丙, 戊: in no word
])
def test_route_is_jiebas_on_small_dictionaries(freq, text):
    import jieba

    mine, stock = type(tokenizer())(), jieba.Tokenizer()
    for tok in (mine, stock):
        tok.FREQ, tok.total, tok.initialized = dict(freq), sum(freq.values()), True
    assert mine.lcut(text, HMM=True) == stock.lcut(text, HMM=True)


def _unknown_words_tokenizers():
    """Mine and stock jieba with a dictionary of one word: every other run of characters goes to the HMM."""
    import jieba

    mine, stock = type(tokenizer())(), jieba.Tokenizer()
    for tok in (mine, stock):
        tok.FREQ, tok.total, tok.initialized = {"的": 10}, 10, True
    return mine, stock


COMMON = sorted({ch for ch in EXAMPLE if "\u4e00" <= ch <= "\u9fd5"})
HMM_TEXT = st.text(alphabet=st.sampled_from(COMMON) | st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5)
                   | st.sampled_from(list("的ab1.%, ")), max_size=30)


@given(HMM_TEXT)
@example("步赤鹏鄈惡悥盈则茳标")  # ties between the ways into M and into E, found by fuzzing
@example("蠙驆嶺嬿膊諱")
@example("牌课籈頔邦誇荣")
@example("絬櫃惩饥烯珖粆")
def test_unknown_words_are_cut_by_jiebas_hmm(text):
    """Runs of characters outside the dictionary, rare ones included (their probabilities tie at the floor)."""
    mine, stock = _unknown_words_tokenizers()
    assert mine.lcut(text) == stock.lcut(text)


def test_unknown_words_the_hmm_may_not_join_are_split(monkeypatch):
    from jieba import finalseg

    mine, stock = _unknown_words_tokenizers()
    text = "北关社区网格员王建国的工作"
    words = [w for w in stock.lcut(text) if len(w) > 1]
    assert words
    monkeypatch.setattr(finalseg, "Force_Split_Words", set(words))
    assert not any(len(w) > 1 for w in stock.lcut(text))
    assert mine.lcut(text) == stock.lcut(text)


def test_the_shipped_tag_table_is_jiebas_with_the_domain_dictionary_over_it():
    """scripts/make_jieba_tables.py wrote data/jieba_tags.gz from this jieba: every word has jieba's tag."""
    import jieba.posseg
    from importlib import resources

    from kg.segmenting import tag_table

    expected = dict(jieba.posseg.dt.word_tag_tab)
    for line in resources.files("kg").joinpath("data/userdict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            expected[parts[0]] = parts[2]
    table = tag_table()
    assert len(expected) > 300_000
    assert [w for w in expected if table.get(w) != expected[w]] == []
    assert table.get("不是一个词语的字符串") is None and "不是一个词语的字符串" not in table and "" not in table


def test_the_shipped_word_table_is_jiebas_prefix_dictionary(stock_jieba):
    """data/jieba_words.gz gives every word and prefix jieba's FREQ holds, with its frequency, and jieba's
    total; what jieba does not hold it does not either."""
    import jieba

    from kg.segmenting import Words, _words_text

    stock = jieba.Tokenizer()
    stock.check_initialized()
    table = Words(_words_text())
    assert len(stock.FREQ) > 450_000 and table.total == stock.total
    assert [w for w, f in stock.FREQ.items() if table.get(w) != f] == []
    assert [w for w in ("不是一个词语的字符串", "中华人民共和国万岁", "\t", "") if w in table] == []
    assert stock.FREQ["中华人民共"] == table["中华人民共"] == 0  # only the start of words
    assert table.get("中华人民共和国") == stock.FREQ["中华人民共和国"] > 0


def test_words_set_over_the_table_stay_when_the_memo_is_cleared(monkeypatch):
    from kg.segmenting import Words, _words_text

    table = Words(_words_text())
    monkeypatch.setattr(Words, "MEMO", 3)
    table["甲乙丙丁戊"] = 7
    for w in ("中国", "人民", "北京", "上海", "广州"):
        assert table.get(w) > 0
    assert len(table._known) <= 3 and table["甲乙丙丁戊"] == 7 and table.get("中国") > 0


def test_the_tokenizer_does_not_read_jiebas_dictionary(tmp_path):
    """The shipped table stands in for jieba's cache or dict.txt: no cache file is written or read."""
    import subprocess
    import sys

    code = ("import jieba; jieba.dt.tmp_dir = None; import tempfile, sys; tempfile.tempdir = sys.argv[1]; "
            "from kg.segmenting import tokenizer; print(tokenizer().lcut('北京市海淀区中关村街道'))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert "中关村" in out.stdout and list(tmp_path.iterdir()) == []


def test_a_build_never_loads_jieba_posseg():
    """It would read jieba's whole dictionary a second time, at every start (0.4 s)."""
    import subprocess
    import sys

    code = ("import sys; from kg.pipeline import extract_source; from kg.records import Source; "
            "extract_source(Source('a', '北京市海淀区中关村街道的李明书记说。'.encode())); "
            "print('jieba.posseg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
