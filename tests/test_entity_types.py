"""The table of entity classes (`kg.entity_types`) against the ontology and the register."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import OWL, SKOS

from kg.entity_types import BY_NAME, TABLE
from kg.gazetteer import Division
from kg.namespace import KG

ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_the_table_lists_every_entity_class_of_the_ontology(ontology):
    entity_classes = {c for c in ontology.transitive_subjects(RDFS.subClassOf, KG.Entity)
                      if (c, RDF.type, OWL.Class) in ontology} - {KG.Entity, KG.AdministrativeUnit}
    assert {KG[t.name] for t in TABLE} == entity_classes


@pytest.mark.parametrize("row", TABLE, ids=lambda t: t.name)
def test_units_and_only_units_have_a_level(ontology, row):
    is_unit = (KG[row.name], RDFS.subClassOf, KG.AdministrativeUnit) in ontology
    assert (row.level is not None) == is_unit
    assert bool(row.register_levels) == is_unit


@pytest.mark.parametrize("row", TABLE, ids=lambda t: t.name)
def test_the_chinese_name_is_one_the_ontology_gives(ontology, row):
    """Legends show the short name: a label or altLabel of the class."""
    names = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in ontology.objects(KG[row.name], p)
             if isinstance(o, Literal) and o.language == "zh-Hans"}
    assert row.zh in names, (row.zh, names)


def test_slugs_and_colours_tell_the_classes_apart():
    assert len({t.slug for t in TABLE}) == len({t.colour for t in TABLE}) == len(TABLE)
    assert all(re.fullmatch(r"[a-z]+", t.slug) and re.fullmatch(r"#[0-9a-f]{6}", t.colour) for t in TABLE)


@pytest.mark.parametrize("code, name, level", [
    ("370000000000", "山东省", 1), ("370100000000", "济南市", 2), ("370105000000", "天桥区", 3),
    ("370105007000", "北坦街道办事处", 4), ("620525102000", "虞关乡", 4),
    ("370105007012", "北关社区居民委员会", 5), ("620525102201", "北雀村民委员会", 5)])
def test_each_register_entry_maps_to_a_class_that_accepts_its_level(code, name, level):
    division = Division(code, name, level)
    assert level in BY_NAME[division.type].register_levels
