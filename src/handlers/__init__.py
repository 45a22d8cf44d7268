"""Transport-neutral entry points shared by the Worker (entry.py) and the local runtime (local/)."""
