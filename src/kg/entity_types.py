"""The entity classes of the output contract: one table that every module reads.

Each row gives the class's local name in the ontology (`kg:<name>`), its rank in the administrative tree
(None for what is not a unit), the path segment of its IRIs, its short Chinese name for legends, the fill
colour of its boxes in pictures, and the register levels (1 province … 5 社区/村) whose entries it can be.
`tests/test_entity_types.py` holds the table against `ontology/kg.ttl`.
"""
from __future__ import annotations

from typing import NamedTuple


class EntityType(NamedTuple):
    name: str  # the class in the ontology, kg:<name>
    level: int | None  # rank from the top of the administrative tree; a 街道 and a 镇 stand at one level
    slug: str  # IRI path segment: <base><slug>/<digest>
    zh: str  # short Chinese name, for legends: a label or altLabel of the class in the ontology
    colour: str  # box fill: blues and greens down the administrative tree, warm colours for the rest
    register_levels: tuple[int, ...] = ()  # register levels it may be matched to (a 市 may be any of three)


TABLE: tuple[EntityType, ...] = (
    EntityType("Province", 0, "province", "省", "#80b1d3", (1,)),
    EntityType("City", 1, "city", "市", "#8dd3c7", (1, 2, 3)),
    EntityType("District", 2, "district", "区县", "#b3de69", (3,)),
    EntityType("SubdistrictOffice", 3, "subdistrict", "街道", "#ffffb3", (4,)),
    EntityType("Town", 3, "town", "乡镇", "#ffed6f", (4,)),
    EntityType("Community", 4, "community", "社区", "#ccebc5", (5,)),
    EntityType("Village", 4, "village", "村", "#e5c494", (5,)),
    EntityType("WorkStudio", None, "studio", "工作室", "#fb8072"),
    EntityType("Initiative", None, "initiative", "工作举措", "#fdb462"),
    EntityType("Organization", None, "organization", "组织机构", "#bebada"),
    EntityType("Person", None, "person", "人物", "#fccde5"),
)

BY_NAME: dict[str, EntityType] = {t.name: t for t in TABLE}
# Most general administrative level first, then the other classes; an entity with two classes is drawn
# and counted as the first of them in this order.
ENTITY_TYPES: tuple[str, ...] = tuple(t.name for t in TABLE)
ADMIN_TYPES: tuple[str, ...] = tuple(t.name for t in TABLE if t.level is not None)
LEVEL: dict[str, int] = {t.name: t.level for t in TABLE if t.level is not None}
SLUGS: dict[str, str] = {t.name: t.slug for t in TABLE}
COLOURS: dict[str, str] = {t.name: t.colour for t in TABLE}
CLASS_NAMES: dict[str, str] = {t.name: t.zh for t in TABLE}
REGISTER_LEVELS: dict[str, tuple[int, ...]] = {t.name: t.register_levels for t in TABLE if t.level is not None}
