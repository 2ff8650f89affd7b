"""Vocabulary terms as checked namespaces: a misspelt term raises instead of minting a stray IRI.

`KG` is generated from `ontology/kg.ttl` into `kg._vocab` by `scripts/make_vocab.py`;
`tests/test_vocab.py` keeps the two in sync. Every IRI the code writes comes from this module or
from rdflib's own namespaces (RDF, RDFS, SKOS, DCTERMS, XSD, SDO, PROV, OWL).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

from kg._vocab import KG
from kg.errors import KgError

ID = Namespace("https://w3id.org/zhgov-kg/id/")


class NIF(DefinedNamespace):
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    Phrase: URIRef
    String: URIRef
    OffsetBasedString: URIRef
    isString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef


class ITSRDF(DefinedNamespace):
    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    _fail = True

    taIdentRef: URIRef


# Prefixes declared in every graph kg writes and every query it runs.
PREFIXES = {"kg": KG._NS, "nif": NIF._NS, "itsrdf": ITSRDF._NS, "rdf": RDF._NS, "rdfs": RDFS._NS,
            "skos": SKOS._NS, "dcterms": DCTERMS._NS, "xsd": XSD._NS, "schema": SDO._NS, "prov": PROV._NS}


# Oxigraph's parser needs a base to read a relative IRI (<a>), which rdflib keeps as it is: the check of a
# query's text resolves against this one, never used for data.
QUERY_BASE = "urn:x-kg:query-base/"


def base_namespace(iri: str) -> Namespace:
    """The namespace to mint IRIs under, checked: an absolute ASCII http(s) IRI ending in / or #.

    >>> base_namespace("https://data.example.org/kg/")
    Namespace('https://data.example.org/kg/')
    >>> base_namespace("example.org/kg")
    Traceback (most recent call last):
    kg.errors.KgError: --base example.org/kg: not an absolute http(s) IRI; give one like https://data.example.org/kg/
    """
    from kg.options import check_base

    return Namespace(check_base(iri))


def ontology_file(name: str = "kg.ttl") -> Path:
    """A file of the shipped ontology: package data in a wheel, `ontology/` in a source checkout."""
    packaged = resources.files("kg").joinpath("ontology", name)
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[2] / "ontology" / name  # editable install
    if source.is_file():
        return source
    raise FileNotFoundError(f"ontology file {name} is missing from the kg installation; reinstall kg")
