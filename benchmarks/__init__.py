"""kommunchef's benchmarks: run them all with ``python benchmarks/run.py`` (see README.md)."""
