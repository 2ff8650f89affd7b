"""Stage 4, segmenting: jieba tokens of the Simplified view, with offsets, and sentence spans.

A private `jieba.Tokenizer` with the shipped domain dictionary keeps global jieba state untouched;
its start-up banner goes to a logger that is silenced here, never to stdout.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache, partial
from importlib import resources
from itertools import accumulate
from math import log

from kg.records import Article, Span, Token

# jieba spends about 8 µs a character on Latin-script runs; a long run without Han characters (a
# scraped data URI, inline code) holds no name, so it becomes one token without asking jieba.
NO_HAN_RUN = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]{2000,}")
SENTENCE_END = re.compile(r"[。！？!?；;\n]+[”’」』\"']?")
# Every mention repeats its sentence as a literal, so a text without sentence ends (a scraped blob)
# must not become one sentence of megabytes: longer runs are cut at a pause, or hard at the limit.
MAX_SENTENCE = 1000
PAUSE = re.compile(r"[，,、：:\s]")


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = _tokenizer_class()()
    with resources.as_file(resources.files("kg").joinpath("data/userdict.txt")) as path:
        tok.load_userdict(str(path))
    return tok


def _tokenizer_class():
    """`jieba.Tokenizer`, with the accurate mode's block cutter made cheaper; its words are jieba's, exactly.

    For each block of Han text jieba builds the graph of dictionary words (`get_DAG`), then finds the best
    route through it from the end (`calc`), recomputing log(frequency) - log(total) for every word on the way,
    then walks the route, handing runs of single characters that are no word to the HMM. Here the route is
    found in one backward pass over the same words, each word's cost is computed once per dictionary state
    with the same expression (so the sums are the same floats), and ties go to the later end as with jieba's
    `max` over (cost, end). The HMM's Viterbi search is written out for its four states (`_hmm_cutter`).
    tests/test_segmenting.py checks the words against stock jieba.
    """
    import jieba
    from jieba import finalseg

    hmm_cut = _hmm_cutter(finalseg)

    class Tokenizer(jieba.Tokenizer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._costs: dict[str, float | None] = {}  # words' costs, None for what only starts words

        def initialize(self, dictionary=None):
            if dictionary is None and self.dictionary == jieba.DEFAULT_DICT:
                if not self.initialized:  # jieba's own dictionary, from the shipped table (`Words`)
                    self.FREQ = Words(_words_text())
                    self.total, self.initialized = self.FREQ.total, True
            else:
                super().initialize(dictionary)
            self._costs.clear()

        def add_word(self, *args, **kwargs):  # del_word, suggest_freq and load_userdict come here too
            super().add_word(*args, **kwargs)
            self._costs.clear()

        def _route(self, sentence: str) -> list[tuple[float, int]]:
            """jieba's `calc` over `get_DAG`: for each start, the best (cost, last index) of the words from it."""
            n, freq, costs, total = len(sentence), self.FREQ, self._costs, log(self.total)
            route: list = [None] * n + [(0, 0)]
            for start in range(n - 1, -1, -1):
                best, end, word = None, start, sentence[start]
                while True:
                    cost = costs.get(word, costs)  # the dictionary itself for "not looked up yet"
                    if cost is costs:
                        f = freq.get(word)
                        if f is None:  # neither a word nor the start of one
                            break
                        cost = costs[word] = log(f) - total if f else None  # None: only the start of words
                    if cost is not None:
                        value = cost + route[end + 1][0]
                        if best is None or value >= best[0]:
                            best = (value, end)
                    end += 1
                    if end >= n:
                        break
                    word = sentence[start:end + 1]
                # no word starts here: the character alone, costed as jieba costs a word seen once
                route[start] = best or (log(1) - total + route[start + 1][0], start)
            return route

        def _cut_block(self, sentence: str):
            route, n, x, buf = self._route(sentence), len(sentence), 0, ""
            while x < n:
                y = route[x][1] + 1
                if y - x == 1:
                    buf += sentence[x]
                else:
                    if buf:
                        yield from self._single_characters(buf)
                        buf = ""
                    yield sentence[x:y]
                x = y
            if buf:
                yield from self._single_characters(buf)

        def _single_characters(self, buf: str):
            if len(buf) == 1:
                yield buf
            elif not self.FREQ.get(buf):
                yield from hmm_cut(buf)  # unknown words: the HMM
            else:
                yield from buf

        # what jieba's `cut(HMM=True)` calls for each block (the private `Tokenizer.__cut_DAG`)
        _Tokenizer__cut_DAG = _cut_block

    return Tokenizer


