"""Turning a stored contact back into editable input (used by `contacts edit` and the editor)."""

from outreach.store.queries.contacts import input_from_detail

__all__ = ["input_from_detail"]
