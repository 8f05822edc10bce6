"""Plain-Python rules of Outreach: validation, identity, search syntax. No Qt, no SQL."""
