"""The `kg` command: thin wrappers over the library. Exit codes: 0 success, 1 some inputs failed
(output was written for the rest) or a graph does not conform to the shapes, 2 usage error, a file
that cannot be loaded, or nothing usable."""
from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
from pathlib import Path

from kg import __version__
from kg.errors import KgError, visible

OUTPUT_DIR = Path("output")
MIN_SECONDS = 0.001  # the shortest time limit a command takes
MAX_QUERY = 10_000_000  # bytes of a query file


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # without the parser's imports
        print(f"kg {__version__}")
        return 0
    parser = _parser(argv)
    if argv and not argv[0].startswith("-") and argv[0] not in parser.commands:
        import difflib

        close = difflib.get_close_matches(argv[0], parser.commands, n=1, cutoff=0.6)
        _stderr(f"kg: error: no command {argv[0]!r}{f'; did you mean {close[0]}?' if close else ''} (the commands: "
                f"{', '.join(parser.commands)}; kg COMMAND --help says more)")
        return 2
    args, extra = parser.parse_known_args(argv)
    # argparse takes a command's files only before its options: `kg query FILE --format csv studios` names
    # one more; anything else left over is an unknown option
    listed = next((dest for dest in ("graphs", "sources", "inputs") if isinstance(getattr(args, dest, None), list)),
                  None)
    if extra and listed and not any(e.startswith("-") and e != "-" for e in extra):
        getattr(args, listed).extend(extra)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, not at exit: a full disk under stdout is said below
        return code
    except KgError as err:
        first, *rest = str(err).split("\n") if err.lines else [str(err)]
        for line in [f"kg: error: {first}", *rest]:
            _stderr(line)
        return err.exit_code
    except KeyboardInterrupt:
        _stderr("kg: interrupted; no file was changed (a store keeps the articles it had finished)")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise
        # files are written by kg.atomic, which says which; what is left is standard output
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the unwritten rest goes nowhere
        print(f"kg: error: standard output: cannot write: {exc.strerror} (the disk or device it goes to is full)",
              file=sys.stderr)
        return 2


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of bytes")
    return int(text)


def _stderr(line: str) -> None:
    """A message on stderr; the names and words of inputs in it are shown, never obeyed (`visible`)."""
    print(visible(line), file=sys.stderr)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 for no limit)")
    if 0 < value < MIN_SECONDS:  # a timer that short fires before anything starts
        raise argparse.ArgumentTypeError(f"{text!r} is too short a time limit: give {MIN_SECONDS:g} s or more, "
                                         "or 0 for no limit")
    return value


FORMAT_NAMES = {"ttl": "turtle", "n3": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads",
                "n-quads": "nquads", "jsonld": "json-ld", "json": "json-ld"}  # what people call the formats


def _rdf_format(text: str) -> str:
    return FORMAT_NAMES.get(text.lower(), text.lower())


