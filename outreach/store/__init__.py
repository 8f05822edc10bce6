"""The store: SQLAlchemy models, database opening and migration, and query functions.

This package is the only place in Outreach that speaks SQL. Callers get plain rows
(dataclasses) from the query modules, never live ORM objects.
"""
