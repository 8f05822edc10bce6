"""Sub-command groups of the `outreach` command line; each module exposes `register(subparsers)`."""