def _whole(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (0 for no limit)")
    return int(text)


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    from kg.namespace import ID
    from kg.options import FORMATS, MAX_BYTES, TIMEOUT

    command = next((a for a in argv if not a.startswith("-")), None) if argv is not None else None
    if command in (None, "serve", "push") or command not in ("build", "query", "validate", "render"):
        from kg.serving import HOST, PORT  # the server's module, imported only for the commands that show it
        from kg.serving import MAX_MEMORY as SERVE_MEMORY
        from kg.serving import TIMEOUT as SERVE_TIMEOUT
    else:
        HOST, PORT, SERVE_TIMEOUT, SERVE_MEMORY = None, None, 0, 0  # (not shown: another command runs)
    if command in (None, "query") or command not in ("build", "validate", "render", "serve", "push"):
        from kg.querying import MAX_MEMORY, MAX_ROWS
        from kg.querying import TIMEOUT as QUERY_TIMEOUT
    else:
        MAX_MEMORY, MAX_ROWS, QUERY_TIMEOUT = 0, 0, 0.0  # (not shown: another command runs)

    p = argparse.ArgumentParser(prog="kg", description="Chinese local-government news to a knowledge graph.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(metavar="COMMAND")

    b = sub.add_parser("build", help="build a graph from articles", description=(
        "Build a knowledge graph from articles: .txt, .htm and .html files, directories (walked recursively), "
        "globs ('news/**/*.html'), JSON Lines files (.jsonl, .jsonl.gz: one article per line, with text, html or "
        "content, and optional url, title and date), or - for stdin. With no INPUT, builds the built-in example, "
        "the reference article. A corpus goes best into a store (--store DIR): re-runs only build what changed."))
    b.add_argument("inputs", nargs="*", metavar="INPUT")
    out = b.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="FILE",
                     help="where to write (default: output/<stem>.ttl, or output/graph.ttl for several inputs)")
    out.add_argument("--store", metavar="DIR", help="build into the on-disk store DIR (created if new), one named "
                     "graph per article; unchanged articles are skipped, changed ones replaced")
    b.add_argument("--prune", action="store_true", help="with --store: remove the articles that are no longer "
                   "in the inputs")
    b.add_argument("--format", choices=list(FORMATS), type=_rdf_format,
                   help="RDF format (default: from the suffix of -o, else turtle); ttl, nq, jsonld and the other usual "
                   "names are taken too")
    b.add_argument("--base", metavar="IRI", help="mint IRIs under this namespace, an absolute http(s) IRI ending "
                   f"in / or # (default: {ID})")
    b.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                   help="worker processes (default: all cores); the output is the same for any N")
    b.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local worker processes, or a Dask cluster (pip install 'kg[dask]'; no --timeout there)")
    b.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: the scheduler, e.g. "
                   "tcp://10.0.0.5:8786 (default: a cluster on this machine)")
    b.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar and no per-article lines; errors and the summary still print")
    b.add_argument("--max-bytes", type=_count, default=MAX_BYTES, metavar="N",
                   help=f"skip inputs larger than N bytes (default: {MAX_BYTES}; 0: no limit)")
    b.add_argument("--timeout", type=_seconds, default=TIMEOUT, metavar="SECONDS",
                   help=f"give up on an article after SECONDS (default: {TIMEOUT:g}; 0: no limit); --engine "
                   "local only: Dask runs articles in worker threads, which no time limit can interrupt")
    b.set_defaults(func=cmd_build)

    q = sub.add_parser("query", help="run a SPARQL query over graph files", description=(
        "Run a read-only SPARQL query (-q TEXT, -f FILE.rq, or a bundled query by NAME: see --list) over "
        "graph files, merged; TriG and N-Quads keep their named graphs. Prefixes kg, nif, itsrdf, rdf, rdfs, "
        "skos, dcterms, xsd, schema and prov are declared. CONSTRUCT and DESCRIBE print Turtle; ASK prints "
        "true (exit 0) or false (exit 1). SERVICE, LOAD, updates and any network or file access are refused "
        "unless allowed below."))
    q.add_argument("graphs", nargs="*", metavar="GRAPH", help="graph files, then optionally a bundled query NAME")
    q.add_argument("--store", metavar="DIR", help="query the store DIR (made by kg build --store) instead of files; "
                   "its default graph is the union of all articles")
    src = q.add_mutually_exclusive_group()
    src.add_argument("-q", "--query", help="the query text")
    src.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    src.add_argument("--list", action="store_true", help="list the bundled queries")
    q.add_argument("--entity", metavar="NAME", help="bind ?entity to NAME, in either script (used by mentions)")
    q.add_argument("--format", choices=["table", "csv", "tsv", "json", "md"], default="table",
                   help="how to print SELECT results (default: table; json is the W3C SPARQL results format)")
    q.add_argument("--timeout", type=_seconds, default=QUERY_TIMEOUT, metavar="SECONDS",
                   help=f"stop a query after this long (default: {QUERY_TIMEOUT:g}; 0: no limit)")
    q.add_argument("--max-rows", type=_whole, default=MAX_ROWS, metavar="N",
                   help=f"print at most N rows or triples (default: {MAX_ROWS}; 0: no limit)")
    q.add_argument("--max-memory", type=_whole, default=MAX_MEMORY, metavar="MB",
                   help=f"stop a query that needs more memory than this (default: {MAX_MEMORY}; 0: no limit)")
    q.add_argument("--allow-update", action="store_true",
                   help="run INSERT/DELETE/… on an in-memory copy and print the result (files never change)")
    q.add_argument("--allow-remote", action="store_true",
                   help="let a query reach the network or files: SERVICE, LOAD, fetching FROM graphs")
    q.set_defaults(func=cmd_query)

    v = sub.add_parser("validate", help="check graph files against the SHACL shapes", description=(
        "Validate graph files (merged) against the SHACL shapes shipped in ontology/shapes.ttl. Prints a report "
        "naming each focus node, its label, the shape it breaks and why. Exit 0 when the graph conforms "
        "(warnings allowed), 1 when it does not, 2 when a file cannot be loaded."))
    v.add_argument("graphs", nargs="*", metavar="GRAPH")
    v.add_argument("--store", metavar="DIR", help="validate the store DIR (made by kg build --store) instead of files")
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("render", help="draw a graph: PNG, SVG, PDF, interactive HTML, GraphML or GEXF",
                       description="Draw the entities of graph files: the administrative tree from province down, "
                       "studios, initiatives and organisations below their unit, what is linked to no unit grouped "
                       "apart, colours by class and a legend. "
                       "FILE.html is an interactive, offline page; .graphml and .gexf are for Gephi, yEd, Cytoscape.")
    r.add_argument("graphs", nargs="*", metavar="GRAPH")
    r.add_argument("--store", metavar="DIR", help="draw the store DIR (made by kg build --store) instead of files")
    r.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="FILE.png, .svg, .pdf, .html, .graphml or .gexf")
    r.add_argument("--format", choices=["png", "svg", "pdf", "html", "graphml", "gexf"],
                   help="output format (default: from the suffix of -o)")
    r.add_argument("--title", help="title above the picture (default: the article's title; for several articles, "
                   "how many and where)")
    r.add_argument("--script", choices=["hans", "hant"], default="hans",
                   help="Simplified or Traditional for every label, the title and the legend (default: hans)")
    r.add_argument("--focus", metavar="ENTITY",
                   help="draw only around this entity (a label in either script, or an IRI)")
    r.add_argument("--depth", type=_whole, default=1, metavar="N", help="with --focus: relations to follow (default: 1)")
    r.add_argument("--types", metavar="CLASS,...",
                   help="draw only these classes, e.g. Community,WorkStudio (names as in the legend)")
    r.add_argument("--max-nodes", type=_whole, default=150, metavar="N",
                   help="refuse pictures of more entities than this (default: 150; HTML takes ten times as many; 0: "
                   "no limit)")
    r.set_defaults(func=cmd_render)

    s = sub.add_parser("serve", help="serve a store over the SPARQL 1.1 Protocol (Oxigraph)", description=(
        "Serve the store in DIR (made by kg build --store DIR) over the SPARQL 1.1 Protocol with the Oxigraph "
        "server, read-only unless --allow-update. Queries see the union of the store's graphs as their default "
        "graph. Ctrl-C stops it."))
    s.add_argument("--store", required=True, metavar="DIR")
    s.add_argument("--host", default=HOST, help=f"address to listen on (default: {HOST}, this machine only)")
    s.add_argument("--port", type=int, default=PORT, help=f"TCP port (default: {PORT})")
    s.add_argument("--allow-update", action="store_true",
                   help="accept SPARQL updates and Graph Store Protocol writes (they change the store)")
    s.add_argument("--timeout", type=_whole, default=SERVE_TIMEOUT, metavar="SECONDS",
                   help=f"stop a query after this long, in whole seconds (default: {SERVE_TIMEOUT}; 0: no limit)")
    s.add_argument("--max-memory", type=_whole, default=SERVE_MEMORY, metavar="MB",
                   help=f"the memory the server may hold (default: {SERVE_MEMORY}; 0: no limit); a query that needs "
                   "more stops the server, which kg restarts")
    s.add_argument("--allow-remote", action="store_true",
                   help="let SERVICE and LOAD connect to other endpoints (by default the server cannot connect anywhere)")
    s.set_defaults(func=cmd_serve)

    u = sub.add_parser("push", help="send graphs to a SPARQL Graph Store Protocol endpoint", description=(
        "Send graph files or stores to a SPARQL 1.1 Graph Store Protocol endpoint (Oxigraph, Fuseki, GraphDB, "
        "Virtuoso, QLever …), one named graph per request, as N-Triples. Each graph replaces the endpoint's "
        "graph of that name (HTTP PUT) unless --append. TriG, N-Quads and stores keep their named graphs; "
        "triples outside a named graph go to --graph IRI, else to the default graph. Exit 0 all sent, 1 some "
        "graphs failed, 2 nothing could be sent."))
    u.add_argument("sources", nargs="+", metavar="GRAPH_OR_STORE", help="graph files or store directories")
    u.add_argument("--endpoint", required=True, metavar="URL",
                   help="the Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph) or the "
                   "dataset's /data URL (Fuseki)")
    u.add_argument("--append", action="store_true", help="add to the endpoint's graphs (HTTP POST) instead of "
                   "replacing them")
    u.add_argument("--graph", metavar="IRI", help="where triples outside a named graph go (default: the "
                   "endpoint's default graph)")
    u.add_argument("--user", metavar="NAME", help="HTTP Basic user; the password is read from the environment "
                   "variable KG_PUSH_PASSWORD")
    u.add_argument("--timeout", type=_seconds, default=float(SERVE_TIMEOUT), metavar="SECONDS",
                   help=f"give up on a request after SECONDS (default: {SERVE_TIMEOUT}; 0: no limit)")
    u.set_defaults(func=cmd_push)
    p.commands = tuple(sub.choices)
    return p


