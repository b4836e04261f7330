"""Benchmarks that print figures: the case lifecycle over HTTP against a bare-engine baseline, queries at a
million cases, and a load run. Each module runs with ``python -m bench.<name>``; see the Makefile targets."""
