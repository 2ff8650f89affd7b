"""Corpus builds: inputs (directories, globs, JSON Lines), worker processes, one IRI per thing across articles."""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.corpus import FileSink, build
from kg.options import BuildOptions
from kg.workers import run as run_workers
from kg.errors import KgError
from kg.namespace import KG
from kg.reading import count_articles, expand, iter_sources
from kg.records import Built, Source

KG_CMD = [sys.executable, "-m", "kg"]


def kg(*args, cwd=None):
    return subprocess.run(KG_CMD + [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600)


def read(path: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig" if path.suffix == ".trig" else "nquads")
    return ds


def quads(ds: Dataset) -> set:
    return {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads((None, None, None, None))}


@pytest.fixture
def corpus(tmp_path, shared):
    """Three dev articles, one in a subdirectory, and a binary file that fails."""
    root = tmp_path / "news"
    (root / "2021" / "06").mkdir(parents=True)
    for name in ("dev-01-xihu-jinshagang.txt", "dev-03-nanshan-yuehai.html"):
        shutil.copy(shared / "corpus" / name, root / name)
    shutil.copy(shared / "corpus" / "dev-06-jiangan-jiangma.txt", root / "2021" / "06" / "jiangma.txt")
    (root / "2021" / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    (root / "notes.md").write_text("not an article")
    (root / ".cache").mkdir()
    (root / ".cache" / "old.txt").write_text("北京市海淀区")  # hidden: never read
    return root


# ----------------------------------------------------------------------------- inputs


def test_directories_are_walked_recursively_in_sorted_order(corpus):
    files = expand([str(corpus)])
    assert [Path(f).relative_to(corpus).as_posix() for f in files] == [
        "2021/06/jiangma.txt", "2021/broken.txt", "dev-01-xihu-jinshagang.txt", "dev-03-nanshan-yuehai.html"]


def test_globs_match_across_directories(corpus):
    files = expand([str(corpus / "**" / "*.txt")])
    assert sorted(Path(f).name for f in files) == ["broken.txt", "dev-01-xihu-jinshagang.txt", "jiangma.txt"]
    with pytest.raises(KgError, match="matches no"):
        expand([str(corpus / "*.nothing*")])


def test_a_missing_path_is_a_usage_error_before_anything_is_read(corpus):
    with pytest.raises(KgError) as info:
        expand([str(corpus), str(corpus / "typo")])
    assert "typo" in str(info.value) and info.value.exit_code == 2


def jsonl(path: Path, records: list, compress: bool = False) -> Path:
    lines = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)
    if compress:
        path.write_bytes(gzip.compress(lines.encode("utf-8")))
    else:
        path.write_text(lines, encoding="utf-8")
    return path


def test_json_lines_records_become_articles_with_their_url_title_and_date(tmp_path, shared):
    body = (shared / "corpus" / "dev-06-jiangan-jiangma.txt").read_text(encoding="utf-8")
    page = (shared / "corpus" / "dev-03-nanshan-yuehai.html").read_bytes().decode("gb18030")  # says charset=gbk
    path = jsonl(tmp_path / "crawl.jsonl", [
        {"text": "今年以来，北京市海淀区中关村街道东升社区设立“李明工作室”。", "title": "东升社区设立李明工作室",
         "url": "https://news.example.cn/a/1.html", "date": "2021-03-05T08:00:00+08:00"},
        "",
        {"content": body},
        {"html": page, "url": "not a url"},
        "{not json",
        {"title": "no body"},
    ])
    assert count_articles([str(path)]) == 5  # the blank line is no article
    sources = list(iter_sources([str(path)]))
    assert [s.name for s in sources] == [f"{path}:{n}" for n in (1, 3, 4, 5, 6)]
    assert [s.reason for s in sources if s.error] == ["bad record", "bad record"]

    ds = read_built(sources[:3])
    article = next(ds.subjects(DCTERMS.source, URIRef("https://news.example.cn/a/1.html")))
    assert str(ds.value(article, DCTERMS.title)) == "东升社区设立李明工作室"  # the crawler's headline, now a line
    assert str(ds.value(article, DCTERMS.issued)) == "2021-03-05"
    assert str(ds.value(article, KG.sourceFile)) == f"{path}:1"
    text = str(ds.value(article, URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString")))
    assert text.startswith("东升社区设立李明工作室\n今年以来")
    assert len(set(ds.subjects(RDF.type, KG.Article))) == 3
    assert {str(o) for o in ds.objects(None, KG.sourceEncoding)} == {"utf-8"}
    assert "粤海街道" in {str(o) for o in ds.objects(None, RDFS.label)}  # the GBK page's text, not mojibake
    assert not list(ds.triples((None, DCTERMS.source, Literal("not a url"))))


def read_built(sources) -> Dataset:
    ds = Dataset(default_union=True)
    for result, _ in run_workers(sources, BuildOptions()):
        assert isinstance(result, Built), result
        ds.parse(data=(result.quads + result.own + result.register).decode(), format="nquads")
    return ds


def test_gzipped_json_lines_are_read(tmp_path):
    path = jsonl(tmp_path / "crawl.jsonl.gz", [{"text": "北京市海淀区中关村街道东升社区。"}], compress=True)
    [source] = iter_sources([str(path)])
    assert source.data.decode("utf-8-sig") == "北京市海淀区中关村街道东升社区。" and source.error is None


def test_a_truncated_gzip_is_reported_not_fatal(tmp_path):
    data = gzip.compress(("\n".join(json.dumps({"text": f"第{i}篇。北京市海淀区。"}) for i in range(2000))).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    sources = list(iter_sources([str(path)]))
    assert sources[-1].reason == "unreadable" and "complete" in sources[-1].error
    assert all(s.error is None for s in sources[:-1]) and len(sources) > 1


# ----------------------------------------------------------------------------- the CLI over a corpus


def test_cli_builds_a_directory_glob_and_jsonl_and_reports_the_failure(corpus, tmp_path):
    crawl = jsonl(tmp_path / "crawl.jsonl", [{"text": "北京市海淀区中关村街道东升社区设立“李明工作室”。"}, "[]"])
    out = tmp_path / "all.trig"
    done = kg("build", corpus, str(tmp_path / "*.jsonl"), "-o", out, "--jobs", "1")
    assert done.returncode == 1, done.stderr
    assert "broken.txt: looks like a binary file" in done.stderr
    assert f"{crawl}:2: not a JSON object but a list" in done.stderr
    assert "kg: 2 of 6 inputs failed (1 bad record, 1 binary)" in done.stderr
    assert "Traceback" not in done.stderr
    ds = read(out)
    names = {str(o) for o in ds.objects(None, KG.sourceFile)}
    assert names == {str(corpus / "2021" / "06" / "jiangma.txt"), f"{crawl}:1",
                     str(corpus / "dev-01-xihu-jinshagang.txt"), str(corpus / "dev-03-nanshan-yuehai.html")}


def test_two_jobs_write_the_same_bytes_as_one(corpus, tmp_path):
    one, two = tmp_path / "one.nq", tmp_path / "two.nq"
    assert kg("build", corpus, "-o", one, "--jobs", "1").returncode == 1
    assert kg("build", corpus, "-o", two, "--jobs", "2").returncode == 1
    assert one.read_bytes() == two.read_bytes()
    assert len(read(one)) > 1000


def test_a_worker_that_dies_costs_only_its_article(tmp_path, shared, monkeypatch):
    """The kernel's OOM killer, played by os._exit inside the pipeline for one input."""
    import kg.pipeline as pipeline

    real = pipeline.extract_source

    def dies_on_poison(source):
        if source.name == "poison":
            import os

            os._exit(9)
        return real(source)

    monkeypatch.setattr(pipeline, "extract_source", dies_on_poison)
    good = (shared / "corpus" / "dev-01-xihu-jinshagang.txt").read_bytes()
    sources = [Source("a", good), Source("poison", good + b"x"), Source("b", good + b"y"), Source("c", good + b"z")]
    results = [r for r, _ in run_workers(sources, BuildOptions(jobs=2, timeout=None))]
    assert [r.name if isinstance(r, Built) else r.reason for r in results] == ["a", "worker died", "b", "c"]


def test_workers_take_small_articles_a_few_at_a_time_and_a_large_one_alone():
    from kg.workers import BATCH_ARTICLES, BATCH_BYTES, batches

    small = [Source(f"s{i}", b"x" * 100) for i in range(BATCH_ARTICLES + 3)]
    large = Source("large", b"x" * BATCH_BYTES)
    made = list(batches(iter(small[:2] + [large] + small[2:])))
    assert [s.name for b in made for s in b] == [s.name for s in small[:2] + [large] + small[2:]]  # in order
    assert [len(b) for b in made] == [2, 1, BATCH_ARTICLES, 1]
    assert all(sum(len(s.data) for s in b) <= BATCH_BYTES for b in made)


# ----------------------------------------------------------------------------- one graph across articles


def test_the_same_place_studio_and_person_get_one_iri_across_articles(tmp_path):
    a = "杭州市西湖区西湖街道金沙港社区成立“红色物业工作室”，社区书记王秀兰介绍了经验。"
    b = "西湖区西湖街道金沙港社区的“红色物业工作室”今年服务居民300人次。社区书记王秀兰说，工作室还将扩大。"
    report = build([Source("a.txt", a.encode()), Source("b.txt", b.encode())],
                   FileSink(tmp_path / "x.trig", "trig", BuildOptions().base), BuildOptions(timeout=None))
    assert not report.failures
    ds = read(tmp_path / "x.trig")
    for cls, name in ((KG.Community, "金沙港社区"), (KG.WorkStudio, "红色物业工作室"), (KG.Person, "王秀兰")):
        nodes = {s for s in ds.subjects(RDFS.label, Literal(name, lang="zh-Hans")) if (s, RDF.type, cls) in ds}
        assert len(nodes) == 1, (name, nodes)
        articles = {ctx for _, _, _, ctx in ds.quads((None, URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef"),
                                                       nodes.pop(), None))}
        assert len(articles) == 2, name  # mentioned in both articles' graphs


def test_things_that_only_share_a_name_stay_apart(tmp_path):
    # two 北关社区 in different cities, each with a studio of the same name
    a = "河南省安阳市文峰区北关街道北关社区设立“暖心工作室”。"
    b = "河北省邯郸市复兴区石化街道北关社区设立“暖心工作室”。"
    build([Source("a.txt", a.encode()), Source("b.txt", b.encode())],
          FileSink(tmp_path / "x.trig", "trig", BuildOptions().base), BuildOptions(timeout=None))
    ds = read(tmp_path / "x.trig")
    for cls, name in ((KG.Community, "北关社区"), (KG.WorkStudio, "暖心工作室")):
        nodes = {s for s in ds.subjects(RDFS.label, Literal(name, lang="zh-Hans")) if (s, RDF.type, cls) in ds}
        assert len(nodes) == 2, (name, nodes)


def test_the_corpus_graph_equals_the_articles_built_one_by_one(corpus, tmp_path):
    together = tmp_path / "together.trig"
    kg("build", corpus, "-o", together, "--jobs", "2")
    merged = Dataset(default_union=True)
    for f in expand([str(corpus)]):
        if "broken" not in f:
            one = tmp_path / (Path(f).name + ".trig")
            assert kg("build", f, "-o", one).returncode == 0
            merged.parse(one, format="trig")
    assert quads(read(together)) == quads(merged)


def test_a_progress_bar_shows_on_a_terminal_only(corpus, tmp_path):
    import fcntl
    import os
    import pty
    import struct
    import termios

    def stderr_of(*extra, tty: bool) -> str:
        master, slave = pty.openpty() if tty else os.pipe()
        if tty:  # a terminal 120 columns wide, as a real one has a size
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        proc = subprocess.Popen(KG_CMD + ["build", str(corpus), "-o", str(tmp_path / "x.nq"), "--jobs", "1", *extra],
                                stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the pty closes with EIO when the child exits
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=600)
        os.close(master)
        return b"".join(chunks).decode("utf-8", "replace")

    shown = stderr_of(tty=True)
    assert "4/4" in shown and "article/s" in shown  # tqdm: articles done of all, and the rate
    assert "broken.txt: looks like a binary file" in shown  # errors still print, above the bar
    quiet = stderr_of("--quiet", tty=True)
    assert "article/s" not in quiet and "broken.txt" in quiet and "kg: 1 of 4 inputs failed" in quiet
    piped = stderr_of(tty=False)
    assert "article/s" not in piped and "dev-01-xihu-jinshagang.txt: " in piped  # a log, line by line


def test_a_file_deleted_after_the_inputs_were_expanded_fails_alone(corpus, tmp_path, monkeypatch, capsys):
    """The inputs are expanded once: a file that goes meanwhile (in the first seconds of a long run) is one
    failure, not the end of the run."""
    import kg.reading
    from kg.cli import main

    real = kg.reading.expand
    gone = corpus / "dev-01-xihu-jinshagang.txt"

    def expand_then_delete(inputs):
        files = real(inputs)
        if gone.exists():
            gone.unlink()  # after the listing, before the reading
        return files

    monkeypatch.setattr(kg.reading, "expand", expand_then_delete)
    out = tmp_path / "x.nq"
    assert main(["build", str(corpus), "-o", str(out), "--jobs", "1", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{gone}: cannot read: No such file or directory" in err
    assert "kg: 2 of 4 inputs failed (1 binary, 1 unreadable)" in err and out.stat().st_size > 10_000


def test_on_a_terminal_the_bar_ends_with_the_summary(corpus, tmp_path):
    """A few articles get their own lines after the bar; a corpus gets its totals."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    def on_a_terminal(*args) -> str:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        proc = subprocess.Popen(KG_CMD + ["build", *map(str, args), "--jobs", "1"], stdout=subprocess.DEVNULL,
                                stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=600)
        os.close(master)
        return b"".join(chunks).decode("utf-8", "replace")

    few = on_a_terminal(corpus, "-o", tmp_path / "few.nq")
    assert "article/s" in few  # the bar
    assert f"{corpus / 'dev-01-xihu-jinshagang.txt'}: 14 entities (" in few and "triples; official codes: " in few
    many = tmp_path / "many"
    many.mkdir()
    text = "北京市海淀区中关村街道东升社区设立“李明工作室”，全社区共有党员120名。"
    for n in range(12):
        (many / f"{n:02}.txt").write_text(f"{text}\n第{n}期。", encoding="utf-8")
    total = on_a_terminal(many, "-o", tmp_path / "many.nq")
    assert "article/s" in total and "00.txt: 5 entities" not in total
    assert "kg: 12 articles: 60 entities (Community 12, District 12, Province 12, SubdistrictOffice 12, " \
           "WorkStudio 12), 72 relations, 12 statistics, " in total