def cmd_build(args) -> int:
    from kg.corpus import FileSink, StoreSink, build
    from kg.exporting import format_for
    from kg.options import EXAMPLE, FORMATS, BuildOptions, check_base
    from kg.reading import GLOB
    from kg.workers import default_jobs

    # a batch job: the cyclic collector's default (a pass every 700 new objects) ran about 580 times for
    # 1,000 articles, 2-3 % of the CPU, and found little; the records are freed by reference counting
    gc.set_threshold(20_000, 20, 10)
    if args.prune and not args.store:
        raise KgError("--prune needs --store DIR: it removes vanished articles from a store")
    if args.engine == "dask":
        from kg.engines import require_dask

        if args.jobs:
            raise KgError("--jobs is for --engine local; a Dask cluster has its own workers "
                          "(without --scheduler, one per core)")
        require_dask()
    if args.store and args.format:
        raise KgError("--format is for -o files; a store keeps its own format (export with kg query --store)")
    options = BuildOptions(base=check_base(args.base) if args.base is not None else None,
                           jobs=args.jobs or default_jobs(), engine=args.engine, scheduler=args.scheduler,
                           timeout=args.timeout, max_bytes=args.max_bytes)
    if args.store:
        sink = StoreSink(args.store, options.base, prune=args.prune)
    else:
        names = args.inputs or [EXAMPLE]
        fmt = format_for(args.output, args.format) if args.output else (args.format or "turtle")
        if args.output:
            out = Path(args.output)
        else:
            one = len(names) == 1 and names[0] != "-" and not Path(names[0]).is_dir() and not GLOB.search(names[0])
            stem = Path(names[0]).stem if one else ("stdin" if names == ["-"] else "graph")
            out = OUTPUT_DIR / f"{stem}{FORMATS[fmt]}"
        sink = FileSink(out, fmt, options.base)
    progress = not args.quiet and sys.stderr.isatty()
    report = build(args.inputs or [_example()], sink, options, progress=progress,
                   log=None if args.quiet or progress else _stderr, warn=lambda err: _stderr(f"kg: error: {err}"))
    if progress:  # the bar hid the articles' lines: a few get theirs now, a corpus its totals
        for line in report.summary():
            _stderr(line)
    tried = report.built + len(report.failures) + report.unchanged
    if not report.built and not report.unchanged and not report.pruned:
        raise KgError(f"nothing to write: none of the {tried} input(s) could be built ({report.reasons()})")
    if args.store:
        done = [f"{report.built} built", f"{report.unchanged} unchanged"]
        if args.prune:
            done.append(f"{len(report.pruned)} removed")
        _stderr(f"kg: {', '.join(done)}; {report.written}")
    else:
        _stderr(f"wrote {report.written}")
    if report.failures:
        _stderr(f"kg: {len(report.failures)} of {tried} inputs failed ({report.reasons()})")
        return 1
    return 0


