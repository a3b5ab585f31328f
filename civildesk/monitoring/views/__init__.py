"""Pages of the monitoring app, one module per family (see urls.py)."""
