"""Persistence: the SQLite engine, ORM tables, migrations and the unit of work."""
