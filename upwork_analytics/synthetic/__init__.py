"""Synthetic: seeded proposal histories with planted effects (the bundled sample data and the
histories the simulation checks use), written in the tracker format the loaders read.

May import only ``schema`` and ``exceptions``: it must not share code with the features it is
used to check.
"""

from upwork_analytics.synthetic.generator import Sample, generate_sample, write_sample
from upwork_analytics.synthetic.scenario import Scenario

__all__ = ["Sample", "Scenario", "generate_sample", "write_sample"]
