"""Benchmarks and crash tests, run by hand or by `make bench`; not part of `make test`."""
