"""The OWL ontology `ontology/kg.ttl`: well-formed, in sync with `kg.namespace.KG`, covering the output contract, and
consistent under OWL RL (owlrl)."""
from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SKOS

from kg.namespace import KG, NIF

ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/zhgov-kg/ontology")
KG_NS = "https://w3id.org/zhgov-kg/ontology#"

TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)

# The output contract (shared/eval/CONTRACT.md): entity classes, then the rest it reads.
ADMIN_CLASSES = ("Province", "City", "District", "SubdistrictOffice", "Town", "Community", "Village")
ENTITY_CLASSES = ADMIN_CLASSES + ("WorkStudio", "Initiative", "Organization", "Person")
CONTRACT_CLASSES = ENTITY_CLASSES + ("Statistic", "Article")
CONTRACT_OBJECT_PROPERTIES = ("partOf", "locatedIn", "launchedBy", "namedAfter", "about")
CONTRACT_DATATYPE_PROPERTIES = ("adminCode", "value", "unit", "measure")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def kg_names_in_code() -> set[str]:
    return set(KG.__annotations__)


def defined_kg_terms(graph: Graph) -> dict[str, set[URIRef]]:
    """kg: local name -> the OWL kinds (class / object / datatype property) it is declared as."""
    terms: dict[str, set[URIRef]] = {}
    for kind in TERM_KINDS:
        for subject in graph.subjects(RDF.type, kind):
            if isinstance(subject, URIRef) and subject.startswith(KG_NS):
                terms.setdefault(subject[len(KG_NS):], set()).add(kind)
    return terms


def all_kg_iris(graph: Graph) -> set[URIRef]:
    """Every IRI in the kg: namespace used anywhere in the file, in any position."""
    return {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and node.startswith(KG_NS)
    }


# 1. The file and its header


def test_file_is_utf8_turtle(graph: Graph) -> None:
    ONTOLOGY_FILE.read_bytes().decode("utf-8")
    assert len(graph) > 0


def test_one_ontology_with_version(graph: Graph) -> None:
    ontologies = list(graph.subjects(RDF.type, OWL.Ontology))
    assert ontologies == [ONTOLOGY_IRI]
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.1.0")
    version = graph.value(ONTOLOGY_IRI, OWL.versionInfo)
    assert isinstance(version, Literal) and str(version) == "0.1.0"


def test_namespace_matches_ontology_iri() -> None:
    assert str(KG._NS) == KG_NS == f"{ONTOLOGY_IRI}#"


# 2. kg.namespace.KG and the ontology define the same terms


def test_every_code_term_is_defined(graph: Graph) -> None:
    missing = kg_names_in_code() - set(defined_kg_terms(graph))
    assert not missing, f"used in kg.namespace.KG but not defined in kg.ttl: {sorted(missing)}"


def test_every_defined_term_is_in_code(graph: Graph) -> None:
    extra = set(defined_kg_terms(graph)) - kg_names_in_code()
    assert not extra, f"defined in kg.ttl but missing from kg.namespace.KG: {sorted(extra)}"


def test_no_undefined_kg_iri_is_used(graph: Graph) -> None:
    defined = {URIRef(KG_NS + name) for name in defined_kg_terms(graph)}
    stray = all_kg_iris(graph) - defined
    assert not stray, f"kg: IRIs used in kg.ttl without a definition: {sorted(stray)}"


def test_namespace_terms_resolve() -> None:
    for name in kg_names_in_code():
        assert getattr(KG, name) == URIRef(KG_NS + name)


def test_each_term_has_one_kind(graph: Graph) -> None:
    punned = {name: kinds for name, kinds in defined_kg_terms(graph).items() if len(kinds) != 1}
    assert not punned, f"kg: terms declared as more than one kind: {punned}"


# 3. Labels and comments


@pytest.mark.parametrize("name", sorted(KG.__annotations__))
def test_term_is_documented(graph: Graph, name: str) -> None:
    term = URIRef(KG_NS + name)
    labels = [label for label in graph.objects(term, RDFS.label) if isinstance(label, Literal)]
    zh = [label for label in labels if label.language == "zh-Hans"]
    en = [label for label in labels if label.language == "en"]
    assert len(zh) == 1, f"{name}: needs exactly one rdfs:label @zh-Hans, has {zh}"
    assert len(en) == 1, f"{name}: needs exactly one rdfs:label @en, has {en}"
    notes = [
        note
        for prop in (RDFS.comment, SKOS.definition)
        for note in graph.objects(term, prop)
        if isinstance(note, Literal) and str(note).strip()
    ]
    assert notes, f"{name}: needs an rdfs:comment or skos:definition"


# 4. The output contract


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_class_defined(graph: Graph, name: str) -> None:
    assert (URIRef(KG_NS + name), RDF.type, OWL.Class) in graph


@pytest.mark.parametrize("name", CONTRACT_OBJECT_PROPERTIES)
def test_contract_object_property_defined(graph: Graph, name: str) -> None:
    assert (URIRef(KG_NS + name), RDF.type, OWL.ObjectProperty) in graph


