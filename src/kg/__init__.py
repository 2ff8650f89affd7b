"""kg: Chinese local-government news to an RDF knowledge graph with exact provenance."""
from __future__ import annotations

__version__ = "0.1.0"
