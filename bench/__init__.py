"""Benchmarks that print figures. Never part of the pass/fail suite."""
