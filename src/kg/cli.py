"""The `kg` command: thin wrappers over the library. Exit codes: 0 success, 1 some inputs failed
(output was written for the rest), 2 usage error or nothing usable."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from kg import __version__
from kg.errors import KgError

OUTPUT_DIR = Path("output")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except KgError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted; no output was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of bytes")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds")
    return value


def _parser() -> argparse.ArgumentParser:
    from kg.exporting import FORMATS
    from kg.pipeline import TIMEOUT
    from kg.reading import MAX_BYTES

    p = argparse.ArgumentParser(prog="kg", description="Chinese local-government news to a knowledge graph.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(metavar="COMMAND")

    b = sub.add_parser("build", help="build a graph from articles", description=(
        "Build a knowledge graph from articles (.txt, .htm, .html files, directories, or - for stdin). "
        "With no INPUT, builds the built-in example, the reference article."))
    b.add_argument("inputs", nargs="*", metavar="INPUT")
    b.add_argument("-o", "--output", metavar="FILE",
                   help="where to write (default: output/<stem>.ttl, or output/graph.ttl for several inputs)")
    b.add_argument("--format", choices=list(FORMATS), help="RDF format (default: from the suffix of -o, else turtle)")
    b.add_argument("--max-bytes", type=_count, default=MAX_BYTES, metavar="N",
                   help=f"skip inputs larger than N bytes (default: {MAX_BYTES}; 0: no limit)")
    b.add_argument("--timeout", type=_seconds, default=TIMEOUT, metavar="SECONDS",
                   help=f"give up on an article after SECONDS (default: {TIMEOUT:g}; 0: no limit)")
    b.set_defaults(func=cmd_build)

    q = sub.add_parser("query", help="run a SPARQL query over graph files", description=(
        "Run a read-only SPARQL query. Prefixes kg, nif, itsrdf, rdf, rdfs, skos, dcterms, xsd, schema and "
        "prov are declared."))
    q.add_argument("graphs", nargs="+", metavar="GRAPH")
    src = q.add_mutually_exclusive_group(required=True)
    src.add_argument("-q", "--query", help="the query text")
    src.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    q.set_defaults(func=cmd_query)

    r = sub.add_parser("render", help="draw a graph as PNG, SVG or PDF")
    r.add_argument("graphs", nargs="+", metavar="GRAPH")
    r.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.png, FILE.svg or FILE.pdf")
    r.add_argument("--title", help="title above the picture (default: the article title)")
    r.add_argument("--script", choices=["hans", "hant"], default="hans", help="label script (default: hans)")
    r.set_defaults(func=cmd_render)
    return p


def cmd_build(args) -> int:
    from kg.exporting import FORMATS, format_for, write
    from kg.pipeline import EXAMPLE, build, example_source

    inputs = args.inputs or [EXAMPLE]
    if args.output:
        fmt = format_for(args.output, args.format)
        out = Path(args.output)
    else:
        fmt = args.format or "turtle"
        stem = Path(inputs[0]).stem if len(inputs) == 1 and inputs[0] != "-" and not Path(inputs[0]).is_dir() \
            else ("stdin" if inputs == ["-"] else "graph")
        out = OUTPUT_DIR / f"{stem}{FORMATS[fmt]}"
    result = build(args.inputs or [example_source()], max_bytes=args.max_bytes or None, timeout=args.timeout)
    for ex in result.extractions:
        print(_summary(ex, result.dataset), file=sys.stderr)
    for err in result.failures:
        print(f"kg: error: {err}", file=sys.stderr)
    if not result.extractions:
        raise KgError(f"nothing to write: none of the {len(result.failures)} input(s) could be built "
                      f"({_reasons(result.failures)})")
    write(result.dataset, out, fmt)
    print(f"wrote {out}", file=sys.stderr)
    if result.failures:
        print(f"kg: {len(result.failures)} of {len(result.failures) + len(result.extractions)} inputs failed "
              f"({_reasons(result.failures)})", file=sys.stderr)
        return 1
    return 0


def _reasons(failures) -> str:
    """'2 binary, 1 too large': failures grouped by reason, commonest first."""
    counts = Counter(getattr(err, "reason", "other") for err in failures)
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _summary(ex, ds) -> str:
    from kg.rdf import article_iri

    types = Counter(e.type for e in ex.entities)
    listed = ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
    triples = len(ds.graph(article_iri(ex)))
    return (f"{ex.article.name}: {len(ex.entities)} entities ({listed}), {len(ex.relations)} relations, "
            f"{len(ex.statistics)} statistics, {triples} triples")


def cmd_query(args) -> int:
    from kg.querying import load, run, table

    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise KgError(f"{args.file}: cannot read the query: {exc.strerror}") from None
    else:
        text = args.query
    result = run(load(args.graphs), text)
    print(table(result))
    if result.type == "ASK":
        return 0 if result.askAnswer else 1
    return 0


def cmd_render(args) -> int:
    from kg.exporting import union
    from kg.querying import load
    from kg.rendering import render

    path = render(union(load(args.graphs)), args.output, title=args.title, script=args.script)
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
