"""Hypothesis profiles: ``dev`` by default, ``ci`` (bounded, no deadline) when CI is set."""

import os

from hypothesis import HealthCheck, Phase, settings

# Generated plots are large objects; CI machines are shared and slow, so time says nothing.
# A failing property is shrunk but not explained: tracing every line of a story-state pass
# for each shrunk plot took more than ten minutes, where the shrinking alone takes two.
_PHASES = tuple(phase for phase in Phase if phase is not Phase.explain)
settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
    phases=_PHASES,
)
settings.register_profile(
    "dev",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=_PHASES,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
