"""Seeded synthetic proposal histories with planted effects (the bundled sample data)."""

from upwork_analytics.synthetic.generator import Sample, generate_sample, write_sample

__all__ = ["Sample", "generate_sample", "write_sample"]
