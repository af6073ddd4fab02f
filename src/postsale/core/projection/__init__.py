"""Projection of the customer book over time: the Monte Carlo engine (``montecarlo``)."""
