"""Hostile inputs (issue 18), each run in a forked child with a wall-clock and memory bound."""
