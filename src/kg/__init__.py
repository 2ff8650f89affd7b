"""kg: Chinese local-government news to an RDF knowledge graph with exact provenance.

The Python API is `kg.build`, `kg.extract`, `kg.extract_nquads` and `kg.to_networkx` (see `kg.api`); they are imported on
first use, so that `import kg` (and `kg --help`) stays fast.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build", "extract", "extract_nquads", "to_networkx", "__version__"]

_API = ("build", "extract", "extract_nquads", "to_networkx")


def __getattr__(name: str):
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_API))
