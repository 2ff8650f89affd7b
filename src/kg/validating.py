"""Validating: check a built graph against the SHACL shapes in `ontology/shapes.ttl` with pySHACL.

A graph conforms when it breaks no shape of severity sh:Violation; warnings (an article without a title
or a date, which plain-text input often lacks) are reported but do not fail it. Each problem is
reported with its focus node, the node's label, the shape it breaks and the shape's message.
pySHACL is imported inside `validate`: it is slow to import and only `kg validate` needs it.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal
from rdflib.namespace import DCTERMS, RDFS, SH

from kg.namespace import ITSRDF, NIF, PREFIXES, ontology_file

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


@dataclass(frozen=True)
class Problem:
    severity: str  # Violation, Warning or Info
    focus: str  # the node, as a prefixed name or <IRI>
    label: str  # its label (Simplified first), an article's title, a mention's anchor text; or ""
    shape: str  # the shape it breaks, as a prefixed name
    path: str  # the property checked, "" for a node-level shape
    message: str


@dataclass(frozen=True)
class Report:
    conforms: bool
    problems: tuple[Problem, ...]

    def text(self) -> str:
        """The report as people read it: one block per problem, then a summary line."""
        lines = []
        for p in self.problems:
            label = f" 「{p.label}」" if p.label else ""
            lines.append(f"{p.severity}: {p.focus}{label}")
            lines.append(f"  shape: {p.shape}" + (f" (path {p.path})" if p.path else ""))
            lines.append(f"  {p.message}")
        counts = {s: sum(p.severity == s for p in self.problems) for s in ("Violation", "Warning", "Info")}
        found = ", ".join(f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        lines.append(("conforms" if self.conforms else "does not conform") + (f": {found}" if found else ""))
        return "\n".join(lines)


def shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def validate(graph: Graph) -> Report:
    """Validate `graph` (one article's graph or the union of several) against the shipped shapes.

    >>> from rdflib import Graph
    >>> from rdflib.namespace import RDF
    >>> from kg.namespace import ID, KG
    >>> g = Graph()
    >>> _ = g.add((ID["town/example"], RDF.type, KG.Town))  # no label, no mention
    >>> report = validate(g)
    >>> report.conforms
    False
    >>> sorted({p.shape for p in report.problems})
    ['kgsh:EntityShape', 'kgsh:SimplifiedLabel']
    """
    from pyshacl import validate as shacl

    shape_graph = shapes()
    conforms, results, _ = shacl(graph, shacl_graph=shape_graph, inference="none", allow_warnings=True)
    names = Graph()
    for prefix, ns in {**PREFIXES, **dict(shape_graph.namespaces())}.items():
        names.bind(prefix, ns, override=True)
    problems = [_problem(results, r, graph, shape_graph, names) for r in results.subjects(SH.resultSeverity)]
    problems.sort(key=lambda p: (SEVERITY_ORDER.get(SH[p.severity], 9), p.shape, p.focus, p.path, p.message))
    return Report(bool(conforms), tuple(dict.fromkeys(problems)))


def _problem(results: Graph, result, data: Graph, shape_graph: Graph, names: Graph) -> Problem:
    def short(node) -> str:
        return "" if node is None else node.n3(names.namespace_manager)

    focus = results.value(result, SH.focusNode)
    shape = results.value(result, SH.sourceShape)
    if isinstance(shape, BNode):  # an inline property shape: name the node shape that holds it
        shape = next((s for s in shape_graph.subjects(SH.property, shape) if not isinstance(s, BNode)), shape)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage)
    return Problem(
        severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        focus=short(focus),
        label=_label(data, focus),
        shape="(anonymous shape)" if shape is None or isinstance(shape, BNode) else short(shape),
        path="" if path is None or isinstance(path, BNode) else short(path),
        message=str(message) if message is not None else f"value {short(results.value(result, SH.value))} breaks it",
    )


def _label(data: Graph, node) -> str:
    if node is None:
        return ""
    labels = sorted((o.language != "zh-Hans", str(o)) for o in data.objects(node, RDFS.label) if isinstance(o, Literal))
    if labels:  # the Simplified label if there is one
        return labels[0][1]
    title = data.value(node, DCTERMS.title)  # an article
    if title is not None:
        return str(title)
    anchor = data.value(node, NIF.anchorOf)  # a mention: its anchor text, else what it points at
    if anchor is not None:
        return str(anchor)
    target = data.value(node, ITSRDF.taIdentRef)
    return _label(data, target) if target is not None and target != node else ""
