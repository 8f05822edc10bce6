"""Read-side query functions: each takes a Session and returns plain rows."""
