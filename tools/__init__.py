"""Generators for the demo and the sample journals: for tests and benchmarks, not in the wheel."""
