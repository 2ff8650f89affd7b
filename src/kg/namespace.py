"""Vocabulary terms as checked namespaces: a misspelt term raises instead of minting a stray IRI.

`tests/test_ontology.py` keeps `KG` in sync with `ontology/kg.ttl`.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ID = Namespace("https://w3id.org/zhgov-kg/id/")


class KG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/zhgov-kg/ontology#")
    _fail = True

    # classes
    Article: URIRef
    Entity: URIRef
    AdministrativeUnit: URIRef
    Province: URIRef
    City: URIRef
    District: URIRef
    SubdistrictOffice: URIRef
    Town: URIRef
    Community: URIRef
    Village: URIRef
    WorkStudio: URIRef
    Initiative: URIRef
    Organization: URIRef
    Person: URIRef
    Statistic: URIRef
    # relations between entities
    partOf: URIRef
    locatedIn: URIRef
    launchedBy: URIRef
    namedAfter: URIRef
    # data properties
    adminCode: URIRef
    value: URIRef
    unit: URIRef
    measure: URIRef
    about: URIRef
    sentence: URIRef
    sourceFile: URIRef
    sourceEncoding: URIRef
    contentHash: URIRef


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


def ontology_file(name: str = "kg.ttl") -> Path:
    """A file of the shipped ontology: package data in a wheel, `ontology/` in a source checkout."""
    packaged = resources.files("kg").joinpath("ontology", name)
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[2] / "ontology" / name  # editable install
    if source.is_file():
        return source
    raise FileNotFoundError(f"ontology file {name} is missing from the kg installation; reinstall kg")
