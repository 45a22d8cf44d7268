"""Data access: the Database port and one repository per aggregate, each bound to one cabinet when built.

The only SQL of the application is here and in `migrations/`. Reads return domain values; writes return
`Statement`s that a scope commits in one atomic batch with their audit row. `cross_cabinet.py` holds the few
reads that span cabinets.
"""
