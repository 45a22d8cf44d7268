"""Data access: the Database port, SQL repositories per aggregate, and the D1 adapter."""