def _hmm_cutter(finalseg):
    """`jieba.finalseg.cut`, with its Viterbi search over the states B(egin), M(iddle), E(nd), S(ingle) written
    out: the same sums in the same order, and ties broken as its `max` over (probability, state) breaks them."""
    low = finalseg.MIN_FLOAT
    start, trans = finalseg.start_P, finalseg.trans_P
    e_b, e_m, e_e, e_s = (finalseg.emit_P[y] for y in "BMES")
    # into each state from the two that can precede it, in finalseg.PrevStatus order
    eb, sb = trans["E"].get("B", low), trans["S"].get("B", low)
    mm, bm = trans["M"].get("M", low), trans["B"].get("M", low)
    ss, es = trans["S"].get("S", low), trans["E"].get("S", low)
    be, me = trans["B"].get("E", low), trans["M"].get("E", low)

    def states(obs: str) -> list[str]:
        c = obs[0]
        vb, vm = start["B"] + e_b.get(c, low), start["M"] + e_m.get(c, low)
        ve, vs = start["E"] + e_e.get(c, low), start["S"] + e_s.get(c, low)
        back = []
        for c in obs[1:]:
            em = e_b.get(c, low)
            x, y = ve + eb + em, vs + sb + em
            nb, pb = (x, "E") if x > y else (y, "S")  # on a tie the greater state name wins
            em = e_m.get(c, low)
            x, y = vm + mm + em, vb + bm + em
            nm, pm = (x, "M") if x >= y else (y, "B")
            em = e_s.get(c, low)
            x, y = vs + ss + em, ve + es + em
            ns, ps = (x, "S") if x >= y else (y, "E")
            em = e_e.get(c, low)
            x, y = vb + be + em, vm + me + em
            ne, pe = (x, "B") if x > y else (y, "M")
            vb, vm, vs, ve = nb, nm, ns, ne
            back.append({"B": pb, "M": pm, "S": ps, "E": pe})
        state = "E" if ve > vs else "S"
        out = [state]
        for step in reversed(back):
            state = step[state]
            out.append(state)
        out.reverse()
        return out

    def words(block: str):
        begin = after = 0
        for i, pos in enumerate(states(block)):
            if pos == "B":
                begin = i
            elif pos == "E":
                yield block[begin:i + 1]
                after = i + 1
            elif pos == "S":
                yield block[i]
                after = i + 1
        if after < len(block):
            yield block[after:]

    def cut(sentence: str):
        for block in finalseg.re_han.split(sentence):
            if finalseg.re_han.match(block):
                for word in words(block):
                    if word in finalseg.Force_Split_Words:
                        yield from word
                    else:
                        yield word
            else:
                yield from filter(None, finalseg.re_skip.split(block))

    return cut


_token = partial(tuple.__new__, Token)  # `Token._make` without its Python frame: there is one per word


def tokenize(article: Article) -> tuple[Token, ...]:
    """Tokens of `article.view`; they tile the text exactly, which is checked."""
    view, tok, words, at = article.view, tokenizer(), [], 0
    for run in [*NO_HAN_RUN.finditer(view), None]:
        end = run.start() if run else len(view)
        words += tok.cut(view[at:end], HMM=True)
        if run:
            words.append(run.group(0))
            at = run.end()
    ends = list(accumulate(map(len, words), initial=0))
    tokens = list(map(_token, zip(words, ends, ends[1:])))
    # Offsets are running sums of the word lengths, so the words tile the view iff they spell it.
    if "".join(words) != view:
        pos = 0
        for t in tokens:
            if view[t.begin:t.end] != t.word:
                break
            pos = t.end
        else:
            raise AssertionError(f"{article.name}: jieba tokens stop at {pos} of {len(view)}")
        raise AssertionError(f"{article.name}: jieba tokens do not tile the text at offset {pos}")
    return tuple(tokens)


def sentences(article: Article) -> tuple[Span, ...]:
    """Sentence spans of the original text, split at Chinese and ASCII sentence ends and line breaks."""
    out, start, text = [], 0, article.text
    for end in _ends(article.view):
        seg = text[start:end].strip()
        if seg:
            b = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            out.append(Span(b, b + len(seg), seg))
        start = end
    if text[start:].strip():
        seg = text[start:].strip()
        b = start + (len(text[start:]) - len(text[start:].lstrip()))
        out.append(Span(b, b + len(seg), seg))
    return tuple(out)