@pytest.mark.parametrize("name", CONTRACT_DATATYPE_PROPERTIES)
def test_contract_datatype_property_defined(graph: Graph, name: str) -> None:
    assert (URIRef(KG_NS + name), RDF.type, OWL.DatatypeProperty) in graph


def test_entity_classes_are_not_nested(graph: Graph) -> None:
    """An entity gets exactly one contract type, so no contract class may entail another."""
    classes = [URIRef(KG_NS + name) for name in CONTRACT_CLASSES]
    for cls in classes:
        ancestors = set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert not ancestors & set(classes), f"{cls} is a subclass of another contract class"


def test_entity_classes_are_under_entity(graph: Graph) -> None:
    for name in ENTITY_CLASSES:
        assert KG.Entity in set(graph.transitive_objects(URIRef(KG_NS + name), RDFS.subClassOf))
    for name in ADMIN_CLASSES:
        assert (URIRef(KG_NS + name), RDFS.subClassOf, KG.AdministrativeUnit) in graph


def disjoint_pairs(graph: Graph) -> set[frozenset[URIRef]]:
    pairs = {frozenset(pair) for pair in graph.subject_objects(OWL.disjointWith)}
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(graph, graph.value(group, OWL.members)))
        pairs |= {frozenset(pair) for pair in combinations(members, 2)}
    return pairs


def test_admin_levels_are_pairwise_disjoint(graph: Graph) -> None:
    pairs = disjoint_pairs(graph)
    for a, b in combinations(ADMIN_CLASSES, 2):
        assert frozenset((URIRef(KG_NS + a), URIRef(KG_NS + b))) in pairs, f"{a} and {b} not disjoint"


# 5. partOf


def test_part_of_is_transitive(graph: Graph) -> None:
    assert (KG.partOf, RDF.type, OWL.TransitiveProperty) in graph
    assert graph.value(KG.partOf, RDFS.domain) == KG.AdministrativeUnit
    assert graph.value(KG.partOf, RDFS.range) == KG.AdministrativeUnit


# OWL 2 DL hygiene: every vocabulary term the axioms use is declared, so tools like Protégé
# need no imports to load the file.

BUILT_IN = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
)
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype,
                OWL.NamedIndividual)
AXIOM_PREDICATES = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDF.first, RDF.type)


def test_used_terms_are_declared(graph: Graph) -> None:
    used: set[URIRef] = set(graph.predicates())
    for predicate in AXIOM_PREDICATES:
        used |= {o for o in graph.objects(None, predicate) if isinstance(o, URIRef)}
    undeclared = {
        term
        for term in used
        if not str(term).startswith(BUILT_IN)
        and not any((term, RDF.type, kind) in graph for kind in DECLARATIONS)
    }
    assert not undeclared, f"terms used without a declaration: {sorted(undeclared)}"


def test_no_blank_node_classes_left_dangling(graph: Graph) -> None:
    """Anonymous classes (unions in domains and ranges) must be typed owl:Class or rdfs:Datatype."""
    for predicate in (RDFS.domain, RDFS.range):
        for node in graph.objects(None, predicate):
            if isinstance(node, BNode):
                assert any((node, RDF.type, kind) in graph for kind in (OWL.Class, RDFS.Datatype))



# 6. OWL RL consistency (owlrl): the ontology alone, and with the graph of the reference article.


def _owl_rl_problems(graph: Graph) -> list[str]:
    import owlrl
    from owlrl.Namespaces import ERRNS

    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    errors = sorted(str(message) for message in closed.objects(None, ERRNS.error))
    nothing = sorted(str(node) for node in closed.subjects(RDF.type, OWL.Nothing))
    return errors + [f"{node} is an owl:Nothing" for node in nothing]


def test_ontology_is_owl_rl_consistent(graph: Graph) -> None:
    assert _owl_rl_problems(graph) == []


def test_reference_graph_is_owl_rl_consistent_with_the_ontology(graph: Graph, reference_graph: Graph) -> None:
    assert _owl_rl_problems(graph + reference_graph) == []


def test_owl_rl_check_finds_a_contradiction(graph: Graph, reference_graph: Graph) -> None:
    """A unit typed as two administrative levels breaks the disjointness axioms; the check must say so."""
    broken = graph + reference_graph
    community = next(reference_graph.subjects(RDF.type, KG.Community))
    broken.add((community, RDF.type, KG.Village))
    problems = _owl_rl_problems(broken)
    assert problems and any(str(community) in p for p in problems), problems


def test_mentions_and_register_provenance_are_modelled(graph: Graph) -> None:
    from rdflib.namespace import DCTERMS, PROV

    assert {NIF.Phrase, PROV.Entity} <= set(graph.objects(KG.Mention, RDFS.subClassOf))
    assert PROV.Entity in set(graph.objects(KG.Article, RDFS.subClassOf))
    assert (PROV.Entity, RDF.type, OWL.Class) in graph
    assert (PROV.wasDerivedFrom, RDF.type, OWL.ObjectProperty) in graph
    assert (DCTERMS.source, RDF.type, OWL.AnnotationProperty) in graph
