"""Hypothesis profiles for the fuzz targets.

``fuzz`` (used by every target): 2,000 examples each, no deadline, and the same examples on every run,
so that the test suite (and CI) passes or fails the same way each time. ``OUTREACH_FUZZ_EXAMPLES``
overrides the count and makes the examples new each run, so a long search is one command away::

    OUTREACH_FUZZ_EXAMPLES=100000 .venv/bin/pytest tests/fuzz -q

A failure prints the falsifying example and a ``@reproduce_failure`` blob; Hypothesis also keeps it in
``.hypothesis/`` and tries it first next time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ_EXAMPLES = int(os.environ.get("OUTREACH_FUZZ_EXAMPLES", "2000"))

settings.register_profile(
    "fuzz",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    print_blob=True,
    derandomize="OUTREACH_FUZZ_EXAMPLES" not in os.environ,
    # Inputs are deliberately large and slow-ish (whole files); the autouse settings-folder fixture is
    # function-scoped but holds nothing an example changes.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.function_scoped_fixture, HealthCheck.large_base_example],
)