def _example():
    from kg.pipeline import example_source

    return example_source()


def cmd_query(args) -> int:
    from kg.querying import (Limits, bundled, bundled_query, entity_bindings, format_answer, load, run, run_store,
                             text_check)

    if args.list:
        for name, about in bundled().items():
            print(f"{name:<12} {about}")
        return 0
    graphs = list(args.graphs)
    if args.file:
        path = Path(args.file)
        if path.exists() and not path.is_file():  # /dev/zero, a pipe: it would never end
            raise KgError(f"{args.file}: not a regular file; give the query in a .rq file, or with -q TEXT")
        try:
            if path.stat().st_size > MAX_QUERY:
                raise KgError(f"{args.file}: larger than {MAX_QUERY // 1_000_000} MB; is it a query?")
            text = path.read_text(encoding="utf-8-sig")  # an editor's byte order mark is no part of it
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(f"{args.file}: cannot read the query: {getattr(exc, 'strerror', None) or exc}") from None
    elif args.query is not None:
        text = args.query
    else:
        # the bundled query is named among the files: last, or anywhere as a word that is no file
        named = [g for g in graphs if g in bundled() and (g == graphs[-1] or not Path(g).exists())]
        if named:
            graphs.remove(named[-1])
            text = bundled_query(named[-1])
            if not graphs and not args.store:
                raise KgError(f"no graph to query with {named[-1]}: give the graph files first (kg query "
                              f"output/graph.ttl {named[-1]}) or a store (kg query --store DIR {named[-1]})")
        elif graphs and not Path(graphs[-1]).exists() and "." not in Path(graphs[-1]).name:
            text = bundled_query(graphs[-1])  # says which names there are
        else:
            raise KgError("no query: give -q TEXT, -f FILE.rq, or a bundled query name after the graph files "
                          f"({', '.join(bundled())})")
    if args.store and graphs:
        raise KgError(f"give graph files or --store DIR, not both ({graphs[0]})")
    if not graphs and not args.store:
        raise KgError("no graph file to query: kg query GRAPH... or kg query --store DIR (build one with kg build)")
    limits = Limits(timeout=args.timeout or None, max_rows=args.max_rows or None, max_memory=args.max_memory or None,
                    allow_update=args.allow_update, allow_remote=args.allow_remote)
    if args.entity:
        text_check(args.entity, "--entity")
    bindings = entity_bindings(args.entity) if args.entity else None
    if args.store:
        answer = run_store(args.store, text, bindings=bindings, limits=limits)
    else:
        answer = run(load(graphs), text, bindings=bindings, limits=limits)
    print(format_answer(answer, args.format).rstrip("\n"))
    if answer.truncated:
        _stderr(f"kg: stopped at {args.max_rows} {'rows' if answer.type == 'SELECT' else 'triples'}; "
                "--max-rows N shows more, --max-rows 0 all")
    if answer.type == "ASK":
        return 0 if answer.boolean else 1
    return 0


