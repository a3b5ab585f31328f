"""Hybrid (BM25 + dense) retrieval over passages (articles), with persistence.

>>> from civildesk.retrieval import Index, Passage, Hit
"""

from civildesk.retrieval import store
from civildesk.retrieval.index import Index
from civildesk.retrieval.passages import Hit, Passage

__all__ = ["Hit", "Index", "Passage", "store"]