def _ends(view: str):
    """Sentence ends: after each run of sentence-ending marks, and within runs over MAX_SENTENCE."""
    start = 0
    for end in [m.end() for m in SENTENCE_END.finditer(view)] + [len(view)]:
        while end - start > MAX_SENTENCE:
            pauses = [m.end() for m in PAUSE.finditer(view, start + MAX_SENTENCE // 2, start + MAX_SENTENCE)]
            start = pauses[-1] if pauses else start + MAX_SENTENCE
            yield start
        if end < len(view):
            yield end
        start = end


class _Table:
    """A table of scripts/make_jieba_tables.py, from `start` on: "word<TAB>value" lines sorted by word, cut
    into a bucket per first character by offsets in its first line; a read-only mapping word -> value, with
    `own` entries over the table's.

    The table stays one string: a word is found in its bucket and remembered, which costs an article far
    less than making 350,000 entries at every start. What was looked up is remembered up to `MEMO` words (a
    long text without dictionary words would otherwise grow the memo without end); `own` entries stay."""

    MEMO = 1 << 20

    def __init__(self, text: str, own: dict, start: int = 0):
        at = text.index("\n", start)
        starts = [(item[0], at + int(item[2:])) for item in text[start:at].split("\x1f")]
        ends = [b for _, b in starts[1:]] + [len(text) - 1]
        self._text = text  # the lines, each after its "\n"; the last "\n" ends the table
        self._buckets = {first: (b, e) for (first, b), e in zip(starts, ends)}
        self._own = dict(own)
        self._known = dict(own)

    def get(self, word: str, default=None):
        value = self._known.get(word, self)
        if value is self:
            if len(self._known) >= self.MEMO:
                self._known = dict(self._own)
            value = self._known[word] = self._find(word)
        return default if value is None else value

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str):
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def _line(self, word: str) -> tuple[int, int] | None:
        """Where the value of the first line that starts with `word` begins (-1: that line holds a longer
        word), and where the line ends; None when no line starts with it."""
        bucket = self._buckets.get(word[:1])
        if bucket is None:
            return None
        at = self._text.find(f"\n{word}", *bucket)
        if at < 0:
            return None
        after = at + 1 + len(word)
        end = self._text.index("\n", after)
        # "\t" sorts before every character of a word, so a line of the word itself comes before longer ones
        return (after + 1 if self._text[after] == "\t" else -1), end

    def _find(self, word: str):
        raise NotImplementedError


class Tags(_Table):
    """jieba's part-of-speech tags of its dictionary words (`data/jieba_tags.gz`) with the domain
    dictionary's over them. (Importing `jieba.posseg` would read jieba's dictionary a second time.)"""

    def _find(self, word: str) -> str | None:
        line = self._line(word)
        return self._text[line[0]:line[1]] if line and line[0] >= 0 else None


class Words(_Table):
    """jieba's `Tokenizer.FREQ` over `data/jieba_words.gz` (whose first line is jieba's total): a word's
    frequency, 0 for what only begins words, no entry for the rest, and the words `add_word` sets over them.
    jieba builds this dict of 498,000 words and prefixes at every start (about 1 s from its cache); a
    one-article build looks up a few thousand."""

    def __init__(self, text: str):
        at = text.index("\n")
        super().__init__(text, {}, at + 1)
        self.total = int(text[:at])

    def __setitem__(self, word: str, freq: int) -> None:
        self._own[word] = self._known[word] = freq

    def _find(self, word: str) -> int | None:
        line = self._line(word)
        if line is None:
            return None
        return int(self._text[line[0]:line[1]]) if line[0] >= 0 else 0


@lru_cache(maxsize=1)
def _words_text() -> str:
    return _table_text("jieba_words.gz")


def _table_text(name: str) -> str:
    """A table of scripts/make_jieba_tables.py, shipped in `data/`."""
    import gzip

    return gzip.decompress(resources.files("kg").joinpath(f"data/{name}").read_bytes()).decode("utf-8")


@lru_cache(maxsize=1)
def tag_table() -> Tags:
    """Part-of-speech tags of dictionary words, jieba's and the domain dictionary's (which win)."""
    text = _table_text("jieba_tags.gz")
    own = {}
    for line in resources.files("kg").joinpath("data/userdict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            own[parts[0]] = parts[2]
    return Tags(text, own)