def _graph(args, command: str):
    """The union of the graph files, or of the store with --store, for kg validate and kg render."""
    from kg.exporting import union
    from kg.querying import load, load_store

    if args.store and args.graphs:
        raise KgError(f"give graph files or --store DIR, not both ({args.graphs[0]})")
    if not args.store and not args.graphs:
        raise KgError(f"nothing to {command}: kg {command} GRAPH... or kg {command} --store DIR "
                      "(build one with kg build)")
    return union(load_store(args.store) if args.store else load(args.graphs))


def cmd_validate(args) -> int:
    from kg.validating import validate

    report = validate(_graph(args, "validate"))
    print(report.text())
    return 0 if report.conforms else 1


def cmd_render(args) -> int:
    from kg.atomic import check_target
    from kg.rendering import picture_kind, render

    picture_kind(args.output, args.format)  # the format and the target, before the graph is loaded and drawn
    check_target(args.output)
    types = [t for t in args.types.split(",") if t.strip()] if args.types else None
    path = render(_graph(args, "render"), args.output, title=args.title, script=args.script, focus=args.focus,
                  depth=args.depth, types=types, max_nodes=args.max_nodes or None, fmt=args.format)
    _stderr(f"wrote {path}")
    return 0


def cmd_serve(args) -> int:
    import signal

    from kg.serving import Server, is_loopback

    server = Server(Path(args.store), host=args.host, port=args.port, allow_update=args.allow_update,
                    timeout=args.timeout or None, max_memory=args.max_memory or None, allow_remote=args.allow_remote)
    server.command()  # the store and the address, checked before anything is said
    if not is_loopback(server.host):
        _stderr(f"kg: warning: --host {args.host} lets other machines reach the server, which has no "
                f"authentication{'; anyone there can change the store' if args.allow_update else ''}")
    # Ctrl-C, `kill` and `kill -INT` all stop it cleanly, even where a shell started it with SIGINT ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    def log(line: str) -> None:
        _stderr(f"oxigraph: {line}")  # it may quote what a client sent (`_stderr` shows, never obeys)
    try:
        with server.start(log=log):
            mode = (f"read-write (updates at {server.update_url}, Graph Store Protocol at {server.store_url})"
                    if args.allow_update else "read-only")
            _stderr(f"kg: serving {args.store} {mode}; SPARQL queries at {server.query_url} (Ctrl-C stops)")
            while True:
                status = server.wait()
                if not server.ran_out_of_memory():
                    break
                _stderr(f"kg: error: a request needed more than the server's memory limit of {args.max_memory} MB "
                        "and stopped the server (--max-memory MB allows more); restarting it")
                server.restart(log=log)
                _stderr(f"kg: serving {args.store} again at {server.query_url}")
    except KeyboardInterrupt:
        _stderr("kg: server stopped")
        return 0
    if status in (-signal.SIGINT, -signal.SIGTERM):  # Ctrl-C reached the server before kg
        _stderr("kg: server stopped")
        return 0
    raise KgError(f"the oxigraph server stopped unexpectedly (exit status {status})")


def cmd_push(args) -> int:
    import os

    from kg.serving import push

    password = None
    if args.user is not None:
        password = os.environ.get("KG_PUSH_PASSWORD")
        if password is None:
            raise KgError(f"--user {args.user}: set the password in the environment variable KG_PUSH_PASSWORD")
    report = push(args.sources, args.endpoint, append=args.append, graph=args.graph, user=args.user,
                  password=password, timeout=args.timeout or None)
    for failure in report.failures:
        _stderr(f"kg: error: {failure}")
    if report.stopped:
        _stderr(f"kg: error: {report.stopped}")
    failed = f"; {len(report.failures)} failed" if report.failures else ""
    _stderr(f"kg: pushed {report.graphs} graph{'s' * (report.graphs != 1)}, {report.triples} triples to "
            f"{args.endpoint} in {report.seconds:.1f} s{failed}{'; stopped early' if report.stopped else ''}")
    if not report.graphs:
        return 2
    return 1 if report.failures or report.stopped else 0


if __name__ == "__main__":
    sys.exit(main())
