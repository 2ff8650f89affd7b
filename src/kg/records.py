"""Typed, frozen records passed between pipeline stages.

Offsets are Python `str` indices into `Article.text`, the cleaned original text that becomes
`nif:isString`. Stages return new records and never change their inputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from kg.entity_types import ADMIN_TYPES, ENTITY_TYPES, LEVEL  # noqa: F401  (re-exported: the stages read them here)


@dataclass(frozen=True)
class Source:
    """Raw bytes of one input, before decoding."""

    name: str  # what the user called it: a path, or "<stdin>"
    data: bytes
    error: str | None = None  # why it could not be read, if it could not
    reason: str = ""  # that, in a word or two, for the run's summary ("unreadable", "too large")
    url: str | None = None  # what a crawler's record says about the article, where it says it
    title: str | None = None
    issued: str | None = None


@dataclass(frozen=True)
class Decoded:
    name: str
    text: str
    encoding: str


@dataclass(frozen=True)
class Span:
    begin: int
    end: int
    text: str  # exactly Article.text[begin:end]


@dataclass(frozen=True)
class Article:
    """A cleaned article and its metadata."""

    name: str
    text: str
    encoding: str
    view: str  # Simplified view of `text`, same length, so offsets carry over unchanged
    traditional: bool
    title: Span | None = None
    issued: date | None = None
    publisher: Span | None = None
    editor: Span | None = None

    @property
    def stem(self) -> str:
        from pathlib import PurePath

        return PurePath(self.name).stem if self.name != "<stdin>" else "stdin"


class Token(NamedTuple):  # a tuple: cheap to make, and there are millions of them on a long article
    word: str  # from the Simplified view
    begin: int
    end: int


@dataclass(frozen=True)
class Mention:
    span: Span
    sentence: Span  # the sentence that holds it


@dataclass(frozen=True)
class Entity:
    key: str  # stable within an article; the IRI is minted from type, name and context
    type: str  # one of ENTITY_TYPES
    name: str  # Simplified canonical name
    mentions: tuple[Mention, ...]
    context: str = ""  # what tells homonyms apart in a corpus: a code and names above (see linking._scopes)
    aliases: tuple[str, ...] = ()  # other Simplified names: short forms, variants
    code: str | None = None  # official 12-digit division code, from the register
    origin: str = "text"  # "register": a unit the article does not name, added to complete a parent chain


@dataclass(frozen=True)
class Relation:
    subject: str  # Entity.key
    predicate: str  # partOf | locatedIn | launchedBy | namedAfter
    object: str  # Entity.key
    evidence: Span | None = None  # the sentence that supports it
    origin: str = "text"  # "register": read from the division register, not from the text


# How a qualified figure's value relates to what it reports: 30余人 is more than 30, 不到10户 less than 10,
# 约200人 about 200 (ontology: kg:approximation and its kg:Approximation individuals).
APPROXIMATIONS = ("MoreThan", "LessThan", "About")


@dataclass(frozen=True)
class Statistic:
    value: Decimal
    unit: str
    measure: str
    mention: Mention
    about: str | None = None  # Entity.key
    approximation: str | None = None  # one of APPROXIMATIONS, for a qualified figure
    qualifier: str = ""  # the qualifying word as written: 余, 以上, 不到, 约 …


@dataclass(frozen=True)
class Extraction:
    article: Article
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    statistics: tuple[Statistic, ...] = field(default=())


@dataclass(frozen=True)
class Candidate:
    """One thing found at one place in the text, before mentions are merged into entities."""

    type: str  # one of ENTITY_TYPES
    name: str  # Simplified name, quotes removed
    span: Span
    stem: str = ""  # administrative units: the name without its level suffix (海淀 for 海淀区)
    head: str = ""  # organisations built on a unit: that unit's name
    outlet: bool = False  # a news outlet: it reports what others do, it acts in no sentence


@dataclass(frozen=True)
class Built:
    """One article as N-Quads, ready for a store or a file: what worker processes send back. The N-Quads
    are UTF-8 bytes (a lone surrogate, from a file name that is not UTF-8, kept by "surrogatepass"): every
    sink reads bytes, and bytes cross a pipe as they are, where a `str` is encoded by pickle in the worker,
    decoded in the parent and encoded there again."""

    name: str  # Source.name
    digest: str  # SHA-256 of the source's bytes: what an incremental run compares
    graph: str  # the article's named graph (the article IRI)
    quads: bytes  # what the text says, in `graph`: the same for every copy of the text
    own: bytes  # what belongs to this copy (kg:sourceFile, kg:sourceEncoding, dcterms:source), in `graph`
    register: bytes  # what the division register adds, in the register's graph
    summary: str  # one line for the run's log
    counts: tuple[tuple[str, int], ...] = ()  # what the summary counts, for a run's totals


def decoded(data: bytes) -> str:
    """`Built`'s N-Quads as text again."""
    return data.decode("utf-8", "surrogatepass")
