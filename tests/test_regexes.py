"""No catastrophic regexes: every pattern in src/kg meets long adversarial strings and finishes.

The patterns are collected, not listed: compiled patterns in module globals (also inside lists and
tuples), the patterns the lexicon builds from data/lexicon.json, and every literal pattern passed to a
`re` function in the source. Each runs over strings of 100,000 repeated characters (CJK, quotes,
digits, markup openers that never close) under the per-article time limit of kg.pipeline, so a
pattern that backtracks badly fails with the timeout rather than by a timing assertion: linear
patterns finish in milliseconds, quadratic ones would need minutes.
"""
from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import kg
from kg.errors import InputError
from kg.lexicon import lexicon
from kg.pipeline import time_limit

SRC = Path(kg.__file__).parent
N = 100_000
LIMIT = 10  # seconds for one pattern over all the strings; linear patterns need well under one
UNITS = ["a", "1", "1.", "1,", "١", " ", "\n", "\t ", "社", "区", "社区", "的", "北京市海淀", "编辑：", "“", "”", "“党建",
         "「", "\"", "'", "（", "(ā", "<", "<a ", "<a", "</", "<!--", "<![CDATA[", "<script", "<style>", "<!x", "&", "&#",
         "&amp", "：", "、", "\u200b", "工作室", "书记", "年", "2020年6月", "街道社区村镇", "个", "万", "%", "甲乙、", "一二"]


def _modules():
    for info in pkgutil.iter_modules([str(SRC)]):
        if info.name == "__main__":  # runs the CLI on import
            continue
        yield importlib.import_module(f"kg.{info.name}")


def _from_globals():
    def walk(value, where):
        if isinstance(value, re.Pattern):
            yield where, value
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                yield from walk(v, f"{where}[{i}]")
    for mod in _modules():
        for name, value in vars(mod).items():
            yield from walk(value, f"{mod.__name__}.{name}")
    lex = lexicon()
    for f in dataclasses.fields(lex):
        yield from walk(getattr(lex, f.name), f"lexicon().{f.name}")


FLAGS_THIRD = ("search", "match", "fullmatch", "finditer", "findall", "split")


def _literal_calls():
    """re.finditer(r"...", ...) and the like, with a constant pattern, anywhere in the source."""
    for path in sorted(SRC.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in ("compile", "search", "match", "fullmatch", "finditer", "findall", "sub",
                                           "split", "subn") and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                at = 1 if node.func.attr == "compile" else 2 if node.func.attr in FLAGS_THIRD else None
                given = [kw.value for kw in node.keywords if kw.arg == "flags"]
                if at is not None and len(node.args) > at:
                    given.append(node.args[at])
                flags = eval(compile(ast.Expression(given[0]), "flags", "eval"), {"re": re}) if given else 0
                yield f"{path.name}:{node.lineno}", re.compile(node.args[0].value, flags)


PATTERNS = {}
for where, pattern in [*_from_globals(), *_literal_calls()]:
    PATTERNS.setdefault((pattern.pattern, pattern.flags), (where, pattern))


def test_patterns_were_found():
    """The collection really finds the rules: the big ones of every text stage are among them."""
    names = {where for where, _ in PATTERNS.values()}
    for expected in ("kg.cleaning.TAG", "kg.cleaning.SCRIPT_STYLE", "kg.segmenting.SENTENCE_END",
                     "kg.extracting.QUOTE", "lexicon().launch_re", "kg.reading.META_CHARSET"):
        assert expected in names, sorted(names)
    assert any(w.startswith("extracting.py:") for w in names)
    assert len(PATTERNS) > 30


ADVERSARIAL = [u * (N // len(u)) for u in UNITS] + [
    "北京市海淀区" + "学院路" * (N // 3) + "社区",
    "“" + "党" * N,
    "<!--" + "x" * N,
    "<script>" + "社区" * (N // 2),
    "1" * N + "个网格",
    "编辑：" + " " * N + "李",
    # a separator that is also a name's character: exponential where both readings are tried
    "和" * 60 + "x三个社区",
    "和" * 60 + "x分别达到5%",
    "甲和" * 40 + "三个社区",
]

ADVERSARIAL_BYTES = [t.encode("utf-8") for t in ADVERSARIAL] + [b"<meta" * N, b"<meta " + b"a" * N]


@pytest.mark.parametrize("key", sorted(PATTERNS, key=lambda k: PATTERNS[k][0]),
                         ids=[PATTERNS[k][0] for k in sorted(PATTERNS, key=lambda k: PATTERNS[k][0])])
def test_pattern_is_linear_on_adversarial_strings(key):
    where, pattern = PATTERNS[key]
    texts = ADVERSARIAL if isinstance(pattern.pattern, str) else ADVERSARIAL_BYTES
    try:
        with time_limit(LIMIT, where):
            for text in texts:
                for _ in pattern.finditer(text):
                    pass
                pattern.fullmatch(text)
    except InputError as err:
        pytest.fail(f"{where} /{pattern.pattern[:80]}/ backtracks badly: {err}")
