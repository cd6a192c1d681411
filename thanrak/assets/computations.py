"""Monitoring computations for the seed figures these records serve (filled in with the queries)."""

MONITORING_COMPUTATIONS: list[dict] = []
