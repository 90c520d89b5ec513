"""Hypothesis profiles: ``dev`` by default, ``ci`` (bounded, no deadline) when CI is set."""

import os

from hypothesis import HealthCheck, settings

# Generated plots are large objects; CI machines are shared and slow, so time says nothing.
settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "dev",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
