"""Benchmarks: a generator of large catalogues and a runner that prints build figures."""
