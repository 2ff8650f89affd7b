"""README's provenance query: run exactly as README gives it, it prints what README shows and finds the right
article and sentences. README's Python API example runs as written."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from kg.cli import main
from kg.querying import load, run
from kg.rdf import article_iri

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMAND = "$ kg query output/tianqiao-2020-06-30.trig -f where-from.rq\n"


def readme_query() -> str:
    [query] = re.findall(r"```sparql\n(.+?)```", README, re.S)
    return query


def readme_output() -> str:
    after = README[README.index(COMMAND) + len(COMMAND):]
    return after[: after.index("```")]


def test_readme_query_prints_what_readme_shows(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "where-from.rq").write_text(readme_query(), encoding="utf-8")
    assert main(["build", "--format", "trig"]) == 0
    capsys.readouterr()
    assert main(["query", "output/tianqiao-2020-06-30.trig", "-f", "where-from.rq"]) == 0
    assert capsys.readouterr().out == readme_output()


def test_readme_query_finds_the_article_and_its_sentences(tmp_path, reference, reference_path):
    out = tmp_path / "ref.trig"
    assert main(["build", str(reference_path), "-o", str(out)]) == 0
    answer = run(load([str(out)]), readme_query())
    rows = [SimpleNamespace(**dict(zip(answer.vars, row))) for row in answer.rows]
    assert rows
    text = reference.article.text
    assert {row.article for row in rows} == {article_iri(reference)}
    assert {str(row.role) for row in rows} == {"subject", "object"}
    for row in rows:
        begin = int(row.begin)
        assert text[begin:begin + len(row.anchor)] == str(row.anchor)
        assert str(row.anchor) in str(row.sentence) and str(row.sentence) in text
    # the supporting sentence names both ends of the relation
    by_sentence = {}
    for row in rows:
        by_sentence.setdefault(str(row.sentence), set()).add(str(row.role))
    assert {"subject", "object"} in by_sentence.values()
    assert any("北坦街道北關社區" in sentence for sentence in by_sentence)


def test_readme_query_finds_nothing_for_a_triple_that_is_not_there(tmp_path, reference_path):
    out = tmp_path / "ref.trig"
    assert main(["build", str(reference_path), "-o", str(out)]) == 0
    reversed_query = readme_query().replace("?s kg:partOf ?o", "?o kg:partOf ?s")
    assert reversed_query != readme_query()
    assert run(load([str(out)]), reversed_query).rows == []


def test_readme_python_example_runs(monkeypatch, capsys, shared):
    api = README.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]  # other sections have examples too
    [code] = re.findall(r"```python\n(.+?)```", api, re.S)
    monkeypatch.chdir(ROOT)  # the example reads ../shared/corpus like the README's commands
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert "WorkStudio 李明工作室 [(18, 23)]" in printed
    assert printed[-2:] == ["Community", "[('partOf', '中关村街道')]"]
