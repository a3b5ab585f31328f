"""Pages of the inspection app, one module per family (see urls.py)."""
